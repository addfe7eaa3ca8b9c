"""A meter change takes the old meter off (with its final read) and fits the new one."""

from datetime import date

from shuiwu.customers.choices import MeterStatus
from shuiwu.customers.models import MeterReading
from shuiwu.service.tests.factories import FRIDAY, account, reading, receive, through


def test_a_meter_change_removes_the_old_meter_and_fits_the_new(window_clerk, hall, companies):
    acct = account(companies["SUPPLY"], size_mm=20)
    old = acct.meters.get()
    reading(acct, date(2026, 10, 25), 500)
    app = receive(window_clerk, "METER-SIZE", hall, account=acct, details={"new_size_mm": 40})
    app = through(app, window_clerk, details={"old_final_read": 512, "new_serial": "BIG-40", "new_initial_read": 1})
    old.refresh_from_db()
    assert (old.status, old.removed_on) == (MeterStatus.REMOVED, FRIDAY)
    assert MeterReading.objects.get(meter=old, read_on=FRIDAY).consumption == 12
    new = acct.meters.get(status=MeterStatus.ACTIVE)
    assert (new.serial, new.size_mm, new.initial_read, new.install_date) == ("BIG-40", 40, 1, FRIDAY)
    assert app.result["removed_meters"] == [old.pk]
