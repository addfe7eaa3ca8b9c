"""A small network with records for the analytics tests: a plant outlet totaliser, a DMA with its inlet meter
and pressure point, two accounts billed for September, a violation case and two pipes."""

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest

from shuiwu.assets.tests.factories import AssetFactory, DMAFactory, junction, pipe
from shuiwu.customers.choices import BillStatus, UseType
from shuiwu.customers.models import Bill
from shuiwu.customers.tests.factories import account
from shuiwu.telemetry.models import DailyRollup, HourlyRollup
from shuiwu.telemetry.tests.factories import sensor

SEPTEMBER = (date(2026, 9, 1), date(2026, 9, 30))


def daily(s, day: date, *, first=None, last=None, mean=None, count=96):
    total = (mean or 0.0) * count
    DailyRollup.objects.create(sensor=s, day=day, count=count, total=total, first_value=first, last_value=last)


@pytest.fixture
def network(companies):
    supply = companies["SUPPLY"]
    dma = DMAFactory(company=supply, code="DMA-T", name="测试片区")
    a, b, c = (junction(supply, f"J{i}", x=100 * i) for i in range(3))
    old = pipe(
        supply, "P-OLD", a, b, diameter=100, length=1500.0, material="CI", install_date=date(1976, 5, 1), dma=dma
    )
    new = pipe(supply, "P-NEW", b, c, diameter=300, length=500.0, material="PE", install_date=date(2020, 5, 1), dma=dma)
    outlet = sensor(companies["PROD"], "WTP-T-FQ", measure="totaliser", role="plant_outlet")
    inlet = sensor(supply, "DMA-T-FT", measure="flow", role="dma_inlet", dma=dma)
    pressure = sensor(supply, "DMA-T-PT", measure="pressure", role="network", dma=dma)
    # 30 days of 10,000 m³ from the plant (the counter runs from 1,000,000), 400 m³ a day into the DMA
    # (16.6667 m³/h), 0.4 MPa everywhere.
    start, end = SEPTEMBER
    total = 1_000_000.0
    for i in range(-1, 30):
        day = start + timedelta(days=i)
        daily(outlet, day, first=total, last=total + 10_000, mean=total + 5_000)
        total += 10_000
        daily(inlet, day, mean=400 / 24)
        daily(pressure, day, mean=0.4)
    # Two accounts in the DMA billed for Aug 26 – Sep 25 and Sep 26 – Oct 25: 3,100 + 3,100 m³.
    service_point = AssetFactory(kind="service_point", company=supply, code="SP-1", dma=dma)
    accounts = [account(supply, use_type=UseType.NON_RESIDENTIAL, service_point=service_point) for _ in range(2)]
    for n, acct in enumerate(accounts):
        for i, (first, last) in enumerate(
            ((date(2026, 8, 26), date(2026, 9, 25)), (date(2026, 9, 26), date(2026, 10, 25)))
        ):
            Bill.objects.create(
                number=f"TB{n}{i}",
                company=supply,
                account=acct,
                period=f"2026-{9 + i:02d}",
                use_type=UseType.NON_RESIDENTIAL,
                period_start=first,
                period_end=last,
                volume_m3=3100,
                amount=Decimal("100.00"),
                issued_on=last + timedelta(days=1),
                due_on=last + timedelta(days=16),
                status=BillStatus.PAID,
            )
    return {"supply": supply, "dma": dma, "old": old, "new": new, "inlet": inlet, "pressure": pressure}


def night_hours(s, nights: list[float], first: date, *, day_flow=30.0):
    """Hourly rollups of an inlet meter: ``day_flow`` m³/h by day, each night's value from 01:00 to 05:00 local."""
    rows = []
    for n, value in enumerate(nights):
        midnight = datetime(first.year, first.month, first.day, tzinfo=UTC) + timedelta(days=n) - timedelta(hours=8)
        for h in range(24):
            flow = value if 1 <= h < 5 else day_flow
            rows.append(HourlyRollup(sensor=s, hour=midnight + timedelta(hours=h), count=4, total=4 * flow))
    HourlyRollup.objects.bulk_create(rows)
