"""Helpers for the telemetry tests: sensors, and readings as records."""

from datetime import UTC, datetime, timedelta

from shuiwu.telemetry.choices import UNITS, VALID_RANGES
from shuiwu.telemetry.models import Sensor

T0 = datetime(2026, 7, 1, 0, 0, tzinfo=UTC)  # 08:00 in Asia/Shanghai


def sensor(company, code="P-1", measure="pressure", role="network", **fields) -> Sensor:
    low, high = VALID_RANGES.get(measure, (None, None))
    values = {
        "name": f"测点{code}",
        "unit": UNITS.get(measure, ""),
        "valid_min": low,
        "valid_max": high,
        "lon": 121.0,
        "lat": 30.7,
        **fields,
    }
    return Sensor.objects.create(company=company, code=code, measure=measure, role=role, **values)


def records(code: str, values, start: datetime = T0, step: timedelta = timedelta(minutes=15)) -> list[dict]:
    return [{"sensor": code, "ts": (start + i * step).isoformat(), "value": v} for i, v in enumerate(values)]
