"""Tariff arithmetic: tiers on annual volume, household sizes, price changes inside a period, fees, allocation."""

from datetime import date
from decimal import Decimal

import pytest

from shuiwu.engine import tariffs as t

D = Decimal
RES = t.Tariff(
    valid_from=date(2024, 1, 1),
    tiers=(t.Tier(216, D("2.90"), 54), t.Tier(300, D("4.35"), 75), t.Tier(None, D("8.70"))),
    sewage=D("0.95"),
    resource=D("0.20"),
    code="R1",
)


def water(lines):
    return {line.tier: (line.volume, line.amount) for line in lines if line.kind == "water"}


def test_a_bill_inside_the_first_tier_is_at_the_first_price():
    lines = t.charge(10, date(2026, 1, 1), date(2026, 1, 31), [RES])
    assert water(lines) == {1: (10, D("29.00"))}
    assert t.total(lines) == D("29.00") + D("9.50") + D("2.00")


def test_the_tier_boundary_splits_the_volume_exactly():
    lines = t.charge(20, date(2026, 6, 1), date(2026, 6, 30), [RES], year_to_date_m3=206)
    assert water(lines) == {1: (10, D("29.00")), 2: (10, D("43.50"))}


def test_a_volume_ending_on_the_threshold_stays_in_the_tier():
    assert water(t.charge(16, date(2026, 6, 1), date(2026, 6, 30), [RES], year_to_date_m3=200)) == {1: (16, D("46.40"))}


def test_a_bill_can_cross_two_boundaries():
    lines = t.charge(100, date(2026, 12, 1), date(2026, 12, 31), [RES], year_to_date_m3=210)
    assert water(lines) == {1: (6, D("17.40")), 2: (84, D("365.40")), 3: (10, D("87.00"))}


def test_a_bigger_household_gets_higher_thresholds():
    four = water(t.charge(30, date(2026, 6, 1), date(2026, 6, 30), [RES], year_to_date_m3=210, household_size=4))
    six = water(t.charge(30, date(2026, 6, 1), date(2026, 6, 30), [RES], year_to_date_m3=210, household_size=6))
    assert four == {1: (6, D("17.40")), 2: (24, D("104.40"))}
    assert six == {1: (30, D("87.00"))}  # 216 + 2 × 54 = 324 m³ in the first tier
    assert RES.thresholds(6) == [324, 450, None]
    assert RES.thresholds(2) == [216, 300, None]  # smaller households keep the base thresholds


def test_a_price_change_inside_the_period_is_prorated_by_days():
    new = t.Tariff(valid_from=date(2026, 3, 16), tiers=(t.Tier(None, D("5.00")),), code="N2")
    old = t.Tariff(valid_from=date(2024, 1, 1), tiers=(t.Tier(None, D("4.00")),), code="N1")
    lines = t.charge(31, date(2026, 3, 1), date(2026, 3, 31), [new, old])
    # 15 days at the old price, 16 at the new: 15 and 16 m³.
    assert [(line.tariff, line.volume, line.amount, line.days) for line in lines] == [
        ("N1", 15, D("60.00"), 15),
        ("N2", 16, D("80.00"), 16),
    ]


def test_prorated_parts_always_add_up_to_the_volume():
    for volume in range(0, 50):
        assert sum(t.split_volume(volume, [10, 11, 10])) == volume


def test_tiers_continue_across_a_price_change():
    new = t.Tariff(
        valid_from=date(2026, 6, 16),
        tiers=(t.Tier(216, D("3.00")), t.Tier(300, D("4.50")), t.Tier(None, D("9.00"))),
        code="R2",
    )
    lines = t.charge(30, date(2026, 6, 1), date(2026, 6, 30), [RES, new], year_to_date_m3=200)
    got = [(line.tariff, line.tier, line.volume) for line in lines if line.kind == "water"]
    assert got == [("R1", 1, 15), ("R2", 1, 1), ("R2", 2, 14)]


def test_no_tariff_in_force_is_an_error():
    with pytest.raises(ValueError, match="no tariff"):
        t.charge(5, date(2023, 1, 1), date(2023, 1, 31), [RES])


def test_amounts_are_decimal_to_the_fen_and_never_float():
    lines = t.charge(7, date(2026, 1, 1), date(2026, 1, 31), [RES])
    for line in lines:
        assert isinstance(line.amount, Decimal) and isinstance(line.price, Decimal)
        assert line.amount == line.amount.quantize(D("0.01"))


def test_the_national_price_ratio_is_checked():
    assert t.price_ratio_ok(RES)
    low = t.Tariff(date(2024, 1, 1), (t.Tier(216, D("3")), t.Tier(300, D("4")), t.Tier(None, D("9"))))
    assert not t.price_ratio_ok(low)


def test_a_bad_tariff_is_explained():
    bad = t.Tariff(date(2024, 1, 1), (t.Tier(300, D("3")), t.Tier(200, D("5")), t.Tier(216, D("9"))))
    assert t.check_tariff(bad) == ["the last tier must have no upper end", "tier ends must be positive and rise"]


@pytest.mark.parametrize(
    ("on", "fee"),
    [
        (date(2026, 2, 15), D("0.00")),  # the due date
        (date(2026, 3, 2), D("0.00")),  # 15 days after it: still within the grace
        (date(2026, 3, 3), D("0.50")),  # one day late: 0.5 % of 100
        (date(2026, 3, 12), D("5.00")),
        (date(2027, 3, 1), D("100.00")),  # capped at the principal
    ],
)
def test_the_late_fee_starts_after_the_grace_and_is_capped(on, fee):
    assert t.late_fee(D("100.00"), date(2026, 2, 15), on) == fee


def test_the_late_fee_cap_is_configurable():
    assert t.late_fee(D("100.00"), date(2026, 1, 1), date(2027, 1, 1), cap_ratio=D("0.3")) == D("30.00")
    assert t.late_fee(D("100.00"), date(2026, 1, 1), date(2027, 1, 1), cap_ratio=None) > D("100")


def test_a_payment_goes_to_the_oldest_first_and_the_rest_is_left():
    taken, left = t.allocate(D("150.00"), [("jan", D("100.00")), ("feb", D("80.00")), ("mar", D("60.00"))])
    assert taken == [("jan", D("100.00")), ("feb", D("50.00"))]
    assert left == D("0.00")
    taken, left = t.allocate(D("300.00"), [("jan", D("100.00"))])
    assert left == D("200.00")


def test_consumption_handles_a_rollover_and_reports_a_fall():
    assert t.consumption(99990, 15, 5) == (25, True)
    assert t.consumption(500, 480, 5) == (-20, False)
    assert t.consumption(100, 130, 5) == (30, False)


def test_the_fault_estimate_is_the_twelve_month_average():
    assert t.average_m3([10] * 6 + [20] * 6) == 15
    assert t.average_m3([9, 10]) == 10  # 9.5 rounds half up
    assert t.average_m3([]) == 0
