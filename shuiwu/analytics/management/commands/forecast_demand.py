"""``shuiwu forecast-demand --history inflow.csv [--weather weather.csv] --start TIMESTAMP --hours 168 --out
forecast.csv``: the next hours of each DMA's inflow from its history (and the weather), as a CSV.

``inflow.csv``: ``Timestamp`` then one column per DMA, hourly, in any unit (L/s as in the Battle of Water Demand
Forecasting); gaps and empty cells are allowed. ``weather.csv``: ``Timestamp`` then weather columns as BWDF gives
them (``Rain`` mm, ``Temperature`` °C, ``Humidity`` %, ``Windspeed`` km/h; the method uses temperature and rain),
covering the forecast hours. The output has ``Timestamp`` and the same DMA columns in the same order, one row per
forecast hour, no gaps, timestamps written as the history writes them. The method is in
``shuiwu.engine.forecast`` and docs/forecasting.md. Nothing here touches the database or the network.
"""

from __future__ import annotations

import csv
import os
import tempfile
from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd
from django.core.management.base import BaseCommand, CommandError

from shuiwu.engine import forecast

TIMESTAMP = "Timestamp"
MAX_LISTED = 12  # missing hours named in a message before "and N more"
WEATHER_MIN_SHARE = 0.5  # of the last eight weeks of history the weather must cover to be used


class InputError(ValueError):
    """A file that cannot be used, with its name, and where possible the row and the column."""


def read_series_csv(path: str | Path, what: str, tz: str | None = None) -> tuple[pd.DataFrame, str]:
    """A ``Timestamp`` + numeric columns CSV as a DataFrame on a DatetimeIndex, and the timestamp style.

    Rows are numbered as a spreadsheet shows them (the header is row 1). Empty cells are missing values; text
    that is not a number is an error. The style is ``"space"``, ``"iso"`` or ``"offset"`` (with a UTC offset).
    """
    path = Path(path)
    name = f"{what} file {path}"
    if not path.is_file():
        raise InputError(f"{name}: no such file")
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        raise InputError(f"{name}: not a UTF-8 text file") from None
    lines = [line for line in text.splitlines() if line.strip()]
    if not lines:
        raise InputError(f"{name}: the file is empty")
    delimiter = max((",", ";", "\t"), key=lines[0].count)
    rows = list(csv.reader(text.splitlines(), delimiter=delimiter))
    header = [cell.strip() for cell in rows[0]]
    stamp_col = next((i for i, cell in enumerate(header) if cell.lower() == TIMESTAMP.lower()), None)
    if stamp_col is None:
        raise InputError(f"{name}: row 1 has no '{TIMESTAMP}' column (found: {', '.join(header) or 'nothing'})")
    columns = [cell for i, cell in enumerate(header) if i != stamp_col]
    if not columns:
        raise InputError(f"{name}: there is no column besides '{TIMESTAMP}'")
    for col in columns:
        if not col:
            raise InputError(f"{name}: row 1 has a column without a name")
        if columns.count(col) > 1:
            raise InputError(f"{name}: column '{col}' appears more than once")
    body = [(number, row) for number, row in enumerate(rows[1:], start=2) if any(cell.strip() for cell in row)]
    if not body:
        raise InputError(f"{name}: there are no rows under the header")
    stamps, values, numbers = [], [], []
    for number, row in body:
        if len(row) != len(header):
            raise InputError(f"{name}: row {number} has {len(row)} cells, the header has {len(header)}")
        stamps.append(row[stamp_col].strip())
        values.append([cell.strip() for i, cell in enumerate(row) if i != stamp_col])
        numbers.append(number)
    index, style = _parse_stamps(stamps, numbers, name, tz)
    data = np.full((len(values), len(columns)), np.nan)
    for r, cells in enumerate(values):
        for c, cell in enumerate(cells):
            if cell == "" or cell.lower() in ("nan", "na", "null", "-"):
                continue
            try:
                data[r, c] = float(cell)
            except ValueError:
                raise InputError(f"{name}: row {numbers[r]}, column '{columns[c]}': {cell!r} is not a number") from None
            if not np.isfinite(data[r, c]):
                raise InputError(f"{name}: row {numbers[r]}, column '{columns[c]}': {cell!r} is not a number")
    return pd.DataFrame(data, index=index, columns=columns), style


