"""Choices of the reports app: which way a KPI is better, the catalogue's sections, the kinds of stored report."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Direction(models.TextChoices):
    HIGHER = "higher", _("Higher is better")
    LOWER = "lower", _("Lower is better")
    NONE = "none", _("For information")


class Section(models.TextChoices):
    """A scorecard section: one app's figures (a formula KPI names the section it is shown in)."""

    WORK = "work", _("Repairs and hotline")
    INSPECTIONS = "inspections", _("Patrols and inspections")
    TELEMETRY = "telemetry", _("Supply and monitoring")
    HYDRAULICS = "hydraulics", _("Hydraulic model")
    PLANTS = "plants", _("Plant operations")
    QUALITY = "quality", _("Water quality")
    CUSTOMERS = "customers", _("Customers and billing")
    SERVICE = "service", _("Service counter")
    ANALYTICS = "analytics", _("Water balance and leakage")
    PROJECTS = "projects", _("Capital projects")
    EMERGENCY = "emergency", _("Emergency preparedness")
    PEOPLE = "people", _("Training and people")


class ReportKind(models.TextChoices):
    MONTHLY = "monthly", _("Monthly report")
    HALF_YEAR = "half_year", _("Half-year scorecard")
    CUSTOM = "custom", _("Custom period")
