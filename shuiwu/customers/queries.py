"""Read-only helpers of the customers pages and API: searches, histories and the arrears rows, scoped to a user.

Nothing here changes a record; the operations are in ``services``.
"""

from __future__ import annotations

import csv
import io
from collections import defaultdict
from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db.models import Exists, OuterRef, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from shuiwu.customers import services
from shuiwu.customers.choices import ARREARS_BUCKETS, BillStatus, DisconnectionState
from shuiwu.customers.models import Account, AccountRelief, Bill, Disconnection, Meter, relief_in_force

ZERO = Decimal("0.00")

BUCKET_LABELS = {
    "0_30": _("Up to 30 days"),
    "31_90": _("31–90 days"),
    "91_180": _("91–180 days"),
    "181_365": _("181–365 days"),
    "over_365": _("Over a year"),
}
BUCKET_CHOICES = [(key, BUCKET_LABELS[key]) for key, _low, _high in ARREARS_BUCKETS]


def relief_q(on: date | None = None, prefix: str = "") -> Exists:
    """An ``Exists`` true for accounts under a relief policy in force on ``on`` (for annotations and filters)."""
    on = on or timezone.localdate()
    return Exists(AccountRelief.objects.filter(relief_in_force(on), account_id=OuterRef(f"{prefix}pk")))


def relief_names(account_ids, on: date | None = None, *, blocking_only: bool = False) -> dict[int, list[str]]:
    """The names of the relief policies covering each account on ``on``; with ``blocking_only``, those that
    forbid disconnection (why a warning is refused)."""
    on = on or timezone.localdate()
    rows = AccountRelief.objects.filter(relief_in_force(on), account_id__in=list(account_ids))
    if blocking_only:
        rows = rows.filter(policy__no_disconnection=True)
    out: dict[int, list[str]] = defaultdict(list)
    for account_id, name in rows.values_list("account_id", "policy__name").order_by("policy_id"):
        out[account_id].append(name)
    return dict(out)


def relief_benefited(policy, user=None) -> int:
    """Accounts under ``policy`` that it helped: a bill of theirs fell overdue while it was in force (kept
    supplied, late fee waived)."""
    end = min(policy.ends_on, timezone.localdate())
    covered = AccountRelief.objects.filter(policy=policy)
    if user is not None:
        covered = covered.restrict(user)
    return services.benefited_accounts(covered.values("account_id"), policy.starts_on, end).count()


def read_csv(upload) -> list[dict]:
    """The rows of an uploaded UTF-8 CSV file with a header line (cells stripped)."""
    try:
        text = upload.read().decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ValidationError({"file": gettext("The file is not UTF-8 text (save the CSV as UTF-8).")})
    return [{(k or "").strip(): (v or "").strip() for k, v in row.items()} for row in csv.DictReader(io.StringIO(text))]


def unknown_references(rows: list[dict], user, keys=("meter", "account")) -> list[dict]:
    """Row errors (line, field, reason) for rows naming a meter (by serial) or an account (by number) outside the
    user's scope; the first of ``keys`` a row fills is the one it is matched on. An import calls this first, so
    another company's records are reported as unknown and never written."""
    lookups = {"meter": (Meter, "serial"), "account": (Account, "number")}
    chosen = []
    for row in rows:
        key = next((k for k in keys if str(row.get(k) or "").strip()), None)
        chosen.append((key, str(row.get(key) or "").strip() if key else ""))
    visible = {}
    for key in keys:
        model, field = lookups[key]
        wanted = {value for k, value in chosen if k == key}
        visible[key] = (
            set(model.objects.restrict(user).filter(**{f"{field}__in": wanted}).values_list(field, flat=True))
            if wanted
            else set()
        )
    return [
        {"line": line, "field": key, "reason": gettext("No such meter or account.")}
        for line, (key, value) in enumerate(chosen, start=1)
        if key and value not in visible[key]
    ]


