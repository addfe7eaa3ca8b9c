"""The hydraulics API: scenarios (reusable API cases), a run through its job, isolation, fire flow."""

import pytest

from shuiwu.core.testkit import APIViewTests
from shuiwu.hydraulics import services
from shuiwu.hydraulics.models import Scenario


class TestScenarioAPI(APIViewTests):
    list_url = "/api/hydraulics/scenarios/"
    update_payload = {"demand_factor": 1.2}
    writer = "supply_engineer"
    outsider = "sewage_engineer"

    def make(self, companies, company_code="SUPPLY"):
        return Scenario.objects.create(
            company=companies[company_code], name=f"S{Scenario.objects.count()}", kind="base_day"
        )

    def create_payload(self, companies):
        return {"name": "高峰", "kind": "summer_peak", "demand_factor": 1.3}


@pytest.fixture
def sewage_engineer(companies):
    from shuiwu.core.testkit import make_persona
    from shuiwu.org.choices import Role

    return make_persona("sam-engineer", companies["SEWAGE"], Role.NETWORK_ENGINEER)


@pytest.mark.django_db
def test_bad_scenarios_are_400_with_the_field(api, supply_engineer):
    client = api(supply_engineer)
    bad = client.post("/api/hydraulics/scenarios/", {"name": "x", "kind": "fire_flow"}, format="json")
    assert bad.status_code == 400 and "fire_node" in bad.json()
    bad = client.post(
        "/api/hydraulics/scenarios/", {"name": "x", "kind": "base_day", "demand_factor": 0}, format="json"
    )
    assert bad.status_code == 400 and "demand_factor" in bad.json()
    bad = client.post(
        "/api/hydraulics/scenarios/", {"name": "x", "kind": "closure", "closed_links": "P1"}, format="json"
    )
    assert bad.status_code == 400 and "closed_links" in bad.json()


@pytest.mark.django_db
def test_a_run_through_the_api(api, supply_engineer, net3_register, django_capture_on_commit_callbacks):
    client = api(supply_engineer)
    assert client.post("/api/hydraulics/models/snapshot/").status_code == 201
    scenario = client.post(
        "/api/hydraulics/scenarios/",
        {"name": "高峰", "kind": "summer_peak", "demand_factor": 1.3, "duration_h": 4},
        format="json",
    ).json()
    with django_capture_on_commit_callbacks(execute=True):
        started = client.post(f"/api/hydraulics/scenarios/{scenario['id']}/run/")
    assert started.status_code == 202
    run = client.get(f"/api/hydraulics/runs/{started.json()['id']}/").json()
    assert run["status"] == "done" and run["progress"] == 1
    service = client.get(f"/api/hydraulics/runs/{run['id']}/service/").json()
    assert service["nodes"] and "groups" in service
    node = service["nodes"][0]["node"]
    series = client.get(f"/api/hydraulics/runs/{run['id']}/series/", {"node": node}).json()
    assert len(series["pressure_m"]) == 17


@pytest.mark.django_db
def test_fire_flow_and_isolation_answer_or_explain(api, supply_engineer, net3_register):
    client = api(supply_engineer)
    client.post("/api/hydraulics/models/snapshot/")
    flow = client.post("/api/hydraulics/fire-flow/", {"node": "121"}, format="json")
    assert flow.status_code == 200 and flow.json()["available_lps"] > 0
    assert client.post("/api/hydraulics/fire-flow/", {"node": "nope"}, format="json").status_code == 400
    assert client.post("/api/hydraulics/fire-flow/", {}, format="json").status_code == 400
    assert client.post("/api/hydraulics/isolate/", {}, format="json").status_code == 400
    assert client.post("/api/hydraulics/isolate/", {"pipe": "nope"}, format="json").status_code == 404
    found = client.post("/api/hydraulics/isolate/", {"pipe": "101"}, format="json")
    assert found.status_code == 200 and found.json()["pipes"]


@pytest.mark.django_db
def test_hydraulic_figures(api, group_manager):
    body = api(group_manager).get("/api/hydraulics/summary/", {"start": "2026-01-01", "end": "2026-12-31"})
    assert body.status_code == 200 and body.json()["runs"] == 0
    assert services.latest_model() is None


@pytest.mark.django_db
def test_an_inp_file_becomes_a_model_version_and_a_bad_one_is_refused(api, supply_engineer):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from shuiwu.hydraulics.tests.conftest import NET3

    client = api(supply_engineer)
    good = SimpleUploadedFile("Net3.inp", NET3.read_bytes())
    made = client.post("/api/hydraulics/models/upload/", {"file": good, "name": "Net3"}, format="multipart")
    assert made.status_code == 201 and made.json()["source"] == "inp" and made.json()["version"] == 1
    broken = SimpleUploadedFile("bad.inp", b"[PIPES]\nP1 NOPE NADA 100 200 100 0 Open\n[END]\n")
    refused = client.post("/api/hydraulics/models/upload/", {"file": broken}, format="multipart")
    assert refused.status_code == 400 and "file" in refused.json()


@pytest.mark.django_db
def test_isolation_checks_the_rest_of_the_network(api, supply_engineer, net3_register):
    client = api(supply_engineer)
    client.post("/api/hydraulics/models/snapshot/")
    found = client.post("/api/hydraulics/isolate/", {"pipe": "101"}, format="json").json()
    assert "error" not in found["check"] and found["check"]["nodes_below_minimum"] >= 0
