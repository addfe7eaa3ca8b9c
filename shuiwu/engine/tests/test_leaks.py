"""Leak detection from SCADA against the model: on short synthetic L-Town runs, SCADA files, state, score."""

import json
import socket

import numpy as np
import pandas as pd
import pytest

from shuiwu.engine import leaks
from shuiwu.engine import leakscenarios as ls

START = pd.Timestamp("2019-01-07")  # a Monday
LEAK = ls.Leak("p300", pd.Timestamp("2019-01-10 05:00"), 0.015)  # about 13 m³/h, in area C
CONFIG = {"training_days": 3.0}


@pytest.fixture(scope="module")
def network():
    with leaks.Network(ls.LTOWN) as net:
        yield net


@pytest.fixture(scope="module")
def cache(tmp_path_factory):
    return str(tmp_path_factory.mktemp("leak-cache"))


@pytest.fixture(scope="module", autouse=True)
def offline():
    """Nothing here may reach the network: every connection attempt fails the test."""

    def refuse(*args, **kwargs):
        raise AssertionError("the leak detector tried to open a network connection")

    original = socket.socket.connect
    socket.socket.connect = refuse
    yield
    socket.socket.connect = original


def run(leaks_=(), days=5.5, seed=11):
    scenario = ls.Scenario("test", START, days, list(leaks_), seed=seed, training_days=3.0)
    return scenario, ls.simulate(scenario)


@pytest.fixture(scope="module")
def leaky():
    return run([LEAK])


@pytest.fixture(scope="module")
def clean():
    return run([])


def test_a_leak_injected_into_a_short_l_town_run_is_found_and_placed(network, cache, leaky):
    scenario, truth = leaky
    found = leaks.detect(network, ls.to_si(truth.scada), leaks.Config(cache_dir=cache, **CONFIG))
    assert list(found.columns) == leaks.DETECTION_COLUMNS
    assert len(found) == 1
    row = found.iloc[0]
    assert LEAK.start <= row.startTime <= LEAK.start + pd.Timedelta(hours=12)
    assert row.alarmTime >= row.startTime
    assert network.pipe_distance(network.link_index[row.linkID], network.link_index[LEAK.link]) <= 300
    score = ls.score(found, scenario, truth, network)
    assert (score.tp, score.fp, score.fn) == (1, 0, 0)
    assert score.economic_eur > 0


def test_a_clean_run_raises_nothing(network, cache, clean):
    _, truth = clean
    found = leaks.detect(network, ls.to_si(truth.scada), leaks.Config(cache_dir=cache, **CONFIG))
    assert found.empty


def test_the_monitor_fed_hour_by_hour_finds_what_the_batch_run_finds(network, cache, leaky):
    _, truth = leaky
    scada = ls.to_si(truth.scada)
    config = leaks.Config(cache_dir=cache, **CONFIG)
    batch = leaks.detect(network, scada, config)
    state, found = None, []
    cut = START + pd.Timedelta(days=3)
    ends = list(pd.date_range(cut, scada["pressures"].index[-1], freq="6h")) + [scada["pressures"].index[-1]]
    for end in ends:
        window = {kind: frame[frame.index <= end] for kind, frame in scada.items()}
        with leaks.LeakMonitor(network, config, state=state) as monitor:
            found.append(monitor.update(window))
            state = json.loads(json.dumps(monitor.to_dict()))  # stored between runs as plain data
    live = pd.concat([f for f in found if len(f)], ignore_index=True)
    assert live[["linkID", "startTime"]].equals(batch[["linkID", "startTime"]])
    assert state["reported"][0]["linkID"] == batch.iloc[0].linkID


def test_the_sensitivity_matrix_is_cached_by_model_and_sensors(network, tmp_path):
    config = leaks.Config(cache_dir=str(tmp_path))
    first = leaks.sensitivity(network, ["n1", "n54"], config)
    assert first.shape == (2, len(network.junctions))
    assert len(list(tmp_path.glob("leak-sensitivity-*.npy"))) == 1
    again = leaks.sensitivity(network, ["n1", "n54"], config)
    assert np.array_equal(first, again)
    leaks.sensitivity(network, ["n1", "n4"], config)
    assert len(list(tmp_path.glob("leak-sensitivity-*.npy"))) == 2
    # A leak lowers the pressure most where it is: n54's own column drops n54 more than n1.
    column = network.junctions.index(network.node_index["n54"])
    assert first[1, column] > first[0, column]


def test_training_needs_enough_leak_free_data(network, cache, clean):
    _, truth = clean
    short = {kind: frame.iloc[:20] for kind, frame in ls.to_si(truth.scada).items()}
    with pytest.raises(ValueError, match="training window"):
        leaks.detect(network, short, leaks.Config(cache_dir=cache, **CONFIG))


# --- SCADA files ------------------------------------------------------------------------------------------------