def search_accounts(user, text: str, limit: int = 20):
    """Accounts whose number, customer name, phone or address contains ``text`` (the counter's search)."""
    text = (text or "").strip()
    accounts = Account.objects.restrict(user).select_related("customer")
    if not text:
        return accounts.none()
    exact = accounts.filter(number=text)
    if exact.exists():
        return exact
    return accounts.filter(
        Q(number__icontains=text)
        | Q(customer__name__icontains=text)
        | Q(customer__phone__icontains=text)
        | Q(address__icontains=text)
    ).order_by("number")[:limit]


def last_periods(count: int, until: date | None = None) -> list[str]:
    """The ``count`` months up to and including ``until``'s month, oldest first, as YYYY-MM."""
    until = until or timezone.localdate()
    current = services.period_of(until)
    return [*reversed(services.previous_periods(current, count - 1)), current]


def monthly_volumes(accounts, count: int = 24, until: date | None = None) -> dict:
    """Billed m³ per month of the given accounts over the last ``count`` months (cancelled bills left out)."""
    periods = last_periods(count, until)
    volumes = dict(
        Bill.objects.filter(account__in=accounts, period__in=periods)
        .exclude(status=BillStatus.CANCELLED)
        .values("period")
        .annotate(v=Sum("volume_m3"))
        .values_list("period", "v")
        .order_by()
    )
    return {"periods": periods, "volumes": [volumes.get(p, 0) or 0 for p in periods]}


def arrears_rows(user, *, on: date | None = None, company=None, accounts=None) -> list[dict]:
    """``services.arrears`` with what a list shows of each account: number, customer, use type, address, the
    relief policies that block disconnection, and the disconnection under way."""
    on = on or timezone.localdate()
    rows = services.arrears(accounts, on=on, company=company, user=user)
    ids = [r["account_id"] for r in rows]
    info = {
        a.pk: a
        for a in Account.objects.filter(pk__in=ids)
        .select_related("customer")
        .only(
            "pk",
            "number",
            "address",
            "use_type",
            "status",
            "company_id",
            "customer__name",
            "customer__phone",
            "customer__small_business",
        )
    }
    blockers = relief_names(ids, on, blocking_only=True)
    open_cuts = dict(
        Disconnection.objects.filter(
            account_id__in=ids, state__in=[DisconnectionState.WARNED, DisconnectionState.DISCONNECTED]
        ).values_list("account_id", "state")
    )
    out = []
    for row in rows:
        account = info.get(row["account_id"])
        if account is None:
            continue
        out.append(
            {
                **row,
                "account": account,
                "number": account.number,
                "customer": account.customer.name,
                "phone": account.customer.phone,
                "address": account.address,
                "use_type": account.use_type,
                "use_type_label": account.get_use_type_display(),
                "bucket_label": BUCKET_LABELS.get(row["bucket"], row["bucket"]),
                "blocked_by": blockers.get(account.pk, []),
                "disconnection": open_cuts.get(account.pk, ""),
            }
        )
    return out


def filter_arrears(rows: list[dict], params) -> list[dict]:
    """The arrears rows kept by the list filters: bucket, relief, use type, minimum days, text."""
    buckets = [b for b in params.getlist("bucket") if b]
    use_types = [u for u in params.getlist("use_type") if u]
    relief = params.get("relief", "")
    text = (params.get("q") or "").strip().lower()
    try:
        min_days = int(params.get("min_days") or 0)
    except ValueError:
        min_days = 0
    out = []
    for row in rows:
        if buckets and row["bucket"] not in buckets:
            continue
        if use_types and row["use_type"] not in use_types:
            continue
        if relief in ("true", "1", "yes") and not row["relief"]:
            continue
        if relief in ("false", "0", "no") and row["relief"]:
            continue
        if row["days"] < min_days:
            continue
        if text and not any(text in str(row[k]).lower() for k in ("number", "customer", "phone", "address")):
            continue
        out.append(row)
    return out


def ageing_chart(rows: list[dict]) -> dict:
    """Accounts and amount per age bucket, for the arrears chart (amounts as strings: money is not a float)."""
    totals = {key: {"accounts": 0, "amount": ZERO} for key, _low, _high in ARREARS_BUCKETS}
    for row in rows:
        totals[row["bucket"]]["accounts"] += 1
        totals[row["bucket"]]["amount"] += row["amount"]
    return {
        "labels": [str(BUCKET_LABELS[k]) for k in totals],
        "accounts": [v["accounts"] for v in totals.values()],
        "amounts": [str(v["amount"]) for v in totals.values()],
    }


