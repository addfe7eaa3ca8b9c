"""Telemetry services: chart series at the right resolution, daily supply, the live overview, figures.

Views, the API, commands and reports call these. Charts read rollups for long ranges and raw readings for
short ones (the thresholds are rules), so a year's chart is 365 rows whatever the size of the readings table.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

import pandas as pd
from django.db import connection
from django.db.models import Avg, Count, ExpressionWrapper, F, FloatField, Q, Sum
from django.utils import timezone

from shuiwu.core import rules
from shuiwu.core.aggregates import duration_percentiles
from shuiwu.org.models import Company
from shuiwu.telemetry.choices import SEVERITY_COLOURS, Measure, Resolution, Role
from shuiwu.telemetry.models import Alarm, DailyRollup, HourlyRollup, Reading, Sensor

ROLLUP_COLUMNS = ["time", "min", "mean", "max", "count"]


def sensors_for(user):
    return Sensor.objects.restrict(user) if user is not None else Sensor.objects.all()


def alarms_for(user):
    return Alarm.objects.restrict(user) if user is not None else Alarm.objects.all()


def _local_midnight(day: date) -> datetime:
    return datetime.combine(day, time.min, timezone.get_current_timezone())


def pick_resolution(start: datetime, end: datetime, wanted: str = Resolution.AUTO) -> str:
    if wanted and wanted != Resolution.AUTO:
        return wanted
    days = (end - start).total_seconds() / 86400
    if days <= rules.value("telemetry.raw_chart_max_days"):
        return Resolution.RAW
    if days <= rules.value("telemetry.hourly_chart_max_days"):
        return Resolution.HOUR
    return Resolution.DAY


def _ms(values) -> list[int]:
    return [int(pd.Timestamp(v).timestamp() * 1000) for v in values]


def series(sensor: Sensor, start: datetime, end: datetime, resolution: str = Resolution.AUTO) -> dict:
    """A sensor's values between two times: raw [[ms, value, flag]] or rollups [[ms, min, mean, max, count]]."""
    resolution = pick_resolution(start, end, resolution)
    if resolution == Resolution.RAW:
        points = _raw_points(sensor.pk, start, end)
    elif resolution == Resolution.HOUR:
        rows = list(
            HourlyRollup.objects.filter(sensor_id=sensor.pk, hour__gte=start, hour__lt=end)
            .order_by("hour")
            .values_list("hour", "min", "total", "max", "count", "first_value", "last_value")
        )
        points = _rollup_points(rows, [r[0] for r in rows])
    else:
        first = timezone.localtime(start).date()
        last = timezone.localtime(end).date()
        rows = list(
            DailyRollup.objects.filter(sensor_id=sensor.pk, day__gte=first, day__lte=last)
            .order_by("day")
            .values_list("day", "min", "total", "max", "count", "first_value", "last_value")
        )
        points = _rollup_points(rows, [_local_midnight(r[0]) for r in rows])
    return {
        "sensor": sensor.code,
        "unit": sensor.unit,
        "resolution": resolution,
        "start": start.isoformat(),
        "end": end.isoformat(),
        "columns": ["time", "value", "flag"] if resolution == Resolution.RAW else ROLLUP_COLUMNS,
        "points": points,
    }


def _raw_points(sensor_id: int, start: datetime, end: datetime) -> list[list]:
    """[[epoch ms, value, flag]]: the database does the time arithmetic (a week at 1 min is 10,080 rows)."""
    table = Reading._meta.db_table
    if connection.vendor == "postgresql":
        ms = "(extract(epoch FROM ts) * 1000)::bigint"
    else:
        ms = "CAST(strftime('%%s', ts) AS INTEGER) * 1000"
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {ms}, value, flag FROM {table} WHERE sensor_id = %s AND ts >= %s AND ts < %s ORDER BY ts",
            [sensor_id, connection.ops.adapt_datetimefield_value(start), connection.ops.adapt_datetimefield_value(end)],
        )
        return [list(row) for row in cursor.fetchall()]


def _rollup_points(rows, stamps) -> list[list]:
    return [
        [ms, lo, (total / n if n else None), hi, n]
        for ms, (_, lo, total, hi, n, _first, _last) in zip(_ms(stamps), rows, strict=True)
    ]


