"""Plant operations: the daily log of each plant, its dosing and chemical stock, backwash, unit status, shifts.

The plants and their process units are assets (``assets.Asset`` of kind plant and process unit); every record
here belongs to the plant's company, so a sewage-company user sees the sewage plant's records only.
"""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from shuiwu.assets.choices import Kind
from shuiwu.core.models import ChangeLoggedModel, CompanyScopedModel
from shuiwu.plants.choices import (
    DEFAULT_BASIS,
    FILTER_UNIT_TYPES,
    ChemicalKind,
    FlowBasis,
    MovementKind,
    Shift,
    UnitStatus,
)

VOLUME = {"max_digits": 12, "decimal_places": 1}
MASS = {"max_digits": 12, "decimal_places": 2}


def _plant_field(related_name: str):
    return models.ForeignKey(
        "assets.Asset",
        on_delete=models.PROTECT,
        related_name=related_name,
        limit_choices_to={"kind": Kind.PLANT},
        verbose_name=_("plant"),
    )


class PlantRecord(CompanyScopedModel):
    """A record of one plant: it belongs to the plant's company."""

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if self.plant_id and not self.company_id:
            self.company_id = self.plant.company_id
        super().save(*args, **kwargs)

    def clean_plant(self, errors: dict) -> None:
        if self.plant_id:
            if self.plant.kind != Kind.PLANT:
                errors["plant"] = _("%(asset)s is not a plant.") % {"asset": self.plant}
            elif self.company_id and self.company_id != self.plant.company_id:
                errors["company"] = _("The record belongs to the plant's company.")


class Chemical(ChangeLoggedModel):
    """A treatment chemical as delivered (the product, not the active substance): doses are of the product."""

    code = models.CharField(_("code"), max_length=20, unique=True)
    name = models.CharField(_("name"), max_length=60)
    kind = models.CharField(_("kind"), max_length=20, choices=ChemicalKind.choices)
    product = models.CharField(
        _("product"), max_length=100, blank=True, help_text=_("Form and strength as delivered, e.g. liquid 10 %")
    )
    basis = models.CharField(
        _("dosed into"),
        max_length=10,
        choices=FlowBasis.choices,
        blank=True,
        help_text=_("Empty: by kind (coagulants into the water in, disinfectants into the water out)"),
    )

    class Meta:
        ordering = ["kind", "code"]
        verbose_name = _("chemical")
        verbose_name_plural = _("chemicals")

    def __str__(self):
        return self.name

    @property
    def flow_basis(self) -> str:
        return self.basis or DEFAULT_BASIS.get(self.kind, FlowBasis.INFLOW)


