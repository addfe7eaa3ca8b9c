"""Company scope: a company's projects, figures and pages are its own; the group sees them all."""

import pytest

from shuiwu.projects.tests.factories import draw, project, report

pytestmark = pytest.mark.django_db

PERIOD = "start=2020-01-01&end=2100-01-01"


@pytest.fixture
def two(companies):
    own = project(companies["INSTALL"], budget="100000")
    draw(own, 200)
    report(own, 50, laid_m=100)
    other = project(companies["SEWAGE"], budget="100000", type="sewer")
    report(other, 10)
    return own, other


def test_a_company_sees_only_its_projects(api, install_manager, two):
    own, other = two
    client = api(install_manager)
    ids = [row["id"] for row in client.get("/api/projects/projects/").json()["results"]]
    assert ids == [own.pk]
    assert client.get(f"/api/projects/projects/{other.pk}/").status_code == 404
    assert (
        client.post(f"/api/projects/projects/{other.pk}/progress/", {"percent": 20}, format="json").status_code == 404
    )


def test_the_summary_counts_only_the_scope(api, install_manager, group_manager, two):
    mine = api(install_manager).get(f"/api/projects/summary/?{PERIOD}").json()
    assert mine["projects"] == 1 and mine["percent_done"] == 50.0
    everyone = api(group_manager).get(f"/api/projects/summary/?{PERIOD}").json()
    assert everyone["projects"] == 2 and everyone["percent_done"] == 30.0
    assert api(install_manager).get(f"/api/projects/summary/?company=SEWAGE&{PERIOD}").status_code == 403


def test_pages_are_scoped(client, install_manager, two):
    from shuiwu.org.tests.factories import PASSWORD

    own, other = two
    client.login(username=install_manager.username, password=PASSWORD)
    assert client.get(f"/projects/{own.pk}/").status_code == 200
    assert client.get(f"/projects/{other.pk}/").status_code == 404
    assert client.get(f"/projects/{other.pk}/features/").status_code == 404
    features = client.get("/projects/map/features/").json()["features"]
    assert {f["properties"]["project"] for f in features} == {own.pk}


def test_a_user_without_the_permission_is_refused(api, sewage_inspector, two):
    assert api(sewage_inspector).get("/api/projects/projects/").status_code == 403
    assert api(sewage_inspector).get(f"/api/projects/summary/?{PERIOD}").status_code == 403
