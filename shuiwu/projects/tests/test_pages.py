"""The pages: the portfolio with its figures, a project with its map, reports, milestones and buttons."""

import pytest

from shuiwu.org.tests.factories import PASSWORD
from shuiwu.projects.choices import Status
from shuiwu.projects.models import Project
from shuiwu.projects.tests.factories import draw, finish, project, report

pytestmark = pytest.mark.django_db


@pytest.fixture
def browser(client, install_manager):
    client.login(username=install_manager.username, password=PASSWORD)
    return client


@pytest.fixture
def site(companies):
    proj = project(companies["INSTALL"], name="城东新区DN400给水主管")
    draw(proj, 300)
    report(proj, 40, laid_m=100)
    return proj


def test_the_portfolio_shows_its_figures_chart_list_and_map(browser, site):
    response = browser.get("/projects/")
    assert response.status_code == 200
    assert response.context["figures"]["projects"] == 1 and response.context["figures"]["percent_done"] == 40.0
    content = response.content.decode()
    assert 'id="chart-progress"' in content and 'id="project-map"' in content and site.code in content
    for query in ("?q=城东", "?late=true", "?type=new_main&status=in_progress", "?sort=-progress_percent", "?page=1"):
        assert browser.get("/projects/" + query).status_code == 200
    assert len(browser.get("/projects/map/features/").json()["features"]) == 1


def test_the_project_page(browser, site):
    response = browser.get(f"/projects/{site.pk}/")
    assert response.status_code == 200
    content = response.content.decode()
    for anchor in ('id="project-map"', 'id="reports"', 'id="milestones"', 'id="diameters"', 'id="progress-form"'):
        assert anchor in content


def test_forms_on_the_project_page(browser, site):
    browser.post(f"/projects/{site.pk}/milestones/", {"name": "开工", "planned_on": "2026-01-10"})
    assert site.milestones.count() == 1
    milestone = site.milestones.get()
    browser.post(f"/projects/milestones/{milestone.pk}/done/")
    milestone.refresh_from_db()
    assert milestone.done_on is not None
    day = site.reports.get().reported_on.isoformat()
    browser.post(f"/projects/{site.pk}/progress/", {"reported_on": day, "percent": "30"})  # backwards, no reason
    site.refresh_from_db()
    assert site.progress_percent == 40 and site.reports.count() == 1
    browser.post(
        f"/projects/{site.pk}/pipes/",
        {"coordinates": "[[121.015, 30.698], [121.016, 30.699]]", "diameter": "200", "material": "PE"},
    )
    assert site.pipes.count() == 2


def test_handover_from_the_page(browser, site):
    finish(site)
    browser.post(f"/projects/{site.pk}/handover/")
    assert Project.objects.get(pk=site.pk).status == Status.HANDED_OVER


def test_a_new_project_from_the_form(browser, companies):
    response = browser.post(
        "/projects/add/",
        {
            "company": companies["INSTALL"].pk,
            "name": "泵房改造",
            "type": "booster_room",
            "budget": "80000",
            "planned_start": "2026-02-01",
            "planned_end": "2026-01-01",
        },
    )
    assert response.status_code == 200 and "planned_end" in response.context["form"].errors
    response = browser.post(
        "/projects/add/",
        {
            "company": companies["INSTALL"].pk,
            "name": "泵房改造",
            "type": "booster_room",
            "budget": "80000",
            "planned_start": "2026-02-01",
            "planned_end": "2026-05-01",
        },
    )
    assert response.status_code == 302
    assert Project.objects.get().code.startswith("GC-2026-")


def test_the_home_page_has_the_tiles(browser, site):
    response = browser.get("/")
    assert response.status_code == 200
    labels = [t["url"] for t in response.context["tiles"]]
    assert "/projects/?late=true" in labels
