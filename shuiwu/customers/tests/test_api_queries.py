"""The customers API lists do not query once per row."""

import pytest

from shuiwu.core.testkit import count_queries
from shuiwu.customers import services
from shuiwu.customers.tests.pagekit import billing_manager, build_town, town  # noqa: F401 (fixtures)

LISTS = [
    "/api/customers/meters/",
    "/api/customers/readings/",
    "/api/customers/billing-runs/",
    "/api/customers/bills/",
    "/api/customers/payments/",
    "/api/customers/arrears/",
    "/api/customers/notices/",
    "/api/customers/relief-policies/",
    "/api/customers/tariffs/",
]


@pytest.mark.parametrize("url", LISTS)
def test_a_list_costs_the_same_queries_for_more_rows(api, billing_manager, town, url):  # noqa: F811
    client = api(billing_manager)
    services.take_payment(town.household, "5.00", "cash")
    client.get(url)  # warm caches
    few = count_queries(lambda: client.get(url))
    more = build_town(town.company, prefix="B")
    services.take_payment(more.household, "5.00", "cash")
    services.take_payment(more.shop, "5.00", "card")
    services.send_notices(town.company)
    many = count_queries(lambda: client.get(url))
    assert many <= few + 1, f"{url}: {few} queries, then {many}"
