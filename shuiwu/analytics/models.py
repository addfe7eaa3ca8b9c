"""Analytics: water balances kept per period, daily weather for the forecast, leak detections, pipe risk."""

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from shuiwu.analytics.choices import DetectionStatus, RiskClass, WeatherSource
from shuiwu.core.models import BaseModel, CompanyScopedModel
from shuiwu.core.scope import ScopedQuerySet


class WaterBalance(CompanyScopedModel):
    """The IWA water balance and CJJ 92 loss rates of one period, for a company's network or one DMA.

    ``inputs`` holds the volumes the balance was computed from (as ``engine.waterbalance.Period``) and
    ``sources`` where each came from; ``result`` the engine's balance. The headline figures are columns too, so
    lists sort and filter on them.
    """

    dma = models.ForeignKey(
        "assets.DMA",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="water_balances",
        verbose_name=_("DMA"),
        help_text=_("Empty for the company's whole network."),
    )
    start = models.DateField(_("from"))
    end = models.DateField(_("to"))
    inputs = models.JSONField(_("inputs"), default=dict)
    sources = models.JSONField(_("sources"), default=dict, blank=True)
    corrections = models.JSONField(_("CJJ 92 corrections"), default=dict, blank=True)
    result = models.JSONField(_("result"), default=dict)
    system_input_m3 = models.FloatField(_("system input (m³)"))
    nrw_percent = models.FloatField(_("non-revenue water (%)"))
    loss_rate_wl_percent = models.FloatField(_("gross loss rate R_WL (%)"))
    loss_rate_bl_percent = models.FloatField(_("loss rate R_BL (%)"))
    ili = models.FloatField(_("ILI"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)
    computed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("computed by"),
    )

    class Meta:
        ordering = ["-end", "company", "dma"]
        verbose_name = _("water balance")
        verbose_name_plural = _("water balances")
        constraints = [models.CheckConstraint(condition=models.Q(end__gte=models.F("start")), name="wb_end_after")]

    def __str__(self):
        where = self.dma or self.company
        return f"{where} {self.start:%Y-%m-%d}–{self.end:%Y-%m-%d}"

    def get_absolute_url(self):
        return reverse("analytics:balance_detail", args=[self.pk])

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1


class DailyWeather(BaseModel):
    """The city's weather of one local day: observed, or a forecast imported for the days ahead."""

    day = models.DateField(_("day"), unique=True)
    t_max = models.FloatField(_("maximum temperature (°C)"))
    t_min = models.FloatField(_("minimum temperature (°C)"))
    rain_mm = models.FloatField(_("rain (mm)"), default=0, validators=[MinValueValidator(0)])
    source = models.CharField(_("source"), max_length=10, choices=WeatherSource.choices)

    class Meta:
        ordering = ["-day"]
        verbose_name = _("daily weather")
        verbose_name_plural = _("daily weather")

    def __str__(self):
        return f"{self.day}: {self.t_min:g}–{self.t_max:g} °C"

    @property
    def t_mean(self) -> float:
        return (self.t_max + self.t_min) / 2


class LeakDetection(CompanyScopedModel):
    """A leak the detector found in the pressure readings against the hydraulic model."""

    link_id = models.CharField(_("pipe id in the model"), max_length=60)
    pipe = models.ForeignKey(
        "assets.Asset",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="leak_detections",
        verbose_name=_("pipe"),
    )
    started_at = models.DateTimeField(_("leak started"))
    detected_at = models.DateTimeField(_("detected"), db_index=True)
    score = models.FloatField(_("score"), default=0)
    size_l_s = models.FloatField(_("estimated size (L/s)"), null=True, blank=True)
    status = models.CharField(
        pgettext_lazy("leak", "status"), max_length=12, choices=DetectionStatus.choices, default=DetectionStatus.OPEN
    )
    alarm = models.ForeignKey(
        "telemetry.Alarm", on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("alarm")
    )
    ticket = models.ForeignKey(
        "work.Ticket", on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("ticket")
    )
    details = models.JSONField(_("details"), default=dict, blank=True)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["-detected_at"]
        verbose_name = _("leak detection")
        verbose_name_plural = _("leak detections")

    def __str__(self):
        from django.utils import timezone

        return f"{self.link_id} @ {timezone.localtime(self.started_at):%Y-%m-%d %H:%M}"

    def get_absolute_url(self):
        return reverse("analytics:leak_detail", args=[self.pk])


class PipeRisk(models.Model):
    """A pipe's break likelihood as last computed (``services.compute_pipe_risk``): the renewal ranking."""

    scope_path = "company"

    pipe = models.OneToOneField(
        "assets.Asset", on_delete=models.CASCADE, primary_key=True, related_name="risk", verbose_name=_("pipe")
    )
    company = models.ForeignKey("org.Company", on_delete=models.CASCADE, related_name="+", verbose_name=_("company"))
    expected_breaks_year = models.FloatField(_("expected breaks a year"))
    rate_per_km_year = models.FloatField(_("breaks per km a year"))
    prior_per_km_year = models.FloatField(_("rate from age and material"))
    age_years = models.FloatField(_("age (years)"))
    repairs = models.PositiveIntegerField(_("repairs in the window"), default=0)
    pressure_m = models.FloatField(_("pressure (m)"), null=True, blank=True)
    rank = models.PositiveIntegerField(_("rank"), db_index=True)
    risk_class = models.CharField(_("risk"), max_length=6, choices=RiskClass.choices, db_index=True)
    computed_at = models.DateTimeField(_("computed"))

    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["rank"]
        verbose_name = _("pipe risk")
        verbose_name_plural = _("pipe risks")

    def __str__(self):
        return f"#{self.rank} {self.pipe_id}"


class DetectorState(BaseModel):
    """The live leak detector's learnt state for one company's network (``engine.leaks.LeakMonitor``)."""

    company = models.OneToOneField("org.Company", on_delete=models.CASCADE, related_name="+", verbose_name=_("company"))
    state = models.JSONField(_("state"), default=dict)
    processed_until = models.DateTimeField(_("processed until"), null=True, blank=True)

    class Meta:
        verbose_name = _("leak detector state")
        verbose_name_plural = _("leak detector states")

    def __str__(self):
        return f"{self.company_id}: {self.processed_until}"
