"""Short-term demand forecasting: hourly DMA inflow for the next week, daily plant supply for the next days.

No Django: pandas in (a DatetimeIndex, one column per series), pandas out. Two methods, each series on its own:

- ``profile`` (the default of ``forecast_hourly``, the best on the BWDF data): the mean of the same hour of the
  same kind of day (weekday; holidays count as Sundays) over the last ``weeks`` weeks, scaled by the ratio of the
  last ``level_days`` days to that profile (kept within ``level_limits``). Gaps only thin the means.
- ``regression`` (the default of ``forecast_daily``): that profile (holidays left out, spikes beyond a factor
  ``SPIKE`` too) corrected by a ridge regression of log(value / profile), fitted at each forecast on the last
  ``train_weeks`` weeks from past origins at the forecast's hour over its horizon, on the hour of the day,
  holidays, the recent level against the profile (fading over the horizon) and, when given, the temperature and
  the rain. Its fitted errors give the daily forecast's prediction interval.

``seasonal_naive`` (the same hour a week before) is the baseline the benchmark measures against; figures and the
reasons for the choices are in docs/forecasting.md.

Time is the index's: naive timestamps are local wall-clock hours; a zone-aware index is kept (the profile and
the calendar use its local hours). Holidays are a set of dates given by the caller (the engine knows no
country): Chinese holidays from the service app's Holiday data, Italian ones for the BWDF data.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

import numpy as np
import pandas as pd

HOURS_PER_WEEK = 168
SPIKE = 2.5  # a value more than this factor away from the median profile is left out of the profile
HOT_C = 25.0  # above this the heat adds to demand faster (garden watering, showers)


@dataclass(frozen=True)
class Settings:
    """Tuning of the method (defaults chosen on BWDF weeks that are not the evaluation weeks)."""

    weeks: int = 6  # weeks in the profile
    level_days: int = 3  # days of the recent level against the profile
    level_limits: tuple[float, float] = (0.8, 1.25)  # the level's correction is kept within these factors
    train_weeks: int = 52  # history the correction is fitted on
    halflife_weeks: float = 26.0  # older samples weigh less
    ridge: float = 3.0  # penalty on the standardised correction terms
    clip: float = 0.7  # |log(value / profile)| beyond this is clipped when fitting (outliers)


DEFAULT = Settings()


class ForecastError(ValueError):
    """The input cannot be forecast (empty, not regular, start before the history)."""


# --- public API ------------------------------------------------------------------------------------------------


def forecast_hourly(
    history: pd.DataFrame | pd.Series,
    weather: pd.DataFrame | None = None,
    start=None,
    hours: int = HOURS_PER_WEEK,
    holidays: Iterable[date] = (),
    settings: Settings = DEFAULT,
    method: str = "profile",
) -> pd.DataFrame:
    """The next ``hours`` hourly values of each column of ``history`` from ``start`` (default: the hour after it).

    ``history``: hourly values on a DatetimeIndex (gaps and NaN allowed, only what is before ``start`` is used).
    ``weather``: hourly weather on a DatetimeIndex covering history and forecast (columns matched by name,
    case-insensitive: ``Temperature`` °C, ``Rain`` mm; others are ignored); None forecasts without weather.
    ``method``: ``"profile"`` (the weekly profile × the recent level: the default, the best on BWDF) or
    ``"regression"`` (the profile corrected by the ridge regression, which uses the weather).
    Returns a DataFrame on the ``hours`` hourly timestamps from ``start`` with the same columns, no gaps.
    """
    if method not in ("profile", "regression"):
        raise ForecastError(f"unknown method {method!r}")
    frame, start, out_index = _wall_clock(_as_frame(history), start, hours)
    steps = hours + 1 if out_index is not None else hours  # a zone's autumn hour can reach one step further
    grid, origin = _grid(frame.index, start, steps, freq="h")
    cal = _Calendar(grid, steps_per_day=24, holidays=holidays)
    if method == "profile":
        result = _profile_forecast(frame.reindex(grid[:origin]), cal, origin, steps, settings)
        return _on_output_index(result.set_axis(grid[origin:]), out_index, hours)
    tz = out_index.tz if out_index is not None else None
    wx = _hourly_weather(weather, grid, tz) if weather is not None else {}
    out = {}
    for name in frame.columns:
        values = frame[name].reindex(grid[:origin]).to_numpy(dtype=float)
        out[name] = _forecast_one(values, origin, steps, cal, wx, settings)[0]
    return _on_output_index(pd.DataFrame(out, index=grid[origin:], columns=frame.columns), out_index, hours)


def forecast_daily(
    daily_history: pd.DataFrame | pd.Series,
    temperature: pd.Series | None = None,
    start=None,
    days: int = 7,
    holidays: Iterable[date] = (),
    interval: float = 0.8,
    threshold: float | None = None,
    settings: Settings = DEFAULT,
    method: str = "regression",
) -> pd.DataFrame:
    """The next ``days`` daily volumes (m³/day) with a prediction interval, for a Series or each column.

    ``daily_history``: daily volumes on a date or DatetimeIndex (gaps allowed; only days before ``start``).
    ``temperature``: daily mean °C on the same kind of index, covering the forecast days (None: without).
    Returns, for a Series, a DataFrame indexed by date with ``forecast``, ``low``, ``high`` (the central
    ``interval`` of the fitted errors at that horizon) and, with ``threshold``, ``p_above`` (the share of those
    errors that would put the day above it); for a DataFrame the same fields under each column (MultiIndex).
    ``method``: ``"regression"`` (default: the profile of the weekday corrected by the recent level, holidays
    and the temperature; its fitted errors give the interval) or ``"profile"`` (the weekday profile × the
    recent level; the interval from its errors over the last 26 weeks). With less history than the regression
    needs (about eight weeks), the profile is used.
    """
    if method not in ("profile", "regression"):
        raise ForecastError(f"unknown method {method!r}")
    single = isinstance(daily_history, pd.Series)
    frame = _as_frame(daily_history)
    frame.index = pd.DatetimeIndex(pd.to_datetime(frame.index)).normalize()
    grid, origin = _grid(frame.index, pd.Timestamp(start) if start is not None else None, days, freq="D")
    cal = _Calendar(grid, steps_per_day=1, holidays=holidays)
    wx = {}
    if temperature is not None:
        temp = temperature.copy()
        temp.index = pd.DatetimeIndex(pd.to_datetime(temp.index)).normalize()
        temp = temp[~temp.index.duplicated()].reindex(grid).astype(float).interpolate(limit_direction="both")
        if temp.notna().all():
            wx["temperature"] = temp.to_numpy()
            wx["day_temperature"] = wx["temperature"]
    low_q, high_q = (1 - interval) / 2, 1 - (1 - interval) / 2
    parts = {}
    for name in frame.columns:
        history = frame[[name]].reindex(grid[:origin])
        residuals = {}
        if method == "regression":
            point, residuals = _forecast_one(history[name].to_numpy(dtype=float), origin, days, cal, wx, settings)
        if not residuals:
            point = _profile_forecast(history, cal, origin, days, settings)[name].to_numpy()
            backtest = _daily_backtest_errors(history, cal, origin, days, settings)
            residuals = {h: np.asarray([e[0] for e in errs if np.isfinite(e[0])]) for h, errs in backtest.items()}
        residuals = {h: r for h, r in residuals.items() if len(r) >= 5}
        fields = {"forecast": point, "low": point.copy(), "high": point.copy()}
        if threshold is not None:
            fields["p_above"] = (point > threshold).astype(float)
        for h in range(days):
            if not residuals:
                break
            errors = residuals[min(h, max(residuals))] if h not in residuals else residuals[h]
            fields["low"][h] = point[h] * np.exp(np.quantile(errors, low_q))
            fields["high"][h] = point[h] * np.exp(np.quantile(errors, high_q))
            if threshold is not None:
                fields["p_above"][h] = float(np.mean(point[h] * np.exp(errors) > threshold))
        parts[name] = pd.DataFrame(fields, index=pd.Index(grid[origin:].date, name="date"))
    if single:
        return next(iter(parts.values()))
    return pd.concat(parts, axis=1)


def seasonal_naive(history: pd.DataFrame | pd.Series, start=None, hours: int = HOURS_PER_WEEK) -> pd.DataFrame:
    """The baseline: each hour as the same hour a week before (gaps from the week before that, and so on)."""
    frame, start, out_index = _wall_clock(_as_frame(history), start, hours)
    steps = hours + 1 if out_index is not None else hours
    grid, origin = _grid(frame.index, start, steps, freq="h")
    out = {}
    for name in frame.columns:
        values = np.concatenate([frame[name].reindex(grid[:origin]).to_numpy(dtype=float), np.full(steps, np.nan)])
        for i in range(origin, origin + steps):
            for back in range(HOURS_PER_WEEK, i + 1, HOURS_PER_WEEK):
                if np.isfinite(values[i - back]):
                    values[i] = values[i - back]
                    break
        forecast = pd.Series(values[origin:])
        out[name] = forecast.ffill().bfill().fillna(np.nanmean(values[:origin])).to_numpy()
    return _on_output_index(pd.DataFrame(out, index=grid[origin:], columns=frame.columns), out_index, hours)


def bwdf_indicators(forecast: pd.Series, actual: pd.Series) -> tuple[float, float, float]:
    """The Battle of Water Demand Forecasting's indicators of a week: PI1 (MAE of the first 24 hours), PI2 (the
    largest absolute error of the first 24 hours), PI3 (MAE of hours 25–168); missing actual values skipped."""
    error = (np.asarray(forecast, dtype=float) - np.asarray(actual, dtype=float))[:HOURS_PER_WEEK]
    error = np.abs(error)
    return float(np.nanmean(error[:24])), float(np.nanmax(error[:24])), float(np.nanmean(error[24:]))


# --- the method ------------------------------------------------------------------------------------------------


def _profile_forecast(frame: pd.DataFrame, cal: _Calendar, origin: int, steps: int, settings: Settings):
    """Weekly profile × recent level, all columns at once.

    The profile of a step is the mean of the same slot of the same kind of day (the weekday; holidays count as
    Sundays) over the last ``weeks`` weeks; the level is the ratio of the last ``level_days`` days' values to the
    profile's at the same steps (where known), kept within ``level_limits``.
    """
    kind = np.where(cal.holiday, 6, cal.weekday)
    key = kind * cal.per_day + cal.slot
    past = slice(max(0, origin - settings.weeks * cal.season), origin)
    recent = frame.iloc[past]
    values = recent.where(recent > 0)  # the profile multiplies: non-positive values are missing
    profile = values.groupby(key[past]).mean()
    by_slot = values.groupby(cal.slot[past]).mean()
    overall = frame.where(frame > 0).mean()
    if overall.isna().any():
        raise ForecastError(f"{overall.index[overall.isna()][0]}: no positive value before the start")

    def lookup(keys, slots):
        out = profile.reindex(keys).set_axis(range(len(keys)))
        out = out.fillna(by_slot.reindex(slots).set_axis(range(len(keys))))
        return out.fillna(overall)

    future = lookup(key[origin : origin + steps], cal.slot[origin : origin + steps])
    lo = max(0, origin - settings.level_days * cal.per_day)
    last = frame.iloc[lo:origin].where(frame.iloc[lo:origin] > 0).set_axis(range(origin - lo))
    expected = lookup(key[lo:origin], cal.slot[lo:origin]).where(last.notna())
    with np.errstate(all="ignore"):
        level = (last.sum() / expected.sum()).where(last.count() >= cal.per_day / 2, 1.0)
    level = level.fillna(1.0).clip(*settings.level_limits)
    return future * level


def _daily_backtest_errors(frame, cal, origin, steps, settings, weeks=26):
    """log(actual / forecast) of the method from each of the last ``weeks`` × 7 origins, by day of the horizon."""
    errors: dict[int, list] = {h: [] for h in range(steps)}
    for o in range(origin - steps, max(origin - weeks * cal.season, settings.weeks * cal.season) - 1, -1):
        predicted = _profile_forecast(frame.iloc[:o], cal, o, steps, settings).to_numpy()
        actual = frame.iloc[o : min(o + steps, origin)].to_numpy()
        for h in range(len(actual)):
            with np.errstate(all="ignore"):
                errors[h].append(np.log(actual[h] / predicted[h]))
    return errors


def _wall_clock(frame: pd.DataFrame, start, hours: int):
    """A zone-aware history on its local wall clock (the autumn hour that repeats averaged, the spring hour
    that is skipped a gap), the start on that clock, and the zone-aware output index (None if naive)."""
    if frame.index.tz is None:
        if start is not None and pd.Timestamp(start).tz is not None:
            raise ForecastError("the start has a time zone and the history has none")
        return frame, start, None
    tz = frame.index.tz
    start = frame.index[-1] + pd.Timedelta(hours=1) if start is None else pd.Timestamp(start)
    start = start.tz_localize(tz) if start.tz is None else start.tz_convert(tz)
    out_index = pd.date_range(start.floor("h"), periods=hours, freq="h")
    local = frame.groupby(frame.index.tz_localize(None)).mean()
    return local, start.tz_localize(None).floor("h"), out_index


def _on_output_index(result: pd.DataFrame, out_index, hours: int) -> pd.DataFrame:
    if out_index is None:
        return result.iloc[:hours]
    values = result.reindex(out_index.tz_localize(None)).ffill().bfill()
    return values.set_axis(out_index)


def _as_frame(history) -> pd.DataFrame:
    frame = history.to_frame() if isinstance(history, pd.Series) else history.copy()
    if not isinstance(frame.index, pd.DatetimeIndex):
        try:
            frame.index = pd.DatetimeIndex(pd.to_datetime(frame.index))
        except (TypeError, ValueError) as exc:
            raise ForecastError("the history needs a DatetimeIndex") from exc
    frame = frame[~frame.index.duplicated(keep="last")].sort_index()
    if frame.empty or frame.shape[1] == 0:
        raise ForecastError("the history is empty")
    return frame.apply(pd.to_numeric, errors="coerce")


def _grid(index: pd.DatetimeIndex, start, steps: int, freq: str) -> tuple[pd.DatetimeIndex, int]:
    """A regular grid from the first observation to the end of the forecast, and the position of ``start``."""
    if steps <= 0:
        raise ForecastError("the horizon must be at least one step")
    first = index[0].floor(freq) if freq == "h" else index[0].normalize()
    if start is None:
        start = index[-1] + pd.Timedelta(1, unit=freq)
    start = pd.Timestamp(start)
    if index.tz is not None and start.tz is None:
        start = start.tz_localize(index.tz)
    elif index.tz is None and start.tz is not None:
        raise ForecastError("the start has a time zone and the history has none")
    start = start.floor(freq) if freq == "h" else start.normalize()
    if start <= first:
        raise ForecastError("the start must be after the first value of the history")
    history_steps = pd.date_range(first, start, freq=freq, inclusive="left")
    future = pd.date_range(start, periods=steps, freq=freq)
    return history_steps.append(future), len(history_steps)


class _Calendar:
    """Per grid step: slot of the day, weekday, holiday flag, day number, and the season (a week) in steps."""

    def __init__(self, grid: pd.DatetimeIndex, steps_per_day: int, holidays: Iterable[date]):
        self.per_day = steps_per_day
        self.season = 7 * steps_per_day
        self.slot = np.asarray(grid.hour if steps_per_day == 24 else np.zeros(len(grid), dtype=int))
        self.weekday = np.asarray(grid.day_of_week)
        days = set(holidays or ())
        self.holiday = np.asarray([d in days for d in grid.date], dtype=bool) if days else np.zeros(len(grid), bool)
        self.day = np.asarray((grid.normalize() - grid[0].normalize()).days)


def _hourly_weather(weather: pd.DataFrame, grid: pd.DatetimeIndex, tz=None) -> dict[str, np.ndarray]:
    """The weather terms on the (wall-clock) grid: temperature, the day's mean temperature, rain."""
    columns = {str(c).strip().lower(): c for c in weather.columns}
    frame = weather.apply(pd.to_numeric, errors="coerce")
    frame.index = pd.DatetimeIndex(frame.index)
    if frame.index.tz is not None:
        frame.index = frame.index.tz_convert(tz or frame.index.tz).tz_localize(None)
    frame = frame.groupby(frame.index).mean()
    out = {}
    if "temperature" in columns:
        temp = frame[columns["temperature"]].reindex(grid).interpolate(limit_direction="both")
        if temp.notna().all():
            out["temperature"] = temp.to_numpy()
            out["day_temperature"] = temp.groupby(grid.normalize()).transform("mean").to_numpy()
    if "rain" in columns:
        rain = frame[columns["rain"]].reindex(grid).fillna(0.0).clip(lower=0)
        out["rain"] = rain.to_numpy()
    return out


