"""A monthly billing run for 250,000 accounts with a year of reads, against one set-based SQL of the same totals.

For each database (SQLite in a temporary file; PostgreSQL when one answers at $PGHOST:$PGPORT, default
127.0.0.1:5432, user postgres), in a throw-away database with the seeded example tariffs:

1. generate (not timed) 250,000 accounts — about 90 % residential with household sizes 1–6, 8 % non-residential,
   1.5 % special industry, 0.5 % fire and municipal — in reading books of 2,000, one meter each, 13 monthly reads
   each (the December read before the year, then January to December of last year) with a summer peak, and a
   prepaid balance on 0.5 % of them; written with ``COPY`` on PostgreSQL and ``executemany`` on SQLite;
2. bill January to November (not timed), so that December's tiers continue from the year-to-date volumes: by
   default one ``INSERT … SELECT`` a month from the baseline SQL below (bills without lines, paid);
   ``--prebill service`` runs ``execute_billing_run`` for each of those months instead;
3. time ``services.execute_billing_run`` for December (the run row is made first, as ``start_billing_run`` makes
   it): bills/s and seconds, with the time by kind of query;
4. the baseline: one SQL statement computing the same totals — per account the month's volume, its tier volumes
   from the year-to-date volume and the household-adjusted thresholds, the water amount per tier, the sewage and
   water-resource fees; summed — in integer fen (whole m³ × prices in fen are exact), best of three. It must
   agree with the bills the run wrote to the fen (count, volume and amount), and the ratio run-time / SQL-time
   is printed.

Target: the December run on PostgreSQL ≤ 60 s (SQLite is measured against the same figure for reference).
``--profile`` runs the December run under cProfile and prints where the time goes (times are then inflated).

Run: ``.venv/bin/python bench/billing.py [--accounts N] [--db sqlite|postgres|both] [--prebill sql|service]
[--profile]`` — with 250,000 accounts 4–5 minutes per database on 2 cores and up to 3 GB of disk each,
given back at the end (the database is dropped, the temporary folder removed).
"""

import argparse
import cProfile
import math
import os
import pstats
import re
import sys
import time
from collections import defaultdict
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path

import throwaway  # bench/throwaway.py, beside this script

