"""Payments through the API: allocation oldest first, refusals as 400 with the field, reversal, bank batches."""

from decimal import Decimal

from shuiwu.customers import services
from shuiwu.customers.models import Bill, Payment
from shuiwu.customers.tests.pagekit import billing_manager, town, window_clerk  # noqa: F401 (fixtures)

URL = "/api/customers/payments/"


def test_a_payment_pays_the_oldest_bill_first(api, window_clerk, town):  # noqa: F811
    oldest, newest = town.bills(town.household)
    owed = services.owed(town.household)
    assert owed[0]["bill"] == oldest
    amount = owed[0]["total"] + Decimal("1.00")  # the oldest bill with its late fee, and a yuan more
    response = api(window_clerk).post(
        URL, {"account": town.household.pk, "amount": str(amount), "method": "cash"}, format="json"
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["amount"] == str(amount)
    allocated = [(a["bill_number"], Decimal(a["amount"]) + Decimal(a["late_fee"])) for a in body["allocations"]]
    assert allocated[0][0] == oldest.number
    assert sum(v for _n, v in allocated) == amount
    oldest.refresh_from_db()
    newest.refresh_from_db()
    assert oldest.status == "paid"
    assert newest.status in ("part_paid", "open")


def test_an_amount_with_more_than_two_decimals_is_a_400_on_amount(api, window_clerk, town):  # noqa: F811
    response = api(window_clerk).post(
        URL, {"account": town.household.pk, "amount": "10.005", "method": "cash"}, format="json"
    )
    assert response.status_code == 400
    assert "amount" in response.json()
    assert not Payment.objects.exists()


def test_an_unknown_method_is_a_400_on_method(api, window_clerk, town):  # noqa: F811
    response = api(window_clerk).post(
        URL, {"account": town.household.pk, "amount": "10.00", "method": "balance"}, format="json"
    )
    assert response.status_code == 400 and "method" in response.json()


def test_a_reader_cannot_take_money(api, supply_viewer, town):  # noqa: F811
    response = api(supply_viewer).post(
        URL, {"account": town.household.pk, "amount": "10.00", "method": "cash"}, format="json"
    )
    assert response.status_code == 403


def test_another_companys_account_cannot_be_paid(api, companies, town):  # noqa: F811
    from shuiwu.core.testkit import make_persona
    from shuiwu.org.choices import Role

    clerk = make_persona("sue-sewage", companies["SEWAGE"], Role.WINDOW_CLERK)
    response = api(clerk).post(URL, {"account": town.household.pk, "amount": "10.00", "method": "cash"}, format="json")
    assert response.status_code == 400 and "account" in response.json()


def test_a_reversal_needs_a_reason_and_undoes_the_allocations(api, billing_manager, town):  # noqa: F811
    client = api(billing_manager)
    oldest = town.bills(town.household)[0]
    paid = client.post(URL, {"account": town.household.pk, "amount": "5.00", "method": "wechat"}, format="json").json()
    assert client.post(f"{URL}{paid['id']}/reverse/", {}, format="json").status_code == 400
    response = client.post(f"{URL}{paid['id']}/reverse/", {"reason": "退款"}, format="json")
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "reversed"
    oldest.refresh_from_db()
    assert oldest.paid == Decimal("0.00") and oldest.status == "open"


def test_a_bank_batch_is_all_or_nothing(api, billing_manager, town):  # noqa: F811
    client = api(billing_manager)
    rows = [
        {"account": town.household.number, "amount": "3.00", "reference": "BK-1", "paid_at": "2026-01-05"},
        {"account": "NO-SUCH", "amount": "3.00", "reference": "BK-2", "paid_at": "2026-01-05"},
    ]
    response = client.post(f"{URL}bank-batch/", rows, format="json")
    assert response.status_code == 400
    assert response.json()["errors"] == [
        {"line": 2, "field": "account", "reason": response.json()["errors"][0]["reason"]}
    ]
    assert not Payment.objects.exists()
    response = client.post(f"{URL}bank-batch/", rows[:1], format="json")
    assert response.status_code == 201 and response.json()["taken"] == 1
    again = client.post(f"{URL}bank-batch/", rows[:1], format="json")
    assert again.status_code == 201 and again.json()["already_loaded"] == 1
    assert Payment.objects.count() == 1


def test_a_bank_batch_as_a_csv_file(api, billing_manager, town):  # noqa: F811
    from django.core.files.uploadedfile import SimpleUploadedFile

    text = f"account,amount,reference,paid_at\n{town.shop.number},12.50,BK-9,2026-01-06\n"
    upload = SimpleUploadedFile("bank.csv", text.encode("utf-8"), content_type="text/csv")
    response = api(billing_manager).post(f"{URL}bank-batch/", {"file": upload}, format="multipart")
    assert response.status_code == 201, response.content
    assert Payment.objects.get().amount == Decimal("12.50")


def test_bills_filter_and_show_lines(api, billing_manager, town):  # noqa: F811
    client = api(billing_manager)
    rows = client.get("/api/customers/bills/", {"account_id": town.household.pk, "overdue": "true"}).json()["results"]
    assert {r["number"] for r in rows} == {b.number for b in Bill.objects.filter(account=town.household)}
    assert rows[0]["lines"] and isinstance(rows[0]["amount"], str)
