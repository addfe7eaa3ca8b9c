"""Leak detection and localisation from SCADA against the hydraulic model (BattLeDIM-style).

No Django: SCADA in as pandas DataFrames (or a folder of BattLeDIM CSV files), detections out as a DataFrame,
SI units inside (m, m³/s, s).

The method, in four steps, each hour of the SCADA period (data resampled to ``Config.step``, one hour):

1. **The nominal model, driven by the measurements.** Each hour is one steady-state solve of the EPANET 2.3
   toolkit: demands are the model's base demands times its patterns (averaged over the hour, the pattern week
   starting at ``Config.pattern_epoch``), AMR readings (``Demands.csv``) replace the model's demand where a node
   has them, and the rest is scaled so the total matches what the network consumed that hour (reservoir supply
   measured by flow sensors on the reservoirs' outlets less what went into the tanks, from the level sensors).
   Tank levels are the measured ones and a pump with a flow sensor runs when it measured flow.
2. **Residuals.** Measured less modelled pressure at each pressure sensor, less each sensor's bias for that
   hour of the day learnt in a leak-free training window at the start (``Config.training_days``); a trailing
   mean over ``Config.smoothing_h`` hours takes the noise out.
3. **Detection.** A leak at junction *j* shifts the residuals along the column *s_j* of a leak-sensitivity
   matrix (one extra solve per junction with a probe leak there, less the same water spread over every demand
   as step 1 would spread it; computed once per model and sensor set, cached on disk). The test statistic is
   the best matched filter over all junctions, ``max_j s_jᵀ W r / √(s_jᵀ W s_j)`` with ``W`` the inverse
   variance of each sensor's smoothed residual in training: a z-score. A leak is declared when it stays above
   the threshold for ``Config.persistence_h`` hours.
4. **Start time and place.** ``Config.localise_h`` hours after the alarm, the start is the CUSUM change point
   of the hourly (unsmoothed) matched-filter statistic of the alarming junction, plus ``Config.start_margin_h``
   (BattLeDIM counts a report dated before the leak as a false alarm); the place is the junction whose signature
   best matches the residuals averaged since that start, reported as the pipe between it and its best-matching
   neighbour (BattLeDIM wants a link id). The shape of the residuals the leak caused is then remembered and
   projected out of later residuals (the leak becomes part of the new normal, the way a utility logs a leak and
   waits for the repair), so that later leaks are seen on top of it; the threshold rises with the size of the
   leaks already known, whose shape is never exact; a new alarm near a leak already reported
   (``Config.same_leak_m`` along the pipes) is that leak growing and is not reported again.

``detect`` runs the whole period; ``LeakMonitor`` keeps the same state as plain data (``to_dict``/``from_dict``)
so the platform can feed it the latest telemetry each hour and store it between runs.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import math
import tempfile
import warnings
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from pathlib import Path

import epanet.toolkit as tk
import numpy as np
import pandas as pd
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import dijkstra

from shuiwu.engine.hydraulics import _buffer

# The files of a BattLeDIM SCADA folder, what their columns name, and the factor from their unit to SI.
SCADA_FILES = {
    "pressures": ("Pressures.csv", "node", 1.0),  # m
    "flows": ("Flows.csv", "link", 1.0 / 3600.0),  # m³/h → m³/s
    "levels": ("Levels.csv", "node", 1.0),  # m
    "demands": ("Demands.csv", "node", 1.0 / 3.6e6),  # L/h → m³/s
}
SENSITIVITY_VERSION = 1  # bump when the way the matrix is computed changes: old cache files are then ignored


@dataclass
class Config:
    """The detector's settings; every one has a default that works on L-Town-like networks."""

    step: str = "1h"  # the detector's time step (SCADA is averaged onto it)
    training_days: float = 7.0  # leak-free window at the start where the biases and the noise are learnt
    smoothing_h: int = 24  # trailing mean of the residuals (a whole day: the daily cycle of model error cancels)
    threshold: float = 6.5  # matched-filter z-score that raises an alarm
    known_leak_share: float = 0.15  # the threshold rises by this share of the z-size of the leaks already reported
    training_margin: float = 1.3  # the threshold is at least this × the highest statistic seen in training
    persistence_h: int = 3  # hours in a row above the threshold
    localise_h: int = 24  # after an alarm: hours of data to gather before dating and placing the leak
    start_margin_h: int = 6  # the start reported is this much after the change point (never before the leak)
    same_leak_m: float = 400.0  # a new alarm this close (along pipes) to a reported leak is that leak growing
    cusum_lookback_h: int = 21 * 24  # how far back the start time is searched
    min_sigma_m: float = 0.015  # floor on a sensor's residual noise, m
    probe_leak_m3s: float = 0.002  # leak used to compute the sensitivity matrix (2 L/s)
    scale_demands: bool = True  # scale the model's demands to the measured consumption when it is known
    pattern_epoch: str = "2018-01-01 00:00"  # when the model's patterns start (a Monday at midnight)
    cache_dir: str | None = None  # where the sensitivity matrix is cached (None: not cached)

    @classmethod
    def from_mapping(cls, values: Mapping | None) -> Config:
        if not values:
            return cls()
        known = {f.name for f in fields(cls)}
        unknown = sorted(set(values) - known)
        if unknown:
            raise ValueError(f"unknown detector setting(s): {', '.join(unknown)}")
        return cls(**dict(values))


