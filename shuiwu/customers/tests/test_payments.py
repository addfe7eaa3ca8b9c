"""Payments: oldest bill first, late fees and their waiver, prepaid balance, reversals, bank batches."""

from datetime import date, datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from shuiwu.customers import services
from shuiwu.customers.choices import BillStatus, PaymentStatus
from shuiwu.customers.models import AccountRelief, Bill, ReliefPolicy
from shuiwu.customers.tests import factories as f
from shuiwu.engine.tariffs import money

D = Decimal


@pytest.fixture
def supply(companies):
    return companies["SUPPLY"]


@pytest.fixture
def three_bills(supply):
    acct = f.account(supply)
    f.monthly_reads(acct, 2026, [10, 20, 30])
    for period in ("2026-01", "2026-02", "2026-03"):
        f.bill_period(supply, period)
    return acct, list(Bill.objects.filter(account=acct).order_by("period"))


def at(day: date):
    return timezone.make_aware(datetime.combine(day, datetime.min.time()).replace(hour=10))


def test_a_payment_goes_to_the_oldest_bill_first(three_bills):
    acct, (jan, feb, mar) = three_bills
    services.take_payment(acct, jan.amount + D("10.00"), "wechat", received_at=at(date(2026, 2, 10)))
    jan.refresh_from_db(), feb.refresh_from_db(), mar.refresh_from_db()
    assert jan.status == BillStatus.PAID
    assert feb.status == BillStatus.PART_PAID and feb.paid == D("10.00")
    assert mar.status == BillStatus.OPEN


def test_what_is_left_over_becomes_a_prepaid_balance_that_pays_the_next_bill(supply):
    acct = f.account(supply)
    f.monthly_reads(acct, 2026, [10, 10])
    payment = services.take_payment(acct, D("100.00"), "cash", received_at=at(date(2026, 1, 5)))
    assert payment.to_balance == D("100.00")
    f.bill_period(supply, "2026-01")
    bill = Bill.objects.get(account=acct)
    assert bill.status == BillStatus.PAID
    acct.refresh_from_db()
    assert acct.balance == D("100.00") - bill.amount


def test_a_late_payment_pays_the_late_fee_first(three_bills):
    acct, (jan, *_rest) = three_bills
    # January's bill is due 16 Feb; 15 days' grace, then 0.5 % a day: 10 days late on 13 Mar.
    fee = money(jan.amount * D("0.005") * 10)
    owed = services.owed(acct, date(2026, 3, 13))
    assert owed[0]["late_fee"] == fee
    payment = services.take_payment(acct, jan.amount + fee, "alipay", received_at=at(date(2026, 3, 13)))
    allocation = payment.allocations.get()
    assert (allocation.amount, allocation.late_fee) == (jan.amount, fee)
    jan.refresh_from_db()
    assert jan.status == BillStatus.PAID


def test_relief_waives_the_late_fee(three_bills):
    acct, (jan, *_rest) = three_bills
    acct.customer.small_business = True
    acct.customer.save()
    policy = ReliefPolicy.objects.get(code="NO-CUTOFF-2022")
    assert services.grant_relief(policy, on=date(2026, 1, 1)) == 1
    assert services.owed(acct, date(2026, 3, 13))[0]["late_fee"] == D("0.00")


def test_a_reversal_needs_a_reason_and_reopens_the_bills(three_bills):
    acct, (jan, *_rest) = three_bills
    payment = services.take_payment(acct, jan.amount, "card", received_at=at(date(2026, 2, 10)))
    with pytest.raises(ValidationError) as caught:
        services.reverse_payment(payment, "")
    assert "reason" in caught.value.message_dict
    services.reverse_payment(payment, "card payment bounced")
    jan.refresh_from_db(), payment.refresh_from_db()
    assert jan.status == BillStatus.OPEN and jan.paid == D("0.00")
    assert payment.status == PaymentStatus.REVERSED


@pytest.mark.parametrize("amount", ["0", "-5", "1.234", "abc", "NaN"])
def test_a_bad_amount_is_refused(three_bills, amount):
    acct, _bills = three_bills
    with pytest.raises(ValidationError) as caught:
        services.take_payment(acct, amount, "cash")
    assert "amount" in caught.value.message_dict


def test_a_bank_batch_loaded_twice_pays_once(three_bills):
    acct, (jan, *_rest) = three_bills
    rows = [{"account": acct.number, "amount": str(jan.amount), "reference": "BK-1", "paid_at": "2026-02-12"}]
    assert services.import_bank_batch(rows)["taken"] == 1
    again = services.import_bank_batch(rows)
    assert (again["taken"], again["already_loaded"]) == (0, 1)
    jan.refresh_from_db()
    assert jan.paid == jan.amount


def test_a_bank_batch_with_a_bad_line_writes_nothing(three_bills):
    acct, (jan, *_rest) = three_bills
    rows = [
        {"account": acct.number, "amount": "10.00", "reference": "BK-2", "paid_at": "2026-02-12"},
        {"account": "NOPE", "amount": "10.00", "reference": "BK-3", "paid_at": "2026-02-12"},
    ]
    result = services.import_bank_batch(rows)
    assert result["taken"] == 0
    assert result["errors"] == [{"line": 2, "field": "account", "reason": result["errors"][0]["reason"]}]
    jan.refresh_from_db()
    assert jan.paid == D("0.00")


def test_relief_beneficiaries_are_counted(three_bills, supply):
    acct, _bills = three_bills
    policy = ReliefPolicy.objects.get(code="NO-CUTOFF-2022")
    AccountRelief.objects.create(account=acct, policy=policy, granted_on=date(2026, 1, 1))
    figures = services.summary(supply, date(2026, 1, 1), date(2026, 6, 30))
    assert figures["relief_accounts"] == 1 and figures["relief_accounts_benefited"] == 1
