"""Alarm rules run over readings: thresholds with debounce and hysteresis, rates, missing data, night flow.

``evaluate`` runs over each written batch (in time order per sensor, so a historical import raises and
clears at the times the readings say); ``check_stale`` and ``check_night_flow`` run as jobs.
"""

from __future__ import annotations

import logging
import math
import time
from dataclasses import dataclass
from datetime import date, datetime, timedelta

import numpy as np
import pandas as pd
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from shuiwu.core import rules
from shuiwu.telemetry.choices import Measure, RuleKind
from shuiwu.telemetry.models import Alarm, AlarmRule, HourlyRollup, Reading, Sensor

log = logging.getLogger(__name__)

# Per process: how many consecutive readings have breached a rule, and the last reading seen, per sensor.
_runs: dict[tuple[int, int], int] = {}
_last_seen: dict[int, tuple[pd.Timestamp, float]] = {}
_rules_cache: tuple[float, list[AlarmRule]] = (-math.inf, [])
RULES_TTL = 5.0


def forget() -> None:
    global _rules_cache
    _runs.clear()
    _last_seen.clear()
    _rules_cache = (-math.inf, [])


def active_rules() -> list[AlarmRule]:
    global _rules_cache
    loaded, cached = _rules_cache
    if time.monotonic() - loaded > RULES_TTL:
        cached = list(AlarmRule.objects.filter(active=True))
        _rules_cache = (time.monotonic(), cached)
    return cached


@dataclass
class SensorInfo:
    id: int
    code: str
    name: str
    measure: str
    role: str
    unit: str
    company_id: int
    asset_id: int | None
    lon: float | None
    lat: float | None
    expected_interval_s: int


def _infos(ids) -> dict[int, SensorInfo]:
    fields = ["id", "code", "name", "measure", "role", "unit", "company_id", "asset_id", "lon", "lat"]
    fields.append("expected_interval_s")
    return {row["id"]: SensorInfo(**row) for row in Sensor.objects.filter(pk__in=list(ids)).values(*fields)}


def _applies(rule: AlarmRule, sensor: SensorInfo) -> bool:
    if rule.sensor_id:
        return rule.sensor_id == sensor.id
    return (not rule.measure or rule.measure == sensor.measure) and (not rule.role or rule.role == sensor.role)


def _conditions(rule: AlarmRule, ts: np.ndarray, values: np.ndarray, previous) -> tuple[np.ndarray, np.ndarray]:
    """For each reading: is the rule breached, and is it clear (past the hysteresis)?"""
    if rule.kind == RuleKind.LOW:
        return values < rule.threshold, values >= rule.threshold + rule.hysteresis
    if rule.kind == RuleKind.HIGH:
        return values > rule.threshold, values <= rule.threshold - rule.hysteresis
    # Rate of change per hour against the latest reading at least a window earlier (this batch's, or the last
    # one seen before it): readings seconds apart would turn noise into a burst.
    window = np.timedelta64(int(rules.value("telemetry.rate_window_minutes") * 60), "s")
    if previous:
        ts_all = np.concatenate([[previous[0]], ts])
        values_all = np.concatenate([[previous[1]], values])
    else:
        ts_all, values_all = ts, values
    j = np.searchsorted(ts_all, ts - window, side="right") - 1
    valid = j >= 0
    j = np.where(valid, j, 0)
    hours = (ts - ts_all[j]).astype("timedelta64[s]").astype(float) / 3600.0
    with np.errstate(divide="ignore", invalid="ignore"):
        rate = np.abs(values - values_all[j]) / hours
    breach = valid & (np.nan_to_num(rate, nan=0.0, posinf=0.0) > rule.threshold)
    return breach, ~breach


def _message(rule: AlarmRule, sensor: SensorInfo, value: float) -> str:
    return _("%(rule)s: %(sensor)s %(value).3g %(unit)s") % {
        "rule": rule.name,
        "sensor": sensor.name or sensor.code,
        "value": value,
        "unit": sensor.unit,
    }


