"""The telemetry API: sensors (reusable API cases), reading batches, series, alarms, supply, figures."""

from datetime import timedelta

import pytest

from shuiwu.core.testkit import APIViewTests
from shuiwu.telemetry import ingest
from shuiwu.telemetry.models import Alarm, Reading
from shuiwu.telemetry.tests.factories import T0, records, sensor


@pytest.fixture
def sewage_operator(companies):
    from shuiwu.core.testkit import make_persona
    from shuiwu.org.choices import Role

    return make_persona("ola-operator", companies["SEWAGE"], Role.PLANT_OPERATOR)


class TestSensorAPI(APIViewTests):
    list_url = "/api/telemetry/sensors/"
    update_payload = {"valid_max": 1.2}
    writer = "supply_engineer"
    outsider = "sewage_operator"

    def make(self, companies, company_code="SUPPLY"):
        from shuiwu.telemetry.models import Sensor

        return sensor(companies[company_code], code=f"S-{company_code}-{Sensor.objects.count()}")

    def create_payload(self, companies):
        return {"code": "NEW-PT", "name": "新测点", "measure": "pressure", "role": "network", "valid_min": 0}


@pytest.fixture
def feeder(companies):
    from shuiwu.core.testkit import make_persona
    from shuiwu.org.choices import Role

    # A device gateway account: a network engineer of the supply company may send readings.
    return make_persona("gw-gateway", companies["SUPPLY"], Role.NETWORK_ENGINEER)


def test_a_batch_is_stored_and_a_resent_one_is_harmless(api, companies, feeder):
    sensor(companies["SUPPLY"])
    batch = records("P-1", [0.3, 0.31, 0.32])
    first = api(feeder).post("/api/telemetry/readings/", batch, format="json")
    assert first.status_code == 201 and first.json()["written"] == 3
    again = api(feeder).post("/api/telemetry/readings/", {"readings": batch}, format="json")
    assert again.status_code == 200 and again.json()["duplicates"] == 3
    assert Reading.objects.count() == 3


def test_a_bad_reading_rejects_the_batch_with_field_and_reason(api, companies, feeder):
    sensor(companies["SUPPLY"])
    batch = [*records("P-1", [0.3]), {"sensor": "P-1", "ts": "2026-07-01T08:30:00", "value": "n/a"}]
    response = api(feeder).post("/api/telemetry/readings/", batch, format="json")
    assert response.status_code == 400
    (error,) = response.json()["errors"]
    assert (error["index"], error["field"]) == (1, "value") and error["reason"]
    assert Reading.objects.count() == 0
    partial = api(feeder).post("/api/telemetry/readings/?partial=true", batch, format="json")
    assert partial.status_code == 201 and partial.json()["written"] == 1 and partial.json()["rejected"] == 1


def test_sensors_of_another_company_are_unknown_to_a_company_user(api, companies, feeder):
    sensor(companies["SEWAGE"], code="SW-FT", measure="sewage_flow", role="sewage")
    response = api(feeder).post("/api/telemetry/readings/", records("SW-FT", [10.0]), format="json")
    assert response.status_code == 400 and response.json()["unknown_sensors"] == {"SW-FT": 1}


def test_sending_readings_needs_the_permission(api, companies, supply_viewer):
    sensor(companies["SUPPLY"])
    assert api(supply_viewer).post("/api/telemetry/readings/", records("P-1", [0.3]), format="json").status_code == 403


def test_not_a_list_is_a_clear_400(api, companies, feeder):
    response = api(feeder).post("/api/telemetry/readings/", {"sensor": "P-1"}, format="json")
    assert response.status_code == 400 and "readings" in response.json()


def test_series_by_code_with_resolution(api, companies, supply_viewer):
    sensor(companies["SUPPLY"])
    ingest.ingest(records("P-1", [0.3] * 8))
    query = {"sensor": "P-1", "start": T0.isoformat(), "end": (T0 + timedelta(days=200)).isoformat()}
    body = api(supply_viewer).get("/api/telemetry/readings/", query).json()
    assert body["resolution"] == "day" and body["points"][0][4] == 8
    body = api(supply_viewer).get("/api/telemetry/readings/", {**query, "resolution": "raw"}).json()
    assert len(body["points"]) == 8
    bad = api(supply_viewer).get("/api/telemetry/readings/", {**query, "end": T0.isoformat()})
    assert bad.status_code == 400 and "end" in bad.json()


def test_alarms_are_listed_and_acknowledged_once(api, companies, supply_dispatcher, supply_viewer):
    sensor(companies["SUPPLY"])
    ingest.ingest(records("P-1", [0.1, 0.1]))
    alarm = Alarm.objects.get(rule__kind="low")
    listed = api(supply_viewer).get("/api/telemetry/alarms/", {"state": "open"}).json()
    assert [a["id"] for a in listed["results"]] == [alarm.pk]
    assert api(supply_viewer).post(f"/api/telemetry/alarms/{alarm.pk}/acknowledge/").status_code == 403
    ok = api(supply_dispatcher).post(f"/api/telemetry/alarms/{alarm.pk}/acknowledge/")
    assert ok.status_code == 200 and ok.json()["state"] == "acknowledged"
    assert api(supply_dispatcher).post(f"/api/telemetry/alarms/{alarm.pk}/acknowledge/").status_code == 409


def test_another_company_does_not_see_the_alarms(api, companies, sewage_operator):
    sensor(companies["SUPPLY"])
    ingest.ingest(records("P-1", [0.1, 0.1]))
    body = api(sewage_operator).get("/api/telemetry/alarms/")
    assert body.status_code == 200 and body.json()["count"] == 0


def test_alarm_rules_are_validated(api, companies, group_manager):
    bad = api(group_manager).post(
        "/api/telemetry/alarm-rules/", {"name": "x", "kind": "high", "measure": "level"}, format="json"
    )
    assert bad.status_code == 400 and "threshold" in bad.json()
    ok = api(group_manager).post(
        "/api/telemetry/alarm-rules/",
        {"name": "水池高液位", "kind": "high", "measure": "level", "threshold": 5.5, "hysteresis": 0.2},
        format="json",
    )
    assert ok.status_code == 201


def test_daily_supply_and_summary(api, companies, group_manager):
    sensor(companies["PROD"], code="WTP-FQ", measure="totaliser", role="plant_outlet")
    ingest.ingest(records("WTP-FQ", [1000, 2000, 3500], start=T0 + timedelta(hours=15), step=timedelta(days=1)))
    supply = api(group_manager).get("/api/telemetry/daily-supply/", {"start": "2026-07-02", "end": "2026-07-03"})
    assert supply.status_code == 200 and supply.json()["city"] == [1000.0, 1500.0]
    summary = api(group_manager).get("/api/telemetry/summary/", {"start": "2026-07-01", "end": "2026-07-03"}).json()
    assert (
        summary["supply_m3"] == 2500.0
    )  # 1 July has one reading: no volume yet and summary["supply_max_day_m3"] == 1500.0
    bad = api(group_manager).get("/api/telemetry/daily-supply/", {"start": "2026-07-03", "end": "2026-07-01"})
    assert bad.status_code == 400 and "end" in bad.json()


def test_overview(api, companies, supply_viewer):
    sensor(companies["SUPPLY"])
    ingest.ingest(records("P-1", [0.3]))
    body = api(supply_viewer).get("/api/telemetry/overview/").json()
    assert [p["code"] for p in body["pressure"]] == ["P-1"]
    assert set(body["supply"]) == {"today", "yesterday", "last_year", "totals"}
