"""Account changes: opening and closing accounts, transfers, renames, meter moves, changes, splits and merges.

The service counter's applications run their change through these functions (service calls customers, never
the reverse). Each one checks its input, raises ``ValidationError({field: message})`` when it does not fit,
and makes all its rows in one transaction. Permissions are the caller's to check.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Sum
from django.utils.translation import gettext as _

from shuiwu.assets.choices import Kind
from shuiwu.assets.models import Asset
from shuiwu.core import numbering
from shuiwu.customers.choices import (
    OPEN_BILL_STATUSES,
    AccountStatus,
    CustomerKind,
    MeterStatus,
    MeterType,
    ReadingKind,
    ReadingSource,
    UseType,
)
from shuiwu.customers.models import Account, Bill, Customer, Meter, MeterReading
from shuiwu.engine import tariffs

CUSTOMER_SEQUENCE = "customers.customer"
ACCOUNT_SEQUENCE = "customers.account"
METER_SEQUENCE = "customers.meter"


def first_of_next_month(day: date) -> date:
    return date(day.year + day.month // 12, day.month % 12 + 1, 1)


def open_bills(account: Account):
    """The account's unpaid and part-paid bills."""
    return Bill.objects.filter(account=account, status__in=OPEN_BILL_STATUSES)


def arrears(account: Account) -> tuple[int, Decimal]:
    """(number of unpaid bills, amount outstanding) of the account."""
    totals = open_bills(account).aggregate(n=Count("id"), amount=Sum("amount"), paid=Sum("paid"))
    return totals["n"], tariffs.money((totals["amount"] or 0) - (totals["paid"] or 0))


def _refuse_arrears(account: Account, field: str = "account") -> None:
    count, amount = arrears(account)
    if count:
        raise ValidationError(
            {
                field: _("Account %(number)s has %(count)s unpaid bills (%(amount)s yuan): settle them first.")
                % {"number": account.number, "count": count, "amount": amount}
            }
        )


def _number(prefix: str, sequence: str, model) -> str:
    while True:
        number = f"{prefix}{numbering.next_value(sequence):08d}"
        if not model._base_manager.filter(number=number).exists():
            return number


def _meter_serial() -> str:
    while True:
        serial = f"WM{numbering.next_value(METER_SEQUENCE):08d}"
        if not Meter._base_manager.filter(serial=serial).exists():
            return serial


def _open(account: Account, field: str = "account") -> None:
    if account.status == AccountStatus.CLOSED:
        raise ValidationError({field: _("Account %(number)s is closed.") % {"number": account.number}})


def _customer(customer: Customer | dict, company, field: str = "customer") -> Customer:
    """The customer given, or one made from ``{"name", "identity", "phone", "kind", "address"}``.

    A person or organisation already known by the same ID number in the company is reused.
    """
    if isinstance(customer, Customer):
        if company is not None and customer.company_id != getattr(company, "pk", company):
            raise ValidationError({field: _("The customer belongs to another company.")})
        return customer
    data = dict(customer or {})
    name = str(data.get("name") or "").strip()
    if not name:
        raise ValidationError({field: _("Give the customer's name.")})
    company_id = getattr(company, "pk", company)
    identity = str(data.get("identity") or "").strip()
    if identity:
        known = Customer.objects.filter(company_id=company_id, identity=identity).first()
        if known is not None:
            return known
    kind = data.get("kind") or CustomerKind.PERSON
    if kind not in CustomerKind.values:
        raise ValidationError({field: _("Unknown kind of customer.")})
    made = Customer(
        company_id=company_id,
        number=_number("C", CUSTOMER_SEQUENCE, Customer),
        kind=kind,
        name=name,
        identity=identity,
        phone=str(data.get("phone") or "").strip(),
        address=str(data.get("address") or "").strip(),
        small_business=bool(data.get("small_business", False)),
    )
    made.full_clean()
    made.save()
    return made