HERE = Path(__file__).resolve().parent
TARGET_SECONDS = 60
BOOK_SIZE = 2000
BIG = 10**12  # the end of a tier that has none
MIX = (("residential", 0.90), ("non_residential", 0.08), ("special", 0.015), ("fire_municipal", 0.005))
PREPAID_SHARE = 0.005


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--accounts", type=int, default=250_000)
    parser.add_argument("--db", choices=["sqlite", "postgres", "both"], default="both")
    parser.add_argument("--prebill", choices=["sql", "service"], default="sql")
    parser.add_argument("--profile", action="store_true")
    parser.add_argument("--backend", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.backend:
        return run(args.backend, args)
    passed = [f"--accounts={args.accounts}", f"--prebill={args.prebill}"] + (["--profile"] if args.profile else [])
    backends = [b for b in ("sqlite", "postgres") if args.db in (b, "both")]
    # The billing job runs in-process.
    failed = throwaway.each_backend(__file__, backends, passed, "billing", {"CELERY_BROKER_URL": ""})
    return 1 if failed else 0


# -- inside one backend ---------------------------------------------------------------------


def run(backend, args):
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "shuiwu.settings")
    sys.path.insert(0, str(HERE.parent))
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0)  # seeds the example tariffs
    company = setup_org()
    year = date.today().year - 1
    periods = [f"{year}-{m:02d}" for m in range(1, 13)]
    started = time.perf_counter()
    generate(backend, company, args.accounts, year)
    analyse(backend)
    print(f"{backend}: generated in {time.perf_counter() - started:.0f} s", flush=True)

    started = time.perf_counter()
    if args.prebill == "service":
        how = "billed by execute_billing_run, as December is"
        for period in periods[:-1]:
            seconds, bills = billing_run(company, period)
            analyse(backend, "customers_bill")
            print(f"{backend}:   {period}: {bills:,} bills in {seconds:.1f} s ({bills / seconds:,.0f}/s)", flush=True)
    else:
        how = "inserted by one INSERT … SELECT a month from the baseline SQL (bills without lines)"
        for period in periods[:-1]:
            prebill(backend, company, period)
            analyse(backend, "customers_bill")  # fresh statistics, as a database in use has
    print(f"{backend}: January–November {how}: {time.perf_counter() - started:.0f} s", flush=True)
    analyse(backend)
    connection.close()  # the run starts on a fresh connection with the project's settings

    december = periods[-1]
    queries = QueryLog()
    profiler = cProfile.Profile() if args.profile else None
    with connection.execute_wrapper(queries):
        seconds, bills = billing_run(company, december, profiler)
    rate = bills / seconds
    print(
        f"{backend}: {december} run{' (under cProfile)' if profiler else ''}: {bills:,} bills in {seconds:.1f} s = "
        f"{rate:,.0f} bills/s; {queries.count:,} queries taking {queries.total:.1f} s",
        flush=True,
    )
    queries.report(backend, seconds)
    if profiler is not None:
        report_profile(profiler)

    sql_seconds, baseline = best_of(3, lambda: totals_sql(backend, company, december))
    billed = billed_totals(company, december)
    agree = billed == baseline
    tiers = tier_lines(december)
    print(
        f"{backend}: baseline SQL (tiers from year-to-date, household thresholds, fees; one statement, best of 3): "
        f"{sql_seconds:.2f} s for {baseline[0]:,} accounts, {baseline[1]:,} m³, {_yuan(baseline[2])} yuan",
        flush=True,
    )
    print(
        f"{backend}: the bills: {billed[0]:,} bills, {billed[1]:,} m³, {_yuan(billed[2])} yuan (water lines by "
        f"tier: {', '.join(f'{tier}: {n:,}' for tier, n in tiers)}) — "
        f"{'agree with the SQL to the fen' if agree else 'DIFFER from the SQL'}",
        flush=True,
    )
    if not agree:
        differences(backend, company, december)
    verdict = "PASS" if seconds <= TARGET_SECONDS and agree else "MISS"
    note = "" if backend == "postgres" else " (the target is PostgreSQL's; for reference)"
    print(
        f"== {backend}: summary  {args.accounts:,} accounts, {december} run {seconds:.1f} s = {rate:,.0f} bills/s; "
        f"SQL {sql_seconds:.2f} s; run / SQL {seconds / sql_seconds:.0f} ×; amounts "
        f"{'agree to the fen' if agree else 'DIFFER'}; Jan–Nov {args.prebill}; "
        f"target ≤ {TARGET_SECONDS} s{note}: {verdict}",
        flush=True,
    )
    return 0 if agree else 1


def setup_org():
    from shuiwu.org.choices import CompanyKind
    from shuiwu.org.models import Company

    group = Company.objects.create(code="GROUP", name="Group", kind=CompanyKind.GROUP)
    return Company.objects.create(code="SUPPLY", name="Supply", kind=CompanyKind.SUPPLY, parent=group)


def _yuan(fen: int) -> str:
    return f"{Decimal(fen) / 100:,.2f}"


def best_of(n, func):
    times, result = [], None
    for _ in range(n):
        started = time.perf_counter()
        result = func()
        times.append(time.perf_counter() - started)
    return min(times), result


# -- generation -------------------------------------------------------------------------------------


