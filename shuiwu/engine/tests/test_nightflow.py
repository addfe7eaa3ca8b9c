"""Minimum night flow: the 02:00–04:00 minimum, legitimate night use, leakage, trend, rise, ranking."""

import numpy as np
import pandas as pd
import pytest

from shuiwu.engine import nightflow as nf


def inflow(days=20, leak_from=None, extra=0.0):
    """A DMA's 15-minute inflow: a daily curve whose night floor is 10 m³/h, plus a leak from a given day."""
    index = pd.date_range("2026-07-01", periods=days * 96, freq="15min")
    hours = index.hour + index.minute / 60
    flow = 10 + 30 * np.clip(np.sin((hours - 5) / 19 * np.pi), 0, None)
    series = pd.Series(flow, index=index)
    if leak_from is not None:
        series[series.index >= pd.Timestamp("2026-07-01") + pd.Timedelta(days=leak_from)] += extra
    return series


def test_the_night_minimum_is_taken_between_two_and_four():
    series = inflow(days=3)
    series[series.index.hour == 1] = 1.0  # a dip at one o'clock is not the night window
    mnf = nf.night_minimum(series)
    assert list(mnf.index.day) == [1, 2, 3]
    assert mnf.round(6).eq(10.0).all()


def test_night_leakage_is_the_minimum_less_legitimate_use():
    use = nf.NightUse(population=5_000, exceptional_m3_h=0.2)
    assert use.m3_h == pytest.approx(5_000 * 0.06 * 6 / 1000 + 0.2)  # 2.0 m³/h
    frame = nf.night_leakage(inflow(days=2), use)
    assert frame["leakage_m3_h"].round(6).eq(8.0).all()
    assert nf.night_leakage(inflow(days=1), nf.NightUse(population=100_000))["leakage_m3_h"].iloc[0] == 0.0


def test_a_new_leak_is_a_rise_and_a_trend():
    leakage = nf.night_leakage(inflow(days=20, leak_from=17, extra=4.0))["leakage_m3_h"]
    found = nf.rise(leakage)
    assert found.risen and found.change_m3_h == pytest.approx(4.0) and found.change_percent == pytest.approx(40.0)
    assert nf.trend_m3_h_per_day(leakage) > 0
    assert not nf.rise(nf.night_leakage(inflow(days=20))["leakage_m3_h"]).risen


def test_a_small_change_in_a_small_dma_is_not_an_alarm():
    leakage = pd.Series([1.0] * 14 + [1.4] * 3, index=pd.date_range("2026-07-01", periods=17))
    assert not nf.rise(leakage).risen  # 40 % up, but only 0.4 m³/h


def test_dmas_are_ranked_by_leakage_per_connection():
    table = nf.ranking({"DMA1": 8.0, "DMA2": 3.0, "DMA3": 1.0}, {"DMA1": 4_000, "DMA2": 500, "DMA3": 0})
    assert list(table["dma"]) == ["DMA2", "DMA1", "DMA3"]
    assert table.loc[0, "l_per_connection_h"] == pytest.approx(6.0)


def test_an_inflow_without_times_is_refused():
    with pytest.raises(ValueError, match="DatetimeIndex"):
        nf.night_minimum(pd.Series([1.0, 2.0]))