class ScadaError(ValueError):
    """A SCADA file that cannot be used, naming the file and, where known, the row and the column."""

    def __init__(self, file: str, message: str):
        self.file = file
        super().__init__(f"{file}: {message}")


# --------------------------------------------------------------------------------------------------------------------
# Reading SCADA files


def _sniff(first_line: str) -> str:
    return ";" if first_line.count(";") > first_line.count(",") else ","


def read_scada_file(path: str | Path, kind: str) -> pd.DataFrame:
    """One BattLeDIM CSV file as a DataFrame in SI units, indexed by timestamp; ScadaError on anything wrong.

    ``;`` or ``,`` separated; with ``;``, a decimal comma is accepted too. Empty cells are missing readings.
    """
    path = Path(path)
    name = path.name
    factor = SCADA_FILES[kind][2]
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            first = handle.readline()
    except UnicodeDecodeError:
        raise ScadaError(name, "is not a UTF-8 text file") from None
    if not first.strip():
        raise ScadaError(name, "is empty")
    sep = _sniff(first)
    try:
        raw = pd.read_csv(path, sep=sep, dtype=str, keep_default_na=False, encoding="utf-8-sig", skipinitialspace=True)
    except (pd.errors.ParserError, UnicodeDecodeError) as exc:
        raise ScadaError(name, f"is not a readable CSV file ({str(exc).strip()})") from None
    raw.columns = [str(c).strip() for c in raw.columns]
    if not len(raw.columns) or raw.columns[0].lower() != "timestamp":
        raise ScadaError(name, f"the first column must be 'Timestamp', not {raw.columns[0]!r}")
    if len(raw.columns) < 2:
        raise ScadaError(name, "has a Timestamp column but no sensor column")
    duplicated = raw.columns[raw.columns.duplicated()].tolist()
    if duplicated:
        raise ScadaError(name, f"column {duplicated[0]!r} appears more than once")
    if raw.empty:
        raise ScadaError(name, "has a header but no rows")
    stamps = raw.iloc[:, 0].str.strip()
    times = pd.to_datetime(stamps, errors="coerce", format="mixed", dayfirst=False)
    bad = times.isna()
    if bad.any():
        row = int(np.flatnonzero(bad.to_numpy())[0])
        raise ScadaError(name, f"row {row + 2}: timestamp {stamps.iloc[row]!r} is not a date and time")
    if getattr(times.dt, "tz", None) is not None:
        times = times.dt.tz_convert(None)
    values = raw.iloc[:, 1:].apply(lambda col: col.str.strip())
    if sep == ";":
        values = values.apply(lambda col: col.str.replace(",", ".", regex=False))
    numbers = values.apply(pd.to_numeric, errors="coerce")
    wrong = numbers.isna().to_numpy() & (values.to_numpy() != "")
    wrong &= ~np.isin(np.char.lower(values.to_numpy().astype(str)), ["nan", "na", "null"])
    if wrong.any():
        row, col = (int(v[0]) for v in np.nonzero(wrong))
        raise ScadaError(
            name,
            f"row {row + 2}, column {values.columns[col]!r}: {values.iat[row, col]!r} is not a number",
        )
    frame = numbers.astype(float) * factor
    frame.index = pd.DatetimeIndex(times.to_numpy(), name="Timestamp")
    frame = frame[~frame.index.duplicated(keep="first")].sort_index()
    return frame


def read_scada(folder: str | Path) -> dict[str, pd.DataFrame]:
    """Every BattLeDIM file present in ``folder`` (names matched without regard to case), keyed by kind."""
    folder = Path(folder)
    if not folder.is_dir():
        raise ScadaError(str(folder), "is not a folder")
    present = {p.name.lower(): p for p in folder.iterdir() if p.is_file()}
    scada = {}
    for kind, (filename, _, _) in SCADA_FILES.items():
        path = present.get(filename.lower())
        if path is not None:
            scada[kind] = read_scada_file(path, kind)
    if not scada:
        expected = ", ".join(f for f, _, _ in SCADA_FILES.values())
        raise ScadaError(str(folder), f"holds none of the SCADA files ({expected})")
    return scada


# --------------------------------------------------------------------------------------------------------------------
# The network on the EPANET toolkit


