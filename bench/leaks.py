"""Leak detection on L-Town scenarios made here: the BattLeDIM economic score, hits, misses, delays, distances.

No Django: ``shuiwu.engine.leaks`` (the detector) and ``shuiwu.engine.leakscenarios`` (scenarios and score), on
L-Town as epyt ships it; nothing is downloaded.

Each scenario is three weeks of hourly SCADA (BattLeDIM's sensors: 33 pressures, 3 flows, the tank level, 82
AMRs) from a "true" L-Town whose pipe roughness and base demands are off the nominal model by up to ±10 %,
with day-to-day (3 %) and hour-to-hour (5 % per junction) demand noise and sensor noise (5 cm of pressure, 1 %
of flow); the first week is leak-free (the detector's training). Scenarios 1–``--clean`` have no leak at all
(false alarms); the others one or two leaks on random pipes, 8, 12 or 18 mm holes (about 3 to 17 m³/h at
L-Town's pressures), abrupt or incipient (growing to full size over 2–5 days). Printed per scenario and in
total for the model-based detector and, measured in the same run on the same data, a naive baseline: a step
in the town's minimum night flow, on a pipe drawn at random.

Run: ``.venv/bin/python bench/leaks.py [--scenarios N] [--clean N] [--days D] [--seed S]`` (about a minute).
"""

import argparse
import os
import statistics
import sys
import tempfile
import time
import warnings
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from shuiwu.engine import leaks  # noqa: E402
from shuiwu.engine import leakscenarios as ls  # noqa: E402


def fmt(values, unit="", digits=0):
    if not values:
        return "—"
    return f"{statistics.mean(values):.{digits}f}{unit} (median {statistics.median(values):.{digits}f}{unit})"


def line(name: str, s: ls.Score) -> str:
    return (
        f"  {name:<26} score {s.economic_eur:>10,.0f} €   TP {s.tp:>2}  FP {s.fp:>2}  FN {s.fn:>2} of {s.leaks:>2} "
        f"leaks  (repeated {s.repeated})   hours to detection {fmt(s.hours_to_detection, ' h', 1)}   "
        f"to alarm {fmt(s.hours_to_alarm, ' h', 1)}   distance {fmt(s.distance_m, ' m')}"
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scenarios", type=int, default=24)
    parser.add_argument("--clean", type=int, default=4)
    parser.add_argument("--days", type=float, default=21.0)
    parser.add_argument("--seed", type=int, default=2020)
    parser.add_argument("--quiet", action="store_true", help="totals only")
    args = parser.parse_args()
    warnings.filterwarnings("ignore")
    print(f"load average {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores", flush=True)
    started = time.perf_counter()
    scenarios = ls.scenario_set(args.scenarios, seed=args.seed, days=args.days, clean=args.clean)
    ours_total, base_total = ls.Score(), ls.Score()
    clean_fp = {"ours": 0, "baseline": 0}
    timing = {"simulate": 0.0, "detect": 0.0, "baseline": 0.0}
    with tempfile.TemporaryDirectory(prefix="shuiwu-bench-leaks-") as cache, leaks.Network(ls.LTOWN) as net:
        config = leaks.Config(cache_dir=cache)
        for scenario in scenarios:
            t0 = time.perf_counter()
            truth = ls.simulate(scenario)
            scada = ls.to_si(truth.scada)
            t1 = time.perf_counter()
            found = leaks.detect(net, scada, config)
            t2 = time.perf_counter()
            naive = ls.night_flow_baseline(scada, net, seed=scenario.seed)
            t3 = time.perf_counter()
            timing["simulate"] += t1 - t0
            timing["detect"] += t2 - t1
            timing["baseline"] += t3 - t2
            ours = ls.score(found, scenario, truth, net)
            base = ls.score(naive, scenario, truth, net)
            ours_total, base_total = ours_total.add(ours), base_total.add(base)
            if not scenario.leaks:
                clean_fp["ours"] += ours.fp
                clean_fp["baseline"] += base.fp
            if not args.quiet:
                described = (
                    "; ".join(
                        f"{leak.link} {leak.diameter_m * 1000:.0f} mm {leak.kind} from {leak.start:%m-%d %H:%M} "
                        f"({truth.leak_flow[n].max() * 3600:.1f} m³/h)"
                        for n, leak in enumerate(scenario.leaks)
                    )
                    or "no leak"
                )
                reported = (
                    "; ".join(
                        f"{r.linkID} from {r.startTime:%m-%d %H:%M} (alarm {r.alarmTime:%m-%d %H:%M}, at {r.node})"
                        for r in found.itertuples()
                    )
                    or "nothing"
                )
                print(
                    f"{scenario.name}: {described}\n    found: {reported}\n    "
                    f"ours {ours.economic_eur:,.0f} € (TP {ours.tp} FP {ours.fp}), "
                    f"baseline {base.economic_eur:,.0f} € (TP {base.tp} FP {base.fp})",
                    flush=True,
                )
    wall = time.perf_counter() - started
    leaky = [s for s in scenarios if s.leaks]
    print("== summary")
    print(
        f"  {len(scenarios)} scenarios of {args.days:g} days (hourly, first 7 days leak-free), {args.clean} "
        f"without leaks, {sum(len(s.leaks) for s in leaky)} leaks in {len(leaky)}; seed {args.seed}"
    )
    print(line("model-based detector", ours_total))
    print(line("baseline: night-flow step", base_total))
    print(f"  false alarms in the leak-free scenarios: detector {clean_fp['ours']}, baseline {clean_fp['baseline']}")
    print(
        f"  wall time {wall:.1f} s: simulating the true networks {timing['simulate']:.1f} s, detector "
        f"{timing['detect']:.1f} s ({timing['detect'] / len(scenarios):.2f} s per 3-week scenario), baseline "
        f"{timing['baseline']:.1f} s",
        flush=True,
    )


if __name__ == "__main__":
    sys.exit(main())
