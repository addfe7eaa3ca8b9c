"""The hydraulics engine: extended-period runs against the bare EPANET toolkit, and valve segments on big networks.

No Django: ``shuiwu.engine.hydraulics`` alone, on networks that ship with epyt.

1. runs: a 24 h extended-period run at 15-minute steps of L-Town (782 junctions) and of BWSN network 2
   (12,523 junctions, 14,822 pipes), each through ``simulate`` of the model as the app keeps a model version
   (``inp.read`` and ``prepare`` first, not timed, as the toolkit's ``.inp`` is on disk before its run: the
   junction and pipe lines of the EPANET file, rendered once per version), timed: writing the run's file with
   the scenario applied, running it step by step and taking every node's pressure and demand and every link's
   flow and velocity at each report time into DataFrames; against ``run_toolkit_baseline`` on the same ``.inp``
   in the same process (open the file, run, read node pressures each report step). Runs alternate between the
   two, after one warm-up of each; median of the repeats, and the ratio (best against best too). For the
   record, also the time of ``prepare`` and of a run straight from the dictionary (a version's first run);
2. valve segments on BWSN network 2 with a generated valve layer like the demo city's: at each junction with
   three or more links, a valve on every connected pipe but one (the one left out chosen at random), 4 % of the
   valves inoperable (seeded): the time to build the segments, and the median time of one isolation query over
   100 random pipes;
3. the whole-network criticality of L-Town with the same kind of valve layer (every segment shut in turn, with
   the isolated and the disconnected customers counted as nodes).

Targets: ``simulate`` ≤ 1.3 × the bare toolkit on each network; segments built < 10 s; one isolation < 50 ms;
L-Town criticality < 2 min.

Run: ``.venv/bin/python bench/hydraulics.py [--only runs|segments|criticality] [--repeats N]`` (about a minute).
"""

import argparse
import os
import random
import statistics
import sys
import time
import warnings
from importlib.resources import files
from pathlib import Path

import pandas as pd

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from shuiwu.engine import hydraulics, inp  # noqa: E402

NETWORKS = Path(str(files("epyt") / "networks"))
LTOWN = NETWORKS / "L-TOWN.inp"
BWSN2 = NETWORKS / "asce-tf-wdst" / "BWSN_Network_2.inp"
TARGET_RATIO = 1.3
TARGET_SEGMENTS_S = 10.0
TARGET_ISOLATION_MS = 50.0
TARGET_CRITICALITY_S = 120.0
INOPERABLE_SHARE = 0.04
SEED = 2024
VERDICT = {True: "PASS", False: "MISS"}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", choices=["runs", "segments", "criticality"])
    parser.add_argument("--repeats", type=int, default=11, help="timed runs of each kind per network (default 11)")
    args = parser.parse_args()
    # WNTR warns about unused curves in BWSN network 2; the figures are what matter here.
    warnings.filterwarnings("ignore")
    # The machine's load goes with the figures: on a shared machine the ratios move by several per cent.
    print(f"load average {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores", flush=True)
    lines = []
    if args.only in (None, "runs"):
        for path in (LTOWN, BWSN2):
            lines.append(runs(path, args.repeats))
    if args.only in (None, "segments"):
        lines += segments(BWSN2)
    if args.only in (None, "criticality"):
        lines.append(criticality(LTOWN))
    print("== summary")
    print("\n".join(lines), flush=True)


def runs(path: Path, repeats: int) -> str:
    model = inp.read(path)
    scenario = hydraulics.Scenario(duration_h=24, step_s=900)
    prepared = hydraulics.prepare(model)
    results = hydraulics.simulate(prepared, scenario)
    hydraulics.run_toolkit_baseline(path, 24, 900)
    ours, bare, writing, preparing, first = [], [], [], [], []
    for i in range(repeats):
        # Alternate which goes first, so neither always runs on a cache the other warmed.
        for which in ("ours", "bare") if i % 2 == 0 else ("bare", "ours"):
            if which == "ours":
                started = time.perf_counter()
                hydraulics.simulate(prepared, scenario)
                ours.append(time.perf_counter() - started)
            else:
                bare.append(hydraulics.run_toolkit_baseline(path, 24, 900))
        # Where the difference goes: the run's EPANET file written (private, for the record); and the one-off
        # costs of a version: preparing it, and a first run straight from the dictionary.
        started = time.perf_counter()
        hydraulics._write(prepared, hydraulics._plan(model, scenario))
        writing.append(time.perf_counter() - started)
        started = time.perf_counter()
        hydraulics.prepare(model)
        preparing.append(time.perf_counter() - started)
        started = time.perf_counter()
        hydraulics.simulate(model, scenario)
        first.append(time.perf_counter() - started)
    summary = results.summary()
    fast, slow = statistics.median(ours), statistics.median(bare)
    ratio = fast / slow
    print(
        f"{path.name}: {summary['junctions']:,} junctions, {summary['links']:,} links, {summary['steps']} report "
        f"times; simulate {fast * 1000:.0f} ms (min {min(ours) * 1000:.0f}, max {max(ours) * 1000:.0f}), bare "
        f"toolkit {slow * 1000:.0f} ms (min {min(bare) * 1000:.0f}, max {max(bare) * 1000:.0f}); writing the "
        f"run's file {statistics.median(writing) * 1000:.0f} ms of it; best against best "
        f"{min(ours) / min(bare):.2f} ×; lowest pressure {summary['min_pressure_m']:.1f} m at "
        f"{summary['min_pressure_node']}; once per version: prepare {statistics.median(preparing) * 1000:.0f} ms, "
        f"a run straight from the dictionary {statistics.median(first) * 1000:.0f} ms "
        f"= {statistics.median(first) / slow:.2f} × bare toolkit",
        flush=True,
    )
    return (
        f"  24 h run of {path.name:<20} simulate {fast * 1000:>6.0f} ms = {ratio:.2f} × bare toolkit "
        f"({slow * 1000:.0f} ms, median of {repeats})   target ≤ {TARGET_RATIO} ×: {VERDICT[ratio <= TARGET_RATIO]}"
    )


