"""Patrols and inspections: checklists, plans, rounds with their answers and GPS tracks, findings, violations."""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from shuiwu.assets.models import Asset
from shuiwu.core.models import ChangeLoggedModel, CompanyScopedModel
from shuiwu.core.scope import ScopedQuerySet
from shuiwu.inspections.choices import (
    FindingKind,
    FindingStatus,
    FrequencyUnit,
    ItemKind,
    PlanType,
    RoundStatus,
    ViolationStatus,
)
from shuiwu.org.models import Team


class Checklist(ChangeLoggedModel):
    """What to check at each checkpoint: a list of items with their kind, unit and limits."""

    code = models.CharField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=100)
    plan_type = models.CharField(_("plan type"), max_length=30, choices=PlanType.choices, blank=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("checklist")
        verbose_name_plural = _("checklists")

    def __str__(self):
        return self.name


class ChecklistItem(models.Model):
    checklist = models.ForeignKey(Checklist, on_delete=models.CASCADE, related_name="items")
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    label = models.CharField(_("item"), max_length=100)
    kind = models.CharField(_("kind"), max_length=10, choices=ItemKind.choices)
    unit = models.CharField(_("unit"), max_length=20, blank=True)
    min_value = models.DecimalField(_("lower limit"), max_digits=12, decimal_places=4, null=True, blank=True)
    max_value = models.DecimalField(_("upper limit"), max_digits=12, decimal_places=4, null=True, blank=True)
    expected = models.BooleanField(
        _("expected answer"), null=True, blank=True, help_text=_("For yes/no items: the answer that is in order")
    )
    choices = models.JSONField(_("choices"), default=list, blank=True, help_text=_("For choice items"))
    bad_choices = models.JSONField(_("choices that are a finding"), default=list, blank=True)
    required = models.BooleanField(_("required"), default=True)
    finding_kind = models.CharField(
        _("finding when out of limits"), max_length=20, choices=FindingKind.choices, default=FindingKind.OTHER
    )

    class Meta:
        ordering = ["checklist", "order", "id"]
        verbose_name = _("checklist item")
        verbose_name_plural = _("checklist items")

    def __str__(self):
        return f"{self.label} ({self.unit})" if self.unit else self.label

    def clean(self):
        if self.min_value is not None and self.max_value is not None and self.min_value > self.max_value:
            raise ValidationError({"max_value": _("The upper limit is below the lower limit.")})
        if self.kind == ItemKind.CHOICE and not self.choices:
            raise ValidationError({"choices": _("A choice item needs its choices.")})
        if self.kind != ItemKind.CHOICE and self.bad_choices:
            raise ValidationError({"bad_choices": _("Only a choice item has choices.")})

    @property
    def limits(self) -> str:
        low, high = self.min_value, self.max_value
        if low is not None and high is not None:
            return f"{low.normalize():f}–{high.normalize():f} {self.unit}".strip()
        if low is not None:
            return f"≥ {low.normalize():f} {self.unit}".strip()
        if high is not None:
            return f"≤ {high.normalize():f} {self.unit}".strip()
        return ""


class Plan(CompanyScopedModel):
    """What to inspect, how often, by which team and with which checklist: rules as data."""

    code = models.CharField(_("code"), max_length=40)
    name = models.CharField(_("name"), max_length=100)
    plan_type = models.CharField(_("plan type"), max_length=30, choices=PlanType.choices)
    team = models.ForeignKey(Team, on_delete=models.PROTECT, related_name="inspection_plans", verbose_name=_("team"))
    checklist = models.ForeignKey(
        Checklist, on_delete=models.PROTECT, related_name="plans", verbose_name=_("checklist")
    )
    every = models.PositiveSmallIntegerField(_("every"), default=1, validators=[MinValueValidator(1)])
    unit = models.CharField(_("unit"), max_length=10, choices=FrequencyUnit.choices, default=FrequencyUnit.DAYS)
    window_start = models.PositiveSmallIntegerField(
        _("from hour"), default=8, help_text=_("Local hour the rounds start (0–23)")
    )
    window_end = models.PositiveSmallIntegerField(
        _("to hour"), default=17, help_text=_("Local hour the last round may start (0–24)")
    )
    grace_hours = models.PositiveSmallIntegerField(
        _("grace (h)"),
        null=True,
        blank=True,
        help_text=_("A round is overdue this long after its time; empty: one interval (at most a day)"),
    )
    start_date = models.DateField(_("starts"))
    end_date = models.DateField(_("ends"), null=True, blank=True)
    active = models.BooleanField(_("active"), default=True)
    local_policy = models.BooleanField(
        _("local policy"), default=True, help_text=_("The frequency is the utility's own rule (no national figure)")
    )
    source = models.CharField(_("source of the frequency"), max_length=300, blank=True)
    route = models.ManyToManyField(
        Asset,
        blank=True,
        related_name="patrol_plans",
        verbose_name=_("route (pipes)"),
        limit_choices_to={"kind": "pipe"},
    )
    facility = models.ForeignKey(
        Asset,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("facility"),
        help_text=_("Its units become the checkpoints"),
    )
    target_km = models.DecimalField(_("target km per round"), max_digits=8, decimal_places=2, null=True, blank=True)

    class Meta:
        ordering = ["company__code", "code"]
        verbose_name = _("inspection plan")
        verbose_name_plural = _("inspection plans")
        constraints = [models.UniqueConstraint(fields=["company", "code"], name="inspections_plan_code_unique")]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("inspections:plan_detail", args=[self.pk])

    def clean(self):
        errors = {}
        if self.window_start is not None and not 0 <= self.window_start <= 23:
            errors["window_start"] = _("An hour from 0 to 23.")
        if self.window_end is not None and not 0 <= self.window_end <= 24:
            errors["window_end"] = _("An hour from 0 to 24.")
        if self.window_start is not None and self.window_end is not None and self.window_end <= self.window_start:
            errors["window_end"] = _("The window ends before it starts.")
        if self.end_date and self.start_date and self.end_date < self.start_date:
            errors["end_date"] = _("The plan ends before it starts.")
        if self.team_id and self.company_id and self.team.company_id != self.company_id:
            errors["team"] = _("The team belongs to another company.")
        if errors:
            raise ValidationError(errors)

    @property
    def frequency_label(self) -> str:
        return f"{self.every} {self.get_unit_display()}"


class Checkpoint(models.Model):
    """An asset a plan visits, in route order."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="checkpoints")
    asset = models.ForeignKey(Asset, on_delete=models.PROTECT, related_name="checkpoint_of")
    order = models.PositiveIntegerField(_("order"), default=0)

    objects = ScopedQuerySet.as_manager()
    scope_path = "plan__company"

    class Meta:
        ordering = ["plan", "order", "id"]
        constraints = [models.UniqueConstraint(fields=["plan", "asset"], name="inspections_checkpoint_unique")]
        verbose_name = _("checkpoint")
        verbose_name_plural = _("checkpoints")

    def __str__(self):
        return f"{self.order}. {self.asset}"


class Round(CompanyScopedModel):
    """One occurrence of a plan: scheduled by the job, walked by a team, judged by its answers and track."""

    plan = models.ForeignKey(Plan, on_delete=models.PROTECT, related_name="rounds", verbose_name=_("plan"))
    team = models.ForeignKey(Team, on_delete=models.PROTECT, related_name="rounds", verbose_name=_("team"))
    scheduled_for = models.DateTimeField(_("scheduled for"), db_index=True)
    due_by = models.DateTimeField(_("due by"))
    status = models.CharField(_("status"), max_length=12, choices=RoundStatus.choices, default=RoundStatus.PLANNED)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    finished_late = models.BooleanField(_("finished late"), default=False)
    inspector = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("inspector"),
    )
    crew_size = models.PositiveSmallIntegerField(
        _("crew size"), null=True, blank=True, help_text=_("People on the round: patrol person-trips (人次)")
    )
    planned_km = models.DecimalField(_("planned km"), max_digits=9, decimal_places=3, default=Decimal("0"))
    covered_km = models.DecimalField(_("km covered"), max_digits=9, decimal_places=3, null=True, blank=True)
    coverage_percent = models.DecimalField(_("coverage %"), max_digits=5, decimal_places=1, null=True, blank=True)
    track_km = models.DecimalField(_("km walked or driven"), max_digits=9, decimal_places=3, null=True, blank=True)
    checkpoints_planned = models.PositiveIntegerField(_("checkpoints planned"), default=0)
    checkpoints_done = models.PositiveIntegerField(_("checkpoints done"), default=0)
    checkpoints_skipped = models.PositiveIntegerField(_("checkpoints skipped"), default=0)
    dredged_km = models.DecimalField(_("km dredged"), max_digits=8, decimal_places=3, null=True, blank=True)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["-scheduled_for"]
        verbose_name = _("round")
        verbose_name_plural = _("rounds")
        constraints = [models.UniqueConstraint(fields=["plan", "scheduled_for"], name="inspections_round_unique")]
        indexes = [
            models.Index(fields=["company", "scheduled_for"], name="inspections_round_company_time"),
            models.Index(fields=["status", "due_by"], name="inspections_round_status_due"),
        ]

    def __str__(self):
        from django.utils import timezone

        return f"{self.plan} {timezone.localtime(self.scheduled_for):%Y-%m-%d %H:%M}"

    def get_absolute_url(self):
        return reverse("inspections:round_detail", args=[self.pk])

    @property
    def is_open(self) -> bool:
        return (
            self.status in (RoundStatus.PLANNED, RoundStatus.IN_PROGRESS, RoundStatus.OVERDUE)
            and self.finished_at is None
        )


class Visit(models.Model):
    """A checkpoint reached (or skipped, with a reason) on a round."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="visits")
    asset = models.ForeignKey(Asset, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(_("time"))
    skipped = models.BooleanField(_("skipped"), default=False)
    reason = models.CharField(_("reason"), max_length=200, blank=True)

    objects = ScopedQuerySet.as_manager()
    scope_path = "round__company"

    class Meta:
        constraints = [models.UniqueConstraint(fields=["round", "asset"], name="inspections_visit_unique")]
        verbose_name = _("visit")
        verbose_name_plural = _("visits")

    def __str__(self):
        return f"{self.round_id}:{self.asset_id}"


def answer_photo_path(instance, filename):
    return f"inspections/{instance.round_id}/{filename}"


class Answer(models.Model):
    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="answers")
    asset = models.ForeignKey(Asset, on_delete=models.PROTECT, related_name="+", verbose_name=_("checkpoint"))
    item = models.ForeignKey(ChecklistItem, on_delete=models.PROTECT, related_name="+", verbose_name=_("item"))
    number = models.DecimalField(_("number"), max_digits=12, decimal_places=4, null=True, blank=True)
    yes = models.BooleanField(_("yes/no"), null=True, blank=True)
    text = models.CharField(_("answer"), max_length=200, blank=True)
    photo = models.FileField(_("photo"), upload_to=answer_photo_path, blank=True)
    out_of_limits = models.BooleanField(_("out of limits"), default=False)
    at = models.DateTimeField(_("time"))

    objects = ScopedQuerySet.as_manager()
    scope_path = "round__company"

    class Meta:
        ordering = ["round", "asset", "item__order"]
        constraints = [models.UniqueConstraint(fields=["round", "asset", "item"], name="inspections_answer_unique")]
        verbose_name = _("answer")
        verbose_name_plural = _("answers")

    def __str__(self):
        return f"{self.item}: {self.display}"

    @property
    def display(self) -> str:
        if self.number is not None:
            return f"{self.number.normalize():f} {self.item.unit}".strip()
        if self.yes is not None:
            return str(_("yes") if self.yes else _("no"))
        return self.text or (self.photo.name if self.photo else "")


class TrackPoint(models.Model):
    """A GPS fix of a round, posted by the inspector's phone in batches."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="track")
    t = models.DateTimeField(_("time"))
    lon = models.FloatField()
    lat = models.FloatField()
    accuracy = models.FloatField(null=True, blank=True)

    objects = ScopedQuerySet.as_manager()
    scope_path = "round__company"

    class Meta:
        ordering = ["round", "t"]
        constraints = [models.UniqueConstraint(fields=["round", "t"], name="inspections_trackpoint_unique")]
        verbose_name = _("track point")
        verbose_name_plural = _("track points")

    def __str__(self):
        return f"{self.t:%H:%M:%S} {self.lon:.6f},{self.lat:.6f}"


def finding_photo_path(instance, filename):
    return f"findings/{filename}"


class Finding(CompanyScopedModel):
    """Something wrong found on a round (or reported by a patroller directly)."""

    round = models.ForeignKey(
        Round, on_delete=models.SET_NULL, null=True, blank=True, related_name="findings", verbose_name=_("round")
    )
    answer = models.OneToOneField(
        Answer, on_delete=models.SET_NULL, null=True, blank=True, related_name="finding", verbose_name=_("answer")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=FindingKind.choices)
    description = models.TextField(_("description"), blank=True)
    asset = models.ForeignKey(
        Asset, on_delete=models.SET_NULL, null=True, blank=True, related_name="findings", verbose_name=_("asset")
    )
    lon = models.FloatField(_("longitude"), null=True, blank=True)
    lat = models.FloatField(_("latitude"), null=True, blank=True)
    photo = models.FileField(_("photo"), upload_to=finding_photo_path, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=FindingStatus.choices, default=FindingStatus.OPEN)
    ticket = models.ForeignKey(
        "work.Ticket",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="findings",
        verbose_name=_("ticket"),
    )
    reported_at = models.DateTimeField(_("reported"), db_index=True)
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("reported by"),
    )

    class Meta:
        ordering = ["-reported_at"]
        verbose_name = _("finding")
        verbose_name_plural = _("findings")

    def __str__(self):
        return f"{self.get_kind_display()} {self.reported_at:%Y-%m-%d}"

    def get_absolute_url(self):
        return reverse("inspections:finding_detail", args=[self.pk])


class Violation(CompanyScopedModel):
    """An illegal-use case opened from a finding: party, evidence, estimated volume, fee or penalty."""

    number = models.CharField(_("number"), max_length=20, unique=True, editable=False)
    finding = models.OneToOneField(
        Finding, on_delete=models.PROTECT, related_name="violation", verbose_name=_("finding")
    )
    party = models.CharField(_("party"), max_length=100)
    party_phone = models.CharField(_("party phone"), max_length=20, blank=True)
    address = models.CharField(_("address"), max_length=200, blank=True)
    description = models.TextField(_("evidence and description"), blank=True)
    estimated_volume_m3 = models.DecimalField(
        _("estimated volume (m³)"),
        max_digits=12,
        decimal_places=2,
        default=Decimal("0"),
        validators=[MinValueValidator(Decimal("0"))],
    )
    fee = models.DecimalField(
        _("fee or penalty (yuan)"),
        max_digits=12,
        decimal_places=2,
        default=Decimal("0"),
        validators=[MinValueValidator(Decimal("0"))],
    )
    fee_paid = models.DecimalField(
        _("paid (yuan)"),
        max_digits=12,
        decimal_places=2,
        default=Decimal("0"),
        validators=[MinValueValidator(Decimal("0"))],
    )
    status = models.CharField(_("status"), max_length=15, choices=ViolationStatus.choices, default=ViolationStatus.OPEN)
    opened_at = models.DateTimeField(_("opened"), db_index=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)

    class Meta:
        ordering = ["-opened_at"]
        verbose_name = _("violation case")
        verbose_name_plural = _("violation cases")

    def __str__(self):
        return f"{self.number} {self.party}"

    def get_absolute_url(self):
        return reverse("inspections:violation_detail", args=[self.pk])

    def clean(self):
        if self.fee_paid is not None and self.fee is not None and self.fee_paid > self.fee:
            raise ValidationError({"fee_paid": _("More paid than the fee.")})
