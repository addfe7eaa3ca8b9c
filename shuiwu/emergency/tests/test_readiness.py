"""Readiness of a plan, computed by hand: mean over its needs of min(usable / needed, 1)."""

from datetime import date

import pytest

from shuiwu.emergency import services
from shuiwu.emergency.choices import MaterialKind
from shuiwu.emergency.tests.factories import material, need, plan, stock, warehouse

DAY = date(2026, 7, 1)


@pytest.fixture
def flood_plan(companies):
    supply = companies["SUPPLY"]
    p = plan(supply)
    pumps = material(MaterialKind.DRAINAGE_PUMP, "套")
    bags = material(MaterialKind.SANDBAG, "只")
    gens = material(MaterialKind.GENERATOR, "台")
    need(p, pumps, 17)
    need(p, bags, 500)
    need(p, gens, 2)
    east, west = warehouse(supply), warehouse(supply)
    stock(east, pumps, 10)
    stock(west, pumps, 7)  # 17 of 17 → 1
    stock(east, bags, 400)
    stock(west, bags, 100, expiry_on=date(2026, 6, 30))  # expired the day before: 400 of 500 → 0.8
    stock(east, gens, 1, next_inspection_on=date(2026, 12, 1))
    stock(west, gens, 1, next_inspection_on=date(2026, 6, 1))  # inspection overdue: 1 of 2 → 0.5
    stock(warehouse(companies["SEWAGE"]), gens, 5)  # another company's warehouse does not count
    return p


def test_readiness_is_the_mean_of_capped_ratios(flood_plan):
    result = services.readiness(flood_plan, on=DAY)
    # (1 + 0.8 + 0.5) / 3 = 0.7667
    assert result.percent == 76.7
    lines = {line.material.kind: line for line in result.lines}
    assert lines[MaterialKind.SANDBAG].unusable == 100
    assert lines[MaterialKind.GENERATOR].short == 1


def test_more_stock_than_needed_counts_at_most_one(flood_plan, companies):
    extra = warehouse(companies["SUPPLY"])
    for line in services.readiness(flood_plan, on=DAY).lines:
        stock(extra, line.material, 1000)
    assert services.readiness(flood_plan, on=DAY).percent == 100.0


def test_the_batch_gives_the_same_figure(flood_plan, companies):
    other = plan(companies["SUPPLY"])
    (result, empty) = services.readiness_of_plans([flood_plan, other], on=DAY)
    assert result.percent == 76.7
    assert empty.percent is None


def test_a_group_plan_counts_its_subsidiaries_warehouses(companies):
    p = plan(companies["GROUP"])
    gens = material(MaterialKind.GENERATOR)
    need(p, gens, 4)
    stock(warehouse(companies["SUPPLY"]), gens, 1)
    stock(warehouse(companies["SEWAGE"]), gens, 1)
    assert services.readiness(p, on=DAY).percent == 50.0
