"""A section whose app is not installed says so instead of inventing numbers."""

import pytest

from shuiwu.reports import services
from shuiwu.reports.tests.conftest import H1

pytestmark = pytest.mark.django_db


@pytest.fixture
def no_projects(monkeypatch):
    real = services.app_available

    def available(app):
        return False if app == "projects" else real(app)

    monkeypatch.setattr(services, "app_available", available)


def test_the_section_is_not_available(no_projects, companies, group_manager):
    card = services.scorecard(*H1, user=group_manager, company=companies["INSTALL"])
    sections = {s["key"]: s for s in card["units"][0]["sections"]}
    assert sections["projects"]["available"] is False
    assert sections["projects"]["rows"] == []
    assert sections["inspections"]["available"] is True
    assert "推进工程" not in card["units"][0]["narrative"]["zh"]


def test_the_page_and_exports_still_work(no_projects, companies, group_manager, client):
    client.force_login(group_manager)
    response = client.get("/reports/scorecard/", {"period": "2026H1", "company": "INSTALL"})
    assert response.status_code == 200
    assert b'class="not-available"' in response.content
    assert client.get("/reports/scorecard/export.xlsx", {"period": "2026H1"}).status_code == 200


def test_a_failing_summary_gives_an_unavailable_section(monkeypatch, companies, group_manager):
    import shuiwu.people.services as people

    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(people, "summary", broken)
    card = services.scorecard(*H1, user=group_manager, company=companies["RAW"])
    sections = {s["key"]: s for s in card["units"][0]["sections"]}
    assert sections["people"]["available"] is False
    assert "boom" in sections["people"]["reason"]
