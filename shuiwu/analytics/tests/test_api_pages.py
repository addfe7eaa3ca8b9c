from datetime import UTC, datetime

import pandas as pd
import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from shuiwu.analytics import live, services
from shuiwu.analytics.models import LeakDetection, WaterBalance
from shuiwu.telemetry.models import Alarm
from shuiwu.work.models import Ticket

pytestmark = pytest.mark.django_db


def test_a_balance_is_computed_through_the_api(network, api, group_manager):
    reply = api(group_manager).post(
        "/api/analytics/balances/",
        {"company": "SUPPLY", "dma": "DMA-T", "start": "2026-09-01", "end": "2026-09-30"},
        format="json",
    )
    assert reply.status_code == 201, reply.json()
    assert reply.json()["system_input_m3"] == pytest.approx(12_000, abs=0.1)
    listed = api(group_manager).get("/api/analytics/balances/").json()
    assert listed["count"] == 1


@pytest.mark.parametrize(
    "body, field",
    [
        ({"company": "SUPPLY", "start": "2026-09-30", "end": "2026-09-01"}, "end"),
        (
            {"company": "SUPPLY", "start": "2026-09-01", "end": "2026-09-30", "meter_under_registration": 2},
            "meter_under_registration",
        ),
        ({"company": "SUPPLY", "dma": "NOPE", "start": "2026-09-01", "end": "2026-09-30"}, "dma"),
        ({"company": "SUPPLY", "dma": "DMA-T", "start": "2025-01-01", "end": "2025-01-31"}, "start"),
    ],
)
def test_bad_balance_input_is_a_400_naming_the_field(network, api, group_manager, body, field):
    reply = api(group_manager).post("/api/analytics/balances/", body, format="json")
    assert reply.status_code == 400
    assert field in reply.json()
    assert not WaterBalance.objects.exists()


def test_another_company_cannot_compute_or_see_the_balance(network, api, sewage_inspector, group_manager):
    services.save_balance(network["supply"], *map(pd.Timestamp.date, map(pd.Timestamp, ["2026-09-01", "2026-09-30"])))
    assert api(sewage_inspector).get("/api/analytics/balances/").json().get("count", 0) == 0
    reply = api(sewage_inspector).post(
        "/api/analytics/balances/", {"company": "SUPPLY", "start": "2026-09-01", "end": "2026-09-30"}, format="json"
    )
    assert reply.status_code == 403


def test_night_flow_and_summary_answer(network, api, group_manager):
    assert (
        api(group_manager).get("/api/analytics/night-flow/?dma=DMA-T&start=2026-09-01&end=2026-09-10").status_code
        == 200
    )
    assert api(group_manager).get("/api/analytics/night-flow/?dma=NOPE").status_code == 404
    summary = api(group_manager).get("/api/analytics/summary/?company=SUPPLY&start=2026-09-01&end=2026-09-30")
    assert summary.status_code == 200 and summary.json()["loss_rate_wl_percent"] is not None


def test_the_pages_open(network, client, group_manager):
    client.force_login(group_manager)
    record = services.save_balance(
        network["supply"], pd.Timestamp("2026-09-01").date(), pd.Timestamp("2026-09-30").date()
    )
    services.compute_pipe_risk(network["supply"], year=2026)
    for name in ("balance_list", "balance_add", "night_flow", "risk_list", "leak_list", "forecast", "forecast_panel"):
        assert client.get(reverse(f"analytics:{name}")).status_code == 200, name
    page = client.get(record.get_absolute_url())
    assert page.status_code == 200 and "12" in page.content.decode()
    reply = client.post(
        reverse("analytics:balance_add"),
        {"company": network["supply"].pk, "start": "2026-09-30", "end": "2026-09-01"},
    )
    assert reply.status_code == 200 and reply.context["form"].errors["end"]


def test_a_viewer_of_another_company_is_refused_the_pages(network, client, sewage_inspector):
    client.force_login(sewage_inspector)
    assert client.get(reverse("analytics:balance_add")).status_code == 403


def test_a_detection_is_kept_with_its_ticket_and_moves_through_its_states(network, group_manager):
    item = pd.DataFrame(
        [
            {
                "linkID": "P-OLD",
                "startTime": pd.Timestamp("2026-09-10 06:00"),
                "node": "J1",
                "alarmTime": pd.Timestamp("2026-09-11 02:00"),
                "statistic": 9.5,
                "size_m3h": 7.2,
            }
        ]
    ).itertuples(index=False)
    detection = live._keep(network["supply"], next(item), datetime(2026, 9, 12, tzinfo=UTC), True)
    assert detection.pipe == network["old"]
    assert detection.size_l_s == pytest.approx(2.0)
    assert Ticket.objects.filter(pk=detection.ticket_id).exists()
    # The alarm stands at the nearest pressure point, with the control room's other alarms, until it is closed.
    assert detection.alarm.sensor == network["pressure"] and detection.alarm.ticket_id == detection.ticket_id
    services.set_leak_status(detection, "confirmed", user=group_manager)
    with pytest.raises(ValidationError):
        services.set_leak_status(detection, "open", user=group_manager)
    assert LeakDetection.objects.get().status == "confirmed"
    services.set_leak_status(detection, "repaired", user=group_manager)
    assert Alarm.objects.get().cleared_at is not None


def test_the_live_detector_waits_for_pressures(network):
    assert live.run(network["supply"]) == []
