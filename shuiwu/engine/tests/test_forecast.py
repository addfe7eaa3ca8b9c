"""Demand forecasting: a known weekly pattern comes back, gaps cost nothing, the level follows, holidays, DST,
the daily variant's interval and threshold, the BWDF indicators."""

from datetime import date

import numpy as np
import pandas as pd
import pytest

from shuiwu.engine import forecast as fc

START = pd.Timestamp("2026-03-02")  # a Monday


def weekly(index: pd.DatetimeIndex, base: float = 20.0) -> np.ndarray:
    """A DMA's inflow: a daily double peak, lower at weekends, lowest at night."""
    hour = index.hour.to_numpy()
    day = np.exp(-((hour - 8) ** 2) / 6) + 0.8 * np.exp(-((hour - 20) ** 2) / 8)
    weekend = np.where(index.day_of_week.to_numpy() >= 5, 0.85, 1.0)
    return base * (0.4 + day) * weekend


def history(weeks: int = 8, noise: float = 0.02, seed: int = 1, columns=("DMA A", "DMA B")) -> pd.DataFrame:
    index = pd.date_range(START - pd.Timedelta(weeks=weeks), START, freq="h", inclusive="left")
    rng = np.random.default_rng(seed)
    data = {
        name: weekly(index, 10.0 * (i + 1)) * (1 + noise * rng.standard_normal(len(index)))
        for i, name in enumerate(columns)
    }
    return pd.DataFrame(data, index=index)


def truth(hours: int = 168, columns=("DMA A", "DMA B")) -> pd.DataFrame:
    index = pd.date_range(START, periods=hours, freq="h")
    return pd.DataFrame({name: weekly(index, 10.0 * (i + 1)) for i, name in enumerate(columns)}, index=index)


def mape(result: pd.DataFrame, actual: pd.DataFrame) -> float:
    return float((result / actual - 1).abs().mean().mean())


def test_a_known_weekly_pattern_comes_back():
    result = fc.forecast_hourly(history(), start=START)
    assert list(result.columns) == ["DMA A", "DMA B"]
    assert result.index.equals(pd.date_range(START, periods=168, freq="h"))
    assert result.notna().all().all()
    assert mape(result, truth()) < 0.02
    naive = fc.seasonal_naive(history(), START)
    assert mape(result, truth()) < mape(naive, truth())


def test_the_start_defaults_to_the_hour_after_the_history_and_hours_are_respected():
    result = fc.forecast_hourly(history(), hours=30)
    assert result.index[0] == START and len(result) == 30


def test_gaps_in_the_history_leave_no_gap_in_the_forecast():
    past = history()
    rng = np.random.default_rng(3)
    past = past.mask(rng.random(past.shape) < 0.2)  # a fifth of the values missing
    past.loc[START - pd.Timedelta(days=9) : START - pd.Timedelta(days=8), "DMA A"] = np.nan  # a whole day
    past = past.drop(past.index[100:130])  # and rows missing altogether
    for method in ("profile", "regression"):
        result = fc.forecast_hourly(past, start=START, hours=200, method=method)
        assert len(result) == 200 and result.notna().all().all()
        assert mape(result.iloc[:168], truth()) < 0.04


def test_the_forecast_follows_a_new_level():
    past = history()
    past.loc[past.index >= START - pd.Timedelta(days=7)] *= 1.15  # a hot week: 15 % more
    result = fc.forecast_hourly(past, start=START)
    ratio = float((result / truth()).mean().mean())
    assert 1.10 < ratio < 1.2


def test_a_holiday_is_forecast_like_a_sunday():
    holiday = date(2026, 3, 4)  # a Wednesday
    days_off = {holiday, date(2026, 2, 4)}
    past = history()
    on_holiday = past.index.date == date(2026, 2, 4)
    past.loc[on_holiday] = past.loc[past.index.date == date(2026, 2, 1)].to_numpy()  # that Wednesday was a Sunday
    result = fc.forecast_hourly(past, start=START, holidays=days_off)
    wednesday = result[result.index.date == holiday]
    sunday = result[result.index.date == date(2026, 3, 8)]
    assert np.allclose(wednesday.to_numpy(), sunday.to_numpy(), rtol=0.05)


