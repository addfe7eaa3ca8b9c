"""The people API: reusable cases for trainings, activities, volunteer teams; bad dates are a 400."""

from shuiwu.core.testkit import APIViewTests
from shuiwu.people.models import Training, VolunteerTeam
from shuiwu.people.tests.factories import activity, training


class TestTrainingAPI(APIViewTests):
    list_url = "/api/people/trainings/"
    update_payload = {"topic": "防汛抢险技能培训"}
    outsider = "sewage_manager"

    def make(self, companies, company_code="SUPPLY"):
        return training(companies[company_code])

    def create_payload(self, companies):
        return {
            "company": companies["SUPPLY"].pk,
            "topic": "党务工会干部培训",
            "category": "party_union",
            "organiser": "集团党群工作部",
            "start_on": "2026-05-06",
            "end_on": "2026-05-07",
            "hours": "12",
        }


class TestActivityAPI(APIViewTests):
    list_url = "/api/people/activities/"
    update_payload = {"title": "演讲比赛（决赛）"}
    outsider = "sewage_manager"

    def make(self, companies, company_code="SUPPLY"):
        return activity(companies[company_code])

    def create_payload(self, companies):
        return {"company": companies["SUPPLY"].pk, "title": "演讲比赛", "kind": "contest", "start_on": "2026-05-20"}


class TestVolunteerTeamAPI(APIViewTests):
    list_url = "/api/people/volunteer-teams/"
    update_payload = {"name": "退役军人志愿服务队（二）"}
    outsider = "sewage_manager"

    def make(self, companies, company_code="SUPPLY"):
        return VolunteerTeam.objects.create(company=companies[company_code], name="退役军人志愿服务队", kind="veterans")

    def create_payload(self, companies):
        return {"company": companies["SUPPLY"].pk, "name": "青年志愿服务队", "kind": "youth"}


def test_a_training_that_ends_before_it_starts_is_refused(api, supply_manager, companies):
    payload = {**TestTrainingAPI().create_payload(companies), "end_on": "2026-05-01"}
    response = api(supply_manager).post("/api/people/trainings/", payload, format="json")
    assert response.status_code == 400 and "end_on" in response.json()
    assert not Training.objects.exists()


def test_negative_hours_are_refused(api, supply_manager, companies):
    payload = {**TestTrainingAPI().create_payload(companies), "hours": "-2"}
    response = api(supply_manager).post("/api/people/trainings/", payload, format="json")
    assert response.status_code == 400 and "hours" in response.json()
