"""The customers app's operations: readings, billing runs, bills and corrections, payments, arrears and relief.

The arithmetic is ``shuiwu.engine.tariffs`` (whole m³, Decimal yuan); this module feeds it from the records and
writes what it returns. Every change of several rows is one transaction.
"""

from __future__ import annotations

import calendar
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.db.models import Avg, Count, F, Max, Min, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from shuiwu.core import numbering, rules
from shuiwu.customers.choices import (
    ARREARS_BUCKETS,
    OPEN_BILL_STATUSES,
    AccountStatus,
    BillStatus,
    DisconnectionState,
    ExceptionKind,
    MeterStatus,
    NoticeKind,
    PaymentMethod,
    PaymentStatus,
    ReadingKind,
    ReadingSource,
    RunStatus,
    UseType,
)
from shuiwu.customers.models import (
    Account,
    AccountRelief,
    Allocation,
    ArrearsNotice,
    Bill,
    BillingException,
    BillingRun,
    BillLine,
    Disconnection,
    Meter,
    MeterReading,
    Payment,
    ReadingBook,
    ReliefPolicy,
    Tariff,
    relief_in_force,
)
from shuiwu.engine import tariffs as engine

ZERO = Decimal("0.00")
CHUNK = 2000


def _check(user, permission: str) -> None:
    if user is not None and not user.has_perm(permission):
        raise PermissionDenied(_("You may not do this."))


# -- periods -------------------------------------------------------------------------------------------------------


def parse_period(period: str) -> tuple[date, date]:
    """The first and last day of a ``YYYY-MM`` period; ValidationError when it is not one."""
    try:
        year, month = (int(p) for p in str(period).split("-"))
        first = date(year, month, 1)
    except (TypeError, ValueError):
        raise ValidationError({"period": _("A period is a month written YYYY-MM.")}) from None
    return first, date(year, month, calendar.monthrange(year, month)[1])


def period_of(day: date) -> str:
    return f"{day.year:04d}-{day.month:02d}"


def previous_periods(period: str, count: int) -> list[str]:
    first, _last = parse_period(period)
    out = []
    year, month = first.year, first.month
    for _i in range(count):
        month -= 1
        if month == 0:
            year, month = year - 1, 12
        out.append(f"{year:04d}-{month:02d}")
    return out


# -- readings ------------------------------------------------------------------------------------------------------


def last_reading(meter: Meter, before: date | None = None) -> MeterReading | None:
    readings = MeterReading.objects.filter(meter=meter)
    if before is not None:
        readings = readings.filter(read_on__lt=before)
    return readings.order_by("-read_on").first()


def monthly_history(account: Account, before: date, months: int = 12) -> list[int]:
    """The account's billed monthly volumes of the ``months`` periods before ``before`` (oldest first)."""
    periods = previous_periods(period_of(before), months)
    volumes = dict(
        Bill.objects.filter(account=account, period__in=periods)
        .exclude(status=BillStatus.CANCELLED)
        .values_list("period", "volume_m3")
    )
    return [volumes[p] for p in reversed(periods) if p in volumes]


def record_reading(
    meter: Meter,
    read_on: date,
    value: int | None = None,
    *,
    kind: str = ReadingKind.ACTUAL,
    source: str = ReadingSource.MANUAL,
    note: str = "",
    accept_negative: bool = False,
    user=None,
) -> MeterReading:
    """A read of ``meter``; estimated reads (no access, meter fault) are made from the 12-month average.

    A read below the last one is a roll-over when the dials were near their end, else refused (or kept as it is
    with ``accept_negative``, as an AMR import does, for the billing run to report).
    """
    _check(user, "customers.add_meterreading")
    if meter.account_id is None or meter.status == MeterStatus.REMOVED:
        raise ValidationError({"meter": _("The meter is not fitted to an account.")})
    if kind not in ReadingKind.values:
        raise ValidationError({"kind": _("Unknown kind of reading.")})
    if read_on > timezone.localdate():
        raise ValidationError({"read_on": _("A reading cannot be in the future.")})
    previous = last_reading(meter)
    if previous is not None and read_on <= previous.read_on:
        raise ValidationError(
            {"read_on": _("The meter was last read on %(day)s; a new read must be later.") % {"day": previous.read_on}}
        )
    before = previous.value if previous else meter.initial_read
    rollover = False
    if kind == ReadingKind.ACTUAL:
        if value is None or int(value) != value or value < 0:
            raise ValidationError({"value": _("A read is a whole number of m³, zero or more.")})
        value = int(value)
        used, rollover = engine.consumption(before, value, meter.digits)
        if used < 0 and not accept_negative:
            raise ValidationError(
                {
                    "value": _(
                        "The read %(value)s is below the last read %(before)s: check it (a roll-over is taken only "
                        "when the dials were near their end)."
                    )
                    % {"value": value, "before": before}
                }
            )
    else:
        months = rules.value("customers.fault_average_months")
        average = engine.average_m3(monthly_history(meter.account, read_on, months), months)
        since = previous.read_on if previous else (meter.install_date or read_on)
        span = max(1, round((read_on - since).days / 30.4))
        used = average * span
        value = (before + used) % (10**meter.digits)
        rollover = value < before
    return MeterReading.objects.create(
        meter=meter,
        account_id=meter.account_id,
        read_on=read_on,
        value=value,
        consumption=used,
        kind=kind,
        source=source,
        rollover=rollover,
        note=note,
    )


@dataclass
class RowError:
    line: int
    field: str
    reason: str

    def as_dict(self) -> dict:
        return {"line": self.line, "field": self.field, "reason": str(self.reason)}


