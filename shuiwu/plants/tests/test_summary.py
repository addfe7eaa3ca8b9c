"""The summary: m³ produced and supplied, own use %, kWh/m³, chemicals in kg per 1,000 m³, low stock."""

from datetime import timedelta

import pytest

from shuiwu.plants import services
from shuiwu.plants.tests.factories import day, plant, stock, yesterday

pytestmark = pytest.mark.django_db


def test_the_figures_of_a_period(companies, api, group_manager):
    one = plant(companies["PROD"])
    two = plant(companies["PROD"])
    works = plant(companies["SEWAGE"], sewage=True)
    stock(one, "PAC", balance="100000", minimum="1000")
    stock(two, "PAC", balance="100000", minimum="1000")
    stock(works, "NAAC", balance="100000", minimum="1000")
    d1, d2 = yesterday() - timedelta(days=1), yesterday()
    day(one, on=d1, inflow="104000", outflow="100000", energy="30000", doses=[("PAC", 20)])  # 2,080 kg
    day(one, on=d2, inflow="52000", outflow="50000", energy="16000", doses=[("PAC", 20)])  # 1,040 kg
    day(two, on=d2, inflow="21000", outflow="20000", energy="6000", doses=[("PAC", 25)])  # 525 kg
    day(works, on=d2, inflow="40000", outflow="39600", energy="16000", doses=[("NAAC", 25)])  # 1,000 kg
    figures = services.summary(None, d1, d2)
    water = figures["water"]
    # in 177,000, out 170,000: own use 7,000 m³ = 3.95 %; 52,000 kWh / 170,000 m³ = 0.306
    assert water["raw_water_m3"] == 177000.0 and water["produced_m3"] == 170000.0 == water["supplied_m3"]
    assert water["own_use_m3"] == 7000.0 and water["own_use_percent"] == 3.95
    assert water["kwh_per_m3"] == 0.306 and water["plants"] == 2 and water["days_logged"] == 3
    sewage = figures["sewage"]
    assert sewage["treated_m3"] == 40000.0 and sewage["kwh_per_m3"] == 0.4
    assert figures["chemicals_unit"] == "kg/1000 m³"
    chems = {(c["plants"], c["code"]): c for c in figures["chemicals"]}
    # PAC 3,645 kg over 170,000 m³ produced = 21.44 kg per 1,000 m³
    assert chems[("water", "PAC")]["kg"] == 3645.0 and chems[("water", "PAC")]["kg_per_1000_m3"] == 21.44
    # sodium acetate 1,000 kg over 40,000 m³ treated = 25 kg per 1,000 m³
    assert chems[("sewage", "NAAC")]["kg_per_1000_m3"] == 25.0
    assert figures["low_stock_count"] == 0
    response = api(group_manager).get(f"/api/plants/summary/?company=PROD&start={d1}&end={d2}")
    assert response.status_code == 200 and response.json()["water"]["produced_m3"] == 170000.0
    assert response.json()["sewage"]["days_logged"] == 0


def test_a_bad_period_is_a_400(api, group_manager):
    response = api(group_manager).get("/api/plants/summary/?start=2026-02-01&end=2026-01-01")
    assert response.status_code == 400 and "end" in response.json()