class DailyLog(PlantRecord):
    """One plant's day: water in and out, energy. Own use and kWh/m³ follow from them."""

    plant = _plant_field("daily_logs")
    day = models.DateField(_("day"), db_index=True)
    inflow_m3 = models.DecimalField(
        _("water in (m³)"), help_text=_("Raw water in (sewage in at a sewage plant)"), **VOLUME
    )
    outflow_m3 = models.DecimalField(
        _("water out (m³)"), help_text=_("Finished water out (effluent at a sewage plant)"), **VOLUME
    )
    energy_kwh = models.DecimalField(_("energy (kWh)"), **VOLUME)
    outflow_from_telemetry = models.BooleanField(
        _("out from telemetry"), default=False, help_text=_("Water out is the outlet totaliser's day")
    )
    note = models.TextField(_("note"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )

    class Meta:
        ordering = ["-day", "plant__code"]
        verbose_name = _("daily log")
        verbose_name_plural = _("daily logs")
        constraints = [models.UniqueConstraint(fields=["plant", "day"], name="plants_dailylog_unique")]

    def __str__(self):
        return f"{self.plant.name or self.plant.code} {self.day:%Y-%m-%d}"

    def get_absolute_url(self):
        return reverse("plants:dailylog_detail", args=[self.pk])

    @property
    def own_use_m3(self) -> Decimal:
        return self.inflow_m3 - self.outflow_m3

    @property
    def own_use_percent(self) -> Decimal | None:
        from shuiwu.plants.services import own_use_percent

        return own_use_percent(self.inflow_m3, self.outflow_m3)

    @property
    def kwh_per_m3(self) -> Decimal | None:
        from shuiwu.plants.services import energy_basis_m3, kwh_per_m3

        return kwh_per_m3(self.energy_kwh, energy_basis_m3(self.plant, self.inflow_m3, self.outflow_m3))

    def clean(self):
        from shuiwu.plants.services import check_volumes

        errors: dict = {}
        self.clean_plant(errors)
        try:
            check_volumes(self.day, self.inflow_m3, self.outflow_m3, self.energy_kwh)
        except ValidationError as exc:
            errors.update(exc.message_dict)
        if errors:
            raise ValidationError(errors)


class Dosing(CompanyScopedModel):
    """A chemical dosed on a plant's day: dose (mg/L) × flow (m³/day) / 1000 = kg/day."""

    daily_log = models.ForeignKey(DailyLog, on_delete=models.CASCADE, related_name="dosings", verbose_name=_("day"))
    chemical = models.ForeignKey(Chemical, on_delete=models.PROTECT, related_name="+", verbose_name=_("chemical"))
    basis = models.CharField(_("dosed into"), max_length=10, choices=FlowBasis.choices)
    dose_mg_l = models.DecimalField(_("dose (mg/L)"), max_digits=8, decimal_places=2)
    flow_m3 = models.DecimalField(_("flow (m³/day)"), **VOLUME)
    kg = models.DecimalField(_("kg/day"), **MASS)

    class Meta:
        ordering = ["daily_log", "chemical__kind", "chemical__code"]
        verbose_name = _("dosing")
        verbose_name_plural = _("dosing")
        constraints = [models.UniqueConstraint(fields=["daily_log", "chemical"], name="plants_dosing_unique")]

    def __str__(self):
        return f"{self.chemical} {self.dose_mg_l} mg/L"


class ChemicalStock(PlantRecord):
    """A chemical kept in a plant's dosing room: the balance, kept by the movements, and its minimum."""

    plant = _plant_field("chemical_stocks")
    chemical = models.ForeignKey(Chemical, on_delete=models.PROTECT, related_name="stocks", verbose_name=_("chemical"))
    balance_kg = models.DecimalField(_("in stock (kg)"), default=Decimal("0"), editable=False, **MASS)
    minimum_kg = models.DecimalField(_("minimum (kg)"), help_text=_("Reorder level: below it the stock is low"), **MASS)
    capacity_kg = models.DecimalField(_("storage capacity (kg)"), null=True, blank=True, **MASS)

    class Meta:
        ordering = ["plant__code", "chemical__kind", "chemical__code"]
        verbose_name = _("chemical stock")
        verbose_name_plural = _("chemical stocks")
        constraints = [models.UniqueConstraint(fields=["plant", "chemical"], name="plants_stock_unique")]

    def __str__(self):
        return f"{self.plant.name or self.plant.code} · {self.chemical}"

    def get_absolute_url(self):
        return reverse("plants:chemicalstock_detail", args=[self.pk])

    def clean(self):
        errors: dict = {}
        self.clean_plant(errors)
        if self.minimum_kg is not None and self.minimum_kg < 0:
            errors["minimum_kg"] = _("The minimum cannot be negative.")
        if self.capacity_kg is not None and self.minimum_kg is not None and self.capacity_kg < self.minimum_kg:
            errors["capacity_kg"] = _("The capacity is below the minimum.")
        if errors:
            raise ValidationError(errors)


class StockMovement(CompanyScopedModel):
    """Chemical in (a delivery), out (a day's dosing) or a stocktake correction, with the balance after it."""

    stock = models.ForeignKey(
        ChemicalStock, on_delete=models.CASCADE, related_name="movements", verbose_name=_("stock")
    )
    day = models.DateField(_("day"), db_index=True)
    kind = models.CharField(_("kind"), max_length=10, choices=MovementKind.choices)
    quantity_kg = models.DecimalField(_("quantity (kg)"), help_text=_("Positive in, negative out"), **MASS)
    balance_kg = models.DecimalField(_("balance after (kg)"), **MASS)
    dosing = models.OneToOneField(
        Dosing, on_delete=models.SET_NULL, null=True, blank=True, related_name="movement", verbose_name=_("dosing")
    )
    reference = models.CharField(_("reference"), max_length=60, blank=True, help_text=_("Delivery note number"))
    note = models.CharField(_("note"), max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-day", "-id"]
        verbose_name = _("stock movement")
        verbose_name_plural = _("stock movements")

    def __str__(self):
        return f"{self.stock} {self.day:%Y-%m-%d} {self.quantity_kg:+}"


class Backwash(PlantRecord):
    """A filter backwashed: when, how long, how much water it took."""

    plant = _plant_field("backwashes")
    unit = models.ForeignKey(
        "assets.Asset",
        on_delete=models.PROTECT,
        related_name="filter_backwashes",
        limit_choices_to={"kind": Kind.PROCESS_UNIT, "subtype__in": FILTER_UNIT_TYPES},
        verbose_name=_("filter"),
    )
    started_at = models.DateTimeField(_("started"), db_index=True)
    duration_min = models.PositiveSmallIntegerField(_("duration (min)"))
    water_m3 = models.DecimalField(_("backwash water (m³)"), null=True, blank=True, **VOLUME)
    head_loss_m = models.DecimalField(_("head loss before (m)"), max_digits=5, decimal_places=2, null=True, blank=True)
    operator = models.ForeignKey(
        "org.Staff", on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("operator")
    )
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        ordering = ["-started_at"]
        verbose_name = _("backwash")
        verbose_name_plural = _("backwashes")

    def __str__(self):
        return f"{self.unit.name or self.unit.code} {timezone.localtime(self.started_at):%Y-%m-%d %H:%M}"

    def get_absolute_url(self):
        return reverse("plants:backwash_detail", args=[self.pk])

    def clean(self):
        errors: dict = {}
        self.clean_plant(errors)
        if self.unit_id:
            if self.unit.kind != Kind.PROCESS_UNIT or self.unit.subtype not in FILTER_UNIT_TYPES:
                errors["unit"] = _("%(asset)s is not a filter.") % {"asset": self.unit}
            elif self.plant_id and self.unit.parent_id != self.plant_id:
                errors["unit"] = _("%(asset)s is not a unit of this plant.") % {"asset": self.unit}
        if self.started_at and self.started_at > timezone.now():
            errors["started_at"] = _("This is in the future.")
        if self.duration_min is not None and self.duration_min <= 0:
            errors["duration_min"] = _("The duration must be positive.")
        if self.water_m3 is not None and self.water_m3 < 0:
            errors["water_m3"] = _("A volume cannot be negative.")
        if errors:
            raise ValidationError(errors)


class UnitStatusChange(PlantRecord):
    """A process unit's status from a moment on (running, backwash, maintenance …): the latest is its status."""

    plant = _plant_field("unit_status_changes")
    unit = models.ForeignKey(
        "assets.Asset",
        on_delete=models.PROTECT,
        related_name="status_changes",
        limit_choices_to={"kind": Kind.PROCESS_UNIT},
        verbose_name=_("process unit"),
    )
    status = models.CharField(_("status"), max_length=20, choices=UnitStatus.choices)
    since = models.DateTimeField(_("since"), db_index=True)
    note = models.CharField(_("note"), max_length=200, blank=True)
    by = models.ForeignKey(
        "org.Staff", on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("by")
    )

    class Meta:
        ordering = ["-since", "-id"]
        verbose_name = _("unit status")
        verbose_name_plural = _("unit statuses")

    def __str__(self):
        return f"{self.unit.name or self.unit.code}: {self.get_status_display()}"

    def clean(self):
        errors: dict = {}
        self.clean_plant(errors)
        if self.unit_id:
            if self.unit.kind != Kind.PROCESS_UNIT:
                errors["unit"] = _("%(asset)s is not a process unit.") % {"asset": self.unit}
            elif self.plant_id and self.unit.parent_id != self.plant_id:
                errors["unit"] = _("%(asset)s is not a unit of this plant.") % {"asset": self.unit}
        if self.since and self.since > timezone.now():
            errors["since"] = _("This is in the future.")
        if errors:
            raise ValidationError(errors)


class ShiftLog(PlantRecord):
    """A shift at a plant: who was on duty, what happened, and the notes handed to the next shift."""

    plant = _plant_field("shift_logs")
    day = models.DateField(_("day"), db_index=True, help_text=_("The day the shift starts"))
    shift = models.CharField(_("shift"), max_length=10, choices=Shift.choices)
    team = models.ForeignKey(
        "org.Team", on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("team")
    )
    operator = models.ForeignKey(
        "org.Staff", on_delete=models.PROTECT, related_name="+", verbose_name=_("shift leader")
    )
    events = models.TextField(_("events"), blank=True, help_text=_("What happened on the shift"))
    handover_notes = models.TextField(_("handover notes"), blank=True, help_text=_("What the next shift must know"))
    handed_to = models.ForeignKey(
        "org.Staff",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("handed over to"),
    )
    received_at = models.DateTimeField(_("handover received"), null=True, blank=True)

    class Meta:
        ordering = ["-day", "-shift", "plant__code"]
        verbose_name = _("shift log")
        verbose_name_plural = _("shift logs")
        constraints = [models.UniqueConstraint(fields=["plant", "day", "shift"], name="plants_shiftlog_unique")]

    def __str__(self):
        return f"{self.plant.name or self.plant.code} {self.day:%Y-%m-%d} {self.get_shift_display()}"

    def get_absolute_url(self):
        return reverse("plants:shiftlog_detail", args=[self.pk])

    def clean(self):
        errors: dict = {}
        self.clean_plant(errors)
        if self.day and self.day > timezone.localdate():
            errors["day"] = _("This day is in the future.")
        if self.operator_id and self.plant_id and self.operator.company_id != self.plant.company_id:
            errors["operator"] = _("The shift leader works for another company.")
        if self.handed_to_id and self.handed_to_id == self.operator_id:
            errors["handed_to"] = _("The shift is handed over to someone else.")
        if errors:
            raise ValidationError(errors)
