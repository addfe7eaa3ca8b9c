"""Meter reads: order, negative consumption, roll-over, estimates, imports, and masking of identities."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from shuiwu.customers import services
from shuiwu.customers.choices import ReadingKind, ReadingSource
from shuiwu.customers.models import MeterReading, mask_identity
from shuiwu.customers.tests import factories as f
from shuiwu.org.choices import Role


@pytest.fixture
def acct(companies):
    return f.account(companies["SUPPLY"])


def test_a_read_below_the_last_is_refused_with_the_reason(acct):
    f.read(acct, date(2026, 1, 25), 50)
    with pytest.raises(ValidationError) as caught:
        f.read(acct, date(2026, 2, 25), 40)
    assert "value" in caught.value.message_dict


def test_dials_that_roll_over_are_counted_on(acct):
    meter = f.meter(acct)
    f.read(acct, date(2026, 1, 25), 99_990)
    reading = services.record_reading(meter, date(2026, 2, 25), 12)
    assert (reading.consumption, reading.rollover) == (22, True)


def test_a_read_must_be_later_than_the_last(acct):
    f.read(acct, date(2026, 1, 25), 50)
    with pytest.raises(ValidationError) as caught:
        f.read(acct, date(2026, 1, 20), 60)
    assert "read_on" in caught.value.message_dict


def test_no_access_and_a_faulty_meter_are_estimated_from_the_average(acct, companies):
    last = f.monthly_reads(acct, 2025, [10, 12, 14, 16, 10, 12, 14, 16, 10, 12, 14, 16])
    for month in range(1, 13):
        f.bill_period(companies["SUPPLY"], f"2025-{month:02d}")
    reading = services.record_reading(f.meter(acct), date(2026, 1, 25), kind=ReadingKind.METER_FAULT)
    assert reading.consumption == 13  # 156 m³ over 12 months
    assert reading.value == last + 13
    no_access = services.record_reading(f.meter(acct), date(2026, 2, 25), kind=ReadingKind.NO_ACCESS)
    assert no_access.kind == ReadingKind.NO_ACCESS and no_access.consumption == 13


def test_an_import_with_a_bad_row_writes_nothing(acct):
    rows = [
        {"meter": f.meter(acct).serial, "read_on": "2026-01-25", "value": "30"},
        {"meter": f.meter(acct).serial, "read_on": "2026-02-25", "value": "twenty"},
    ]
    result = services.import_readings(rows)
    assert result["written"] == 0
    assert [(e["line"], e["field"]) for e in result["errors"]] == [(2, "value")]
    assert not MeterReading.objects.exists()
    result = services.import_readings(rows, skip_invalid=True)
    assert result["written"] == 1


def test_an_amr_import_keeps_a_falling_read_for_the_billing_run(acct):
    f.read(acct, date(2026, 1, 25), 50)
    result = services.import_readings(
        [{"account": acct.number, "read_on": "2026-02-25", "value": 45}], source=ReadingSource.AMR
    )
    assert result == {"written": 1, "errors": []}
    assert MeterReading.objects.get(read_on=date(2026, 2, 25)).consumption == -5


def test_identities_are_masked_for_roles_that_do_not_need_them(acct, companies):
    from shuiwu.core.testkit import make_persona

    clerk = make_persona("window-1", companies["SUPPLY"], Role.WINDOW_CLERK)
    viewer = make_persona("viewer-1", companies["SUPPLY"], Role.READ_ONLY)
    customer = acct.customer
    assert customer.identity_for(clerk) == "110101199003070011"
    assert customer.identity_for(viewer) == "110*************11"
    assert mask_identity("91330482MA2B12345X") == "913*************5X"
