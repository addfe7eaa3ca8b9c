"""Rename, meter relocation, meter split and meter merge change the records as the application says."""

from shuiwu.customers.choices import AccountStatus, MeterStatus
from shuiwu.customers.models import Account
from shuiwu.service.tests.factories import account, receive, service_point, through


def test_a_rename_renames_the_customer(window_clerk, hall, companies):
    acct = account(companies["SUPPLY"], name="旧名字")
    through(receive(window_clerk, "RENAME", hall, account=acct, details={"new_name": "新名字"}), window_clerk)
    acct.customer.refresh_from_db()
    assert acct.customer.name == "新名字"


def test_a_relocation_moves_the_account_to_the_new_service_point(window_clerk, hall, companies):
    acct = account(companies["SUPPLY"])
    point = service_point(companies["SUPPLY"], "SP-MOVE", address="梅园路5号")
    app = receive(window_clerk, "RELOCATE", hall, account=acct, details={"new_service_point": "SP-MOVE"})
    through(app, window_clerk)
    acct.refresh_from_db()
    assert (acct.service_point, acct.address) == (point, "梅园路5号")


def test_a_split_opens_a_second_account_on_the_same_service_point(window_clerk, hall, companies):
    point = service_point(companies["SUPPLY"], "SP-SPLIT")
    acct = account(companies["SUPPLY"], service_point=point)
    app = through(receive(window_clerk, "SPLIT", hall, account=acct, details={"meter_size_mm": 15}), window_clerk)
    new = Account.objects.get(pk=app.result["new_account"])
    assert new != acct and new.service_point == point and new.customer == acct.customer
    assert new.meters.get().size_mm == 15


def test_a_merge_closes_the_other_accounts(window_clerk, hall, companies):
    kept, other = account(companies["SUPPLY"]), account(companies["SUPPLY"])
    details = {"merge_accounts": other.number}
    through(receive(window_clerk, "MERGE", hall, account=kept, details=details), window_clerk)
    other.refresh_from_db()
    kept.refresh_from_db()
    assert other.status == AccountStatus.CLOSED and other.meters.get().status == MeterStatus.REMOVED
    assert kept.status == AccountStatus.ACTIVE