class Network:
    """An EPANET model opened in the toolkit (SI units), with what the detector needs of it.

    ``Network(path_or_model_dict)``; ``close()`` when done (or use it as a context manager).
    """

    def __init__(self, model: str | Path | dict):
        self._folder = tempfile.TemporaryDirectory(prefix="shuiwu-leaks-")
        folder = Path(self._folder.name)
        if isinstance(model, dict):
            from shuiwu.engine import inp

            path = inp.write(model, folder / "model.inp")
        else:
            path = Path(model)
            from shuiwu.engine import inp

            inp.check(path)  # InpError with EPANET's messages, naming the line
        self.path = path
        self.digest = hashlib.sha256(path.read_bytes()).hexdigest()
        self.handle = tk.createproject()
        self._open = False
        try:
            tk.open(self.handle, str(path), str(folder / "run.rpt"), "")
            self._open = True
            tk.setflowunits(self.handle, tk.CMS)
            tk.setstatusreport(self.handle, tk.NO_REPORT)
            self._read()
        except Exception:
            self.close()
            raise

    # -- reading the model ---------------------------------------------------------------------------------------
    def _read(self):
        h = self.handle
        n_nodes = tk.getcount(h, tk.NODECOUNT)
        n_links = tk.getcount(h, tk.LINKCOUNT)
        self.nodes = [tk.getnodeid(h, i) for i in range(1, n_nodes + 1)]
        self.node_types = [tk.getnodetype(h, i) for i in range(1, n_nodes + 1)]
        self.node_index = {name: i for i, name in enumerate(self.nodes)}
        self.junctions = [i for i, t in enumerate(self.node_types) if t == tk.JUNCTION]
        self.reservoirs = [i for i, t in enumerate(self.node_types) if t == tk.RESERVOIR]
        self.tanks = [i for i, t in enumerate(self.node_types) if t == tk.TANK]
        self.links = [tk.getlinkid(h, i) for i in range(1, n_links + 1)]
        self.link_index = {name: i for i, name in enumerate(self.links)}
        self.link_types = [tk.getlinktype(h, i) for i in range(1, n_links + 1)]
        ends = [tk.getlinknodes(h, i) for i in range(1, n_links + 1)]
        self.link_start = np.array([a - 1 for a, _ in ends], dtype=np.int64)
        self.link_end = np.array([b - 1 for _, b in ends], dtype=np.int64)
        self.link_length = np.array(
            [tk.getlinkvalue(h, i, tk.LENGTH) if t == tk.PIPE else 0.0 for i, t in enumerate(self.link_types, 1)]
        )
        self.pipes = [i for i, t in enumerate(self.link_types) if t in (tk.PIPE, tk.CVPIPE)]
        self.pumps = [i for i, t in enumerate(self.link_types) if t == tk.PUMP]
        # Base demands and their patterns: demand of junction k at hour t = Σ base × hourly pattern value.
        pattern_step = tk.gettimeparam(h, tk.PATTERNSTEP) or 3600
        self.pattern_step = int(pattern_step)
        n_patterns = tk.getcount(h, tk.PATCOUNT)
        self.patterns = [
            np.array([tk.getpatternvalue(h, p, k) for k in range(1, tk.getpatternlen(h, p) + 1)])
            for p in range(1, n_patterns + 1)
        ]
        multiplier = tk.getoption(h, tk.DEMANDMULT) or 1.0
        rows, cols, vals = [], [], []
        for k, i in enumerate(self.junctions):
            for d in range(1, tk.getnumdemands(h, i + 1) + 1):
                base = tk.getbasedemand(h, i + 1, d) * multiplier
                if base:
                    rows.append(k)
                    cols.append(tk.getdemandpattern(h, i + 1, d))  # 0: no pattern (constant)
                    vals.append(base)
        self.base = coo_matrix((vals, (rows, cols)), shape=(len(self.junctions), n_patterns + 1)).toarray()
        self.elevation = np.array([tk.getnodevalue(h, i + 1, tk.ELEVATION) for i in range(n_nodes)])
        self.tank_area = {i: math.pi * tk.getnodevalue(h, i + 1, tk.TANKDIAM) ** 2 / 4.0 for i in self.tanks}
        self.tank_bounds = {
            i: (tk.getnodevalue(h, i + 1, tk.MINLEVEL), tk.getnodevalue(h, i + 1, tk.MAXLEVEL)) for i in self.tanks
        }
        self.tank_initial = {i: tk.getnodevalue(h, i + 1, tk.TANKLEVEL) for i in self.tanks}
        # One demand category per junction from here on, patternless: the detector sets the value each hour.
        for i in self.junctions:
            for d in range(1, tk.getnumdemands(h, i + 1) + 1):
                tk.setdemandpattern(h, i + 1, d, 0)
                tk.setbasedemand(h, i + 1, d, 0.0)
            if tk.getnumdemands(h, i + 1) == 0:
                tk.adddemand(h, i + 1, 0.0, "", "")
        tk.setoption(h, tk.DEMANDMULT, 1.0)
        self.controls = tk.getcount(h, tk.CONTROLCOUNT)
        self._graph = None
        self._hydraulics_open = False
        self._buffer = None

    # -- demands -------------------------------------------------------------------------------------------------
    def pattern_demands(self, times: pd.DatetimeIndex, epoch: pd.Timestamp, step_s: int) -> np.ndarray:
        """Model demand of each junction (columns, in ``self.junctions`` order) at each time, m³/s.

        Each pattern is averaged over the step that starts at the time (the SCADA averages over it too).
        """
        seconds = ((times - epoch) / pd.Timedelta(seconds=1)).to_numpy()
        per_step = max(1, int(round(step_s / self.pattern_step)))
        values = np.ones((len(self.patterns) + 1, len(times)))
        for p, pattern in enumerate(self.patterns, start=1):
            if not len(pattern):
                continue
            first = np.floor(seconds / self.pattern_step).astype(np.int64)
            idx = (first[:, None] + np.arange(per_step)[None, :]) % len(pattern)
            values[p] = pattern[idx].mean(axis=1)
        return (self.base @ values).T

    # -- solving -------------------------------------------------------------------------------------------------
    def _ensure_open(self):
        if not self._hydraulics_open:
            tk.settimeparam(self.handle, tk.DURATION, 0)
            tk.openH(self.handle)
            self._hydraulics_open = True

    def snapshot(
        self,
        demands: np.ndarray,
        tank_levels: Mapping[int, float] | None = None,
        pumps_on: Mapping[int, bool] | None = None,
        emitters: Mapping[int, float] | None = None,
    ) -> np.ndarray:
        """Pressure (m) at every node for one steady state: junction demands (m³/s), tank levels, pump states."""
        h = self.handle
        self._ensure_open()
        for k, i in enumerate(self.junctions):
            tk.setbasedemand(h, i + 1, 1, float(demands[k]))
        for i, level in (tank_levels or {}).items():
            low, high = self.tank_bounds[i]
            tk.setnodevalue(h, i + 1, tk.TANKLEVEL, float(min(max(level, low), high)))
        if pumps_on:
            for c in range(1, self.controls + 1):
                tk.setcontrolenabled(h, c, 0)
            for link, on in pumps_on.items():
                tk.setlinkvalue(h, link + 1, tk.INITSTATUS, 1.0 if on else 0.0)
        for i, coefficient in (emitters or {}).items():
            tk.setnodevalue(h, i + 1, tk.EMITTER, float(coefficient))
        if self._buffer is None:
            self._buffer = _buffer(len(self.nodes))
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            tk.initH(h, 0)
            tk.runH(h)
        tk.getnodevalues(h, tk.PRESSURE, self._buffer[0])
        result = self._buffer[1].copy()
        for i in emitters or {}:
            tk.setnodevalue(h, i + 1, tk.EMITTER, 0.0)
        return result

    # -- distances -----------------------------------------------------------------------------------------------
    def distances_from(self, nodes) -> np.ndarray:
        """Shortest path length along the links (pipes by length, pumps and valves 0 m) from each of ``nodes``."""
        if self._graph is None:
            n = len(self.nodes)
            weights = np.maximum(self.link_length, 1e-6)
            a = np.concatenate([self.link_start, self.link_end])
            b = np.concatenate([self.link_end, self.link_start])
            self._graph = coo_matrix((np.concatenate([weights, weights]), (a, b)), shape=(n, n)).tocsr()
        return dijkstra(self._graph, directed=False, indices=np.atleast_1d(nodes))

    def pipe_distance(self, link_a: int, link_b: int) -> float:
        """BattLeDIM's distance between two links: between their centres along the pipes, m."""
        if link_a == link_b:
            return 0.0
        ends_a = [self.link_start[link_a], self.link_end[link_a]]
        ends_b = [self.link_start[link_b], self.link_end[link_b]]
        dist = self.distances_from(ends_a)[:, ends_b].min()
        return float(dist + self.link_length[link_a] / 2 + self.link_length[link_b] / 2)

    def close(self):
        if self.handle is not None:
            with contextlib.suppress(Exception):
                if self._hydraulics_open:
                    tk.closeH(self.handle)
            with contextlib.suppress(Exception):
                if self._open:
                    tk.close(self.handle)
            with contextlib.suppress(Exception):
                tk.deleteproject(self.handle)
            self.handle = None
        self._folder.cleanup()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


