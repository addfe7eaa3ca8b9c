"""Choices of capital projects: types, statuses, the part a pipe plays and its state on the map."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ProjectType(models.TextChoices):
    NEW_MAIN = "new_main", _("New main")
    RENEWAL = "renewal", _("Network renewal")
    SEWER = "sewer", _("Sewer works")
    PLANT_WORKS = "plant_works", _("Plant works")
    BOOSTER_ROOM = "booster_room", _("Booster pump room")


# The network a project's pipes belong to (plant works and booster rooms may have none).
TYPE_SYSTEM = {
    ProjectType.NEW_MAIN: "supply",
    ProjectType.RENEWAL: "supply",
    ProjectType.BOOSTER_ROOM: "supply",
    ProjectType.SEWER: "sewer",
    ProjectType.PLANT_WORKS: "sewer",
}
SUPPLY_TYPES = (ProjectType.NEW_MAIN, ProjectType.RENEWAL, ProjectType.BOOSTER_ROOM)

TYPE_COLOURS = {
    ProjectType.NEW_MAIN: "#2171b5",
    ProjectType.RENEWAL: "#6a3d9a",
    ProjectType.SEWER: "#8c510a",
    ProjectType.PLANT_WORKS: "#138d90",
    ProjectType.BOOSTER_ROOM: "#e6550d",
}


class Status(models.TextChoices):
    PLANNED = "planned", _("Planned")
    IN_PROGRESS = "in_progress", _("In progress")
    COMPLETED = "completed", _("Completed")
    HANDED_OVER = "handed_over", _("Handed over")
    CANCELLED = "cancelled", _("Cancelled")


OPEN_STATUSES = (Status.PLANNED, Status.IN_PROGRESS)
FINISHED_STATUSES = (Status.COMPLETED, Status.HANDED_OVER)

STATUS_COLOURS = {
    Status.PLANNED: "secondary",
    Status.IN_PROGRESS: "primary",
    Status.COMPLETED: "info",
    Status.HANDED_OVER: "success",
    Status.CANCELLED: "light",
}


class PipeRole(models.TextChoices):
    NEW = "new", _("New pipe")
    REPLACED = "replaced", _("Pipe to be replaced")


class PipeState(models.TextChoices):
    """A new pipe on the project's map: drawn, in the ground, or in service."""

    PLANNED = "planned", _("Planned")
    LAID = "laid", _("Laid")
    HANDED_OVER = "handed_over", _("Handed over")
    REPLACED = "replaced", _("To be replaced")


PIPE_STATE_COLOURS = {
    PipeState.PLANNED: "#9e9e9e",
    PipeState.LAID: "#fd8d3c",
    PipeState.HANDED_OVER: "#2ca25f",
    PipeState.REPLACED: "#d62728",
}
