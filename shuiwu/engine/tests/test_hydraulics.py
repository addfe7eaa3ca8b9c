"""The hydraulics engine: model checks, runs against WNTR's own EPANET run, scenarios, service pressure, fire flow
and valve segments, on networks made by hand and on the example networks that ship with WNTR."""

from decimal import Decimal
from importlib.resources import files
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import wntr

from shuiwu.engine import hydraulics as h
from shuiwu.engine import inp

NET3 = Path(str(files("wntr") / "library" / "networks" / "Net3.inp"))


@pytest.fixture(scope="module")
def net3() -> dict:
    return inp.read(NET3)


def small_model() -> dict:
    """A reservoir feeding a loop (J1–J2–J3–J4) with a branch (J3–J5–J6), demands on a daily pattern."""
    wn = wntr.network.WaterNetworkModel()
    wn.add_pattern("day", [0.6, 0.8, 1.2, 1.4, 1.0, 0.9])
    wn.options.time.pattern_timestep = 4 * 3600
    wn.add_reservoir("R", base_head=60.0)
    for name, elevation, demand in [
        ("J1", 10.0, 0.002),
        ("J2", 12.0, 0.003),
        ("J3", 15.0, 0.002),
        ("J4", 11.0, 0.004),
        ("J5", 18.0, 0.001),
        ("J6", 20.0, 0.001),
    ]:
        wn.add_junction(name, base_demand=demand, demand_pattern="day", elevation=elevation)
    for name, start, end, length, diameter in [
        ("P1", "R", "J1", 500.0, 0.3),
        ("P2", "J1", "J2", 400.0, 0.2),
        ("P3", "J2", "J3", 400.0, 0.2),
        ("P4", "J3", "J4", 400.0, 0.2),
        ("P5", "J4", "J1", 400.0, 0.2),
        ("P6", "J3", "J5", 300.0, 0.15),
        ("P7", "J5", "J6", 300.0, 0.1),
    ]:
        wn.add_pipe(name, start, end, length=length, diameter=diameter, roughness=110.0)
    return wntr.network.io.to_dict(wn)


def kinds(problems):
    return {(p.kind, p.element, p.severity) for p in problems}


# ---------------------------------------------------------------------------------------------------- validate


def test_a_sound_model_has_no_problems(net3):
    assert h.validate(small_model()) == []
    assert h.validate(net3) == []


def test_it_finds_nodes_that_no_source_can_reach():
    model = small_model()
    model["nodes"] += [dict(model["nodes"][1], name="X1"), dict(model["nodes"][1], name="X2")]
    model["links"].append(dict(model["links"][1], name="PX", start_node_name="X1", end_node_name="X2"))
    problems = h.validate(model)
    assert kinds(problems) == {("disconnected", "X1", "error"), ("disconnected", "X2", "error")}
    assert "X1" in problems[0].message or "X1" in problems[1].message


def test_it_finds_pipes_without_length():
    model = small_model()
    model["links"][1]["length"] = 0.0
    model["links"][2]["length"] = 0.004
    assert kinds(h.validate(model)) == {("zero_length", "P2", "error"), ("zero_length", "P3", "warning")}


def test_it_names_junctions_whose_elevation_is_missing():
    problems = h.validate(small_model(), missing_elevation=["J4", "R", "nowhere"])
    assert kinds(problems) == {("missing_elevation", "J4", "warning")}
    assert "J4" in problems[0].message


def test_it_finds_demand_cut_off_by_a_closed_pipe():
    model = small_model()
    pipe = next(link for link in model["links"] if link["name"] == "P6")
    pipe["initial_status"] = "Closed"
    problems = h.validate(model)
    assert kinds(problems) == {("cut_off_by_closed_link", "J5", "error"), ("cut_off_by_closed_link", "J6", "error")}
    assert all("P6" in p.message for p in problems)


def test_a_closed_pipe_that_a_control_opens_cuts_nothing_off(net3):
    # Net3 starts with pump 10 closed; its controls open it during the day.
    assert not [p for p in h.validate(net3) if p.kind == "cut_off_by_closed_link"]


