"""Each KPI against hand-counted records (repairs, patrols, dredging, pump stations) and hand-made summaries."""

from decimal import Decimal

import pytest

from shuiwu.inspections.choices import PlanType
from shuiwu.reports import services
from shuiwu.reports.tests.conftest import H1
from shuiwu.reports.tests.factories import PATROL, at, repair, rounds

pytestmark = pytest.mark.django_db


def figures(card, unit_code):
    unit = next(u for u in card["units"] if u["code"] == unit_code)
    return {row["code"]: row for section in unit["sections"] for row in section["rows"]}, unit


@pytest.fixture
def records(companies, group_manager):
    supply, sewage = companies["SUPPLY"], companies["SEWAGE"]
    # Supply: 3 repairs in H1 2026 by 2 + 3 + 4 people, 1 in H1 2025, 1 in July 2026 (outside).
    for day, crew in ((at(2026, 1, 5), 2), (at(2026, 3, 9), 3), (at(2026, 6, 30, 23), 4)):
        repair(group_manager, supply, day, crew)
    repair(group_manager, supply, at(2025, 2, 1), 5)
    repair(group_manager, supply, at(2026, 7, 1, 1), 6)
    # Sewage: 2 repairs by 2 each.
    repair(group_manager, sewage, at(2026, 4, 1), 2)
    repair(group_manager, sewage, at(2026, 4, 2), 2)
    # Supply patrols: 4 done by 2 people, 5.5 km each; one planned round not done.
    rounds(supply, PATROL, [at(2026, 2, d) for d in (1, 2, 3, 4)], crew_size=2, km="5.5")
    rounds(supply, PlanType.HYDRANT_CHECK, [at(2026, 2, 10)], status="planned")
    # Sewage: 2 dredging rounds of 1.25 km, 3 pump-station rounds.
    rounds(sewage, PlanType.DREDGING, [at(2026, 5, 1), at(2026, 5, 2)], dredged="1.25")
    rounds(sewage, PlanType.PUMP_STATION, [at(2026, 5, d) for d in (3, 4, 5)])


def test_repairs_and_person_trips_are_counted(records, group_manager):
    card = services.scorecard(*H1, user=group_manager)
    supply, _ = figures(card, "SUPPLY")
    assert supply["repairs"]["value"] == 3
    assert supply["repair_person_trips"]["value"] == 9
    assert supply["repairs"]["last_year"] == 1
    assert supply["repairs"]["change_percent"] == 200.0
    group, _ = figures(card, "GROUP")
    assert group["repairs"]["value"] == 5
    assert group["repair_person_trips"]["value"] == 13


def test_patrols_person_trips_and_km_are_counted(records, group_manager):
    supply, unit = figures(services.scorecard(*H1, user=group_manager), "SUPPLY")
    assert supply["patrols"]["value"] == 4
    assert supply["patrol_person_trips"]["value"] == 8
    assert supply["patrol_km"]["value"] == 22.0
    # 4 of 5 rounds planned were done: below the 95 % target.
    assert supply["rounds_done_percent"]["value"] == 80.0
    assert supply["rounds_done_percent"]["meets"] is False
    assert "完成管网巡查 4 次，出动人员 8 人次" in unit["narrative"]["zh"]
    assert "carried out 4 network patrols (8 person-trips" in unit["narrative"]["en"]


def test_sewage_dredging_and_pump_stations_are_counted(records, group_manager):
    sewage, unit = figures(services.scorecard(*H1, user=group_manager), "SEWAGE")
    assert sewage["km_dredged"]["value"] == 2.5
    assert sewage["pump_station_rounds"]["value"] == 3
    assert sewage["repairs"]["value"] == 2
    assert "疏通管道 2.5 公里" in unit["narrative"]["zh"]
    assert "patrols" not in {row for row in sewage if row == "patrols"}


def test_drill_down_filters_the_period_and_company(records, group_manager, client):
    supply, _ = figures(services.scorecard(*H1, user=group_manager), "SUPPLY")
    url = supply["repairs"]["drill"]
    assert "company=SUPPLY" in url and "completed_after=2026-01-01" in url and "completed_before=2026-07-01" in url
    client.force_login(group_manager)
    response = client.get(url)
    assert response.status_code == 200
    assert response.context["total"] == 3


@pytest.fixture
def stub(monkeypatch):
    """Hand-made summaries in place of the apps' (keyed by app, for any company and period)."""
    data = {}

    def compute(self, app):
        return data.get(app)

    monkeypatch.setattr(services.Summaries, "_compute", compute)
    return data


def test_scale_rounding_and_targets(stub, companies, group_manager):
    stub["customers"] = {
        "meter_read_rate": 0.97456,
        "collection_rate": 0.99,
        "billed_volume_m3": 26_970_000,
        "billed_amount": "123456.78",
        "arrears_total": "5000.00",
        "accounts": 12_000,
    }
    stub["work"] = {"tickets": 30, "sla_compliance_percent": 96.0}
    stub["telemetry"] = {"pressure_pass_rate_percent": 96.99}
    stub["analytics"] = {"loss_rate_bl_percent": 9.5}
    supply, unit = figures(services.scorecard(*H1, user=group_manager, company=companies["SUPPLY"]), "SUPPLY")
    assert supply["meter_read_rate"]["value"] == 97.46 and supply["meter_read_rate"]["meets"] is False
    assert supply["collection_rate"]["value"] == 99.0 and supply["collection_rate"]["meets"] is True
    assert supply["billed_volume"]["value"] == 2697.0 and supply["billed_volume"]["unit"] == "万m³"
    assert supply["billed_amount"]["value"] == 12.35
    assert supply["complaints_per_1000"]["value"] == 2.5
    assert supply["loss_rate_bl"]["meets"] is True
    assert supply["repair_on_time"]["meets"] is True
    assert "抄见率 97.46%（目标≥98.00%）" in unit["narrative"]["zh"]


def test_a_figure_missing_from_a_summary_is_not_available(stub, companies, group_manager):
    stub["customers"] = {"billed_volume_m3": 1000}
    stub["work"] = {"tickets": 30}
    supply, _ = figures(services.scorecard(*H1, user=group_manager, company=companies["SUPPLY"]), "SUPPLY")
    assert supply["accounts"]["value"] is None and supply["accounts"]["available"] is False
    assert supply["complaints_per_1000"]["value"] is None


def test_values_are_decimal_exact():
    assert services.rounded(Decimal("2.345"), 2) == Decimal("2.35")
    assert services.number(Decimal("4.00")) == 4