def valve_layer(model: dict, seed: int = SEED) -> tuple[pd.DataFrame, pd.DataFrame, list[str]]:
    """Every link as a graph edge; at each junction of degree ≥ 3 a valve on every pipe there but one."""
    rng = random.Random(seed)
    links = pd.DataFrame(
        [
            (k["name"], k["start_node_name"], k["end_node_name"], k.get("length") or 1.0, k["link_type"])
            for k in model["links"]
        ],
        columns=["name", "start", "end", "length", "kind"],
    )
    types = {n["name"]: n["node_type"] for n in model["nodes"]}
    at_node: dict[str, list[str]] = {}
    for name, start, end in links[["name", "start", "end"]].itertuples(index=False):
        at_node.setdefault(start, []).append(name)
        at_node.setdefault(end, []).append(name)
    pipes = set(links.loc[links["kind"] == "Pipe", "name"])
    rows = []
    for node, names in at_node.items():
        if types[node] != "Junction" or len(names) < 3:
            continue
        candidates = [n for n in names if n in pipes]
        if not candidates:
            continue
        left_open = rng.choice(candidates)
        for pipe in candidates:
            if pipe != left_open:
                rows.append((f"V{len(rows) + 1}", pipe, node, rng.random() >= INOPERABLE_SHARE))
    valves = pd.DataFrame(rows, columns=["name", "pipe", "node", "operable"])
    sources = [n["name"] for n in model["nodes"] if n["node_type"] in hydraulics.SOURCE_TYPES]
    return links.drop(columns="kind"), valves, sources


def segments(path: Path) -> list[str]:
    model = inp.read(path)
    pipes, valves, sources = valve_layer(model)
    started = time.perf_counter()
    network = hydraulics.ValveSegments(pipes, valves, sources)
    build = time.perf_counter() - started
    rng = random.Random(SEED)
    chosen = rng.sample(list(pipes["name"]), 100)
    times, shut, cut = [], [], []
    for pipe in chosen:
        started = time.perf_counter()
        isolation = network.isolate(pipe)
        times.append(time.perf_counter() - started)
        shut.append(len(isolation.valves))
        cut.append(len(isolation.disconnected_pipes))
    query = statistics.median(times) * 1000
    print(
        f"{path.name}: {len(valves):,} valves ({(~valves['operable']).sum():,} inoperable), {network.count:,} "
        f"segments built in {build:.2f} s; isolation of 100 random pipes: median {query:.1f} ms, p95 "
        f"{sorted(times)[94] * 1000:.1f} ms; {statistics.mean(shut):.1f} valves to shut on average, "
        f"{sum(c > 0 for c in cut)} of 100 cut other pipes off",
        flush=True,
    )
    return [
        f"  segments of {path.name:<20} built in {build:>6.2f} s ({network.count:,} segments)   "
        f"target < {TARGET_SEGMENTS_S:.0f} s: {VERDICT[build < TARGET_SEGMENTS_S]}",
        f"  one isolation on {path.name:<15} {query:>6.1f} ms (median of 100)   "
        f"target < {TARGET_ISOLATION_MS:.0f} ms: {VERDICT[query < TARGET_ISOLATION_MS]}",
    ]


def criticality(path: Path) -> str:
    model = inp.read(path)
    pipes, valves, sources = valve_layer(model)
    started = time.perf_counter()
    network = hydraulics.ValveSegments(pipes, valves, sources)
    table = network.criticality()
    took = time.perf_counter() - started
    worst = table.iloc[0]
    print(
        f"{path.name}: {len(valves):,} valves, {network.count:,} segments; criticality of every segment in "
        f"{took:.2f} s; worst segment {table.index[0]}: {len(worst['pipes'])} pipes, "
        f"{len(worst['valves_to_shut'])} valves, {worst['isolated']:.0f} nodes isolated and "
        f"{worst['disconnected']:.0f} cut off",
        flush=True,
    )
    return (
        f"  criticality of {path.name:<17} {took:>6.2f} s ({network.count:,} segments)   "
        f"target < {TARGET_CRITICALITY_S:.0f} s: {VERDICT[took < TARGET_CRITICALITY_S]}"
    )


if __name__ == "__main__":
    sys.exit(main())
