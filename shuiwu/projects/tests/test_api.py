"""The projects API: the reusable cases, pipes and progress through the API, the summary view."""

from datetime import timedelta

import pytest

from shuiwu.core.testkit import APIViewTests
from shuiwu.projects import services
from shuiwu.projects.models import Milestone
from shuiwu.projects.tests.factories import draw, project, report


class TestProjectAPI(APIViewTests):
    list_url = "/api/projects/projects/"
    update_payload = {"name": "新名称", "contractor": "澄湖市水务安装工程有限公司"}
    outsider = "sewage_viewer"
    deletable = False

    def make(self, companies, company_code="SUPPLY"):
        return project(companies[company_code])

    def create_payload(self, companies):
        return {
            "company": companies["SUPPLY"].pk,
            "name": "新建DN200给水管",
            "type": "new_main",
            "budget": "300000.00",
            "planned_start": "2026-04-01",
            "planned_end": "2026-06-30",
        }


class TestMilestoneAPI(APIViewTests):
    list_url = "/api/projects/milestones/"
    update_payload = {"name": "管道试压"}
    outsider = "sewage_viewer"

    def make(self, companies, company_code="SUPPLY"):
        return services.add_milestone(project(companies[company_code]), name="开工", planned_on=services.today())

    def create_payload(self, companies):
        return {"project": project(companies["SUPPLY"]).pk, "name": "通水", "planned_on": "2026-05-01"}


@pytest.mark.django_db
def test_pipes_and_progress_through_the_api(api, companies, group_manager):
    proj = project(companies["INSTALL"])
    client = api(group_manager)
    base = f"/api/projects/projects/{proj.pk}/"
    drawn = client.post(
        f"{base}pipes/", {"coordinates": [[121.015, 30.698], [121.017, 30.698]], "diameter": 300}, format="json"
    )
    assert drawn.status_code == 201, drawn.content
    assert drawn.json()["state"] == "planned" and drawn.json()["status"] == "planned"
    asset_id = drawn.json()["asset"]
    made = client.post(f"{base}progress/", {"percent": "40", "laid_pipes": [asset_id], "spent": "1000"}, format="json")
    assert made.status_code == 201, made.content
    body = client.get(base).json()
    assert body["progress_percent"] == "40.0" and body["status"] == "in_progress"
    assert body["laid_m"] == pytest.approx(drawn.json()["length_m"], abs=0.1)
    assert [p["state"] for p in client.get(f"{base}pipes/").json()] == ["laid"]
    geo = client.get(f"{base}map/").json()
    assert geo["features"][0]["properties"]["state"] == "laid"
    assert len(client.get(f"{base}progress/").json()) == 1


@pytest.mark.django_db
def test_the_summary_view(api, companies, group_manager):
    install = companies["INSTALL"]
    proj = project(install, budget="200000")
    draw(proj, 500)
    report(proj, 25, laid_m=100)
    start = (services.today() - timedelta(days=90)).isoformat()
    end = services.today().isoformat()
    response = api(group_manager).get(f"/api/projects/summary/?company=INSTALL&start={start}&end={end}")
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["projects"] == 1 and body["percent_done"] == 25.0 and body["km_laid"] == 0.1
    assert body["percent_weighting"] == "budget" and body["budget"] == "200000.00"
    bad = api(group_manager).get(f"/api/projects/summary/?start={end}&end={start}")
    assert bad.status_code == 400


@pytest.mark.django_db
def test_a_milestone_is_finished_once(companies):
    from shuiwu.core.exceptions import ConflictError

    milestone = services.add_milestone(project(companies["INSTALL"]), name="开工", planned_on=services.today())
    services.finish_milestone(milestone)
    assert Milestone.objects.get().done_on == services.today()
    with pytest.raises(ConflictError):
        services.finish_milestone(milestone)
