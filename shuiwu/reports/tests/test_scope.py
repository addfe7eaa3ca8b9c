"""Company scope: a sewage manager's scorecard holds sewage figures only."""

import pytest

from shuiwu.reports import services
from shuiwu.reports.tests.conftest import H1
from shuiwu.reports.tests.factories import at, repair

pytestmark = pytest.mark.django_db


def test_a_sewage_manager_sees_sewage_only(companies, group_manager, sewage_manager):
    repair(group_manager, companies["SUPPLY"], at(2026, 2, 1), 3)
    repair(group_manager, companies["SEWAGE"], at(2026, 2, 1), 2)
    card = services.scorecard(*H1, user=sewage_manager)
    assert [u["code"] for u in card["units"]] == ["SEWAGE"]
    rows = {r["code"]: r for s in card["units"][0]["sections"] for r in s["rows"]}
    assert rows["repairs"]["value"] == 1
    assert rows["repair_person_trips"]["value"] == 2


def test_a_sewage_manager_cannot_ask_for_supply(companies, sewage_manager, api):
    response = api(sewage_manager).get("/api/reports/scorecard/", {"period": "2026H1", "company": "SUPPLY"})
    assert response.status_code == 403


def test_a_sewage_manager_page_lists_only_sewage(companies, sewage_manager, client):
    client.force_login(sewage_manager)
    response = client.get("/reports/scorecard/", {"period": "2026H1"})
    assert response.status_code == 200
    codes = [u["code"] for u in response.context["card"]["units"]]
    assert codes == ["SEWAGE"]


def test_the_group_sees_the_group_and_each_company(companies, group_manager):
    codes = [u["code"] for u in services.scorecard(*H1, user=group_manager)["units"]]
    assert codes[0] == "GROUP" and {"SUPPLY", "PROD", "RAW", "SEWAGE", "INSTALL"} <= set(codes)


def test_reports_kept_for_the_group_are_hidden_from_a_company(companies, sewage_manager, api):
    made = services.produce("half_year", *H1)
    own = services.produce("half_year", *H1, company=companies["SEWAGE"])
    ids = [row["id"] for row in api(sewage_manager).get("/api/reports/reports/").json()["results"]]
    assert own.pk in ids and made.pk not in ids
    assert api(sewage_manager).get(f"/api/reports/reports/{made.pk}/download/pdf/").status_code == 404