def test_it_finds_a_network_without_a_source():
    model = small_model()
    model["nodes"] = [n for n in model["nodes"] if n["name"] != "R"]
    model["links"] = [k for k in model["links"] if k["name"] != "P1"]
    assert kinds(h.validate(model)) == {("no_source", "", "error")}


def test_it_finds_undefined_demand_patterns():
    model = small_model()
    model["nodes"][2]["demand_timeseries_list"][0]["pattern_name"] = "winter"
    problems = h.validate(model)
    assert kinds(problems) == {("unknown_pattern", "J2", "error")}
    assert "winter" in problems[0].message


# ---------------------------------------------------------------------------------------------------- simulate


def test_it_gives_the_pressures_of_wntrs_own_epanet_run_on_net3(net3, tmp_path):
    results = h.simulate(net3, h.Scenario(duration_h=24, step_s=3600))
    wn = inp.to_network(net3)
    wn.options.time.duration = 24 * 3600
    wn.options.time.hydraulic_timestep = 3600
    wn.options.time.report_timestep = 3600
    # WNTR writes its temp.inp/.rpt/.bin into the working directory unless told otherwise.
    expected = wntr.sim.EpanetSimulator(wn).run_sim(file_prefix=str(tmp_path / "wntr"))
    pressure = expected.node["pressure"]
    assert list(results.pressure.index) == list(range(0, 24 * 3600 + 1, 3600))
    assert set(results.pressure.columns) == set(pressure.columns)
    difference = (results.pressure[pressure.columns] - pressure.loc[results.pressure.index]).abs()
    assert difference.max().max() < 0.01
    flows = expected.link["flowrate"]
    assert np.allclose(results.flow[flows.columns], flows.loc[results.flow.index], atol=1e-4)


RULES = """
[RULES]
RULE HIGH-TANK
IF TANK 2 LEVEL ABOVE 140
AND SYSTEM CLOCKTIME >= 6:00
OR JUNCTION 11 PRESSURE < 100
THEN PUMP 9 STATUS IS CLOSED
AND PIPE 10 STATUS IS OPEN
ELSE PUMP 9 STATUS IS OPEN
PRIORITY 2

RULE EVENING
IF LINK 10 FLOW > 500
AND SYSTEM TIME > 5
THEN PIPE 111 STATUS IS CLOSED
"""


def test_rules_run_as_in_wntrs_own_epanet_run(tmp_path):
    text = (NET3.parent / "Net1.inp").read_text().replace("[RULES]", RULES, 1)
    (tmp_path / "rules.inp").write_text(text)
    model = inp.read(tmp_path / "rules.inp")
    assert sum(c["type"] == "rule" for c in model["controls"]) == 2
    results = h.simulate(model, h.Scenario(duration_h=24, step_s=3600))
    expected = wntr.sim.EpanetSimulator(inp.to_network(model)).run_sim(file_prefix=str(tmp_path / "wntr"))
    expected = expected.node["pressure"]
    difference = (results.pressure[expected.columns] - expected.loc[results.pressure.index]).abs()
    assert difference.max().max() < 0.01
    # Closing pump 9 for the whole run also silences the rule that would open it.
    off = h.simulate(model, h.Scenario(duration_h=24, step_s=3600, pumps_off=["9"]))
    assert off.flow["9"].abs().max() < 1e-6


def test_columns_follow_epanets_own_numbering(net3):
    results = h.simulate(net3, h.Scenario(duration_h=1))
    junctions = [n["name"] for n in net3["nodes"] if n["node_type"] == "Junction"]
    assert list(results.pressure.columns[: len(junctions)]) == junctions
    assert results.node_types["Lake"] == "Reservoir" and results.node_types["1"] == "Tank"


