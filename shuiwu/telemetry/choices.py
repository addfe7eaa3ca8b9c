"""Choices of the telemetry app: what a sensor measures, where it sits, alarm kinds and states."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Measure(models.TextChoices):
    PRESSURE = "pressure", _("Pressure")
    FLOW = "flow", _("Flow")
    TOTALISER = "totaliser", _("Totaliser")
    LEVEL = "level", _("Level")
    TURBIDITY = "turbidity", _("Turbidity")
    CHLORINE = "chlorine", _("Free chlorine")
    PH = "ph", _("pH")
    PUMP_STATE = "pump_state", _("Pump state")
    PUMP_FREQUENCY = "pump_frequency", _("Pump frequency")
    POWER = "power", _("Power")
    SEWAGE_FLOW = "sewage_flow", _("Sewage flow")


# The unit each measure is kept in (DESIGN.md §5) and a plausible valid range for new sensors.
UNITS = {
    Measure.PRESSURE: "MPa",
    Measure.FLOW: "m³/h",
    Measure.TOTALISER: "m³",
    Measure.LEVEL: "m",
    Measure.TURBIDITY: "NTU",
    Measure.CHLORINE: "mg/L",
    Measure.PH: "",
    Measure.PUMP_STATE: "",
    Measure.PUMP_FREQUENCY: "Hz",
    Measure.POWER: "kW",
    Measure.SEWAGE_FLOW: "m³/h",
}
VALID_RANGES = {
    Measure.PRESSURE: (0.0, 1.6),
    Measure.FLOW: (0.0, 20000.0),
    Measure.TOTALISER: (0.0, None),
    Measure.LEVEL: (0.0, 20.0),
    Measure.TURBIDITY: (0.0, 100.0),
    Measure.CHLORINE: (0.0, 5.0),
    Measure.PH: (0.0, 14.0),
    Measure.PUMP_STATE: (0.0, 1.0),
    Measure.PUMP_FREQUENCY: (0.0, 60.0),
    Measure.POWER: (0.0, 2000.0),
    Measure.SEWAGE_FLOW: (0.0, 20000.0),
}


class Role(models.TextChoices):
    """Where a sensor sits: alarm rules and the supply figures select sensors by it."""

    PLANT_OUTLET = "plant_outlet", _("Plant outlet")
    RAW_WATER = "raw_water", _("Raw water")
    NETWORK = "network", _("Network")
    NETWORK_END = "network_end", _("Network end")
    DMA_INLET = "dma_inlet", _("DMA inlet")
    TANK = "tank", pgettext_lazy("sensor role", "Tank")
    PUMP = "pump", pgettext_lazy("sensor role", "Pump")
    SEWAGE = "sewage", _("Sewage")


class Flag(models.IntegerChoices):
    """Bits of a reading's flag."""

    OK = 0, _("OK")
    OUT_OF_RANGE = 1, _("Out of valid range")


class RuleKind(models.TextChoices):
    LOW = "low", _("Below a threshold")
    HIGH = "high", _("Above a threshold")
    RATE = "rate", _("Rate of change")
    STALE = "stale", _("No data")
    NIGHT_FLOW = "night_flow", _("Night-flow rise")
    LEAK = "leak", _("Leak found against the hydraulic model")
    LAB = "lab", _("Lab result over its limit")


class Severity(models.TextChoices):
    INFO = "info", _("Information")
    WARNING = "warning", _("Warning")
    CRITICAL = "critical", _("Critical")


class AlarmState(models.TextChoices):
    ACTIVE = "active", pgettext_lazy("alarm", "Active")
    ACKNOWLEDGED = "acknowledged", _("Acknowledged")
    CLEARED = "cleared", _("Cleared")


# Bootstrap colours of the badges, one table for every page.
STATE_COLOURS = {AlarmState.ACTIVE: "danger", AlarmState.ACKNOWLEDGED: "warning", AlarmState.CLEARED: "success"}
SEVERITY_COLOURS = {Severity.INFO: "secondary", Severity.WARNING: "warning", Severity.CRITICAL: "danger"}


class Resolution(models.TextChoices):
    AUTO = "auto", _("Automatic")
    RAW = "raw", _("Raw readings")
    HOUR = "hour", _("Hourly")
    DAY = "day", _("Daily")
