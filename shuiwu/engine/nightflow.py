"""Minimum night flow of district metered areas: the night minimum, night leakage, its trend, and a ranking.

No Django: pandas in (a DMA's inflow, m³/h, on a DatetimeIndex in local time), pandas out. The minimum of the
inflow between 02:00 and 04:00 is the night when use is lowest; legitimate night use is what customers still
draw (about 6 % of the population active, mostly flushing — DOMAIN.md §9.2 — plus metered exceptional night
users); what is left is night leakage. A rise of the night leakage above its recent baseline is the sign to send
a leak-detection crew.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

NIGHT_START_H = 2
NIGHT_END_H = 4
ACTIVE_SHARE = 0.06  # of the population active at night (DOMAIN.md §9.2)
FLUSH_L = 6.0  # litres a night-time use draws (one flush of a modern cistern)
USES_PER_ACTIVE_PERSON_H = 1.0


@dataclass(frozen=True)
class NightUse:
    """What customers legitimately draw at night, m³/h."""

    population: float = 0.0
    exceptional_m3_h: float = 0.0  # metered night users (a hospital, a factory on night shift)
    active_share: float = ACTIVE_SHARE
    litres_per_use: float = FLUSH_L
    uses_per_hour: float = USES_PER_ACTIVE_PERSON_H

    @property
    def m3_h(self) -> float:
        return self.population * self.active_share * self.uses_per_hour * self.litres_per_use / 1000.0 + (
            self.exceptional_m3_h
        )


def night_minimum(inflow: pd.Series, start_h: int = NIGHT_START_H, end_h: int = NIGHT_END_H) -> pd.Series:
    """Each night's minimum inflow (m³/h) between ``start_h`` and ``end_h`` o'clock, indexed by the date."""
    if not isinstance(inflow.index, pd.DatetimeIndex):
        raise ValueError("the inflow needs a DatetimeIndex")
    hours = inflow.index.hour
    night = inflow[(hours >= start_h) & (hours < end_h)].dropna()
    if night.empty:
        return pd.Series(dtype=float, name="mnf_m3_h")
    out = night.groupby(night.index.normalize()).min()
    out.index.name = "date"
    return out.rename("mnf_m3_h")


def night_leakage(inflow: pd.Series, use: NightUse = NightUse()) -> pd.DataFrame:
    """Per night: the minimum flow, the legitimate night use, and the night leakage (never below zero), m³/h."""
    mnf = night_minimum(inflow)
    frame = mnf.to_frame()
    frame["legitimate_m3_h"] = use.m3_h
    frame["leakage_m3_h"] = (frame["mnf_m3_h"] - use.m3_h).clip(lower=0.0)
    return frame


def trend_m3_h_per_day(series: pd.Series) -> float:
    """The least-squares slope of a nightly series, m³/h per day (0 with fewer than two nights)."""
    clean = series.dropna()
    if len(clean) < 2:
        return 0.0
    days = (clean.index - clean.index[0]).days.to_numpy(dtype=float)
    if np.ptp(days) == 0:
        return 0.0
    return float(np.polyfit(days, clean.to_numpy(dtype=float), 1)[0])


@dataclass(frozen=True)
class Rise:
    """Whether the last nights' leakage rose above the baseline before them."""

    risen: bool
    baseline_m3_h: float
    recent_m3_h: float
    change_m3_h: float
    change_percent: float | None


def rise(
    leakage: pd.Series,
    *,
    baseline_nights: int = 14,
    recent_nights: int = 3,
    threshold: float = 0.2,
    min_change_m3_h: float = 0.5,
) -> Rise:
    """Compare the median of the last ``recent_nights`` with the median of the ``baseline_nights`` before them.

    Risen when the recent median is above the baseline by more than ``threshold`` (a share) and by at least
    ``min_change_m3_h`` (so that a tiny DMA's noise is not an alarm).
    """
    clean = leakage.dropna()
    if len(clean) < recent_nights + 2:
        return Rise(False, float("nan"), float("nan"), 0.0, None)
    recent = clean.iloc[-recent_nights:]
    base = clean.iloc[-(recent_nights + baseline_nights) : -recent_nights]
    baseline, now = float(base.median()), float(recent.median())
    change = now - baseline
    share = change / baseline if baseline > 0 else None
    risen = change >= min_change_m3_h and (share is None or share > threshold)
    return Rise(risen, baseline, now, change, None if share is None else 100.0 * share)


def ranking(leakage_by_dma: dict[str, float], connections: dict[str, int]) -> pd.DataFrame:
    """DMAs by night leakage per connection (L/h per connection), worst first."""
    rows = []
    for dma, leak in leakage_by_dma.items():
        n = connections.get(dma) or 0
        rows.append(
            {
                "dma": dma,
                "leakage_m3_h": leak,
                "connections": n,
                "l_per_connection_h": leak * 1000.0 / n if n else np.nan,
            }
        )
    frame = pd.DataFrame(rows, columns=["dma", "leakage_m3_h", "connections", "l_per_connection_h"])
    return frame.sort_values("l_per_connection_h", ascending=False, na_position="last").reset_index(drop=True)
