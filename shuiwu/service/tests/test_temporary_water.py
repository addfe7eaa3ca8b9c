"""Temporary water opens an account that supplies until its end date."""

from datetime import date

from shuiwu.customers.choices import UseType
from shuiwu.customers.models import Account
from shuiwu.service.tests.factories import receive, through


def test_temporary_water_opens_an_account_until_its_end(window_clerk, hall):
    details = {"customer_name": "某工地", "customer_kind": "organisation", "address": "长安路1号"}
    details["until"] = "2027-03-31"
    app = through(receive(window_clerk, "TEMPORARY", hall, details=details), window_clerk)
    account = Account.objects.get(pk=app.result["account"])
    assert account.temporary_until == date(2027, 3, 31)
    assert account.use_type == UseType.NON_RESIDENTIAL
    assert account.meters.count() == 1
