"""The customers pages render for the billing manager and are refused to a user without the permission."""

import pytest
from django.urls import reverse

from shuiwu.customers.models import Bill, BillingRun, Payment, ReliefPolicy, Tariff
from shuiwu.customers.tests.pagekit import billing_manager, town  # noqa: F401 (fixtures)


def _pages(town):  # noqa: F811
    bill = Bill.objects.filter(account=town.household).first()
    run = BillingRun.objects.filter(company=town.company).first()
    meter = town.household.meters.get()
    tariff = Tariff.objects.first()
    policy = ReliefPolicy.objects.first()
    return [
        reverse("customers:counter"),
        reverse("customers:counter_account", args=[town.household.pk]),
        reverse("customers:counter_search") + "?q=张",
        reverse("customers:customer_list"),
        reverse("customers:customer_detail", args=[town.household.customer_id]),
        reverse("customers:customer_add"),
        reverse("customers:customer_edit", args=[town.household.customer_id]),
        reverse("customers:account_list"),
        reverse("customers:account_list") + "?relief=true&use_type=non_residential",
        reverse("customers:account_detail", args=[town.household.pk]),
        reverse("customers:account_edit", args=[town.household.pk]),
        reverse("customers:meter_list"),
        reverse("customers:meter_detail", args=[meter.pk]),
        reverse("customers:meter_edit", args=[meter.pk]),
        reverse("customers:meterreading_list"),
        reverse("customers:reading_import"),
        reverse("customers:readingbook_list"),
        reverse("customers:readingbook_detail", args=[town.book.pk]),
        reverse("customers:tariff_list"),
        reverse("customers:tariff_detail", args=[tariff.pk]),
        reverse("customers:tariff_edit", args=[tariff.pk]),
        reverse("customers:billingrun_list"),
        reverse("customers:billingrun_add"),
        reverse("customers:billingrun_detail", args=[run.pk]),
        reverse("customers:bill_list"),
        reverse("customers:bill_list") + "?overdue=true&status=open",
        reverse("customers:bill_detail", args=[bill.pk]),
        reverse("customers:payment_list"),
        reverse("customers:arrears"),
        reverse("customers:arrears") + "?bucket=0_30&bucket=31_90&relief=true&sort=-amount",
        reverse("customers:arrearsnotice_list"),
        reverse("customers:disconnection_list"),
        reverse("customers:reliefpolicy_list"),
        reverse("customers:reliefpolicy_detail", args=[policy.pk]),
    ]


def test_every_page_renders_for_the_billing_manager(client, billing_manager, town):  # noqa: F811
    client.force_login(billing_manager)
    for url in _pages(town):
        response = client.get(url)
        assert response.status_code == 200, url


def test_the_pages_are_refused_without_the_permission(client, sewage_inspector, town):  # noqa: F811
    client.force_login(sewage_inspector)
    for url in _pages(town):
        assert client.get(url).status_code == 403, url


def test_anonymous_visitors_are_sent_to_log_in(client, town):  # noqa: F811
    response = client.get(reverse("customers:bill_list"))
    assert response.status_code == 302 and "login" in response["Location"]


def test_the_menu_and_home_tiles_show_billing(client, billing_manager, town):  # noqa: F811
    client.force_login(billing_manager)
    page = client.get("/").content.decode()
    assert reverse("customers:counter") in page  # the menu
    assert reverse("customers:account_list") + "?relief=true" in page  # a home tile


def test_a_payment_page_and_its_receipt_render(client, billing_manager, town):  # noqa: F811
    from shuiwu.customers import services

    payment = services.take_payment(town.household, "10.00", "cash")
    client.force_login(billing_manager)
    assert client.get(reverse("customers:payment_detail", args=[payment.pk])).status_code == 200
    receipt = client.get(reverse("customers:payment_receipt", args=[payment.pk]))
    assert receipt.status_code == 200 and payment.number in receipt.content.decode()
    assert Payment.objects.count() >= 1


@pytest.mark.parametrize("part", ["progress"])
def test_the_run_page_answers_its_poll_with_the_progress_alone(client, billing_manager, town, part):  # noqa: F811
    run = BillingRun.objects.filter(company=town.company).first()
    client.force_login(billing_manager)
    response = client.get(
        reverse("customers:billingrun_detail", args=[run.pk]) + f"?part={part}", HTTP_HX_REQUEST="true"
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert 'id="run-progress"' in body and "<html" not in body


LIST_PAGES = [
    "customers:customer_list",
    "customers:account_list",
    "customers:meter_list",
    "customers:meterreading_list",
    "customers:readingbook_list",
    "customers:billingrun_list",
    "customers:bill_list",
    "customers:payment_list",
    "customers:arrears",
    "customers:arrearsnotice_list",
    "customers:reliefpolicy_list",
]


@pytest.mark.parametrize("name", LIST_PAGES)
def test_a_list_page_does_not_query_per_row(client, billing_manager, town, name):  # noqa: F811
    from shuiwu.core.testkit import count_queries
    from shuiwu.customers import services
    from shuiwu.customers.tests.pagekit import build_town

    client.force_login(billing_manager)
    url = reverse(name)
    services.take_payment(town.household, "5.00", "cash")
    services.send_notices(town.company)
    client.get(url)
    few = count_queries(lambda: client.get(url))
    more = build_town(town.company, prefix="B")
    services.take_payment(more.household, "5.00", "cash")
    services.take_payment(more.shop, "5.00", "card")
    services.send_notices(town.company)
    many = count_queries(lambda: client.get(url))
    assert many <= few + 1, f"{url}: {few} queries, then {many}"
