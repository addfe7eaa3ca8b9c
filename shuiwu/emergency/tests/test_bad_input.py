"""Bad input is a 400 naming the field, and nothing is written."""

from datetime import date

from shuiwu.emergency.models import ContingencyPlan, Drill, DrillAction, Stock
from shuiwu.emergency.tests.factories import material, plan, stock, warehouse
from shuiwu.org.models import Staff


def test_negative_stock_is_refused(api, supply_manager, companies):
    wh, item = warehouse(companies["SUPPLY"]), material()
    response = api(supply_manager).post(
        "/api/emergency/stocks/", {"warehouse": wh.pk, "material": item.pk, "quantity": "-3"}, format="json"
    )
    assert response.status_code == 400 and "quantity" in response.json()
    assert not Stock.objects.exists()


def test_a_negative_update_leaves_the_stock_as_it_was(api, supply_manager, companies):
    row = stock(warehouse(companies["SUPPLY"]), material(), 5, minimum=2)
    response = api(supply_manager).patch(f"/api/emergency/stocks/{row.pk}/", {"minimum": "-1"}, format="json")
    assert response.status_code == 400 and "minimum" in response.json()
    row.refresh_from_db()
    assert row.minimum == 2


def test_a_drill_without_a_plan_is_refused(api, supply_manager):
    for payload in (
        {"title": "爆管演练", "planned_on": "2026-05-01"},
        {"plan": None, "title": "x", "planned_on": "2026-05-01"},
    ):
        response = api(supply_manager).post("/api/emergency/drills/", payload, format="json")
        assert response.status_code == 400 and "plan" in response.json()
    assert not Drill.objects.exists()


def test_a_drill_whose_action_is_due_before_it_writes_nothing(api, supply_manager, companies):
    p = plan(companies["SUPPLY"])
    owner = Staff.objects.get(user=supply_manager)
    payload = {
        "plan": p.pk,
        "title": "主管爆管演练",
        "status": "done",
        "planned_on": "2026-05-10",
        "held_on": "2026-05-12",
        "actions": [
            {"description": "补充抢修夹", "owner": owner.pk, "due_on": "2026-06-01"},
            {"description": "修订通讯录", "owner": owner.pk, "due_on": "2026-05-01"},
        ],
    }
    response = api(supply_manager).post("/api/emergency/drills/", payload, format="json")
    assert response.status_code == 400 and "actions" in response.json()
    assert not Drill.objects.exists() and not DrillAction.objects.exists()


def test_a_held_drill_needs_its_day(api, supply_manager, companies):
    p = plan(companies["SUPPLY"])
    payload = {"plan": p.pk, "title": "演练", "status": "done", "planned_on": "2026-05-10"}
    response = api(supply_manager).post("/api/emergency/drills/", payload, format="json")
    assert response.status_code == 400 and "held_on" in response.json()


def test_a_good_drill_is_written_with_its_actions(api, supply_manager, companies):
    p = plan(companies["SUPPLY"])
    owner = Staff.objects.get(user=supply_manager)
    payload = {
        "plan": p.pk,
        "title": "主管爆管演练",
        "status": "done",
        "planned_on": "2026-05-10",
        "held_on": "2026-05-12",
        "participants": [owner.pk],
        "actions": [{"description": "补充抢修夹", "owner": owner.pk, "due_on": "2026-06-01"}],
    }
    response = api(supply_manager).post("/api/emergency/drills/", payload, format="json")
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["number"].startswith("YL-2026-") and len(body["actions"]) == 1 and body["participants"] == [owner.pk]


def test_another_companys_plan_is_not_accepted(api, supply_manager, companies):
    p = plan(companies["SEWAGE"])
    response = api(supply_manager).post(
        "/api/emergency/drills/", {"plan": p.pk, "title": "x", "planned_on": "2026-05-01"}, format="json"
    )
    assert response.status_code == 400 and "plan" in response.json()


def test_dates_out_of_order_on_a_plan_are_refused(api, supply_manager, companies):
    payload = {
        "company": companies["SUPPLY"].pk,
        "code": "FLOOD",
        "name": "防汛防台预案",
        "plan_type": "flood_typhoon",
        "effective_on": "2026-05-01",
        "review_on": "2026-04-01",
    }
    response = api(supply_manager).post("/api/emergency/plans/", payload, format="json")
    assert response.status_code == 400 and "review_on" in response.json()
    assert not ContingencyPlan.objects.exists()


def test_a_drill_held_in_the_future_is_refused(api, supply_manager, companies):
    p = plan(companies["SUPPLY"])
    future = date.today().replace(year=date.today().year + 1).isoformat()
    payload = {"plan": p.pk, "title": "x", "status": "done", "planned_on": future, "held_on": future}
    assert api(supply_manager).post("/api/emergency/drills/", payload, format="json").status_code == 400
