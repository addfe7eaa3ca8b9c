"""The repair centre's records: tickets, work orders and their timeline, SLA policies, crews and outages."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from shuiwu.assets.models import DMA, Asset, GeoFields, GeoQuerySet
from shuiwu.core.models import BaseModel, ChangeLoggedModel, CompanyScopedModel
from shuiwu.core.scope import ScopedQuerySet
from shuiwu.org.models import Team, phone_validator
from shuiwu.work.choices import (
    OPEN_STATES,
    Category,
    Cause,
    Channel,
    OrderType,
    OutageKind,
    OutageStatus,
    Priority,
    State,
    TicketStatus,
)


class SLAPolicy(ChangeLoggedModel):
    """Deadlines for one category (and optionally priority and pipe size): rules as data.

    The most specific policy wins: category + priority + diameter band, then category + priority, then
    category alone. Minutes run from the order's creation; a pause stops the clock.
    """

    category = models.CharField(_("category"), max_length=20, choices=Category.choices)
    priority = models.PositiveSmallIntegerField(
        _("priority"), choices=Priority.choices, null=True, blank=True, help_text=_("Empty: any priority")
    )
    min_diameter = models.FloatField(
        _("from DN (mm, exclusive)"), null=True, blank=True, help_text=_("Applies above this diameter; empty: any")
    )
    max_diameter = models.FloatField(
        _("up to DN (mm, inclusive)"), null=True, blank=True, help_text=_("Applies up to this diameter; empty: any")
    )
    arrive_minutes = models.PositiveIntegerField(_("on site within (min)"), null=True, blank=True)
    night_arrive_minutes = models.PositiveIntegerField(
        _("on site at night within (min)"),
        null=True,
        blank=True,
        help_text=_("At night (see rule work.night_hours), when set"),
    )
    secure_minutes = models.PositiveIntegerField(
        _("made safe within (min)"),
        null=True,
        blank=True,
        help_text=_("Water shut off, or a barrier set, within this time"),
    )
    complete_minutes = models.PositiveIntegerField(_("completed within (min)"), null=True, blank=True)
    source = models.CharField(_("source"), max_length=300, blank=True)
    local_policy = models.BooleanField(_("local policy"), default=True)
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["category", "priority", "min_diameter"]
        verbose_name = _("SLA policy")
        verbose_name_plural = _("SLA policies")

    def __str__(self):
        parts = [self.get_category_display()]
        if self.priority:
            parts.append(self.get_priority_display())
        if self.min_diameter or self.max_diameter:
            parts.append(f"DN{self.min_diameter or 0:g}–{self.max_diameter or '∞'}")
        return " · ".join(str(p) for p in parts)

    def clean(self):
        if self.min_diameter is not None and self.max_diameter is not None and self.min_diameter >= self.max_diameter:
            raise ValidationError({"max_diameter": _("The upper diameter must be above the lower one.")})
        if not any((self.arrive_minutes, self.secure_minutes, self.complete_minutes)):
            raise ValidationError(_("Give at least one deadline."))


class MaterialItem(ChangeLoggedModel):
    """The material catalogue crews draw from (clamps, pipe by DN, fittings …)."""

    code = models.CharField(_("code"), max_length=30, unique=True)
    name = models.CharField(_("name"), max_length=100)
    unit = models.CharField(_("unit"), max_length=10)
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["code"]
        verbose_name = pgettext_lazy("catalogue", "material")
        verbose_name_plural = _("material catalogue")

    def __str__(self):
        return f"{self.name} ({self.unit})"


class CrewStatus(BaseModel):
    """A team's duty status and last known position, as the dispatcher sees it."""

    team = models.OneToOneField(Team, on_delete=models.CASCADE, related_name="crew_status", verbose_name=_("team"))
    on_duty = models.BooleanField(_("on duty"), default=False)
    lon = models.FloatField(_("longitude"), null=True, blank=True)
    lat = models.FloatField(_("latitude"), null=True, blank=True)
    position_at = models.DateTimeField(_("position at"), null=True, blank=True)

    objects = ScopedQuerySet.as_manager()
    scope_path = "team__company"

    class Meta:
        verbose_name = _("crew status")
        verbose_name_plural = _("crew status")

    def __str__(self):
        return f"{self.team} ({_('on duty') if self.on_duty else _('off duty')})"


