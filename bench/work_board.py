"""The dispatcher's board and the half-year repair figures at 1,000,000 work orders and 1,500,000 tickets.

For each database (SQLite in a temporary file; PostgreSQL when one answers at $PGHOST:$PGPORT, default
127.0.0.1:5432, user postgres), in a throw-away database:

1. load 1,000,000 work orders over three years (about 0.2 % still open) and 1,500,000 tickets, written in
   bulk (COPY on PostgreSQL, executemany on SQLite);
2. time the board's list query as the board runs it — a supply-company dispatcher's scope, the board's
   filters (none, a state, a priority, a category, SLA breached), its order, its count and first page, with
   each row's SLA state — and print p50/p95 over repeated runs;
3. count the queries of a whole board page (the Django view, 30 rows) against a page of 3 rows: no N+1;
4. time a half-year ``summary()`` for the supply company.

Targets on PostgreSQL: board p95 < 100 ms; half-year summary < 1 s.
Run: ``.venv/bin/python bench/work_board.py [--orders N] [--only sqlite|postgres]`` (several minutes).
"""

import argparse
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import throwaway  # bench/throwaway.py, beside this script

HERE = Path(__file__).resolve().parent


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--orders", type=int, default=1_000_000)
    parser.add_argument("--tickets", type=int, default=None, help="default: 1.5 × orders")
    parser.add_argument("--only", choices=["sqlite", "postgres"])
    parser.add_argument("--backend", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.backend:
        return run(args.backend, args.orders, args.tickets or int(args.orders * 1.5))
    for backend in ("sqlite", "postgres"):
        if args.only and backend != args.only:
            continue
        env = dict(os.environ)
        data = tempfile.mkdtemp(prefix=f"shuiwu-bench-{backend}-")
        env["SHUIWU_DATA_DIR"] = data
        if backend == "postgres":
            url = throwaway.create_postgres("shuiwu_bench_board")
            if url is None:
                print("postgres: skipped (no server at $PGHOST:$PGPORT)")
                continue
            env["DATABASE_URL"] = url
        else:
            env.pop("DATABASE_URL", None)
        print(f"== {backend}", flush=True)
        try:
            subprocess.run(
                [
                    sys.executable,
                    __file__,
                    "--backend",
                    backend,
                    "--orders",
                    str(args.orders),
                    "--tickets",
                    str(args.tickets or int(args.orders * 1.5)),
                ],
                env=env,
                check=True,
            )
        finally:
            if backend == "postgres":
                throwaway.drop_postgres(env["DATABASE_URL"])


# -- inside one backend ---------------------------------------------------------------------


def run(backend, n_orders, n_tickets):
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "shuiwu.settings")
    sys.path.insert(0, str(HERE.parent))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    company, dispatcher = setup_org()
    load(backend, company, n_orders, n_tickets)
    print(
        f"{backend}: loaded {n_orders:,} work orders and {n_tickets:,} tickets in "
        f"{time.perf_counter() - started:.0f} s",
        flush=True,
    )
    board(backend, dispatcher)
    figures(backend, company)


def setup_org():
    from django.contrib.auth import get_user_model

    from shuiwu.org.choices import CompanyKind, Role, TeamKind
    from shuiwu.org.models import Company, Staff, Team

    group = Company.objects.create(code="GROUP", name="Group", kind=CompanyKind.GROUP)
    supply = Company.objects.create(code="SUPPLY", name="Supply", kind=CompanyKind.SUPPLY, parent=group)
    Company.objects.create(code="SEWAGE", name="Sewage", kind=CompanyKind.SEWAGE, parent=group)
    for i in range(1, 7):
        Team.objects.create(company=supply, code=f"R{i}", name=f"Crew {i}", kind=TeamKind.REPAIR)
    user = get_user_model().objects.create_user("bench-dispatcher", password="bench-pw-1")
    Staff.objects.create(company=supply, employee_no="B1", name="bench", role=Role.DISPATCHER, user=user)
    user = get_user_model().objects.get(pk=user.pk)
    return supply, user


