"""Turning payloads (JSON records, CSV rows) into validated readings and storing them: one path for every source.

A record is ``{"sensor": code, "ts": ISO 8601 time or Unix seconds, "value": number}``. A time without a
zone is local time (Asia/Shanghai). Values outside a sensor's valid range are kept and flagged; records with
an unknown sensor, a bad time or a value that is not a number are counted and reported with their reason.
"""

from __future__ import annotations

import math
import threading
import time
from collections import Counter
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from shuiwu.telemetry import store
from shuiwu.telemetry.choices import Flag
from shuiwu.telemetry.models import Sensor

FUTURE_TOLERANCE = pd.Timedelta(minutes=10)
MAX_UNIX_SECONDS = 7_258_118_400  # 2200-01-01
MAX_ERRORS_KEPT = 50


@dataclass
class Report:
    """What a batch came to: counts, and the first errors with where they were."""

    received: int = 0
    written: int = 0
    duplicates: int = 0
    out_of_range: int = 0
    unknown_sensors: Counter = field(default_factory=Counter)
    malformed: Counter = field(default_factory=Counter)
    errors: list[dict] = field(default_factory=list)
    alarms_raised: int = 0
    alarms_cleared: int = 0

    @property
    def rejected(self) -> int:
        return sum(self.unknown_sensors.values()) + sum(self.malformed.values())

    def error(self, index, field_name: str, reason: str, kind: str) -> None:
        self.malformed[kind] += 1
        if len(self.errors) < MAX_ERRORS_KEPT:
            self.errors.append({"index": index, "field": field_name, "reason": reason})

    def merge(self, other: Report) -> None:
        for name in ("received", "written", "duplicates", "out_of_range", "alarms_raised", "alarms_cleared"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.unknown_sensors.update(other.unknown_sensors)
        self.malformed.update(other.malformed)
        self.errors.extend(other.errors[: max(0, MAX_ERRORS_KEPT - len(self.errors))])

    def as_dict(self) -> dict:
        return {
            "received": self.received,
            "written": self.written,
            "duplicates": self.duplicates,
            "out_of_range": self.out_of_range,
            "rejected": self.rejected,
            "unknown_sensors": dict(self.unknown_sensors.most_common(20)),
            "malformed": dict(self.malformed),
            "errors": self.errors,
            "alarms_raised": self.alarms_raised,
            "alarms_cleared": self.alarms_cleared,
        }


class SensorIndex:
    """Sensor codes to ids and valid ranges, cached; re-read at most every few seconds when a code is unknown."""

    def __init__(self, refresh_seconds: float = 5.0, max_age_seconds: float = 60.0, sensors=None):
        self.sensors = sensors  # a queryset to resolve within (an API user's scope); all sensors by default
        self.refresh_seconds = refresh_seconds
        self.max_age_seconds = max_age_seconds
        self._lock = threading.Lock()
        self._loaded_at = -math.inf
        self.ids: dict[str, int] = {}
        self.low: dict[int, float] = {}
        self.high: dict[int, float] = {}

    def load(self) -> None:
        ids, low, high = {}, {}, {}
        sensors = self.sensors if self.sensors is not None else Sensor.objects.all()
        for pk, code, vmin, vmax in sensors.filter(active=True).values_list("pk", "code", "valid_min", "valid_max"):
            ids[code] = pk
            low[pk] = -math.inf if vmin is None else vmin
            high[pk] = math.inf if vmax is None else vmax
        with self._lock:
            self.ids, self.low, self.high = ids, low, high
            self._loaded_at = time.monotonic()

    def resolve(self, codes: pd.Series) -> pd.Series:
        if time.monotonic() - self._loaded_at > self.max_age_seconds:
            self.load()
        ids = codes.map(self.ids)
        if ids.isna().any() and time.monotonic() - self._loaded_at > self.refresh_seconds:
            self.load()
            ids = codes.map(self.ids)
        return ids


def parse_time(values: pd.Series) -> pd.Series:
    """ISO 8601 strings (a zone, or local time without one) or Unix seconds → UTC; NaT where it cannot be read."""
    if len(values) and pd.api.types.infer_dtype(values, skipna=False) == "string" and values.str.endswith("Z").all():
        # The usual case (devices send UTC with a Z): one vectorised parse.
        parsed = pd.to_datetime(values, format="ISO8601", errors="coerce", utc=True)
        years = parsed.dt.year
        parsed = parsed.where((years >= 1970) & (years < 2200))
        return parsed.astype("datetime64[ns, UTC]")
    out = pd.Series(pd.NaT, index=values.index, dtype="datetime64[ns, UTC]")
    numeric = values.map(lambda v: isinstance(v, (int, float)) and not isinstance(v, bool))
    if numeric.any():
        seconds = pd.to_numeric(values[numeric], errors="coerce")
        seconds = seconds.where(np.isfinite(seconds.astype(float)) & (seconds > 0) & (seconds < MAX_UNIX_SECONDS))
        out[numeric] = pd.to_datetime(seconds, unit="s", utc=True, errors="coerce")
    text = values.map(lambda v: isinstance(v, str))
    if text.any():
        strings = values[text]
        # Years pandas cannot hold in nanoseconds are not telemetry: leave them unread (NaT).
        year = pd.to_numeric(strings.str[:4], errors="coerce")
        strings = strings[(year >= 1970) & (year < 2200)]
        parsed = pd.to_datetime(strings, format="ISO8601", errors="coerce", utc=True)
        naive = strings.str.contains(r"(?:Z|[+-]\d\d:?\d\d)$", regex=True) == False  # noqa: E712
        if naive.any():
            local = pd.to_datetime(strings[naive], format="ISO8601", errors="coerce")
            if getattr(local.dt, "tz", None) is None:
                local = local.dt.tz_localize(settings.TIME_ZONE, ambiguous="NaT", nonexistent="NaT")
            parsed[naive] = local.dt.tz_convert("UTC")
        out[parsed.index] = parsed
    return out


def _numbers(values: pd.Series) -> pd.Series:
    def number(v):
        if isinstance(v, bool):
            return float(v)
        if isinstance(v, (int, float)):
            return float(v)
        return math.nan

    return values.map(number).astype(float)


def to_frame(records: list, *, index: SensorIndex | None = None, report: Report | None = None) -> pd.DataFrame:
    """Validate records into the columns the store writes; what cannot be read goes to the report."""
    index = index or SensorIndex()
    report = report if report is not None else Report()
    report.received += len(records)
    good = [i for i, r in enumerate(records) if isinstance(r, dict)]
    for i in set(range(len(records))) - set(good):
        report.error(i, "", _("A reading must be an object with sensor, ts and value."), "not_an_object")
    if not good:
        return _empty()
    raw = pd.DataFrame.from_records([records[i] for i in good], columns=["sensor", "ts", "value"], index=good)
    codes = raw["sensor"].map(lambda v: v if isinstance(v, str) else None)
    for i in raw.index[codes.isna()]:
        report.error(int(i), "sensor", _("The sensor code is missing or not a string."), "bad_sensor")
    ids = index.resolve(codes.fillna(""))
    unknown = codes.notna() & ids.isna()
    report.unknown_sensors.update(codes[unknown].tolist())
    for i in raw.index[unknown][:MAX_ERRORS_KEPT]:
        if len(report.errors) < MAX_ERRORS_KEPT:
            report.errors.append({"index": int(i), "field": "sensor", "reason": _("Unknown sensor: %s") % codes[i]})
    ok = ids.notna()
    ts = parse_time(raw["ts"])
    bad_ts = ok & ts.isna()
    for i in raw.index[bad_ts]:
        report.error(int(i), "ts", _("The time is missing or not ISO 8601 / Unix seconds."), "bad_time")
    future = ok & ts.notna() & (ts > pd.Timestamp(timezone.now()) + FUTURE_TOLERANCE)
    for i in raw.index[future]:
        report.error(int(i), "ts", _("The time is in the future."), "future_time")
    ok &= ts.notna() & ~future
    values = _numbers(raw["value"])
    bad_value = ok & ~np.isfinite(values)
    for i in raw.index[bad_value]:
        report.error(int(i), "value", _("The value is missing or not a finite number."), "bad_value")
    ok &= ~bad_value
    frame = pd.DataFrame({"sensor_id": ids[ok].astype("int64"), "ts": ts[ok], "value": values[ok]})
    low = frame["sensor_id"].map(index.low)
    high = frame["sensor_id"].map(index.high)
    outside = (frame["value"] < low) | (frame["value"] > high)
    frame["flag"] = np.where(outside, int(Flag.OUT_OF_RANGE), int(Flag.OK)).astype("int64")
    return frame.reset_index(drop=True)


def _empty() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "sensor_id": pd.Series([], dtype="int64"),
            "ts": pd.Series([], dtype="datetime64[ns, UTC]"),
            "value": pd.Series([], dtype=float),
            "flag": pd.Series([], dtype="int64"),
        }
    )