def test_the_demand_factor_raises_demand_and_lowers_pressure():
    model = small_model()
    base = h.simulate(model)
    peak = h.simulate(model, h.Scenario(demand_factor=1.5))
    junctions = base.junctions
    assert np.allclose(peak.demand[junctions], 1.5 * base.demand[junctions], rtol=1e-5)
    assert (peak.pressure[junctions] < base.pressure[junctions]).all().all()
    assert peak.summary()["total_demand_m3"] == pytest.approx(1.5 * base.summary()["total_demand_m3"], rel=1e-5)


def test_a_closed_link_carries_no_flow_and_the_loop_feeds_around_it():
    model = small_model()
    base = h.simulate(model)
    closed = h.simulate(model, h.Scenario(closed_links=["P2"]))
    assert closed.flow["P2"].abs().max() < 1e-6
    assert (closed.flow["P5"].abs() > base.flow["P5"].abs()).all()
    assert model["links"][1]["initial_status"] == "Open"  # the model itself is untouched


def test_a_pump_switched_off_stays_off_whatever_its_controls_say(net3):
    base = h.simulate(net3, h.Scenario(duration_h=24, step_s=3600))
    off = h.simulate(net3, h.Scenario(duration_h=24, step_s=3600, pumps_off=["335"]))
    assert base.flow["335"].max() > 0.1
    assert off.flow["335"].abs().max() < 1e-6


def test_fire_flow_is_drawn_at_its_node_only_in_its_window():
    model = small_model()
    base = h.simulate(model, h.Scenario(step_s=900))
    fire = h.simulate(
        model, h.Scenario(step_s=900, fire_node="J4", fire_flow_lps=30, fire_start_h=2.5, fire_duration_h=2)
    )
    extra = fire.demand["J4"] - base.demand["J4"]
    inside = (extra.index >= 2.5 * 3600) & (extra.index < 4.5 * 3600)
    assert np.allclose(extra[inside], 0.030, atol=1e-6)
    assert np.allclose(extra[~inside], 0.0, atol=1e-7)
    assert (fire.pressure.loc[inside, "J4"] < base.pressure.loc[inside, "J4"] - 1).all()


def test_fire_flow_is_not_scaled_by_the_demand_factor():
    model = small_model()
    run = {"step_s": 3600, "duration_h": 4, "demand_factor": 2.0}
    base = h.simulate(model, h.Scenario(**run))
    fire = h.simulate(model, h.Scenario(fire_node="J1", fire_flow_lps=10, fire_duration_h=4, **run))
    assert np.allclose((fire.demand["J1"] - base.demand["J1"]).iloc[:4], 0.010, atol=1e-6)


def test_a_prepared_model_runs_every_scenario_as_the_dictionary_does():
    model = small_model()
    # J2 with two demands, so that a fire there joins its [DEMANDS] lines.
    model["nodes"][1]["demand_timeseries_list"].append({"base_val": 0.001, "pattern_name": None, "category": ""})
    prepared = h.prepare(model)
    fire = {"fire_flow_lps": 10, "fire_start_h": 1, "fire_duration_h": 2}
    for scenario in [
        h.Scenario(step_s=900),
        h.Scenario(step_s=900, closed_links=["P2", "P6"], demand_factor=1.3),
        h.Scenario(step_s=900, fire_node="J2", **fire),
        h.Scenario(step_s=900, fire_node="J4", demand_factor=0.0, **fire),
        h.Scenario(step_s=900, demand_factor=0.0),
        h.Scenario(step_s=900, closed_links=["P2"]),  # after closures, the prepared pipes are as they were
    ]:
        once, again = h.simulate(prepared, scenario), h.simulate(model, scenario)
        assert np.allclose(once.pressure, again.pressure, atol=1e-4), scenario
        assert np.allclose(once.demand, again.demand, atol=1e-7), scenario
    run = h.simulate(prepared, h.Scenario(step_s=900, fire_node="J4", demand_factor=0.0, **fire))
    assert run.demand["J1"].abs().max() < 1e-9
    assert run.demand.loc[3600:10799, "J4"].round(6).eq(0.010).all()
    two = h.simulate(prepared, h.Scenario(step_s=900, fire_node="J2", **fire))
    one = h.simulate(prepared, h.Scenario(step_s=900))
    assert np.allclose((two.demand["J2"] - one.demand["J2"]).loc[3600:10799], 0.010, atol=1e-6)
    assert np.allclose((two.demand["J2"] - one.demand["J2"]).loc[10800:], 0.0, atol=1e-7)