def import_readings(
    rows: Iterable[dict], *, source: str = ReadingSource.HANDHELD, skip_invalid: bool = False, user=None
) -> dict:
    """Reads from a handheld or an AMR/AMI export: dicts with ``meter`` (serial) or ``account`` (number),
    ``read_on`` (date or ISO text), ``value`` (m³) and optionally ``kind`` (actual, no_access, meter_fault).

    All or nothing: any bad row and nothing is written, unless ``skip_invalid`` (then the bad rows are listed and
    the rest written). AMR reads below the last one are kept for the billing run to report.
    """
    _check(user, "customers.add_meterreading")
    rows = list(rows)
    serials = {str(r.get("meter") or "").strip() for r in rows} - {""}
    numbers = {str(r.get("account") or "").strip() for r in rows} - {""}
    meters = {m.serial: m for m in Meter.objects.filter(serial__in=serials).select_related("account")}
    by_account = {
        m.account.number: m
        for m in Meter.objects.filter(account__number__in=numbers, status=MeterStatus.ACTIVE).select_related("account")
    }
    errors: list[RowError] = []
    written = 0
    with transaction.atomic():
        for line, row in enumerate(rows, start=1):
            serial, number = str(row.get("meter") or "").strip(), str(row.get("account") or "").strip()
            meter = meters.get(serial) if serial else by_account.get(number)
            if meter is None:
                errors.append(RowError(line, "meter" if serial else "account", _("No such meter or account.")))
                continue
            try:
                read_on = row.get("read_on")
                if isinstance(read_on, datetime):
                    read_on = read_on.date()
                elif not isinstance(read_on, date):
                    read_on = date.fromisoformat(str(read_on).strip())
            except ValueError:
                errors.append(RowError(line, "read_on", _("Not a date (YYYY-MM-DD).")))
                continue
            kind = str(row.get("kind") or ReadingKind.ACTUAL).strip()
            raw = row.get("value")
            value = None
            if kind == ReadingKind.ACTUAL:
                try:
                    value = int(Decimal(str(raw).strip()))
                    if Decimal(str(raw).strip()) != value:
                        raise ValueError
                except (ArithmeticError, ValueError):
                    errors.append(RowError(line, "value", _("A read is a whole number of m³.")))
                    continue
            try:
                with transaction.atomic():
                    record_reading(
                        meter,
                        read_on,
                        value,
                        kind=kind,
                        source=source,
                        accept_negative=source == ReadingSource.AMR,
                    )
                written += 1
            except ValidationError as exc:
                for field, messages in exc.message_dict.items():
                    errors.append(RowError(line, field, "; ".join(messages)))
        if errors and not skip_invalid:
            transaction.set_rollback(True)
            written = 0
    return {"written": written, "errors": [e.as_dict() for e in errors]}


# -- tariffs -------------------------------------------------------------------------------------------------------


def tariff_table() -> dict[str, list[engine.Tariff]]:
    """Every tariff version by use type, for the engine."""
    table: dict[str, list[engine.Tariff]] = defaultdict(list)
    for tariff in Tariff.objects.all():
        table[tariff.use_type].append(tariff.as_engine())
    return table


def use_type_on(account: Account, day: date) -> str:
    if account.pending_use_type and account.pending_from and account.pending_from <= day:
        return account.pending_use_type
    return account.use_type


def apply_pending_use_types(on: date | None = None) -> int:
    """Make the use-type changes whose day has come the accounts' use type; the number changed."""
    on = on or timezone.localdate()
    changed = 0
    for account in Account.objects.filter(pending_from__lte=on).exclude(pending_use_type=""):
        account.use_type, account.pending_use_type, account.pending_from = account.pending_use_type, "", None
        account.save(update_fields=["use_type", "pending_use_type", "pending_from", "updated"])
        changed += 1
    return changed


# -- billing -------------------------------------------------------------------------------------------------------


def start_billing_run(company, period: str, *, reading_book=None, user=None) -> BillingRun:
    """Queue the billing of ``period`` (YYYY-MM) for a company, or one of its reading books; runs as a job."""
    _check(user, "customers.add_billingrun")
    parse_period(period)
    if reading_book is not None and reading_book.company_id != company.pk:
        raise ValidationError({"reading_book": _("The reading book belongs to another company.")})
    busy = BillingRun.objects.filter(
        company=company, period=period, status__in=[RunStatus.QUEUED, RunStatus.RUNNING]
    ).exists()
    if busy:
        raise ValidationError({"period": _("A run of this period is already under way.")})
    run = BillingRun.objects.create(
        company=company, period=period, reading_book=reading_book, created_by=user if user and user.pk else None
    )
    from shuiwu.customers import jobs

    transaction.on_commit(lambda: jobs.bill.delay(run.pk))
    return run


@dataclass(slots=True)
class _AccountRow:
    """What billing needs of an account, read as plain values (250,000 model instances cost seconds)."""

    pk: int
    company_id: int
    number: str
    use_type: str
    household_size: int | None
    reading_book_id: int | None
    opened_on: date
    pending_use_type: str
    pending_from: date | None
    balance: Decimal

    FIELDS = (
        "pk",
        "company_id",
        "number",
        "use_type",
        "household_size",
        "reading_book_id",
        "opened_on",
        "pending_use_type",
        "pending_from",
        "balance",
    )


def _ids_filter(field: str, ids: list[int]) -> dict:
    """A filter on ``ids``: a range when they are dense (a chunk of a run), else ``IN`` — a list of thousands of
    parameters costs Django and the driver more than the query itself."""
    if ids and max(ids) - min(ids) < 2 * len(ids):
        return {f"{field}__gte": min(ids), f"{field}__lte": max(ids)}
    return {f"{field}__in": ids}


@dataclass(slots=True)
class _NewBill:
    """A bill being written by a run (the columns of ``_BILL_COLUMNS``), lighter than a model instance."""

    number: str
    company_id: int
    account_id: int
    run_id: int | None
    period: str
    revision: int
    use_type: str
    period_start: date
    period_end: date
    previous_read: int | None
    current_read: int | None
    volume_m3: int
    estimated: bool
    amount: Decimal
    paid: Decimal
    status: str
    issued_on: date
    due_on: date
    paid_on: date | None
    pk: int | None = None


@dataclass
class _Draft:
    account: _AccountRow | Account
    start: date
    end: date
    previous: int | None
    current: int | None
    volume: int
    estimated: bool
    use_type: str


