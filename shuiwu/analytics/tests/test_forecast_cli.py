"""``shuiwu forecast-demand``: CSV in, CSV out (exact header, rows, no gaps), clear errors naming the file, the
row and the column, nothing on the network."""

import socket

import numpy as np
import pandas as pd
import pytest
from django.core.management import CommandError, call_command

START = pd.Timestamp("2026-03-02")  # a Monday
DMAS = ["DMA 3", "DMA 1", "DMA 2"]  # not in sorted order: the output keeps the input's


def inflow(weeks: int = 6) -> pd.DataFrame:
    index = pd.date_range(START - pd.Timedelta(weeks=weeks), START, freq="h", inclusive="left")
    hour = index.hour.to_numpy()
    shape = 1 + np.exp(-((hour - 8) ** 2) / 6) + 0.7 * np.exp(-((hour - 20) ** 2) / 8)
    frame = pd.DataFrame({dma: (i + 1) * 5 * shape for i, dma in enumerate(DMAS)}, index=index)
    frame.index.name = "Timestamp"
    return frame.round(4)


def weather(hours: int = 168) -> pd.DataFrame:
    index = pd.date_range(START - pd.Timedelta(weeks=6), START + pd.Timedelta(hours=hours - 1), freq="h")
    frame = pd.DataFrame(
        {"Rain": 0.0, "Temperature": 12.0, "Humidity": 60.0, "Windspeed": 8.0},
        index=index,
    )
    frame.index.name = "Timestamp"
    return frame


@pytest.fixture
def files(tmp_path):
    history = tmp_path / "inflow.csv"
    inflow().to_csv(history, date_format="%Y-%m-%d %H:%M:%S")
    meteo = tmp_path / "weather.csv"
    weather().to_csv(meteo, date_format="%Y-%m-%d %H:%M:%S")
    return {"history": history, "weather": meteo, "out": tmp_path / "forecast.csv", "dir": tmp_path}


def run(files, **options):
    arguments = {"history": str(files["history"]), "out": str(files["out"]), **options}
    call_command("forecast_demand", **{k: v for k, v in arguments.items() if v is not None})


def write(path, text):
    path.write_text(text)
    return path


