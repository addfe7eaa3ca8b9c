"""Own use %, kWh/m³ and dose → kg/day against figures computed by hand."""

from decimal import Decimal

import pytest

from shuiwu.plants import services
from shuiwu.plants.tests.factories import day, plant, stock


def test_own_use_is_water_in_less_water_out_over_water_in():
    # (104,000 − 100,000) / 104,000 × 100 = 3.846… → 3.85 %
    assert services.own_use_percent(Decimal("104000"), Decimal("100000")) == Decimal("3.85")
    # (52,000 − 49,400) / 52,000 × 100 = 5.00 %
    assert services.own_use_percent(Decimal("52000"), Decimal("49400")) == Decimal("5.00")
    assert services.own_use_percent(Decimal("0"), Decimal("0")) is None


def test_kwh_per_m3_is_energy_over_volume():
    # 31,500 kWh / 100,000 m³ = 0.315 kWh/m³
    assert services.kwh_per_m3(Decimal("31500"), Decimal("100000")) == Decimal("0.315")
    # 20,000 / 60,000 = 0.3333… → 0.333
    assert services.kwh_per_m3(Decimal("20000"), Decimal("60000")) == Decimal("0.333")
    assert services.kwh_per_m3(Decimal("100"), Decimal("0")) is None


def test_a_dose_times_the_flow_over_a_thousand_is_the_kg_a_day():
    # 25 mg/L × 100,000 m³/day / 1000 = 2,500 kg/day
    assert services.dose_kg(Decimal("25"), Decimal("100000")) == Decimal("2500.00")
    # 2.35 mg/L × 48,600 m³/day / 1000 = 114.21 kg/day
    assert services.dose_kg(Decimal("2.35"), Decimal("48600")) == Decimal("114.21")
    # 0.15 mg/L × 61,234.5 m³/day / 1000 = 9.185175 → 9.19 kg/day
    assert services.dose_kg(Decimal("0.15"), Decimal("61234.5")) == Decimal("9.19")


@pytest.mark.django_db
def test_a_recorded_day_carries_the_figures(companies):
    works = plant(companies["PROD"])
    stock(works, "PAC", balance="50000")
    stock(works, "NACLO", balance="50000")
    log = day(works, inflow="104000", outflow="100000", energy="31500", doses=[("PAC", 25), ("NACLO", "2.35")])
    assert log.own_use_m3 == Decimal("4000.0")
    assert log.own_use_percent == Decimal("3.85")
    assert log.kwh_per_m3 == Decimal("0.315")
    dosings = {d.chemical.code: d for d in log.dosings.select_related("chemical")}
    # PAC goes into the raw water in: 25 × 104,000 / 1000 = 2,600 kg
    assert dosings["PAC"].flow_m3 == Decimal("104000.0") and dosings["PAC"].kg == Decimal("2600.00")
    # hypochlorite into the finished water out: 2.35 × 100,000 / 1000 = 235 kg
    assert dosings["NACLO"].flow_m3 == Decimal("100000.0") and dosings["NACLO"].kg == Decimal("235.00")


@pytest.mark.django_db
def test_a_sewage_plant_counts_energy_per_m3_treated(companies):
    works = plant(companies["SEWAGE"], sewage=True)
    log = day(works, inflow="50000", outflow="49500", energy="19000")
    # 19,000 kWh / 50,000 m³ treated = 0.38
    assert log.kwh_per_m3 == Decimal("0.380")