# --------------------------------------------------------------------------------------------------------------------
# The model driven by the measurements


@dataclass
class Hourly:
    """SCADA on the detector's time step, and the nominal model's pressures at the pressure sensors."""

    measured: pd.DataFrame  # m, columns: pressure sensors (node ids)
    modelled: pd.DataFrame  # m, same shape
    consumption: pd.Series | None  # m³/s the network consumed (None when not measurable)
    scale: pd.Series  # factor on the model's demands (1 where not scaled)
    amr_nodes: list[str] = field(default_factory=list)  # junctions whose demand came from AMR readings

    @property
    def residuals(self) -> pd.DataFrame:
        return self.measured - self.modelled


def check_sensors(net: Network, scada: Mapping[str, pd.DataFrame]) -> None:
    """ScadaError naming the sensors whose ids are not in the model (and junction-only files on other nodes)."""
    for kind, frame in scada.items():
        filename, element, _ = SCADA_FILES[kind]
        names = net.node_index if element == "node" else net.link_index
        unknown = [str(c) for c in frame.columns if c not in names]
        if unknown:
            shown = ", ".join(unknown[:8]) + (f" and {len(unknown) - 8} more" if len(unknown) > 8 else "")
            raise ScadaError(filename, f"no {element} named {shown} in the model")
        if kind == "demands":
            wrong = [c for c in frame.columns if net.node_types[net.node_index[c]] != tk.JUNCTION]
            if wrong:
                raise ScadaError(filename, f"{', '.join(wrong[:8])}: AMR demands must be at junctions")
        if kind == "levels":
            wrong = [c for c in frame.columns if net.node_types[net.node_index[c]] != tk.TANK]
            if wrong:
                raise ScadaError(filename, f"{', '.join(wrong[:8])}: levels are measured in tanks only")


