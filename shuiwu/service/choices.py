"""Choices of the service counter: windows, application kinds, states, clocks and reasons for a refusal."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class WindowKind(models.TextChoices):
    SERVICE_HALL = "service_hall", _("Government service hall")
    TOWN_CENTRE = "town_centre", _("Town service centre")
    ONLINE = "online", _("Online")
    HOTLINE = "hotline", _("Hotline")


class ApplicationKind(models.TextChoices):
    NEW_CONNECTION = "new_connection", _("New connection")
    TRANSFER = "transfer", _("Ownership transfer")
    RENAME = "rename", _("Rename")
    CLOSURE = "closure", _("Account closure")
    METER_RELOCATION = "meter_relocation", _("Meter relocation")
    METER_CHANGE = "meter_change", _("Meter size change")
    USE_TYPE_CHANGE = "use_type_change", _("Use-type change")
    METER_SPLIT = "meter_split", _("Meter split")
    METER_MERGE = "meter_merge", _("Meter merge")
    TEMPORARY_WATER = "temporary_water", _("Temporary water")


# The kinds that change an existing account: the application names the account.
NEEDS_ACCOUNT = frozenset(
    {
        ApplicationKind.TRANSFER,
        ApplicationKind.RENAME,
        ApplicationKind.CLOSURE,
        ApplicationKind.METER_RELOCATION,
        ApplicationKind.METER_CHANGE,
        ApplicationKind.USE_TYPE_CHANGE,
        ApplicationKind.METER_SPLIT,
        ApplicationKind.METER_MERGE,
    }
)


class Status(models.TextChoices):
    RECEIVED = "received", _("Received")
    IN_PROGRESS = "in_progress", _("In progress")
    COMPLETED = "completed", pgettext_lazy("application", "Completed")
    REJECTED = "rejected", _("Rejected")
    CANCELLED = "cancelled", _("Cancelled")


OPEN_STATUSES = (Status.RECEIVED, Status.IN_PROGRESS)
STATUS_COLOURS = {
    "received": "info",
    "in_progress": "primary",
    "completed": "success",
    "rejected": "danger",
    "cancelled": "secondary",
}


class ClockState(models.TextChoices):
    OK = "ok", _("On time")
    DUE_TODAY = "due_today", _("Due today")
    OVERDUE = "overdue", _("Overdue")
    NOT_STARTED = "not_started", _("Not started: documents missing")
    DONE = "done", _("Done on time")
    DONE_LATE = "done_late", _("Done late")
    STOPPED = "stopped", _("Stopped")


CLOCK_COLOURS = {
    "ok": "success",
    "due_today": "warning",
    "overdue": "danger",
    "not_started": "secondary",
    "done": "success",
    "done_late": "danger",
    "stopped": "light",
}


class RejectionReason(models.TextChoices):
    """The refusals of DOMAIN.md §7 (Zhejiang example, L), and the rest."""

    ARREARS = "arrears", _("Arrears on the account")
    DEMOLITION = "demolition", _("Demolition area")
    ILLEGAL_BUILDING = "illegal_building", _("Illegal building")
    MASTER_METER = "master_meter", _("Behind a master meter")
    SITE_NOT_READY = "site_not_ready", _("Site not serviced and levelled")
    DISPUTE = "dispute", _("Dispute over the property")
    DOCUMENTS = "documents", _("Documents not supplied")
    OTHER = "other", _("Other")