def _drafts(accounts: list, first: date, last: date, run: BillingRun, cycles: dict) -> tuple[list[_Draft], list]:
    """What each account used in the period, from its reads; the accounts that cannot be billed as exceptions.

    ``cycles``: months between reads per reading book.
    """
    ids = [a.pk for a in accounts]
    reads: dict[int, list[tuple]] = defaultdict(list)
    for row in (
        MeterReading.objects.filter(**_ids_filter("account_id", ids), read_on__gte=first, read_on__lte=last)
        .order_by("account_id", "read_on")
        .values_list("account_id", "read_on", "value", "consumption", "kind")
    ):
        reads[row[0]].append(row[1:])

    # The day after each account's read before the period: where its bill period starts. The last two months
    # hold it for nearly every account; only the rest are looked for further back.
    def last_before(account_ids, since=None):
        reads = MeterReading.objects.filter(**_ids_filter("account_id", account_ids), read_on__lt=first)
        if since is not None:
            reads = reads.filter(read_on__gte=since)
        return dict(reads.values("account_id").annotate(day=Max("read_on")).values_list("account_id", "day"))

    before = last_before(ids, first - timedelta(days=62))
    missing = [pk for pk in ids if pk not in before]
    if missing:
        before.update(last_before(missing))
    drafts, exceptions = [], []
    for account in accounts:
        rows = reads.get(account.pk)
        if not rows:
            cycle = cycles.get(account.reading_book_id, 1)
            last_read = before.get(account.pk)
            # A book read every two months has no read in every other month: not an exception.
            if cycle <= 1 or last_read is None or (first - last_read).days > 31 * (cycle - 1):
                exceptions.append(BillingException(run=run, account_id=account.pk, kind=ExceptionKind.NO_READING))
            continue
        volume = sum(r[2] for r in rows)
        start = before[account.pk] + timedelta(days=1) if account.pk in before else max(account.opened_on, first)
        if volume < 0:
            exceptions.append(
                BillingException(
                    run=run,
                    account_id=account.pk,
                    kind=ExceptionKind.NEGATIVE,
                    detail=_("%(volume)s m³ between %(start)s and %(end)s")
                    % {"volume": volume, "start": start, "end": rows[-1][0]},
                )
            )
            continue
        drafts.append(
            _Draft(
                account=account,
                start=min(start, rows[-1][0]),
                end=rows[-1][0],
                previous=rows[0][1] - rows[0][2] if rows[0][1] >= rows[0][2] else None,
                current=rows[-1][1],
                volume=volume,
                estimated=any(r[3] != ReadingKind.ACTUAL for r in rows),
                use_type=use_type_on(account, rows[-1][0]),
            )
        )
    return drafts, exceptions


def _history(account_ids: list[int], period: str) -> tuple[dict[int, int], dict[int, float]]:
    """Per account, in one query: the volume billed earlier in the period's year (where the tiers continue
    from), and the monthly average of the 12 periods before (of accounts with at least 3 of them)."""
    year_start = f"{period[:4]}-01"
    last12 = previous_periods(period, 12)
    rows = (
        Bill.objects.filter(
            **_ids_filter("account_id", account_ids), period__gte=min(year_start, last12[-1]), period__lt=period
        )
        .exclude(status=BillStatus.CANCELLED)
        .values("account_id")
        .annotate(
            ytd=Sum("volume_m3", filter=Q(period__gte=year_start)),
            average=Avg("volume_m3", filter=Q(period__gte=last12[-1])),
            months=Count("id", filter=Q(period__gte=last12[-1])),
        )
        .values_list("account_id", "ytd", "average", "months")
    )
    ytd, averages = {}, {}
    for account_id, volume, average, months in rows:
        if volume:
            ytd[account_id] = int(volume)
        if months >= 3:
            averages[account_id] = float(average)
    return ytd, averages


def bill_dates(period: str) -> tuple[date, date]:
    """A period's bills are issued the day after it ends and fall due ``customers.due_days`` later."""
    _first, last = parse_period(period)
    issued = last + timedelta(days=1)
    return issued, issued + timedelta(days=int(rules.value("customers.due_days")))


def _make_bills(drafts: list[_Draft], period: str, run: BillingRun | None, table, revisions=None):
    """Bills and lines for the drafts (not saved), and the exceptions of accounts with no tariff or high use."""
    ytd, averages = _history([d.account.pk for d in drafts], period)
    factor = float(rules.value("customers.high_consumption_factor"))
    issued, due = bill_dates(period)
    bills, lines, exceptions = [], [], []
    for draft in drafts:
        account = draft.account
        try:
            charged = engine.charge(
                draft.volume,
                draft.start,
                draft.end,
                table.get(draft.use_type, []),
                year_to_date_m3=ytd.get(account.pk, 0),
                household_size=account.household_size,
            )
        except ValueError as exc:
            if run is not None:
                exceptions.append(
                    BillingException(run=run, account_id=account.pk, kind=ExceptionKind.NO_TARIFF, detail=str(exc))
                )
            continue
        average = averages.get(account.pk)
        if run is not None and average and draft.volume > factor * average and draft.volume > 10:
            exceptions.append(
                BillingException(
                    run=run,
                    account_id=account.pk,
                    kind=ExceptionKind.HIGH,
                    billed=True,
                    detail=_("%(volume)s m³ against an average of %(average).0f")
                    % {"volume": draft.volume, "average": average},
                )
            )
        revision = (revisions or {}).get(account.pk, 1)
        amount = engine.total(charged)
        # Nothing to pay (no water used): settled as it is issued, so it never shows as arrears.
        settled = not amount
        bill = _NewBill(
            number=f"B{period.replace('-', '')}-{account.number}" + (f"-{revision}" if revision > 1 else ""),
            company_id=account.company_id,
            account_id=account.pk,
            run_id=run.pk if run is not None else None,
            period=period,
            revision=revision,
            use_type=draft.use_type,
            period_start=draft.start,
            period_end=draft.end,
            previous_read=draft.previous,
            current_read=draft.current,
            volume_m3=draft.volume,
            estimated=draft.estimated,
            amount=amount,
            paid=ZERO,
            status=BillStatus.PAID if settled else BillStatus.OPEN,
            issued_on=issued,
            due_on=due,
            paid_on=issued if settled else None,
        )
        bills.append(bill)
        lines.append(charged)
    return bills, lines, exceptions


_BILL_COLUMNS = (
    "number",
    "company_id",
    "account_id",
    "run_id",
    "period",
    "revision",
    "use_type",
    "period_start",
    "period_end",
    "previous_read",
    "current_read",
    "volume_m3",
    "estimated",
    "amount",
    "paid",
    "late_fee_paid",
    "status",
    "issued_on",
    "due_on",
    "paid_on",
    "cancelled_reason",
    "created",
)
_LINE_COLUMNS = ("bill_id", "kind", "tier", "volume_m3", "price", "amount", "tariff", "days")