# -- supply volumes ----------------------------------------------------------------------------------


def outflow_totalisers(user=None, company: Company | None = None):
    sensors = sensors_for(user).filter(measure=Measure.TOTALISER, role=Role.PLANT_OUTLET, active=True)
    return sensors.filter(company=company) if company is not None else sensors


def daily_volumes(sensor_ids, start: date, end: date) -> pd.DataFrame:
    """m³ per totaliser and local day: the day's last reading minus the previous day's (a reset counts from 0)."""
    rows = DailyRollup.objects.filter(
        sensor_id__in=list(sensor_ids), day__gte=start - timedelta(days=1), day__lte=end
    ).values_list("sensor_id", "day", "first_value", "last_value")
    frame = pd.DataFrame(list(rows), columns=["sensor_id", "day", "first", "last"])
    if frame.empty:
        return pd.DataFrame(columns=["sensor_id", "day", "volume"])
    frame = frame.sort_values(["sensor_id", "day"])
    previous = frame.groupby("sensor_id")["last"].shift(1)
    previous_day = frame.groupby("sensor_id")["day"].shift(1)
    contiguous = previous_day.notna() & ((pd.to_datetime(frame["day"]) - pd.to_datetime(previous_day)).dt.days == 1)
    volume = (frame["last"] - previous).where(contiguous, frame["last"] - frame["first"])
    volume = volume.where(volume >= 0, frame["last"])  # the counter was reset or rolled over
    frame = frame.assign(volume=volume)
    return frame[frame["day"] >= start][["sensor_id", "day", "volume"]].reset_index(drop=True)


def daily_supply(start: date, end: date, *, user=None, company: Company | None = None) -> dict:
    """Daily supply volume per plant and for the whole city (plant outflow totalisers)."""
    sensors = {s.pk: s for s in outflow_totalisers(user, company).select_related("asset")}
    volumes = daily_volumes(sensors, start, end)
    days = [start + timedelta(days=i) for i in range((end - start).days + 1)]
    plants: dict[str, dict] = {}
    for sid, sensor in sensors.items():
        name = str(sensor.asset.name if sensor.asset else sensor.name)
        code = sensor.asset.code if sensor.asset else sensor.code
        own = volumes[volumes["sensor_id"] == sid].set_index("day")["volume"]
        plant = plants.setdefault(code, {"code": code, "name": name, "volumes": [0.0] * len(days), "seen": set()})
        for i, d in enumerate(days):
            if d in own.index:
                plant["volumes"][i] += float(own[d])
                plant["seen"].add(i)
    city = []
    for i in range(len(days)):
        seen = [p for p in plants.values() if i in p["seen"]]
        city.append(round(sum(p["volumes"][i] for p in seen), 1) if seen else None)
    for plant in plants.values():
        plant["volumes"] = [round(v, 1) if i in plant["seen"] else None for i, v in enumerate(plant["volumes"])]
        del plant["seen"]
    ordered = sorted(plants.values(), key=lambda p: p["code"])
    return {"days": [d.isoformat() for d in days], "city": city, "plants": ordered}


def city_supply_today(user=None) -> float | None:
    today = timezone.localdate()
    return daily_supply(today, today, user=user)["city"][0]


def supply_curves(user=None, day: date | None = None) -> dict:
    """Hourly city outflow (m³/h) for a day, the day before and the same day a year before."""
    day = day or timezone.localdate()
    flows = list(
        sensors_for(user).filter(measure=Measure.FLOW, role=Role.PLANT_OUTLET, active=True).values_list("pk", flat=True)
    )
    curves = {}
    for key, when in (("today", day), ("yesterday", day - timedelta(days=1)), ("last_year", _year_before(day))):
        since = _local_midnight(when)
        rows = (
            HourlyRollup.objects.filter(sensor_id__in=flows, hour__gte=since, hour__lt=since + timedelta(days=1))
            .values("hour")
            .annotate(total=Sum("total"), n=Sum("count"), sensors=Count("sensor"))
            .order_by("hour")
        )
        hourly = [None] * 24
        for row in rows:
            hour = timezone.localtime(row["hour"]).hour
            # mean per sensor, summed over the plants
            hourly[hour] = round(row["total"] / row["n"] * row["sensors"], 1) if row["n"] else None
        curves[key] = {"date": when.isoformat(), "hourly": hourly}
    totals = daily_supply(day - timedelta(days=1), day, user=user)["city"]
    last_year = daily_supply(_year_before(day), _year_before(day), user=user)["city"][0]
    curves["totals"] = {"today": totals[1], "yesterday": totals[0], "last_year": last_year}
    return curves


