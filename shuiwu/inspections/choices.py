"""Choices of patrols and inspections: plan types, frequencies, checklist items, rounds, findings, cases."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class PlanType(models.TextChoices):
    NETWORK_PATROL = "network_patrol", _("Network patrol route")
    HYDRANT_CHECK = "hydrant_check", _("Hydrant and water-intake check")
    VALVE_EXERCISE = "valve_exercise", _("Valve inspection and exercise")
    SECONDARY_SUPPLY = "secondary_supply", _("Secondary-supply pump-room inspection")
    TANK_CLEANING = "tank_cleaning", _("Secondary-supply tank cleaning")
    PLANT_ROUND = "plant_round", _("Water-plant process round")
    SEWER_PATROL = "sewer_patrol", _("Sewer patrol")
    PUMP_STATION = "pump_station", _("Pump-station inspection")
    DREDGING = "dredging", _("Sewer dredging")


class FrequencyUnit(models.TextChoices):
    HOURS = "hours", _("hours")
    DAYS = "days", _("days")
    WEEKS = "weeks", _("weeks")
    MONTHS = "months", _("months")


class ItemKind(models.TextChoices):
    NUMBER = "number", _("Number")
    YES_NO = "yes_no", _("Yes / no")
    CHOICE = "choice", _("Choice")
    PHOTO = "photo", _("Photo")
    NOTE = "note", _("Note")


class RoundStatus(models.TextChoices):
    PLANNED = "planned", pgettext_lazy("round", "Planned")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")
    OVERDUE = "overdue", _("Overdue")


ROUND_COLOURS = {"planned": "secondary", "in_progress": "primary", "done": "success", "overdue": "danger"}


class FindingKind(models.TextChoices):
    LEAK = "leak", _("Leak")
    DAMAGE = "damage", _("Damage")
    ILLEGAL_USE = "illegal_use", _("Illegal water use")
    BLOCKED_HYDRANT = "blocked_hydrant", _("Blocked or damaged hydrant")
    MISSING_COVER = "missing_cover", _("Missing or broken cover")
    VALVE_FAULT = "valve_fault", _("Valve fault")
    PUMP_FAULT = "pump_fault", _("Pump or equipment fault")
    TANK_HYGIENE = "tank_hygiene", _("Tank hygiene or disinfection")
    PRESSURE = "pressure", _("Pressure out of range")
    PROCESS = "process", _("Process unit out of limits")
    BLOCKAGE = "blockage", _("Sewer blockage or silt")
    ENCROACHMENT = "encroachment", _("Construction near a main")
    OTHER = "other", _("Other")


# The ticket category a finding raises in the repair centre (channel: patrol).
FINDING_TICKET_CATEGORY = {
    FindingKind.LEAK: "visible_leak",
    FindingKind.DAMAGE: "other",
    FindingKind.ILLEGAL_USE: "illegal_use",
    FindingKind.BLOCKED_HYDRANT: "hydrant_damage",
    FindingKind.MISSING_COVER: "manhole_cover",
    FindingKind.VALVE_FAULT: "other",
    FindingKind.PUMP_FAULT: "low_pressure",
    FindingKind.TANK_HYGIENE: "water_quality",
    FindingKind.PRESSURE: "low_pressure",
    FindingKind.PROCESS: "other",
    FindingKind.BLOCKAGE: "sewer_blockage",
    FindingKind.ENCROACHMENT: "other",
    FindingKind.OTHER: "other",
}


class FindingStatus(models.TextChoices):
    OPEN = "open", pgettext_lazy("finding", "Open")
    TICKET = "ticket", _("Ticket raised")
    CLOSED = "closed", _("Closed")


class ViolationStatus(models.TextChoices):
    OPEN = "open", pgettext_lazy("case", "Open")
    INVESTIGATING = "investigating", _("Investigating")
    SETTLED = "settled", _("Settled")
    REFERRED = "referred", _("Referred to the authorities")
    CLOSED = "closed", _("Closed")
