"""Emergency preparedness: contingency plans with their roles, drills and their follow-up, material stocks by
warehouse, and the weather modes (typhoon, heat) with the warnings that switch them on."""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from shuiwu.core.models import ChangeLoggedModel, CompanyScopedModel
from shuiwu.core.scope import ScopedQuerySet
from shuiwu.emergency.choices import (
    DrillKind,
    DrillStatus,
    MaterialKind,
    ModeKind,
    ModeSource,
    PlanStatus,
    PlanType,
    WarningLevel,
)

NOT_NEGATIVE = [MinValueValidator(Decimal("0"))]


def _same_family(staff, company_id) -> bool:
    """A staff member of the company or of its parent (the group's officers lead subsidiaries' plans too)."""
    if staff is None or company_id is None:
        return True
    from shuiwu.org.models import Company

    parent_id = Company.objects.filter(pk=company_id).values_list("parent_id", flat=True).first()
    return staff.company_id in (company_id, parent_id)


class ContingencyPlan(CompanyScopedModel):
    """A contingency plan (应急预案): what happens, who does what, who calls whom, the steps and the documents."""

    code = models.CharField(_("code"), max_length=30)
    name = models.CharField(_("name"), max_length=100)
    plan_type = models.CharField(_("type of plan"), max_length=20, choices=PlanType.choices)
    status = models.CharField(_("status"), max_length=10, choices=PlanStatus.choices, default=PlanStatus.ACTIVE)
    version = models.CharField(_("version"), max_length=20, blank=True)
    effective_on = models.DateField(_("in force from"), null=True, blank=True)
    review_on = models.DateField(_("next review"), null=True, blank=True)
    summary = models.TextField(_("scope and triggers"), blank=True)
    steps = models.JSONField(
        _("response steps"),
        default=list,
        blank=True,
        help_text=_("The response steps in order; a weather mode shows them"),
    )
    documents = models.JSONField(
        _("linked documents"), default=list, blank=True, help_text=_('[{"title": "…", "url": "…"}, …]')
    )
    inspection_plans = models.ManyToManyField(
        "inspections.Plan",
        blank=True,
        related_name="contingency_plans",
        verbose_name=_("equipment checks"),
        help_text=_("Inspection plans that keep the plan's equipment ready, e.g. lightning protection"),
    )

    class Meta:
        ordering = ["company__code", "plan_type", "code"]
        verbose_name = _("contingency plan")
        verbose_name_plural = _("contingency plans")
        constraints = [models.UniqueConstraint(fields=["company", "code"], name="emergency_plan_code_unique")]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("emergency:plan_detail", args=[self.pk])

    def clean(self):
        errors = {}
        if self.effective_on and self.review_on and self.review_on < self.effective_on:
            errors["review_on"] = _("The review comes before the plan is in force.")
        if not isinstance(self.steps, list) or not all(isinstance(s, str) and s.strip() for s in self.steps):
            errors["steps"] = _("A list of steps, each a non-empty text.")
        docs = self.documents
        if not isinstance(docs, list) or not all(isinstance(d, dict) and d.get("title") for d in docs):
            errors["documents"] = _("A list of documents, each with a title (and a link).")
        if errors:
            raise ValidationError(errors)


class PlanRole(models.Model):
    """A role in a plan (总指挥, 现场抢修组…), who holds it, and whom they report to: the call tree."""

    scope_path = "plan__company"

    plan = models.ForeignKey(
        ContingencyPlan, on_delete=models.CASCADE, related_name="roles", verbose_name=_("contingency plan")
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    role = models.CharField(_("position"), max_length=50)
    duty = models.CharField(_("duty"), max_length=200, blank=True)
    staff = models.ForeignKey(
        "org.Staff", on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("holder")
    )
    deputy = models.ForeignKey(
        "org.Staff", on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("deputy")
    )
    reports_to = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="calls",
        verbose_name=_("called by"),
        help_text=_("The role that calls this one when the plan starts"),
    )

    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["plan", "order", "id"]
        verbose_name = _("plan role")
        verbose_name_plural = _("plan roles")

    def __str__(self):
        return self.role

    def clean(self):
        errors = {}
        company_id = self.plan.company_id if self.plan_id else None
        for name in ("staff", "deputy"):
            if not _same_family(getattr(self, name), company_id):
                errors[name] = _("The person works for another company.")
        if self.reports_to_id and self.plan_id and self.reports_to.plan_id != self.plan_id:
            errors["reports_to"] = _("The calling role belongs to another plan.")
        if errors:
            raise ValidationError(errors)