def _service_point(value, company, field: str = "service_point") -> Asset | None:
    """A service point given as an asset or its code, in the company; None for none."""
    if value in (None, ""):
        return None
    company_id = getattr(company, "pk", company)
    if isinstance(value, Asset):
        asset = value
    else:
        asset = Asset.objects.filter(code=str(value).strip(), kind=Kind.SERVICE_POINT, company_id=company_id).first()
        if asset is None:
            raise ValidationError({field: _("No service point with code “%(code)s”.") % {"code": value}})
    if asset.kind != Kind.SERVICE_POINT:
        raise ValidationError({field: _("Choose a service point.")})
    if company_id is not None and asset.company_id != company_id:
        raise ValidationError({field: _("The service point belongs to another company.")})
    return asset


def _fit_meter(account: Account, meter_data: dict | None, on: date) -> Meter:
    data = dict(meter_data or {})
    meter_type = data.get("meter_type") or MeterType.MECHANICAL
    if meter_type not in MeterType.values:
        raise ValidationError({"meter_type": _("Unknown meter type.")})
    meter = Meter(
        serial=str(data.get("serial") or "").strip() or _meter_serial(),
        account=account,
        size_mm=int(data.get("size_mm") or 20),
        meter_type=meter_type,
        digits=int(data.get("digits") or 5),
        install_date=on,
        initial_read=int(data.get("initial_read") or 0),
        seal=str(data.get("seal") or ""),
        device_id=str(data.get("device_id") or ""),
        status=MeterStatus.ACTIVE,
    )
    meter.full_clean()
    meter.save()
    return meter


def active_meters(account: Account):
    return account.meters.exclude(status=MeterStatus.REMOVED).order_by("install_date", "id")


def record_final_read(meter: Meter, on: date, value: int, *, field: str = "final_read", note: str = "") -> MeterReading:
    """A read taken at the window or on site when a meter comes off or an account changes hands.

    Its consumption is the read minus the meter's read before it (or its read when installed); a read below
    that is taken as the dials rolling over only when they were near their end.
    """
    if value is None or isinstance(value, bool) or int(value) != value or value < 0:
        raise ValidationError({field: _("A read is a whole number of m³, zero or more.")})
    value = int(value)
    readings = MeterReading.objects.filter(meter=meter)
    if readings.filter(read_on__gt=on).exists():
        raise ValidationError({field: _("The meter has a read after %(day)s.") % {"day": on}})
    same_day = readings.filter(read_on=on).first()
    if same_day is not None:
        if same_day.value == value:
            return same_day
        raise ValidationError({field: _("The meter was already read on %(day)s.") % {"day": on}})
    previous = readings.order_by("-read_on").first()
    before = previous.value if previous else meter.initial_read
    # The same roll-over rule as every other read (shuiwu.engine.tariffs.consumption).
    used, rollover = tariffs.consumption(before, value, meter.digits)
    if used < 0:
        raise ValidationError(
            {field: _("The read %(value)s is below the last read %(before)s.") % {"value": value, "before": before}}
        )
    return MeterReading.objects.create(
        meter=meter,
        account_id=meter.account_id,
        read_on=on,
        value=value,
        consumption=used,
        kind=ReadingKind.ACTUAL,
        source=ReadingSource.WINDOW,
        rollover=rollover,
        note=note,
    )


def _one_meter(account: Account, field: str) -> Meter | None:
    meters = list(active_meters(account))
    if len(meters) > 1:
        raise ValidationError({field: _("The account has several meters: read each one separately.")})
    return meters[0] if meters else None


# -- the changes ---------------------------------------------------------------------------------------------


@transaction.atomic
def open_account(
    customer: Customer | dict,
    *,
    company,
    opened_on: date,
    service_point=None,
    address: str = "",
    use_type: str = UseType.RESIDENTIAL,
    household_size: int | None = None,
    meter_data: dict | None = None,
    reading_book=None,
    temporary_until: date | None = None,
) -> Account:
    """A new account (and its customer when a dict is given) on a service point, with a meter fitted.

    ``meter_data``: ``{"serial", "size_mm", "meter_type", "digits", "initial_read", "seal", "device_id"}``;
    a serial is made when none is given.
    """
    if use_type not in UseType.values:
        raise ValidationError({"use_type": _("Unknown use type.")})
    if temporary_until is not None and temporary_until <= opened_on:
        raise ValidationError({"temporary_until": _("Temporary supply ends after it starts.")})
    holder = _customer(customer, company)
    point = _service_point(service_point, company)
    account = Account(
        company_id=getattr(company, "pk", company),
        number=_number("A", ACCOUNT_SEQUENCE, Account),
        customer=holder,
        service_point=point,
        use_type=use_type,
        household_size=household_size,
        address=(address or (point.address if point else "") or holder.address)[:200],
        reading_book=reading_book,
        opened_on=opened_on,
        temporary_until=temporary_until,
        status=AccountStatus.ACTIVE,
    )
    account.full_clean()
    account.save()
    _fit_meter(account, meter_data, opened_on)
    return account


