"""The leak detector on live telemetry: the supply network's pressure, tank level and link flow readings as
SCADA, the asset register's network as the model; each new leak becomes a detection, an alarm at the nearest
pressure point (rule kind "leak", so it shows with the others in the control room) and a repair-centre ticket.

``run(company)`` is what the hourly job calls. The detector's state (what it learnt in its leak-free training
window, the leaks it already reported) is kept per company in ``DetectorState``, so each run only reads the
last days of telemetry.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

import pandas as pd
from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from shuiwu.analytics.models import DetectorState, LeakDetection
from shuiwu.assets.choices import Layer, System
from shuiwu.assets.models import Asset
from shuiwu.core import rules
from shuiwu.telemetry.choices import Measure
from shuiwu.telemetry.models import Alarm, HourlyRollup, Sensor

log = logging.getLogger(__name__)
MPA_PER_M = 0.00980665


def scada(company, start: datetime, end: datetime) -> dict[str, pd.DataFrame]:
    """Hourly means of the company's sensors that sit on model elements, in the BattLeDIM files' units
    (pressure m, flow m³/h, level m), columns named by the element's id in the model."""
    sensors = Sensor.objects.filter(company=company, active=True, asset__system=System.SUPPLY).select_related("asset")
    wanted = {
        "pressures": (Measure.PRESSURE, Layer.NODE, 1 / MPA_PER_M),
        "levels": (Measure.LEVEL, Layer.NODE, 1.0),
        "flows": (Measure.FLOW, Layer.LINK, 1.0),
    }
    frames = {}
    for kind, (measure, layer, factor) in wanted.items():
        chosen = {s.pk: s.asset.code for s in sensors if s.measure == measure and s.asset.layer == layer}
        if not chosen:
            continue
        rows = HourlyRollup.objects.filter(sensor_id__in=chosen, hour__gte=start, hour__lt=end, count__gt=0)
        frame = pd.DataFrame(
            list(rows.values_list("sensor_id", "hour", "total", "count")), columns=["sensor", "hour", "total", "count"]
        )
        if frame.empty:
            continue
        frame["value"] = frame["total"] / frame["count"] * factor
        frame["column"] = frame["sensor"].map(chosen)
        table = frame.pivot_table(index="hour", columns="column", values="value", aggfunc="mean")
        table.index = (
            pd.to_datetime(table.index, utc=True).tz_convert(timezone.get_current_timezone()).tz_localize(None)
        )
        table.index.name = "Timestamp"
        frames[kind] = table.sort_index()
    return frames


def run(company, *, now: datetime | None = None, open_tickets: bool = True) -> list[LeakDetection]:
    """Feed the detector the telemetry it has not seen; keep the new leaks. Nothing to do without pressures."""
    from shuiwu.assets.services import network_model
    from shuiwu.engine import leaks

    settings_ = rules.value("analytics.leak_detection")
    now = now or timezone.now()
    row = DetectorState.objects.filter(company=company).first()
    config = leaks.Config(
        training_days=float(settings_["training_days"]), cache_dir=str(settings.DATA_DIR / "cache" / "leaks")
    )
    if row is None or not row.state:
        start = now - timedelta(days=float(settings_["training_days"]) + float(settings_["window_days"]))
    else:
        start = now - timedelta(hours=config.cusum_lookback_h)
    end = now.replace(minute=0, second=0, microsecond=0)
    data = scada(company, start, end)
    if "pressures" not in data or len(data["pressures"]) < 24:
        return []
    model = network_model(System.SUPPLY)
    with leaks.LeakMonitor(model, config, state=row.state if row else None) as monitor:
        found = monitor.update(data)
        state = monitor.to_dict()
    made = []
    with transaction.atomic():
        DetectorState.objects.update_or_create(company=company, defaults={"state": state, "processed_until": end})
        for item in found.itertuples(index=False):
            made.append(_keep(company, item, now, open_tickets))
    return made


def _aware(value) -> datetime:
    stamp = pd.Timestamp(value)
    return timezone.make_aware(stamp.to_pydatetime()) if stamp.tzinfo is None else stamp.to_pydatetime()


