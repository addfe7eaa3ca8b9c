"""Closing an account: the meters come off, the account is closed, the final read is recorded."""

from datetime import date

from shuiwu.customers.choices import AccountStatus, MeterStatus
from shuiwu.customers.models import MeterReading
from shuiwu.service.tests.factories import FRIDAY, account, reading, receive, through


def test_a_closure_closes_the_account_and_removes_its_meter(window_clerk, hall, companies):
    acct = account(companies["SUPPLY"])
    reading(acct, date(2026, 10, 25), 300)
    through(receive(window_clerk, "CLOSURE", hall, account=acct), window_clerk, details={"final_read": 307})
    acct.refresh_from_db()
    assert (acct.status, acct.closed_on) == (AccountStatus.CLOSED, FRIDAY)
    meter = acct.meters.get()
    assert (meter.status, meter.removed_on) == (MeterStatus.REMOVED, FRIDAY)
    assert MeterReading.objects.get(meter=meter, read_on=FRIDAY).consumption == 7