@transaction.atomic
def transfer(
    account: Account,
    new_customer: Customer | dict,
    *,
    on: date,
    final_read: int | None = None,
    use_type: str | None = None,
) -> Account:
    """Ownership transfer (过户): the account moves to the new customer.

    A final read splits the consumption between the owners; a new use type takes effect from the first day of
    the next month, as the new price does (DOMAIN.md §7). Refused while the account has unpaid bills.
    """
    _open(account)
    _refuse_arrears(account)
    holder = _customer(new_customer, account.company_id, field="new_customer")
    if holder.pk == account.customer_id:
        raise ValidationError({"new_customer": _("The account already belongs to this customer.")})
    if use_type and use_type not in UseType.values:
        raise ValidationError({"use_type": _("Unknown use type.")})
    if final_read is not None:
        meter = _one_meter(account, "final_read")
        if meter is not None:
            record_final_read(meter, on, final_read, note=_("transfer"))
    account.customer = holder
    fields = ["customer", "updated"]
    if use_type and use_type != account.use_type:
        account.pending_use_type, account.pending_from = use_type, first_of_next_month(on)
        fields += ["pending_use_type", "pending_from"]
    account.save(update_fields=fields)
    return account


@transaction.atomic
def rename(customer: Customer, new_name: str) -> Customer:
    """A customer's new name (更名): the accounts stay theirs."""
    name = str(new_name or "").strip()
    if not name:
        raise ValidationError({"new_name": _("Give the new name.")})
    if len(name) > Customer._meta.get_field("name").max_length:
        raise ValidationError({"new_name": _("The name is too long.")})
    if name != customer.name:
        customer.name = name
        customer.save(update_fields=["name", "updated"])
    return customer


@transaction.atomic
def close_account(account: Account, *, on: date, final_read: int | None = None) -> Account:
    """Account closure (销户): refused while bills are unpaid; the meters come off."""
    _open(account)
    _refuse_arrears(account)
    if on < account.opened_on:
        raise ValidationError({"closed_on": _("An account cannot close before it opens.")})
    meters = list(active_meters(account))
    if final_read is not None:
        if len(meters) > 1:
            raise ValidationError({"final_read": _("The account has several meters: read each one separately.")})
        if meters:
            record_final_read(meters[0], on, final_read, note=_("closure"))
    for meter in meters:
        meter.status, meter.removed_on = MeterStatus.REMOVED, on
        meter.save(update_fields=["status", "removed_on", "updated"])
    account.status, account.closed_on = AccountStatus.CLOSED, on
    account.pending_use_type, account.pending_from = "", None
    account.save(update_fields=["status", "closed_on", "pending_use_type", "pending_from", "updated"])
    return account


@transaction.atomic
def relocate_meter(account: Account, *, service_point=None, address: str = "") -> Account:
    """Meter relocation (水表迁移): the account's supply moves to another service point or address."""
    _open(account)
    point = _service_point(service_point, account.company_id)
    address = str(address or "").strip()
    if point is None and not address:
        raise ValidationError({"address": _("Give the new address or the new service point.")})
    fields = ["updated"]
    if point is not None:
        account.service_point = point
        fields.append("service_point")
    if address or point is not None:
        account.address = (address or point.address or account.address)[:200]
        fields.append("address")
    account.save(update_fields=fields)
    return account