def _supply_links(net: Network) -> dict[int, list[tuple[int, int]]]:
    """For each reservoir, the links that carry all its outflow: (link, +1 when positive flow leaves it)."""
    at_node: dict[int, list[int]] = {}
    for k in range(len(net.links)):
        at_node.setdefault(int(net.link_start[k]), []).append(k)
        at_node.setdefault(int(net.link_end[k]), []).append(k)
    demand = np.zeros(len(net.nodes))
    demand[net.junctions] = np.abs(net.base).sum(axis=1)
    chains = {}
    for r in net.reservoirs:
        chain, node, came = [], r, None
        while True:
            out = [k for k in at_node.get(node, []) if k != came]
            if len(out) != 1:
                break
            k = out[0]
            chain.append((k, 1 if net.link_start[k] == node else -1))
            node = int(net.link_end[k] if net.link_start[k] == node else net.link_start[k])
            came = k
            if net.node_types[node] != tk.JUNCTION or demand[node] > 0 or len(at_node.get(node, [])) != 2:
                break
        chains[r] = chain
    return chains


def consumption(net: Network, scada: Mapping[str, pd.DataFrame], index: pd.DatetimeIndex, step_s: int):
    """What the network consumed each step (m³/s): metered reservoir supply less what the tanks stored; or None."""
    flows = scada.get("flows")
    if flows is None:
        return None
    supply = pd.Series(0.0, index=index)
    for chain in _supply_links(net).values():
        measured = [(k, sign) for k, sign in chain if net.links[k] in flows.columns]
        if not measured:
            return None
        k, sign = measured[0]
        supply += sign * flows[net.links[k]].reindex(index)
    levels = scada.get("levels")
    for tank in net.tanks:
        name = net.nodes[tank]
        if levels is None or name not in levels.columns:
            return None
        level = levels[name].reindex(index).interpolate(limit_direction="both")
        supply -= net.tank_area[tank] * np.gradient(level.to_numpy(), step_s) if len(level) > 1 else 0.0
    return supply


def resample(scada: Mapping[str, pd.DataFrame], step: str) -> tuple[dict[str, pd.DataFrame], pd.DatetimeIndex]:
    """Each file's readings averaged over the step that starts at each label, and the common index."""
    out = {kind: frame.resample(step, label="left", closed="left").mean() for kind, frame in scada.items()}
    start = min(f.index.min() for f in out.values())
    end = max(f.index.max() for f in out.values())
    index = pd.date_range(start, end, freq=step)
    return {k: f.reindex(index) for k, f in out.items()}, index


def model_pressures(net: Network, scada: Mapping[str, pd.DataFrame], config: Config) -> Hourly:
    """The nominal model run hour by hour on the measured boundary conditions (see the module's step 1)."""
    data, index = resample(scada, config.step)
    step_s = int(pd.Timedelta(config.step).total_seconds())
    pressures = data.get("pressures")
    if pressures is None or pressures.empty:
        raise ValueError("pressure readings are needed to compare the network with its model")
    sensors = [net.node_index[c] for c in pressures.columns]
    demands = net.pattern_demands(index, pd.Timestamp(config.pattern_epoch), step_s)
    amr = data.get("demands")
    measured_mask = np.zeros(demands.shape, dtype=bool)
    if amr is not None:
        position = {node: k for k, node in enumerate(net.junctions)}
        for col in amr.columns:
            k = position[net.node_index[col]]
            values = amr[col].to_numpy()
            ok = ~np.isnan(values)
            demands[ok, k] = values[ok]
            measured_mask[ok, k] = True
    used = consumption(net, data, index, step_s) if config.scale_demands else None
    scale = pd.Series(1.0, index=index)
    if used is not None:
        free = np.where(measured_mask, 0.0, demands).sum(axis=1)
        fixed = np.where(measured_mask, demands, 0.0).sum(axis=1)
        factor = (used.to_numpy() - fixed) / np.where(free > 0, free, np.nan)
        factor = pd.Series(factor, index=index).clip(0.2, 5.0).interpolate(limit_direction="both").fillna(1.0)
        scale = factor
        demands = np.where(measured_mask, demands, demands * factor.to_numpy()[:, None])
    levels = data.get("levels")
    flows = data.get("flows")
    pumps = [k for k in net.pumps if flows is not None and net.links[k] in flows.columns]
    pump_flow = {k: flows[net.links[k]].to_numpy() for k in pumps}
    pump_on_at = {k: np.nan_to_num(v, nan=0.0) > 0.02 * max(np.nanmax(np.abs(v)), 1e-9) for k, v in pump_flow.items()}
    tank_levels = {}
    for tank in net.tanks:
        name = net.nodes[tank]
        if levels is not None and name in levels.columns:
            tank_levels[tank] = levels[name].interpolate(limit_direction="both").to_numpy()
    modelled = np.empty((len(index), len(sensors)))
    for t in range(len(index)):
        result = net.snapshot(
            demands[t],
            {tank: values[t] for tank, values in tank_levels.items() if not np.isnan(values[t])},
            {k: bool(on[t]) for k, on in pump_on_at.items()} or None,
        )
        modelled[t] = result[sensors]
    return Hourly(
        measured=pressures,
        modelled=pd.DataFrame(modelled, index=index, columns=pressures.columns),
        consumption=used,
        scale=scale,
        amr_nodes=list(amr.columns) if amr is not None else [],
    )