def generate(backend, company, count, year):
    """Customers, accounts in reading books, meters and 13 reads each, straight into the tables."""
    import numpy as np
    from django.db import connection

    from shuiwu.customers.models import Account, Customer, Meter, MeterReading, ReadingBook

    rng = np.random.default_rng(20260701)
    if backend == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA cache_size = -1000000")  # this connection only: 1 GB of page cache
    ids = np.arange(1, count + 1)
    kinds = rng.choice(len(MIX), size=count, p=[share for _, share in MIX])
    use_types = [MIX[k][0] for k in kinds]
    sizes = rng.choice([1, 2, 3, 4, 5, 6], size=count, p=[0.08, 0.27, 0.30, 0.22, 0.09, 0.04])
    # m³ a day: residential about 125 L a person with habits spread wide and a few heavy users; others by kind.
    per_person = rng.lognormal(np.log(0.125), 0.35, count) * np.where(rng.random(count) < 0.02, 2.5, 1.0)
    other = {1: (np.log(2.0), 1.0), 2: (np.log(6.0), 0.8), 3: (np.log(0.3), 0.6)}
    daily = per_person * sizes
    for k, (mu, sigma) in other.items():
        mask = kinds == k
        daily[mask] = rng.lognormal(mu, sigma, mask.sum())
    books = math.ceil(count / BOOK_SIZE)
    read_days = rng.integers(20, 27, books)
    prepaid = rng.random(count) < PREPAID_SHARE
    now = datetime.now(UTC).replace(microsecond=0)

    insert(
        backend,
        ReadingBook,
        ["id", "company_id", "code", "name", "read_day"],
        ((b + 1, company.pk, f"B{b + 1:04d}", f"Book {b + 1}", int(read_days[b])) for b in range(books)),
        now,
    )
    insert(
        backend,
        Customer,
        ["id", "company_id", "number", "kind", "name"],
        (
            (i, company.pk, f"C{i:09d}", "person" if use_types[i - 1] == "residential" else "organisation", f"客户{i}")
            for i in ids.tolist()
        ),
        now,
    )
    insert(
        backend,
        Account,
        [
            "id",
            "company_id",
            "number",
            "customer_id",
            "use_type",
            "household_size",
            "reading_book_id",
            "route_order",
            "opened_on",
            "balance",
        ],
        (
            (
                i,
                company.pk,
                f"{i:09d}",
                i,
                use_types[i - 1],
                int(sizes[i - 1]) if use_types[i - 1] == "residential" else None,
                (i - 1) // BOOK_SIZE + 1,
                (i - 1) % BOOK_SIZE + 1,
                date(2000 + i % 20, 1 + i % 12, 1 + i % 28),
                Decimal("100.00") if prepaid[i - 1] else Decimal("0.00"),
            )
            for i in ids.tolist()
        ),
        now,
    )
    insert(
        backend,
        Meter,
        ["id", "serial", "account_id", "size_mm", "meter_type", "digits", "install_date"],
        (
            (i, f"M{i:09d}", i, 15 if use_types[i - 1] == "residential" else 40, "mechanical", 6, date(2015, 1, 1))
            for i in ids.tolist()
        ),
        now,
    )

    # 13 reads: December of the year before, then each month; a summer peak; whole m³.
    months = [date(year - 1, 12, 1)] + [date(year, m, 1) for m in range(1, 13)]
    book_of = (ids - 1) // BOOK_SIZE
    day_of = read_days[book_of]
    season = np.array([1 + 0.22 * math.cos(2 * math.pi * (m.month - 7.3) / 12) for m in months])
    noise = rng.lognormal(0, 0.15, (count, len(months)))
    used = np.rint(daily[:, None] * 30.4 * season[None, :] * noise).astype(np.int64)
    start = rng.integers(0, 200_000, count)
    values = start[:, None] + np.cumsum(used, axis=1)

    def reads():
        for n in range(count):
            account = n + 1
            day = int(day_of[n])
            row_values, row_used = values[n].tolist(), used[n].tolist()
            for m, month in enumerate(months):
                yield account, account, month.replace(day=day), row_values[m], row_used[m]

    insert(backend, MeterReading, ["meter_id", "account_id", "read_on", "value", "consumption"], reads(), now)
    if backend == "postgres":
        with connection.cursor() as cursor:
            for model in (ReadingBook, Customer, Account, Meter):
                table = model._meta.db_table
                cursor.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT max(id) FROM {table}))")
    print(
        f"{backend}: {count:,} accounts ("
        + ", ".join(f"{name} {use_types.count(name):,}" for name, _ in MIX)
        + f") in {books} reading books, {count:,} meters, {count * len(months):,} reads "
        f"({months[0]:%Y-%m} … {months[-1]:%Y-%m}); {int(prepaid.sum()):,} accounts with a prepaid balance",
        flush=True,
    )


