"""Arrears: ageing, demands, the disconnection workflow, and relief that blocks it."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from shuiwu.customers import services
from shuiwu.customers.choices import AccountStatus, DisconnectionState, NoticeKind
from shuiwu.customers.models import AccountRelief, ArrearsNotice, ReliefPolicy
from shuiwu.customers.tests import factories as f


@pytest.fixture
def supply(companies):
    return companies["SUPPLY"]


@pytest.fixture
def debtor(supply):
    acct = f.account(supply, use_type="non_residential")
    f.monthly_reads(acct, 2026, [10, 20])
    f.bill_period(supply, "2026-01")
    f.bill_period(supply, "2026-02")
    return acct


def test_arrears_are_aged_from_the_oldest_due_date(debtor, supply):
    rows = services.arrears(on=date(2026, 5, 1), company=supply)
    assert [(r["account_id"], r["bills"], r["bucket"]) for r in rows] == [(debtor.pk, 2, "31_90")]
    ages = services.ageing(supply, on=date(2026, 5, 1))
    assert ages["31_90"]["accounts"] == 1 and ages["31_90"]["amount"] > Decimal(0)


def two_demands(supply):
    services.send_notices(supply, on=date(2026, 4, 1))
    services.send_notices(supply, on=date(2026, 4, 9))


def test_demands_come_first_then_the_second(debtor, supply):
    assert services.send_notices(supply, on=date(2026, 4, 1)) == {"first": 1, "second": 0}
    assert services.send_notices(supply, on=date(2026, 4, 3)) == {"first": 0, "second": 0}  # a week between
    assert services.send_notices(supply, on=date(2026, 4, 9)) == {"first": 0, "second": 1}


def test_disconnection_needs_two_demands_and_five_days_warning(debtor, supply):
    with pytest.raises(ValidationError):
        services.warn_disconnection(debtor, on=date(2026, 4, 1))
    two_demands(supply)
    warning = services.warn_disconnection(debtor, on=date(2026, 4, 10))
    assert warning.earliest_on == date(2026, 4, 15)
    with pytest.raises(ValidationError) as caught:
        services.disconnect(warning, on=date(2026, 4, 14))
    assert "earliest_on" in caught.value.message_dict
    services.disconnect(warning, on=date(2026, 4, 15))
    debtor.refresh_from_db()
    assert debtor.status == AccountStatus.DISCONNECTED
    assert ArrearsNotice.objects.filter(account=debtor, kind=NoticeKind.DISCONNECTION).count() == 1


def test_relief_blocks_the_disconnection(debtor, supply):
    two_demands(supply)
    policy = ReliefPolicy.objects.get(code="NO-CUTOFF-2022")
    AccountRelief.objects.create(account=debtor, policy=policy, granted_on=date(2026, 1, 1))
    with pytest.raises(ValidationError) as caught:
        services.warn_disconnection(debtor, on=date(2026, 4, 10))
    assert "account" in caught.value.message_dict


def test_relief_granted_after_the_warning_still_blocks_the_disconnection(debtor, supply):
    two_demands(supply)
    warning = services.warn_disconnection(debtor, on=date(2026, 4, 10))
    policy = ReliefPolicy.objects.get(code="NO-CUTOFF-2022")
    AccountRelief.objects.create(account=debtor, policy=policy, granted_on=date(2026, 4, 12))
    with pytest.raises(ValidationError):
        services.disconnect(warning, on=date(2026, 4, 20))


def test_relief_accounts_get_no_demands(debtor, supply):
    policy = ReliefPolicy.objects.get(code="NO-CUTOFF-2022")
    AccountRelief.objects.create(account=debtor, policy=policy, granted_on=date(2026, 1, 1))
    assert services.send_notices(supply, on=date(2026, 4, 1)) == {"first": 0, "second": 0}


def test_paying_the_arrears_reconnects(debtor, supply):
    two_demands(supply)
    warning = services.warn_disconnection(debtor, on=date(2026, 4, 10))
    services.disconnect(warning, on=date(2026, 4, 15))
    total = sum(item["total"] for item in services.owed(debtor, date(2026, 4, 16)))
    from django.utils import timezone

    services.take_payment(debtor, total, "cash", received_at=timezone.make_aware(timezone.datetime(2026, 4, 16, 10)))
    debtor.refresh_from_db()
    warning.refresh_from_db()
    assert debtor.status == AccountStatus.ACTIVE and warning.state == DisconnectionState.RECONNECTED


def test_relief_defers_arrears_for_its_months_after_the_policy_ends(debtor, supply):
    policy = ReliefPolicy.objects.create(
        code="SHORT",
        name="short relief",
        starts_on=date(2026, 1, 1),
        ends_on=date(2026, 3, 31),
        deferral_months=2,
    )
    assert policy.covers_until == date(2026, 5, 31)
    AccountRelief.objects.create(account=debtor, policy=policy, granted_on=date(2026, 1, 1))
    two_demands(supply)
    assert services.owed(debtor, date(2026, 5, 31))[0]["late_fee"] == 0  # deferred, no late fee
    assert services.disconnection_blockers(debtor, date(2026, 5, 31)) == ["short relief"]
    assert services.owed(debtor, date(2026, 6, 1))[0]["late_fee"] > 0
    assert services.disconnection_blockers(debtor, date(2026, 6, 1)) == []
