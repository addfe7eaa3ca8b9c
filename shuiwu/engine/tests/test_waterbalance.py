"""The water balance: IWA components, NRW, CARL/UARL/ILI, and the CJJ 92 loss rates, on a worked example."""

import pytest

from shuiwu.engine import waterbalance as wb

YEAR = wb.Period(
    system_input_m3=1_000_000,
    billed_metered_m3=800_000,
    billed_unmetered_m3=10_000,
    unbilled_metered_m3=5_000,
    unbilled_unmetered_m3=5_000,
    unauthorised_m3=10_000,
    meter_under_registration=0.02,
    data_errors_m3=1_000,
    days=365,
    mains_km=100,
    connections=6_000,
    private_pipe_km=10,
    average_pressure_m=40,
)


def test_the_components_add_up_to_the_system_input():
    b = wb.balance(YEAR)
    assert b.authorised_m3 == 820_000
    assert b.losses_m3 == 180_000
    # 805,000 m³ registered by customer meters that miss 2 %: 805,000 × 0.02 / 0.98 passed unregistered.
    assert b.apparent_losses_m3 == pytest.approx(10_000 + 16_428.571 + 1_000, abs=0.01)
    assert b.real_losses_m3 == pytest.approx(180_000 - 27_428.571, abs=0.01)
    assert b.authorised_m3 + b.apparent_losses_m3 + b.real_losses_m3 == pytest.approx(YEAR.system_input_m3)


def test_nrw_is_the_input_less_what_was_billed():
    b = wb.balance(YEAR)
    assert b.nrw_m3 == 190_000 and b.nrw_percent == pytest.approx(19.0)
    assert b.nrw_l_per_connection_day == pytest.approx(190_000_000 / 365 / 6_000)


def test_carl_uarl_and_ili():
    b = wb.balance(YEAR)
    assert b.uarl_l_per_day == pytest.approx((18 * 100 + 0.8 * 6_000 + 25 * 10) * 40)  # 274,000 L/day
    assert b.carl_l_per_day == pytest.approx(152_571.429 * 1000 / 365, rel=1e-6)
    assert b.ili == pytest.approx(b.carl_l_per_day / 274_000)
    assert b.real_losses_l_per_connection_day == pytest.approx(b.carl_l_per_day / 6_000)
    assert b.uarl_caveats == []


def test_the_cjj92_rates_and_grade():
    b = wb.balance(YEAR, wb.Corrections(r1_household_metering=1.0, r2_pipe_length=0.5))
    assert b.loss_rate_wl_percent == pytest.approx(18.0)
    assert b.loss_rate_bl_percent == pytest.approx(16.5)
    assert b.cjj92_grade is None
    assert wb.cjj92_grade(9.9) == "grade_1" and wb.cjj92_grade(11.5) == "grade_2"


def test_the_uarl_formula_says_when_it_may_not_hold():
    small = wb.Period(
        system_input_m3=10_000, billed_metered_m3=9_000, days=30, mains_km=50, connections=800, average_pressure_m=20
    )
    caveats = wb.balance(small).uarl_caveats
    assert len(caveats) == 3  # too few connections, too sparse, pressure below 25 m


@pytest.mark.parametrize(
    ("change", "words"),
    [
        ({"days": 0}, "days"),
        ({"billed_metered_m3": -1}, "billed_metered_m3"),
        ({"meter_under_registration": 1.0}, "meter_under_registration"),
        ({"system_input_m3": 0}, "system_input_m3"),
    ],
)
def test_bad_input_is_refused_with_the_reason(change, words):
    from dataclasses import replace

    with pytest.raises(ValueError, match=words):
        wb.balance(replace(YEAR, **change))