def insert(backend, model, columns, rows, now, chunk=100_000):
    """Rows straight into the model's table (COPY on PostgreSQL, executemany on SQLite); every other column
    takes its field's default."""
    from django.db import connection, transaction

    rest = [f for f in model._meta.concrete_fields if f.attname not in columns and not f.primary_key]
    fixed = []
    for field in rest:
        if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
            value = now
        else:
            value = field.get_default()  # "" for text without a default
            if value is None and not field.null:
                raise ValueError(f"{model.__name__}.{field.name} needs a value")
        fixed.append(str(value) if isinstance(value, str) else value)  # choices' enum members as plain text
    names = ", ".join(columns + [f.column for f in rest])
    table = model._meta.db_table
    if backend == "sqlite":
        fixed = [_sqlite_value(v) for v in fixed]
    fixed = tuple(fixed)
    batch = []

    def flush():
        with transaction.atomic(), connection.cursor() as cursor:
            if backend == "postgres":
                with cursor.cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
                    for row in batch:
                        copy.write_row(row + fixed)
            else:
                marks = ", ".join(["?"] * (len(columns) + len(rest)))
                cursor.cursor.executemany(
                    f"INSERT INTO {table} ({names}) VALUES ({marks})",
                    [tuple(_sqlite_value(v) for v in row) + fixed for row in batch],
                )
        batch.clear()

    for row in rows:
        batch.append(row)
        if len(batch) >= chunk:
            flush()
    if batch:
        flush()


def _sqlite_value(value):
    if isinstance(value, datetime):
        return value.astimezone(UTC).replace(tzinfo=None).isoformat(" ")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


def analyse(backend, table=""):
    from django.db import connection

    with connection.cursor() as cursor:
        if backend == "postgres":
            cursor.execute(f"ANALYZE {table}" if table else "VACUUM ANALYZE")
        else:
            cursor.execute(f"ANALYZE {table}")


# -- the baseline: one set-based statement ------------------------------------------------------------------


def tariff_rows(period):
    """Per use type, the tariff version in force over the period as one row of integers (prices in fen):
    (use type, base household, end 1, extra 1, price 1, end 2, extra 2, price 2, price 3, sewage, resource)."""
    from shuiwu.customers import services
    from shuiwu.engine import tariffs as engine

    first, last = services.parse_period(period)
    rows = []
    for use_type, versions in sorted(services.tariff_table().items()):
        spans = engine.in_force(versions, date(first.year, 1, 1), last)
        if len(spans) != 1:
            raise SystemExit(f"the baseline expects one {use_type} tariff version over {first.year}")
        tariff = spans[0][0]
        tiers = list(tariff.tiers)
        if len(tiers) > 3 or tiers[-1].up_to_m3 is not None:
            raise SystemExit(f"the baseline handles up to three tiers, the last open ({tariff.code})")
        fen = [int(t.price * 100) for t in tiers]
        ends = [(t.up_to_m3, t.extra_person_m3) for t in tiers[:-1]]
        ends += [(BIG, 0)] * (2 - len(ends))
        prices = fen[:-1] + [fen[-1]] * (3 - len(fen) + 1)  # the open tier's price fills the tiers it replaces
        rows.append(
            (
                use_type,
                tariff.household_base,
                ends[0][0],
                ends[0][1],
                prices[0],
                ends[1][0],
                ends[1][1],
                prices[1],
                prices[2],
                int(tariff.sewage * 100),
                int(tariff.resource * 100),
            )
        )
    return rows