class Warehouse(CompanyScopedModel):
    """A store of emergency material (防汛物资仓库)."""

    code = models.CharField(_("code"), max_length=30)
    name = models.CharField(_("name"), max_length=100)
    address = models.CharField(_("address"), max_length=200, blank=True)
    keeper = models.ForeignKey(
        "org.Staff", on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("keeper")
    )
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["company__code", "code"]
        verbose_name = _("warehouse")
        verbose_name_plural = _("warehouses")
        constraints = [models.UniqueConstraint(fields=["company", "code"], name="emergency_warehouse_code_unique")]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("emergency:warehouse_detail", args=[self.pk])


class Material(ChangeLoggedModel):
    """An item of emergency material (a drainage pump set, sandbags, a DN300 repair clamp…): the catalogue."""

    code = models.CharField(_("code"), max_length=30, unique=True)
    name = models.CharField(_("name"), max_length=100)
    kind = models.CharField(_("kind"), max_length=20, choices=MaterialKind.choices)
    dn = models.PositiveSmallIntegerField(_("DN (mm)"), null=True, blank=True, help_text=_("For pipes and clamps"))
    unit = models.CharField(_("unit"), max_length=10)
    spec = models.CharField(_("specification"), max_length=100, blank=True)

    class Meta:
        ordering = ["kind", "dn", "code"]
        verbose_name = _("emergency material")
        verbose_name_plural = _("emergency materials")

    def __str__(self):
        return self.name


