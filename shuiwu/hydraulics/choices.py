"""Choices of the hydraulics app: where a model comes from, scenario kinds, run states."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class ModelSource(models.TextChoices):
    REGISTER = "register", _("Built from the asset register")
    INP = "inp", _("Imported EPANET file")


class ScenarioKind(models.TextChoices):
    BASE_DAY = "base_day", _("Base day")
    SUMMER_PEAK = "summer_peak", _("Summer peak day")
    CLOSURE = "closure", _("Pipe or valve closed")
    PUMP_OFF = "pump_off", _("Pump off")
    FIRE_FLOW = "fire_flow", _("Fire flow at a hydrant")
    DEMAND_GROWTH = "demand_growth", _("Demand growth")


class RunStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Running")
    DONE = "done", pgettext_lazy("run", "Done")
    FAILED = "failed", _("Failed")


RUN_COLOURS = {
    RunStatus.QUEUED: "secondary",
    RunStatus.RUNNING: "info",
    RunStatus.DONE: "success",
    RunStatus.FAILED: "danger",
}