def test_a_pressure_driven_run_delivers_less_where_pressure_is_short():
    model = small_model()
    scenario = {"duration_h": 0, "demand_factor": 80.0}
    driven = h.simulate(model, h.Scenario(pressure_dependent=True, **scenario))
    demanded = h.simulate(model, h.Scenario(**scenario))
    assert demanded.pressure["J6"].iloc[0] < 0
    assert -1e-6 < driven.demand["J6"].iloc[0] < demanded.demand["J6"].iloc[0]
    assert driven.pressure["J1"].iloc[0] > demanded.pressure["J1"].iloc[0]


def test_progress_is_reported_up_to_one():
    seen = []
    h.simulate(small_model(), h.Scenario(duration_h=2, step_s=1800), progress=seen.append)
    assert seen == pytest.approx([0.2, 0.4, 0.6, 0.8, 1.0])


@pytest.mark.parametrize(
    ("scenario", "words"),
    [
        (h.Scenario(duration_h=-1), "duration_h"),
        (h.Scenario(step_s=0), "step_s"),
        (h.Scenario(step_s=1.5), "step_s"),
        (h.Scenario(demand_factor=-0.5), "demand_factor"),
        (h.Scenario(closed_links=["P2", "P99"]), "no link named P99"),
        (h.Scenario(closed_links="P2"), "closed_links"),
        (h.Scenario(pumps_off=["P2"]), "P2 is a pipe, not a pump"),
        (h.Scenario(fire_node="J99", fire_flow_lps=10), "no node named J99"),
        (h.Scenario(fire_node="R", fire_flow_lps=10), "R is a reservoir"),
        (h.Scenario(fire_node="J1", fire_flow_lps=-5), "fire_flow_lps"),
        (h.Scenario(fire_flow_lps=5), "fire_node"),
        (h.Scenario(fire_node="J1", fire_flow_lps=5, fire_duration_h=float("nan")), "fire_duration_h"),
        (h.Scenario(pressure_dependent=True, required_pressure_m=5, minimum_pressure_m=5), "required_pressure_m"),
    ],
)
def test_bad_scenarios_are_refused_with_the_reason(scenario, words):
    with pytest.raises(ValueError, match=words):
        h.simulate(small_model(), scenario)


def test_numbers_from_forms_and_model_fields_are_taken():
    results = h.simulate(
        small_model(), h.Scenario(duration_h=Decimal("1.5"), step_s=900.0, demand_factor=Decimal("1.1"))
    )
    assert list(results.pressure.index) == [0, 900, 1800, 2700, 3600, 4500, 5400]


def test_epanets_own_errors_name_the_element():
    model = small_model()
    model["links"][2]["diameter"] = 0.0
    with pytest.raises(ValueError, match=r"EPANET: Error 202.*\(at P3\)"):
        h.simulate(model)


def test_results_survive_the_trip_through_bytes(net3):
    results = h.simulate(net3, h.Scenario(duration_h=24, step_s=3600))
    data = results.to_bytes()
    back = h.Results.from_bytes(data)
    for name in ("pressure", "demand", "flow", "velocity"):
        pd.testing.assert_frame_equal(getattr(back, name), getattr(results, name))
    pd.testing.assert_series_equal(back.node_types, results.node_types)
    assert back.summary() == results.summary()
    values = sum(getattr(results, n).size for n in ("pressure", "demand", "flow", "velocity"))
    assert len(data) < 4 * values


