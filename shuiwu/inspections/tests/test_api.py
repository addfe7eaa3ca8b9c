"""The inspections API: plans (reusable API cases), a round worked through its actions, figures."""

import itertools
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from shuiwu.assets.tests.factories import lonlat
from shuiwu.core.testkit import APIViewTests
from shuiwu.inspections import services
from shuiwu.inspections.choices import PlanType
from shuiwu.inspections.models import Checklist, ChecklistItem, Round
from shuiwu.inspections.tests.factories import plan, street
from shuiwu.org.choices import TeamKind
from shuiwu.org.tests.factories import TeamFactory

_plan_numbers = itertools.count(1)


class TestPlanAPI(APIViewTests):
    list_url = "/api/inspections/plans/"
    update_payload = {"every": 2}

    def make(self, companies, company_code="SUPPLY"):
        return plan(
            companies[company_code],
            # A counter, not id(object()): a freed object's address comes back, and with it the same code.
            code=f"T{company_code}{next(_plan_numbers)}",
        )

    def create_payload(self, companies):
        team = TeamFactory(company=companies["SUPPLY"], code="NEWT", kind=TeamKind.PATROL)
        return {
            "company": companies["SUPPLY"].pk,
            "code": "NEW-PLAN",
            "name": "新计划",
            "plan_type": "hydrant_check",
            "team": team.pk,
            "checklist": Checklist.objects.get(plan_type="hydrant_check").pk,
            "every": 1,
            "unit": "weeks",
            "start_date": "2026-07-01",
        }


def test_a_plan_with_a_window_that_ends_before_it_starts_is_a_400(api, group_manager, companies):
    team = TeamFactory(company=companies["SUPPLY"], code="W", kind=TeamKind.PATROL)
    response = api(group_manager).post(
        "/api/inspections/plans/",
        {
            "company": companies["SUPPLY"].pk,
            "code": "BAD",
            "name": "x",
            "plan_type": "plant_round",
            "team": team.pk,
            "checklist": Checklist.objects.get(plan_type="plant_round").pk,
            "every": 2,
            "unit": "hours",
            "window_start": 18,
            "window_end": 6,
            "start_date": "2026-07-01",
        },
        format="json",
    )
    assert response.status_code == 400 and "window_end" in response.json()


@pytest.fixture
def worked(api, companies):
    from shuiwu.core.testkit import make_persona
    from shuiwu.org.choices import Role

    team = TeamFactory(company=companies["SUPPLY"], code="P1", kind=TeamKind.PATROL)
    user = make_persona("ivan-inspector", companies["SUPPLY"], Role.INSPECTOR, team=team)
    pipes, hydrants = street(companies["SUPPLY"])
    p = plan(companies["SUPPLY"], PlanType.HYDRANT_CHECK, checkpoints=hydrants, route=pipes, team=team)
    services.generate_rounds(date(2026, 7, 1), date(2026, 7, 1))
    return api(user), Round.objects.get(plan=p), hydrants


def test_a_round_through_the_api(worked):
    client, r, hydrants = worked
    base = f"/api/inspections/rounds/{r.pk}"
    assert client.post(f"{base}/start/", {"crew_size": 2}, format="json").json()["status"] == "in_progress"
    item = ChecklistItem.objects.get(checklist__plan_type="hydrant_check", label="栓口压力")
    response = client.post(
        f"{base}/answers/", {"asset": hydrants[0].pk, "item": item.pk, "value": "0.08"}, format="json"
    )
    assert response.status_code == 201 and response.json()["out_of_limits"] and response.json()["finding"]
    t0 = datetime(2026, 7, 1, 9, 30, tzinfo=ZoneInfo("Asia/Shanghai"))
    points = [
        {"t": (t0 + timedelta(seconds=15 * i)).isoformat(), "lon": lonlat(x, 5)[0], "lat": lonlat(x, 5)[1]}
        for i, x in enumerate(range(0, 401, 25))
    ]
    assert client.post(f"{base}/track/", {"points": points}, format="json").json() == {"accepted": 17}
    assert client.get(f"{base}/track/").json()["properties"]["points"] == 17
    bad = client.post(f"{base}/track/", {"points": [{"t": "yesterday", "lon": 1, "lat": 2}]}, format="json")
    assert bad.status_code == 400 and "points" in bad.json()
    body = client.post(f"{base}/finish/", {"note": "完成"}, format="json").json()
    assert body["status"] == "done" and float(body["coverage_percent"]) > 95
    again = client.post(f"{base}/finish/", {}, format="json")
    assert again.status_code == 409


def test_a_wrong_answer_type_is_a_400(worked):
    client, r, hydrants = worked
    item = ChecklistItem.objects.get(checklist__plan_type="hydrant_check", label="栓口压力")
    response = client.post(
        f"/api/inspections/rounds/{r.pk}/answers/",
        {"asset": hydrants[0].pk, "item": item.pk, "value": "high"},
        format="json",
    )
    assert response.status_code == 400 and "value" in response.json()


def test_summary_counts_rounds_person_trips_and_findings(worked, api, group_manager):
    client, r, hydrants = worked
    client.post(f"/api/inspections/rounds/{r.pk}/start/", {"crew_size": 3}, format="json")
    item = ChecklistItem.objects.get(checklist__plan_type="hydrant_check", label="消火栓外观完好")
    client.post(
        f"/api/inspections/rounds/{r.pk}/answers/",
        {"asset": hydrants[0].pk, "item": item.pk, "value": False},
        format="json",
    )
    client.post(f"/api/inspections/rounds/{r.pk}/finish/", {}, format="json")
    from django.utils import timezone

    body = (
        api(group_manager)
        .get(
            "/api/inspections/summary/",
            {"company": "SUPPLY", "start": "2026-07-01", "end": timezone.localdate().isoformat()},
        )
        .json()
    )
    assert body["rounds_planned"] == 1 and body["rounds_done"] == 1 and body["person_trips"] == 3
    assert body["findings_by_kind"] == {"blocked_hydrant": 1}
    assert body["by_plan_type"]["hydrant_check"]["done"] == 1