def evaluate(frame: pd.DataFrame, *, open_tickets: bool = True) -> tuple[int, int]:
    """Run the threshold and rate rules over new readings (sorted by sensor and time); clear stale alarms."""
    previous_of = {sid: _last_seen.get(sid) for sid in frame["sensor_id"].unique().tolist()}
    _remember_last(frame)
    # Readings outside a sensor's valid range are kept but not believed: they raise nothing.
    frame = frame[frame["flag"] == 0].reset_index(drop=True)
    rules_now = [r for r in active_rules() if r.kind in (RuleKind.LOW, RuleKind.HIGH, RuleKind.RATE)]
    stale_rules = {r.id for r in active_rules() if r.kind == RuleKind.STALE}
    sensor_ids = frame["sensor_id"].unique().tolist()
    open_alarms = {
        (a.rule_id, a.sensor_id): a
        for a in Alarm.objects.filter(sensor_id__in=sensor_ids, cleared_at__isnull=True).select_related("rule")
    }
    raised = cleared = 0
    if frame.empty or (not rules_now and not open_alarms):
        return 0, 0
    infos = _infos(sensor_ids)
    starts = np.flatnonzero(np.r_[True, frame["sensor_id"].to_numpy()[1:] != frame["sensor_id"].to_numpy()[:-1]])
    ends = np.r_[starts[1:], len(frame)]
    ts_all = frame["ts"].dt.tz_convert("UTC").dt.tz_localize(None).to_numpy("datetime64[s]")
    values_all = frame["value"].to_numpy(float)
    for start, end in zip(starts, ends, strict=True):
        sid = int(frame["sensor_id"].iat[start])
        sensor = infos.get(sid)
        if sensor is None:
            continue
        ts, values = ts_all[start:end], values_all[start:end]
        for rule_id in stale_rules:
            alarm = open_alarms.get((rule_id, sid))
            if alarm is not None:
                _clear(alarm, pd.Timestamp(ts[0], tz="UTC"))
                cleared += 1
        for rule in rules_now:
            if not _applies(rule, sensor):
                continue
            previous = previous_of.get(sid)
            breach, clear = _conditions(rule, ts, values, previous)
            alarm = open_alarms.get((rule.id, sid))
            key = (rule.id, sid)
            if alarm is None and not breach.any():
                _runs[key] = 0
                continue
            r, c = _walk(rule, sensor, alarm, key, ts, values, breach, clear, open_tickets)
            raised += r
            cleared += c
    return raised, cleared


def _remember_last(frame: pd.DataFrame) -> None:
    last = frame.groupby("sensor_id", sort=False).tail(1)
    for sid, ts, value in zip(last["sensor_id"].tolist(), last["ts"].tolist(), last["value"].tolist(), strict=True):
        known = _last_seen.get(sid)
        stamp = np.datetime64(ts.tz_convert("UTC").tz_localize(None), "s")
        if known is None or known[0] <= stamp:
            _last_seen[sid] = (stamp, value)


def _run_before(rule: AlarmRule, sensor: SensorInfo, first_ts) -> int:
    """How many readings just before this batch breached the rule (when this process has not seen them)."""
    need = max(rule.debounce - 1, 0)
    if not need or rule.kind == RuleKind.RATE:
        return 0
    before = pd.Timestamp(first_ts, tz="UTC").to_pydatetime()
    recent = list(
        Reading.objects.filter(sensor_id=sensor.id, ts__lt=before)
        .order_by("-ts")
        .values_list("value", flat=True)[:need]
    )
    run = 0
    for v in recent:
        if (rule.kind == RuleKind.LOW and v < rule.threshold) or (rule.kind == RuleKind.HIGH and v > rule.threshold):
            run += 1
        else:
            break
    return run


def _walk(rule, sensor, alarm, key, ts, values, breach, clear, open_tickets) -> tuple[int, int]:
    raised = cleared = 0
    run = _runs.get(key)
    if run is None:
        run = _run_before(rule, sensor, ts[0]) if breach[0] else 0
    worse = min if rule.kind == RuleKind.LOW else max
    for i in range(len(ts)):
        if alarm is None:
            run = run + 1 if breach[i] else 0
            if run >= max(rule.debounce, 1):
                alarm = _raise(rule, sensor, pd.Timestamp(ts[i], tz="UTC"), float(values[i]), open_tickets)
                raised += alarm is not None
        else:
            if breach[i] and rule.kind != RuleKind.RATE:
                alarm.worst_value = worse(alarm.worst_value, float(values[i]))
            if clear[i]:
                _clear(alarm, pd.Timestamp(ts[i], tz="UTC"))
                cleared += 1
                alarm = None
                run = 0
    if alarm is not None and alarm.pk:
        Alarm.objects.filter(pk=alarm.pk).update(worst_value=alarm.worst_value)
    _runs[key] = run
    return raised, cleared


