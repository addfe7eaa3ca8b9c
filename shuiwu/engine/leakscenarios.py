"""BattLeDIM-style leak scenarios on L-Town, made here, and the BattLeDIM economic score of a detector on them.

No Django, no network access: L-Town's EPANET file ships with epyt. A scenario is a "true" network that differs
from the nominal model (each pipe's roughness and each junction's base demand off by up to ±10 %, as BattLeDIM
says of its own), demands that wander from day to day and hour to hour, leaks on pipes (abrupt or incipient,
several sizes), and sensor noise; an extended-period run of it on the EPANET 2.3 toolkit at an hourly step
gives the SCADA a detector sees (the real BattLeDIM sensor placement: 33 pressure sensors, the two reservoir
inflows, the pump, the tank level and 82 AMRs in area C) and the leak flows the score needs.

A leak on a pipe is two emitters, one at each end of the pipe, each with half of the orifice coefficient
``Cd·π·d²/4·√(2g)`` (Cd 0.75): to first order the same outflow and pressure drop as a hole half-way along.
An incipient leak grows linearly from nothing at its start to its full size at its peak time.

``score`` follows the BattLeDIM 2020 scoring algorithm: a detection is true when it falls between a leak's start
and end and its pipe is within 300 m along the network of the leak's pipe (centre to centre); it earns the water
the leak would still lose from the detection to the end of the period at 0.80 €/m³, less (distance / 300 m) ×
500 € of crew time; any other detection costs 500 €; a second detection of a leak already found counts nothing.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from importlib.resources import files
from pathlib import Path

import epanet.toolkit as tk
import numpy as np
import pandas as pd

from shuiwu.engine import leaks

LTOWN = Path(str(files("epyt") / "networks" / "L-TOWN.inp"))
GRAVITY = 9.81
DISCHARGE_COEFFICIENT = 0.75

# The BattLeDIM 2020 sensors on L-Town (its dataset configuration).
PRESSURE_SENSORS = [
    "n1", "n4", "n31", "n54", "n105", "n114", "n163", "n188", "n215", "n229", "n288", "n296", "n332", "n342",
    "n410", "n415", "n429", "n458", "n469", "n495", "n506", "n516", "n519", "n549", "n613", "n636", "n644",
    "n679", "n722", "n726", "n740", "n752", "n769",
]  # fmt: skip
FLOW_SENSORS = ["PUMP_1", "p227", "p235"]
LEVEL_SENSORS = ["T1"]
AMR_NODES = [f"n{i}" for i in (
    1, 2, 3, 4, 6, 7, 8, 9, 10, 11, 13, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32, 33, 34,
    35, 36, 39, 40, 41, 42, 43, 44, 45, 343, 344, 345, 346, 347, 349, 350, 351, 352, 353, 354, 355, 356, 357, 358,
    360, 361, 362, 364, 365, 366, 367, 368, 369, 370, 371, 372, 373, 374, 375, 376, 377, 378, 379, 381, 382, 383,
    384, 385, 386, 387, 388, 389,
)]  # fmt: skip

# BattLeDIM's scoring parameters.
MAX_DISTANCE_M = 300.0
WATER_EUR_M3 = 0.80
CREW_EUR = 500.0


@dataclass
class Leak:
    link: str
    start: pd.Timestamp
    diameter_m: float
    kind: str = "abrupt"  # or "incipient"
    peak: pd.Timestamp | None = None  # incipient: when it reaches full size
    end: pd.Timestamp | None = None  # repaired (None: lasts to the end of the scenario)


@dataclass
class Scenario:
    name: str
    start: pd.Timestamp
    days: float
    leaks: list[Leak] = field(default_factory=list)
    seed: int = 0
    roughness_error: float = 0.10  # each pipe's roughness off by up to this share
    demand_error: float = 0.10  # each junction's base demand off by up to this share
    daily_demand_noise: float = 0.03  # the whole town's demand of a day
    hourly_demand_noise: float = 0.05  # each junction's demand of an hour
    pressure_noise_m: float = 0.05
    flow_noise: float = 0.01  # share of the flow
    level_noise_m: float = 0.005
    amr_noise: float = 0.02
    training_days: float = 7.0  # leak-free at the start


@dataclass
class Truth:
    scada: dict[str, pd.DataFrame]  # BattLeDIM units: m, m³/h, m, L/h
    leak_flow: pd.DataFrame  # m³/s of each leak (columns: index in scenario.leaks) each hour


def orifice(diameter_m: float) -> float:
    """Emitter coefficient of a hole, m³/s per √m of pressure."""
    return DISCHARGE_COEFFICIENT * math.pi * diameter_m**2 / 4.0 * math.sqrt(2 * GRAVITY)


def simulate(scenario: Scenario, inp_path: str | Path = LTOWN) -> Truth:
    """The scenario's SCADA and leak flows from an hourly extended-period run of the perturbed network."""
    rng = np.random.default_rng(scenario.seed)
    hours = int(round(scenario.days * 24))
    index = pd.date_range(scenario.start, periods=hours, freq="h")
    with leaks.Network(inp_path) as net:
        h = net.handle
        for k in net.pipes:
            roughness = tk.getlinkvalue(h, k + 1, tk.ROUGHNESS)
            tk.setlinkvalue(h, k + 1, tk.ROUGHNESS, roughness * (1 + rng.uniform(-1, 1) * scenario.roughness_error))
        nominal = net.pattern_demands(index, pd.Timestamp(leaks.Config.pattern_epoch), 3600)
        node_error = 1 + rng.uniform(-1, 1, nominal.shape[1]) * scenario.demand_error
        day = ((index - index[0]) // pd.Timedelta(days=1)).to_numpy()
        daily = 1 + rng.normal(0, scenario.daily_demand_noise, day.max() + 1)[day]
        noise = np.clip(1 + rng.normal(0, scenario.hourly_demand_noise, nominal.shape), 0, None)
        demands = nominal * node_error[None, :] * daily[:, None] * noise
        # Each leak: its pipe's two end nodes and the coefficient each gets at each hour.
        leak_nodes = []
        coefficients = np.zeros((hours, len(scenario.leaks)))
        for n, leak in enumerate(scenario.leaks):
            k = net.link_index[leak.link]
            leak_nodes.append((int(net.link_start[k]), int(net.link_end[k])))
            size = orifice(leak.diameter_m)
            start = (index >= leak.start) & (index < (leak.end or index[-1] + pd.Timedelta(hours=1)))
            grow = np.ones(hours)
            if leak.kind == "incipient" and leak.peak is not None and leak.peak > leak.start:
                grow = np.clip((index - leak.start) / (leak.peak - leak.start), 0, 1)
            coefficients[:, n] = np.where(start, size * np.asarray(grow, dtype=float), 0.0)
        sensors = [net.node_index[s] for s in PRESSURE_SENSORS]
        flows_at = [net.link_index[s] for s in FLOW_SENSORS]
        tanks = [net.node_index[s] for s in LEVEL_SENSORS]
        amr = [net.junctions.index(net.node_index[s]) for s in AMR_NODES]
        pressure = np.full((hours, len(net.nodes)), np.nan)
        flow = np.full((hours, len(flows_at)), np.nan)
        node_buffer = leaks._buffer(len(net.nodes))
        link_buffer = leaks._buffer(len(net.links))

        def set_hour(t):
            for k, i in enumerate(net.junctions):
                tk.setbasedemand(h, i + 1, 1, float(demands[t, k]))
            emitter: dict[int, float] = {}
            for n, (a, b) in enumerate(leak_nodes):
                for node in (a, b):
                    emitter[node] = emitter.get(node, 0.0) + coefficients[t, n] / 2
            for node, value in emitter.items():
                tk.setnodevalue(h, node + 1, tk.EMITTER, value)

        tk.settimeparam(h, tk.DURATION, (hours - 1) * 3600)
        tk.settimeparam(h, tk.HYDSTEP, 3600)
        tk.settimeparam(h, tk.REPORTSTEP, 3600)
        tk.settimeparam(h, tk.PATTERNSTEP, 3600)
        import warnings

        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            tk.openH(h)
            tk.initH(h, 0)
            set_hour(0)
            while True:
                t = tk.runH(h)
                if t % 3600 == 0 and t // 3600 < hours:
                    k = t // 3600
                    tk.getnodevalues(h, tk.PRESSURE, node_buffer[0])
                    pressure[k] = node_buffer[1]
                    tk.getlinkvalues(h, tk.FLOW, link_buffer[0])
                    flow[k] = link_buffer[1][flows_at]
                step = tk.nextH(h)
                if step <= 0:
                    break
                if (t + step) % 3600 == 0 and (t + step) // 3600 < hours:
                    set_hour((t + step) // 3600)
            tk.closeH(h)
        net._hydraulics_open = False
    leak_flow = np.zeros((hours, len(scenario.leaks)))
    for n, (a, b) in enumerate(leak_nodes):
        leak_flow[:, n] = (
            coefficients[:, n]
            / 2
            * (np.sqrt(np.clip(pressure[:, a], 0, None)) + np.sqrt(np.clip(pressure[:, b], 0, None)))
        )

    def frame(values, columns):
        out = pd.DataFrame(values, index=index, columns=columns)
        out.index.name = "Timestamp"
        return out

    p = pressure[:, sensors] + rng.normal(0, scenario.pressure_noise_m, (hours, len(sensors)))
    q = flow * 3600 * (1 + rng.normal(0, scenario.flow_noise, flow.shape))
    level = pressure[:, tanks] + rng.normal(0, scenario.level_noise_m, (hours, len(tanks)))
    amr_lh = demands[:, amr] * 3.6e6 * (1 + rng.normal(0, scenario.amr_noise, (hours, len(amr))))
    scada = {
        "pressures": frame(np.round(p, 3), PRESSURE_SENSORS),
        "flows": frame(np.round(q, 3), FLOW_SENSORS),
        "levels": frame(np.round(level, 3), LEVEL_SENSORS),
        "demands": frame(np.round(amr_lh, 1), AMR_NODES),
    }
    return Truth(scada=scada, leak_flow=frame(leak_flow, list(range(len(scenario.leaks)))))


def to_si(scada: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    """BattLeDIM units (as in the files) to the detector's SI units."""
    return {kind: frame * leaks.SCADA_FILES[kind][2] for kind, frame in scada.items()}


def write_scada(scada: dict[str, pd.DataFrame], folder: str | Path, sep: str = ";", decimal: str = ",") -> Path:
    """The SCADA as BattLeDIM CSV files (``;`` and decimal commas by default, as in BattLeDIM's releases)."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    for kind, frame in scada.items():
        out = frame.copy()
        out.index = out.index.strftime("%Y-%m-%d %H:%M")
        out.to_csv(folder / leaks.SCADA_FILES[kind][0], sep=sep, decimal=decimal, index_label="Timestamp")
    return folder


# --------------------------------------------------------------------------------------------------------------------
# Scenario sets


def scenario_set(count: int, seed: int = 2020, days: float = 21.0, clean: int = 2) -> list[Scenario]:
    """``count`` scenarios, the first ``clean`` without leaks; the others with one or two leaks of mixed sizes,
    abrupt or incipient, starting after the training week, on pipes drawn at random (seeded)."""
    rng = np.random.default_rng(seed)
    with leaks.Network(LTOWN) as net:
        pipes = [net.links[k] for k in net.pipes if net.link_length[k] > 1.0]
    start = pd.Timestamp("2019-01-07")  # a Monday, as the patterns' week starts
    out = []
    for n in range(count):
        found: list[Leak] = []
        if n >= clean:
            for _ in range(1 + int(rng.random() < 0.4)):
                begin = start + pd.Timedelta(days=7.5 + rng.random() * (days - 12.0), hours=0)
                begin = begin.floor("h")
                diameter = float(rng.choice([0.008, 0.012, 0.018]))
                kind = "incipient" if rng.random() < 0.4 else "abrupt"
                peak = begin + pd.Timedelta(days=float(rng.uniform(2, 5))) if kind == "incipient" else None
                found.append(Leak(str(rng.choice(pipes)), begin, diameter, kind, peak))
        out.append(Scenario(f"S{n + 1:02d}", start, days, found, seed=seed + n))
    return out


# --------------------------------------------------------------------------------------------------------------------
# Scoring


@dataclass
class Score:
    economic_eur: float = 0.0
    tp: int = 0
    fp: int = 0
    fn: int = 0
    repeated: int = 0
    hours_to_detection: list[float] = field(default_factory=list)  # per true positive: detection − leak start
    hours_to_alarm: list[float] = field(default_factory=list)  # per true positive: alarm − leak start
    distance_m: list[float] = field(default_factory=list)  # per true positive: centre to centre along pipes
    leaks: int = 0

    def add(self, other: Score) -> Score:
        return Score(
            self.economic_eur + other.economic_eur,
            self.tp + other.tp,
            self.fp + other.fp,
            self.fn + other.fn,
            self.repeated + other.repeated,
            self.hours_to_detection + other.hours_to_detection,
            self.hours_to_alarm + other.hours_to_alarm,
            self.distance_m + other.distance_m,
            self.leaks + other.leaks,
        )


def score(
    detections: pd.DataFrame,
    scenario: Scenario,
    truth: Truth,
    net: leaks.Network,
    *,
    max_distance_m: float = MAX_DISTANCE_M,
    water_eur_m3: float = WATER_EUR_M3,
    crew_eur: float = CREW_EUR,
) -> Score:
    """BattLeDIM's economic score of ``detections`` (``linkID``, ``startTime``) on one scenario, with counts."""
    index = truth.leak_flow.index
    step_h = (index[1] - index[0]) / pd.Timedelta(hours=1) if len(index) > 1 else 1.0
    end = index[-1] + (index[1] - index[0] if len(index) > 1 else pd.Timedelta(hours=1))
    result = Score(leaks=len(scenario.leaks))
    found: set[int] = set()
    rows = detections.sort_values("startTime") if len(detections) else detections
    for row in rows.itertuples(index=False):
        when = pd.Timestamp(row.startTime)
        if row.linkID not in net.link_index:
            result.fp += 1
            result.economic_eur -= crew_eur
            continue
        link = net.link_index[row.linkID]
        hits = []
        for n, leak in enumerate(scenario.leaks):
            x = net.pipe_distance(net.link_index[leak.link], link)
            if leak.start <= when <= (leak.end or end) and x <= max_distance_m:
                hits.append((x, n))
        if not hits:
            result.fp += 1
            result.economic_eur -= crew_eur
            continue
        fresh = [(x, n) for x, n in hits if n not in found]
        if not fresh:
            result.repeated += 1
            continue
        x, n = min(fresh)
        found.add(n)
        saved = float(truth.leak_flow[n][index >= when].sum()) * step_h * 3600.0
        result.economic_eur += saved * water_eur_m3 - (x / max_distance_m) * crew_eur
        result.tp += 1
        result.distance_m.append(x)
        result.hours_to_detection.append((when - scenario.leaks[n].start) / pd.Timedelta(hours=1))
        alarm = getattr(row, "alarmTime", None)
        if alarm is not None and not pd.isna(alarm):
            result.hours_to_alarm.append((pd.Timestamp(alarm) - scenario.leaks[n].start) / pd.Timedelta(hours=1))
    result.fn = len(scenario.leaks) - len(found)
    return result


def localisation_distance(detection_link: str, leak: Leak, net: leaks.Network) -> float:
    return net.pipe_distance(net.link_index[leak.link], net.link_index[detection_link])


# --------------------------------------------------------------------------------------------------------------------
# A naive baseline


def night_flow_baseline(
    scada_si: dict[str, pd.DataFrame], net: leaks.Network, training_days: float = 7.0, seed: int = 0, k: float = 3.0
) -> pd.DataFrame:
    """What a utility without a model does: a step in the town's minimum night flow (02:00–04:00 of measured
    consumption) above the training nights' mean + k·σ raises an alarm, dated at that night, on a pipe drawn
    at random (no localisation)."""
    rng = np.random.default_rng([seed, 7])  # not the stream the scenario drew its leak pipes from
    data, index = leaks.resample(scada_si, "1h")
    used = leaks.consumption(net, data, index, 3600)
    if used is None:
        return pd.DataFrame(columns=["linkID", "startTime"])
    night = used[(used.index.hour >= 2) & (used.index.hour < 4)]
    nightly = night.groupby(night.index.normalize()).mean()
    cut = index[0] + pd.Timedelta(days=training_days)
    train = nightly[nightly.index < cut.normalize()]
    limit = train.mean() + k * max(train.std(), 1e-6)
    rows, armed, level = [], True, limit
    for day, value in nightly[nightly.index >= cut.normalize()].items():
        if value > level and armed:
            rows.append((net.links[int(rng.choice(net.pipes))], day + pd.Timedelta(hours=2)))
            level = value + (limit - train.mean())  # the new normal: a further step is a further leak
    return pd.DataFrame(rows, columns=["linkID", "startTime"])