def test_the_summary_is_plain_numbers():
    summary = h.simulate(small_model()).summary()
    assert summary["nodes"] == 7 and summary["junctions"] == 6 and summary["links"] == 7
    assert summary["steps"] == 97 and summary["step_s"] == 900
    assert summary["min_pressure_node"] == "J6"
    assert summary["negative_pressure_nodes"] == 0
    # 13 L/s of base demand over a day whose pattern averages about 0.983.
    assert summary["total_demand_m3"] == pytest.approx(0.013 * 86400 * 5.9 / 6, rel=1e-3)
    assert all(isinstance(v, int | float | str) or v is None for v in summary.values())


# ---------------------------------------------------------------------------------------------------- service


@pytest.mark.parametrize(("pressure", "storeys"), [(9.9, 0), (10, 1), (11.9, 1), (12, 2), (16, 3), (19.9, 3), (20, 4)])
def test_storeys_follow_gb_50013(pressure, storeys):
    assert h.storeys(pressure) == storeys


def test_storeys_work_on_arrays_and_series():
    assert list(h.storeys(np.array([-3.0, 9.9, 10, 12, 16, 20, 28.1]))) == [0, 0, 1, 2, 3, 4, 6]
    series = pd.Series([12.0, np.nan, 24.0], index=["a", "b", "c"])
    assert h.storeys(series).to_dict() == {"a": 2, "b": 0, "c": 5}


def synthetic_results():
    index = pd.Index([0, 900, 1800], name="time_s")
    pressure = pd.DataFrame({"A": [20.0, 15.0, 18.0], "B": [14.0, 16.0, 13.0], "C": [30.0, 30.0, 30.0]}, index=index)
    empty = pd.DataFrame(index=index)
    return h.Results(pressure=pressure, demand=pressure * 0, flow=empty, velocity=empty)


def test_pressure_service_per_node_and_per_group():
    nodes, groups = h.pressure_service(
        synthetic_results(), min_pressure_m=14.276, groups={"A": "DMA1", "B": "DMA1", "C": "DMA2"}
    )
    assert nodes.loc["A"].to_dict() == {
        "min_pressure_m": 15.0,
        "min_at_s": 900,
        "max_pressure_m": 20.0,
        "storeys": 2,
        "ok": True,
    }
    assert nodes.loc["B", "min_at_s"] == 1800 and not nodes.loc["B", "ok"]
    assert groups.loc["DMA1", "nodes"] == 2 and groups.loc["DMA1", "ok_nodes"] == 1
    assert groups.loc["DMA1", "compliance_percent"] == pytest.approx(100 * 4 / 6)
    assert groups.loc["DMA2", "compliance_percent"] == 100.0


def test_pressure_service_judges_only_the_nodes_asked_for():
    nodes, groups = h.pressure_service(synthetic_results(), nodes=["A", "B"])
    assert list(nodes.index) == ["A", "B"]
    assert list(groups.index) == ["all"] and groups.loc["all", "nodes"] == 2


def test_compare_puts_the_biggest_drop_first():
    model = small_model()
    table = h.compare(h.simulate(model), h.simulate(model, h.Scenario(closed_links=["P5"])))
    assert list(table.columns) == ["min_a", "min_b", "difference"]
    assert table.index[0] == "J4"
    assert table["difference"].is_monotonic_increasing
    assert "R" not in table.index


# ---------------------------------------------------------------------------------------------------- fire flow


def one_pipe(head=50.0) -> dict:
    wn = wntr.network.WaterNetworkModel()
    wn.add_reservoir("R", base_head=head)
    wn.add_junction("J", base_demand=0.0, elevation=0.0)
    wn.add_pipe("P", "R", "J", length=1000.0, diameter=0.3, roughness=100.0)
    return wntr.network.io.to_dict(wn)


def hazen_williams_flow(headloss_m, length_m=1000.0, diameter_m=0.3, c=100.0):
    """EPANET's Hazen-Williams formula (in feet and cfs) solved for the flow, m³/s."""
    ft = 0.3048
    resistance = 4.727 * c**-1.852 * (diameter_m / ft) ** -4.871 * (length_m / ft)
    return (headloss_m / ft / resistance) ** (1 / 1.852) * ft**3


