"""Helpers for the customers tests: an account with a meter and a year of monthly reads."""

from datetime import date, timedelta
from itertools import count

from shuiwu.customers import services
from shuiwu.customers.choices import ReadingKind, ReadingSource, UseType
from shuiwu.customers.models import Account, Customer, Meter, MeterReading

_numbers = count(1)


def account(company, *, use_type=UseType.RESIDENTIAL, household_size=3, small_business=False, opened=None, **fields):
    n = next(_numbers)
    customer = Customer.objects.create(
        company=company,
        number=f"TC{n:05d}",
        name=fields.pop("name", f"测试用户{n}"),
        identity=fields.pop("identity", "110101199003070011"),
        small_business=small_business,
    )
    made = Account.objects.create(
        company=company,
        number=f"TA{n:05d}",
        customer=customer,
        use_type=use_type,
        household_size=household_size,
        opened_on=opened or date(2025, 1, 1),
        **fields,
    )
    Meter.objects.create(serial=f"TM{n:05d}", account=made, install_date=opened or date(2025, 1, 1), digits=5)
    return made


def meter(acct) -> Meter:
    return acct.meters.get()


def read(acct, day: date, value: int, **kwargs) -> MeterReading:
    return services.record_reading(meter(acct), day, value, **kwargs)


def monthly_reads(acct, year: int, volumes: list[int], *, start_value=0, day=25) -> int:
    """Reads on the ``day`` of each month of ``year`` using ``volumes`` m³; returns the last value."""
    value = start_value
    m = meter(acct)
    rows = []
    for month, used in enumerate(volumes, start=1):
        value += used
        rows.append(
            MeterReading(
                meter=m,
                account=acct,
                read_on=date(year, month, day),
                value=value,
                consumption=used,
                kind=ReadingKind.ACTUAL,
                source=ReadingSource.MANUAL,
            )
        )
    MeterReading.objects.bulk_create(rows)
    return value


def bill_period(company, period: str):
    """Run the billing of ``period`` at once (the job runs in-process)."""
    from shuiwu.customers.models import BillingRun

    run = BillingRun.objects.create(company=company, period=period)
    return services.execute_billing_run(run.pk)


def days_after(day: date, n: int) -> date:
    return day + timedelta(days=n)
