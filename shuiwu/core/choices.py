"""Choices shared by every app: change-log actions and sources."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ChangeAction(models.TextChoices):
    CREATE = "create", _("Created")
    UPDATE = "update", _("Updated")
    DELETE = "delete", _("Deleted")


class ChangeSource(models.TextChoices):
    UI = "ui", _("Web UI")
    API = "api", _("API")
    ADMIN = "admin", _("Admin")
    CLI = "cli", _("Command line")
    SYSTEM = "system", _("System")


ACTION_COLOURS = {
    ChangeAction.CREATE: "success",
    ChangeAction.UPDATE: "primary",
    ChangeAction.DELETE: "danger",
}
