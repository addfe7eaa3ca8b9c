"""The water-quality lab: parameters and limits (as data), sampling points and plans, tasks, samples, results,
exceedances and raised sampling frequencies."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from shuiwu.core.models import ChangeLoggedModel, CompanyScopedModel
from shuiwu.quality import values
from shuiwu.quality.choices import (
    EDITABLE_SAMPLE_STATUSES,
    ExceedanceLevel,
    ExceedanceStatus,
    Grade,
    LimitKind,
    ParameterGroup,
    Period,
    PointKind,
    Qualifier,
    SampleStatus,
    StandardKind,
    TaskKind,
    TaskStatus,
    ValueType,
    Verdict,
)

DECIMAL = {"max_digits": 18, "decimal_places": 6}


def _kinds_valid(kinds) -> bool:
    return isinstance(kinds, list) and all(k in PointKind.values for k in kinds)


class Parameter(ChangeLoggedModel):
    """A quantity the lab measures (浑浊度, 游离氯 …), its unit and how its values are written."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=100)
    name_en = models.CharField(_("English name"), max_length=100, blank=True)
    unit = models.CharField(_("unit"), max_length=30, blank=True)
    group = models.CharField(_("group"), max_length=20, choices=ParameterGroup.choices)
    value_type = models.CharField(_("value type"), max_length=20, choices=ValueType.choices, default=ValueType.NUMBER)
    decimals = models.PositiveSmallIntegerField(_("decimals shown"), default=2)
    aliases = models.JSONField(
        _("aliases"), default=list, blank=True, help_text=_("Other column headings an instrument export uses")
    )
    analyser_measure = models.CharField(
        _("online analyser measure"),
        max_length=20,
        blank=True,
        help_text=_("The telemetry measure of an online analyser of this parameter (turbidity, chlorine)"),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["order", "code"]
        verbose_name = _("parameter")
        verbose_name_plural = _("parameters")

    def __str__(self):
        return f"{self.name} ({self.unit})" if self.unit else self.name

    def get_absolute_url(self):
        return reverse("quality:parameter_detail", args=[self.pk])

    @property
    def qualitative(self) -> bool:
        return self.value_type == ValueType.QUALITATIVE


class Standard(ChangeLoggedModel):
    """A set of limits: GB 5749-2022, GB 18918-2002 grade 1A, the utility's internal control limits."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=StandardKind.choices)
    point_kinds = models.JSONField(_("applies to"), default=list, help_text=_("The kinds of sampling point it judges"))
    source = models.CharField(_("source"), max_length=300, blank=True)
    local_policy = models.BooleanField(_("local policy"), default=False)
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["kind", "code"]
        verbose_name = _("standard")
        verbose_name_plural = _("standards")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("quality:limit_list") + f"?standard={self.pk}"

    def clean(self):
        if not _kinds_valid(self.point_kinds):
            raise ValidationError({"point_kinds": _("A list of sampling-point kinds.")})


class Limit(ChangeLoggedModel):
    """One parameter's limit in one standard, perhaps only at some kinds of point (free chlorine at the outlet)."""

    standard = models.ForeignKey(Standard, on_delete=models.CASCADE, related_name="limits", verbose_name=_("standard"))
    parameter = models.ForeignKey(
        Parameter, on_delete=models.PROTECT, related_name="limits", verbose_name=_("parameter")
    )
    point_kinds = models.JSONField(
        _("only at"), default=list, blank=True, help_text=_("Empty: every kind of point the standard judges")
    )
    kind = models.CharField(_("limit kind"), max_length=20, choices=LimitKind.choices)
    lower = models.DecimalField(_("lower limit"), null=True, blank=True, **DECIMAL)
    upper = models.DecimalField(_("upper limit"), null=True, blank=True, **DECIMAL)
    grade = models.CharField(_("source grade"), max_length=2, choices=Grade.choices)
    confirmed = models.BooleanField(
        _("confirmed"), default=True, help_text=_("False: the figure is not confirmed in the standard's text")
    )
    source = models.CharField(_("source"), max_length=300, blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        ordering = ["standard", "parameter__order", "parameter__code", "pk"]
        verbose_name = _("limit")
        verbose_name_plural = _("limits")

    def __str__(self):
        return f"{self.parameter.name} {self.text}"

    def get_absolute_url(self):
        return reverse("quality:limit_detail", args=[self.pk])

    @property
    def text(self) -> str:
        return values.describe_limit(self.kind, self.lower, self.upper)

    def applies_to(self, point_kind: str) -> bool:
        return point_kind in (self.point_kinds or self.standard.point_kinds)

    def clean(self):
        errors = {}
        if not _kinds_valid(self.point_kinds or []):
            errors["point_kinds"] = _("A list of sampling-point kinds.")
        if self.kind in (LimitKind.MAX, LimitKind.RANGE) and self.upper is None:
            errors["upper"] = _("This kind of limit needs an upper limit.")
        if self.kind in (LimitKind.MIN, LimitKind.RANGE) and self.lower is None:
            errors["lower"] = _("This kind of limit needs a lower limit.")
        if (
            self.kind == LimitKind.RANGE
            and self.lower is not None
            and self.upper is not None
            and self.lower > self.upper
        ):
            errors["upper"] = _("The upper limit is below the lower limit.")
        if errors:
            raise ValidationError(errors)


class SamplingPoint(CompanyScopedModel):
    """A place the lab takes water from: the intake, a process stage, the plant outlet, a network tap …"""

    code = models.CharField(_("code"), max_length=30, unique=True)
    name = models.CharField(_("name"), max_length=100)
    kind = models.CharField(_("kind"), max_length=20, choices=PointKind.choices, db_index=True)
    asset = models.ForeignKey(
        "assets.Asset",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("asset"),
        help_text=_("The intake, process unit, plant, network node or secondary-supply unit sampled"),
    )
    plant = models.ForeignKey(
        "assets.Asset",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        limit_choices_to={"kind": "plant"},
        verbose_name=_("plant"),
    )
    lon = models.FloatField(_("longitude"), null=True, blank=True)
    lat = models.FloatField(_("latitude"), null=True, blank=True)
    address = models.CharField(_("address"), max_length=200, blank=True)
    active = models.BooleanField(_("active"), default=True)
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("sampling point")
        verbose_name_plural = _("sampling points")

    def __str__(self):
        return f"{self.code} {self.name}"

    def get_absolute_url(self):
        return reverse("quality:samplingpoint_detail", args=[self.pk])

    def clean(self):
        if (self.lon is None) != (self.lat is None):
            raise ValidationError({"lat": _("Give both longitude and latitude, or neither.")})
        if self.lon is not None and not (-180 <= self.lon <= 180 and -90 <= self.lat <= 90):
            raise ValidationError({"lon": _("Not a WGS84 position.")})


class Plan(ChangeLoggedModel):
    """A sampling plan: which parameters, at which kinds of point, how often (CJ/T 206 Table 3 as data)."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=200)
    point_kinds = models.JSONField(_("at points of kind"), default=list)
    parameters = models.ManyToManyField(Parameter, related_name="plans", verbose_name=_("parameters"))
    period = models.CharField(_("period"), max_length=10, choices=Period.choices)
    every = models.PositiveSmallIntegerField(_("every (periods)"), default=1)
    times = models.PositiveSmallIntegerField(_("samples per period"), default=1)
    grade = models.CharField(_("source grade"), max_length=2, choices=Grade.choices, default=Grade.P)
    source = models.CharField(_("source"), max_length=300, blank=True)
    local_policy = models.BooleanField(_("local policy"), default=False)
    active = models.BooleanField(_("active"), default=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order", "code"]
        verbose_name = _("sampling plan")
        verbose_name_plural = _("sampling plans")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("quality:plan_detail", args=[self.pk])

    def clean(self):
        errors = {}
        if not _kinds_valid(self.point_kinds) or not self.point_kinds:
            errors["point_kinds"] = _("A list of sampling-point kinds.")
        if not self.every or not self.times:
            errors["times"] = _("At least one sample every period.")
        if errors:
            raise ValidationError(errors)


class Escalation(CompanyScopedModel):
    """A raised sampling frequency at a point after an exceedance (CJ/T 206: retest and sample more often)."""

    point = models.ForeignKey(
        SamplingPoint, on_delete=models.CASCADE, related_name="escalations", verbose_name=_("sampling point")
    )
    parameter = models.ForeignKey(Parameter, on_delete=models.PROTECT, related_name="+", verbose_name=_("parameter"))
    starts = models.DateField(_("from"))
    ends = models.DateField(_("until"))
    per_day = models.PositiveSmallIntegerField(_("samples per day"), default=1)
    reason = models.CharField(_("reason"), max_length=300, blank=True)

    class Meta:
        ordering = ["-starts", "-id"]
        verbose_name = _("raised frequency")
        verbose_name_plural = _("raised frequencies")

    def __str__(self):
        return f"{self.point.code} {self.parameter.name} {self.starts}–{self.ends}"

    def get_absolute_url(self):
        return reverse("quality:samplingpoint_detail", args=[self.point_id])


class SampleTask(CompanyScopedModel):
    """A sample to take: generated from a plan (or a retest, or a raised frequency), due on a day."""

    point = models.ForeignKey(
        SamplingPoint, on_delete=models.CASCADE, related_name="tasks", verbose_name=_("sampling point")
    )
    plan = models.ForeignKey(
        Plan, on_delete=models.PROTECT, null=True, blank=True, related_name="tasks", verbose_name=_("plan")
    )
    kind = models.CharField(_("kind"), max_length=10, choices=TaskKind.choices, default=TaskKind.ROUTINE)
    window_start = models.DateField(_("window opens"))
    due = models.DateField(_("due"), db_index=True)
    slot = models.PositiveSmallIntegerField(_("slot"), default=0)
    parameter_codes = models.JSONField(
        _("parameters"), default=list, blank=True, help_text=_("Empty: the plan's parameters")
    )
    status = models.CharField(_("status"), max_length=10, choices=TaskStatus.choices, default=TaskStatus.OPEN)
    late = models.BooleanField(_("late"), default=False)
    taken_at = models.DateTimeField(_("sampled at"), null=True, blank=True)
    reason = models.CharField(_("reason"), max_length=300, blank=True)

    class Meta:
        ordering = ["due", "point__code", "pk"]
        verbose_name = _("sample task")
        verbose_name_plural = _("sample tasks")
        constraints = [
            models.UniqueConstraint(
                fields=["point", "plan", "kind", "due", "slot"],
                condition=models.Q(plan__isnull=False),
                name="quality_one_task_per_plan_slot",
            )
        ]
        indexes = [models.Index(fields=["company", "status", "due"], name="quality_task_co_status_due")]

    def __str__(self):
        what = self.plan.name if self.plan_id else self.get_kind_display()
        return f"{self.point.code} {what} {self.due}"

    def get_absolute_url(self):
        return reverse("quality:sampletask_detail", args=[self.pk])

    def codes(self) -> list[str]:
        if self.parameter_codes:
            return list(self.parameter_codes)
        if self.plan_id:
            return [p.code for p in self.plan.parameters.all()]
        return []


class Sample(CompanyScopedModel):
    """One bottle taken at a point: its results are entered by a technician and approved by a reviewer."""

    number = models.CharField(_("number"), max_length=20, unique=True, editable=False)
    point = models.ForeignKey(
        SamplingPoint, on_delete=models.PROTECT, related_name="samples", verbose_name=_("sampling point")
    )
    task = models.OneToOneField(
        SampleTask, on_delete=models.SET_NULL, null=True, blank=True, related_name="sample", verbose_name=_("task")
    )
    kind = models.CharField(_("kind"), max_length=10, choices=TaskKind.choices, default=TaskKind.ROUTINE)
    parameter_codes = models.JSONField(_("parameters"), default=list)
    sampled_at = models.DateTimeField(_("sampled at"), db_index=True)
    sampled_by = models.CharField(_("sampled by"), max_length=50, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=SampleStatus.choices, default=SampleStatus.SAMPLED)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("entered by"),
    )
    entered_at = models.DateTimeField(_("entered at"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("reviewed by"),
    )
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    review_note = models.CharField(_("review note"), max_length=300, blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        ordering = ["-sampled_at", "-id"]
        verbose_name = _("sample")
        verbose_name_plural = _("samples")
        permissions = [("approve_sample", _("Can approve a sample's results"))]
        indexes = [models.Index(fields=["point", "sampled_at"], name="quality_sample_point_time")]

    def __str__(self):
        return self.number

    def get_absolute_url(self):
        return reverse("quality:sample_detail", args=[self.pk])

    @property
    def editable(self) -> bool:
        return self.status in EDITABLE_SAMPLE_STATUSES

    @property
    def approved(self) -> bool:
        return self.status == SampleStatus.APPROVED


class Result(ChangeLoggedModel):
    """One parameter's value in one sample, as reported, and its verdicts against the national and internal
    limits (set when the sample is approved)."""

    scope_path = "sample__company"

    sample = models.ForeignKey(Sample, on_delete=models.CASCADE, related_name="results", verbose_name=_("sample"))
    parameter = models.ForeignKey(Parameter, on_delete=models.PROTECT, related_name="+", verbose_name=_("parameter"))
    reported = models.CharField(_("reported"), max_length=50, help_text=_('As written: "0.12", "<0.01", "未检出"'))
    qualifier = models.CharField(_("qualifier"), max_length=3, choices=Qualifier.choices)
    value = models.DecimalField(
        _("value"), null=True, blank=True, help_text=_("The number; for “<” the detection limit"), **DECIMAL
    )
    national_limit = models.ForeignKey(
        Limit, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("national limit")
    )
    national = models.CharField(
        _("national verdict"), max_length=12, choices=Verdict.choices, default=Verdict.NONE, db_index=True
    )
    internal_limit = models.ForeignKey(
        Limit, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("internal limit")
    )
    internal = models.CharField(_("internal verdict"), max_length=12, choices=Verdict.choices, default=Verdict.NONE)

    class Meta:
        ordering = ["sample", "parameter__order", "parameter__code"]
        verbose_name = _("result")
        verbose_name_plural = _("results")
        constraints = [models.UniqueConstraint(fields=["sample", "parameter"], name="quality_one_result_per_parameter")]

    def __str__(self):
        return f"{self.parameter.name} {self.reported}"

    def get_absolute_url(self):
        return reverse("quality:sample_detail", args=[self.sample_id])

    @property
    def measured(self) -> values.Measured:
        return values.Measured(self.qualifier, self.value, self.reported)


class Exceedance(CompanyScopedModel):
    """A result over a limit, and what followed: the retest, the raised frequency, the ticket."""

    result = models.ForeignKey(Result, on_delete=models.CASCADE, related_name="exceedances", verbose_name=_("result"))
    point = models.ForeignKey(
        SamplingPoint, on_delete=models.CASCADE, related_name="exceedances", verbose_name=_("sampling point")
    )
    parameter = models.ForeignKey(Parameter, on_delete=models.PROTECT, related_name="+", verbose_name=_("parameter"))
    level = models.CharField(_("level"), max_length=10, choices=ExceedanceLevel.choices)
    limit = models.ForeignKey(Limit, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("limit"))
    limit_text = models.CharField(_("limit"), max_length=40)
    reported = models.CharField(_("reported"), max_length=50)
    detected_at = models.DateTimeField(_("detected at"), db_index=True)
    status = models.CharField(
        _("status"), max_length=10, choices=ExceedanceStatus.choices, default=ExceedanceStatus.OPEN
    )
    retest = models.ForeignKey(
        SampleTask, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("retest")
    )
    escalation = models.ForeignKey(
        Escalation,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("raised frequency"),
    )
    ticket = models.ForeignKey(
        "work.Ticket", on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("ticket")
    )
    alarm = models.ForeignKey(
        "telemetry.Alarm",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("alarm"),
        help_text=_("Raised on the point's online analyser (or another sensor there), so the control room sees it."),
    )
    resolved_at = models.DateTimeField(_("resolved at"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        ordering = ["-detected_at", "-id"]
        verbose_name = _("exceedance")
        verbose_name_plural = _("exceedances")

    def __str__(self):
        return f"{self.point.code} {self.parameter.name} {self.reported} ({self.limit_text})"

    def get_absolute_url(self):
        return reverse("quality:exceedance_detail", args=[self.pk])