def _parse_stamps(stamps: list[str], numbers: list[int], name: str, tz: str | None):
    parsed = []
    for stamp, number in zip(stamps, numbers, strict=True):
        try:
            value = pd.Timestamp(stamp) if stamp else None
        except (ValueError, TypeError, OverflowError):
            value = None
        if value is None or value is pd.NaT:
            raise InputError(f"{name}: row {number}, column '{TIMESTAMP}': {stamp!r} is not a date and time")
        parsed.append(value)
    aware = [p.tz is not None for p in parsed]
    if any(aware) and not all(aware):
        row = numbers[aware.index(not aware[0])]
        raise InputError(f"{name}: row {row}, column '{TIMESTAMP}': some timestamps have a UTC offset and some not")
    if all(aware):
        style = "offset"
        utc = pd.DatetimeIndex([p.tz_convert("UTC") for p in parsed])
        if tz:
            index = utc.tz_convert(tz)
        else:
            offsets = {p.utcoffset() for p in parsed}
            if len(offsets) > 1:
                raise InputError(
                    f"{name}: the timestamps carry different UTC offsets (daylight saving time?); give the zone "
                    "with --tz, e.g. --tz Europe/Rome"
                )
            index = pd.DatetimeIndex(parsed)
    else:
        style = "iso" if "T" in stamps[0] else "space"
        index = pd.DatetimeIndex(parsed)
        if tz:
            index = index.tz_localize(tz, ambiguous="NaT", nonexistent="NaT")
            bad = np.flatnonzero(index.isna())
            if len(bad):
                raise InputError(
                    f"{name}: row {numbers[bad[0]]}, column '{TIMESTAMP}': {stamps[bad[0]]!r} does not exist or is "
                    f"ambiguous in {tz} (write the timestamps with their UTC offset)"
                )
    order = np.diff(index.asi8)
    if (order <= 0).any():
        i = int(np.flatnonzero(order <= 0)[0]) + 1
        problem = "repeats an earlier timestamp" if order[i - 1] == 0 else "is earlier than the row above"
        raise InputError(f"{name}: row {numbers[i]}, column '{TIMESTAMP}': {stamps[i]!r} {problem}")
    return index, style


def check_hourly(frame: pd.DataFrame, name: str, numbers_from: int = 2) -> None:
    """Every timestamp on a whole hour, and one hour the usual step (gaps are allowed)."""
    off = np.flatnonzero((frame.index.minute != 0) | (frame.index.second != 0) | (frame.index.microsecond != 0))
    if len(off):
        row = int(off[0]) + numbers_from
        raise InputError(
            f"{name}: not hourly: row {row} ({frame.index[off[0]]}) is not on a whole hour; the method needs "
            "hourly values (average finer data to hours first)"
        )
    if len(frame) > 1:
        step = frame.index.to_series().diff().dt.total_seconds().mode().iloc[0] / 3600
        if step != 1:
            raise InputError(f"{name}: not hourly: the usual step between rows is {step:g} hours")


def read_holidays(path: str | Path) -> set[date]:
    """One date per line (YYYY-MM-DD; the first field of a CSV line; a header or # comments skipped)."""
    path = Path(path)
    if not path.is_file():
        raise InputError(f"holidays file {path}: no such file")
    days = set()
    for number, line in enumerate(path.read_text(encoding="utf-8-sig").splitlines(), start=1):
        field = line.split(",")[0].split(";")[0].strip()
        if not field or field.startswith("#"):
            continue
        try:
            days.add(date.fromisoformat(field))
        except ValueError:
            if number == 1:
                continue  # a header
            raise InputError(f"holidays file {path}: row {number}: {field!r} is not a date (YYYY-MM-DD)") from None
    return days


def missing_weather_hours(weather: pd.DataFrame, hours: pd.DatetimeIndex) -> pd.DatetimeIndex:
    """The forecast hours with no weather row, or a row whose values are all empty."""
    known = weather.index[weather.notna().any(axis=1)]
    if hours.tz is not None and known.tz is not None:
        known = known.tz_convert(hours.tz)
    return hours[~hours.isin(known)]


def format_stamps(index: pd.DatetimeIndex, style: str) -> list[str]:
    if style == "offset":
        return [stamp.isoformat() for stamp in index]
    pattern = "%Y-%m-%dT%H:%M:%S" if style == "iso" else "%Y-%m-%d %H:%M:%S"
    return list(index.strftime(pattern))


def write_csv_atomically(path: Path, header: list[str], stamps: list[str], values: np.ndarray) -> None:
    """Write to a temporary file beside ``path`` and move it in place: never a half-written forecast."""
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", newline="", encoding="utf-8") as out:
            writer = csv.writer(out, lineterminator="\n")
            writer.writerow(header)
            for stamp, row in zip(stamps, values, strict=True):
                writer.writerow([stamp, *(f"{v:.4f}" for v in row)])
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


