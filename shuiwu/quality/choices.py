"""Choices of the water-quality lab: point kinds, parameter groups, limit kinds, states, verdicts."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class PointKind(models.TextChoices):
    RAW = "raw", _("Raw water")
    SETTLED = "settled", _("Settled water")
    FILTERED = "filtered", _("Filtered water")
    CARBON = "carbon", _("After carbon filter")
    PLANT_OUTLET = "plant_outlet", _("Finished water (plant outlet)")
    NETWORK = "network", _("Network water")
    NETWORK_END = "network_end", _("Network end (tap)")
    SECONDARY = "secondary", _("Secondary-supply tank")
    SEWAGE_INFLUENT = "sewage_influent", _("Sewage-plant influent")
    SEWAGE_EFFLUENT = "sewage_effluent", _("Sewage-plant effluent")


# Drinking water that GB 5749-2022 judges, and how CJ/T 206 Table 4 groups it.
DRINKING_KINDS = (PointKind.PLANT_OUTLET, PointKind.NETWORK, PointKind.NETWORK_END, PointKind.SECONDARY)
FINISHED_KINDS = (PointKind.PLANT_OUTLET,)
NETWORK_KINDS = (PointKind.NETWORK, PointKind.NETWORK_END)
PROCESS_KINDS = (PointKind.SETTLED, PointKind.FILTERED, PointKind.CARBON)

POINT_COLOURS = {
    PointKind.RAW: "#2ca25f",
    PointKind.SETTLED: "#74c476",
    PointKind.FILTERED: "#41b6c4",
    PointKind.CARBON: "#225ea8",
    PointKind.PLANT_OUTLET: "#08306b",
    PointKind.NETWORK: "#6baed6",
    PointKind.NETWORK_END: "#fd8d3c",
    PointKind.SECONDARY: "#9e9ac8",
    PointKind.SEWAGE_INFLUENT: "#8c510a",
    PointKind.SEWAGE_EFFLUENT: "#bf812d",
}


class ParameterGroup(models.TextChoices):
    MICROBIAL = "microbial", _("Microbial")
    TOXICOLOGICAL = "toxicological", _("Toxicological")
    SENSORY = "sensory", _("Sensory and general chemical")
    RADIOACTIVE = "radioactive", _("Radioactive")
    DISINFECTANT = "disinfectant", _("Disinfectant")
    EXTENDED = "extended", _("Extended")
    SEWAGE = "sewage", _("Sewage effluent")


class ValueType(models.TextChoices):
    NUMBER = "number", _("Number")
    QUALITATIVE = "qualitative", _("Present or absent")


class LimitKind(models.TextChoices):
    MAX = "max", _("Upper limit (≤)")
    MIN = "min", _("Lower limit (≥)")
    RANGE = "range", _("Range")
    NOT_DETECTED = "not_detected", _("Must not be detected")


class StandardKind(models.TextChoices):
    NATIONAL = "national", _("National standard")
    INTERNAL = "internal", _("Internal control (local policy)")


class Grade(models.TextChoices):
    """How sure the seeded figure is (DOMAIN.md's source grades)."""

    P = "P", _("P — text of the standard")
    S = "S", _("S — secondary summary")
    L = "L", _("L — another utility's practice")
    NF = "NF", _("NF — not found, local setting")


class Period(models.TextChoices):
    DAY = "day", _("Day")
    MONTH = "month", _("Month")
    YEAR = "year", _("Year")


class TaskKind(models.TextChoices):
    ROUTINE = "routine", _("Routine")
    RETEST = "retest", _("Retest")
    ESCALATED = "escalated", _("Raised frequency")


class TaskStatus(models.TextChoices):
    OPEN = "open", pgettext_lazy("task", "Open")
    TAKEN = "taken", _("Sampled")
    MISSED = "missed", _("Missed")
    CANCELLED = "cancelled", _("Cancelled")


TASK_COLOURS = {
    TaskStatus.OPEN: "primary",
    TaskStatus.TAKEN: "success",
    TaskStatus.MISSED: "danger",
    TaskStatus.CANCELLED: "secondary",
}


class SampleStatus(models.TextChoices):
    SAMPLED = "sampled", _("Sampled, results to enter")
    ENTERED = "entered", _("Entered, to review")
    RETURNED = "returned", _("Returned for correction")
    APPROVED = "approved", _("Approved")


SAMPLE_COLOURS = {
    SampleStatus.SAMPLED: "info",
    SampleStatus.ENTERED: "warning",
    SampleStatus.RETURNED: "danger",
    SampleStatus.APPROVED: "success",
}
EDITABLE_SAMPLE_STATUSES = (SampleStatus.SAMPLED, SampleStatus.RETURNED)


class Qualifier(models.TextChoices):
    """How a reported value reads: a plain number, a censored one, or presence/absence."""

    EQ = "eq", "="
    LT = "lt", "<"
    GT = "gt", ">"
    NOT_DETECTED = "nd", _("Not detected")
    DETECTED = "det", _("Detected")


class Verdict(models.TextChoices):
    PASS = "pass", _("Pass")
    FAIL = "fail", _("Exceeds")
    INCONCLUSIVE = "inconclusive", _("Inconclusive (detection limit above the limit)")
    NONE = "none", _("No limit")


VERDICT_COLOURS = {
    Verdict.PASS: "success",
    Verdict.FAIL: "danger",
    Verdict.INCONCLUSIVE: "warning",
    Verdict.NONE: "secondary",
}


class ExceedanceLevel(models.TextChoices):
    NATIONAL = "national", _("National limit")
    INTERNAL = "internal", _("Internal limit")


class ExceedanceStatus(models.TextChoices):
    OPEN = "open", pgettext_lazy("exceedance", "Open")
    RESOLVED = "resolved", _("Retest passed")
    CLOSED = "closed", _("Closed")


EXCEEDANCE_COLOURS = {
    ExceedanceStatus.OPEN: "danger",
    ExceedanceStatus.RESOLVED: "success",
    ExceedanceStatus.CLOSED: "secondary",
}
