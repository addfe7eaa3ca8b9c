"""An ownership transfer moves the account to the new customer; a new use type waits for the next month."""

from datetime import date

from shuiwu.customers.choices import UseType
from shuiwu.customers.models import MeterReading
from shuiwu.service.tests.factories import account, reading, receive, through

NEW_OWNER = {"new_name": "林思远", "new_identity": "330499198805050017", "new_phone": "17000001234"}


def test_a_transfer_moves_the_account_to_the_new_customer(window_clerk, hall, companies):
    acct = account(companies["SUPPLY"])
    before = acct.customer
    app = through(receive(window_clerk, "TRANSFER", hall, account=acct, details=NEW_OWNER), window_clerk)
    acct.refresh_from_db()
    assert acct.customer != before
    assert (acct.customer.name, acct.customer.identity) == ("林思远", "330499198805050017")
    assert app.customer == acct.customer and app.result["previous_customer"] == before.pk


def test_a_transfer_records_the_final_read(window_clerk, hall, companies):
    acct = account(companies["SUPPLY"])
    reading(acct, date(2026, 10, 25), 120)
    app = receive(window_clerk, "TRANSFER", hall, account=acct, details=NEW_OWNER)
    through(app, window_clerk, details={"final_read": 131})
    final = MeterReading.objects.get(account=acct, read_on=date(2026, 11, 27))
    assert (final.value, final.consumption) == (131, 11)


def test_a_new_use_type_on_transfer_waits_for_next_month(window_clerk, hall, companies):
    acct = account(companies["SUPPLY"])
    details = {**NEW_OWNER, "new_use_type": UseType.NON_RESIDENTIAL}
    through(receive(window_clerk, "TRANSFER", hall, account=acct, details=details), window_clerk)
    acct.refresh_from_db()
    assert acct.use_type == UseType.RESIDENTIAL
    assert (acct.pending_use_type, acct.pending_from) == (UseType.NON_RESIDENTIAL, date(2026, 12, 1))