def _write_rows(cursor, table: str, columns: Sequence[str], rows: list[tuple]) -> None:
    """Many rows at once: ``COPY`` on PostgreSQL, ``executemany`` elsewhere (the ORM's bulk insert prepares
    every field of every row in Python, most of a big run's time)."""
    if not rows:
        return
    names = ", ".join(columns)
    if connection.vendor == "postgresql":
        with cursor.cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
    else:
        marks = ", ".join(["%s"] * len(columns))
        cursor.executemany(f"INSERT INTO {table} ({names}) VALUES ({marks})", rows)


def _save_bills(bills: list[_NewBill], lines: list[list[engine.Line]]) -> None:
    """Write the bills and their lines; the bills get their ids."""
    if not bills:
        return
    ops = connection.ops
    day = ops.adapt_datefield_value
    money = ops.adapt_decimalfield_value
    now = ops.adapt_datetimefield_value(timezone.now())
    zero = money(ZERO, 14, 2)
    rows = [
        (
            b.number,
            b.company_id,
            b.account_id,
            b.run_id,
            b.period,
            b.revision,
            b.use_type,
            day(b.period_start),
            day(b.period_end),
            b.previous_read,
            b.current_read,
            b.volume_m3,
            b.estimated,
            money(b.amount, 14, 2),
            money(b.paid, 14, 2),
            zero,
            b.status,
            day(b.issued_on),
            day(b.due_on),
            day(b.paid_on),
            "",
            now,
        )
        for b in bills
    ]
    with connection.cursor() as cursor:
        _write_rows(cursor, Bill._meta.db_table, _BILL_COLUMNS, rows)
        # The ids, by account: an account has one live bill per period.
        by_account = {b.account_id: b for b in bills}
        period = bills[0].period
        for pk, account_id in (
            Bill.objects.filter(period=period, **_ids_filter("account_id", list(by_account)))
            .exclude(status=BillStatus.CANCELLED)
            .values_list("pk", "account_id")
        ):
            if account_id in by_account:
                by_account[account_id].pk = pk
        _write_rows(
            cursor,
            BillLine._meta.db_table,
            _LINE_COLUMNS,
            [
                (
                    bill.pk,
                    line.kind,
                    line.tier,
                    line.volume,
                    money(line.price, 8, 2),
                    money(line.amount, 14, 2),
                    line.tariff,
                    line.days,
                )
                for bill, charged in zip(bills, lines, strict=True)
                for line in charged
            ],
        )


def execute_billing_run(run_id: int) -> BillingRun:
    """Bill every active account of the run's company (or book) for its period; never twice.

    Accounts with a live bill for the period are skipped, so a run can be repeated or resumed. Work goes in
    chunks of accounts, each chunk one transaction, with the progress saved after each.
    """
    run = BillingRun.objects.select_related("reading_book").get(pk=run_id)
    claimed = BillingRun.objects.filter(pk=run.pk, status=RunStatus.QUEUED).update(
        status=RunStatus.RUNNING, started_at=timezone.now()
    )
    if not claimed:
        return run
    try:
        first, last = parse_period(run.period)
        accounts = Account.objects.filter(company_id=run.company_id, opened_on__lte=last).exclude(
            status=AccountStatus.CLOSED, closed_on__lt=first
        )
        if run.reading_book_id:
            accounts = accounts.filter(reading_book_id=run.reading_book_id)
        account_ids = list(accounts.order_by("pk").values_list("pk", flat=True))
        billed = (
            set(
                Bill.objects.filter(account_id__in=account_ids, period=run.period)
                .exclude(status=BillStatus.CANCELLED)
                .values_list("account_id", flat=True)
            )
            if len(account_ids) < 50000
            else set(
                Bill.objects.filter(company_id=run.company_id, period=run.period)
                .exclude(status=BillStatus.CANCELLED)
                .values_list("account_id", flat=True)
            )
        )
        todo = [pk for pk in account_ids if pk not in billed]
        table = tariff_table()
        cycles = dict(ReadingBook.objects.filter(company_id=run.company_id).values_list("pk", "cycle_months"))
        totals = {"bills": 0, "volume": 0, "amount": ZERO}
        for i in range(0, len(todo), CHUNK):
            wanted = set(todo[i : i + CHUNK])
            chunk = [
                _AccountRow(*row)
                for row in Account.objects.filter(**_ids_filter("pk", list(wanted)))
                .order_by("pk")
                .values_list(*_AccountRow.FIELDS)
                if row[0] in wanted
            ]
            with transaction.atomic():
                drafts, exceptions = _drafts(chunk, first, last, run, cycles)
                bills, lines, more = _make_bills(drafts, run.period, run, table)
                _save_bills(bills, lines)
                BillingException.objects.bulk_create(exceptions + more)
                prepaid = {a.pk for a in chunk if a.balance > 0}
                _settle_from_balances([b for b in bills if b.account_id in prepaid])
            totals["bills"] += len(bills)
            totals["volume"] += sum(b.volume_m3 for b in bills)
            totals["amount"] += sum((b.amount for b in bills), ZERO)
            BillingRun.objects.filter(pk=run.pk).update(
                progress=round(min(i + CHUNK, len(todo)) / max(len(todo), 1), 3),
                bills=totals["bills"],
                volume_m3=totals["volume"],
                amount=totals["amount"],
            )
        BillingRun.objects.filter(pk=run.pk).update(
            status=RunStatus.DONE,
            progress=1.0,
            accounts=len(account_ids),
            skipped=len(account_ids) - len(todo),
            finished_at=timezone.now(),
        )
    except Exception as exc:  # the run fails with its message; the job itself does not crash
        BillingRun.objects.filter(pk=run.pk).update(
            status=RunStatus.FAILED, error=str(exc)[:2000], finished_at=timezone.now()
        )
    run.refresh_from_db()
    return run


