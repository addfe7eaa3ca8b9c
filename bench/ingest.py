"""Telemetry at 2,000 sensors: the bulk write path, MQTT end to end, and charts over 100 million readings.

For each database (SQLite in a temporary file; PostgreSQL when one answers at $PGHOST:$PGPORT, default
127.0.0.1:5432, user postgres), in a throw-away database with 2,000 network pressure sensors:

1. bulk path: rounds of 2,000 sensors × 100 one-minute timestamps (200,000 readings, sensor by sensor as a
   CSV export holds them), each round on fresh timestamps, alternating between
   - the raw baseline: the same rows straight into the readings table (PostgreSQL ``COPY … FROM STDIN`` with
     ``write_row``; SQLite ``executemany``), committed;
   - ``store.write(frame)``: the de-duplicated bulk write with the hourly and daily rollups;
   - ``ingest.ingest(records)``: the API/CSV path — validation, store, rollups and the seeded alarm rules
     (low pressure, pressure drop; the readings swing smoothly around 0.3 MPa and raise nothing);
   the median of each in readings/s and as a ratio to the raw baseline;
2. MQTT end to end (when a broker answers on $MQTT_HOST:1883, default 127.0.0.1): ``shuiwu ingest-mqtt`` in a
   child process (fresh client id, batches of 20,000, no alarm rules), 1,000,000 readings published at QoS 1
   by gateways, 500 readings in a JSON array per message; timed from the first publish until the readings
   committed reach the total, in readings/s and as a ratio to the raw baseline;
3. charts: the readings table filled in SQL to 100,000,000 rows (one year of readings spread over the other
   sensors, time after time as they arrive), one sensor with one-minute readings over the last 7 days and daily
   rollups for a year; ``services.series`` for a 1-year chart (daily rollups) and a 7-day chart (raw readings)
   of that sensor, p50/p95 over repeated runs, and the table's size.

Targets: bulk path (``ingest.ingest``) ≥ 0.5 × raw; MQTT ≥ 20,000 readings/s; each chart < 200 ms (p95).
The committed readings are followed through the daily rollups (written in the same transaction), then checked
with ``count(*)``. The 100 million rows go in with one ``INSERT … SELECT`` per 5 million (PostgreSQL: foreign-key
triggers off for that session only); the charts then run on a fresh connection after ``VACUUM ANALYZE`` /
``ANALYZE``.

Run: ``.venv/bin/python bench/ingest.py [--only sqlite|postgres] [--chart-rows N] [--skip-charts]`` — about
20 minutes per database on 2 cores (the 100 M-row fill is 12–13 of them) and up to 10 GB of disk each, given
back at the end (the database is dropped, the temporary folder removed, the broker session forgotten).
"""

import argparse
import gc
import json
import math
import os
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

