"""The pages: dashboard (and its refresh), scorecard, catalogue, downloads; producing a report."""

import pytest

from shuiwu.reports.models import Report

pytestmark = pytest.mark.django_db


@pytest.fixture
def manager(client, group_manager):
    client.force_login(group_manager)
    return client


def test_the_dashboard_shows_tiles_and_companies(manager, companies):
    response = manager.get("/reports/")
    assert response.status_code == 200
    data = response.context["data"]
    assert data["companies"][0]["group"] and len(data["companies"]) == 6
    assert b'id="dash-companies"' in response.content
    refresh = manager.get("/reports/", HTTP_HX_REQUEST="true")
    assert refresh.status_code == 200 and b"<html" not in refresh.content


def test_the_control_room_view(manager, companies):
    assert b"dash-tv" in manager.get("/reports/?tv=1").content


def test_the_scorecard_page(manager, companies):
    response = manager.get("/reports/scorecard/", {"period": "2026H1"})
    assert response.status_code == 200
    assert response.context["card"]["label"] == "2026年上半年"
    assert b'data-kpi="repairs"' in response.content


def test_a_bad_period_is_a_400_naming_the_field(manager, companies):
    response = manager.get("/reports/scorecard/", {"start": "2026-06-30", "end": "2026-01-01"})
    assert response.status_code == 400
    assert "end" in response.context["form"].errors


def test_the_catalogue_page(manager, companies):
    response = manager.get("/reports/kpis/", {"section": "analytics"})
    assert response.status_code == 200 and b"loss_rate_bl" in response.content


def test_keeping_a_report_and_downloading_it(manager, companies):
    response = manager.post("/reports/downloads/produce/", {"period": "2026H1", "company": "SEWAGE"})
    assert response.status_code == 302
    report = Report.objects.get()
    assert report.kind == "half_year" and report.company.code == "SEWAGE"
    listing = manager.get("/reports/downloads/")
    assert listing.status_code == 200 and f"/reports/downloads/{report.pk}/pdf/".encode() in listing.content
    download = manager.get(f"/reports/downloads/{report.pk}/pdf/")
    assert download.status_code == 200 and b"".join(download.streaming_content).startswith(b"%PDF")


def test_a_crew_member_cannot_open_the_scorecard(client, companies):
    from shuiwu.core.testkit import make_persona
    from shuiwu.org.choices import Role

    client.force_login(make_persona("cc-crew", companies["SUPPLY"], Role.CREW_MEMBER))
    assert client.get("/reports/scorecard/").status_code == 403
