"""The customers API: customers, accounts and reading books (the reusable API cases), identity masking by role,
account filters."""

from datetime import date
from itertools import count

from shuiwu.assets.choices import Kind
from shuiwu.assets.tests.factories import AssetFactory, DMAFactory
from shuiwu.core.testkit import APIViewTests
from shuiwu.customers.models import Account, Customer, ReadingBook
from shuiwu.customers.tests.pagekit import (  # noqa: F401 (fixtures)
    IDENTITY,
    billing_manager,
    make_account,
    sewage_viewer,
    town,
)

_n = count(1)


def _customer(company, **fields):
    n = next(_n)
    return Customer.objects.create(
        company=company, number=fields.pop("number", f"AC{n:05d}"), name=f"客户{n}", identity=IDENTITY, **fields
    )


class TestCustomerAPI(APIViewTests):
    outsider = "sewage_viewer"
    list_url = "/api/customers/customers/"
    update_payload = {"phone": "13900000000"}

    def make(self, companies, company_code="SUPPLY"):
        return _customer(companies[company_code])

    def create_payload(self, companies):
        return {"company": companies["SUPPLY"].pk, "number": "NEW-C1", "name": "王五", "identity": IDENTITY}


class TestAccountAPI(APIViewTests):
    outsider = "sewage_viewer"
    list_url = "/api/customers/accounts/"
    update_payload = {"address": "新地址 1 号"}
    deletable = False

    def make(self, companies, company_code="SUPPLY"):
        customer = _customer(companies[company_code])
        return Account.objects.create(
            company=companies[company_code],
            number=f"AA{next(_n):05d}",
            customer=customer,
            opened_on=date(2024, 1, 1),
        )

    def create_payload(self, companies):
        customer = _customer(companies["SUPPLY"])
        return {
            "company": companies["SUPPLY"].pk,
            "number": "NEW-A1",
            "customer": customer.pk,
            "use_type": "residential",
            "household_size": 3,
            "opened_on": "2025-01-01",
        }


class TestReadingBookAPI(APIViewTests):
    outsider = "sewage_viewer"
    list_url = "/api/customers/reading-books/"
    update_payload = {"name": "新册"}

    def make(self, companies, company_code="SUPPLY"):
        return ReadingBook.objects.create(company=companies[company_code], code=f"RB{next(_n)}", name="册")

    def create_payload(self, companies):
        return {"company": companies["SUPPLY"].pk, "code": "NEW-B", "name": "新册", "cycle_months": 2}


def test_a_viewer_sees_the_id_number_masked(api, companies, supply_viewer):
    customer = _customer(companies["SUPPLY"])
    body = api(supply_viewer).get(f"/api/customers/customers/{customer.pk}/").json()
    assert body["identity"] == "110*************34"
    assert body["identity_masked"] is True


def test_the_billing_manager_sees_the_id_number_in_full(api, companies, billing_manager):  # noqa: F811
    customer = _customer(companies["SUPPLY"])
    body = api(billing_manager).get(f"/api/customers/customers/{customer.pk}/").json()
    assert body["identity"] == IDENTITY
    assert body["identity_masked"] is False


def test_a_viewer_sees_it_masked_in_the_list_too(api, companies, supply_viewer):
    _customer(companies["SUPPLY"])
    rows = api(supply_viewer).get("/api/customers/customers/").json()["results"]
    assert rows and all(r["identity"].startswith("110***") and IDENTITY not in r["identity"] for r in rows)


def test_customers_cannot_be_ordered_by_id_number(api, companies, supply_viewer):
    _customer(companies["SUPPLY"])
    _customer(companies["SUPPLY"])
    response = api(supply_viewer).get("/api/customers/customers/?ordering=identity")
    # An unknown ordering is ignored: the list comes in its default order, not by ID number.
    assert response.status_code == 200
    assert [r["number"] for r in response.json()["results"]] == sorted(r["number"] for r in response.json()["results"])


def test_an_account_with_a_bad_household_size_is_a_400_on_that_field(api, companies, billing_manager):  # noqa: F811
    customer = _customer(companies["SUPPLY"])
    response = api(billing_manager).post(
        "/api/customers/accounts/",
        {"number": "BAD-1", "customer": customer.pk, "household_size": 0, "opened_on": "2025-01-01"},
        format="json",
    )
    assert response.status_code == 400
    assert "household_size" in response.json()


def test_accounts_filter_by_relief_and_search(api, billing_manager, town):  # noqa: F811
    client = api(billing_manager)
    relieved = client.get("/api/customers/accounts/?relief=true").json()["results"]
    assert [r["number"] for r in relieved] == [town.shop.number]
    assert relieved[0]["relief"] is True
    found = client.get("/api/customers/accounts/", {"q": "张三"}).json()["results"]
    assert [r["number"] for r in found] == [town.household.number]
    by_phone = client.get("/api/customers/accounts/", {"q": town.shop.customer.phone}).json()["results"]
    assert [r["number"] for r in by_phone] == [town.shop.number]


def test_accounts_filter_by_the_service_points_dma(api, companies, billing_manager):  # noqa: F811
    company = companies["SUPPLY"]
    dma = DMAFactory(company=company)
    point = AssetFactory(company=company, kind=Kind.SERVICE_POINT, code="SP-1", dma=dma)
    book = ReadingBook.objects.create(company=company, code="DMA-B", name="册")
    inside = make_account(company, book, "D0001", name="甲")
    inside.service_point = point
    inside.save()
    make_account(company, book, "D0002", name="乙")
    rows = api(billing_manager).get(f"/api/customers/accounts/?dma_id={dma.pk}").json()["results"]
    assert [r["number"] for r in rows] == ["D0001"]
    assert rows[0]["dma"] == dma.pk


def test_money_is_a_decimal_string(api, billing_manager, town):  # noqa: F811
    row = api(billing_manager).get(f"/api/customers/accounts/{town.household.pk}/").json()
    assert isinstance(row["balance"], str) and row["balance"] == "0.00"