def _year_before(day: date) -> date:
    try:
        return day.replace(year=day.year - 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year - 1, day=28)


# -- the live overview ---------------------------------------------------------------------------------


def latest(user=None, measure: str | None = None) -> list[dict]:
    """The latest value of each active sensor (of one measure), with where it is: the map's points."""
    sensors = sensors_for(user).filter(active=True, lon__isnull=False)
    if measure:
        sensors = sensors.filter(measure=measure)
    open_alarm = set(
        Alarm.objects.filter(cleared_at__isnull=True, sensor__in=sensors).values_list("sensor_id", flat=True)
    )
    return [
        {
            "id": s["pk"],
            "code": s["code"],
            "name": s["name"],
            "measure": s["measure"],
            "unit": s["unit"],
            "lon": s["lon"],
            "lat": s["lat"],
            "ts": s["last_ts"].isoformat() if s["last_ts"] else None,
            "value": s["last_value"],
            "flag": s["last_flag"],
            "alarm": s["pk"] in open_alarm,
        }
        for s in sensors.values(*LATEST_FIELDS)
    ]


LATEST_FIELDS = ("pk", "code", "name", "measure", "unit", "lon", "lat", "last_ts", "last_value", "last_flag")


def plant_outflows(user=None) -> list[dict]:
    rows = sensors_for(user).filter(role=Role.PLANT_OUTLET, active=True).select_related("asset").order_by("asset__code")
    plants: dict[str, dict] = {}
    for s in rows:
        key = s.asset.code if s.asset else s.code
        plant = plants.setdefault(key, {"code": key, "name": s.asset.name if s.asset else s.name, "values": {}})
        plant["values"][s.measure] = {
            "value": s.last_value,
            "unit": s.unit,
            "ts": s.last_ts.isoformat() if s.last_ts else None,
            "sensor": s.pk,
        }
    return list(plants.values())


def overview(user=None) -> dict:
    active = alarms_for(user).filter(cleared_at__isnull=True).select_related("sensor", "rule")
    return {
        "now": timezone.now().isoformat(),
        "supply": supply_curves(user),
        "plants": plant_outflows(user),
        "pressure": latest(user, Measure.PRESSURE),
        "alarms": [
            {
                "id": a.pk,
                "severity": a.severity,
                "severity_label": str(a.severity_label),
                "severity_colour": SEVERITY_COLOURS[a.severity],
                "state": a.state,
                "state_label": str(a.state_label),
                "message": a.message,
                "raised_at": a.raised_at.isoformat(),
                "sensor": a.sensor.code,
                "url": a.get_absolute_url(),
            }
            for a in active.order_by("-raised_at")[:50]
        ],
        "alarm_count": active.count(),
    }


# -- figures for reports -------------------------------------------------------------------------------


def pressure_pass_rate(start: date, end: date, *, user=None, company: Company | None = None) -> float | None:
    """Share (%) of pressure sensor-hours whose mean reached the network minimum (DOMAIN.md §3.2)."""
    minimum = rules.value("telemetry.min_network_pressure_mpa")
    sensors = sensors_for(user).filter(measure=Measure.PRESSURE, role__in=[Role.NETWORK, Role.NETWORK_END])
    if company is not None:
        sensors = sensors.filter(company=company)
    hours = HourlyRollup.objects.filter(
        sensor__in=sensors, hour__gte=_local_midnight(start), hour__lt=_local_midnight(end + timedelta(days=1))
    ).filter(count__gt=0)
    counts = hours.aggregate(n=Count("pk"), ok=Count("pk", filter=Q(total__gte=F("count") * minimum)))
    return round(100 * counts["ok"] / counts["n"], 2) if counts["n"] else None