def owed_total(items: list[dict]) -> dict:
    """The totals of ``services.owed``: principal, late fee and both."""
    principal = sum((i["principal"] for i in items), ZERO)
    fee = sum((i["late_fee"] for i in items), ZERO)
    return {"principal": principal, "late_fee": fee, "total": principal + fee}


def tickets_for(user, account_numbers):
    """Repair-centre tickets about these accounts, when the user may see tickets."""
    if not user.has_perm("work.view_ticket") or not account_numbers:
        return []
    from shuiwu.work.models import Ticket

    return list(
        Ticket.objects.restrict(user)
        .filter(account_no__in=list(account_numbers))
        .select_related("work_order")
        .order_by("-received_at")[:50]
    )


def applications_for(user, customer) -> list:
    """One-window applications of the customer (the service app, when it is installed)."""
    from django.apps import apps

    if not apps.is_installed("shuiwu.service") or not user.has_perm("service.view_application"):
        return []
    try:
        from shuiwu.service.models import Application
    except ImportError:  # the service app is being built
        return []
    if "customer" not in {f.name for f in Application._meta.get_fields()}:
        return []
    queryset = Application.objects.filter(customer=customer)
    if hasattr(queryset, "restrict"):
        queryset = queryset.restrict(user)
    return list(queryset.order_by("-pk")[:50])


def billed_volume(start: date, end: date, *, company=None, dma=None) -> float:
    """m³ billed for consumption from ``start`` to ``end``: each live bill's volume prorated by the days of its
    billing period that fall inside (the water balance's billed metered consumption)."""
    bills = Bill.objects.exclude(status=BillStatus.CANCELLED).filter(period_start__lte=end, period_end__gte=start)
    if company is not None:
        bills = bills.filter(company=company)
    if dma is not None:
        bills = bills.filter(account__service_point__dma=dma)
    # Bills share a few billing periods (each reading book's read days): sum by period, prorate per period.
    by_period = bills.values_list("period_start", "period_end").annotate(v=Sum("volume_m3")).order_by()
    total = 0.0
    for first, last, volume in by_period:
        days = (last - first).days + 1
        inside = (min(last, end) - max(first, start)).days + 1
        total += (volume or 0) * inside / days if days > 0 else 0
    return total


def active_connections(*, company=None, dma=None) -> int:
    """Accounts that take water (active), the connections of the leakage indicators."""
    from shuiwu.customers.choices import AccountStatus

    accounts = Account.objects.filter(status=AccountStatus.ACTIVE)
    if company is not None:
        accounts = accounts.filter(company=company)
    if dma is not None:
        accounts = accounts.filter(service_point__dma=dma)
    return accounts.count()


def residents(*, company=None, dma=None) -> int:
    """People living on active residential accounts (their household sizes): the night-use population."""
    from shuiwu.customers.choices import AccountStatus, UseType

    accounts = Account.objects.filter(status=AccountStatus.ACTIVE, use_type=UseType.RESIDENTIAL)
    if company is not None:
        accounts = accounts.filter(company=company)
    if dma is not None:
        accounts = accounts.filter(service_point__dma=dma)
    from django.db.models import Avg, Count

    row = accounts.aggregate(
        n=Sum("household_size"), avg=Avg("household_size"), unknown=Count("id", filter=Q(household_size__isnull=True))
    )
    # An account without a household size counts as the average household of those that have one.
    return round((row["n"] or 0) + row["unknown"] * (row["avg"] or 1))


def billed_until(*, company=None, dma=None) -> date | None:
    """The day up to which every reading book (of the company or DMA) is billed: the earliest of the books'
    latest billed days. Consumption after it is in no bill yet."""
    from django.db.models import Max

    bills = Bill.objects.exclude(status=BillStatus.CANCELLED)
    if company is not None:
        bills = bills.filter(company=company)
    if dma is not None:
        bills = bills.filter(account__service_point__dma=dma)
    latest = bills.values("account__reading_book").annotate(last=Max("period_end")).values_list("last", flat=True)
    return min(latest, default=None)
