"""The repair-centre API: tickets, work orders and their transitions, outages, crews, nearby, figures."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from shuiwu.assets.tests.factories import junction, lonlat, pipe
from shuiwu.core.testkit import APIViewTests
from shuiwu.work import services
from shuiwu.work.choices import Category, State
from shuiwu.work.tests.factories import call, crew, order


class TestTicketAPI(APIViewTests):
    list_url = "/api/work/tickets/"
    update_payload = {"description": "补充：水表井冒水"}
    writer = "supply_dispatcher"
    deletable = False

    def make(self, companies, company_code="SUPPLY"):
        from shuiwu.core.testkit import make_persona
        from shuiwu.org.choices import Role

        user = (
            make_persona(f"maker-{company_code}-{self.__class__.__name__}", companies[company_code], Role.DISPATCHER)
            if not hasattr(self, f"_u{company_code}")
            else getattr(self, f"_u{company_code}")
        )
        setattr(self, f"_u{company_code}", user)
        category = Category.SEWER_BLOCKAGE if company_code == "SEWAGE" else Category.VISIBLE_LEAK
        return call(user, category=category)

    def create_payload(self, companies):
        lon, lat = lonlat(10, 10)
        return {
            "channel": "96390",
            "category": "low_pressure",
            "caller_name": "李先生",
            "caller_phone": "17000002222",
            "address": "人民路8号",
            "lon": lon,
            "lat": lat,
        }


class TestWorkOrderAPI(APIViewTests):
    list_url = "/api/work/work-orders/"
    update_payload = {"title": "人民路8号漏水"}
    writer = "supply_dispatcher"
    deletable = False

    def make(self, companies, company_code="SUPPLY"):
        from shuiwu.core.testkit import make_persona
        from shuiwu.org.choices import Role

        key = f"_u{company_code}"
        if not hasattr(self, key):
            setattr(self, key, make_persona(f"wo-{company_code}", companies[company_code], Role.DISPATCHER))
        return order(getattr(self, key), company=companies[company_code])

    def create_payload(self, companies):
        lon, lat = lonlat(0, 0)
        return {"category": "main_burst", "title": "主管爆管", "lon": lon, "lat": lat, "diameter": 300}


@pytest.fixture
def team(companies):
    return crew(companies["SUPPLY"], "R1")


def test_a_call_with_open_order_creates_both(api, hotline_operator):
    lon, lat = lonlat(0, 0)
    response = api(hotline_operator).post(
        "/api/work/tickets/",
        {
            "channel": "96390",
            "category": "no_water",
            "caller_phone": "17000003333",
            "lon": lon,
            "lat": lat,
            "open_order": True,
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["number"].startswith("RX-") and body["work_order_number"].startswith("GD-")


def test_a_call_without_any_place_is_a_400(api, hotline_operator):
    response = api(hotline_operator).post(
        "/api/work/tickets/", {"channel": "96390", "category": "no_water"}, format="json"
    )
    assert response.status_code == 400
    assert "non_field_errors" in response.json() or "__all__" in response.json()


def test_transition_through_the_api(api, supply_dispatcher, team):
    wo = order(supply_dispatcher)
    client = api(supply_dispatcher)
    response = client.post(
        f"/api/work/work-orders/{wo.pk}/transition/", {"to": "dispatched", "team": team.pk}, format="json"
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["state"] == "dispatched" and body["team"] == team.pk and "accepted" in body["allowed_transitions"]


def test_an_illegal_transition_is_a_409_with_the_reason(api, supply_dispatcher):
    wo = order(supply_dispatcher)
    response = api(supply_dispatcher).post(
        f"/api/work/work-orders/{wo.pk}/transition/", {"to": "closed"}, format="json"
    )
    assert response.status_code == 409
    body = response.json()
    assert body["state"] == "new" and "dispatched" in body["allowed"] and body["detail"]


def test_a_missing_field_is_a_400_naming_it(api, supply_dispatcher):
    wo = order(supply_dispatcher)
    response = api(supply_dispatcher).post(
        f"/api/work/work-orders/{wo.pk}/transition/", {"to": "dispatched"}, format="json"
    )
    assert response.status_code == 400 and "team" in response.json()


def test_a_stale_version_is_a_409(api, supply_dispatcher, team):
    wo = order(supply_dispatcher)
    services.transition(wo, State.DISPATCHED, user=supply_dispatcher, team=team)
    response = api(supply_dispatcher).post(
        f"/api/work/work-orders/{wo.pk}/transition/", {"to": "dispatched", "team": team.pk, "version": 0}, format="json"
    )
    assert response.status_code == 409


def test_filters_by_state_category_and_sla_breached(api, supply_dispatcher):
    from datetime import datetime
    from zoneinfo import ZoneInfo

    late = order(
        supply_dispatcher, category=Category.NO_WATER, at=datetime(2026, 1, 5, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
    )
    fresh = order(supply_dispatcher, category=Category.BILLING)
    client = api(supply_dispatcher)
    ids = [r["id"] for r in client.get("/api/work/work-orders/", {"sla_breached": "true"}).json()["results"]]
    assert late.pk in ids and fresh.pk not in ids
    ids = [r["id"] for r in client.get("/api/work/work-orders/", {"category": "billing"}).json()["results"]]
    assert ids == [fresh.pk]
    assert client.get("/api/work/work-orders/", {"state": "closed"}).json()["count"] == 0


def test_nearby_endpoint(api, supply_dispatcher):
    wo = order(supply_dispatcher, x=80)
    lon, lat = lonlat(0, 0)
    body = api(supply_dispatcher).get("/api/work/nearby/", {"lon": lon, "lat": lat}).json()
    assert [o["number"] for o in body["work_orders"]] == [wo.number]
    assert api(supply_dispatcher).get("/api/work/nearby/", {"lon": 500}).status_code == 400


def test_outage_through_the_api_with_warnings(api, supply_dispatcher, companies):
    supply = companies["SUPPLY"]
    main = pipe(supply, "P1", junction(supply, "A"), junction(supply, "B", 100, 0))
    start = timezone.now() + timedelta(hours=5)
    response = api(supply_dispatcher).post(
        "/api/work/outages/",
        {
            "kind": "planned",
            "title": "阀门更换",
            "start": start.isoformat(),
            "expected_restore": (start + timedelta(hours=4)).isoformat(),
            "pipes": [main.pk],
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    assert response.json()["warnings"]  # less than 24 h notice
    early = api(supply_dispatcher).post(f"/api/work/outages/{response.json()['id']}/restore/")
    assert early.status_code == 409  # it has not started yet
    now = timezone.now()
    burst = (
        api(supply_dispatcher)
        .post(
            "/api/work/outages/",
            {
                "title": "爆管",
                "start": now.isoformat(),
                "expected_restore": (now + timedelta(hours=4)).isoformat(),
                "pipes": [main.pk],
            },
            format="json",
        )
        .json()
    )
    assert burst["kind"] == "unplanned" and burst["status"] == "active"
    restored = api(supply_dispatcher).post(f"/api/work/outages/{burst['id']}/restore/")
    assert restored.status_code == 200, restored.content
    assert restored.json()["status"] == "restored"


def test_crew_status_by_the_crew_itself(api, crew_user, repair_team):
    lon, lat = lonlat(5, 5)
    response = api(crew_user).post(
        f"/api/work/teams/{repair_team.pk}/status/", {"on_duty": True, "lon": lon, "lat": lat}, format="json"
    )
    assert response.status_code == 200, response.content
    assert response.json()["on_duty"] is True and response.json()["lon"] == pytest.approx(lon)


def test_suggestions_put_the_nearest_team_on_duty_first(api, supply_dispatcher, companies):
    near, far = crew(companies["SUPPLY"], "NEAR"), crew(companies["SUPPLY"], "FAR")
    services.update_crew(near, on_duty=True, lon=lonlat(50, 0)[0], lat=lonlat(50, 0)[1])
    services.update_crew(far, on_duty=True, lon=lonlat(3000, 0)[0], lat=lonlat(3000, 0)[1])
    wo = order(supply_dispatcher)
    body = api(supply_dispatcher).get(f"/api/work/work-orders/{wo.pk}/suggest-teams/").json()
    assert [row["name"] for row in body][:2] == [near.name, far.name]


def test_summary_counts_calls_orders_person_trips_and_sla(api, supply_dispatcher, crew_user, repair_team):
    ticket = call(supply_dispatcher, category=Category.NO_WATER, open_order=True)
    call(supply_dispatcher, category=Category.BILLING)
    wo = ticket.work_order
    for target in (State.DISPATCHED, State.ACCEPTED, State.ON_SITE):
        wo = services.transition(
            wo, target, user=supply_dispatcher if target == State.DISPATCHED else crew_user, team=repair_team
        )
    services.transition(
        wo, State.COMPLETED, user=crew_user, completion=services.Completion(crew_size=4, excavation=False)
    )
    today = timezone.localdate()
    body = (
        api(supply_dispatcher)
        .get("/api/work/summary/", {"company": "SUPPLY", "start": today - timedelta(days=1), "end": today})
        .json()
    )
    assert body["tickets"] == 2 and body["tickets_by_category"]["no_water"] == 1
    assert body["orders_completed"] == 1 and body["person_trips"] == 4
    assert body["sla_evaluated"] == 1 and body["sla_compliance_percent"] == 100.0
    assert body["minutes_to_arrive_median"] is not None


def test_summary_refuses_bad_input_and_other_companies(api, supply_dispatcher):
    client = api(supply_dispatcher)
    assert client.get("/api/work/summary/", {"start": "2026-07-01"}).status_code == 400
    response = client.get("/api/work/summary/", {"start": "2026-07-02", "end": "2026-07-01"})
    assert response.status_code == 400 and "end" in response.json()
    assert (
        client.get(
            "/api/work/summary/", {"company": "SEWAGE", "start": date(2026, 1, 1), "end": date(2026, 6, 30)}
        ).status_code
        == 403
    )