import throwaway  # bench/throwaway.py, beside this script

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
CHART_DAYS_RAW = 7
CHART_DAYS_DAILY = 365
TARGET_BULK_RATIO = 0.5
TARGET_MQTT_RATE = 20_000
TARGET_CHART_MS = 200
NUMBERS = ("sensors", "timestamps", "rounds", "mqtt_readings", "mqtt_message", "chart_rows", "chart_runs")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", choices=["sqlite", "postgres"])
    parser.add_argument("--sensors", type=int, default=2000)
    parser.add_argument("--timestamps", type=int, default=100, help="timestamps per sensor in a bulk round")
    parser.add_argument("--rounds", type=int, default=5, help="measured bulk rounds (after one warm-up round)")
    parser.add_argument("--mqtt-readings", type=int, default=1_000_000)
    parser.add_argument("--mqtt-message", type=int, default=500, help="readings per MQTT message")
    parser.add_argument("--chart-rows", type=int, default=100_000_000, help="rows in the readings table")
    parser.add_argument("--chart-runs", type=int, default=20)
    parser.add_argument("--skip-mqtt", action="store_true")
    parser.add_argument("--skip-charts", action="store_true")
    parser.add_argument("--backend", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.backend:
        return run(args.backend, args)
    passed = [f"--{name.replace('_', '-')}={value}" for name, value in vars(args).items() if name in NUMBERS]
    passed += [f"--{name.replace('_', '-')}" for name in ("skip_mqtt", "skip_charts") if getattr(args, name)]
    backends = [b for b in ("sqlite", "postgres") if not args.only or b == args.only]
    failed = throwaway.each_backend(__file__, backends, passed, "ingest")
    return 1 if failed else 0


# -- inside one backend ---------------------------------------------------------------------


def run(backend, args):
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "shuiwu.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    company = setup_org()
    sensors = make_sensors(company, args.sensors)
    print(
        f"{backend}: {len(sensors):,} network pressure sensors; the seeded alarm rules (low pressure, pressure drop)",
        flush=True,
    )
    clock = Clock()
    results = {"backend": backend}
    results["bulk"] = bulk(backend, sensors, args, clock)
    if args.skip_mqtt:
        results["mqtt"] = None
    else:
        results["mqtt"] = mqtt(backend, sensors, args, clock, results["bulk"]["raw"])
    results["charts"] = None if args.skip_charts else charts(backend, sensors, args)
    summary(results)


class Clock:
    """Past times for each phase that never overlap: bulk rounds and MQTT long ago, charts over the last year."""

    def __init__(self):
        now = datetime.now(UTC).replace(second=0, microsecond=0)
        self.bulk_next = now - timedelta(days=800)
        self.mqtt_start = now - timedelta(days=500)

    def bulk_block(self, count: int) -> list[datetime]:
        stamps = [self.bulk_next + timedelta(minutes=i) for i in range(count)]
        self.bulk_next += timedelta(minutes=count)
        return stamps


def setup_org():
    from shuiwu.org.choices import CompanyKind
    from shuiwu.org.models import Company

    group = Company.objects.create(code="GROUP", name="Group", kind=CompanyKind.GROUP)
    return Company.objects.create(code="SUPPLY", name="Supply", kind=CompanyKind.SUPPLY, parent=group)


def make_sensors(company, count):
    from shuiwu.telemetry.choices import Measure, Role
    from shuiwu.telemetry.models import Sensor

    Sensor.objects.bulk_create(
        Sensor(
            company=company,
            code=f"P{i:05d}",
            name=f"Pressure {i}",
            measure=Measure.PRESSURE,
            role=Role.NETWORK,
            unit="MPa",
            valid_min=0.0,
            valid_max=1.6,
            expected_interval_s=60,
        )
        for i in range(count)
    )
    return list(Sensor.objects.order_by("pk").values_list("pk", "code"))


def _values(rng, sensor_index, minutes):
    """Network pressure in MPa: a daily swing around 0.3 and a little noise, so the seeded rules stay quiet."""
    import numpy as np

    sensor_index, minutes = np.asarray(sensor_index), np.asarray(minutes)
    swing = 0.03 * np.sin(2 * np.pi * minutes / 1440 + sensor_index * 0.1)
    return (0.30 + swing + rng.uniform(-0.001, 0.001, len(minutes))).round(4).tolist()


# -- 1. the bulk path -------------------------------------------------------------------------------


def bulk(backend, sensors, args, clock):
    import numpy as np
    import pandas as pd
    from django.db import connection, transaction

    from shuiwu.telemetry import ingest, store

    rng = np.random.default_rng(7)
    per_round = len(sensors) * args.timestamps
    print(
        f"{backend}: bulk rounds of {per_round:,} readings ({len(sensors):,} sensors × {args.timestamps} "
        f"one-minute timestamps, sensor by sensor), {args.rounds} measured after a warm-up, alternating order",
        flush=True,
    )

    def block():
        stamps = clock.bulk_block(args.timestamps)
        ids = [sid for sid, _ in sensors for _ in stamps]
        codes = [code for _, code in sensors for _ in stamps]
        times = stamps * len(sensors)
        index = [i for i in range(len(sensors)) for _ in stamps]
        minutes = [int(t.timestamp()) // 60 for t in stamps] * len(sensors)
        return ids, codes, times, _values(rng, index, minutes)

    def raw_side():
        ids, _, times, values = block()
        if backend == "postgres":
            rows = list(zip(ids, times, values, [0] * len(ids), strict=True))
        else:
            texts = [t.strftime("%Y-%m-%d %H:%M:%S") for t in times]
            rows = list(zip(ids, texts, values, [0] * len(ids), strict=True))
        started = time.perf_counter()
        with transaction.atomic(), connection.cursor() as cursor:
            if backend == "postgres":
                sql = "COPY telemetry_reading (sensor_id, ts, value, flag) FROM STDIN"
                with cursor.cursor.copy(sql) as copy:
                    for row in rows:
                        copy.write_row(row)
            else:
                cursor.cursor.executemany(
                    "INSERT INTO telemetry_reading (sensor_id, ts, value, flag) VALUES (?,?,?,?)", rows
                )
        return len(rows), time.perf_counter() - started

    def store_side():
        ids, _, times, values = block()
        frame = pd.DataFrame(
            {
                "sensor_id": np.array(ids, dtype="int64"),
                "ts": pd.to_datetime(times, utc=True),
                "value": values,
                "flag": np.zeros(len(ids), dtype="int64"),
            }
        )
        started = time.perf_counter()
        result = store.write(frame)
        elapsed = time.perf_counter() - started
        assert result.written == len(frame), result
        return len(frame), elapsed

    def ingest_side():
        _, codes, times, values = block()
        iso = {t: t.strftime("%Y-%m-%dT%H:%M:%SZ") for t in set(times)}
        records = [{"sensor": c, "ts": iso[t], "value": v} for c, t, v in zip(codes, times, values, strict=True)]
        started = time.perf_counter()
        report = ingest.ingest(records)
        elapsed = time.perf_counter() - started
        assert report.written == len(records) and not report.rejected, report.as_dict()
        return len(records), elapsed

    sides = {"raw": raw_side, "store": store_side, "ingest": ingest_side}
    rates = {name: [] for name in sides}
    for r in range(args.rounds + 1):
        order = list(sides) if r % 2 == 0 else list(reversed(sides))
        line = []
        for name in order:
            count, elapsed = sides[name]()
            if r:
                rates[name].append(count / elapsed)
            line.append(f"{name} {elapsed:.2f} s")
        print(f"{backend}:   round {r}{' (warm-up)' if not r else ''}: " + ", ".join(line), flush=True)
    out = {name: statistics.median(values) for name, values in rates.items()}
    label = "COPY" if backend == "postgres" else "executemany"
    print(
        f"{backend}: bulk, median of {args.rounds}: raw {label} {out['raw']:,.0f} readings/s; "
        f"store.write {out['store']:,.0f}/s = {out['store'] / out['raw']:.2f} × raw; "
        f"ingest.ingest (validation + store + rollups + alarm rules) {out['ingest']:,.0f}/s = "
        f"{out['ingest'] / out['raw']:.2f} × raw",
        flush=True,
    )
    out["label"] = label
    return out


# -- 2. MQTT end to end --------------------------------------------------------------------------------


def _reachable(host, port):
    try:
        with socket.create_connection((host, port), timeout=1):
            return True
    except OSError:
        return False


def mqtt(backend, sensors, args, clock, raw_rate):
    import numpy as np
    import paho.mqtt.client as paho
    from django.db import connection

    host, port = os.environ.get("MQTT_HOST", "127.0.0.1"), 1883
    if not _reachable(host, port):
        print(f"{backend}: MQTT skipped (no broker on {host}:{port})", flush=True)
        return None
    total, per_message = args.mqtt_readings, args.mqtt_message
    root = f"bench-{os.getpid()}-{uuid.uuid4().hex[:6]}"
    client_id = f"bench-{os.getpid()}-{uuid.uuid4().hex[:6]}"
    gateways = max(1, len(sensors) // per_message)

    # The gateways' messages, time after time (each reading a new minute of its sensor), encoded beforehand.
    rng = np.random.default_rng(11)
    first_minute = int(clock.mqtt_start.timestamp()) // 60
    numbers = np.arange(total)
    values = _values(rng, numbers % len(sensors), first_minute + numbers // len(sensors))
    payloads, batch, size = [], [], 0
    for n in range(total):
        code = sensors[n % len(sensors)][1]
        stamp = clock.mqtt_start + timedelta(minutes=n // len(sensors))
        batch.append({"sensor": code, "ts": stamp.strftime("%Y-%m-%dT%H:%M:%SZ"), "value": values[n]})
        if len(batch) == per_message or n == total - 1:
            data = json.dumps(batch).encode()
            payloads.append((f"{root}/gw{len(payloads) % gateways}", data))
            size += len(data)
            batch = []
    print(
        f"{backend}: MQTT: {total:,} readings in {len(payloads):,} messages of {per_message} readings "
        f"(JSON array, {size / len(payloads) / 1024:.1f} KiB each), QoS 1, {gateways} gateway topics; "
        f"ingester: shuiwu ingest-mqtt --batch-size 20000 --no-alarms",
        flush=True,
    )

    env = {**os.environ, "PYTHONUNBUFFERED": "1", "MQTT_URL": f"mqtt://{host}:{port}"}
    if backend == "sqlite":
        env["DATABASE_URL"] = f"sqlite:///{connection.settings_dict['NAME']}"
    command = [sys.executable, str(ROOT / "manage.py"), "ingest-mqtt", "--client-id", client_id]
    command += ["--topic", f"{root}/#", "--batch-size", "20000", "--no-alarms", "--stats-every", "5"]
    ingester = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    lines = []
    reader = threading.Thread(target=lambda: lines.extend(line.rstrip() for line in ingester.stdout), daemon=True)
    reader.start()
    publisher = None
    try:
        deadline = time.monotonic() + 60
        while "subscribed" not in lines and ingester.poll() is None and time.monotonic() < deadline:
            time.sleep(0.05)
        if "subscribed" not in lines:
            print(f"{backend}: MQTT: the ingester did not subscribe:\n" + "\n".join(lines), flush=True)
            return None

        def committed():
            # The daily rollups are written in the same transaction as the readings: their counts are the
            # committed readings, read without counting a growing table (checked against count(*) below).
            with connection.cursor() as cursor:
                cursor.execute("SELECT COALESCE(SUM(count), 0) FROM telemetry_dailyrollup")
                return int(cursor.fetchone()[0])

        before = committed()
        acked = []
        publisher = paho.Client(paho.CallbackAPIVersion.VERSION2, client_id=f"{client_id}-pub")
        publisher.max_inflight_messages_set(1000)
        publisher.on_publish = lambda *a: acked.append(time.perf_counter())
        publisher.connect(host, port)
        publisher.loop_start()
        started = time.perf_counter()
        for topic, data in payloads:
            publisher.publish(topic, data, qos=1)
        done = before
        timeout = max(120.0, total / 2000)
        finished = None
        while time.perf_counter() - started < timeout and ingester.poll() is None:
            done = committed()
            if done - before >= total:
                finished = time.perf_counter()
                break
            time.sleep(0.05)
        published = (acked[-1] - started) if len(acked) == len(payloads) else None
        if finished is None:
            print(
                f"{backend}: MQTT: only {done - before:,} of {total:,} readings committed after "
                f"{time.perf_counter() - started:.0f} s\n" + "\n".join(lines[-5:]),
                flush=True,
            )
            return {"rate": 0.0, "ratio": 0.0, "complete": False}
        elapsed = finished - started
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT count(*) FROM telemetry_reading WHERE ts >= %s AND ts < %s",
                [
                    connection.ops.adapt_datetimefield_value(clock.mqtt_start),
                    connection.ops.adapt_datetimefield_value(
                        clock.mqtt_start + timedelta(minutes=math.ceil(total / len(sensors)) + 1)
                    ),
                ],
            )
            counted = cursor.fetchone()[0]
        rate = total / elapsed
        pubacks = f"all PUBACKs after {published:.1f} s" if published else "PUBACKs incomplete"
        print(
            f"{backend}: MQTT end to end: {total:,} readings committed {elapsed:.1f} s after the first publish "
            f"({pubacks}): "
            f"{rate:,.0f} readings/s = {rate / raw_rate:.2f} × raw; count(*) of those rows: {counted:,}",
            flush=True,
        )
        return {"rate": rate, "ratio": rate / raw_rate, "complete": counted == total}
    finally:
        if publisher is not None:
            publisher.disconnect()
            publisher.loop_stop()
        if ingester.poll() is None:
            ingester.send_signal(signal.SIGTERM)
            try:
                ingester.wait(30)
            except subprocess.TimeoutExpired:
                ingester.kill()
                ingester.wait(10)
        reader.join(5)
        stats = [line for line in lines if line.startswith("messages=")]
        if stats:
            print(f"{backend}: ingester's last stats: {stats[-1]}", flush=True)
        _forget_session(host, port, client_id)


def _forget_session(host, port, client_id):
    """Drop the ingester's persistent session from the broker (clean start, no expiry)."""
    import paho.mqtt.client as paho
    from paho.mqtt.packettypes import PacketTypes
    from paho.mqtt.properties import Properties

    try:
        client = paho.Client(paho.CallbackAPIVersion.VERSION2, client_id=client_id, protocol=paho.MQTTv5)
        props = Properties(PacketTypes.CONNECT)
        props.SessionExpiryInterval = 0
        client.connect(host, port, clean_start=True, properties=props)
        client.loop_start()
        time.sleep(0.5)
        client.disconnect()
        client.loop_stop()
    except OSError:
        pass


# -- 3. charts over a big table ----------------------------------------------------------------------


def charts(backend, sensors, args):
    from django.db import connection, transaction

    from shuiwu.telemetry import services
    from shuiwu.telemetry.models import Sensor

    ids = [sid for sid, _ in sensors]
    chart_id, others = ids[0], ids[1:]
    first, n = others[0], len(others)
    assert others == list(range(first, first + n)), "the bench expects consecutive sensor ids"
    end = datetime.now(UTC).replace(second=0, microsecond=0) - timedelta(minutes=1)
    year_start = end - timedelta(days=CHART_DAYS_DAILY)
    window_start = end - timedelta(days=CHART_DAYS_RAW)
    window = CHART_DAYS_RAW * 24 * 60  # the charted sensor's one-minute readings

    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM telemetry_reading")
        existing = cursor.fetchone()[0]
    filler = args.chart_rows - existing - window
    if filler < n:
        print(f"{backend}: charts skipped (--chart-rows {args.chart_rows:,} is below what the table holds)")
        return None
    steps = math.ceil(filler / n)
    step_s = (CHART_DAYS_DAILY * 86400) // steps
    print(
        f"{backend}: filling the readings table from {existing:,} to {args.chart_rows:,} rows: {filler:,} over "
        f"{n:,} sensors (one every {step_s} s for a year, time after time), {window:,} one-minute readings of "
        f"the charted sensor over the last {CHART_DAYS_RAW} days, daily rollups for a year for every sensor",
        flush=True,
    )

    def at(j):  # the time of filler step j
        return year_start + timedelta(seconds=j * step_s)

    # Chunks of about 5,000,000 rows, one boundary where the charted sensor's window starts.
    per_chunk = max(1, 5_000_000 // n)
    j_window = math.ceil((window_start - year_start).total_seconds() / step_s)
    bounds = sorted({*range(0, steps, per_chunk), j_window, steps})
    started = time.perf_counter()
    if backend == "postgres":
        with connection.cursor() as cursor:
            # This session only: no foreign-key triggers while filling (every id is a sensor's).
            cursor.execute("SET session_replication_role = replica")
    else:
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA cache_size = -1000000")  # this connection only: 1 GB of page cache
    for lo, hi in zip(bounds, bounds[1:], strict=False):
        a, b = lo * n, min(hi * n, filler)
        if a >= b:
            continue
        k_lo = _minutes_from(window_start, at(lo), window)
        k_hi = window if hi == steps else _minutes_from(window_start, at(hi), window)
        with transaction.atomic(), connection.cursor() as cursor:
            _fill(backend, cursor.cursor, a, b, first, n, year_start, step_s, chart_id, window_start, k_lo, k_hi)
        elapsed = time.perf_counter() - started
        if hi == steps or (hi // per_chunk) % 4 == 0:
            print(f"{backend}:   {b:,} rows in {elapsed:.0f} s ({b / elapsed:,.0f}/s)", flush=True)
    daily_rollups(backend, ids, chart_id, year_start, end)
    fill_s = time.perf_counter() - started
    print(f"{backend}: filled in {fill_s:.0f} s; analysing", flush=True)
    connection.close()  # the charts run on a fresh connection with the project's settings
    started = time.perf_counter()
    with connection.cursor() as cursor:
        if backend == "postgres":
            cursor.execute("VACUUM (ANALYZE) telemetry_reading")
            cursor.execute("ANALYZE")
        else:
            cursor.execute("PRAGMA analysis_limit = 1000")
            cursor.execute("ANALYZE")
            cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        cursor.execute("SELECT count(*) FROM telemetry_reading")
        rows = cursor.fetchone()[0]
        if backend == "postgres":
            cursor.execute("SELECT pg_total_relation_size('telemetry_reading'), pg_relation_size('telemetry_reading')")
            total_size, heap = cursor.fetchone()
            size = f"telemetry_reading {total_size / 1e9:.1f} GB with its indexes ({heap / 1e9:.1f} GB of rows)"
        else:
            path = Path(connection.settings_dict["NAME"])
            total_size = sum(p.stat().st_size for p in path.parent.glob(path.name + "*"))
            size = f"database file {total_size / 1e9:.1f} GB"
    connection.close()
    print(
        f"{backend}: {rows:,} readings; {size}; {'VACUUM ANALYZE' if backend == 'postgres' else 'ANALYZE'} "
        f"{time.perf_counter() - started:.0f} s",
        flush=True,
    )

    sensor = Sensor.objects.get(pk=chart_id)
    out = {"rows": rows, "size": total_size, "fill_s": fill_s}
    full_collections = []

    def count_full(phase, info):  # full garbage collections during the timed runs explain the slow outliers
        if phase == "start" and info["generation"] == 2:
            full_collections.append(1)

    gc.callbacks.append(count_full)
    for name, start in (("daily", year_start), ("raw", window_start)):
        times = []
        full_collections.clear()
        for _ in range(args.chart_runs + 1):
            t = time.perf_counter()
            result = services.series(sensor, start, end)
            times.append((time.perf_counter() - t) * 1000)
        first_ms, times = times[0], sorted(times[1:])
        p50, p95 = statistics.median(times), times[max(0, math.ceil(len(times) * 0.95) - 1)]
        points = len(result["points"])
        days = CHART_DAYS_DAILY if name == "daily" else CHART_DAYS_RAW
        print(
            f"{backend}: {days}-day chart ({result['resolution']}, {points:,} points): first call "
            f"{first_ms:.1f} ms, then over {len(times)} runs p50 {p50:.1f} ms, p95 {p95:.1f} ms, "
            f"max {times[-1]:.1f} ms ({len(full_collections)} full garbage collections during the runs)",
            flush=True,
        )
        out[name] = {"p50": p50, "p95": p95, "first": first_ms, "points": points}
    gc.callbacks.remove(count_full)
    return out


def _minutes_from(start, moment, limit):
    return min(limit, max(0, math.ceil((moment - start).total_seconds() / 60)))


def _fill(backend, raw, a, b, first, n, year_start, step_s, chart_id, window_start, k_lo, k_hi):
    """Insert filler rows a..b-1 (row i: sensor first + i mod n at step i div n), in time order, with the
    charted sensor's one-minute readings k_lo..k_hi-1 of its window between them."""
    if backend == "postgres":
        filler = (
            "SELECT %s + mod(i, %s) AS sensor_id, %s::timestamptz + (i / %s) * %s * interval '1 second' AS ts, "
            "0.25 + 0.2 * random() AS value, 0 AS flag FROM generate_series(%s::bigint, %s::bigint) AS i"
        )
        params = [first, n, year_start, n, step_s, a, b - 1]
        chart = (
            "SELECT %s, %s::timestamptz + k * interval '1 minute', 0.3 + 0.05 * sin(k / 240.0), 0 "
            "FROM generate_series(%s::bigint, %s::bigint) AS k"
        )
    else:
        filler = (
            "SELECT ? + i % ? AS sensor_id, strftime('%Y-%m-%d %H:%M:%S', ? + (i / ?) * ?, 'unixepoch') AS ts, "
            "0.25 + (abs(random()) % 20000) / 100000.0 AS value, 0 AS flag FROM g"
        )
        params = [first, n, int(year_start.timestamp()), n, step_s]
        chart = (
            "SELECT ?, strftime('%Y-%m-%d %H:%M:%S', ? + k * 60, 'unixepoch'), 0.3 + 0.05 * ((k % 480) / 480.0), 0 "
            "FROM c"
        )
    columns = "INSERT INTO telemetry_reading (sensor_id, ts, value, flag) "
    if k_hi > k_lo:
        select = f"SELECT * FROM ({filler} UNION ALL {chart}) AS x ORDER BY ts"
        if backend == "postgres":
            params += [chart_id, window_start, k_lo, k_hi - 1]
        else:
            params += [chart_id, int(window_start.timestamp())]
    else:
        select = filler
    if backend == "postgres":
        raw.execute(columns + select, params)
    else:
        ctes = "WITH RECURSIVE g(i) AS (SELECT ? UNION ALL SELECT i + 1 FROM g WHERE i < ?)"
        ctes_params = [a, b - 1]
        if k_hi > k_lo:
            ctes += ", c(k) AS (SELECT ? UNION ALL SELECT k + 1 FROM c WHERE k < ?)"
            ctes_params += [k_lo, k_hi - 1]
        raw.execute(f"{ctes} {columns}{select}", ctes_params + params)


def daily_rollups(backend, ids, chart_id, year_start, end):
    """A year of daily rollups for every sensor (the charted one at one reading a minute), written directly."""
    from django.conf import settings
    from django.db import connection, transaction

    from shuiwu.telemetry.models import DailyRollup

    zone = __import__("zoneinfo").ZoneInfo(settings.TIME_ZONE)
    first_day = year_start.astimezone(zone).date()
    last_day = end.astimezone(zone).date()
    days = [first_day + timedelta(days=d) for d in range((last_day - first_day).days + 1)]
    table = DailyRollup._meta.db_table
    columns = "sensor_id, day, count, total, min, max, first_ts, first_value, last_ts, last_value, flagged"
    rows = []
    for sid in ids:
        count = 1440 if sid == chart_id else 137
        for day in days:
            start = datetime.combine(day, datetime.min.time(), zone).astimezone(UTC)
            last = start + timedelta(seconds=86400 - 86400 // count)
            if backend == "sqlite":
                start, last = start.strftime("%Y-%m-%d %H:%M:%S"), last.strftime("%Y-%m-%d %H:%M:%S")
                day = day.isoformat()
            rows.append((sid, day, count, 0.33 * count, 0.26, 0.44, start, 0.31, last, 0.35, 0))
    with transaction.atomic(), connection.cursor() as cursor:
        if backend == "postgres":
            with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        else:
            marks = ", ".join(["?"] * 11)
            cursor.cursor.executemany(f"INSERT INTO {table} ({columns}) VALUES ({marks})", rows)


# -- summary -------------------------------------------------------------------------------------------


def summary(results):
    backend = results["backend"]
    verdict = {True: "PASS", False: "MISS"}
    lines = [f"== {backend}: summary"]
    bulk = results["bulk"]
    ratio = bulk["ingest"] / bulk["raw"]
    lines.append(
        f"  bulk path (ingest.ingest)  {bulk['ingest']:>9,.0f} readings/s = {ratio:.2f} × raw {bulk['label']} "
        f"({bulk['raw']:,.0f}/s); store.write alone {bulk['store']:,.0f}/s = {bulk['store'] / bulk['raw']:.2f} × raw"
        f"   target ≥ {TARGET_BULK_RATIO} × raw: {verdict[ratio >= TARGET_BULK_RATIO]}"
    )
    mq = results["mqtt"]
    if mq is None:
        lines.append("  MQTT end to end            not measured (no broker, or skipped)")
    else:
        ok = mq["complete"] and mq["rate"] >= TARGET_MQTT_RATE
        lines.append(
            f"  MQTT end to end            {mq['rate']:>9,.0f} readings/s = {mq['ratio']:.2f} × raw"
            f"   target ≥ {TARGET_MQTT_RATE:,}/s: {verdict[ok]}"
        )
    ch = results["charts"]
    if ch is None:
        lines.append("  charts                     not measured (--skip-charts)")
    else:
        for name, label in (("daily", "1-year daily chart"), ("raw", "7-day raw chart")):
            c = ch[name]
            lines.append(
                f"  {label:<26} p95 {c['p95']:>7.1f} ms (p50 {c['p50']:.1f}, {c['points']:,} points) at "
                f"{ch['rows']:,} rows   target < {TARGET_CHART_MS} ms: {verdict[c['p95'] < TARGET_CHART_MS]}"
            )
    print("\n".join(lines), flush=True)


if __name__ == "__main__":
    sys.exit(main())
