"""Helpers of the plant-operations tests: plants with their units, chemicals in stock, a recorded day."""

from datetime import date, timedelta
from decimal import Decimal
from itertools import count

from django.utils import timezone

from shuiwu.assets.choices import Kind, PlantType, ProcessUnitType, System
from shuiwu.assets.tests.factories import AssetFactory
from shuiwu.plants import services
from shuiwu.plants.models import Chemical, ChemicalStock

_numbers = count(1)


def yesterday() -> date:
    return timezone.localdate() - timedelta(days=1)


def plant(company, code=None, sewage=False, capacity=50000) -> object:
    n = next(_numbers)
    made = AssetFactory(
        kind=Kind.PLANT,
        system=System.SEWER if sewage else System.SUPPLY,
        subtype=PlantType.SEWAGE if sewage else PlantType.WATER,
        company=company,
        code=code or f"TP{n}",
        name=f"测试{'污水' if sewage else ''}厂{n}",
        attrs={"design_capacity_m3_per_day": capacity},
    )
    for i, unit_type in enumerate((ProcessUnitType.SAND_FILTER, ProcessUnitType.SLUDGE, ProcessUnitType.DOSING_ROOM)):
        AssetFactory(
            kind=Kind.PROCESS_UNIT,
            system=made.system,
            subtype=unit_type,
            company=company,
            code=f"{made.code}-U{i + 1}",
            name=f"{made.name}单元{i + 1}",
            parent=made,
        )
    return made


def chemical(code: str) -> Chemical:
    return Chemical.objects.get(code=code)


def stock(plant_asset, code="PAC", balance="10000", minimum="2000", capacity=None) -> ChemicalStock:
    made = ChemicalStock.objects.create(
        plant=plant_asset, chemical=chemical(code), minimum_kg=Decimal(minimum), capacity_kg=capacity
    )
    if Decimal(balance):
        services.receive_delivery(made, Decimal(balance), yesterday() - timedelta(days=30), reference="OPEN")
    made.refresh_from_db()
    return made


def day(plant_asset, on=None, inflow="10000", outflow="9500", energy="3000", doses=()):
    return services.record_day(
        plant_asset,
        on or yesterday(),
        inflow_m3=Decimal(inflow),
        outflow_m3=Decimal(outflow),
        energy_kwh=Decimal(energy),
        dosings=[{"chemical": chemical(code), "dose_mg_l": Decimal(str(dose))} for code, dose in doses],
    )