def _raise(
    rule: AlarmRule, sensor: SensorInfo, at, value: float | None, open_tickets: bool, message: str = ""
) -> Alarm | None:
    alarm = Alarm(
        rule=rule,
        sensor_id=sensor.id,
        company_id=sensor.company_id,
        severity=rule.severity,
        raised_at=at.to_pydatetime(),
        value=value,
        worst_value=value,
        message=(message or (_message(rule, sensor, value) if value is not None else rule.name))[:300],
    )
    try:
        with transaction.atomic():
            alarm.save()
    except IntegrityError:
        if Alarm.objects.filter(rule=rule, sensor_id=sensor.id, cleared_at__isnull=True).exists():
            return None  # another writer raised it first
        raise
    if rule.open_ticket and open_tickets and rule.ticket_category:
        try:
            with transaction.atomic():
                open_ticket(alarm, sensor=sensor)
        except (ValidationError, PermissionDenied, LookupError) as exc:
            # The alarm stands; the ticket can be opened by hand from its page.
            log.warning("alarm %s: no ticket opened: %s", alarm.pk, exc)
    return alarm


def open_ticket(alarm: Alarm, *, user=None, sensor: SensorInfo | None = None):
    """The alarm becomes a repair-centre ticket (channel: alarm), through the work app's service."""
    from shuiwu.assets.models import Asset
    from shuiwu.work import services as work
    from shuiwu.work.choices import Category, Channel

    if alarm.ticket_id:
        return alarm.ticket
    sensor = sensor or _infos([alarm.sensor_id])[alarm.sensor_id]
    category = alarm.rule.ticket_category or Category.OTHER
    ticket = work.create_ticket(
        user=user,
        category=category,
        channel=Channel.ALARM,
        caller_name=_("Telemetry"),
        address=f"{sensor.name} ({sensor.code})"[:200],
        lon=sensor.lon,
        lat=sensor.lat,
        asset=Asset.objects.filter(pk=sensor.asset_id).first() if sensor.asset_id else None,
        description=alarm.message,
        received_at=alarm.raised_at,
    )
    Alarm.objects.filter(pk=alarm.pk).update(ticket=ticket)
    alarm.ticket = ticket
    return ticket


def _clear(alarm: Alarm, at) -> None:
    at = at.to_pydatetime() if hasattr(at, "to_pydatetime") else at
    Alarm.objects.filter(pk=alarm.pk, cleared_at__isnull=True).update(
        cleared_at=max(at, alarm.raised_at), worst_value=alarm.worst_value
    )


def check_stale(now: datetime | None = None) -> tuple[int, int]:
    """Raise a stale alarm for each active sensor with no reading for N expected intervals."""
    now = now or timezone.now()
    raised = 0
    for rule in [r for r in active_rules() if r.kind == RuleKind.STALE]:
        sensors = Sensor.objects.filter(active=True, last_ts__isnull=False)
        if rule.sensor_id:
            sensors = sensors.filter(pk=rule.sensor_id)
        if rule.measure:
            sensors = sensors.filter(measure=rule.measure)
        if rule.role:
            sensors = sensors.filter(role=rule.role)
        missed = rule.threshold or 4
        open_ids = set(Alarm.objects.filter(rule=rule, cleared_at__isnull=True).values_list("sensor_id", flat=True))
        fields = list(SensorInfo.__dataclass_fields__)
        for row in sensors.exclude(pk__in=open_ids).values(*fields, "last_ts"):
            last_ts = row.pop("last_ts")
            info = SensorInfo(**row)
            at = last_ts + timedelta(seconds=info.expected_interval_s * missed)
            if at > now:
                continue
            message = _("%(rule)s: %(sensor)s, last reading %(at)s") % {
                "rule": rule.name,
                "sensor": info.name or info.code,
                "at": timezone.localtime(last_ts).strftime("%Y-%m-%d %H:%M"),
            }
            if _raise(rule, info, pd.Timestamp(at), None, open_tickets=True, message=message) is not None:
                raised += 1
    return raised, 0