def test_battledim_files_with_semicolons_and_decimal_commas_read_in_si_units(tmp_path, clean):
    _, truth = clean
    ls.write_scada(truth.scada, tmp_path / "semi", sep=";", decimal=",")
    ls.write_scada(truth.scada, tmp_path / "comma", sep=",", decimal=".")
    semi, comma = leaks.read_scada(tmp_path / "semi"), leaks.read_scada(tmp_path / "comma")
    assert set(semi) == {"pressures", "flows", "levels", "demands"}
    for kind in semi:
        pd.testing.assert_frame_equal(semi[kind], comma[kind])
    assert semi["flows"]["p227"].iloc[0] == pytest.approx(truth.scada["flows"]["p227"].iloc[0] / 3600)
    assert semi["demands"].iloc[0, 0] == pytest.approx(truth.scada["demands"].iloc[0, 0] / 3.6e6)


def test_any_file_may_be_absent_but_not_all(tmp_path):
    (tmp_path / "Levels.csv").write_text("Timestamp,T1\n2019-01-01 00:00,3.1\n2019-01-01 00:05,\n")
    scada = leaks.read_scada(tmp_path)
    assert list(scada) == ["levels"] and np.isnan(scada["levels"]["T1"].iloc[1])
    empty = tmp_path / "empty"
    empty.mkdir()
    with pytest.raises(leaks.ScadaError, match="none of the SCADA files"):
        leaks.read_scada(empty)
    with pytest.raises(leaks.ScadaError, match="not a folder"):
        leaks.read_scada(tmp_path / "nope")


@pytest.mark.parametrize(
    "text, message",
    [
        ("Time,n1\n2019-01-01 00:00,3\n", "first column must be 'Timestamp'"),
        ("Timestamp,n1\n2019-01-01 00:00,3\nyesterday,4\n", r"row 3: timestamp 'yesterday'"),
        ("Timestamp,n1,n4\n2019-01-01 00:00,3,4\n2019-01-01 00:05,3,high\n", r"row 3, column 'n4': 'high'"),
        ("Timestamp;n1\n2019-01-01 00:00;3,5\n2019-01-01 00:05;x\n", r"row 3, column 'n1'"),
        ("Timestamp,n1\n", "no rows"),
        ("", "empty"),
    ],
)
def test_bad_files_name_the_file_row_and_column(tmp_path, text, message):
    path = tmp_path / "Pressures.csv"
    path.write_text(text)
    with pytest.raises(leaks.ScadaError, match=message) as caught:
        leaks.read_scada_file(path, "pressures")
    assert str(caught.value).startswith("Pressures.csv: ")


def test_sensors_not_in_the_model_are_named(network):
    index = pd.date_range(START, periods=3, freq="h")
    scada = {"pressures": pd.DataFrame({"n1": 1.0, "n99999": 2.0, "nX": 3.0}, index=index)}
    with pytest.raises(leaks.ScadaError, match="no node named n99999, nX"):
        leaks.check_sensors(network, scada)
    with pytest.raises(leaks.ScadaError, match="Flows.csv: no link named n1"):
        leaks.check_sensors(network, {"flows": pd.DataFrame({"n1": 1.0}, index=index)})


def test_detections_are_written_in_battledim_submission_format(tmp_path):
    frame = pd.DataFrame(
        {
            "linkID": ["p1", "p2"],
            "startTime": [pd.Timestamp("2019-01-15 23:05:31"), pd.Timestamp("2019-02-01")],
            "node": ["n1", "n2"],
        }
    )
    path = leaks.write_detections(frame, tmp_path / "out.csv")
    assert path.read_text() == "linkID,startTime\np1,2019-01-15 23:05\np2,2019-02-01 00:00\n"


# --- the score --------------------------------------------------------------------------------------------------


def test_the_battledim_score_counts_hits_misses_repeats_and_early_reports(network, leaky):
    scenario, truth = leaky
    late = LEAK.start + pd.Timedelta(hours=2)
    far = "p800"
    assert network.pipe_distance(network.link_index[far], network.link_index[LEAK.link]) > 300
    detections = pd.DataFrame(
        {
            "linkID": [LEAK.link, LEAK.link, far, LEAK.link],
            "startTime": [late, late + pd.Timedelta(hours=1), late, LEAK.start - pd.Timedelta(hours=1)],
        }
    )
    result = ls.score(detections, scenario, truth, network)
    assert (result.tp, result.fp, result.fn, result.repeated) == (1, 2, 0, 1)
    saved = truth.leak_flow[0][truth.leak_flow.index >= late].sum() * 3600
    assert result.economic_eur == pytest.approx(saved * ls.WATER_EUR_M3 - 2 * ls.CREW_EUR)
    assert result.hours_to_detection == [2.0] and result.distance_m == [0.0]