def _shift(values: np.ndarray, k: int) -> np.ndarray:
    """values[i - k] at i (NaN before the start)."""
    out = np.full(values.shape, np.nan)
    if k < len(values):
        out[k:] = values[: len(values) - k]
    return out


def _profile(y: np.ndarray, cal: _Calendar, weeks: int, robust: bool) -> np.ndarray:
    """Per step, the mean (or median) of the same step of the last ``weeks`` weeks, holidays left out."""
    y = np.where(cal.holiday, np.nan, y)
    lags = np.vstack([_shift(y, cal.season * k) for k in range(1, weeks + 1)])
    with np.errstate(all="ignore"), _quiet():
        return np.nanmedian(lags, axis=0) if robust else np.nanmean(lags, axis=0)


class _quiet:
    def __enter__(self):
        import warnings

        self._w = warnings.catch_warnings()
        self._w.__enter__()
        warnings.simplefilter("ignore", RuntimeWarning)

    def __exit__(self, *exc):
        self._w.__exit__(*exc)


def _fill_profile(p: np.ndarray, y: np.ndarray, cal: _Calendar, origin: int) -> np.ndarray:
    """Where the profile is missing: the same slot's mean over the last four weeks, else the history's mean."""
    missing = ~np.isfinite(p)
    if not missing.any():
        return p
    recent = slice(max(0, origin - 4 * cal.season), origin)
    ys, slots = y[recent], cal.slot[recent]
    with _quiet():
        overall = np.nanmean(y[:origin]) if np.isfinite(y[:origin]).any() else 1.0
        by_slot = {s: np.nanmean(ys[slots == s]) for s in np.unique(cal.slot)}
    fill = np.array([by_slot.get(s, np.nan) for s in cal.slot])
    fill = np.where(np.isfinite(fill), fill, overall)
    # Beyond the first week of the forecast the profile repeats itself week by week.
    out = np.where(missing, np.nan, p)
    for i in np.flatnonzero(missing):
        back = i - cal.season
        out[i] = out[back] if back >= 0 and np.isfinite(out[back]) and i >= origin else fill[i]
    return out


