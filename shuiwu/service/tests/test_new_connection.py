"""A new connection, when completed, makes the customer, the account on the service point and its meter."""

from datetime import date

from shuiwu.customers.choices import MeterStatus
from shuiwu.customers.models import Account
from shuiwu.service.choices import Status
from shuiwu.service.tests.factories import receive, service_point, through


def test_a_new_connection_creates_customer_account_and_meter(window_clerk, hall, companies):
    point = service_point(companies["SUPPLY"], "SP-NEW", address="新华路9号")
    app = receive(
        window_clerk,
        "NEW-RES",
        hall,
        applicant_name="陈晓东",
        details={
            "identity": "330499199001011234",
            "address": "新华路9号",
            "service_point": "SP-NEW",
            "use_type": "residential",
            "household_size": 3,
            "meter_size_mm": 15,
        },
    )
    app = through(app, window_clerk, details={"meter_serial": "NEW-0001", "initial_read": 2})
    assert app.status == Status.COMPLETED
    account = Account.objects.get(pk=app.result["account"])
    assert app.account == account and app.customer == account.customer
    assert account.customer.name == "陈晓东" and account.customer.identity == "330499199001011234"
    assert account.number.startswith("A") and account.customer.number.startswith("C")
    assert (account.service_point, account.household_size, account.opened_on) == (point, 3, date(2026, 11, 27))
    meter = account.meters.get()
    assert (meter.serial, meter.size_mm, meter.initial_read, meter.status) == ("NEW-0001", 15, 2, MeterStatus.ACTIVE)
    assert meter.install_date == date(2026, 11, 27)


def test_an_unknown_service_point_is_refused_at_receipt(window_clerk, hall):
    import pytest
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as exc:
        details = {"address": "x", "use_type": "residential", "service_point": "NO"}
        receive(window_clerk, "NEW-RES", hall, details=details)
    assert "service_point" in exc.value.message_dict
