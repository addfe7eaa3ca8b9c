"""The reports API: catalogue, values, scorecard JSON, exports, reports kept."""

import pytest

from shuiwu.reports import services
from shuiwu.reports.tests.conftest import H1

pytestmark = pytest.mark.django_db


def test_the_catalogue_lists_kpis(api, supply_viewer):
    body = api(supply_viewer).get("/api/reports/kpis/", {"section": "quality"}).json()
    codes = [row["code"] for row in body["results"]]
    assert "composite_pass_rate" in codes and all(row["section"] == "quality" for row in body["results"])


def test_a_viewer_cannot_edit_the_catalogue(api, supply_viewer, group_manager):
    kpi = api(group_manager).get("/api/reports/kpis/", {"q": "pressure_pass_rate"}).json()["results"][0]
    assert api(supply_viewer).patch(f"/api/reports/kpis/{kpi['id']}/", {"target": "96"}).status_code == 403
    response = api(group_manager).patch(f"/api/reports/kpis/{kpi['id']}/", {"target": "96.000"}, format="json")
    assert response.status_code == 200 and response.json()["target"] == "96.000"


def test_a_bad_formula_is_refused(api, group_manager):
    response = api(group_manager).post(
        "/api/reports/kpis/",
        {"code": "bad", "name": "坏", "name_en": "bad", "section": "work", "formula": "open('/etc/passwd')"},
        format="json",
    )
    assert response.status_code == 400 and "formula" in response.json()


def test_values_for_a_period_and_company(api, group_manager, companies):
    body = api(group_manager).get("/api/reports/values/", {"period": "2026H1", "company": "SUPPLY"}).json()
    assert body["start"] == "2026-01-01" and body["end"] == "2026-06-30"
    assert {row["scope"] for row in body["results"]} == {"SUPPLY"}
    assert any(row["code"] == "pressure_pass_rate" and row["target"] == 97 for row in body["results"])


def test_the_scorecard_json(api, group_manager, companies):
    body = api(group_manager).get("/api/reports/scorecard/", {"start": "2026-01-01", "end": "2026-06-30"}).json()
    assert body["compare_start"] == "2025-01-01"
    assert body["units"][0]["group"] is True
    assert body["units"][0]["narrative"]["zh"].startswith("2026年上半年")


@pytest.mark.parametrize(
    "query, field",
    [
        ({"period": "2026H3"}, "period"),
        ({"start": "2026-06-30", "end": "2026-01-01"}, "end"),
        ({"start": "2026-01-01"}, "end"),
        ({"period": "2026H1", "company": "NOPE"}, "company"),
    ],
)
def test_bad_queries_name_the_field(api, group_manager, companies, query, field):
    response = api(group_manager).get("/api/reports/scorecard/", query)
    assert response.status_code == 400 and field in response.json()


def test_without_permission_it_is_refused(api, companies):
    from shuiwu.core.testkit import make_persona
    from shuiwu.org.choices import Role

    crew = make_persona("cc-crew", companies["SUPPLY"], Role.CREW_MEMBER)
    assert api(crew).get("/api/reports/scorecard/").status_code == 403
    assert api().get("/api/reports/scorecard/").status_code in (401, 403)


def test_export_downloads(api, group_manager, companies):
    response = api(group_manager).get("/api/reports/scorecard/export.xlsx", {"period": "2026H1"})
    assert response.status_code == 200 and response.content[:2] == b"PK"


def test_reports_kept_list_and_download(api, group_manager, companies):
    report = services.produce("half_year", *H1, company=companies["SUPPLY"])
    body = api(group_manager).get("/api/reports/reports/").json()
    row = next(r for r in body["results"] if r["id"] == report.pk)
    assert row["company"] == "SUPPLY" and row["pdf_url"].endswith(f"/api/reports/reports/{report.pk}/download/pdf/")
    response = api(group_manager).get(f"/api/reports/reports/{report.pk}/download/xlsx/")
    assert response.status_code == 200 and b"".join(response.streaming_content)[:2] == b"PK"


def test_the_dashboard_json(api, group_manager, companies):
    body = api(group_manager).get("/api/reports/dashboard/").json()
    assert body["companies"][0]["group"] is True
    assert any(tile["label"] for tile in body["tiles"])
