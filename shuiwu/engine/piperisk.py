"""Pipe break likelihood: which mains to renew first.

No Django: a pandas frame of pipes in (one row per pipe: ``length_m``, ``material``, ``diameter_mm``,
``install_year``, ``pressure_m``, ``repairs``), a frame out with the expected breaks a year of each pipe, its
rate per km and its rank. The model is the usual one of renewal planning: a break rate per km and year by
material, growing exponentially with age (Shamir–Howard), higher on small diameters and at high pressure; the
pipe's own repair history then updates that prior as a Poisson–gamma (empirical Bayes) estimate, so a pipe
that broke three times in five years ranks high whatever its book says, and one short record does not.

No break-rate figures were found in the standards (DOMAIN.md has none), so every coefficient is a parameter
with a local-policy default (``Coefficients``); a utility fits them to its own repair records.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

# Breaks per km per year of a new pipe of ~150 mm at 35 m, by material code (assets.choices.Material).
BASE_RATES = {
    "CI": 0.30,  # grey cast iron
    "DI": 0.06,  # ductile iron
    "ST": 0.15,  # steel
    "GS": 0.25,  # galvanised steel
    "SS": 0.05,
    "PE": 0.08,
    "PVC": 0.15,
    "PCCP": 0.05,
    "RC": 0.10,
    "GRP": 0.08,
    "HDPE-C": 0.08,
}
DEFAULT_RATE = 0.15


@dataclass(frozen=True)
class Coefficients:
    base_rates: dict[str, float] = field(default_factory=lambda: dict(BASE_RATES))
    default_rate: float = DEFAULT_RATE
    age_growth: float = 0.03  # per year: the rate doubles in about 23 years
    reference_diameter_mm: float = 150.0
    diameter_exponent: float = 0.5  # (150 / D) ** 0.5: small pipes break more often
    reference_pressure_m: float = 35.0
    pressure_exponent: float = 1.0
    prior_strength_years: float = 5.0  # how many years of record the prior weighs
    history_years: float = 5.0  # the repair window the ``repairs`` column counts
    unknown_age_years: float = 25.0

    @classmethod
    def from_dict(cls, data: dict | None) -> Coefficients:
        data = dict(data or {})
        known = {k: v for k, v in data.items() if k in cls.__dataclass_fields__}
        return cls(**known)


REQUIRED = ("length_m", "material", "diameter_mm", "install_year", "pressure_m", "repairs")


def score(pipes: pd.DataFrame, year: int, coefficients: Coefficients = Coefficients()) -> pd.DataFrame:
    """Expected breaks a year per pipe, highest first, with the factors that make them up.

    Missing ages count as ``unknown_age_years``, missing diameters and pressures as the reference values.
    Returns the input's index with columns ``prior_per_km_year``, ``rate_per_km_year``, ``expected_breaks_year``,
    ``age_years``, ``rank`` (1 = most likely to break), sorted by rank.
    """
    missing = [c for c in REQUIRED if c not in pipes.columns]
    if missing:
        raise ValueError(f"missing columns: {', '.join(missing)}")
    c = coefficients
    frame = pipes.copy()
    length_km = frame["length_m"].astype(float).clip(lower=0) / 1000.0
    age = (year - pd.to_numeric(frame["install_year"], errors="coerce")).clip(lower=0).fillna(c.unknown_age_years)
    diameter = (
        pd.to_numeric(frame["diameter_mm"], errors="coerce").where(lambda s: s > 0).fillna(c.reference_diameter_mm)
    )
    pressure = pd.to_numeric(frame["pressure_m"], errors="coerce").where(lambda s: s > 0).fillna(c.reference_pressure_m)
    base = frame["material"].map(lambda m: c.base_rates.get(m or "", c.default_rate)).astype(float)
    prior = (
        base
        * np.exp(c.age_growth * age)
        * (c.reference_diameter_mm / diameter) ** c.diameter_exponent
        * (pressure / c.reference_pressure_m) ** c.pressure_exponent
    )
    # Poisson–gamma update: the prior weighs as ``prior_strength_years`` of record on this pipe's length.
    repairs = pd.to_numeric(frame["repairs"], errors="coerce").fillna(0).clip(lower=0)
    exposure_prior = c.prior_strength_years * length_km
    exposure_seen = c.history_years * length_km
    with np.errstate(divide="ignore", invalid="ignore"):
        posterior = (prior * exposure_prior + repairs) / (exposure_prior + exposure_seen)
    posterior = posterior.where(length_km > 0, prior)
    frame["age_years"] = age
    frame["prior_per_km_year"] = prior
    frame["rate_per_km_year"] = posterior
    frame["expected_breaks_year"] = posterior * length_km
    frame = frame.sort_values(["expected_breaks_year", "rate_per_km_year"], ascending=False, kind="mergesort")
    frame["rank"] = np.arange(1, len(frame) + 1)
    return frame


def risk_classes(expected: pd.Series, high_share: float = 0.1, medium_share: float = 0.3) -> pd.Series:
    """``high`` for the top ``high_share`` of pipes by expected breaks, ``medium`` for the next, else ``low``."""
    if expected.empty:
        return pd.Series(dtype=object)
    ranks = expected.rank(ascending=False, method="first") / len(expected)
    return pd.Series(
        np.where(ranks <= high_share, "high", np.where(ranks <= high_share + medium_share, "medium", "low")),
        index=expected.index,
    )
