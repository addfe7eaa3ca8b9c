"""Existing arrears refuse a transfer or a closure (DOMAIN.md §7): at once, or when the change would run."""

import pytest
from django.core.exceptions import ValidationError

from shuiwu.customers import changes
from shuiwu.service import services
from shuiwu.service.choices import RejectionReason, Status
from shuiwu.service.tests.factories import FRIDAY, account, receive, through, unpaid_bill

NEW_OWNER = {"new_name": "林思远", "new_identity": "330499198805050017"}


def test_it_refuses_a_transfer_with_arrears(window_clerk, hall, companies):
    acct = account(companies["SUPPLY"])
    unpaid_bill(acct)
    app = receive(window_clerk, "TRANSFER", hall, account=acct, details=NEW_OWNER)
    assert (app.status, app.rejection_code) == (Status.REJECTED, RejectionReason.ARREARS)
    acct.refresh_from_db()
    assert acct.customer.name != "林思远"


def test_a_bill_issued_meanwhile_stops_the_completion(window_clerk, hall, companies):
    acct = account(companies["SUPPLY"])
    app = receive(window_clerk, "CLOSURE", hall, account=acct)
    app = services.advance(services.advance(app, user=window_clerk), user=window_clerk)
    unpaid_bill(acct)
    with pytest.raises(ValidationError) as exc:
        services.complete(app, user=window_clerk)
    assert "account" in exc.value.message_dict
    app.refresh_from_db()
    assert app.status == Status.IN_PROGRESS


def test_closing_an_account_with_open_bills_is_refused(companies):
    acct = account(companies["SUPPLY"])
    unpaid_bill(acct)
    with pytest.raises(ValidationError) as exc:
        changes.close_account(acct, on=FRIDAY)
    assert "account" in exc.value.message_dict


def test_a_paid_up_account_transfers(window_clerk, hall, companies):
    acct = account(companies["SUPPLY"])
    bill = unpaid_bill(acct)
    bill.status, bill.paid = "paid", bill.amount
    bill.save()
    app = through(receive(window_clerk, "TRANSFER", hall, account=acct, details=NEW_OWNER), window_clerk)
    assert app.status == Status.COMPLETED