def minimum_night_flows(sensor_ids, start: date, end: date) -> pd.DataFrame:
    """Per sensor and night: the minimum inflow (m³/h) over the night hours, from the hourly rollups."""
    tz = timezone.get_current_timezone()
    lo, hi = rules.value("telemetry.night_flow_hours")
    since = datetime.combine(start, datetime.min.time(), tz)
    until = datetime.combine(end + timedelta(days=1), datetime.min.time(), tz)
    rows = HourlyRollup.objects.filter(sensor_id__in=list(sensor_ids), hour__gte=since, hour__lt=until).values_list(
        "sensor_id", "hour", "min"
    )
    frame = pd.DataFrame(list(rows), columns=["sensor_id", "hour", "min"])
    if frame.empty:
        return pd.DataFrame(columns=["sensor_id", "night", "mnf"])
    local = pd.to_datetime(frame["hour"], utc=True).dt.tz_convert(tz)
    frame = frame[(local.dt.hour >= lo) & (local.dt.hour < hi)]
    local = local[frame.index]
    frame = frame.assign(night=local.dt.date)
    return frame.groupby(["sensor_id", "night"])["min"].min().rename("mnf").reset_index()


def check_night_flow(night: date | None = None, *, open_tickets: bool = True) -> tuple[int, int]:
    """Compare a night's minimum inflow per DMA with the median of the nights before; raise or clear.

    While an alarm is open the comparison stays with the nights before it was raised, so a leak that does not
    grow does not become the new normal and clear itself.
    """
    tz = timezone.get_current_timezone()
    night = night or timezone.localdate()
    baseline = rules.value("telemetry.night_flow_baseline_nights")
    end_hour = rules.value("telemetry.night_flow_hours")[1]
    at = datetime.combine(night, datetime.min.time(), tz) + timedelta(hours=end_hour)
    if at > timezone.now():
        return 0, 0  # the night is not over yet
    raised = cleared = 0
    for rule in [r for r in active_rules() if r.kind == RuleKind.NIGHT_FLOW]:
        sensors = Sensor.objects.filter(active=True, measure=rule.measure or Measure.FLOW)
        if rule.role:
            sensors = sensors.filter(role=rule.role)
        if rule.sensor_id:
            sensors = sensors.filter(pk=rule.sensor_id)
        infos = _infos(sensors.values_list("pk", flat=True))
        open_alarms = {
            a.sensor_id: a for a in Alarm.objects.filter(rule=rule, sensor_id__in=infos, cleared_at__isnull=True)
        }
        first = min([night, *(timezone.localtime(a.raised_at).date() for a in open_alarms.values())])
        flows = minimum_night_flows(infos, first - timedelta(days=baseline), night)
        for sid, info in infos.items():
            own = flows[flows["sensor_id"] == sid].set_index("night")["mnf"]
            if night not in own.index:
                continue
            alarm = open_alarms.get(sid)
            since = timezone.localtime(alarm.raised_at).date() if alarm else night
            previous = own[(own.index < since) & (own.index >= since - timedelta(days=baseline))]
            if len(previous) < 3:
                continue
            median = float(previous.median())
            tonight = float(own[night])
            rise = (tonight - median) / median * 100 if median > 0 else 0.0
            if alarm is None and rise > rule.threshold:
                message = _night_message(rule, info, tonight, rise, median)
                if _raise(rule, info, pd.Timestamp(at), tonight, open_tickets, message=message) is not None:
                    raised += 1
            elif alarm is not None and rise <= rule.threshold - rule.hysteresis:
                _clear(alarm, at)
                cleared += 1
            elif alarm is not None:
                Alarm.objects.filter(pk=alarm.pk).update(worst_value=max(alarm.worst_value or 0, tonight))
    return raised, cleared


def _night_message(rule, info: SensorInfo, tonight: float, rise: float, median: float) -> str:
    text = _("%(rule)s: %(sensor)s %(tonight).1f m³/h, %(rise).0f %% above the median %(median).1f") % {
        "rule": rule.name,
        "sensor": info.name,
        "tonight": tonight,
        "rise": rise,
        "median": median,
    }
    return text[:300]


def acknowledge(alarm: Alarm, *, user) -> Alarm:
    from shuiwu.core import scope
    from shuiwu.core.exceptions import ConflictError

    scope.check_company(user, alarm.company_id)
    updated = Alarm.objects.filter(pk=alarm.pk, acknowledged_at__isnull=True).update(
        acknowledged_at=timezone.now(), acknowledged_by=user
    )
    if not updated:
        raise ConflictError(_("The alarm was already acknowledged."))
    alarm.refresh_from_db()
    return alarm