# --------------------------------------------------------------------------------------------------------------------
# Leak sensitivity


def sensitivity(
    net: Network, sensors: list[str], config: Config, amr_nodes: list[str] = (), scaled: bool = True
) -> np.ndarray:
    """Pressure drop at each sensor (rows) per m³/s of leak at each junction (columns, ``net.junctions`` order).

    The operating point is the model's average week; with ``scaled`` the reference spreads the probe leak over
    every demand not metered by an AMR, as ``model_pressures`` does with the measured consumption. Cached under
    ``config.cache_dir`` by the model file's hash, the sensors, the AMR nodes and the settings that matter.
    """
    key = json.dumps(
        [
            SENSITIVITY_VERSION,
            net.digest,
            list(sensors),
            sorted(amr_nodes),
            scaled,
            config.probe_leak_m3s,
            config.pattern_epoch,
        ],
    )
    cache = None
    if config.cache_dir:
        cache = Path(config.cache_dir) / f"leak-sensitivity-{hashlib.sha256(key.encode()).hexdigest()[:24]}.npy"
        if cache.exists():
            with contextlib.suppress(Exception):
                matrix = np.load(cache, allow_pickle=False)
                if matrix.shape == (len(sensors), len(net.junctions)):
                    return matrix
    week = pd.date_range(config.pattern_epoch, periods=7 * 24, freq="h")
    base = net.pattern_demands(week, pd.Timestamp(config.pattern_epoch), 3600).mean(axis=0)
    rows = [net.node_index[s] for s in sensors]
    q = config.probe_leak_m3s
    if scaled:
        metered = {net.node_index[n] for n in amr_nodes}
        spread = np.array([i not in metered for i in net.junctions]) & (base > 0)
        reference_demand = base.copy()
        reference_demand[spread] *= 1.0 + q / base[spread].sum()
    else:
        reference_demand = base
    reference = net.snapshot(reference_demand)[rows]
    matrix = np.empty((len(rows), len(net.junctions)))
    for k in range(len(net.junctions)):
        demand = base.copy()
        demand[k] += q
        matrix[:, k] = (reference - net.snapshot(demand)[rows]) / q
    if cache is not None:
        with contextlib.suppress(OSError):
            cache.parent.mkdir(parents=True, exist_ok=True)
            temporary = cache.with_suffix(".tmp.npy")
            np.save(temporary, matrix)
            temporary.replace(cache)
    return matrix


# --------------------------------------------------------------------------------------------------------------------
# Detection

DETECTION_COLUMNS = ["linkID", "startTime", "node", "alarmTime", "statistic", "size_m3h"]


def _iso(t) -> str | None:
    return None if t is None else pd.Timestamp(t).isoformat()


def _ts(text) -> pd.Timestamp | None:
    return None if text is None else pd.Timestamp(text)


@dataclass
class _Filter:
    """The matched filter of every junction's leak signature under the sensors' noise."""

    weighted: np.ndarray  # sensors × junctions: s_j / σ²
    norm: np.ndarray  # junctions: √(s_jᵀ W s_j)

    @classmethod
    def build(cls, matrix: np.ndarray, sigma: np.ndarray) -> _Filter:
        weighted = matrix / (sigma**2)[:, None]
        norm = np.sqrt(np.maximum((matrix * weighted).sum(axis=0), 1e-30))
        return cls(weighted, norm)

    def scores(self, drop: np.ndarray) -> np.ndarray:
        """z-score of a leak at each junction given the pressure drops (rows: times or one vector)."""
        return np.nan_to_num(drop) @ self.weighted / self.norm


