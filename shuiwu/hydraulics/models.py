"""Hydraulic models (versioned snapshots), scenarios as data, and runs with their compact results."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from shuiwu.core.models import CompanyScopedModel
from shuiwu.hydraulics.choices import ModelSource, RunStatus, ScenarioKind


class HydraulicModel(CompanyScopedModel):
    """One version of the network as EPANET sees it: a snapshot of the register or an imported .inp."""

    name = models.CharField(_("name"), max_length=100)
    version = models.PositiveIntegerField(_("version"), editable=False)
    source = models.CharField(_("source"), max_length=10, choices=ModelSource.choices)
    source_file = models.CharField(_("source file"), max_length=255, blank=True)
    model = models.JSONField(_("model"), editable=False, help_text=_("WNTR model dictionary, SI units"))
    counts = models.JSONField(_("element counts"), default=dict, editable=False)
    problems = models.JSONField(_("validation problems"), default=list, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", editable=False
    )
    note = models.TextField(_("note"), blank=True)

    changelog_exclude = ("created", "updated", "model")

    class Meta:
        ordering = ["-version"]
        verbose_name = _("hydraulic model")
        verbose_name_plural = _("hydraulic models")
        constraints = [models.UniqueConstraint(fields=["version"], name="hydraulics_model_version_unique")]

    def __str__(self):
        return f"v{self.version} {self.name}"

    def get_absolute_url(self):
        return reverse("hydraulics:hydraulicmodel_detail", args=[self.pk])

    @property
    def source_label(self):
        return self.get_source_display()

    @property
    def errors(self) -> list[dict]:
        return [p for p in self.problems if p.get("severity") == "error"]


class Scenario(CompanyScopedModel):
    """What to simulate, as data: a base day, a peak factor, closures, a pump off, a fire flow, growth."""

    name = models.CharField(_("name"), max_length=100)
    kind = models.CharField(_("kind"), max_length=20, choices=ScenarioKind.choices)
    model = models.ForeignKey(
        HydraulicModel,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="scenarios",
        verbose_name=_("model"),
        help_text=_("Empty: the newest model at the time of the run."),
    )
    duration_h = models.FloatField(_("duration (h)"), default=24)
    step_s = models.PositiveIntegerField(_("step (s)"), default=900)
    demand_factor = models.FloatField(_("demand factor"), default=1.0)
    closed_links = models.JSONField(_("closed pipes and valves"), default=list, blank=True)
    pumps_off = models.JSONField(_("pumps off"), default=list, blank=True)
    fire_node = models.CharField(_("fire-flow node"), max_length=60, blank=True)
    fire_flow_lps = models.FloatField(_("fire flow (L/s)"), default=0)
    fire_start_h = models.FloatField(_("fire starts at (h)"), default=0)
    fire_duration_h = models.FloatField(_("fire lasts (h)"), default=2)
    pressure_dependent = models.BooleanField(_("pressure-dependent demand"), default=False)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("scenario")
        verbose_name_plural = _("scenarios")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("hydraulics:scenario_detail", args=[self.pk])

    @property
    def kind_label(self):
        return self.get_kind_display()

    def clean(self):
        errors = {}
        if self.duration_h is not None and not 0 < self.duration_h <= 24 * 31:
            errors["duration_h"] = _("Between a few minutes and 31 days.")
        if self.step_s is not None and not 60 <= self.step_s <= 86400:
            errors["step_s"] = _("Between 60 s and one day.")
        if self.demand_factor is not None and not 0 < self.demand_factor <= 10:
            errors["demand_factor"] = _("Above 0 and at most 10.")
        if self.kind == ScenarioKind.FIRE_FLOW and (not self.fire_node or not self.fire_flow_lps):
            errors["fire_node"] = _("A fire-flow scenario needs a node and a flow.")
        if self.fire_flow_lps is not None and self.fire_flow_lps < 0:
            errors["fire_flow_lps"] = _("A flow cannot be negative.")
        if self.kind == ScenarioKind.CLOSURE and not self.closed_links:
            errors["closed_links"] = _("Name the pipes or valves to close.")
        if self.kind == ScenarioKind.PUMP_OFF and not self.pumps_off:
            errors["pumps_off"] = _("Name the pumps to stop.")
        for name in ("closed_links", "pumps_off"):
            value = getattr(self, name)
            if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                errors[name] = _("A list of element codes.")
        if errors:
            raise ValidationError(errors)


class Job(CompanyScopedModel):
    """A background computation: its state, progress, times and, when it failed, why."""

    status = models.CharField(_("status"), max_length=10, choices=RunStatus.choices, default=RunStatus.QUEUED)
    progress = models.FloatField(_("progress"), default=0)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    error = models.TextField(_("error"), blank=True)

    class Meta:
        abstract = True

    @property
    def status_label(self):
        return self.get_status_display()

    @property
    def seconds(self) -> float | None:
        if self.started_at and self.finished_at:
            return (self.finished_at - self.started_at).total_seconds()
        return None


class Run(Job):
    """One simulation of a scenario on one model version, run as a background job."""

    scenario = models.ForeignKey(Scenario, on_delete=models.CASCADE, related_name="runs", verbose_name=_("scenario"))
    model = models.ForeignKey(HydraulicModel, on_delete=models.PROTECT, related_name="runs", verbose_name=_("model"))
    parameters = models.JSONField(_("parameters"), default=dict, editable=False)
    summary = models.JSONField(_("summary"), default=dict, editable=False)
    service = models.JSONField(_("pressure service"), default=dict, editable=False)
    results = models.BinaryField(_("results"), null=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", editable=False
    )

    changelog_exclude = ("created", "updated", "results", "progress", "summary", "service")

    class Meta:
        ordering = ["-created", "-id"]
        verbose_name = _("run")
        verbose_name_plural = _("runs")

    def __str__(self):
        return f"{self.scenario} #{self.pk}"

    def get_absolute_url(self):
        return reverse("hydraulics:run_detail", args=[self.pk])


class CriticalityRun(Job):
    """A whole-network ranking of pipe segments by the customers and demand a shut-down would cut off."""

    model = models.ForeignKey(HydraulicModel, on_delete=models.PROTECT, related_name="+", verbose_name=_("model"))
    ranking = models.JSONField(_("ranking"), default=list, editable=False)

    changelog_exclude = ("created", "updated", "ranking", "progress")

    class Meta:
        ordering = ["-created", "-id"]
        verbose_name = _("criticality run")
        verbose_name_plural = _("criticality runs")

    def __str__(self):
        return f"{_('Criticality')} #{self.pk}"

    def get_absolute_url(self):
        return reverse("hydraulics:criticality_detail", args=[self.pk])