def store_frame(frame: pd.DataFrame, report: Report, *, evaluate: bool = True, open_tickets: bool = True) -> Report:
    """Write validated readings, then run the alarm rules over what was new."""
    result = store.write(frame)
    report.written += result.written
    report.duplicates += result.duplicates
    report.out_of_range += result.out_of_range
    if evaluate and result.written:
        from shuiwu.telemetry import alarms

        raised, cleared = alarms.evaluate(result.frame, open_tickets=open_tickets)
        report.alarms_raised += raised
        report.alarms_cleared += cleared
    return report


def ingest(records: list, *, strict: bool = False, index: SensorIndex | None = None) -> Report:
    """Validate and store a batch of records. Strict: any bad record rejects the whole batch, nothing is written."""
    report = Report()
    frame = to_frame(records, index=index, report=report)
    if strict and report.rejected:
        return report
    return store_frame(frame, report)


def read_csv(path_or_buffer) -> list[dict]:
    """CSV with the columns sensor, ts, value (a header row; other columns are ignored)."""
    frame = pd.read_csv(path_or_buffer, dtype={"sensor": str, "ts": str}, keep_default_na=False)
    missing = {"sensor", "ts", "value"} - set(frame.columns)
    if missing:
        raise ValueError(_("The CSV lacks the column(s): %s") % ", ".join(sorted(missing)))
    values = pd.to_numeric(frame["value"], errors="coerce")
    return [
        {"sensor": s, "ts": t, "value": (None if math.isnan(v) else v)}
        for s, t, v in zip(frame["sensor"], frame["ts"], values.tolist(), strict=True)
    ]
