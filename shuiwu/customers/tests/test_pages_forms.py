"""Records edited on their pages: an account typed by customer number, a tariff's tiers as JSON, a meter."""

import json

from django.urls import reverse

from shuiwu.customers.models import Account, Meter, Tariff
from shuiwu.customers.tests.pagekit import billing_manager, town  # noqa: F401 (fixtures)


def test_an_account_is_added_by_customer_number(client, billing_manager, town):  # noqa: F811
    client.force_login(billing_manager)
    response = client.post(
        reverse("customers:account_add"),
        {
            "company": town.company.pk,
            "number": "A0100",
            "customer_number": town.household.customer.number,
            "use_type": "residential",
            "household_size": 2,
            "route_order": 5,
            "opened_on": "2026-01-01",
        },
    )
    account = Account.objects.get(number="A0100")
    assert response.status_code == 302 and response["Location"] == account.get_absolute_url()
    assert account.customer == town.household.customer


def test_an_unknown_customer_number_is_a_field_error(client, billing_manager, town):  # noqa: F811
    client.force_login(billing_manager)
    response = client.post(
        reverse("customers:account_add"),
        {
            "company": town.company.pk,
            "number": "A0101",
            "customer_number": "NOPE",
            "use_type": "residential",
            "route_order": 0,
            "opened_on": "2026-01-01",
        },
    )
    assert response.status_code == 200 and response.context["form"].errors["customer_number"]
    assert not Account.objects.filter(number="A0101").exists()


def test_a_tariff_whose_tiers_break_the_ratio_is_refused(client, billing_manager, town):  # noqa: F811
    tariff = Tariff.objects.get(code="EX-RES-2024")
    client.force_login(billing_manager)
    data = {
        "code": tariff.code,
        "name": tariff.name,
        "use_type": tariff.use_type,
        "valid_from": tariff.valid_from.isoformat(),
        "tiers": json.dumps([{"up_to_m3": 216, "price": "2.90"}, {"up_to_m3": None, "price": "3.00"}]),
        "sewage_fee": "0.95",
        "resource_fee": "0.20",
        "household_base": 4,
        "example": "on",
        "source": tariff.source,
    }
    response = client.post(reverse("customers:tariff_edit", args=[tariff.pk]), data)
    assert response.status_code == 200 and response.context["form"].errors["tiers"]
    data["tiers"] = json.dumps(
        [{"up_to_m3": 216, "price": "2.90"}, {"up_to_m3": 300, "price": "4.35"}, {"up_to_m3": None, "price": "9.00"}]
    )
    response = client.post(reverse("customers:tariff_edit", args=[tariff.pk]), data)
    assert response.status_code == 302, response.context["form"].errors
    tariff.refresh_from_db()
    assert tariff.tiers[2]["price"] == "9.00"


def test_a_meter_is_fitted_by_account_number(client, billing_manager, town):  # noqa: F811
    client.force_login(billing_manager)
    response = client.post(
        reverse("customers:meter_add"),
        {
            "serial": "NEW-M",
            "account_number": town.shop.number,
            "size_mm": 25,
            "meter_type": "amr",
            "digits": 5,
            "initial_read": 0,
            "status": "active",
        },
    )
    meter = Meter.objects.get(serial="NEW-M")
    assert response["Location"] == reverse("customers:meter_detail", args=[meter.pk])
    assert meter.account == town.shop


def test_a_relief_policy_is_added_and_checked(client, billing_manager, town):  # noqa: F811
    from shuiwu.customers.models import ReliefPolicy

    client.force_login(billing_manager)
    data = {
        "code": "HEAT-2026",
        "name": "高温减免",
        "starts_on": "2026-07-01",
        "ends_on": "2026-06-01",
        "deferral_months": 3,
        "waive_late_fees": "on",
        "no_disconnection": "on",
    }
    response = client.post(reverse("customers:reliefpolicy_add"), data)
    assert response.status_code == 200 and response.context["form"].errors["ends_on"]
    data["ends_on"] = "2026-09-30"
    response = client.post(reverse("customers:reliefpolicy_add"), data)
    policy = ReliefPolicy.objects.get(code="HEAT-2026")
    assert response["Location"] == reverse("customers:reliefpolicy_detail", args=[policy.pk])
