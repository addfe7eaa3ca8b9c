"""The counter: find the account, see what it owes, take the money, print the receipt; reverse it."""

from decimal import Decimal

from django.urls import reverse

from shuiwu.customers import services
from shuiwu.customers.models import Payment
from shuiwu.customers.tests.pagekit import billing_manager, town, window_clerk  # noqa: F401 (fixtures)


def test_the_live_search_finds_by_name_phone_and_number(client, window_clerk, town):  # noqa: F811
    client.force_login(window_clerk)
    url = reverse("customers:counter_search")
    for text in ("张三", town.household.customer.phone, town.household.number):
        page = client.get(url, {"q": text}, HTTP_HX_REQUEST="true").content.decode()
        assert reverse("customers:counter_account", args=[town.household.pk]) in page, text
        assert "<html" not in page


def test_the_counter_offers_the_total_owed(client, window_clerk, town):  # noqa: F811
    client.force_login(window_clerk)
    total = sum((i["total"] for i in services.owed(town.household)), Decimal("0"))
    page = client.get(reverse("customers:counter_account", args=[town.household.pk])).content.decode()
    assert f'value="{total}"' in page
    for bill in town.bills(town.household):
        assert bill.number in page


def test_taking_money_at_the_counter_prints_a_receipt(client, window_clerk, town):  # noqa: F811
    client.force_login(window_clerk)
    oldest = town.bills(town.household)[0]
    response = client.post(
        reverse("customers:counter_account", args=[town.household.pk]), {"method": "wechat", "amount": "20.00"}
    )
    payment = Payment.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("customers:payment_receipt", args=[payment.pk])
    assert payment.method == "wechat" and payment.received_by == window_clerk
    assert payment.allocations.get().bill == oldest
    receipt = client.get(response["Location"]).content.decode()
    assert payment.number in receipt and oldest.number in receipt


def test_a_bad_amount_stays_on_the_counter_with_the_error(client, window_clerk, town):  # noqa: F811
    client.force_login(window_clerk)
    response = client.post(
        reverse("customers:counter_account", args=[town.household.pk]), {"method": "cash", "amount": "-3"}
    )
    assert response.status_code == 200
    assert response.context["form"].errors["amount"]
    assert not Payment.objects.exists()


def test_a_reader_cannot_use_the_counter(client, supply_viewer, town):  # noqa: F811
    client.force_login(supply_viewer)
    assert client.get(reverse("customers:counter")).status_code == 403
    response = client.post(
        reverse("customers:counter_account", args=[town.household.pk]), {"method": "cash", "amount": "5.00"}
    )
    assert response.status_code == 403
    assert not Payment.objects.exists()


def test_the_billing_manager_reverses_a_payment_with_a_reason(client, billing_manager, town):  # noqa: F811
    payment = services.take_payment(town.household, "20.00", "cash")
    client.force_login(billing_manager)
    url = reverse("customers:payment_reverse", args=[payment.pk])
    client.post(url, {"reason": ""})
    payment.refresh_from_db()
    assert payment.status == "ok"
    client.post(url, {"reason": "误收"})
    payment.refresh_from_db()
    assert payment.status == "reversed" and payment.reversal_reason == "误收"


def test_a_reader_cannot_reverse(client, supply_viewer, town):  # noqa: F811
    payment = services.take_payment(town.household, "20.00", "cash")
    client.force_login(supply_viewer)
    client.post(reverse("customers:payment_reverse", args=[payment.pk]), {"reason": "x"})
    payment.refresh_from_db()
    assert payment.status == "ok"