class Located(models.Model):
    """A point where something happened, with an address (longitude/latitude, WGS84)."""

    address = models.CharField(_("address"), max_length=200, blank=True)
    lon = models.FloatField(_("longitude"), null=True, blank=True, validators=[MinValueValidator(-180)])
    lat = models.FloatField(_("latitude"), null=True, blank=True, validators=[MinValueValidator(-90)])

    class Meta:
        abstract = True

    def clean_location(self):
        if (self.lon is None) != (self.lat is None):
            raise ValidationError({"lat": _("Give both longitude and latitude, or neither.")})
        if self.lon is not None and not (-180 <= self.lon <= 180 and -90 <= self.lat <= 90):
            raise ValidationError({"lon": _("The position is outside longitude/latitude range.")})

    @property
    def position(self):
        return None if self.lon is None else (self.lon, self.lat)


class WorkOrderQuerySet(ScopedQuerySet):
    def open(self):
        return self.filter(state__in=OPEN_STATES)


class WorkOrder(CompanyScopedModel, Located):
    number = models.CharField(_("number"), max_length=20, unique=True, editable=False)
    order_type = models.CharField(_("type"), max_length=20, choices=OrderType.choices, default=OrderType.REPAIR)
    category = models.CharField(_("category"), max_length=20, choices=Category.choices)
    priority = models.PositiveSmallIntegerField(_("priority"), choices=Priority.choices, default=Priority.NORMAL)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    assets = models.ManyToManyField(Asset, blank=True, related_name="work_orders", verbose_name=_("assets"))
    diameter = models.FloatField(
        _("pipe DN (mm)"),
        null=True,
        blank=True,
        help_text=_("The size of the main concerned; it can select a stricter deadline."),
    )

    state = models.CharField(_("state"), max_length=20, choices=State.choices, default=State.NEW, db_index=True)
    version = models.PositiveIntegerField(default=0, editable=False)
    team = models.ForeignKey(
        Team, on_delete=models.PROTECT, null=True, blank=True, related_name="work_orders", verbose_name=_("team")
    )
    paused_from = models.CharField(max_length=20, choices=State.choices, blank=True, editable=False)
    pause_reason = models.CharField(_("pause reason"), max_length=200, blank=True)
    cancel_reason = models.CharField(_("cancel reason"), max_length=200, blank=True)

    # SLA: deadlines set from the policy at creation and pushed back by pauses.
    sla_policy = models.ForeignKey(
        SLAPolicy, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("SLA policy")
    )
    arrive_due = models.DateTimeField(_("on site by"), null=True, blank=True)
    secure_due = models.DateTimeField(_("made safe by"), null=True, blank=True)
    complete_due = models.DateTimeField(_("completed by"), null=True, blank=True, db_index=True)
    paused_at = models.DateTimeField(_("paused at"), null=True, blank=True)
    paused_seconds = models.PositiveIntegerField(_("paused (s)"), default=0)

    # Milestones, stamped by the transitions.
    dispatched_at = models.DateTimeField(_("dispatched"), null=True, blank=True)
    accepted_at = models.DateTimeField(_("accepted"), null=True, blank=True)
    en_route_at = models.DateTimeField(_("en route"), null=True, blank=True)
    arrived_at = models.DateTimeField(_("on site"), null=True, blank=True)
    secured_at = models.DateTimeField(_("made safe"), null=True, blank=True)
    completed_at = models.DateTimeField(_("completed"), null=True, blank=True, db_index=True)
    verified_at = models.DateTimeField(_("verified"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True)

    # What the crew records at completion.
    crew_size = models.PositiveSmallIntegerField(
        _("crew size"), null=True, blank=True, help_text=_("People on site: counts as person-trips (人次)")
    )
    excavation = models.BooleanField(_("excavation"), null=True, blank=True)
    repaired_diameter = models.FloatField(_("repaired DN (mm)"), null=True, blank=True)
    repaired_material = models.CharField(_("repaired material"), max_length=10, blank=True)
    cause = models.CharField(_("cause"), max_length=20, choices=Cause.choices, blank=True)
    repaired_asset = models.ForeignKey(
        Asset, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("repaired asset")
    )
    completion_note = models.TextField(_("completion note"), blank=True)

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )

    objects = WorkOrderQuerySet.as_manager()

    class Meta:
        ordering = ["-created"]
        verbose_name = _("work order")
        verbose_name_plural = _("work orders")
        permissions = [
            ("dispatch_workorder", _("Can dispatch, reassign and cancel work orders")),
            ("work_workorder", _("Can accept, travel, arrive, pause and complete work orders")),
            ("verify_workorder", _("Can verify and close work orders")),
        ]
        indexes = [
            models.Index(fields=["company", "state", "complete_due"], name="work_wo_board"),
            models.Index(fields=["company", "completed_at"], name="work_wo_company_completed"),
            models.Index(fields=["company", "created"], name="work_wo_company_created"),
        ]

    def __str__(self):
        return f"{self.number} {self.title}"

    def get_absolute_url(self):
        return reverse("work:workorder_detail", args=[self.pk])

    @property
    def is_open(self) -> bool:
        return self.state in OPEN_STATES

    def clean(self):
        self.clean_location()