def per_account_sql(backend, company, period, before=("", [])):
    """The CTEs of the baseline, ending in ``fen(id, use_type, v, amount_fen)``, and their parameters;
    ``before``: more CTEs (text ending in a comma, and their parameters) to put first."""
    from shuiwu.customers import services

    greatest, least = ("GREATEST", "LEAST") if backend == "postgres" else ("MAX", "MIN")
    first, last = services.parse_period(period)
    tariffs = tariff_rows(period)
    values = ", ".join("(" + ", ".join(["%s"] * 11) + ")" for _ in tariffs)
    sql = f"""
        WITH {before[0]} t(use_type, base, e1, x1, p1, e2, x2, p2, p3, sew, res) AS (VALUES {values}),
        vol AS (
            SELECT account_id, SUM(consumption) AS v FROM customers_meterreading
            WHERE read_on >= %s AND read_on <= %s GROUP BY account_id
        ),
        ytd AS (
            SELECT account_id, SUM(volume_m3) AS y FROM customers_bill
            WHERE company_id = %s AND period >= %s AND period < %s AND status <> 'cancelled'
            GROUP BY account_id
        ),
        acc AS (
            SELECT a.id, a.use_type, vol.v, COALESCE(ytd.y, 0) AS y,
                t.e1 + {greatest}(0, COALESCE(a.household_size, t.base) - t.base) * t.x1 AS th1,
                t.e2 + {greatest}(0, COALESCE(a.household_size, t.base) - t.base) * t.x2 AS th2,
                t.p1, t.p2, t.p3, t.sew, t.res
            FROM vol
            JOIN customers_account a ON a.id = vol.account_id
            JOIN t ON t.use_type = a.use_type
            LEFT JOIN ytd ON ytd.account_id = a.id
            WHERE a.company_id = %s AND a.opened_on <= %s AND vol.v >= 0
                AND NOT (a.status = 'closed' AND a.closed_on IS NOT NULL AND a.closed_on < %s)
        ),
        fen AS (
            SELECT id, use_type, v,
                {greatest}(0, {least}(y + v, th1) - y) * p1
                + {greatest}(0, {least}(y + v, th2) - {greatest}(y, th1)) * p2
                + {greatest}(0, y + v - {greatest}(y, th2)) * p3
                + v * (sew + res) AS amount_fen
            FROM acc
        )
    """
    params = [*before[1], *(value for row in tariffs for value in row)]
    params += [first, last, company.pk, f"{first.year}-01", period, company.pk, last, first]
    if backend == "sqlite":
        params = [_sqlite_value(v) for v in params]
    return sql, params


def totals_sql(backend, company, period):
    """(accounts, m³, fen) of the period, in one statement."""
    from django.db import connection

    sql, params = per_account_sql(backend, company, period)
    with connection.cursor() as cursor:
        cursor.execute(sql + " SELECT COUNT(*), COALESCE(SUM(v), 0), COALESCE(SUM(amount_fen), 0) FROM fen", params)
        n, volume, fen = cursor.fetchone()
    return int(n), int(volume), int(fen)


def prebill(backend, company, period):
    """The period's bills (paid, without lines) inserted in one statement from the baseline's per-account rows."""
    from django.db import connection, transaction

    from shuiwu.customers import services

    first, last = services.parse_period(period)
    reads = (
        "prev AS (SELECT account_id, MAX(read_on) AS d FROM customers_meterreading WHERE read_on < %s "
        "GROUP BY account_id), "
        "cur AS (SELECT account_id, MAX(read_on) AS d, MAX(value) AS value FROM customers_meterreading "
        "WHERE read_on >= %s AND read_on <= %s GROUP BY account_id),",
        [first, first, last],
    )
    sql, params = per_account_sql(backend, company, period, reads)
    issued, due = services.bill_dates(period)
    if backend == "postgres":
        money, next_day = "(fen.amount_fen / 100.0)::numeric(14, 2)", "prev.d + 1"
    else:
        money, next_day = "fen.amount_fen / 100.0", "date(prev.d, '+1 day')"
    tail = [f"B{period.replace('-', '')}-", period, False, issued, due, due, datetime.now(UTC)]
    if backend == "sqlite":
        tail = [_sqlite_value(v) for v in tail]
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            f"""
            INSERT INTO customers_bill (number, company_id, account_id, period, revision, use_type, period_start,
                period_end, previous_read, current_read, volume_m3, estimated, amount, paid, late_fee_paid, status,
                issued_on, due_on, paid_on, cancelled_reason, created)
            {sql}
            SELECT %s || a.number, a.company_id, fen.id, %s, 1, fen.use_type, {next_day}, cur.d,
                cur.value - fen.v, cur.value, fen.v, %s, {money}, {money}, 0, 'paid', %s, %s, %s, '', %s
            FROM fen
            JOIN customers_account a ON a.id = fen.id
            JOIN prev ON prev.account_id = fen.id
            JOIN cur ON cur.account_id = fen.id
            """,
            params + tail,
        )


# -- the run and its check -----------------------------------------------------------------------------------


