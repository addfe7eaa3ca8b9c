"""Billing runs: bills from reads, tiers across the year, idempotence, exceptions, corrections."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from shuiwu.customers import services
from shuiwu.customers.choices import BillStatus, ExceptionKind, RunStatus, UseType
from shuiwu.customers.models import Bill, BillingException, Tariff
from shuiwu.customers.tests import factories as f

D = Decimal


@pytest.fixture
def supply(companies):
    return companies["SUPPLY"]


def test_a_run_bills_each_account_from_its_reads(supply):
    acct = f.account(supply)
    f.monthly_reads(acct, 2026, [10, 12, 15])
    run = f.bill_period(supply, "2026-03")
    assert run.status == RunStatus.DONE and run.bills == 1
    bill = Bill.objects.get(account=acct, period="2026-03")
    assert bill.volume_m3 == 15
    assert (bill.period_start, bill.period_end) == (date(2026, 2, 26), date(2026, 3, 25))
    # Example residential tariff: 2.90 + sewage 0.95 + resource 0.20 per m³ in the first tier.
    assert bill.amount == D("15") * D("4.05")
    assert bill.due_on == date(2026, 4, 16)


def test_re_running_a_period_never_bills_twice(supply):
    acct = f.account(supply)
    f.monthly_reads(acct, 2026, [10, 12])
    f.bill_period(supply, "2026-02")
    again = f.bill_period(supply, "2026-02")
    assert again.bills == 0 and again.skipped == 1
    assert Bill.objects.filter(account=acct, period="2026-02").count() == 1


def test_tiers_continue_from_the_volume_billed_earlier_in_the_year(supply):
    acct = f.account(supply, household_size=4)
    f.monthly_reads(acct, 2026, [100, 100, 100])
    for period in ("2026-01", "2026-02", "2026-03"):
        f.bill_period(supply, period)
    march = Bill.objects.get(account=acct, period="2026-03")
    tiers = {line.tier: line.volume_m3 for line in march.lines.filter(kind="water")}
    assert tiers == {1: 16, 2: 84}  # 200 billed before; the first tier ends at 216, the second at 300


def test_a_price_change_inside_the_period_is_billed_by_days(supply):
    Tariff.objects.create(
        code="T-NEW",
        name="new",
        use_type=UseType.NON_RESIDENTIAL,
        valid_from=date(2026, 3, 11),
        tiers=[{"up_to_m3": None, "price": "5.50"}],
        sewage_fee=D("1.60"),
        resource_fee=D("0.20"),
    )
    acct = f.account(supply, use_type=UseType.NON_RESIDENTIAL)
    f.monthly_reads(acct, 2026, [30, 28], day=28)
    f.read(acct, date(2026, 3, 28), 86)
    f.bill_period(supply, "2026-03")
    bill = Bill.objects.get(account=acct, period="2026-03")
    water = [(line.tariff, line.volume_m3, line.amount) for line in bill.lines.filter(kind="water")]
    # 1 Mar – 28 Mar: 10 days at 4.50, 18 days at 5.50 → 28 m³ split 10 : 18.
    assert water == [("EX-NONRES-2024", 10, D("45.00")), ("T-NEW", 18, D("99.00"))]


def test_accounts_without_a_read_and_with_a_negative_one_are_exceptions(supply):
    silent = f.account(supply)
    f.monthly_reads(silent, 2026, [10])
    falling = f.account(supply)
    f.monthly_reads(falling, 2026, [10])
    f.read(falling, date(2026, 2, 25), 4, accept_negative=True)
    run = f.bill_period(supply, "2026-02")
    kinds = dict(BillingException.objects.filter(run=run).values_list("account_id", "kind"))
    assert kinds == {silent.pk: ExceptionKind.NO_READING, falling.pk: ExceptionKind.NEGATIVE}
    assert not Bill.objects.filter(period="2026-02").exists()


def test_a_month_far_above_the_history_is_billed_and_listed(supply):
    acct = f.account(supply)
    f.monthly_reads(acct, 2026, [10, 10, 10, 10, 90])
    for month in range(1, 6):
        run = f.bill_period(supply, f"2026-{month:02d}")
    exception = BillingException.objects.get(run=run)
    assert exception.kind == ExceptionKind.HIGH and exception.billed
    assert Bill.objects.get(account=acct, period="2026-05").volume_m3 == 90


def test_a_correction_credits_the_bill_and_bills_again_once(supply):
    acct = f.account(supply)
    f.monthly_reads(acct, 2026, [10, 12])
    f.bill_period(supply, "2026-02")
    bill = Bill.objects.get(account=acct, period="2026-02")
    services.take_payment(acct, bill.amount, "cash")
    new = services.rebill(bill, "reader typed the wrong read")
    again = services.rebill(new, "checked once more")
    live = Bill.objects.filter(account=acct, period="2026-02").exclude(status=BillStatus.CANCELLED)
    assert list(live) == [again] and again.revision == 3
    bill.refresh_from_db()
    assert bill.status == BillStatus.CANCELLED
    # What was paid on the cancelled bill came back and paid the new one.
    again.refresh_from_db()
    assert again.status == BillStatus.PAID
    acct.refresh_from_db()
    assert acct.balance == D("0.00")


def test_a_correction_needs_a_reason(supply):
    acct = f.account(supply)
    f.monthly_reads(acct, 2026, [10])
    f.bill_period(supply, "2026-01")
    with pytest.raises(ValidationError) as caught:
        services.rebill(Bill.objects.get(account=acct), " ")
    assert "reason" in caught.value.message_dict


def test_a_bad_period_is_refused(supply):
    with pytest.raises(ValidationError) as caught:
        services.start_billing_run(supply, "2026-13")
    assert "period" in caught.value.message_dict


def test_money_is_never_a_float(supply):
    acct = f.account(supply)
    f.monthly_reads(acct, 2026, [7])
    f.bill_period(supply, "2026-01")
    bill = Bill.objects.get(account=acct)
    assert isinstance(bill.amount, Decimal)
    assert all(isinstance(line.amount, Decimal) for line in bill.lines.all())
    assert services.summary(supply, date(2026, 1, 1), date(2026, 12, 31))["billed_amount"] == str(bill.amount)