class Stock(ChangeLoggedModel):
    """How much of a material a warehouse holds, its minimum level, and its expiry and inspection dates."""

    scope_path = "warehouse__company"

    warehouse = models.ForeignKey(
        Warehouse, on_delete=models.CASCADE, related_name="stocks", verbose_name=_("warehouse")
    )
    material = models.ForeignKey(
        Material, on_delete=models.PROTECT, related_name="stocks", verbose_name=_("emergency material")
    )
    quantity = models.DecimalField(_("quantity"), max_digits=12, decimal_places=2, validators=NOT_NEGATIVE)
    minimum = models.DecimalField(
        _("minimum level"), max_digits=12, decimal_places=2, default=Decimal("0"), validators=NOT_NEGATIVE
    )
    expiry_on = models.DateField(_("expires"), null=True, blank=True)
    last_inspected_on = models.DateField(_("last inspected"), null=True, blank=True)
    next_inspection_on = models.DateField(_("next inspection"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        ordering = ["warehouse", "material__kind", "material__code"]
        verbose_name = _("stock")
        verbose_name_plural = _("stocks")
        constraints = [
            models.UniqueConstraint(fields=["warehouse", "material"], name="emergency_stock_unique"),
            models.CheckConstraint(
                condition=Q(quantity__gte=0) & Q(minimum__gte=0), name="emergency_stock_not_negative"
            ),
        ]

    def __str__(self):
        return f"{self.warehouse} · {self.material}" if self.warehouse_id and self.material_id else "stock"

    def get_absolute_url(self):
        return reverse("emergency:stock_edit", args=[self.pk])

    @property
    def below_minimum(self) -> bool:
        return self.quantity is not None and self.minimum is not None and self.quantity < self.minimum

    def usable_on(self, day) -> bool:
        """Counts towards readiness: not expired and not past its inspection date."""
        return (self.expiry_on is None or self.expiry_on >= day) and (
            self.next_inspection_on is None or self.next_inspection_on >= day
        )

    def clean(self):
        errors = {}
        if self.last_inspected_on and self.next_inspection_on and self.next_inspection_on < self.last_inspected_on:
            errors["next_inspection_on"] = _("The next inspection comes before the last one.")
        if self.last_inspected_on and self.last_inspected_on > timezone.localdate():
            errors["last_inspected_on"] = _("The last inspection cannot be in the future.")
        if errors:
            raise ValidationError(errors)


class PlanMaterial(models.Model):
    """What a plan needs ready: e.g. the flood plan needs 17 drainage pump sets."""

    scope_path = "plan__company"

    plan = models.ForeignKey(
        ContingencyPlan, on_delete=models.CASCADE, related_name="materials", verbose_name=_("contingency plan")
    )
    material = models.ForeignKey(
        Material, on_delete=models.PROTECT, related_name="+", verbose_name=_("emergency material")
    )
    quantity = models.DecimalField(
        _("quantity needed"), max_digits=12, decimal_places=2, validators=[MinValueValidator(Decimal("0.01"))]
    )

    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["plan", "material__kind", "material__code"]
        verbose_name = _("material needed")
        verbose_name_plural = _("materials needed")
        constraints = [
            models.UniqueConstraint(fields=["plan", "material"], name="emergency_planmaterial_unique"),
            models.CheckConstraint(condition=Q(quantity__gt=0), name="emergency_planmaterial_positive"),
        ]

    def __str__(self):
        return f"{self.material} × {self.quantity}"


class Drill(CompanyScopedModel):
    """A drill of a plan: planned, then held (date, participants, findings) or cancelled."""

    number = models.CharField(_("number"), max_length=20, unique=True, editable=False)
    plan = models.ForeignKey(
        ContingencyPlan, on_delete=models.PROTECT, related_name="drills", verbose_name=_("contingency plan")
    )
    title = models.CharField(_("title"), max_length=150)
    kind = models.CharField(_("kind"), max_length=20, choices=DrillKind.choices, default=DrillKind.FUNCTIONAL)
    status = models.CharField(_("status"), max_length=10, choices=DrillStatus.choices, default=DrillStatus.PLANNED)
    scenario = models.TextField(_("drill scenario"), blank=True)
    location = models.CharField(_("location"), max_length=200, blank=True)
    planned_on = models.DateField(_("planned for"))
    held_on = models.DateField(_("held on"), null=True, blank=True)
    hours = models.DecimalField(
        _("duration (h)"), max_digits=5, decimal_places=1, null=True, blank=True, validators=NOT_NEGATIVE
    )
    participants = models.ManyToManyField(
        "org.Staff", blank=True, related_name="drills", verbose_name=_("participants")
    )
    other_participants = models.PositiveIntegerField(
        _("other participants"), default=0, help_text=_("People from outside, e.g. the fire brigade or a community")
    )
    findings = models.TextField(_("drill findings"), blank=True)

    class Meta:
        ordering = ["-planned_on", "-id"]
        verbose_name = _("drill")
        verbose_name_plural = _("drills")
        indexes = [models.Index(fields=["company", "planned_on"], name="emergency_drill_co_planned")]

    def __str__(self):
        return f"{self.number} {self.title}" if self.number else self.title

    def get_absolute_url(self):
        return reverse("emergency:drill_detail", args=[self.pk])

    def clean(self):
        errors = {}
        if self.plan_id and self.company_id and self.plan.company_id != self.company_id:
            errors["plan"] = _("The plan belongs to another company.")
        if self.status == DrillStatus.DONE and self.held_on is None:
            errors["held_on"] = _("A held drill needs the day it was held.")
        if self.held_on and self.held_on > timezone.localdate():
            errors["held_on"] = _("A drill cannot be held in the future.")
        if self.held_on and self.status == DrillStatus.PLANNED:
            errors["status"] = _("A drill with a day held is held: set the status.")
        if errors:
            raise ValidationError(errors)


class DrillAction(models.Model):
    """A follow-up action from a drill's findings, with its owner and due day."""

    scope_path = "drill__company"

    drill = models.ForeignKey(Drill, on_delete=models.CASCADE, related_name="actions", verbose_name=_("drill"))
    description = models.CharField(_("follow-up action"), max_length=300)
    owner = models.ForeignKey("org.Staff", on_delete=models.PROTECT, related_name="+", verbose_name=_("owner"))
    due_on = models.DateField(_("due"))
    done_on = models.DateField(_("done on"), null=True, blank=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["drill", "due_on", "id"]
        verbose_name = _("follow-up action")
        verbose_name_plural = _("follow-up actions")

    def __str__(self):
        return self.description

    def clean(self):
        errors = {}
        drill = self.drill if self.drill_id else None
        start = (drill.held_on or drill.planned_on) if drill else None
        if start and self.due_on and self.due_on < start:
            errors["due_on"] = _("The action is due before the drill.")
        if start and self.done_on and self.done_on < start:
            errors["done_on"] = _("The action was done before the drill.")
        if drill is not None and self.owner_id and not _same_family(self.owner, drill.company_id):
            errors["owner"] = _("The person works for another company.")
        if errors:
            raise ValidationError(errors)


class WeatherMode(CompanyScopedModel):
    """A typhoon or heat mode: on from ``started_at`` until a manager ends it.

    A mode of a company covers its subsidiaries too (the group office's mode covers the whole group).
    """

    kind = models.CharField(_("kind"), max_length=10, choices=ModeKind.choices)
    plan = models.ForeignKey(
        ContingencyPlan,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="weather_modes",
        verbose_name=_("contingency plan"),
        help_text=_("The plan whose checklist the mode shows"),
    )
    level = models.CharField(_("warning level"), max_length=10, choices=WarningLevel.choices, blank=True)
    source = models.CharField(_("source"), max_length=10, choices=ModeSource.choices, default=ModeSource.MANUAL)
    note = models.CharField(_("note"), max_length=300, blank=True)
    started_at = models.DateTimeField(_("on since"))
    ended_at = models.DateTimeField(_("ended"), null=True, blank=True)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("switched on by"),
    )
    ended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("ended by"),
    )

    class Meta:
        ordering = ["-started_at", "-id"]
        verbose_name = _("weather mode")
        verbose_name_plural = _("weather modes")
        constraints = [
            models.UniqueConstraint(
                fields=["company", "kind"], condition=Q(ended_at__isnull=True), name="emergency_one_mode_on"
            )
        ]

    def __str__(self):
        return str(self.get_kind_display())

    def get_absolute_url(self):
        return reverse("emergency:weathermode_detail", args=[self.pk])

    @property
    def is_on(self) -> bool:
        return self.ended_at is None

    def clean(self):
        if self.started_at and self.ended_at and self.ended_at < self.started_at:
            raise ValidationError({"ended_at": _("The mode ends before it started.")})


class WeatherWarning(CompanyScopedModel):
    """A meteorological warning received (imported or typed in); at the set level it switches a mode on."""

    kind = models.CharField(_("kind"), max_length=10, choices=ModeKind.choices)
    level = models.CharField(_("warning level"), max_length=10, choices=WarningLevel.choices)
    issued_at = models.DateTimeField(_("issued at"))
    issuer = models.CharField(_("issued by"), max_length=100, blank=True)
    text = models.TextField(_("text"), blank=True)
    mode = models.ForeignKey(
        WeatherMode,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="warnings",
        verbose_name=_("weather mode"),
    )

    class Meta:
        ordering = ["-issued_at", "-id"]
        verbose_name = _("weather warning")
        verbose_name_plural = _("weather warnings")

    def __str__(self):
        return f"{self.get_kind_display()} {self.get_level_display()}"
