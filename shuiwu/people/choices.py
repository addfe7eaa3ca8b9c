"""Choices of the people app: training categories, attendance, activity kinds, roles in an activity, teams."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class TrainingCategory(models.TextChoices):
    SAFETY = "safety", _("Work safety")
    EMERGENCY = "emergency", _("Emergency readiness")
    TECHNICAL = "technical", _("Technical skills")
    SERVICE = "service", _("Customer service")
    PARTY_UNION = "party_union", _("Party and union")
    MANAGEMENT = "management", _("Management")
    OTHER = "other", pgettext_lazy("training", "Other")


class AttendanceStatus(models.TextChoices):
    REGISTERED = "registered", _("Registered")
    PRESENT = "present", _("Present")
    PARTIAL = "partial", _("Present in part")
    ABSENT = "absent", _("Absent")
    EXCUSED = "excused", _("Excused")


ATTENDED = (AttendanceStatus.PRESENT, AttendanceStatus.PARTIAL)
ATTENDANCE_COLOURS = {
    "registered": "secondary",
    "present": "success",
    "partial": "info",
    "absent": "danger",
    "excused": "warning",
}


class ActivityKind(models.TextChoices):
    CONTEST = "contest", _("Contest")
    SPORTS = "sports", _("Sports")
    CULTURE = "culture", _("Culture")
    PARTY = "party", _("Party activity")
    UNION = "union", _("Union activity")
    OTHER = "other", pgettext_lazy("activity", "Other")


class EntryRole(models.TextChoices):
    PARTICIPANT = "participant", _("Participant")
    CONTESTANT = "contestant", _("Contestant")
    JUDGE = "judge", _("Judge")
    ORGANISER = "organiser", _("Organiser")


class TeamKind(models.TextChoices):
    VETERANS = "veterans", _("Veterans")
    PARTY_MEMBERS = "party_members", _("Party members")
    YOUTH = "youth", _("Youth league")
    WOMEN = "women", _("Women's committee")
    OTHER = "other", pgettext_lazy("team", "Other")