def billing_run(company, period, profiler=None):
    """``execute_billing_run`` for the period, timed; (seconds, bills)."""
    from shuiwu.customers import services
    from shuiwu.customers.models import BillingRun

    run = BillingRun.objects.create(company=company, period=period)
    started = time.perf_counter()
    if profiler is not None:
        profiler.enable()
    run = services.execute_billing_run(run.pk)
    if profiler is not None:
        profiler.disable()
    seconds = time.perf_counter() - started
    if run.status != "done":
        raise SystemExit(f"the {period} run failed: {run.error}")
    return seconds, run.bills


def billed_totals(company, period):
    from shuiwu.customers.models import Bill

    bills = Bill.objects.filter(company=company, period=period).exclude(status="cancelled")
    n = volume = 0
    amount = Decimal(0)
    for v, a in bills.values_list("volume_m3", "amount").iterator(chunk_size=20_000):
        n, volume, amount = n + 1, volume + v, amount + a
    return n, volume, int(amount * 100)


def tier_lines(period):
    from django.db.models import Count

    from shuiwu.customers.models import BillLine

    lines = BillLine.objects.filter(bill__period=period, kind="water", volume_m3__gt=0)
    return list(lines.values("tier").annotate(n=Count("id")).order_by("tier").values_list("tier", "n"))


def differences(backend, company, period, limit=5):
    """The first accounts whose bill differs from the SQL, to show where the two part."""
    from django.db import connection

    from shuiwu.customers.models import Bill

    sql, params = per_account_sql(backend, company, period)
    with connection.cursor() as cursor:
        cursor.execute(sql + " SELECT id, v, amount_fen FROM fen", params)
        expected = {row[0]: (int(row[1]), int(row[2])) for row in cursor.fetchall()}
    got = {
        a: (v, int(amt * 100))
        for a, v, amt in Bill.objects.filter(company=company, period=period)
        .exclude(status="cancelled")
        .values_list("account_id", "volume_m3", "amount")
    }
    shown = 0
    for account in sorted(set(expected) | set(got)):
        if expected.get(account) != got.get(account):
            print(f"  account {account}: SQL (m³, fen) {expected.get(account)}, bill {got.get(account)}")
            shown += 1
            if shown >= limit:
                break


class QueryLog:
    """Every query of the run, by kind and table: how many and how long."""

    TABLE = re.compile(r'\b(?:FROM|INTO|UPDATE)\s+"?(\w+)"?', re.IGNORECASE)

    def __init__(self):
        self.by_kind = defaultdict(lambda: [0, 0.0])
        self.count = 0
        self.total = 0.0

    def __call__(self, execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            elapsed = time.perf_counter() - started
            verb = sql.lstrip().split(None, 1)[0].upper()
            table = self.TABLE.search(sql)
            key = f"{verb} {table.group(1) if table else ''}".strip()
            self.by_kind[key][0] += 1
            self.by_kind[key][1] += elapsed
            self.count += 1
            self.total += elapsed

    def report(self, backend, seconds, top=8):
        rows = sorted(self.by_kind.items(), key=lambda item: -item[1][1])[:top]
        fetch = "with its rows" if backend == "postgres" else "without fetching the rows"
        print(
            f"{backend}:   inside execute() ({fetch}) {self.total:.1f} s of {seconds:.1f} s "
            f"({self.total / seconds:.0%}); the rest is Python: Django building and reading rows, the tariff "
            "engine. By query:",
            flush=True,
        )
        for key, (n, spent) in rows:
            print(f"{backend}:     {key:<40} {n:>7,} × {spent * 1000 / n:7.2f} ms = {spent:6.1f} s", flush=True)


def report_profile(profiler, top=20):
    stats = pstats.Stats(profiler)
    print("cProfile of the run — Shuiwu's functions by cumulative time:", flush=True)
    stats.sort_stats("cumulative").print_stats(r"shuiwu/", top)
    print("… the database layer by cumulative time:", flush=True)
    stats.sort_stats("cumulative").print_stats(r"django/db/models/(query|sql/compiler|base)|psycopg|sqlite3", top)
    print("… everything by own time:", flush=True)
    stats.sort_stats("tottime").print_stats(top)


if __name__ == "__main__":
    sys.exit(main())
