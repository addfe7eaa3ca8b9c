"""Training hours per employee and emergency-readiness hours, by hand; company scope of the figures."""

from datetime import date
from decimal import Decimal

import pytest

from shuiwu.people import services
from shuiwu.people.choices import EntryRole, TrainingCategory
from shuiwu.people.models import ActivityEntry, VolunteerService, VolunteerTeam
from shuiwu.people.tests.factories import activity, person, training

QUERY = {"start": "2026-01-01", "end": "2026-06-30"}


@pytest.fixture
def year(companies, supply_manager):
    supply = companies["SUPPLY"]
    # SUPPLY has 4 active staff: the manager persona and three more (plus one who left: not counted)
    a, b, c = person(supply), person(supply), person(supply)
    person(supply, active=False)
    safety = training(supply, hours="8")
    drill = training(supply, hours="4", category=TrainingCategory.EMERGENCY)
    group_course = training(companies["GROUP"], hours="12", start=date(2026, 6, 1), end=date(2026, 6, 2))
    services.record_attendance(
        safety, [{"staff": a, "status": "present"}, {"staff": b, "status": "partial", "hours": Decimal("4")}], user=None
    )
    services.record_attendance(drill, [{"staff": a, "status": "present"}, {"staff": c, "status": "absent"}], user=None)
    services.record_attendance(group_course, [{"staff": c, "status": "present"}], user=None)
    sewage = person(companies["SEWAGE"])
    services.record_attendance(training(companies["SEWAGE"]), [{"staff": sewage, "status": "present"}], user=None)
    contest = activity(supply)
    for rank, who in enumerate((a, b), start=1):
        ActivityEntry.objects.create(activity=contest, staff=who, role=EntryRole.CONTESTANT, rank=rank)
    team = VolunteerTeam.objects.create(company=supply, name="退役军人志愿服务队", kind="veterans")
    team.members.set([a, b])
    service = VolunteerService.objects.create(team=team, on_date=date(2026, 4, 5), title="社区送水", hours=Decimal("3"))
    service.participants.set([a, b])
    return {"a": a, "b": b, "c": c}


def test_hours_by_hand(year, companies):
    figures = services.summary(companies["SUPPLY"], date(2026, 1, 1), date(2026, 6, 30))
    # a: 8 + 4, b: 4, c: 12 (the group's course counts for c's company); 28 h over 4 active staff
    assert figures["training_hours"] == 28.0
    assert figures["headcount"] == 4
    assert figures["training_hours_per_employee"] == 7.0
    assert figures["emergency_readiness_training_hours"] == 4.0
    assert figures["emergency_readiness_hours_per_employee"] == 1.0
    assert figures["participants"] == 3 and figures["attendances"] == 4
    assert figures["attendance_percent"] == 80.0  # 4 present of 5 marked
    assert figures["trainings"] == 2 and figures["contests"] == 1 and figures["activity_participants"] == 2
    assert figures["volunteer_hours"] == 6.0


def test_a_person_s_history(year):
    history = services.person_history(year["a"])
    assert history.training_hours == 12 and history.emergency_hours == 4 and history.volunteer_hours == 3
    assert [e.rank for e in history.activities] == [1]


def test_the_summary_api_keeps_to_the_company(api, year, supply_viewer, group_manager):
    supply = api(supply_viewer).get("/api/people/summary/", QUERY).json()
    assert supply["training_hours"] == 28.0
    assert api(supply_viewer).get("/api/people/summary/", {**QUERY, "company": "SEWAGE"}).status_code == 403
    everyone = api(group_manager).get("/api/people/summary/", QUERY).json()
    assert everyone["training_hours"] == 36.0


def test_the_history_api_keeps_to_the_company(api, year, supply_viewer, sewage_manager):
    url = f"/api/people/people/{year['a'].pk}/history/"
    body = api(supply_viewer).get(url).json()
    assert body["training_hours"] == 12.0 and len(body["activities"]) == 1
    assert api(sewage_manager).get(url).status_code == 404
