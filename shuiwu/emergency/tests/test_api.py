"""The emergency API: reusable cases for plans, warehouses, stock; the period figures and company scope."""

from datetime import date

from shuiwu.core.testkit import APIViewTests
from shuiwu.emergency.choices import DrillStatus, MaterialKind
from shuiwu.emergency.models import Warehouse
from shuiwu.emergency.tests.factories import drill, material, need, plan, stock, warehouse


class TestPlanAPI(APIViewTests):
    list_url = "/api/emergency/plans/"
    outsider = "sewage_manager"
    update_payload = {"name": "主管爆管应急预案（修订）"}

    def make(self, companies, company_code="SUPPLY"):
        return plan(companies[company_code])

    def create_payload(self, companies):
        return {
            "company": companies["SUPPLY"].pk,
            "code": "BURST",
            "name": "主管爆管应急预案",
            "plan_type": "main_burst",
            "steps": ["接警", "关阀", "抢修"],
            "documents": [{"title": "通讯录", "url": ""}],
        }


class TestWarehouseAPI(APIViewTests):
    list_url = "/api/emergency/warehouses/"
    outsider = "sewage_manager"
    update_payload = {"name": "城东防汛仓库"}

    def make(self, companies, company_code="SUPPLY"):
        return warehouse(companies[company_code], f"W{Warehouse.objects.count() + 1}{company_code}")

    def create_payload(self, companies):
        return {"company": companies["SUPPLY"].pk, "code": "EAST", "name": "城东仓库"}


class TestStockAPI(APIViewTests):
    list_url = "/api/emergency/stocks/"
    outsider = "sewage_manager"
    update_payload = {"quantity": "12.00"}

    def make(self, companies, company_code="SUPPLY"):
        return stock(warehouse(companies[company_code]), material(), 10, minimum=5)

    def create_payload(self, companies):
        return {
            "warehouse": warehouse(companies["SUPPLY"]).pk,
            "material": material().pk,
            "quantity": "17",
            "minimum": "17",
        }


def test_the_stock_list_filters_what_is_below_minimum(api, supply_viewer, companies):
    wh = warehouse(companies["SUPPLY"])
    low = stock(wh, material(), 3, minimum=10)
    stock(wh, material(), 30, minimum=10)
    rows = api(supply_viewer).get("/api/emergency/stocks/?below_minimum=true").json()["results"]
    assert [r["id"] for r in rows] == [low.pk] and rows[0]["below_minimum"] is True


def test_the_plan_readiness_endpoint(api, supply_viewer, companies):
    p = plan(companies["SUPPLY"])
    pumps = material(MaterialKind.DRAINAGE_PUMP)
    need(p, pumps, 17)
    stock(warehouse(companies["SUPPLY"]), pumps, 15)
    body = api(supply_viewer).get(f"/api/emergency/plans/{p.pk}/readiness/").json()
    assert body["readiness_percent"] == 88.2 and float(body["lines"][0]["available"]) == 15.0


def test_the_summary(api, group_manager, supply_viewer, companies):
    p = plan(companies["SUPPLY"])
    pumps = material()
    need(p, pumps, 4)
    stock(warehouse(companies["SUPPLY"]), pumps, 2, minimum=4)
    drill(p, planned_on=date(2026, 3, 1), status=DrillStatus.DONE, held_on=date(2026, 3, 2))
    drill(p, planned_on=date(2026, 4, 1))
    drill(p, planned_on=date(2026, 4, 15), status=DrillStatus.CANCELLED)
    drill(plan(companies["SEWAGE"]), planned_on=date(2026, 4, 1))
    query = {"start": "2026-01-01", "end": "2026-06-30"}
    body = api(supply_viewer).get("/api/emergency/summary/", query).json()
    assert body["drills_planned"] == 2 and body["drills_held"] == 1 and body["drills_cancelled"] == 1
    assert body["drills_held_percent"] == 50.0
    assert body["readiness_percent"] == 50.0 and body["stock_below_minimum"] == 1
    everyone = api(group_manager).get("/api/emergency/summary/", query).json()
    assert everyone["drills_planned"] == 3
    sewage = api(group_manager).get("/api/emergency/summary/", {**query, "company": "SEWAGE"}).json()
    assert sewage["drills_planned"] == 1 and sewage["stock_below_minimum"] == 0


def test_the_summary_of_another_company_is_refused(api, supply_viewer):
    response = api(supply_viewer).get(
        "/api/emergency/summary/", {"company": "SEWAGE", "start": "2026-01-01", "end": "2026-06-30"}
    )
    assert response.status_code == 403


def test_the_summary_rejects_dates_out_of_order(api, supply_viewer):
    response = api(supply_viewer).get("/api/emergency/summary/", {"start": "2026-06-30", "end": "2026-01-01"})
    assert response.status_code == 400 and "end" in response.json()
