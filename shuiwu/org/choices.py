"""Choices of the organisation: kinds of company and team, and the roles."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class CompanyKind(models.TextChoices):
    GROUP = "group", _("Group office")
    SUPPLY = "supply", _("Water supply company")
    PRODUCTION = "production", _("Water production company")
    RAW_WATER = "raw_water", _("Raw-water company")
    SEWAGE = "sewage", _("Sewage company")
    INSTALLATION = "installation", _("Installation company")


class TeamKind(models.TextChoices):
    REPAIR = "repair", _("Repair crew")
    PATROL = "patrol", _("Patrol team")
    DISPATCH = "dispatch", _("Dispatch and hotline")
    PLANT_SHIFT = "plant_shift", _("Plant shift")
    LAB = "lab", _("Laboratory")
    SERVICE = "service", _("Service window")
    METER = "meter", _("Meter reading")
    SEWER = "sewer", _("Sewer maintenance")
    INSTALLATION = "installation", _("Installation crew")
    SECONDARY_SUPPLY = "secondary_supply", _("Secondary-supply maintenance")
    ENGINEERING = "engineering", _("Network engineering")
    OFFICE = "office", _("Office")


class Role(models.TextChoices):
    GROUP_MANAGER = "group_manager", _("Group manager")
    COMPANY_MANAGER = "company_manager", _("Company manager")
    DISPATCHER = "dispatcher", _("Dispatcher")
    HOTLINE_OPERATOR = "hotline_operator", _("Hotline operator")
    CREW_MEMBER = "crew_member", _("Crew member")
    INSPECTOR = "inspector", _("Inspector")
    PLANT_OPERATOR = "plant_operator", _("Plant operator")
    LAB_TECHNICIAN = "lab_technician", _("Lab technician")
    WINDOW_CLERK = "window_clerk", _("Window clerk")
    BILLING_MANAGER = "billing_manager", _("Billing manager")
    NETWORK_ENGINEER = "network_engineer", _("Network engineer")
    READ_ONLY = "read_only", _("Read-only")