def test_a_zone_aware_history_across_daylight_saving_stays_on_its_local_hours():
    index = pd.date_range("2026-02-01", "2026-04-06", freq="h", tz="Europe/Rome", inclusive="left")
    local = index.tz_localize(None)
    past = pd.DataFrame({"DMA A": weekly(local)}, index=index)  # the pattern follows the wall clock
    start = pd.Timestamp("2026-04-06", tz="Europe/Rome")
    result = fc.forecast_hourly(past, start=start)
    assert len(result) == 168 and result.index.tz is not None
    assert (np.diff(result.index.asi8) == np.diff(result.index.asi8)[0]).all()  # one hour apart
    expected = weekly(result.index.tz_localize(None))
    assert np.allclose(result["DMA A"].to_numpy(), expected, rtol=0.01)


def test_weather_feeds_the_regression_and_its_absence_is_allowed():
    past = history()
    index = pd.date_range(past.index[0], START + pd.Timedelta(hours=167), freq="h")
    weather = pd.DataFrame({"Temperature": 15 + 5 * np.sin(np.arange(len(index)) / 24), "Rain": 0.0}, index=index)
    with_weather = fc.forecast_hourly(past, weather, START, method="regression")
    without = fc.forecast_hourly(past, None, START, method="regression")
    assert with_weather.notna().all().all() and without.notna().all().all()
    assert mape(with_weather, truth()) < 0.03


def test_bad_input_is_refused():
    with pytest.raises(fc.ForecastError):
        fc.forecast_hourly(history(), start=START - pd.Timedelta(weeks=9))
    with pytest.raises(fc.ForecastError):
        fc.forecast_hourly(history(), start=START, hours=0)
    with pytest.raises(fc.ForecastError):
        fc.forecast_hourly(history(), start=START, method="magic")
    with pytest.raises(fc.ForecastError):
        fc.forecast_hourly(history() * 0, start=START)  # nothing positive to scale a profile with


def daily_supply(days: int = 120, seed: int = 5) -> tuple[pd.Series, pd.Series]:
    """A city's daily supply (m³/day): weekday pattern, +2 % per °C above 20, with noise; and its temperature."""
    index = pd.date_range("2026-01-01", periods=days + 7, freq="D")
    rng = np.random.default_rng(seed)
    temperature = pd.Series(20 + 8 * np.sin(np.arange(len(index)) / 15), index=index)
    weekday = np.where(index.day_of_week >= 5, 0.93, 1.0)
    volume = (
        180_000 * weekday * (1 + 0.02 * (temperature.to_numpy() - 20)) * (1 + 0.01 * rng.standard_normal(len(index)))
    )
    return pd.Series(volume, index=index), temperature


def test_daily_forecast_with_temperature_interval_and_threshold():
    volume, temperature = daily_supply()
    start = volume.index[-7]
    result = fc.forecast_daily(volume[volume.index < start], temperature, start.date(), threshold=190_000)
    assert list(result.columns) == ["forecast", "low", "high", "p_above"]
    assert len(result) == 7 and result.index[0] == start.date()
    assert (result["low"] <= result["forecast"]).all() and (result["forecast"] <= result["high"]).all()
    assert ((result["p_above"] >= 0) & (result["p_above"] <= 1)).all()
    actual = volume.iloc[-7:].to_numpy()
    assert np.mean(np.abs(result["forecast"].to_numpy() / actual - 1)) < 0.03
    # A day forecast well above the threshold is likely above it, and well below unlikely.
    high = fc.forecast_daily(volume[volume.index < start], temperature, start.date(), threshold=100_000)
    assert (high["p_above"] > 0.9).all()


def test_daily_forecast_of_several_series_and_with_a_short_history():
    volume, _ = daily_supply()
    frame = pd.DataFrame({"PLANT-1": volume * 0.6, "PLANT-2": volume * 0.4})
    result = fc.forecast_daily(frame.iloc[:-7], days=7)
    assert list(result.columns.get_level_values(0).unique()) == ["PLANT-1", "PLANT-2"]
    assert result[("PLANT-1", "forecast")].notna().all()
    short = fc.forecast_daily(volume.iloc[:20], days=7)  # three weeks: the profile, still an interval or none
    assert len(short) == 7 and short["forecast"].notna().all()
    assert (short["low"] <= short["high"]).all()


def test_bwdf_indicators():
    actual = pd.Series(np.full(168, 10.0))
    forecast = actual.copy()
    forecast.iloc[3] = 14.0  # 4 off in the first day
    forecast.iloc[30:42] = 12.0  # 2 off for 12 hours later in the week
    pi1, pi2, pi3 = fc.bwdf_indicators(forecast, actual)
    assert pi1 == pytest.approx(4 / 24)
    assert pi2 == pytest.approx(4.0)
    assert pi3 == pytest.approx(2 * 12 / 144)
