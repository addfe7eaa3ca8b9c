"""People: trainings and their attendance, activities and contests with their results, volunteer teams and
their service hours. The people are the ``org`` staff records, never a copy."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from shuiwu.core.models import CompanyScopedModel
from shuiwu.core.scope import ScopedQuerySet
from shuiwu.people.choices import ATTENDED, ActivityKind, AttendanceStatus, EntryRole, TeamKind, TrainingCategory

NOT_NEGATIVE = [MinValueValidator(Decimal("0"))]


def _dates_in_order(start, end, field="end_on"):
    if start and end and end < start:
        return {field: _("The end comes before the start.")}
    return {}


class Training(CompanyScopedModel):
    """A training course: topic, organiser, days and hours; its attendance sheet lists who came."""

    topic = models.CharField(_("topic"), max_length=150)
    category = models.CharField(_("training category"), max_length=20, choices=TrainingCategory.choices)
    organiser = models.CharField(_("organiser"), max_length=100)
    trainer = models.CharField(_("trainer"), max_length=100, blank=True)
    location = models.CharField(_("location"), max_length=150, blank=True)
    start_on = models.DateField(_("starts"))
    end_on = models.DateField(_("ends"))
    hours = models.DecimalField(
        _("class hours"),
        max_digits=5,
        decimal_places=1,
        validators=[MinValueValidator(Decimal("0.5"))],
        help_text=_("Class hours of the whole course, credited to each person present"),
    )
    description = models.TextField(_("description"), blank=True)

    class Meta:
        ordering = ["-start_on", "-id"]
        verbose_name = _("training")
        verbose_name_plural = _("trainings")
        indexes = [models.Index(fields=["company", "start_on"], name="people_training_co_start")]
        constraints = [
            models.CheckConstraint(condition=Q(end_on__gte=models.F("start_on")), name="people_training_dates")
        ]

    def __str__(self):
        return self.topic

    def get_absolute_url(self):
        return reverse("people:training_detail", args=[self.pk])

    @property
    def emergency_readiness(self) -> bool:
        return self.category == TrainingCategory.EMERGENCY

    @property
    def days(self) -> int:
        return (self.end_on - self.start_on).days + 1 if self.start_on and self.end_on else 0

    def clean(self):
        errors = _dates_in_order(self.start_on, self.end_on)
        if errors:
            raise ValidationError(errors)


class Attendance(models.Model):
    """One person on a training's attendance sheet, and the hours credited to them."""

    scope_path = "training__company"

    training = models.ForeignKey(
        Training, on_delete=models.CASCADE, related_name="attendance", verbose_name=_("training")
    )
    staff = models.ForeignKey("org.Staff", on_delete=models.PROTECT, related_name="trainings", verbose_name=_("person"))
    status = models.CharField(
        _("attendance"), max_length=12, choices=AttendanceStatus.choices, default=AttendanceStatus.REGISTERED
    )
    hours = models.DecimalField(
        _("hours credited"),
        max_digits=5,
        decimal_places=1,
        null=True,
        blank=True,
        validators=NOT_NEGATIVE,
        help_text=_("Empty: the course hours if present, none otherwise"),
    )
    note = models.CharField(_("note"), max_length=200, blank=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["training", "staff__employee_no"]
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        constraints = [
            models.UniqueConstraint(fields=["training", "staff"], name="people_attendance_unique"),
            models.CheckConstraint(condition=Q(hours__isnull=True) | Q(hours__gte=0), name="people_attendance_hours"),
        ]

    def __str__(self):
        return f"{self.staff} · {self.training}" if self.staff_id and self.training_id else "attendance"

    @property
    def credited_hours(self) -> Decimal:
        if self.status not in ATTENDED:
            return Decimal(0)
        return self.hours if self.hours is not None else self.training.hours

    def clean(self):
        errors = {}
        if self.hours is not None and self.training_id and self.hours > self.training.hours:
            errors["hours"] = _("More hours than the course has (%(hours)s).") % {"hours": self.training.hours}
        if self.hours and self.status not in ATTENDED:
            errors["hours"] = _("Only people present are credited hours.")
        if self.status == AttendanceStatus.PARTIAL and self.hours is None:
            errors["hours"] = _("Give the hours of someone present in part.")
        if errors:
            raise ValidationError(errors)


class Activity(CompanyScopedModel):
    """An activity or contest (a speech contest, a sports day…), its participants and their results."""

    title = models.CharField(_("title"), max_length=150)
    kind = models.CharField(_("kind"), max_length=12, choices=ActivityKind.choices)
    organiser = models.CharField(_("organiser"), max_length=100, blank=True)
    location = models.CharField(_("location"), max_length=150, blank=True)
    start_on = models.DateField(_("starts"))
    end_on = models.DateField(_("ends"), null=True, blank=True)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        ordering = ["-start_on", "-id"]
        verbose_name = _("activity")
        verbose_name_plural = _("activities")

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("people:activity_detail", args=[self.pk])

    def clean(self):
        errors = _dates_in_order(self.start_on, self.end_on)
        if errors:
            raise ValidationError(errors)


class ActivityEntry(models.Model):
    """A person in an activity: participant, contestant, judge; a contestant's rank, score and award."""

    scope_path = "activity__company"

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="entries", verbose_name=_("activity"))
    staff = models.ForeignKey(
        "org.Staff", on_delete=models.PROTECT, related_name="activities", verbose_name=_("person")
    )
    role = models.CharField(
        _("taking part as"), max_length=12, choices=EntryRole.choices, default=EntryRole.PARTICIPANT
    )
    rank = models.PositiveSmallIntegerField(_("rank"), null=True, blank=True)
    score = models.DecimalField(_("score"), max_digits=6, decimal_places=2, null=True, blank=True)
    award = models.CharField(_("award"), max_length=50, blank=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["activity", "rank", "staff__employee_no"]
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        constraints = [models.UniqueConstraint(fields=["activity", "staff"], name="people_entry_unique")]

    def __str__(self):
        return str(self.staff) if self.staff_id else "entry"

    def clean(self):
        if self.rank is not None and self.rank < 1:
            raise ValidationError({"rank": _("Ranks start at 1.")})


class VolunteerTeam(CompanyScopedModel):
    """A volunteer team (志愿服务队): its members and the services it gives."""

    name = models.CharField(_("name"), max_length=100)
    kind = models.CharField(_("kind"), max_length=15, choices=TeamKind.choices)
    leader = models.ForeignKey(
        "org.Staff", on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("leader")
    )
    founded_on = models.DateField(_("founded"), null=True, blank=True)
    members = models.ManyToManyField(
        "org.Staff", blank=True, related_name="volunteer_teams", verbose_name=_("team members")
    )
    description = models.TextField(_("description"), blank=True)

    class Meta:
        ordering = ["company__code", "name"]
        verbose_name = _("volunteer team")
        verbose_name_plural = _("volunteer teams")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("people:volunteerteam_detail", args=[self.pk])


class VolunteerService(models.Model):
    """One service a team gave: the day, what, who took part, and the hours each of them served."""

    scope_path = "team__company"

    team = models.ForeignKey(
        VolunteerTeam, on_delete=models.CASCADE, related_name="services", verbose_name=_("volunteer team")
    )
    on_date = models.DateField(_("date"))
    title = models.CharField(_("service"), max_length=150)
    location = models.CharField(_("location"), max_length=150, blank=True)
    hours = models.DecimalField(
        _("hours each"), max_digits=5, decimal_places=1, validators=[MinValueValidator(Decimal("0.5"))]
    )
    participants = models.ManyToManyField(
        "org.Staff", blank=True, related_name="volunteer_services", verbose_name=_("participants")
    )
    note = models.CharField(_("note"), max_length=300, blank=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["-on_date", "-id"]
        verbose_name = _("volunteer service")
        verbose_name_plural = _("volunteer services")
        constraints = [models.CheckConstraint(condition=Q(hours__gt=0), name="people_service_hours_positive")]

    def __str__(self):
        return f"{self.on_date} {self.title}"