def rebill(bill: Bill, reason: str, *, user=None) -> Bill | None:
    """Correct a bill: cancel it with a credit (what was paid on it goes back to the prepaid balance) and bill
    the period again from the reads as they are now; the new bill is the next revision. Repeating it never
    leaves two live bills for the period."""
    _check(user, "customers.change_bill")
    if not (reason or "").strip():
        raise ValidationError({"reason": _("Say why the bill is corrected.")})
    with transaction.atomic():
        bill = Bill.objects.select_for_update().get(pk=bill.pk)
        if bill.status == BillStatus.CANCELLED:
            raise ValidationError({"bill": _("This bill is already cancelled.")})
        account = Account.objects.select_for_update().get(pk=bill.account_id)
        refund = bill.paid + bill.late_fee_paid
        Bill.objects.filter(pk=bill.pk).update(status=BillStatus.CANCELLED, cancelled_reason=reason.strip()[:200])
        if refund:
            # Money is added in Python: SQLite would do the sum in floating point.
            account.balance += refund
            Account.objects.filter(pk=account.pk).update(balance=account.balance)
        first, last = parse_period(bill.period)
        cycles = {account.reading_book_id: account.reading_book.cycle_months} if account.reading_book_id else {}
        drafts, _exceptions = _drafts([account], first, last, BillingRun(pk=None), cycles)
        bills, lines, _more = _make_bills(drafts, bill.period, None, tariff_table(), {account.pk: bill.revision + 1})
        _save_bills(bills, lines)
        _settle_from_balances(bills)
    return Bill.objects.get(pk=bills[0].pk) if bills else None


# -- payments ------------------------------------------------------------------------------------------------------


def late_fee_rules() -> dict:
    cap = rules.value("customers.late_fee_cap_ratio")
    return {
        "grace_days": int(rules.value("customers.late_fee_grace_days")),
        "daily_rate": Decimal(str(rules.value("customers.late_fee_daily_rate"))),
        "cap_ratio": None if cap in (None, "") else Decimal(str(cap)),
    }


def relief_policies(account: Account, on: date) -> list[ReliefPolicy]:
    """The relief policies covering the account on ``on``."""
    return list(ReliefPolicy.objects.filter(relief_in_force(on, prefix=""), accounts__account=account).order_by("pk"))


def late_fee_of(bill: Bill, on: date, *, waived: bool = False, fee_rules: dict | None = None) -> Decimal:
    """The late fee a bill owes on ``on``: nothing while a relief policy waives it."""
    if waived or bill.status not in OPEN_BILL_STATUSES:
        return ZERO
    fee_rules = fee_rules or late_fee_rules()
    start = bill.due_on
    if bill.fee_from and bill.fee_from > bill.due_on + timedelta(days=fee_rules["grace_days"]):
        # Accrual restarts after a part payment settled the fee so far.
        start = bill.fee_from - timedelta(days=fee_rules["grace_days"])
    fee = engine.late_fee(bill.outstanding, start, on, **fee_rules)
    cap = fee_rules["cap_ratio"]
    if cap is not None:
        fee = min(fee, max(ZERO, engine.money(bill.amount * cap) - bill.late_fee_paid))
    return fee


def owed(account: Account, on: date | None = None) -> list[dict]:
    """The account's open bills, oldest first, with what each owes on ``on`` (principal and late fee)."""
    on = on or timezone.localdate()
    waived = any(p.waive_late_fees for p in relief_policies(account, on))
    fee_rules = late_fee_rules()
    out = []
    for bill in Bill.objects.filter(account=account, status__in=OPEN_BILL_STATUSES).order_by("period", "pk"):
        fee = late_fee_of(bill, on, waived=waived, fee_rules=fee_rules)
        out.append({"bill": bill, "principal": bill.outstanding, "late_fee": fee, "total": bill.outstanding + fee})
    return out


def _status_after(bill: Bill) -> str:
    if bill.paid >= bill.amount:
        return BillStatus.PAID
    return BillStatus.PART_PAID if bill.paid > 0 else BillStatus.OPEN


def _apply(payment: Payment, items: list[dict], amount: Decimal, on: date) -> Decimal:
    """Spread ``amount`` over the bills, oldest first, each bill's late fee before its principal; the rest."""
    left = amount
    for item in items:
        if left <= 0:
            break
        bill, fee, principal = item["bill"], item["late_fee"], item["principal"]
        to_fee = min(left, fee)
        to_bill = min(left - to_fee, principal)
        if to_fee <= 0 and to_bill <= 0:
            continue
        left -= to_fee + to_bill
        Allocation.objects.create(payment=payment, bill=bill, amount=to_bill, late_fee=to_fee)
        bill.paid += to_bill
        bill.late_fee_paid += to_fee
        bill.status = _status_after(bill)
        bill.paid_on = on if bill.status == BillStatus.PAID else None
        bill.fee_from = on if to_fee > 0 and bill.status != BillStatus.PAID else bill.fee_from
        bill.save(update_fields=["paid", "late_fee_paid", "status", "paid_on", "fee_from"])
    return left


def take_payment(
    account: Account,
    amount,
    method: str,
    *,
    user=None,
    window: str = "",
    reference: str = "",
    received_at: datetime | None = None,
) -> Payment:
    """Money for an account: it pays the open bills oldest first (late fee, then the bill); what is left goes to
    the prepaid balance. Returns the payment, whose allocations are the receipt."""
    _check(user, "customers.add_payment")
    try:
        amount = Decimal(str(amount))
    except ArithmeticError:
        raise ValidationError({"amount": _("Not an amount of money.")}) from None
    if not amount.is_finite() or amount <= 0 or amount != amount.quantize(engine.FEN):
        raise ValidationError({"amount": _("An amount above zero, to the fen.")})
    if method not in PaymentMethod.values or method == PaymentMethod.BALANCE:
        raise ValidationError({"method": _("Choose how the money was paid.")})
    received_at = received_at or timezone.now()
    on = timezone.localdate(received_at)
    with transaction.atomic():
        account = Account.objects.select_for_update().get(pk=account.pk)
        if (
            account.status == AccountStatus.CLOSED
            and not Bill.objects.filter(account=account, status__in=OPEN_BILL_STATUSES).exists()
        ):
            raise ValidationError({"account": _("The account is closed and owes nothing.")})
        payment = Payment.objects.create(
            number=numbering.next_number("SK", on.year, 8),
            company_id=account.company_id,
            account=account,
            amount=amount,
            method=method,
            received_at=received_at,
            window=window,
            reference=reference,
            received_by=user if user is not None and user.pk else None,
        )
        left = _apply(payment, owed(account, on), amount, on)
        if left > 0:
            payment.to_balance = left
            payment.save(update_fields=["to_balance"])
            Account.objects.filter(pk=account.pk).update(balance=account.balance + left)
        _reconnect_if_clear(account, on)
    return payment


