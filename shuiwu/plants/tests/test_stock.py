"""Stock runs down with dosing, comes back when a day is corrected, refuses to go negative, and warns when low."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from shuiwu.core.models import Rule
from shuiwu.plants import services
from shuiwu.plants.models import DailyLog, StockMovement
from shuiwu.plants.tests.factories import day, plant, stock, yesterday

pytestmark = pytest.mark.django_db


def test_dosing_takes_its_kg_out_of_the_stock(companies):
    works = plant(companies["PROD"])
    pac = stock(works, "PAC", balance="10000", minimum="1000")
    day(works, inflow="40000", outflow="38000", doses=[("PAC", 20)])  # 20 × 40,000 / 1000 = 800 kg
    pac.refresh_from_db()
    assert pac.balance_kg == Decimal("9200.00")
    movement = StockMovement.objects.get(stock=pac, kind="dosing")
    assert movement.quantity_kg == Decimal("-800.00") and movement.balance_kg == Decimal("9200.00")


def test_correcting_a_day_gives_the_old_dose_back(companies):
    works = plant(companies["PROD"])
    pac = stock(works, "PAC", balance="10000")
    day(works, inflow="40000", outflow="38000", doses=[("PAC", 20)])
    day(works, inflow="40000", outflow="38000", doses=[("PAC", 10)])  # the same day, corrected: 400 kg
    pac.refresh_from_db()
    assert pac.balance_kg == Decimal("9600.00")
    assert StockMovement.objects.filter(stock=pac, kind="dosing").count() == 1
    services.delete_day(DailyLog.objects.get(plant=works))
    pac.refresh_from_db()
    assert pac.balance_kg == Decimal("10000.00")


def test_a_dose_beyond_the_stock_is_refused_and_nothing_is_written(companies):
    works = plant(companies["PROD"])
    pac = stock(works, "PAC", balance="500")
    with pytest.raises(ValidationError) as caught:
        day(works, inflow="40000", outflow="38000", doses=[("PAC", 20)])  # 800 kg > 500 kg
    assert "dosings" in caught.value.message_dict
    pac.refresh_from_db()
    assert pac.balance_kg == Decimal("500.00")
    assert not DailyLog.objects.filter(plant=works).exists()


def test_a_chemical_under_its_minimum_is_low(companies):
    works = plant(companies["PROD"])
    pac = stock(works, "PAC", balance="3000", minimum="2500")
    [row] = services.stock_status([pac])
    assert not row["low"]
    day(works, inflow="40000", outflow="38000", doses=[("PAC", 20)])  # 3,000 − 800 = 2,200 < 2,500
    pac.refresh_from_db()
    [row] = services.stock_status([pac])
    assert row["below_minimum"] and row["low"]
    assert [r["stock"].pk for r in services.low_stock()] == [pac.pk]


def test_few_days_of_cover_is_low_even_above_the_minimum(companies):
    works = plant(companies["PROD"])
    pac = stock(works, "PAC", balance="20000", minimum="1000")
    for back in range(14):
        day(works, on=yesterday() - timedelta(days=back), inflow="50000", outflow="48000", doses=[("PAC", 20)])
    pac.refresh_from_db()  # 20,000 − 14 × 1,000 = 6,000 kg at 1,000 kg a day: 6 days of cover < 7
    [row] = services.stock_status([pac])
    assert row["per_day_kg"] == Decimal("1000.00") and row["days_of_cover"] == Decimal("6.0")
    assert row["low"] and not row["below_minimum"]
    Rule.objects.update_or_create(key="plants.low_stock_days_of_cover", defaults={"value": 5})
    from shuiwu.core import rules

    rules.forget()
    [row] = services.stock_status([pac])
    assert not row["low"]


def test_a_delivery_and_a_stocktake_move_the_balance(companies):
    works = plant(companies["PROD"])
    pac = stock(works, "PAC", balance="1000", capacity=Decimal("5000"))
    services.receive_delivery(pac, Decimal("3000"), yesterday(), reference="SH-1")
    assert pac.balance_kg == Decimal("4000.00")
    with pytest.raises(ValidationError):
        services.receive_delivery(pac, Decimal("2000"), yesterday())  # would overflow the 5,000 kg store
    services.stocktake(pac, Decimal("3900"), yesterday())
    pac.refresh_from_db()
    assert pac.balance_kg == Decimal("3900.00")
    assert StockMovement.objects.filter(stock=pac, kind="stocktake").get().quantity_kg == Decimal("-100.00")