def test_fire_flow_matches_the_analytical_answer():
    result = h.fire_flow(one_pipe(), "J", residual_pressure_m=10.2)
    expected = hazen_williams_flow(50.0 - 10.2) * 1000
    assert result["available_lps"] == pytest.approx(expected, abs=1.0)
    assert result["limited_by"] == "residual_pressure"
    assert result["node"] == "J" and result["residual_pressure_m"] == 10.2 and result["iterations"] > 5


def test_fire_flow_falls_as_the_residual_pressure_rises():
    flows = [h.fire_flow(one_pipe(), "J", residual_pressure_m=p)["available_lps"] for p in (5, 10.2, 20, 35)]
    assert flows == sorted(flows, reverse=True)


def test_fire_flow_says_what_limited_it():
    assert h.fire_flow(one_pipe(), "J", max_flow_lps=50)["limited_by"] == "max_flow"
    starved = h.fire_flow(one_pipe(head=8.0), "J")
    assert starved["limited_by"] == "no_pressure" and starved["available_lps"] == 0.0


def test_fire_flow_runs_at_the_peak_hour_by_default():
    result = h.fire_flow(small_model(), "J6")
    # The pattern peaks in its fourth 4-hour step.
    assert result["at_hour"] == 12.0
    assert h.fire_flow(small_model(), "J6", at_hour=0)["available_lps"] > result["available_lps"]


def test_fire_flow_refuses_a_node_that_is_not_a_junction():
    with pytest.raises(ValueError, match="R is a reservoir"):
        h.fire_flow(small_model(), "R")


# ---------------------------------------------------------------------------------------------------- valve segments
#
#   R ─P1─ A ─P2─ B ─P3─ C ─P6─ E ─P7─ F ─P8─ G        valves (┤ = the valve's side):
#          │      │      │                             V2 on P2 at A, V3 on P5 at A, V4 on P3 at C,
#          P5     P9     P4                            V6 on P6 at C, V8 on P9 at B (inoperable),
#          │      │      │                             V9 on P10 at H
#          D ─────┼──────┘  (P4: C–D, P5: D–A)
#                 H ─P10─ I


@pytest.fixture
def segments():
    pipes = pd.DataFrame(
        [
            ("P1", "R", "A", 10),
            ("P2", "A", "B", 10),
            ("P3", "B", "C", 100),
            ("P4", "C", "D", 10),
            ("P5", "D", "A", 10),
            ("P6", "C", "E", 10),
            ("P7", "E", "F", 10),
            ("P8", "F", "G", 10),
            ("P9", "B", "H", 50),
            ("P10", "H", "I", 10),
        ],
        columns=["name", "start", "end", "length"],
    )
    valves = pd.DataFrame(
        [
            ("V2", "P2", "A", True),
            ("V3", "P5", "A", True),
            ("V4", "P3", "C", True),
            ("V6", "P6", "C", True),
            ("V8", "P9", "B", False),
            ("V9", "P10", "H", True),
        ],
        columns=["name", "pipe", "node", "operable"],
    )
    return h.ValveSegments(pipes, valves, sources=["R"])


def test_valves_split_the_network_into_segments(segments):
    same = segments.segments
    assert same["P2"] == same["P3"] != same["P4"] == same["P5"]
    assert same["P6"] == same["P7"] == same["P8"]
    assert len(set(same)) == 6
    assert segments.node_segments["A"] == same["P1"] and segments.node_segments["B"] == same["P2"]


def test_a_burst_in_the_branch_needs_one_valve(segments):
    isolation = segments.isolate("P7")
    assert isolation.valves == ["V6"] and isolation.inoperable == []
    assert isolation.pipes == ["P6", "P7", "P8"] and isolation.nodes == ["E", "F", "G"]
    assert isolation.disconnected_pipes == [] and isolation.disconnected_nodes == []