def _settle_from_balances(bills: list[_NewBill]) -> None:
    """New bills of accounts with a prepaid balance are paid from it at once (in the caller's transaction)."""
    if not bills:
        return
    accounts = {
        a.pk: a
        for a in Account.objects.select_for_update().filter(
            pk__in={b.account_id for b in bills if b.amount > b.paid}, balance__gt=0
        )
    }
    todo = [(bill, accounts[bill.account_id]) for bill in bills if bill.account_id in accounts]
    if not todo:
        return
    numbers = iter(numbering.next_numbers("SK", todo[0][0].issued_on.year, len(todo), 8))
    payments, settled = [], []
    now = timezone.now()
    for bill, account in todo:
        use = min(account.balance, bill.amount - bill.paid)
        if use <= 0:
            continue
        account.balance -= use
        bill.paid += use
        bill.status = _status_after(bill)
        bill.paid_on = bill.issued_on if bill.status == BillStatus.PAID else None
        payments.append(
            Payment(
                number=next(numbers),
                company_id=account.company_id,
                account_id=account.pk,
                amount=use,
                method=PaymentMethod.BALANCE,
                received_at=now,
            )
        )
        settled.append(bill)
    Payment.objects.bulk_create(payments)
    if payments and payments[0].pk is None:  # databases that do not return keys from a bulk insert
        ids = dict(Payment.objects.filter(number__in=[p.number for p in payments]).values_list("number", "pk"))
        for payment in payments:
            payment.pk = ids[payment.number]
    Allocation.objects.bulk_create(
        [Allocation(payment_id=p.pk, bill_id=b.pk, amount=p.amount) for p, b in zip(payments, settled, strict=True)]
    )
    Bill.objects.bulk_update(
        [Bill(pk=b.pk, paid=b.paid, status=b.status, paid_on=b.paid_on) for b in settled], ["paid", "status", "paid_on"]
    )
    Account.objects.bulk_update(list(accounts.values()), ["balance"])


def reverse_payment(payment: Payment, reason: str, *, user=None) -> Payment:
    """Undo a payment (a bounced transfer, a mistake): its allocations come off the bills; a reason is required."""
    _check(user, "customers.reverse_payment")
    if not (reason or "").strip():
        raise ValidationError({"reason": _("Say why the payment is reversed.")})
    with transaction.atomic():
        payment = Payment.objects.select_for_update().get(pk=payment.pk)
        if payment.status == PaymentStatus.REVERSED:
            raise ValidationError({"payment": _("This payment is already reversed.")})
        account = Account.objects.select_for_update().get(pk=payment.account_id)
        if payment.to_balance > account.balance:
            raise ValidationError(
                {"payment": _("Part of this payment went to the prepaid balance and has been used since.")}
            )
        for allocation in payment.allocations.select_related("bill"):
            bill = Bill.objects.select_for_update().get(pk=allocation.bill_id)
            bill.paid -= allocation.amount
            bill.late_fee_paid -= allocation.late_fee
            if bill.status != BillStatus.CANCELLED:
                bill.status = _status_after(bill)
                bill.paid_on = bill.paid_on if bill.status == BillStatus.PAID else None
            bill.save(update_fields=["paid", "late_fee_paid", "status", "paid_on"])
        if payment.to_balance:
            Account.objects.filter(pk=account.pk).update(balance=account.balance - payment.to_balance)
        payment.status = PaymentStatus.REVERSED
        payment.reversal_reason = reason.strip()[:200]
        payment.reversed_at = timezone.now()
        payment.reversed_by = user if user is not None and user.pk else None
        payment.save(update_fields=["status", "reversal_reason", "reversed_at", "reversed_by"])
    return payment


def import_bank_batch(rows: Iterable[dict], *, user=None) -> dict:
    """A bank's batch of collections: dicts with ``account`` (number), ``amount``, ``reference`` (unique per
    line) and ``paid_at`` (date or datetime). All or nothing; lines already loaded are skipped, so the same file
    loaded twice pays once."""
    _check(user, "customers.add_payment")
    rows = list(rows)
    numbers = {str(r.get("account") or "").strip() for r in rows}
    accounts = {a.number: a for a in Account.objects.filter(number__in=numbers)}
    seen = set(
        Payment.objects.filter(
            method=PaymentMethod.BANK, reference__in=[str(r.get("reference") or "").strip() for r in rows]
        ).values_list("reference", flat=True)
    )
    errors: list[RowError] = []
    taken = skipped = 0
    tz = timezone.get_current_timezone()
    with transaction.atomic():
        for line, row in enumerate(rows, start=1):
            reference = str(row.get("reference") or "").strip()
            account = accounts.get(str(row.get("account") or "").strip())
            if not reference:
                errors.append(RowError(line, "reference", _("Each line needs the bank's reference.")))
                continue
            if reference in seen:
                skipped += 1
                continue
            if account is None:
                errors.append(RowError(line, "account", _("No such account.")))
                continue
            paid_at = row.get("paid_at")
            try:
                if isinstance(paid_at, datetime):
                    when = paid_at if timezone.is_aware(paid_at) else timezone.make_aware(paid_at, tz)
                else:
                    day = paid_at if isinstance(paid_at, date) else date.fromisoformat(str(paid_at).strip())
                    when = timezone.make_aware(datetime.combine(day, datetime.min.time()).replace(hour=12), tz)
            except ValueError:
                errors.append(RowError(line, "paid_at", _("Not a date (YYYY-MM-DD).")))
                continue
            try:
                with transaction.atomic():
                    take_payment(account, row.get("amount"), PaymentMethod.BANK, reference=reference, received_at=when)
                seen.add(reference)
                taken += 1
            except ValidationError as exc:
                for field, messages in exc.message_dict.items():
                    errors.append(RowError(line, field, "; ".join(messages)))
        if errors:
            transaction.set_rollback(True)
            taken = 0
    return {"taken": taken, "already_loaded": skipped, "errors": [e.as_dict() for e in errors]}


# -- arrears -------------------------------------------------------------------------------------------------------


def bucket_of(days: int) -> str:
    for key, low, high in ARREARS_BUCKETS:
        if days >= low and (high is None or days <= high):
            return key
    return ARREARS_BUCKETS[0][0]


