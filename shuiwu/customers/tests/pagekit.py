"""Fixtures of the customers API and page tests: billing personas and a small billed town.

``town`` is one reading book in the supply company with two accounts (a household and a small shop under the
“arrears without cut-off” policy), read and billed for the two months before last, so that both have overdue
bills today.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import pytest
from django.utils import timezone

from shuiwu.core.testkit import make_persona
from shuiwu.customers import services
from shuiwu.customers.choices import CustomerKind, UseType
from shuiwu.customers.models import Account, Bill, BillingRun, Customer, Meter, ReadingBook, ReliefPolicy
from shuiwu.org.choices import Role

IDENTITY = "110101199003071234"


@pytest.fixture
def billing_manager(companies):
    return make_persona("bea-billing", companies["SUPPLY"], Role.BILLING_MANAGER)


@pytest.fixture
def window_clerk(companies):
    return make_persona("wes-window", companies["SUPPLY"], Role.WINDOW_CLERK)


@pytest.fixture
def sewage_viewer(companies):
    """A read-only user of another company: may read customers, but not the supply company's."""
    return make_persona("sam-sewage", companies["SEWAGE"], Role.READ_ONLY)


def month_start(day: date, back: int) -> date:
    """The first day of the month ``back`` months before ``day``'s."""
    year, month = day.year, day.month - back
    while month <= 0:
        year, month = year - 1, month + 12
    return date(year, month, 1)


@dataclass
class Town:
    company: object
    book: ReadingBook
    household: Account
    shop: Account
    periods: list[str]

    def bills(self, account) -> list[Bill]:
        return list(Bill.objects.filter(account=account).order_by("period"))


def make_account(company, book, number, *, name, small_business=False, use_type=UseType.RESIDENTIAL, identity=""):
    customer = Customer.objects.create(
        company=company,
        number=f"C{number}",
        kind=CustomerKind.ORGANISATION if small_business else CustomerKind.PERSON,
        name=name,
        identity=identity,
        phone=f"1380000{number[-4:]}",
        address=f"平湖市当湖街道{number[-3:]}号",
        small_business=small_business,
    )
    account = Account.objects.create(
        company=company,
        number=number,
        customer=customer,
        use_type=use_type,
        household_size=3 if use_type == UseType.RESIDENTIAL else None,
        address=customer.address,
        reading_book=book,
        opened_on=date(2020, 1, 1),
    )
    Meter.objects.create(serial=f"M{number}", account=account, install_date=date(2020, 1, 1))
    return account


def bill_period(company, period: str) -> BillingRun:
    run = BillingRun.objects.create(company=company, period=period)
    return services.execute_billing_run(run.pk)


def build_town(company, *, prefix="A") -> Town:
    today = timezone.localdate()
    book = ReadingBook.objects.create(company=company, code=f"{prefix}BOOK", name="当湖一册")
    household = make_account(company, book, f"{prefix}0001", name="张三", identity=IDENTITY)
    shop = make_account(
        company, book, f"{prefix}0002", name="李记小吃", small_business=True, use_type=UseType.NON_RESIDENTIAL
    )
    # Reads on the 25th of the three months before last: two billed periods, both overdue by now.
    firsts = [month_start(today, back) for back in (4, 3, 2)]
    values = {household: [100, 112, 125], shop: [500, 540, 590]}
    for account, reads in values.items():
        meter = account.meters.get()
        for first, value in zip(firsts, reads, strict=True):
            services.record_reading(meter, first + timedelta(days=24), value)
    periods = [services.period_of(first) for first in firsts[1:]]
    for period in periods:
        run = bill_period(company, period)
        assert run.status == "done", run.error
    return Town(company=company, book=book, household=household, shop=shop, periods=periods)


@pytest.fixture
def town(companies):
    town = build_town(companies["SUPPLY"])
    services.grant_relief(ReliefPolicy.objects.get(code="NO-CUTOFF-2022"), on=timezone.localdate())
    return town
