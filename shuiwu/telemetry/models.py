"""Telemetry records: sensors on assets, their readings and rollups, alarm rules and alarms."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from shuiwu.core.models import ChangeLoggedModel, CompanyScopedModel
from shuiwu.telemetry.choices import STATE_COLOURS, UNITS, AlarmState, Measure, Role, RuleKind, Severity


class Sensor(CompanyScopedModel):
    """A tag: one measured quantity at one place, with the valid range its readings are checked against."""

    code = models.CharField(
        _("code"), max_length=60, unique=True, help_text=_("The id devices send in the 'sensor' field.")
    )
    name = models.CharField(_("name"), max_length=100)
    asset = models.ForeignKey(
        "assets.Asset",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="sensors",
        verbose_name=_("asset"),
    )
    dma = models.ForeignKey(
        "assets.DMA",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="sensors",
        verbose_name=_("DMA"),
        help_text=_("For an inlet flow meter: the DMA it meters."),
    )
    measure = models.CharField(_("measure"), max_length=20, choices=Measure.choices, db_index=True)
    role = models.CharField(pgettext_lazy("sensor", "role"), max_length=20, choices=Role.choices, db_index=True)
    unit = models.CharField(_("unit"), max_length=10, blank=True)
    valid_min = models.FloatField(_("valid minimum"), null=True, blank=True)
    valid_max = models.FloatField(_("valid maximum"), null=True, blank=True)
    expected_interval_s = models.PositiveIntegerField(_("expected interval (s)"), default=900)
    topic = models.CharField(_("MQTT topic"), max_length=200, blank=True)
    device_id = models.CharField(_("device id"), max_length=100, blank=True)
    lon = models.FloatField(_("longitude"), null=True, blank=True)
    lat = models.FloatField(_("latitude"), null=True, blank=True)
    active = models.BooleanField(_("active"), default=True)
    # The latest reading, kept by the ingester so the overview needs no scan of the readings.
    last_ts = models.DateTimeField(_("last reading at"), null=True, blank=True, editable=False)
    last_value = models.FloatField(_("last value"), null=True, blank=True, editable=False)
    last_flag = models.PositiveSmallIntegerField(_("last value's flag"), default=0, editable=False)

    changelog_exclude = ("created", "updated", "last_ts", "last_value", "last_flag")

    class Meta:
        ordering = ["code"]
        verbose_name = _("sensor")
        verbose_name_plural = _("sensors")

    def __str__(self):
        return f"{self.code} {self.name}"

    def get_absolute_url(self):
        return reverse("telemetry:sensor_detail", args=[self.pk])

    @property
    def measure_label(self):
        return self.get_measure_display()

    @property
    def role_label(self):
        return self.get_role_display()

    def clean(self):
        if self.valid_min is not None and self.valid_max is not None and self.valid_min > self.valid_max:
            raise ValidationError({"valid_max": _("The valid maximum is below the valid minimum.")})
        if not self.unit:
            self.unit = UNITS.get(self.measure, "")

    def save(self, *args, **kwargs):
        if not self.unit:
            self.unit = UNITS.get(self.measure, "")
        if self.lon is None and self.asset_id and self.asset.centre:
            self.lon, self.lat = self.asset.centre
        super().save(*args, **kwargs)


class Reading(models.Model):
    """One value of one sensor at one time: the only big table, keyed by (sensor, time) so re-delivery is harmless.

    Written in bulk by ``telemetry.store`` only; kept to the second.
    """

    pk = models.CompositePrimaryKey("sensor_id", "ts")
    sensor = models.ForeignKey(Sensor, on_delete=models.CASCADE, related_name="+")
    ts = models.DateTimeField(_("time"))
    value = models.FloatField(_("value"))
    flag = models.PositiveSmallIntegerField(_("flag"), default=0)

    class Meta:
        verbose_name = _("reading")
        verbose_name_plural = _("readings")

    def __str__(self):
        return f"{self.sensor_id}@{self.ts:%Y-%m-%d %H:%M:%S}={self.value}"


class Rollup(models.Model):
    """Aggregates of a sensor's readings over a bucket, kept up to date as readings arrive."""

    sensor = models.ForeignKey(Sensor, on_delete=models.CASCADE, related_name="+")
    count = models.PositiveIntegerField(default=0)
    total = models.FloatField(default=0)
    min = models.FloatField(null=True)
    max = models.FloatField(null=True)
    first_ts = models.DateTimeField(null=True)
    first_value = models.FloatField(null=True)
    last_ts = models.DateTimeField(null=True)
    last_value = models.FloatField(null=True)
    flagged = models.PositiveIntegerField(default=0)

    class Meta:
        abstract = True

    def __str__(self):
        return f"{self.sensor_id}@{self.pk[1]}: {self.count}"

    @property
    def mean(self) -> float | None:
        return self.total / self.count if self.count else None


class HourlyRollup(Rollup):
    pk = models.CompositePrimaryKey("sensor_id", "hour")
    hour = models.DateTimeField(_("hour"))

    class Meta:
        verbose_name = _("hourly rollup")
        verbose_name_plural = _("hourly rollups")


class DailyRollup(Rollup):
    """One local (Asia/Shanghai) day of a sensor."""

    pk = models.CompositePrimaryKey("sensor_id", "day")
    day = models.DateField(_("day"))

    class Meta:
        verbose_name = _("daily rollup")
        verbose_name_plural = _("daily rollups")