def arrears(queryset_accounts=None, *, on: date | None = None, company=None, user=None) -> list[dict]:
    """Accounts with overdue bills on ``on``: what they owe, the oldest due date, the age bucket, relief."""
    on = on or timezone.localdate()
    bills = Bill.objects.filter(status__in=OPEN_BILL_STATUSES, due_on__lt=on)
    if user is not None:
        bills = bills.restrict(user)
    if company is not None:
        bills = bills.filter(company=company)
    if queryset_accounts is not None:
        bills = bills.filter(account__in=queryset_accounts)
    rows = (
        bills.values("account_id")
        .annotate(amount=Sum(F("amount") - F("paid")), oldest=Min("due_on"), bills=Count("id"))
        .order_by()
    )
    relieved = _relieved_ids([r["account_id"] for r in rows], on)
    out = []
    for row in rows:
        first_due = row["oldest"]
        days = (on - first_due).days
        out.append(
            {
                "account_id": row["account_id"],
                "amount": engine.money(row["amount"]),
                "bills": row["bills"],
                "oldest_due": first_due,
                "days": days,
                "bucket": bucket_of(days),
                "relief": row["account_id"] in relieved,
            }
        )
    out.sort(key=lambda r: (-r["days"], -r["amount"]))
    return out


def _relieved_ids(account_ids: list[int], on: date) -> set[int]:
    return set(
        AccountRelief.objects.filter(relief_in_force(on), account_id__in=account_ids).values_list(
            "account_id", flat=True
        )
    )


def ageing(company=None, *, on: date | None = None, user=None) -> dict[str, dict]:
    """Arrears by age bucket: accounts and amount in each."""
    out = {key: {"accounts": 0, "amount": ZERO} for key, _low, _high in ARREARS_BUCKETS}
    for row in arrears(on=on, company=company, user=user):
        out[row["bucket"]]["accounts"] += 1
        out[row["bucket"]]["amount"] += row["amount"]
    return out


def send_notices(company, *, on: date | None = None, user=None) -> dict:
    """Demands for payment to accounts overdue long enough: a first demand, then a second a week after it.

    Accounts under a relief policy get none (their arrears are deferred).
    """
    _check(user, "customers.add_arrearsnotice")
    on = on or timezone.localdate()
    min_days = int(rules.value("customers.notice_min_days_overdue"))
    sent = {NoticeKind.FIRST: 0, NoticeKind.SECOND: 0}
    rows = [r for r in arrears(on=on, company=company) if r["days"] >= min_days and not r["relief"]]
    latest: dict[int, dict[str, date]] = defaultdict(dict)
    for account_id, kind, day in ArrearsNotice.objects.filter(
        account_id__in=[r["account_id"] for r in rows]
    ).values_list("account_id", "kind", "sent_on"):
        latest[account_id][kind] = max(day, latest[account_id].get(kind, day))
    with transaction.atomic():
        for row in rows:
            notices = latest[row["account_id"]]
            first = notices.get(NoticeKind.FIRST)
            if first is None or first < row["oldest_due"]:
                kind = NoticeKind.FIRST
            elif notices.get(NoticeKind.SECOND, date.min) < first and (on - first).days >= 7:
                kind = NoticeKind.SECOND
            else:
                continue
            ArrearsNotice.objects.create(
                account_id=row["account_id"],
                kind=kind,
                sent_on=on,
                amount=row["amount"],
                sent_by=user if user is not None and user.pk else None,
            )
            sent[kind] += 1
    return {str(k): v for k, v in sent.items()}


def disconnection_blockers(account: Account, on: date) -> list[str]:
    """Why supply may not be stopped: relief policies that forbid it."""
    return [p.name for p in relief_policies(account, on) if p.no_disconnection]


def warn_disconnection(account: Account, *, on: date | None = None, user=None) -> Disconnection:
    """The disconnection warning, after the demands the rules ask for; supply may stop ``warning_days`` later.

    Refused while a relief policy covers the account.
    """
    _check(user, "customers.add_disconnection")
    on = on or timezone.localdate()
    blockers = disconnection_blockers(account, on)
    if blockers:
        raise ValidationError({"account": _("Blocked by relief policy: %(names)s.") % {"names": "、".join(blockers)}})
    rows = arrears(Account.objects.filter(pk=account.pk), on=on)
    if not rows:
        raise ValidationError({"account": _("The account has no overdue bills.")})
    needed = int(rules.value("customers.notices_before_disconnection"))
    demands = ArrearsNotice.objects.filter(
        account=account, kind__in=[NoticeKind.FIRST, NoticeKind.SECOND], sent_on__gte=rows[0]["oldest_due"]
    ).count()
    if demands < needed:
        raise ValidationError(
            {
                "account": _("%(needed)s demands for payment must come first; %(sent)s sent.")
                % {"needed": needed, "sent": demands}
            }
        )
    days = int(rules.value("customers.disconnection_warning_days"))
    with transaction.atomic():
        if Disconnection.objects.filter(
            account=account, state__in=[DisconnectionState.WARNED, DisconnectionState.DISCONNECTED]
        ).exists():
            raise ValidationError({"account": _("A disconnection is already under way.")})
        ArrearsNotice.objects.create(
            account=account,
            kind=NoticeKind.DISCONNECTION,
            sent_on=on,
            amount=rows[0]["amount"],
            sent_by=user if user is not None and user.pk else None,
        )
        return Disconnection.objects.create(
            account=account,
            state=DisconnectionState.WARNED,
            warned_on=on,
            earliest_on=on + timedelta(days=days),
            amount=rows[0]["amount"],
        )


def disconnect(disconnection: Disconnection, *, on: date | None = None, user=None) -> Disconnection:
    """Stop supply after the warning period; refused before it, or when a relief policy now covers the account."""
    _check(user, "customers.change_disconnection")
    on = on or timezone.localdate()
    if disconnection.state != DisconnectionState.WARNED:
        raise ValidationError({"state": _("Only a warned disconnection can be carried out.")})
    if on < disconnection.earliest_on:
        raise ValidationError(
            {"earliest_on": _("Not before %(day)s (the warning period).") % {"day": disconnection.earliest_on}}
        )
    account = disconnection.account
    blockers = disconnection_blockers(account, on)
    if blockers:
        raise ValidationError({"account": _("Blocked by relief policy: %(names)s.") % {"names": "、".join(blockers)}})
    if not arrears(Account.objects.filter(pk=account.pk), on=on):
        raise ValidationError({"account": _("The arrears have been paid.")})
    with transaction.atomic():
        disconnection.state = DisconnectionState.DISCONNECTED
        disconnection.done_on = on
        disconnection.save(update_fields=["state", "done_on", "updated"])
        account.status = AccountStatus.DISCONNECTED
        account.save(update_fields=["status", "updated"])
    return disconnection