def summary(company: Company | None, start: date, end: date, *, user=None) -> dict:
    """Telemetry figures for a period: supply volume, alarms and how fast they were acknowledged, pressure."""
    since, until = _local_midnight(start), _local_midnight(end + timedelta(days=1))
    supply = daily_supply(start, end, user=user, company=company)
    known = [v for v in supply["city"] if v is not None]
    alarms = alarms_for(user).filter(raised_at__gte=since, raised_at__lt=until)
    if company is not None:
        alarms = alarms.filter(company=company)
    counts = alarms.aggregate(
        n=Count("pk"),
        critical=Count("pk", filter=Q(severity="critical")),
        tickets=Count("pk", filter=Q(ticket__isnull=False)),
        open=Count("pk", filter=Q(cleared_at__isnull=True)),
    )
    ack = duration_percentiles(alarms.filter(acknowledged_at__isnull=False), "acknowledged_at", "raised_at", [0.5])
    return {
        "company": company.code if company else None,
        "start": start.isoformat(),
        "end": end.isoformat(),
        "supply_m3": round(sum(known), 1) if known else None,
        "supply_days_with_data": len(known),
        "supply_max_day_m3": max(known) if known else None,
        "supply_by_plant_m3": {
            p["code"]: round(sum(v for v in p["volumes"] if v is not None), 1) for p in supply["plants"]
        },
        "alarms": counts["n"],
        "alarms_critical": counts["critical"],
        "alarms_with_ticket": counts["tickets"],
        "alarms_open": counts["open"],
        "minutes_to_acknowledge_median": None if ack[0] is None else round(ack[0] / 60, 1),
        "pressure_pass_rate_percent": pressure_pass_rate(start, end, user=user, company=company),
        "sensors": sensors_for(user).filter(active=True).count(),
    }


# -- DMA inflow and network pressure (the analytics app's inputs) ------------------------------------


def dma_inlets(dma) -> list[int]:
    return list(
        Sensor.objects.filter(dma=dma, role=Role.DMA_INLET, measure=Measure.FLOW, active=True).values_list(
            "pk", flat=True
        )
    )


def dma_inflow_hourly(dma, start: date, end: date) -> pd.Series:
    """A DMA's inflow, m³/h, per local hour from ``start`` to ``end`` (the sum of its inlet meters' hourly means)."""
    since, until = _local_midnight(start), _local_midnight(end + timedelta(days=1))
    rows = HourlyRollup.objects.filter(sensor_id__in=dma_inlets(dma), hour__gte=since, hour__lt=until).values_list(
        "hour", "total", "count"
    )
    frame = pd.DataFrame(list(rows), columns=["hour", "total", "count"])
    if frame.empty:
        return pd.Series(dtype=float, name="inflow_m3_h")
    frame = frame[frame["count"] > 0]
    frame["mean"] = frame["total"] / frame["count"]
    series = frame.groupby("hour")["mean"].sum()
    series.index = pd.to_datetime(series.index, utc=True).tz_convert(timezone.get_current_timezone())
    return series.sort_index().rename("inflow_m3_h")


def dma_inflow_volume(dma, start: date, end: date) -> tuple[float, int]:
    """m³ that entered a DMA from ``start`` to ``end``, and the number of days with readings."""
    rows = DailyRollup.objects.filter(sensor_id__in=dma_inlets(dma), day__gte=start, day__lte=end, count__gt=0)
    volume, days = 0.0, set()
    for day, total, count in rows.values_list("day", "total", "count"):
        volume += total / count * 24
        days.add(day)
    return volume, len(days)


MPA_PER_M = 0.00980665  # one metre of water head


def average_pressure(start: date, end: date, *, company: Company | None = None, dma=None) -> float | None:
    """The mean of the network pressure points' daily means over the period, in metres of head."""
    sensors = Sensor.objects.filter(measure=Measure.PRESSURE, role__in=[Role.NETWORK, Role.NETWORK_END])
    if company is not None:
        sensors = sensors.filter(company=company)
    if dma is not None:
        sensors = sensors.filter(Q(dma=dma) | Q(asset__dma=dma))
    days = DailyRollup.objects.filter(sensor__in=sensors, day__gte=start, day__lte=end, count__gt=0)
    mean = days.aggregate(m=Avg(ExpressionWrapper(F("total") / F("count"), output_field=FloatField())))["m"]
    # Pressures are kept in MPa; the leakage formulas take metres of head.
    return mean / MPA_PER_M if mean is not None else None
