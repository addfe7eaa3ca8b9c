"""Choices of plant operations: chemicals, dosing bases, unit statuses, shifts and stock movements."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class ChemicalKind(models.TextChoices):
    COAGULANT = "coagulant", _("Coagulant")
    DISINFECTANT = "disinfectant", _("Disinfectant")
    COAGULANT_AID = "coagulant_aid", _("Coagulant aid (polymer)")
    OXIDANT = "oxidant", _("Pre-oxidant")
    ADSORBENT = "adsorbent", _("Powdered activated carbon")
    PH_ADJUSTMENT = "ph_adjustment", _("pH adjustment")
    CARBON_SOURCE = "carbon_source", _("Carbon source")


class FlowBasis(models.TextChoices):
    """Which of the day's volumes a dose in mg/L is dosed into."""

    INFLOW = "inflow", _("Water in (raw water or sewage)")
    OUTFLOW = "outflow", _("Water out (finished water or effluent)")


# Coagulants go into the raw water, disinfectants into the filtered water on its way out.
DEFAULT_BASIS = {
    ChemicalKind.COAGULANT: FlowBasis.INFLOW,
    ChemicalKind.COAGULANT_AID: FlowBasis.INFLOW,
    ChemicalKind.OXIDANT: FlowBasis.INFLOW,
    ChemicalKind.ADSORBENT: FlowBasis.INFLOW,
    ChemicalKind.CARBON_SOURCE: FlowBasis.INFLOW,
    ChemicalKind.DISINFECTANT: FlowBasis.OUTFLOW,
    ChemicalKind.PH_ADJUSTMENT: FlowBasis.OUTFLOW,
}


class UnitStatus(models.TextChoices):
    RUNNING = "running", pgettext_lazy("unit status", "Running")
    BACKWASH = "backwash", _("Backwashing")
    STANDBY = "standby", _("Standby")
    MAINTENANCE = "maintenance", pgettext_lazy("unit status", "Maintenance")
    OUT_OF_SERVICE = "out_of_service", _("Out of service")


UNIT_STATUS_COLOURS = {
    UnitStatus.RUNNING: "success",
    UnitStatus.BACKWASH: "info",
    UnitStatus.STANDBY: "secondary",
    UnitStatus.MAINTENANCE: "warning",
    UnitStatus.OUT_OF_SERVICE: "danger",
}


class Shift(models.TextChoices):
    DAY = "day", _("Day shift (08:00–20:00)")
    NIGHT = "night", _("Night shift (20:00–08:00)")


SHIFT_HOURS = {Shift.DAY: (8, 20), Shift.NIGHT: (20, 32)}


class MovementKind(models.TextChoices):
    DELIVERY = "delivery", _("Delivery")
    DOSING = "dosing", _("Dosing")
    STOCKTAKE = "stocktake", _("Stocktake correction")


# Process units that are backwashed.
FILTER_UNIT_TYPES = ("sand_filter", "carbon_filter")
