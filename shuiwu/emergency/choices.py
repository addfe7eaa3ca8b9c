"""Choices of emergency preparedness: plan types, drill and plan states, stock kinds, weather modes and warnings."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class PlanType(models.TextChoices):
    MAIN_BURST = "main_burst", _("Main burst")
    WATER_QUALITY = "water_quality", _("Water-quality incident")
    BOOSTER_FAILURE = "booster_failure", _("Booster station failure")
    FLOOD_TYPHOON = "flood_typhoon", _("Flood and typhoon")
    POWER_FAILURE = "power_failure", _("Power failure")
    HEAT_WAVE = "heat_wave", _("Heat wave")


class PlanStatus(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("plan", "Draft")
    ACTIVE = "active", pgettext_lazy("plan", "In force")
    RETIRED = "retired", pgettext_lazy("plan", "Retired")


PLAN_STATUS_COLOURS = {"draft": "secondary", "active": "success", "retired": "light"}


class DrillKind(models.TextChoices):
    TABLETOP = "tabletop", _("Tabletop exercise")
    FUNCTIONAL = "functional", _("Functional drill")
    FULL_SCALE = "full_scale", _("Full-scale drill")


class DrillStatus(models.TextChoices):
    PLANNED = "planned", pgettext_lazy("drill", "Planned")
    DONE = "done", pgettext_lazy("drill", "Held")
    CANCELLED = "cancelled", pgettext_lazy("drill", "Cancelled")


DRILL_STATUS_COLOURS = {"planned": "info", "done": "success", "cancelled": "secondary"}


class MaterialKind(models.TextChoices):
    DRAINAGE_PUMP = "drainage_pump", _("Drainage pump set")
    SANDBAG = "sandbag", _("Sandbags")
    GENERATOR = "generator", _("Generator")
    CABLE = "cable", _("Cable")
    REPAIR_CLAMP = "repair_clamp", _("Repair clamp")
    PIPE = "pipe", _("Pipe")
    DISINFECTANT = "disinfectant", _("Disinfectant")
    WATER_TANK = "water_tank", _("Water tank / bottled water")
    PROTECTIVE = "protective", _("Protective gear")
    OTHER = "other", _("Other")


class ModeKind(models.TextChoices):
    TYPHOON = "typhoon", _("Typhoon mode")
    HEAT = "heat", _("Heat mode")


# The plan whose checklist a weather mode shows, unless the manager chooses another.
MODE_PLAN_TYPE = {ModeKind.TYPHOON: PlanType.FLOOD_TYPHOON, ModeKind.HEAT: PlanType.HEAT_WAVE}


class ModeSource(models.TextChoices):
    MANUAL = "manual", _("Switched on by a manager")
    WARNING = "warning", _("Imported weather warning")


class WarningLevel(models.TextChoices):
    """The four colours of the national meteorological warning signals (blue lowest, red highest)."""

    BLUE = "blue", _("Blue")
    YELLOW = "yellow", _("Yellow")
    ORANGE = "orange", _("Orange")
    RED = "red", _("Red")


LEVEL_RANK = {"": 0, "blue": 1, "yellow": 2, "orange": 3, "red": 4}
LEVEL_COLOURS = {"blue": "primary", "yellow": "warning", "orange": "orange", "red": "danger", "": "secondary"}