def _reconnect_if_clear(account: Account, on: date) -> None:
    """Once nothing is overdue, a warned disconnection is cancelled and a disconnected account reconnected."""
    open_states = [DisconnectionState.WARNED, DisconnectionState.DISCONNECTED]
    if not Disconnection.objects.filter(account=account, state__in=open_states).exists():
        return
    if arrears(Account.objects.filter(pk=account.pk), on=on + timedelta(days=1)):
        return
    Disconnection.objects.filter(account=account, state=DisconnectionState.WARNED).update(
        state=DisconnectionState.CANCELLED
    )
    if Disconnection.objects.filter(account=account, state=DisconnectionState.DISCONNECTED).update(
        state=DisconnectionState.RECONNECTED, reconnected_on=on
    ):
        Account.objects.filter(pk=account.pk, status=AccountStatus.DISCONNECTED).update(status=AccountStatus.ACTIVE)


def grant_relief(policy: ReliefPolicy, *, on: date | None = None, user=None) -> int:
    """Flag every eligible account under ``policy`` (免申即享: without application); the number newly flagged."""
    _check(user, "customers.add_accountrelief")
    on = on or timezone.localdate()
    accounts = Account.objects.exclude(status=AccountStatus.CLOSED)
    if policy.small_business_only:
        accounts = accounts.filter(customer__small_business=True)
    existing = set(AccountRelief.objects.filter(policy=policy).values_list("account_id", flat=True))
    new = [
        AccountRelief(account_id=pk, policy=policy, granted_on=on)
        for pk in accounts.values_list("pk", flat=True)
        if pk not in existing
    ]
    AccountRelief.objects.bulk_create(new)
    return len(new)


# -- figures -------------------------------------------------------------------------------------------------------


def benefited_accounts(account_ids, start: date, end: date):
    """Of ``account_ids`` (relief accounts), those a bill of which fell due from ``start`` to ``end`` and was not
    paid by its due date: the accounts the relief kept supplied without late fees."""
    return (
        Bill.objects.filter(
            account_id__in=account_ids,
            due_on__gte=start,
            due_on__lte=end,
            status__in=[*OPEN_BILL_STATUSES, BillStatus.PAID],
        )
        .filter(Q(paid_on__isnull=True) | Q(paid_on__gt=F("due_on")))
        .values_list("account_id", flat=True)
        .distinct()
    )


def summary(company, start: date, end: date, *, user=None) -> dict:
    """Plain numbers for the scorecard: billed volume and amount by use type, collection rate, arrears by age,
    and the accounts that relief policies kept supplied."""
    bills = Bill.objects.exclude(status=BillStatus.CANCELLED).filter(issued_on__gte=start, issued_on__lte=end)
    # Local-day bounds as instants: a ``__date`` lookup would convert every row's time zone (slow on SQLite).
    since = timezone.make_aware(datetime.combine(start, datetime.min.time()))
    until = timezone.make_aware(datetime.combine(end + timedelta(days=1), datetime.min.time()))
    payments = Payment.objects.filter(status=PaymentStatus.OK, received_at__gte=since, received_at__lt=until).exclude(
        method=PaymentMethod.BALANCE
    )
    if user is not None:
        bills, payments = bills.restrict(user), payments.restrict(user)
    if company is not None:
        bills, payments = bills.filter(company=company), payments.filter(company=company)
    by_type = {
        row["use_type"]: {"bills": row["n"], "volume_m3": row["v"] or 0, "amount": str(engine.money(row["a"] or 0))}
        for row in bills.values("use_type").annotate(n=Count("id"), v=Sum("volume_m3"), a=Sum("amount")).order_by()
    }
    totals = bills.aggregate(n=Count("id"), v=Sum("volume_m3"), a=Sum("amount"), p=Sum("paid"))
    billed = engine.money(totals["a"] or 0)
    collected_on_them = engine.money(totals["p"] or 0)
    ages = ageing(company, on=end + timedelta(days=1), user=user)
    relief = AccountRelief.objects.filter(policy__starts_on__lte=end, policy__covers_until__gte=start)
    if company is not None:
        relief = relief.filter(account__company=company)
    relief_ids = set(relief.values_list("account_id", flat=True))
    overdue_ids = set(benefited_accounts(relief_ids, start, end))
    reads = MeterReading.objects.filter(read_on__gte=start, read_on__lte=end)
    if user is not None:
        reads = reads.restrict(user)
    if company is not None:
        reads = reads.filter(account__company=company)
    read_counts = reads.aggregate(n=Count("id"), actual=Count("id", filter=Q(kind=ReadingKind.ACTUAL)))
    accounts = Account.objects.filter(status=AccountStatus.ACTIVE)
    if user is not None:
        accounts = accounts.restrict(user)
    if company is not None:
        accounts = accounts.filter(company=company)
    return {
        "accounts": accounts.count(),
        "bills": totals["n"],
        "billed_volume_m3": totals["v"] or 0,
        # 抄见率: reads taken at the meter among all reads of the period (estimates are the rest).
        "meter_read_rate": round(read_counts["actual"] / read_counts["n"], 4) if read_counts["n"] else None,
        "billed_amount": str(billed),
        "by_use_type": {
            key: by_type.get(key, {"bills": 0, "volume_m3": 0, "amount": "0.00"}) for key in UseType.values
        },
        "collected": str(engine.money(payments.aggregate(s=Sum("amount"))["s"] or 0)),
        "collection_rate": round(float(collected_on_them / billed), 4) if billed else None,
        "arrears_by_age": {k: {"accounts": v["accounts"], "amount": str(v["amount"])} for k, v in ages.items()},
        "arrears_total": str(sum((v["amount"] for v in ages.values()), ZERO)),
        "relief_accounts": len(relief_ids),
        "relief_accounts_benefited": len(overdue_ids),
    }