@transaction.atomic
def change_meter(
    account: Account,
    *,
    on: date,
    size_mm: int | None = None,
    meter_type: str | None = None,
    serial: str = "",
    old_final_read: int | None = None,
    new_initial_read: int = 0,
    meter: Meter | None = None,
) -> Meter:
    """Meter change (改表): the old meter comes off with its final read, a new one (another size) is fitted."""
    _open(account)
    old = meter or _one_meter(account, "meter")
    if old is not None and (old.account_id != account.pk or old.status == MeterStatus.REMOVED):
        raise ValidationError({"meter": _("That meter is not fitted to this account.")})
    if size_mm is not None and (int(size_mm) != size_mm or not 8 <= size_mm <= 600):
        raise ValidationError({"size_mm": _("A meter size is a DN from 8 to 600 mm.")})
    if old is not None:
        if old_final_read is not None:
            record_final_read(old, on, old_final_read, field="old_final_read", note=_("meter change"))
        old.status, old.removed_on = MeterStatus.REMOVED, on
        old.save(update_fields=["status", "removed_on", "updated"])
    return _fit_meter(
        account,
        {
            "serial": serial,
            "size_mm": size_mm or (old.size_mm if old else 20),
            "meter_type": meter_type or (old.meter_type if old else MeterType.MECHANICAL),
            "digits": old.digits if old else 5,
            "initial_read": new_initial_read or 0,
        },
        on,
    )


@transaction.atomic
def change_use_type(account: Account, new_use_type: str, *, on: date) -> Account:
    """Use-type change (用水性质变更): pending from the first day of the next month (DOMAIN.md §7)."""
    _open(account)
    if new_use_type not in UseType.values:
        raise ValidationError({"new_use_type": _("Unknown use type.")})
    if new_use_type == account.use_type and not account.pending_use_type:
        raise ValidationError({"new_use_type": _("The account already has this use type.")})
    account.pending_use_type, account.pending_from = new_use_type, first_of_next_month(on)
    account.save(update_fields=["pending_use_type", "pending_from", "updated"])
    return account


@transaction.atomic
def split_meter(
    account: Account,
    *,
    on: date,
    customer: Customer | dict | None = None,
    use_type: str | None = None,
    household_size: int | None = None,
    address: str = "",
    meter_data: dict | None = None,
) -> Account:
    """Meter split (分表): a new account on the same service point, with its own meter."""
    _open(account)
    return open_account(
        customer or account.customer,
        company=account.company_id,
        opened_on=on,
        service_point=account.service_point,
        address=address or account.address,
        use_type=use_type or account.use_type,
        household_size=household_size,
        meter_data=meter_data,
        reading_book=account.reading_book,
    )


@transaction.atomic
def merge_meters(
    account: Account, others, *, on: date, final_reads: dict | None = None, field: str = "merge_accounts"
) -> Account:
    """Meter merge (合表): the other accounts close (their meters come off) and ``account`` supplies them all.

    ``final_reads`` maps an account number to the final read of its meter. Refused while any of them has
    unpaid bills.
    """
    _open(account)
    others = list(others)
    if not others:
        raise ValidationError({field: _("Give the accounts to merge.")})
    final_reads = final_reads or {}
    for other in others:
        if other.pk == account.pk:
            raise ValidationError({field: _("An account cannot merge into itself.")})
        if other.company_id != account.company_id:
            raise ValidationError(
                {field: _("Account %(number)s belongs to another company.") % {"number": other.number}}
            )
        _open(other, field)
        _refuse_arrears(other, field)
    for other in others:
        close_account(other, on=on, final_read=final_reads.get(other.number))
    return account


@transaction.atomic
def temporary_water(
    customer: Customer | dict,
    *,
    company,
    on: date,
    until: date,
    service_point=None,
    address: str = "",
    use_type: str = UseType.NON_RESIDENTIAL,
    meter_data: dict | None = None,
) -> Account:
    """Temporary water (临时用水): an account that supplies until ``until``."""
    if until is None or until <= on:
        raise ValidationError({"until": _("Temporary supply ends after it starts.")})
    return open_account(
        customer,
        company=company,
        opened_on=on,
        service_point=service_point,
        address=address,
        use_type=use_type,
        meter_data=meter_data,
        temporary_until=until,
    )