class WorkOrderEvent(models.Model):
    """One transition of a work order: who moved it from which state to which, when, and why."""

    work_order = models.ForeignKey(WorkOrder, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField(_("time"), db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
    )
    from_state = models.CharField(_("from"), max_length=20, choices=State.choices, blank=True)
    to_state = models.CharField(_("to"), max_length=20, choices=State.choices)
    team = models.ForeignKey(
        Team, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("team")
    )
    note = models.CharField(_("note"), max_length=300, blank=True)

    objects = ScopedQuerySet.as_manager()
    scope_path = "work_order__company"

    class Meta:
        ordering = ["at", "id"]
        verbose_name = _("work-order event")
        verbose_name_plural = _("work-order events")

    def __str__(self):
        return f"{self.work_order.number}: {self.from_state} → {self.to_state}"


class WorkOrderMaterial(models.Model):
    work_order = models.ForeignKey(WorkOrder, on_delete=models.CASCADE, related_name="materials")
    item = models.ForeignKey(
        MaterialItem, on_delete=models.PROTECT, related_name="+", verbose_name=pgettext_lazy("catalogue", "material")
    )
    quantity = models.DecimalField(_("quantity"), max_digits=10, decimal_places=2, validators=[MinValueValidator(0)])

    objects = ScopedQuerySet.as_manager()
    scope_path = "work_order__company"

    class Meta:
        verbose_name = _("material used")
        verbose_name_plural = _("materials used")

    def __str__(self):
        return f"{self.item} × {self.quantity}"


def photo_path(instance, filename):
    return f"work/{instance.work_order_id}/{filename}"


class WorkOrderPhoto(models.Model):
    work_order = models.ForeignKey(WorkOrder, on_delete=models.CASCADE, related_name="photos")
    image = models.FileField(_("photo"), upload_to=photo_path)
    taken_at = models.DateTimeField(_("taken at"), auto_now_add=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = ScopedQuerySet.as_manager()
    scope_path = "work_order__company"

    class Meta:
        verbose_name = _("photo")
        verbose_name_plural = _("photos")

    def __str__(self):
        return self.image.name


class Ticket(CompanyScopedModel, Located):
    """A call (or window visit, patrol finding, alarm …) about a problem. Many tickets can share one order."""

    number = models.CharField(_("number"), max_length=20, unique=True, editable=False)
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices, default=Channel.PHONE)
    category = models.CharField(_("category"), max_length=20, choices=Category.choices)
    caller_name = models.CharField(_("caller"), max_length=50, blank=True)
    caller_phone = models.CharField(_("caller phone"), max_length=20, blank=True, validators=[phone_validator])
    account_no = models.CharField(_("account number"), max_length=30, blank=True)
    description = models.TextField(_("description"), blank=True)
    received_at = models.DateTimeField(_("received"), db_index=True)
    status = models.CharField(_("status"), max_length=10, choices=TicketStatus.choices, default=TicketStatus.OPEN)
    work_order = models.ForeignKey(
        WorkOrder,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="tickets",
        verbose_name=_("work order"),
    )
    asset = models.ForeignKey(
        Asset, on_delete=models.SET_NULL, null=True, blank=True, related_name="tickets", verbose_name=_("asset")
    )
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    caller_informed_at = models.DateTimeField(_("caller informed"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("taken by"),
    )

    class Meta:
        ordering = ["-received_at"]
        verbose_name = _("ticket")
        verbose_name_plural = _("tickets")
        indexes = [models.Index(fields=["company", "received_at"], name="work_ticket_company_received")]

    def __str__(self):
        return f"{self.number} {self.get_category_display()}"

    def get_absolute_url(self):
        return reverse("work:ticket_detail", args=[self.pk])

    def clean(self):
        self.clean_location()
        if not (self.caller_phone or self.address or self.account_no or self.lon is not None):
            raise ValidationError(_("Give an address, an account number, a phone number or a place on the map."))


class Outage(CompanyScopedModel, GeoFields):
    """A planned or unplanned interruption of supply, its area, the service points it cuts off, its notice."""

    number = models.CharField(_("number"), max_length=20, unique=True, editable=False)
    kind = models.CharField(_("kind"), max_length=10, choices=OutageKind.choices)
    status = models.CharField(_("status"), max_length=10, choices=OutageStatus.choices, default=OutageStatus.SCHEDULED)
    title = models.CharField(_("title"), max_length=200)
    start = models.DateTimeField(_("start"))
    expected_restore = models.DateTimeField(_("expected restoration"))
    restored_at = models.DateTimeField(_("restored"), null=True, blank=True)
    notice_at = models.DateTimeField(_("notice given"), null=True, blank=True)
    pipes = models.ManyToManyField(Asset, blank=True, related_name="outages", verbose_name=_("pipes"))
    dma = models.ForeignKey(
        DMA, on_delete=models.SET_NULL, null=True, blank=True, related_name="outages", verbose_name=_("DMA")
    )
    service_points = models.ManyToManyField(
        Asset, blank=True, related_name="outages_affecting", verbose_name=_("affected service points")
    )
    affected_count = models.PositiveIntegerField(_("service points affected"), default=0)
    critical_count = models.PositiveIntegerField(_("critical customers affected"), default=0)
    households = models.PositiveIntegerField(_("households affected"), default=0)
    notice_text = models.TextField(_("notice"), blank=True)
    work_order = models.ForeignKey(
        WorkOrder,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="outages",
        verbose_name=_("work order"),
    )
    valves = models.JSONField(_("valves to shut, in order"), default=list, blank=True)

    objects = GeoQuerySet.as_manager()

    class Meta:
        ordering = ["-start"]
        verbose_name = _("outage")
        verbose_name_plural = _("outages")
        indexes = [models.Index(fields=["company", "status", "start"], name="work_outage_company_status")]

    def __str__(self):
        return f"{self.number} {self.title}"

    def save(self, *args, **kwargs):
        self.set_bbox()
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("work:outage_detail", args=[self.pk])

    @property
    def has_started(self) -> bool:
        """Scheduled and past its start: active in fact, until the job marks it so."""
        from django.utils import timezone

        return self.status == OutageStatus.ACTIVE or (
            self.status == OutageStatus.SCHEDULED and self.start <= timezone.now()
        )

    def clean(self):
        self.clean_geometry()
        if self.start and self.expected_restore and self.expected_restore <= self.start:
            raise ValidationError({"expected_restore": _("Restoration must come after the start.")})
        if self.restored_at and self.start and self.restored_at < self.start:
            raise ValidationError({"restored_at": _("Restoration cannot come before the start.")})
