"""``shuiwu detect-leaks``: BattLeDIM files in, ``linkID,startTime`` out, clear errors, nothing on the network."""

import os
import re
import socket
import subprocess
import sys

import pandas as pd
import pytest
from django.core.management import CommandError, call_command

from shuiwu.engine import leakscenarios as ls

START = pd.Timestamp("2019-01-07")
LEAK = ls.Leak("p300", pd.Timestamp("2019-01-10 05:00"), 0.015)


@pytest.fixture(scope="module")
def scada_dir(tmp_path_factory):
    """5½ days of L-Town SCADA with one leak on day 4, as BattLeDIM CSV files (semicolons, decimal commas)."""
    truth = ls.simulate(ls.Scenario("cli", START, 5.5, [LEAK], seed=11))
    return ls.write_scada(truth.scada, tmp_path_factory.mktemp("scada"))


@pytest.fixture
def data_dir(settings, tmp_path):
    settings.DATA_DIR = tmp_path / "data"
    return settings.DATA_DIR


def detect(scada, out, **options):
    call_command("detect_leaks", inp=str(ls.LTOWN), scada=str(scada), out=str(out), training_days=3, **options)


def copy_of(scada_dir, tmp_path, **files):
    """The SCADA folder with some files replaced (text) or removed (None)."""
    folder = tmp_path / "scada"
    folder.mkdir()
    for path in scada_dir.iterdir():
        if path.name in files:
            if files[path.name] is not None:
                (folder / path.name).write_text(files[path.name])
        else:
            (folder / path.name).write_bytes(path.read_bytes())
    return folder


def test_writes_one_row_per_leak_as_link_and_start_time_without_touching_the_network(
    scada_dir, tmp_path, data_dir, monkeypatch
):
    def refuse(*args, **kwargs):
        raise AssertionError("detect-leaks tried to open a network connection")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    out = tmp_path / "detections.csv"
    detect(scada_dir, out)
    lines = out.read_text().splitlines()
    assert lines[0] == "linkID,startTime"
    assert len(lines) == 2
    link, start = lines[1].split(",")
    assert re.fullmatch(r"p\d+", link)
    assert re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d", start)
    assert LEAK.start <= pd.Timestamp(start) <= LEAK.start + pd.Timedelta(hours=12)
    assert list((data_dir / "cache" / "leaks").glob("leak-sensitivity-*.npy"))  # cached for the next run


def test_a_clean_period_gives_a_header_only(scada_dir, tmp_path):
    clean = ls.simulate(ls.Scenario("clean", START, 5.5, [], seed=12))
    folder = ls.write_scada(clean.scada, tmp_path / "clean", sep=",", decimal=".")
    out = tmp_path / "none.csv"
    detect(folder, out, no_cache=True)
    assert out.read_text() == "linkID,startTime\n"


def test_missing_folder(tmp_path):
    with pytest.raises(CommandError, match="is not a folder"):
        detect(tmp_path / "missing", tmp_path / "out.csv", no_cache=True)


def test_no_sensor_file_at_all(tmp_path):
    (tmp_path / "scada").mkdir()
    (tmp_path / "scada" / "readme.txt").write_text("nothing here")
    with pytest.raises(CommandError, match=r"none of the SCADA files \(Pressures.csv"):
        detect(tmp_path / "scada", tmp_path / "out.csv", no_cache=True)


def test_no_pressures(scada_dir, tmp_path):
    folder = copy_of(scada_dir, tmp_path, **{"Pressures.csv": None})
    with pytest.raises(CommandError, match="Pressures.csv is missing"):
        detect(folder, tmp_path / "out.csv", no_cache=True)


@pytest.mark.parametrize(
    "name, text, message",
    [
        ("Pressures.csv", "Time;n1\n2019-01-07 00:00;30,1\n", r"Pressures.csv: the first column must be 'Timestamp'"),
        ("Levels.csv", "Timestamp;T1\n2019-01-07 00:00;3,1\n07/01/2019 25:00;3,0\n", r"Levels.csv: row 3: timestamp"),
        ("Flows.csv", "Timestamp;p227;p235\n2019-01-07 00:00;80,0;n/a\n", r"Flows.csv: row 2, column 'p235': 'n/a'"),
        ("Demands.csv", "Timestamp;n1;n77777\n2019-01-07 00:00;10;20\n", r"Demands.csv: no node named n77777"),
        ("Flows.csv", "Timestamp;p227;pipe9;n1\n2019-01-07 00:00;80;1;2\n", r"Flows.csv: no link named pipe9, n1"),
    ],
)
def test_bad_files_are_named_with_the_problem(scada_dir, tmp_path, name, text, message):
    folder = copy_of(scada_dir, tmp_path, **{name: text})
    with pytest.raises(CommandError, match=message):
        detect(folder, tmp_path / "out.csv", no_cache=True)
    assert not (tmp_path / "out.csv").exists()


def test_an_inp_that_does_not_parse(scada_dir, tmp_path):
    bad = tmp_path / "bad.inp"
    bad.write_text("[JUNCTIONS]\n n1 abc\n[END]\n")
    with pytest.raises(CommandError, match=r"bad.inp: not a usable EPANET file"):
        call_command("detect_leaks", inp=str(bad), scada=str(scada_dir), out=str(tmp_path / "o.csv"), no_cache=True)
    with pytest.raises(CommandError, match=r"missing.inp: not a usable EPANET file: file not found"):
        call_command(
            "detect_leaks", inp=str(tmp_path / "missing.inp"), scada=str(scada_dir), out=str(tmp_path / "o.csv")
        )


def test_the_shell_command_exits_non_zero_with_the_message(tmp_path):
    env = {**os.environ, "SHUIWU_DATA_DIR": str(tmp_path / "data")}
    child = subprocess.run(
        [sys.executable, "-m", "shuiwu.cli", "detect-leaks", "--inp", str(ls.LTOWN), "--scada",
         str(tmp_path / "nowhere"), "--out", str(tmp_path / "o.csv")],
        capture_output=True, text=True, env=env, check=False,
    )  # fmt: skip
    assert child.returncode != 0
    assert "nowhere: is not a folder" in child.stderr