def load(backend, company, n_orders, n_tickets):
    from django.db import connection

    from shuiwu.core.models import Sequence
    from shuiwu.org.models import Company, Team
    from shuiwu.work.choices import Category, Channel, State
    from shuiwu.work.models import Ticket, WorkOrder

    rng = random.Random(42)
    teams = list(Team.objects.values_list("pk", flat=True))
    sewage = Company.objects.get(code="SEWAGE").pk
    now = datetime.now(UTC).replace(microsecond=0)
    span = timedelta(days=3 * 365)
    categories = list(Category.values)
    channels = list(Channel.values)
    open_states = [State.NEW, State.DISPATCHED, State.ACCEPTED, State.EN_ROUTE, State.ON_SITE, State.PAUSED]
    order_fields = [f for f in WorkOrder._meta.concrete_fields if not f.primary_key]
    ticket_fields = [f for f in Ticket._meta.concrete_fields if not f.primary_key]

    def order_row(i):
        created = now - span + span * (i / n_orders) + timedelta(seconds=rng.randint(0, 3600))
        recent = now - created < timedelta(days=2)
        state = rng.choice(open_states) if (recent and rng.random() < 0.7) or rng.random() < 0.0005 else State.CLOSED
        done = state == State.CLOSED
        arrive = created + timedelta(minutes=rng.uniform(20, 200))
        complete = arrive + timedelta(minutes=rng.uniform(30, 900))
        values = {
            "created": created,
            "updated": created,
            "company": company.pk if i % 10 else sewage,
            "address": f"Road {i % 997}",
            "lon": 121.0 + rng.random() * 0.03,
            "lat": 30.69 + rng.random() * 0.02,
            "number": f"GD-B-{i:07d}",
            "order_type": "repair",
            "category": rng.choice(categories),
            "priority": rng.choice([1, 2, 3, 3, 3, 4]),
            "title": f"Order {i}",
            "description": "",
            "diameter": None,
            "state": state,
            "version": 0,
            "team": rng.choice(teams) if state != State.NEW else None,
            "paused_from": State.ON_SITE if state == State.PAUSED else "",
            "pause_reason": "",
            "cancel_reason": "",
            "sla_policy": None,
            "arrive_due": created + timedelta(minutes=60),
            "secure_due": None,
            "complete_due": created + timedelta(hours=24),
            "paused_at": created if state == State.PAUSED else None,
            "paused_seconds": 0,
            "dispatched_at": created + timedelta(minutes=5) if state != State.NEW else None,
            "accepted_at": None,
            "en_route_at": None,
            "arrived_at": arrive if done else None,
            "secured_at": None,
            "completed_at": complete if done else None,
            "verified_at": complete if done else None,
            "closed_at": complete if done else None,
            "cancelled_at": None,
            "crew_size": rng.randint(2, 6) if done else None,
            "excavation": rng.random() < 0.2 if done else None,
            "repaired_diameter": None,
            "repaired_material": "",
            "cause": "",
            "repaired_asset": None,
            "completion_note": "",
            "created_by": None,
        }
        return [values[f.name] for f in order_fields]

    def ticket_row(i):
        order_id = 1 + ((i - 1) * n_orders) // n_tickets
        received = now - span + span * (order_id / n_orders)
        values = {
            "created": received,
            "updated": received,
            "company": company.pk if order_id % 10 else sewage,
            "address": f"Road {i % 997}",
            "lon": None,
            "lat": None,
            "number": f"RX-B-{i:07d}",
            "channel": rng.choice(channels),
            "category": rng.choice(categories),
            "caller_name": "",
            "caller_phone": "17000000000",
            "account_no": "",
            "description": "",
            "received_at": received,
            "status": "closed",
            "work_order": order_id,
            "asset": None,
            "closed_at": None,
            "caller_informed_at": None,
            "created_by": None,
        }
        return [values[f.name] for f in ticket_fields]

    bulk(backend, connection, WorkOrder._meta.db_table, [f.column for f in order_fields], order_row, n_orders)
    bulk(backend, connection, Ticket._meta.db_table, [f.column for f in ticket_fields], ticket_row, n_tickets)
    Sequence.objects.update_or_create(name="GD-2026", defaults={"value": n_orders})
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def bulk(backend, connection, table, columns, make_row, count, chunk=50_000):
    from django.db import transaction

    column_list = ", ".join(columns)
    for start in range(0, count, chunk):
        rows = [make_row(i) for i in range(start + 1, min(start + chunk, count) + 1)]
        with transaction.atomic(), connection.cursor() as cursor:
            if backend == "postgres":
                raw = cursor.cursor  # psycopg 3 cursor: COPY
                with raw.copy(f"COPY {table} ({column_list}) FROM STDIN") as copy:
                    for row in rows:
                        copy.write_row(row)
            else:
                marks = ", ".join(["%s"] * len(columns))
                cursor.executemany(f"INSERT INTO {table} ({column_list}) VALUES ({marks})", rows)


def board(backend, user):
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone as djtz

    from shuiwu.work import filters, services
    from shuiwu.work.choices import OPEN_STATES
    from shuiwu.work.models import WorkOrder

    cases = [
        {},
        {"state": ["dispatched"]},
        {"priority": ["1"]},
        {"category": ["main_burst"]},
        {"sla_breached": "true"},
        {"q": "Road 5"},
    ]
    times = []
    for _ in range(8):
        for params in cases:
            started = time.perf_counter()
            queryset = WorkOrder.objects.restrict(user).filter(state__in=OPEN_STATES).select_related("team")
            queryset = filters.WorkOrderFilterSet(params, queryset=queryset).qs.order_by(
                "priority", "complete_due", "created"
            )
            total = queryset.count()
            page = list(queryset[:30])
            [services.sla_state(o, djtz.now()) for o in page]
            times.append((time.perf_counter() - started) * 1000)
            assert total >= len(page)
    times.sort()
    p50, p95 = statistics.median(times), times[int(len(times) * 0.95) - 1]
    print(
        f"{backend}: board list query (count + first page of 30 + SLA states), {len(times)} runs: "
        f"p50 {p50:.1f} ms, p95 {p95:.1f} ms",
        flush=True,
    )

    client = Client()
    client.force_login(user)
    client.get("/work/board/")  # warm up
    with CaptureQueriesContext(connection) as full:
        response = client.get("/work/board/")
    with CaptureQueriesContext(connection) as small:
        client.get("/work/board/", {"priority": "1", "category": "main_burst"})
    rows = response.content.decode().count('data-id="')
    print(
        f"{backend}: board page: {len(full.captured_queries)} queries for {rows} rows; "
        f"{len(small.captured_queries)} for a filtered page (the same count means no N+1)",
        flush=True,
    )


def figures(backend, company):
    from shuiwu.work import services

    today = date.today()
    start = today - timedelta(days=182)
    runs = []
    for _ in range(3):
        started = time.perf_counter()
        result = services.summary(company, start, today)
        runs.append(time.perf_counter() - started)
    print(
        f"{backend}: half-year summary ({result['orders_completed']:,} orders completed, {result['tickets']:,} "
        f"calls): best {min(runs) * 1000:.0f} ms, median {statistics.median(runs) * 1000:.0f} ms",
        flush=True,
    )


if __name__ == "__main__":
    main()