def test_writes_the_same_columns_hourly_without_gaps_and_touches_no_network(files, monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("forecast-demand tried to open a network connection")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    run(files, weather=str(files["weather"]), start="2026-03-02 00:00:00", hours="168")
    lines = files["out"].read_text().splitlines()
    assert lines[0] == "Timestamp,DMA 3,DMA 1,DMA 2"
    assert len(lines) == 169
    result = pd.read_csv(files["out"], parse_dates=["Timestamp"])
    assert result["Timestamp"].tolist() == list(pd.date_range(START, periods=168, freq="h"))
    assert lines[1].startswith("2026-03-02 00:00:00,")
    assert result[DMAS].notna().all().all()
    truth = inflow().iloc[-168:].to_numpy()  # every day is the same: the last week is the next
    assert np.allclose(result[DMAS].to_numpy(), truth, rtol=0.02)


def test_without_weather_and_start_the_forecast_follows_the_history(files):
    run(files, hours="24")
    result = pd.read_csv(files["out"])
    assert len(result) == 24 and result["Timestamp"].iloc[0] == "2026-03-02 00:00:00"


def test_iso_timestamps_with_utc_offsets_and_a_zone_are_written_back_the_same_way(files):
    history = inflow()
    index = history.index.tz_localize("Asia/Shanghai")
    history.index = [stamp.isoformat() for stamp in index]
    history.index.name = "Timestamp"
    history.to_csv(files["history"])
    run(files, hours="5")
    lines = files["out"].read_text().splitlines()
    assert lines[1].split(",")[0] == "2026-03-02T00:00:00+08:00"
    assert len(lines) == 6


def test_holidays_file(files):
    write(files["dir"] / "holidays.txt", "date\n2026-03-04\n# the Lantern Festival is not a day off\n")
    run(files, holidays=str(files["dir"] / "holidays.txt"), hours="72")
    assert len(pd.read_csv(files["out"])) == 72


def error_of(files, **options) -> str:
    with pytest.raises(CommandError) as caught:
        run(files, **options)
    assert not files["out"].exists()  # never a partial write
    return str(caught.value)


def test_missing_files(files):
    message = error_of(files, history=str(files["dir"] / "nope.csv"))
    assert "nope.csv" in message
    message = error_of(files, weather=str(files["dir"] / "rain.csv"))
    assert "rain.csv" in message


def test_no_timestamp_column(files):
    write(files["history"], "Time,DMA 1\n2026-03-01 00:00:00,1\n")
    message = error_of(files)
    assert "inflow.csv" in message and "Timestamp" in message


def test_unparsable_timestamp_names_the_row(files):
    text = files["history"].read_text().splitlines()
    text[5] = "yesterday" + text[5][len("2026-01-19 04:00:00") :]
    write(files["history"], "\n".join(text))
    message = error_of(files)
    assert "inflow.csv" in message and "row 6" in message and "Timestamp" in message and "yesterday" in message


def test_non_numeric_value_names_the_row_and_the_column(files):
    text = files["history"].read_text().splitlines()
    cells = text[10].split(",")
    cells[2] = "12,5".replace(",", ";")  # a typo
    text[10] = ",".join(cells)
    write(files["history"], "\n".join(text))
    message = error_of(files)
    assert "row 11" in message and "DMA 1" in message and "12;5" in message


def test_empty_cells_are_gaps_not_errors(files):
    text = files["history"].read_text().splitlines()
    text[10] = text[10].split(",")[0] + ",,,"
    write(files["history"], "\n".join(text))
    run(files, hours="3")
    assert len(pd.read_csv(files["out"])) == 3


def test_history_not_hourly(files):
    daily = inflow().resample("D").mean()
    daily.to_csv(files["history"], date_format="%Y-%m-%d %H:%M:%S")
    message = error_of(files)
    assert "inflow.csv" in message and "24" in message
    quarter = inflow().iloc[:10].copy()
    quarter.index = quarter.index + pd.Timedelta(minutes=15)
    quarter.to_csv(files["history"], date_format="%Y-%m-%d %H:%M:%S")
    message = error_of(files)
    assert "row 2" in message


def test_repeated_timestamp(files):
    text = files["history"].read_text().splitlines()
    text.insert(8, text[7])
    write(files["history"], "\n".join(text))
    message = error_of(files)
    assert "row 9" in message


def test_weather_not_covering_the_forecast_names_the_missing_hours(files):
    weather(hours=101).to_csv(files["weather"], date_format="%Y-%m-%d %H:%M:%S")
    message = error_of(files, weather=str(files["weather"]), start="2026-03-02 00:00")
    assert "weather.csv" in message and "67 of 168" in message and "2026-03-06 05:00:00" in message


def test_hours_must_be_a_positive_whole_number(files):
    assert "--hours" in error_of(files, hours="0")
    assert "--hours" in error_of(files, hours="-5")
    assert "--hours" in error_of(files, hours="a week")


def test_start_must_be_after_the_history_start(files):
    message = error_of(files, start="2026-01-01 00:00")
    assert "--start" in message and "inflow.csv" in message
    assert "--start" in error_of(files, start="soon")


def test_output_folder_must_exist(files):
    message = error_of(files, out=str(files["dir"] / "missing" / "forecast.csv"))
    assert "missing" in message


def test_the_command_exits_non_zero_on_a_bad_file(files):
    import subprocess
    import sys

    write(files["history"], "Timestamp,DMA 1\nnot a time,1\n")
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "shuiwu.cli",
            "forecast-demand",
            "--history",
            str(files["history"]),
            "--out",
            str(files["out"]),
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode != 0
    assert "inflow.csv" in done.stderr and "row 2" in done.stderr