class LeakMonitor:
    """The detector with its state as plain data, for a run over a whole period or hour by hour on telemetry.

    ``update(scada)`` takes SCADA covering at least the last ``cusum_lookback_h`` hours (more is fine), trains
    on the first ``training_days`` the first time, and returns the leaks found in hours it had not seen yet.
    ``to_dict()`` is JSON-safe; ``LeakMonitor(model, config, state=that_dict)`` carries on from it.
    """

    def __init__(self, model: str | Path | dict | Network, config: Config | None = None, state: dict | None = None):
        self.config = config or Config()
        self._own = not isinstance(model, Network)
        self.net = model if isinstance(model, Network) else Network(model)
        self.state: dict = json.loads(json.dumps(state)) if state else {}

    def close(self):
        if self._own:
            self.net.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def to_dict(self) -> dict:
        return json.loads(json.dumps(self.state))

    # -- training ------------------------------------------------------------------------------------------------
    def _train(self, hourly: Hourly, matrix: np.ndarray):
        cfg = self.config
        residuals = hourly.residuals
        start = residuals.index[0]
        end = start + pd.Timedelta(days=cfg.training_days)
        train = residuals[residuals.index < end]
        if len(train) < max(cfg.smoothing_h + 6, 24):
            raise ValueError(
                f"the leak-free training window needs at least {max(cfg.smoothing_h + 6, 24)} hours of data; "
                f"the SCADA period has {len(train)} in its first {cfg.training_days:g} days"
            )
        overall = train.median()
        bias = train.groupby(train.index.hour).median().reindex(range(24))
        bias = bias.fillna(overall).fillna(0.0)
        corrected = train - bias.to_numpy()[train.index.hour]
        smoothed = corrected.rolling(cfg.smoothing_h, min_periods=max(1, cfg.smoothing_h // 2)).mean()
        settled = smoothed.iloc[cfg.smoothing_h - 1 :]
        sigma = settled.std().fillna(cfg.min_sigma_m).clip(lower=cfg.min_sigma_m).to_numpy()
        filt = _Filter.build(matrix, sigma)
        highest = float(np.nanmax(filt.scores(-settled.to_numpy()).max(axis=1))) if len(settled) else 0.0
        hourly_scores = filt.scores(-corrected.to_numpy())
        sigma_e = np.nanstd(hourly_scores, axis=0)
        self.state = {
            "version": 1,
            "sensors": list(residuals.columns),
            "amr": sorted(hourly.amr_nodes),
            "scaled": hourly.consumption is not None,
            "bias": bias.to_numpy().tolist(),
            "sigma": sigma.tolist(),
            "sigma_e": np.where(sigma_e > 1e-9, sigma_e, 1.0).tolist(),
            "threshold": max(cfg.threshold, cfg.training_margin * highest),
            "training_start": _iso(start),
            "training_end": _iso(end),
            "known": [],
            "pending": None,
            "baseline_from": _iso(start),
            "above": 0,
            "processed_until": _iso(train.index[-1]),
            "reported": [],
            "rebased": 0,
        }

    # -- running -------------------------------------------------------------------------------------------------
    def _known(self) -> np.ndarray | None:
        known = self.state.get("known") or []
        return np.asarray(known, dtype=float).T if known else None  # sensors × leaks

    def _project(self, drops: np.ndarray, weights: np.ndarray) -> np.ndarray:
        """The part of the residuals (rows) that the leaks already reported do not explain (W-weighted)."""
        known = self._known()
        if known is None:
            return drops
        clean = np.nan_to_num(drops)
        gram = known.T @ (known * weights[:, None])
        coefficients = np.linalg.solve(gram + 1e-12 * np.eye(len(gram)), (known * weights[:, None]).T @ clean.T)
        return clean - (known @ coefficients).T

    def update(self, scada: Mapping[str, pd.DataFrame]) -> pd.DataFrame:
        cfg = self.config
        check_sensors(self.net, scada)
        hourly = model_pressures(self.net, scada, cfg)
        if self.state and list(hourly.measured.columns) != self.state["sensors"]:
            if not set(self.state["sensors"]) & set(hourly.measured.columns):
                raise ValueError("none of the pressure sensors the detector was trained on is in this data")
            hourly.measured = hourly.measured.reindex(columns=self.state["sensors"])
            hourly.modelled = hourly.modelled.reindex(columns=self.state["sensors"])
        sensors = list(hourly.measured.columns)
        amr = self.state.get("amr", sorted(hourly.amr_nodes))
        scaled = self.state.get("scaled", hourly.consumption is not None)
        matrix = sensitivity(self.net, sensors, cfg, amr, scaled=scaled)
        if not self.state:
            self._train(hourly, matrix)
        st = self.state
        sigma = np.asarray(st["sigma"])
        weights = 1.0 / sigma**2
        filt = _Filter.build(matrix, sigma)
        residuals = hourly.residuals
        index = residuals.index
        corrected = residuals - np.asarray(st["bias"])[index.hour]
        smoothed = corrected.rolling(cfg.smoothing_h, min_periods=max(1, cfg.smoothing_h // 2)).mean()
        values, smooth_values = corrected.to_numpy(), smoothed.to_numpy()
        found = []
        done = _ts(st["processed_until"])
        for pos in np.flatnonzero(index > done):
            t = index[pos]
            pending = st.get("pending")
            if pending:
                if t < _ts(pending["alarm"]) + pd.Timedelta(hours=cfg.localise_h):
                    continue
                detection = self._confirm(pos, pending, index, values, filt, weights)
                st["pending"] = None
                if detection is not None:
                    found.append(detection)
                continue
            full = -np.nan_to_num(smooth_values[pos])
            drop = -self._project(-full[None, :], weights)[0]
            scores = filt.scores(drop)
            best = int(np.argmax(scores))
            # Known leaks are never modelled exactly: what is left of them grows with their size.
            explained = math.sqrt(max(float(((full - drop) ** 2 * weights).sum()), 0.0))
            threshold = st["threshold"] + cfg.known_leak_share * explained
            st["above"] = st["above"] + 1 if scores[best] > threshold else 0
            if st["above"] >= cfg.persistence_h:
                st["pending"] = {"alarm": _iso(t), "best": best, "statistic": round(float(scores[best]), 2)}
                st["above"] = 0
        if len(index):
            st["processed_until"] = _iso(max(done, index[-1]))
        return pd.DataFrame(found, columns=DETECTION_COLUMNS)

    def _confirm(self, pos, pending, index, values, filt: _Filter, weights) -> dict | None:
        """Date and place the leak alarmed ``localise_h`` hours ago; None when it is one already reported."""
        cfg, st, net = self.config, self.state, self.net
        alarm, best = _ts(pending["alarm"]), int(pending["best"])
        earliest = max(_ts(st["baseline_from"]), alarm - pd.Timedelta(hours=cfg.cusum_lookback_h))
        first = int(np.searchsorted(index, earliest))
        drops = -self._project(values[first : pos + 1], weights)
        e = filt.scores(drops)[:, best] / st["sigma_e"][best]
        after = e[max(0, int(np.searchsorted(index[first : pos + 1], alarm)) - cfg.smoothing_h) :]
        k = 0.5 * max(float(np.nanmean(after)), 0.0)
        tail = np.cumsum(np.nan_to_num(e - k)[::-1])[::-1]  # Σ from τ to now
        change = first + int(np.argmax(tail))
        start = min(index[change] + pd.Timedelta(hours=cfg.start_margin_h), alarm)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)
            drop = np.nan_to_num(np.nanmean(drops[change - first :], axis=0))
        scores = filt.scores(drop)
        where = int(np.argmax(scores))
        node = net.junctions[where]
        size = float(drop @ filt.weighted[:, where] / filt.norm[where] ** 2)
        st.setdefault("known", []).append((drop / max(np.linalg.norm(drop), 1e-12)).round(6).tolist())
        if st["reported"]:
            earlier = [net.node_index[r["node"]] for r in st["reported"]]
            if float(net.distances_from(earlier)[:, node].min()) <= cfg.same_leak_m:
                st["rebased"] += 1
                return None  # the leak already reported, grown: its new shape is known now, carry on
        detection = {
            "linkID": self._pipe_at(node, scores),
            "startTime": start,
            "node": net.nodes[node],
            "alarmTime": alarm,
            "statistic": pending["statistic"],
            "size_m3h": round(size * 3600, 2),
        }
        st["reported"].append({**detection, "startTime": _iso(start), "alarmTime": _iso(alarm)})
        return detection

    def _pipe_at(self, node: int, scores: np.ndarray) -> str:
        """The pipe at ``node`` towards its best-matching neighbour; the nearest pipe when it has none."""
        net = self.net
        position = {n: k for k, n in enumerate(net.junctions)}
        best_pipe, best_score = None, -np.inf
        for k in net.pipes:
            a, b = int(net.link_start[k]), int(net.link_end[k])
            if node not in (a, b):
                continue
            other = b if a == node else a
            score = scores[position[other]] if other in position else -1e9
            if score > best_score:
                best_pipe, best_score = k, score
        if best_pipe is None:
            distance = net.distances_from([node])[0]
            ends = np.minimum(distance[net.link_start[net.pipes]], distance[net.link_end[net.pipes]])
            best_pipe = net.pipes[int(np.argmin(ends))]
        return net.links[best_pipe]


def detect(
    model: str | Path | dict | Network, scada: Mapping[str, pd.DataFrame], config: Config | None = None
) -> pd.DataFrame:
    """Every leak found over the SCADA period: ``linkID``, ``startTime`` and what the detector saw.

    The first ``config.training_days`` must be free of new leaks (they set the network's normal).
    """
    with LeakMonitor(model, config) as monitor:
        return monitor.update(scada)


def write_detections(detections: pd.DataFrame, path: str | Path) -> Path:
    """BattLeDIM's submission file: ``linkID,startTime`` with times as ``YYYY-MM-DD HH:MM``."""
    path = Path(path)
    out = pd.DataFrame(
        {
            "linkID": detections["linkID"].astype(str),
            "startTime": pd.to_datetime(detections["startTime"]).dt.strftime("%Y-%m-%d %H:%M"),
        }
    )
    out.to_csv(path, index=False, lineterminator="\n")
    return path
