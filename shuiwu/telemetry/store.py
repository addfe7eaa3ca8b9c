"""Bulk writes of readings: de-duplicated by (sensor, time), rollups kept up to date in the same transaction.

One path for every source (MQTT, the API, CSV, the demo): a batch goes into a temporary table (PostgreSQL
``COPY``, SQLite ``executemany``), then into the readings table in one ``INSERT … SELECT``. A batch that
holds no reading already stored (the usual case) is written once; otherwise the statement is rolled back to
a savepoint and written again without the ones already there, so the rollups count every reading once.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from django.conf import settings
from django.db import connection, transaction

from shuiwu.telemetry.models import DailyRollup, HourlyRollup, Reading, Sensor

READINGS = Reading._meta.db_table
HOURLY = HourlyRollup._meta.db_table
DAILY = DailyRollup._meta.db_table
SENSORS = Sensor._meta.db_table
BATCH = "telemetry_batch"
# A constant key: writers on PostgreSQL take turns, so two of them cannot both count a re-delivered reading.
LOCK_KEY = 0x5157_7465


@dataclass
class WriteResult:
    received: int = 0
    written: int = 0
    duplicates: int = 0
    out_of_range: int = 0
    frame: pd.DataFrame | None = None  # the readings written, sorted by sensor and time


def is_postgres() -> bool:
    return connection.vendor == "postgresql"


def ts_text(ts: pd.Series) -> pd.Series:
    """UTC times as the text both databases compare on (Django keeps SQLite datetimes this way)."""
    seconds = ts.dt.tz_convert("UTC").dt.tz_localize(None).to_numpy("datetime64[s]")
    # numpy formats in C ('YYYY-MM-DDTHH:MM:SS'); the 'T' becomes a space in place, on the code points.
    text = np.datetime_as_string(seconds, unit="s").astype("U19")
    text.view(np.uint32).reshape(-1, 19)[:, 10] = ord(" ")
    return pd.Series(text.astype(object), index=ts.index)


def write(frame: pd.DataFrame) -> WriteResult:
    """Store readings: columns sensor_id (int), ts (tz-aware UTC), value (float), flag (int).

    Duplicates inside the batch keep the last value; readings already stored are left as they are.
    """
    result = WriteResult(received=len(frame))
    if frame.empty:
        return result
    frame = frame.drop_duplicates(["sensor_id", "ts"], keep="last")
    frame = frame.assign(ts=frame["ts"].dt.floor("s")).drop_duplicates(["sensor_id", "ts"], keep="last")
    frame = frame.sort_values(["sensor_id", "ts"], kind="stable").reset_index(drop=True)
    frame["ts_text"] = ts_text(frame["ts"])
    with transaction.atomic(), connection.cursor() as cursor:
        if is_postgres():
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [LOCK_KEY])
        _load_batch(cursor, frame)
        sid = transaction.savepoint()
        written = _insert_from_batch(cursor)
        if written != len(frame):
            transaction.savepoint_rollback(sid)
            frame = _without_stored(cursor, frame)
            written = _insert_from_batch(cursor)
        else:
            transaction.savepoint_commit(sid)
        cursor.execute(f"DELETE FROM {BATCH}")
        _update_rollups(cursor, frame)
        _update_last(cursor, frame)
    result.written = written
    result.duplicates = result.received - written
    result.out_of_range = int((frame["flag"] & 1).astype(bool).sum()) if written else 0
    result.frame = frame
    return result


def _load_batch(cursor, frame: pd.DataFrame) -> None:
    if is_postgres():
        cursor.execute(
            f"CREATE TEMP TABLE IF NOT EXISTS {BATCH} "
            "(sensor_id bigint, ts timestamptz, value double precision, flag smallint) ON COMMIT DELETE ROWS"
        )
        with cursor.cursor.copy(f"COPY {BATCH} (sensor_id, ts, value, flag) FROM STDIN (FORMAT BINARY)") as copy:
            copy.write(_binary_copy(frame))
    else:
        cursor.execute(
            f"CREATE TEMP TABLE IF NOT EXISTS {BATCH} (sensor_id integer, ts text, value real, flag integer)"
        )
        columns = frame[["sensor_id", "ts_text", "value", "flag"]]
        cursor.executemany(
            f"INSERT INTO {BATCH} (sensor_id, ts, value, flag) VALUES (%s, %s, %s, %s)",
            list(zip(*(columns[c].tolist() for c in columns.columns), strict=True)),
        )


# PostgreSQL's binary COPY: a header, then per row the field count and each field's length and big-endian value.
_COPY_ROW = np.dtype(
    [
        ("fields", ">i2"),
        ("l1", ">i4"),
        ("sensor_id", ">i8"),
        ("l2", ">i4"),
        ("ts", ">i8"),
        ("l3", ">i4"),
        ("value", ">f8"),
        ("l4", ">i4"),
        ("flag", ">i2"),
    ]
)
_PG_EPOCH_US = 946_684_800_000_000  # 2000-01-01 in microseconds since 1970


def _binary_copy(frame: pd.DataFrame) -> bytes:
    """The batch as a binary COPY stream, built with numpy (several times faster than text)."""
    rows = np.empty(len(frame), dtype=_COPY_ROW)
    rows["fields"], rows["l1"], rows["l2"], rows["l3"], rows["l4"] = 4, 8, 8, 8, 2
    rows["sensor_id"] = frame["sensor_id"].to_numpy(np.int64)
    rows["ts"] = frame["ts"].dt.as_unit("us").array.asi8 - _PG_EPOCH_US
    rows["value"] = frame["value"].to_numpy(np.float64)
    rows["flag"] = frame["flag"].to_numpy(np.int16)
    return b"PGCOPY\n\xff\r\n\x00" + b"\x00" * 8 + rows.tobytes() + b"\xff\xff"


def _insert_from_batch(cursor) -> int:
    cursor.execute(
        f"INSERT INTO {READINGS} (sensor_id, ts, value, flag) SELECT sensor_id, ts, value, flag FROM {BATCH} "
        "WHERE true ON CONFLICT DO NOTHING"
    )
    return cursor.rowcount


def _without_stored(cursor, frame: pd.DataFrame) -> pd.DataFrame:
    """Drop from the batch (frame and temporary table) the readings that are stored already."""
    if is_postgres():
        cursor.execute(
            f"DELETE FROM {BATCH} b USING {READINGS} r WHERE r.sensor_id = b.sensor_id AND r.ts = b.ts "
            "RETURNING b.sensor_id, b.ts"
        )
        stored = {(sid, ts.strftime("%Y-%m-%d %H:%M:%S")) for sid, ts in cursor.fetchall()}
    else:
        cursor.execute(
            f"SELECT b.sensor_id, b.ts FROM {BATCH} b JOIN {READINGS} r ON r.sensor_id = b.sensor_id AND r.ts = b.ts"
        )
        stored = set(cursor.fetchall())
        cursor.execute(
            f"DELETE FROM {BATCH} WHERE EXISTS (SELECT 1 FROM {READINGS} r "
            f"WHERE r.sensor_id = {BATCH}.sensor_id AND r.ts = {BATCH}.ts)"
        )
    keys = pd.MultiIndex.from_arrays([frame["sensor_id"], frame["ts_text"]])
    keep = ~keys.isin(list(stored))
    return frame[keep].reset_index(drop=True)


def buckets(frame: pd.DataFrame, freq: str) -> pd.DataFrame:
    """Aggregate readings (sorted by sensor and time) into buckets: hour (UTC) or local day."""
    # Local days by flooring local times (vectorised; Asia/Shanghai has no daylight saving).
    key = frame["ts"].dt.floor("h") if freq == "hour" else frame["ts"].dt.tz_convert(settings.TIME_ZONE).dt.floor("D")
    grouped = frame.assign(bucket=key, flagged=(frame["flag"] & 1).astype(np.int64)).groupby(
        ["sensor_id", "bucket"], sort=False
    )
    out = grouped.agg(
        count=("value", "size"),
        total=("value", "sum"),
        min=("value", "min"),
        max=("value", "max"),
        first_ts=("ts_text", "first"),
        first_value=("value", "first"),
        last_ts=("ts_text", "last"),
        last_value=("value", "last"),
        flagged=("flagged", "sum"),
    ).reset_index()
    if freq == "hour":
        out["bucket"] = ts_text(out["bucket"])
    else:
        out["bucket"] = out["bucket"].dt.strftime("%Y-%m-%d")
    return out


def _upsert_sql(table: str, bucket: str) -> str:
    least, greatest = ("LEAST", "GREATEST") if is_postgres() else ("MIN", "MAX")
    t = table
    return (
        f"INSERT INTO {t} (sensor_id, {bucket}, count, total, min, max, first_ts, first_value, last_ts, "
        "last_value, flagged) VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s) "
        f"ON CONFLICT (sensor_id, {bucket}) DO UPDATE SET "
        f"count = {t}.count + excluded.count, total = {t}.total + excluded.total, "
        f"min = {least}({t}.min, excluded.min), max = {greatest}({t}.max, excluded.max), "
        f"first_value = CASE WHEN excluded.first_ts < {t}.first_ts THEN excluded.first_value "
        f"ELSE {t}.first_value END, "
        f"first_ts = {least}({t}.first_ts, excluded.first_ts), "
        f"last_value = CASE WHEN excluded.last_ts > {t}.last_ts THEN excluded.last_value ELSE {t}.last_value END, "
        f"last_ts = {greatest}({t}.last_ts, excluded.last_ts), "
        f"flagged = {t}.flagged + excluded.flagged"
    )


def _rows(frame: pd.DataFrame) -> list[tuple]:
    cols = ["sensor_id", "bucket", "count", "total", "min", "max", "first_ts", "first_value", "last_ts"]
    cols += ["last_value", "flagged"]
    if is_postgres():
        frame = frame.assign(first_ts=frame["first_ts"] + "+00", last_ts=frame["last_ts"] + "+00")
    return list(zip(*(_plain(frame[c]) for c in cols), strict=True))


def _plain(column: pd.Series) -> list:
    if column.dtype.kind in "iu":
        return [int(v) for v in column.tolist()]
    return column.tolist()


_PG_ROLLUP_TYPES = ["bigint", None, "bigint", "float8", "float8", "float8", "timestamptz", "float8", "timestamptz"]
_PG_ROLLUP_TYPES += ["float8", "bigint"]


def _update_rollups(cursor, frame: pd.DataFrame) -> None:
    if frame.empty:
        return
    for table, bucket, freq in ((HOURLY, "hour", "hour"), (DAILY, "day", "day")):
        rows = buckets(frame, freq)
        if freq == "hour" and is_postgres():
            rows["bucket"] = rows["bucket"] + "+00"
        values = _rows(rows)
        if is_postgres():
            # One statement over arrays, not one upsert per bucket.
            types = [t or ("timestamptz" if freq == "hour" else "date") for t in _PG_ROLLUP_TYPES]
            select = "SELECT * FROM unnest(" + ", ".join(f"%s::{t}[]" for t in types) + ")"
            sql = _upsert_sql(table, bucket).replace("VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s)", select)
            cursor.execute(sql, [list(column) for column in zip(*values, strict=True)])
        else:
            cursor.executemany(_upsert_sql(table, bucket), values)


def _update_last(cursor, frame: pd.DataFrame) -> None:
    if frame.empty:
        return
    last = frame.groupby("sensor_id", sort=False).tail(1)
    if is_postgres():
        cursor.execute(
            f"UPDATE {SENSORS} s SET last_ts = u.ts, last_value = u.value, last_flag = u.flag "
            "FROM unnest(%s::bigint[], %s::timestamptz[], %s::float8[], %s::smallint[]) AS u(id, ts, value, flag) "
            "WHERE s.id = u.id AND (s.last_ts IS NULL OR s.last_ts <= u.ts)",
            [
                _plain(last["sensor_id"]),
                (last["ts_text"] + "+00").tolist(),
                last["value"].tolist(),
                _plain(last["flag"]),
            ],
        )
        return
    stamp = last["ts_text"]
    rows = list(
        zip(
            stamp.tolist(),
            last["value"].tolist(),
            _plain(last["flag"]),
            _plain(last["sensor_id"]),
            stamp.tolist(),
            strict=True,
        )
    )
    cursor.executemany(
        f"UPDATE {SENSORS} SET last_ts = %s, last_value = %s, last_flag = %s "
        "WHERE id = %s AND (last_ts IS NULL OR last_ts <= %s)",
        rows,
    )


def delete_before(cutoff) -> int:
    """Drop raw readings older than the cutoff (retention); rollups are kept."""
    with transaction.atomic():
        return Reading.objects.filter(ts__lt=cutoff)._raw_delete(using="default")
