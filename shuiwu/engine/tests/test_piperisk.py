import pandas as pd
import pytest

from shuiwu.engine import piperisk


def pipes(**columns):
    base = {
        "length_m": [1000.0],
        "material": ["DI"],
        "diameter_mm": [150.0],
        "install_year": [2026],
        "pressure_m": [35.0],
        "repairs": [0],
    }
    base.update(columns)
    return pd.DataFrame(base)


def test_a_new_reference_pipe_breaks_at_its_material_rate():
    scored = piperisk.score(pipes(), 2026)
    assert scored["prior_per_km_year"].iloc[0] == pytest.approx(piperisk.BASE_RATES["DI"])
    # Five years without a repair weigh as much as the prior's five: the estimate halves.
    assert scored["expected_breaks_year"].iloc[0] == pytest.approx(piperisk.BASE_RATES["DI"] / 2)


def test_age_small_diameter_and_pressure_raise_the_rate():
    c = piperisk.Coefficients()
    older = piperisk.score(pipes(install_year=[2003]), 2026)["prior_per_km_year"].iloc[0]
    assert older == pytest.approx(0.06 * 2.718281828 ** (0.03 * 23), rel=1e-6)
    small = piperisk.score(pipes(diameter_mm=[75.0]), 2026)["prior_per_km_year"].iloc[0]
    assert small == pytest.approx(0.06 * (150 / 75) ** c.diameter_exponent)
    high = piperisk.score(pipes(pressure_m=[70.0]), 2026)["prior_per_km_year"].iloc[0]
    assert high == pytest.approx(0.12)


def test_the_repair_history_updates_the_prior():
    # Prior 0.06/km/a weighs as 5 years on 1 km; 3 repairs in 5 years: (0.06 × 5 + 3) / (5 + 5) = 0.33.
    scored = piperisk.score(pipes(repairs=[3]), 2026)
    assert scored["rate_per_km_year"].iloc[0] == pytest.approx(0.33)


def test_missing_columns_are_named():
    with pytest.raises(ValueError, match="repairs"):
        piperisk.score(pd.DataFrame({"length_m": [1.0]}), 2026)


def test_risk_classes_split_by_share():
    classes = piperisk.risk_classes(pd.Series(range(10, 0, -1), dtype=float))
    assert list(classes) == ["high"] + ["medium"] * 3 + ["low"] * 6
