"""Choices of the repair centre: ticket categories and channels, work-order types, states, priorities."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Category(models.TextChoices):
    NO_WATER = "no_water", _("No water")
    LOW_PRESSURE = "low_pressure", _("Low pressure")
    VISIBLE_LEAK = "visible_leak", _("Visible leak")
    MAIN_BURST = "main_burst", _("Main burst")
    WATER_QUALITY = "water_quality", _("Water quality (colour, odour)")
    METER_FAULT = "meter_fault", _("Meter fault")
    HYDRANT_DAMAGE = "hydrant_damage", _("Hydrant damage")
    ILLEGAL_USE = "illegal_use", _("Illegal water use")
    SEWER_BLOCKAGE = "sewer_blockage", _("Sewer blockage or overflow")
    MANHOLE_COVER = "manhole_cover", _("Missing manhole cover")
    BILLING = "billing", _("Billing query")
    OTHER = "other", _("Other")


# Categories that the sewage company handles; the rest go to the water supply company.
SEWER_CATEGORIES = {Category.SEWER_BLOCKAGE, Category.MANHOLE_COVER}


class Channel(models.TextChoices):
    PHONE = "phone", _("Phone")
    HOTLINE_96390 = "96390", _("96390 hotline")
    HOTLINE_12345 = "12345", _("12345 citizen hotline")
    WINDOW = "window", pgettext_lazy("channel", "Service window")
    PATROL = "patrol", _("Patrol")
    ALARM = "alarm", _("Alarm")
    WECHAT = "wechat", _("WeChat")


class TicketStatus(models.TextChoices):
    OPEN = "open", _("Open")
    LINKED = "linked", _("Linked to a work order")
    CLOSED = "closed", _("Closed")
    CANCELLED = "cancelled", _("Cancelled")


class OrderType(models.TextChoices):
    REPAIR = "repair", _("Repair")
    MAINTENANCE = "maintenance", _("Maintenance")
    INSPECTION_FOLLOW_UP = "inspection", _("Inspection follow-up")
    INSTALLATION = "installation", _("Installation")
    SEWER = "sewer", _("Sewer")


class Priority(models.IntegerChoices):
    URGENT = 1, _("Urgent")
    HIGH = 2, _("High")
    NORMAL = 3, _("Normal")
    LOW = 4, _("Low")


PRIORITY_COLOURS = {1: "danger", 2: "warning", 3: "primary", 4: "secondary"}

# The priority a new call of each category starts with (the dispatcher can change it).
DEFAULT_PRIORITY = {
    Category.MAIN_BURST: Priority.URGENT,
    Category.MANHOLE_COVER: Priority.URGENT,
    Category.NO_WATER: Priority.HIGH,
    Category.VISIBLE_LEAK: Priority.HIGH,
    Category.WATER_QUALITY: Priority.HIGH,
    Category.SEWER_BLOCKAGE: Priority.HIGH,
    Category.LOW_PRESSURE: Priority.NORMAL,
    Category.METER_FAULT: Priority.NORMAL,
    Category.HYDRANT_DAMAGE: Priority.NORMAL,
    Category.ILLEGAL_USE: Priority.NORMAL,
    Category.OTHER: Priority.NORMAL,
    Category.BILLING: Priority.LOW,
}


class State(models.TextChoices):
    NEW = "new", _("New")
    DISPATCHED = "dispatched", _("Dispatched")
    ACCEPTED = "accepted", _("Accepted")
    EN_ROUTE = "en_route", _("En route")
    ON_SITE = "on_site", _("On site")
    PAUSED = "paused", _("Paused")
    COMPLETED = "completed", _("Completed")
    VERIFIED = "verified", _("Verified")
    CLOSED = "closed", _("Closed")
    CANCELLED = "cancelled", _("Cancelled")


OPEN_STATES = {State.NEW, State.DISPATCHED, State.ACCEPTED, State.EN_ROUTE, State.ON_SITE, State.PAUSED}
DONE_STATES = {State.COMPLETED, State.VERIFIED, State.CLOSED}

STATE_COLOURS = {
    State.NEW: "secondary",
    State.DISPATCHED: "info",
    State.ACCEPTED: "info",
    State.EN_ROUTE: "primary",
    State.ON_SITE: "primary",
    State.PAUSED: "warning",
    State.COMPLETED: "success",
    State.VERIFIED: "success",
    State.CLOSED: "dark",
    State.CANCELLED: "light",
}


class Cause(models.TextChoices):
    CORROSION = "corrosion", _("Corrosion")
    JOINT = "joint", _("Joint failure")
    THIRD_PARTY = "third_party", _("Third-party damage")
    GROUND_MOVEMENT = "ground_movement", _("Ground movement or settlement")
    AGEING = "ageing", _("Ageing material")
    PRESSURE_SURGE = "pressure_surge", _("Pressure surge")
    BLOCKAGE = "blockage", _("Blockage")
    METER = "meter", _("Meter or fitting defect")
    UNKNOWN = "unknown", _("Unknown")
    OTHER = "other", _("Other")


class SLAState(models.TextChoices):
    OK = "ok", _("On time")
    AT_RISK = "at_risk", _("At risk")
    BREACHED = "breached", _("Breached")
    PAUSED = "paused", _("Clock stopped")
    NONE = "none", _("No deadline")


SLA_COLOURS = {"ok": "#2ca02c", "at_risk": "#ff9f0e", "breached": "#d62728", "paused": "#7f7f7f", "none": "#9aa5b1"}


class OutageKind(models.TextChoices):
    PLANNED = "planned", pgettext_lazy("outage", "Planned")
    UNPLANNED = "unplanned", pgettext_lazy("outage", "Unplanned")


class OutageStatus(models.TextChoices):
    SCHEDULED = "scheduled", _("Scheduled")
    ACTIVE = "active", pgettext_lazy("outage", "Active")
    RESTORED = "restored", _("Restored")
    CANCELLED = "cancelled", _("Cancelled")
