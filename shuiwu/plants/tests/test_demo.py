"""The demo builder: a water plant's water out is telemetry's daily supply where telemetry has the day, and
plausible figures where it does not; stock, backwash, unit status and shifts come with it."""

import random
from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from shuiwu.plants.demo import build_plants
from shuiwu.plants.models import Backwash, ChemicalStock, DailyLog, ShiftLog, StockMovement
from shuiwu.plants.tests.factories import plant
from shuiwu.telemetry import services as telemetry
from shuiwu.telemetry.choices import Measure, Role
from shuiwu.telemetry.models import DailyRollup, Sensor

pytestmark = pytest.mark.django_db


@pytest.fixture
def metered(companies):
    """A water plant whose outlet totaliser reports the first three of five days."""
    works = plant(companies["PROD"], code="WTP-T", capacity=60000)
    sensor = Sensor.objects.create(
        company=companies["PROD"],
        code="WTP-T-FQ",
        name="出厂累计流量",
        asset=works,
        measure=Measure.TOTALISER,
        role=Role.PLANT_OUTLET,
        unit="m³",
    )
    today = timezone.localdate()
    counter = 1_000_000.0
    for back, volume in ((6, 0), (5, 45123.4), (4, 47000.0), (3, 43890.6)):
        counter += volume
        DailyRollup.objects.create(
            sensor=sensor,
            day=today - timedelta(days=back),
            count=96,
            total=0,
            first_value=counter - volume,
            last_value=counter,
        )
    return works


def test_water_out_agrees_with_telemetry_where_it_has_the_day(metered, companies):
    today = timezone.localdate()
    figures = build_plants(random.Random(1), today=today, days=5)
    assert figures["from_telemetry"] == 3
    supply = telemetry.daily_supply(today - timedelta(days=5), today - timedelta(days=1))
    [volumes] = [p["volumes"] for p in supply["plants"] if p["code"] == "WTP-T"]
    logs = list(DailyLog.objects.filter(plant=metered).order_by("day"))
    assert [log.day for log in logs] == [today - timedelta(days=5 - i) for i in range(5)]
    for log, volume in zip(logs[:3], volumes[:3], strict=True):
        assert log.outflow_m3 == Decimal(str(volume)) and log.outflow_from_telemetry
    assert [float(log.outflow_m3) for log in logs[:3]] == [45123.4, 47000.0, 43890.6]
    for log in logs[3:]:  # no telemetry: generated, within the plant's capacity, with own use in 2–10 %
        assert not log.outflow_from_telemetry
        assert 20000 < log.outflow_m3 < 60000 * 1.1
    for log in logs:
        assert Decimal("1") < log.own_use_percent < Decimal("10")
        assert Decimal("0.2") < log.kwh_per_m3 < Decimal("0.5")


def test_stock_is_the_deliveries_less_the_dosing(metered):
    build_plants(random.Random(2), today=timezone.localdate(), days=30)
    for stock in ChemicalStock.objects.filter(plant=metered):
        movements = StockMovement.objects.filter(stock=stock)
        assert stock.balance_kg == sum(m.quantity_kg for m in movements)
        assert stock.balance_kg > 0
        dosed = sum(m.quantity_kg for m in movements if m.kind == "dosing")
        assert dosed < 0
    assert Backwash.objects.filter(plant=metered).exists()


def test_it_is_repeatable(metered):
    first = build_plants(random.Random(3), today=timezone.localdate(), days=5)
    outflows = list(DailyLog.objects.order_by("day").values_list("outflow_m3", flat=True))
    DailyLog.objects.all().delete()
    StockMovement.objects.all().delete()
    ChemicalStock.objects.all().delete()
    Backwash.objects.all().delete()
    ShiftLog.objects.all().delete()
    second = build_plants(random.Random(3), today=timezone.localdate(), days=5)
    assert first == second
    assert outflows == list(DailyLog.objects.order_by("day").values_list("outflow_m3", flat=True))