def leak_rule():
    """The telemetry alarm rule leak detections raise their alarms under (made on first use, editable after)."""
    from shuiwu.telemetry.choices import Role, RuleKind, Severity
    from shuiwu.telemetry.models import AlarmRule

    rule = AlarmRule.objects.filter(kind=RuleKind.LEAK).order_by("pk").first()
    return rule or AlarmRule.objects.create(
        name="压力监测与模型比对发现漏损",
        kind=RuleKind.LEAK,
        measure=Measure.PRESSURE,
        role=Role.NETWORK,
        hysteresis=0,
        debounce=1,
        severity=Severity.WARNING,
        open_ticket=True,
        ticket_category="visible_leak",
        local_policy=True,
        source="Shuiwu default: the analytics leak detector (pressure residuals against the hydraulic model)",
    )


def _nearest_pressure_sensor(company, lon, lat):
    sensors = Sensor.objects.filter(
        company=company, active=True, measure=Measure.PRESSURE, lon__isnull=False, lat__isnull=False
    )
    if lon is None or lat is None:
        return sensors.order_by("code").first()
    return min(sensors, key=lambda s: (s.lon - lon) ** 2 + (s.lat - lat) ** 2, default=None)


def _raise_alarm(detection: LeakDetection, sensor) -> Alarm | None:

    rule = leak_rule()
    if sensor is None or not rule.active:
        return None
    message = _("Leak near pipe %(pipe)s since %(start)s (detector score %(score).1f)") % {
        "pipe": detection.link_id,
        "start": timezone.localtime(detection.started_at).strftime("%Y-%m-%d %H:%M"),
        "score": detection.score,
    }
    try:
        with transaction.atomic():
            return Alarm.objects.create(
                rule=rule,
                sensor=sensor,
                company_id=sensor.company_id,
                severity=rule.severity,
                raised_at=detection.detected_at,
                value=detection.size_l_s,
                worst_value=detection.size_l_s,
                message=message[:300],
            )
    except IntegrityError:
        return None  # this sensor already has an open leak alarm: the detection stands on its own


def _keep(company, item, now, open_tickets: bool) -> LeakDetection:
    pipe = Asset.objects.filter(system=System.SUPPLY, layer=Layer.LINK, code=str(item.linkID)).first()
    detection = LeakDetection.objects.create(
        company=company,
        link_id=str(item.linkID),
        pipe=pipe,
        started_at=_aware(item.startTime),
        detected_at=_aware(item.alarmTime) if getattr(item, "alarmTime", None) is not None else now,
        score=float(item.statistic),
        size_l_s=float(item.size_m3h) / 3.6 if pd.notna(item.size_m3h) else None,
        details={"node": str(item.node)},
    )
    lon = lat = None
    if pipe is not None and pipe.geometry and pipe.geometry.get("coordinates"):
        coordinates = pipe.geometry["coordinates"]
        lon, lat = coordinates[len(coordinates) // 2][:2]
    alarm = _raise_alarm(detection, _nearest_pressure_sensor(company, lon, lat))
    if alarm is not None:
        LeakDetection.objects.filter(pk=detection.pk).update(alarm=alarm)
        detection.alarm = alarm
    if open_tickets:
        from shuiwu.work import services as work
        from shuiwu.work.choices import Category, Channel

        try:
            ticket = work.create_ticket(
                user=None,
                category=Category.VISIBLE_LEAK,
                channel=Channel.ALARM,
                caller_name=_("Leak detector"),
                address=(pipe.address or pipe.code)[:200] if pipe else detection.link_id,
                lon=lon,
                lat=lat,
                asset=pipe,
                description=_(
                    "Leak found in the pressure readings against the model, near pipe %(pipe)s, since %(start)s."
                )
                % {
                    "pipe": detection.link_id,
                    "start": timezone.localtime(detection.started_at).strftime("%Y-%m-%d %H:%M"),
                },
                received_at=detection.detected_at,
            )
            LeakDetection.objects.filter(pk=detection.pk).update(ticket=ticket)
            detection.ticket = ticket
            if alarm is not None:
                Alarm.objects.filter(pk=alarm.pk).update(ticket=ticket)
                alarm.ticket = ticket
        except Exception as exc:  # the detection stands; a ticket can be opened by hand
            log.warning("leak detection %s: no ticket opened: %s", detection.pk, exc)
    return detection