class AlarmRule(ChangeLoggedModel):
    """When readings raise an alarm: a threshold, a rate, missing data or a night-flow rise, as data.

    A rule applies to every active sensor of its measure (and role, when one is given), or to one sensor.
    """

    name = models.CharField(_("name"), max_length=100)
    kind = models.CharField(_("kind"), max_length=20, choices=RuleKind.choices)
    measure = models.CharField(
        _("measure"), max_length=20, choices=Measure.choices, blank=True, help_text=_("Empty: every measure.")
    )
    role = models.CharField(pgettext_lazy("sensor", "role"), max_length=20, choices=Role.choices, blank=True)
    sensor = models.ForeignKey(
        Sensor,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="alarm_rules",
        verbose_name=_("sensor"),
        help_text=_("Only this sensor (leave empty for every sensor of the measure and role)."),
    )
    threshold = models.FloatField(
        _("threshold"),
        null=True,
        blank=True,
        help_text=_(
            "Low/high: the limit in the sensor's unit. Rate: the change per hour. Stale: missed intervals. "
            "Night flow: the rise in percent over the median of the previous nights."
        ),
    )
    hysteresis = models.FloatField(
        _("hysteresis"), default=0, help_text=_("The value must come back this far past the limit to clear.")
    )
    debounce = models.PositiveSmallIntegerField(
        _("debounce (readings)"), default=2, help_text=_("Consecutive readings past the limit before raising.")
    )
    severity = models.CharField(_("severity"), max_length=10, choices=Severity.choices, default=Severity.WARNING)
    open_ticket = models.BooleanField(_("open a ticket"), default=False)
    ticket_category = models.CharField(_("ticket category"), max_length=30, blank=True)
    source = models.CharField(_("source"), max_length=200, blank=True)
    local_policy = models.BooleanField(_("local policy"), default=False)
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["measure", "kind", "name"]
        verbose_name = _("alarm rule")
        verbose_name_plural = _("alarm rules")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("telemetry:alarmrule_detail", args=[self.pk])

    @property
    def kind_label(self):
        return self.get_kind_display()

    @property
    def measure_label(self):
        return self.get_measure_display() if self.measure else _("every measure")

    def clean(self):
        if self.kind not in (RuleKind.STALE, RuleKind.LEAK, RuleKind.LAB) and self.threshold is None:
            raise ValidationError({"threshold": _("This kind of rule needs a threshold.")})
        if self.hysteresis < 0:
            raise ValidationError({"hysteresis": _("The hysteresis cannot be negative.")})
        if self.kind == RuleKind.NIGHT_FLOW and self.measure not in (Measure.FLOW, Measure.SEWAGE_FLOW):
            raise ValidationError({"measure": _("A night-flow rule watches a flow.")})
        if self.kind != RuleKind.STALE and not self.measure:
            raise ValidationError({"measure": _("Choose the measure this rule watches.")})
        if self.sensor_id and self.measure and self.sensor.measure != self.measure:
            raise ValidationError({"sensor": _("The sensor does not measure %(m)s.") % {"m": self.measure_label}})
        if self.open_ticket and not self.ticket_category:
            raise ValidationError({"ticket_category": _("Choose the category of the tickets it opens.")})

    def applies_to(self, sensor) -> bool:
        if self.sensor_id:
            return self.sensor_id == sensor.id
        return (not self.measure or self.measure == sensor.measure) and (not self.role or self.role == sensor.role)


class Alarm(CompanyScopedModel):
    """One episode of a rule breached at a sensor: raised, perhaps acknowledged, then cleared."""

    rule = models.ForeignKey(AlarmRule, on_delete=models.PROTECT, related_name="alarms", verbose_name=_("rule"))
    sensor = models.ForeignKey(Sensor, on_delete=models.CASCADE, related_name="alarms", verbose_name=_("sensor"))
    severity = models.CharField(_("severity"), max_length=10, choices=Severity.choices)
    raised_at = models.DateTimeField(_("raised at"), db_index=True)
    value = models.FloatField(_("value"), null=True, blank=True)
    worst_value = models.FloatField(_("worst value"), null=True, blank=True)
    message = models.CharField(_("message"), max_length=300, blank=True)
    acknowledged_at = models.DateTimeField(_("acknowledged at"), null=True, blank=True)
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("acknowledged by"),
    )
    cleared_at = models.DateTimeField(_("cleared at"), null=True, blank=True, db_index=True)
    ticket = models.ForeignKey(
        "work.Ticket",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("ticket"),
    )

    class Meta:
        ordering = ["-raised_at", "-id"]
        verbose_name = _("alarm")
        verbose_name_plural = _("alarms")
        constraints = [
            # At most one open episode per rule and sensor: the ingester and the stale check cannot both raise it.
            models.UniqueConstraint(
                fields=["rule", "sensor"], condition=Q(cleared_at__isnull=True), name="telemetry_one_open_alarm"
            )
        ]

    def __str__(self):
        return f"{self.rule} · {self.sensor.code}"

    def get_absolute_url(self):
        return reverse("telemetry:alarm_detail", args=[self.pk])

    @property
    def state(self) -> str:
        if self.cleared_at:
            return AlarmState.CLEARED
        return AlarmState.ACKNOWLEDGED if self.acknowledged_at else AlarmState.ACTIVE

    @property
    def state_label(self):
        return AlarmState(self.state).label

    @property
    def state_colour(self) -> str:
        return STATE_COLOURS[self.state]

    @property
    def severity_label(self):
        return self.get_severity_display()