def _window_ratio(y: np.ndarray, p: np.ndarray, width: int, min_share: float = 0.5) -> np.ndarray:
    """At each origin i: log(sum y / sum profile) over steps [i - width, i) where both are known, else 0."""
    known = np.isfinite(y) & np.isfinite(p) & (p > 0)
    a = np.concatenate([[0.0], np.cumsum(np.where(known, y, 0.0))])
    b = np.concatenate([[0.0], np.cumsum(np.where(known, p, 0.0))])
    c = np.concatenate([[0], np.cumsum(known)])
    idx = np.arange(len(y) + 1)
    lo = np.maximum(idx - width, 0)
    sa, sb, sc = a[idx] - a[lo], b[idx] - b[lo], c[idx] - c[lo]
    with np.errstate(all="ignore"):
        r = np.where((sc >= min_share * width) & (sa > 0) & (sb > 0), np.log(sa / sb), 0.0)
    return r  # r[i] covers [i - width, i)


def _rolling_sum(x: np.ndarray, width: int) -> np.ndarray:
    """At step i: the sum of x over (i - width, i]."""
    c = np.concatenate([[0.0], np.cumsum(x)])
    idx = np.arange(1, len(x) + 1)
    return c[idx] - c[np.maximum(idx - width, 0)]


def _forecast_one(values, origin, steps, cal, wx, settings):
    """One series: the point forecast over ``steps`` and the fitted log errors by day of the horizon."""
    n = origin + steps
    y = np.full(n, np.nan)
    y[:origin] = np.where(np.asarray(values, float) > 0, values, np.nan)  # log model: non-positive is missing
    if not np.isfinite(y).any():
        raise ForecastError("a series has no positive value before the start")
    # Spikes out of the profile: far from a first, median profile.
    p0 = _profile(y, cal, settings.weeks, robust=True)
    with np.errstate(all="ignore"):
        spike = np.isfinite(p0) & (np.abs(np.log(y / p0)) > np.log(SPIKE))
    clean = np.where(spike, np.nan, y)
    p = _fill_profile(_profile(clean, cal, settings.weeks, robust=False), clean, cal, origin)

    season, per_day = cal.season, cal.per_day
    r_week = _window_ratio(clean, p, season)
    r_day = _window_ratio(clean, p, per_day) if per_day > 1 else np.zeros(n + 1)
    r_now = _window_ratio(clean, p, 3, min_share=0.3) if per_day > 1 else _window_ratio(clean, p, 1, 1.0)

    horizon = min(steps, season)
    lowest = max(settings.weeks * season, season)
    first = max(origin - settings.train_weeks * season, lowest)
    stride = 2 * per_day if per_day > 1 else 1  # hourly: every other day is enough (and twice as fast)
    origins = np.arange(origin - per_day, first - 1, -stride)[::-1]  # same slot of the day as the forecast
    origins = origins[origins + 1 <= origin]

    def design(o, h):
        t = o + h
        cols = [np.eye(per_day)[cal.slot[t]] if per_day > 1 else np.ones((len(t), 1))]
        day_h = h // per_day
        buckets = [(day_h == 0), (day_h == 1), (day_h >= 2)]
        hol = cal.holiday[t]
        if per_day > 1:
            block = cal.slot[t] // 4
            cols.append(np.column_stack([hol & (block == b) for b in range(6)]).astype(float))
        else:
            cols.append(hol[:, None].astype(float))
        cols.append(np.column_stack([r_week[o] * b for b in buckets]))
        if per_day > 1:
            cols.append(np.column_stack([r_day[o] * b for b in buckets]))
            cols.append(np.column_stack([r_now[o] * np.exp(-h / 2.0), r_now[o] * np.exp(-h / 8.0)]))
        else:
            cols.append(np.column_stack([r_now[o] * b for b in buckets]))
        if "temperature" in wx:
            temp = wx["temperature"]
            base = temp_week[o]
            day_temp = wx["day_temperature"][t]
            terms = [temp[t] - base] if per_day > 1 else []
            cols.append(np.column_stack([*terms, day_temp - base, np.maximum(day_temp - HOT_C, 0)]))
        if "rain" in wx:
            cols.append(np.column_stack([np.log1p(rain_day[t]), np.log1p(rain_3days[t])]))
        return np.hstack(cols)

    if "temperature" in wx:
        temp_week = _rolling_sum(np.r_[wx["temperature"], 0.0], season) / np.minimum(np.arange(1, n + 2), season)
        temp_week = np.r_[temp_week[0], temp_week[:-1]]  # mean over [o - season, o)
    if "rain" in wx:
        rain_day = _rolling_sum(wx["rain"], per_day if per_day > 1 else 1)
        rain_3days = _rolling_sum(wx["rain"], 3 * per_day)

    n_fixed = per_day if per_day > 1 else 1
    coef, residuals = None, {}
    if len(origins) >= 4:
        oo, hh = np.meshgrid(origins, np.arange(horizon), indexing="ij")
        oo, hh = oo.ravel(), hh.ravel()
        tt = oo + hh
        keep = (tt < origin) & np.isfinite(clean[np.minimum(tt, n - 1)]) & (p[np.minimum(tt, n - 1)] > 0)
        oo, hh, tt = oo[keep], hh[keep], tt[keep]
        if len(tt) > 10 * n_fixed:
            x = design(oo, hh)
            z = np.clip(np.log(clean[tt] / p[tt]), -settings.clip, settings.clip)
            w = 0.5 ** ((origin - oo) / (settings.halflife_weeks * season))
            coef, scale = _ridge(x, z, w, n_fixed, settings.ridge)
            fitted = (x / scale) @ coef
            errors = z - fitted
            day_h = hh // per_day
            residuals = {int(d): errors[day_h == d] for d in np.unique(day_h)}
    o = np.full(steps, origin)
    h = np.arange(steps)
    t = o + h
    z_hat = 0.0
    if coef is not None:
        x = design(o, h)
        z_hat = (x / scale) @ coef
    point = p[t] * np.exp(np.clip(z_hat, -settings.clip, settings.clip))
    return point, residuals


def _ridge(x, z, w, n_fixed, penalty):
    """Weighted ridge on standardised columns, the first ``n_fixed`` (slot indicators) not penalised."""
    scale = x.std(axis=0)
    scale[:n_fixed] = 1.0
    scale[scale < 1e-9] = 1.0
    xs = x / scale
    sw = w / w.sum() * len(w)
    a = (xs * sw[:, None]).T @ xs
    reg = np.full(x.shape[1], penalty)
    reg[:n_fixed] = 1e-6
    a[np.diag_indices_from(a)] += reg
    b = (xs * sw[:, None]).T @ z
    return np.linalg.solve(a, b), scale
