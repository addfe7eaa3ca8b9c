"""Billing runs, rebills, arrears, relief, disconnections and the figures through the API."""

from django.utils import timezone

from shuiwu.customers import services
from shuiwu.customers.models import Bill, BillingRun, ReliefPolicy, Tariff
from shuiwu.customers.tests.pagekit import billing_manager, month_start, town  # noqa: F401 (fixtures)


def test_starting_a_run_bills_the_period(api, billing_manager, town, django_capture_on_commit_callbacks):  # noqa: F811
    period = services.period_of(month_start(timezone.localdate(), 1))
    meter = town.household.meters.get()
    services.record_reading(meter, month_start(timezone.localdate(), 1), 140)
    with django_capture_on_commit_callbacks(execute=True):
        response = api(billing_manager).post("/api/customers/billing-runs/", {"period": period}, format="json")
    assert response.status_code == 201, response.content
    run = api(billing_manager).get(f"/api/customers/billing-runs/{response.json()['id']}/").json()
    assert run["status"] == "done" and run["progress"] == 1.0
    assert run["bills"] == 1 and run["exceptions_count"] == 1  # the shop was not read
    exceptions = api(billing_manager).get(f"/api/customers/billing-runs/{run['id']}/exceptions/?kind=no_reading")
    assert [e["account_number"] for e in exceptions.json()["results"]] == [town.shop.number]


def test_a_bad_period_is_a_400_on_period(api, billing_manager, town):  # noqa: F811
    response = api(billing_manager).post("/api/customers/billing-runs/", {"period": "2026-13"}, format="json")
    assert response.status_code == 400 and "period" in response.json()
    assert not BillingRun.objects.filter(period="2026-13").exists()


def test_a_reader_cannot_start_a_run(api, supply_viewer, town):  # noqa: F811
    response = api(supply_viewer).post("/api/customers/billing-runs/", {"period": "2026-01"}, format="json")
    assert response.status_code == 403


def test_a_rebill_makes_the_next_revision(api, billing_manager, town):  # noqa: F811
    bill = town.bills(town.household)[0]
    client = api(billing_manager)
    assert client.post(f"/api/customers/bills/{bill.pk}/rebill/", {}, format="json").status_code == 400
    response = client.post(f"/api/customers/bills/{bill.pk}/rebill/", {"reason": "抄错"}, format="json")
    assert response.status_code == 201, response.content
    assert response.json()["revision"] == 2
    bill.refresh_from_db()
    assert bill.status == "cancelled"


def test_a_reader_cannot_rebill(api, supply_viewer, town):  # noqa: F811
    bill = town.bills(town.household)[0]
    response = api(supply_viewer).post(f"/api/customers/bills/{bill.pk}/rebill/", {"reason": "x"}, format="json")
    assert response.status_code == 403
    assert Bill.objects.get(pk=bill.pk).status != "cancelled"


def test_arrears_list_ages_and_flags_relief(api, billing_manager, town):  # noqa: F811
    body = api(billing_manager).get("/api/customers/arrears/").json()
    rows = {r["number"]: r for r in body["results"]}
    assert set(rows) == {town.household.number, town.shop.number}
    assert rows[town.shop.number]["relief"] is True and rows[town.shop.number]["blocked_by"]
    assert rows[town.household.number]["relief"] is False
    assert rows[town.household.number]["bucket"] in ("0_30", "31_90")
    assert isinstance(rows[town.household.number]["amount"], str)
    relieved = api(billing_manager).get("/api/customers/arrears/?relief=true").json()["results"]
    assert [r["number"] for r in relieved] == [town.shop.number]


def test_a_bad_bucket_is_a_400(api, billing_manager, town):  # noqa: F811
    response = api(billing_manager).get("/api/customers/arrears/?bucket=forever")
    assert response.status_code == 400 and "bucket" in response.json()


def test_a_relieved_account_cannot_be_warned(api, billing_manager, town):  # noqa: F811
    response = api(billing_manager).post(
        "/api/customers/disconnections/warn/", {"account": town.shop.pk}, format="json"
    )
    assert response.status_code == 400 and "account" in response.json()


def test_arrears_need_the_permission(api, sewage_inspector, town):  # noqa: F811
    assert api(sewage_inspector).get("/api/customers/arrears/").status_code == 403


def test_granting_a_policy_through_the_api(api, billing_manager, town):  # noqa: F811
    policy = ReliefPolicy.objects.get(code="NO-CUTOFF-2022")
    response = api(billing_manager).post(f"/api/customers/relief-policies/{policy.pk}/grant/", {}, format="json")
    assert response.status_code == 200 and response.json() == {"granted": 0}  # the town's shop already has it
    listed = api(billing_manager).get(f"/api/customers/relief-policies/{policy.pk}/").json()
    assert listed["accounts_count"] == 1


def test_a_residential_tariff_must_keep_the_price_ratio(api, billing_manager, town):  # noqa: F811
    response = api(billing_manager).post(
        "/api/customers/tariffs/",
        {
            "code": "BAD",
            "name": "坏价格",
            "use_type": "residential",
            "valid_from": "2030-01-01",
            "tiers": [{"up_to_m3": 200, "price": "3.00"}, {"up_to_m3": None, "price": "3.10"}],
        },
        format="json",
    )
    assert response.status_code == 400 and "tiers" in response.json()
    assert not Tariff.objects.filter(code="BAD").exists()


def test_the_summary_gives_billed_amounts_as_strings(api, billing_manager, town):  # noqa: F811
    today = timezone.localdate()
    response = api(billing_manager).get(
        "/api/customers/summary/", {"start": month_start(today, 12).isoformat(), "end": today.isoformat()}
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["bills"] == 4 and isinstance(body["billed_amount"], str)
    assert body["relief_accounts"] == 1


def test_the_api_root_lists_customers(api, billing_manager):  # noqa: F811
    assert "customers" in api(billing_manager).get("/api/").json()