class Command(BaseCommand):
    help = (
        "Forecast each DMA's hourly inflow from its history (and the weather): CSV in (Timestamp + one column "
        "per DMA), CSV out with the same columns for --hours hours from --start."
    )

    def add_arguments(self, parser):
        parser.add_argument("--history", required=True, help="CSV: Timestamp, then one column per DMA (hourly)")
        parser.add_argument(
            "--weather",
            help="CSV: Timestamp, then Rain, Temperature, Humidity, Windspeed (hourly), covering the forecast "
            "hours; without it the forecast uses no weather",
        )
        parser.add_argument("--start", help="the first forecast hour (default: the hour after the history's last row)")
        parser.add_argument("--hours", default="168", help="how many hours to forecast (default 168, a week)")
        parser.add_argument("--out", required=True, help="where to write the forecast CSV")
        parser.add_argument("--holidays", help="file of holiday dates, one YYYY-MM-DD per line")
        parser.add_argument(
            "--tz",
            help="time zone of the timestamps (e.g. Europe/Rome) when they change UTC offset with daylight saving",
        )

    def handle(self, *args, **options):
        try:
            self._run(options)
        except (InputError, forecast.ForecastError) as exc:
            raise CommandError(str(exc)) from None

    def _run(self, options):
        try:
            hours = int(options["hours"])
        except ValueError:
            raise InputError(f"--hours must be a whole number of hours, not {options['hours']!r}") from None
        if hours <= 0:
            raise InputError(f"--hours must be more than 0, not {hours}")
        out = Path(options["out"])
        if not out.parent.is_dir():
            raise InputError(f"{out}: the folder {out.parent} does not exist")
        tz = options.get("tz")
        if tz:
            try:
                pd.Timestamp("2020-01-01").tz_localize(tz)
            except Exception:
                raise InputError(f"--tz: {tz!r} is not a time zone name (such as Asia/Shanghai)") from None
        history_name = f"history file {options['history']}"
        history, style = read_series_csv(options["history"], "history", tz)
        check_hourly(history, history_name)

        start = self._start(options.get("start"), history, tz, history_name)
        horizon = pd.date_range(start, periods=hours, freq="h")

        weather = None
        if options.get("weather"):
            weather_name = f"weather file {options['weather']}"
            weather, _ = read_series_csv(options["weather"], "weather", tz)
            if (weather.index.tz is None) != (history.index.tz is None):
                raise InputError(f"{weather_name}: its timestamps and the history's must both have UTC offsets or not")
            missing = missing_weather_hours(weather, horizon)
            if len(missing):
                listed = ", ".join(format_stamps(missing[:MAX_LISTED], style))
                more = f" and {len(missing) - MAX_LISTED} more" if len(missing) > MAX_LISTED else ""
                raise InputError(
                    f"{weather_name}: does not cover the forecast: {len(missing)} of {hours} hours have no weather "
                    f"({listed}{more})"
                )
            recent = pd.date_range(max(history.index[0], start - pd.Timedelta(weeks=8)), start, freq="h")[:-1]
            if len(recent) and len(missing_weather_hours(weather, recent)) > (1 - WEATHER_MIN_SHARE) * len(recent):
                self.stderr.write(
                    f"{weather_name}: covers less than half of the last eight weeks of history; "
                    "forecasting without the weather"
                )
                weather = None
        holidays = read_holidays(options["holidays"]) if options.get("holidays") else set()

        result = forecast.forecast_hourly(history, weather, start, hours, holidays=holidays)
        result = result.reindex(columns=history.columns)
        if len(result) != hours or result.isna().any().any():
            raise forecast.ForecastError("the forecast came out incomplete")  # a bug, not the input's fault
        write_csv_atomically(out, [TIMESTAMP, *history.columns], format_stamps(result.index, style), result.values)
        self.stdout.write(
            f"{out}: {hours} hours from {format_stamps(horizon[:1], style)[0]} for {history.shape[1]} series"
        )

    @staticmethod
    def _start(text, history: pd.DataFrame, tz, name) -> pd.Timestamp:
        if not text:
            return history.index[-1] + pd.Timedelta(hours=1)
        try:
            start = pd.Timestamp(text)
        except (ValueError, TypeError):
            raise InputError(f"--start: {text!r} is not a date and time") from None
        if start.minute or start.second or start.microsecond:
            raise InputError(f"--start: {text!r} is not on a whole hour")
        aware = history.index.tz is not None
        if start.tz is None and aware:
            start = start.tz_localize(history.index.tz)
        elif start.tz is not None and not aware:
            raise InputError(f"--start: {text!r} has a UTC offset and the history's timestamps have none")
        elif start.tz is not None:
            start = start.tz_convert(history.index.tz)
        if start <= history.index[0]:
            raise InputError(
                f"--start: {text!r} must be after the history's first timestamp ({history.index[0]}) in {name}"
            )
        return start