def test_shutting_the_loop_segment_cuts_off_the_branch_beyond_it(segments):
    isolation = segments.isolate("P4")
    assert isolation.valves == ["V4", "V6", "V3"]  # V4 and V6 sit at C, an end of P4; V3 is a pipe further
    assert isolation.pipes == ["P4", "P5"] and isolation.nodes == ["C", "D"]
    assert isolation.disconnected_pipes == ["P6", "P7", "P8"]
    assert isolation.disconnected_nodes == ["E", "F", "G"]


def test_an_inoperable_valve_brings_in_the_next_ring(segments):
    isolation = segments.isolate("P2")
    assert isolation.inoperable == ["V8"]
    # Nearest first: V2 at A, an end of P2; V4 20 m away (A–D–C); V9 50 m away (B–H).
    assert isolation.valves == ["V2", "V4", "V9"]
    assert isolation.pipes == ["P2", "P3", "P9"] and isolation.nodes == ["B", "H"]
    assert len(isolation.segments) == 2
    assert isolation.disconnected_pipes == ["P10"] and isolation.disconnected_nodes == ["I"]


def test_the_segment_at_the_source_is_the_most_critical(segments):
    table = segments.criticality()
    worst = table.iloc[0]
    assert table.index[0] == segments.segments["P1"]
    assert worst["pipes"] == ["P1"] and worst["nodes"] == ["A", "R"]
    assert worst["isolated"] == 2 and worst["disconnected"] == 8 and worst["total"] == 10
    assert worst["valves_to_shut"] == ["V2", "V3"] and worst["inoperable"] == []
    assert table.loc[segments.segments["P2"], "inoperable"] == ["V8"]
    by_customers = segments.criticality({"G": 100.0, "F": 50.0, "B": 10.0})
    assert by_customers.index[0] == segments.segments["P1"]
    assert by_customers.loc[segments.segments["P7"], "isolated"] == 150.0


def test_valve_segments_refuse_what_they_cannot_place(segments):
    pipes = pd.DataFrame([("P1", "R", "A")], columns=["name", "start", "end"])
    with pytest.raises(ValueError, match="not an end of pipe P1"):
        h.ValveSegments(pipes, pd.DataFrame([("V", "P1", "Z", True)], columns=["name", "pipe", "node", "operable"]), [])
    with pytest.raises(ValueError, match="no pipe named P99"):
        segments.isolate("P99")


def test_every_burst_on_net3_is_isolated_with_its_own_pipe(net3):
    links = pd.DataFrame(
        [(k["name"], k["start_node_name"], k["end_node_name"]) for k in net3["links"]], columns=["name", "start", "end"]
    )
    ends = pd.concat(
        [
            links[["name", "start"]].set_axis(["pipe", "node"], axis=1),
            links[["name", "end"]].set_axis(["pipe", "node"], axis=1),
        ]
    )
    degree = ends["node"].value_counts()
    rng = np.random.default_rng(7)
    rows = []
    for node, group in ends[ends["node"].map(degree) >= 3].groupby("node"):
        for pipe in group["pipe"].iloc[1:]:
            rows.append((f"V-{pipe}-{node}", pipe, node, rng.random() > 0.1))
    valves = pd.DataFrame(rows, columns=["name", "pipe", "node", "operable"])
    sources = [n["name"] for n in net3["nodes"] if n["node_type"] in ("Reservoir", "Tank")]
    segments = h.ValveSegments(links, valves, sources)
    for pipe in links["name"]:
        isolation = segments.isolate(pipe)
        assert pipe in isolation.pipes
        assert not set(isolation.pipes) & set(isolation.disconnected_pipes)
        assert set(isolation.valves) <= set(valves.loc[valves["operable"], "name"])
    table = segments.criticality()
    assert sorted(table.index) == list(range(segments.count))
    assert np.allclose(table["total"], table["isolated"] + table["disconnected"])
    assert table["total"].is_monotonic_decreasing
    assert all(len(row.pipes) >= 1 or len(row.nodes) == 1 for row in table.itertuples())
