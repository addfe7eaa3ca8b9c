"""Hydraulic runs and network analysis on WNTR model dictionaries: checks, scenarios, fire flow, valve segments.

``simulate(model, scenario)`` applies the scenario to the model dictionary
(``inp.read``'s ``wntr.network.io.to_dict`` shape, SI units), writes it as a
temporary EPANET file in CMS units — so EPANET reports metres, m³/s and m/s
and nothing needs converting — and runs it step by step with the EPANET 2.3
toolkit (``prepare(model)`` renders the part of that file no scenario changes
once, for a model that runs many times), taking every node's pressure and demand and every link's flow and
velocity at each report time in one call per quantity. ``validate`` finds what
would make a run fail or meaningless. ``ValveSegments`` is graph work only:
the areas that closing valves cuts off, which valves a burst needs and what
loses supply.
"""

from __future__ import annotations

import contextlib
import ctypes
import io
import math
import re
import tempfile
import time
import warnings
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from operator import itemgetter
from pathlib import Path

import epanet.toolkit as tk
import numpy as np
import pandas as pd
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import connected_components, dijkstra

SOURCE_TYPES = ("Reservoir", "Tank")
MIN_PIPE_LENGTH_M = 0.01
# EPANET refuses a pressure-driven analysis whose required and minimum pressures are closer than this.
MIN_PDA_RANGE_M = 0.1

# Flow-unit factors to m³/s: WNTR keeps FLOWCHANGE and HEADERROR as they were written in the file.
_FLOW_FACTOR = {
    "CFS": 0.0283168466,
    "GPM": 6.30901964e-05,
    "MGD": 0.0438126364,
    "IMGD": 0.0526167042,
    "AFD": 0.0142764102,
    "LPS": 0.001,
    "LPM": 1.0 / 60000.0,
    "MLD": 1.0 / 86.4,
    "CMH": 1.0 / 3600.0,
    "CMD": 1.0 / 86400.0,
    "CMS": 1.0,
}
_TRADITIONAL = {"CFS", "GPM", "MGD", "IMGD", "AFD"}


# --------------------------------------------------------------------------------------------------------------------
# Checks


@dataclass
class Problem:
    """One thing wrong with a model, in words an engineer can act on."""

    kind: str  # disconnected, zero_length, missing_elevation, cut_off_by_closed_link, no_source, unknown_pattern
    element: str  # node or link name ("" when the problem is the whole network)
    message: str
    severity: str  # "error": the run would fail or be meaningless; "warning"


def _graph_labels(n: int, a: np.ndarray, b: np.ndarray) -> np.ndarray:
    graph = coo_matrix((np.ones(len(a), dtype=np.int32), (a, b)), shape=(n, n))
    return connected_components(graph, directed=False)[1]


def _controlled_links(model: dict) -> set[str]:
    """Links that a control or rule acts on: a closed one of these may open during the run."""
    names = set()
    for control in model.get("controls") or []:
        for action in list(control.get("then_actions") or []) + list(control.get("else_actions") or []):
            words = action.split()
            if len(words) > 1:
                names.add(words[1])
    return names


def validate(model: dict, *, missing_elevation: Iterable[str] = ()) -> list[Problem]:
    """What would make a run of ``model`` fail or meaningless, errors first."""
    problems: list[Problem] = []
    nodes = model.get("nodes") or []
    links = model.get("links") or []
    types = {n["name"]: n["node_type"] for n in nodes}
    names = list(types)
    index = {name: i for i, name in enumerate(names)}
    sources = [i for i, name in enumerate(names) if types[name] in SOURCE_TYPES]
    patterns = {p["name"] for p in model.get("patterns") or []}
    # WNTR puts its default pattern's name on demands even when the model defines no such pattern (constant).
    default = ((model.get("options") or {}).get("hydraulic") or {}).get("pattern")
    if default is not None:
        patterns.add(default)

    if not sources:
        problems.append(
            Problem("no_source", "", "The network has no reservoir or tank, so no water can enter it.", "error")
        )

    ends = [(index.get(link["start_node_name"]), index.get(link["end_node_name"])) for link in links]
    usable = [i for i, (a, b) in enumerate(ends) if a is not None and b is not None]
    start = np.array([ends[i][0] for i in usable], dtype=np.int64)
    end = np.array([ends[i][1] for i in usable], dtype=np.int64)
    demand = np.zeros(len(names))
    for i, node in enumerate(nodes):
        if node["node_type"] == "Junction":
            demand[i] = sum(d.get("base_val") or 0.0 for d in _demands(node))

    if sources and names:
        labels = _graph_labels(len(names), start, end)
        supplied = np.isin(labels, labels[sources])
        for i in np.flatnonzero(~supplied):
            kind = types[names[i]].lower()
            problems.append(
                Problem(
                    "disconnected",
                    names[i],
                    f"{kind.capitalize()} {names[i]} is not connected to any reservoir or tank by any pipe, pump or "
                    "valve.",
                    "error",
                )
            )
        # Closed links that a control may open are left in: the run can still reach those nodes.
        may_open = _controlled_links(model)
        closed = np.array(
            [
                (links[i].get("initial_status") or "").lower() == "closed" and links[i]["name"] not in may_open
                for i in usable
            ],
            dtype=bool,
        )
        if closed.any():
            open_labels = _graph_labels(len(names), start[~closed], end[~closed])
            fed = np.isin(open_labels, open_labels[sources])
            cut = supplied & ~fed & (demand > 0)
            if cut.any():
                closed_names = [links[usable[k]]["name"] for k in np.flatnonzero(closed)]
                closed_a, closed_b = open_labels[start[closed]], open_labels[end[closed]]
                for i in np.flatnonzero(cut):
                    area = open_labels[i]
                    border = [closed_names[k] for k in np.flatnonzero((closed_a == area) | (closed_b == area))]
                    shown = ", ".join(border[:3]) + (" …" if len(border) > 3 else "")
                    problems.append(
                        Problem(
                            "cut_off_by_closed_link",
                            names[i],
                            f"Junction {names[i]} has a demand of {demand[i] * 1000:.3g} L/s but every path from a "
                            f"source to it runs through a closed link ({shown}).",
                            "error",
                        )
                    )

    for node in nodes:
        if node["node_type"] == "Junction":
            for d in _demands(node):
                pattern = d.get("pattern_name")
                if pattern is not None and pattern not in patterns:
                    problems.append(
                        Problem(
                            "unknown_pattern",
                            node["name"],
                            f"Junction {node['name']} uses demand pattern {pattern}, which is not defined.",
                            "error",
                        )
                    )
        elif node["node_type"] == "Reservoir":
            pattern = node.get("head_pattern_name")
            if pattern is not None and pattern not in patterns:
                problems.append(
                    Problem(
                        "unknown_pattern",
                        node["name"],
                        f"Reservoir {node['name']} uses head pattern {pattern}, which is not defined.",
                        "error",
                    )
                )
    for link in links:
        if link["link_type"] == "Pipe":
            length = link.get("length")
            if length is None or length <= 0:
                problems.append(
                    Problem(
                        "zero_length",
                        link["name"],
                        f"Pipe {link['name']} has a length of {length or 0:g} m; EPANET needs a positive length.",
                        "error",
                    )
                )
            elif length < MIN_PIPE_LENGTH_M:
                problems.append(
                    Problem(
                        "zero_length",
                        link["name"],
                        f"Pipe {link['name']} is only {length * 1000:.3g} mm long, probably a drawing error.",
                        "warning",
                    )
                )
        elif link["link_type"] == "Pump":
            pattern = link.get("speed_pattern_name")
            if pattern is not None and pattern not in patterns:
                problems.append(
                    Problem(
                        "unknown_pattern",
                        link["name"],
                        f"Pump {link['name']} uses speed pattern {pattern}, which is not defined.",
                        "error",
                    )
                )

    for name in dict.fromkeys(missing_elevation):
        if types.get(name) == "Junction":
            problems.append(
                Problem(
                    "missing_elevation",
                    name,
                    f"Junction {name} has no recorded elevation (0 m was stored), so its pressure is not meaningful.",
                    "warning",
                )
            )
    order = {"error": 0, "warning": 1}
    problems.sort(key=lambda p: order.get(p.severity, 2))
    return problems


# --------------------------------------------------------------------------------------------------------------------
# Scenarios and results


@dataclass
class Scenario:
    """What to change for one run; the model itself is never changed."""

    duration_h: float = 24.0
    step_s: int = 900  # hydraulic and report step
    demand_factor: float = 1.0  # multiplies every demand (summer peak, growth)
    closed_links: Sequence[str] = ()  # pipes or valves closed for the whole run
    pumps_off: Sequence[str] = ()
    fire_node: str | None = None  # fire flow: extra demand at this node
    fire_flow_lps: float = 0.0
    fire_start_h: float = 0.0
    fire_duration_h: float = 2.0
    pressure_dependent: bool = False  # EPANET PDA
    required_pressure_m: float = 14.3  # 0.14 MPa
    minimum_pressure_m: float = 0.0


@dataclass
class Results:
    """Time series of one run (index: seconds from the start), SI units, float32 values (as stored)."""

    pressure: pd.DataFrame  # m of head above the node; columns: nodes
    demand: pd.DataFrame  # m³/s; nodes (reservoirs negative when they supply)
    flow: pd.DataFrame  # m³/s; links
    velocity: pd.DataFrame  # m/s; links
    node_types: pd.Series | None = None  # node → Junction / Reservoir / Tank
    warnings: list[str] = field(default_factory=list)

    @property
    def junctions(self) -> list[str]:
        if self.node_types is None:
            return list(self.pressure.columns)
        return list(self.node_types.index[self.node_types == "Junction"])

    def summary(self) -> dict:
        """Plain numbers for a scorecard or a run list; pressures over junctions only."""
        junctions = self.junctions
        pressure = self.pressure[junctions]
        demand = self.demand[junctions]
        times = self.pressure.index.to_numpy()
        step = int(times[1] - times[0]) if len(times) > 1 else 0
        out = {
            "nodes": int(self.pressure.shape[1]),
            "junctions": len(junctions),
            "links": int(self.flow.shape[1]),
            "steps": int(len(times)),
            "step_s": step,
            "duration_s": int(times[-1] - times[0]) if len(times) else 0,
            "min_pressure_m": None,
            "min_pressure_node": None,
            "min_pressure_at_s": None,
            "max_pressure_m": None,
            "max_pressure_node": None,
            "negative_pressure_nodes": 0,
            "total_demand_m3": 0.0,
            "peak_demand_m3s": 0.0,
            "max_velocity_m_s": None,
            "max_velocity_link": None,
            "warnings": len(self.warnings),
        }
        if pressure.size:
            values = pressure.to_numpy(dtype=np.float64)
            row, col = np.unravel_index(np.nanargmin(values), values.shape)
            top_row, top_col = np.unravel_index(np.nanargmax(values), values.shape)
            out.update(
                min_pressure_m=float(values[row, col]),
                min_pressure_node=str(junctions[col]),
                min_pressure_at_s=int(times[row]),
                max_pressure_m=float(values[top_row, top_col]),
                max_pressure_node=str(junctions[top_col]),
                negative_pressure_nodes=int((np.nanmin(values, axis=0) < 0).sum()),
            )
        if demand.size:
            # EPANET holds demand constant over each step, so each report value stands for the step after it.
            total = demand.to_numpy(dtype=np.float64).sum(axis=1)
            out["total_demand_m3"] = float(total[:-1].sum() * step)
            out["peak_demand_m3s"] = float(total.max())
        if self.velocity.size:
            speeds = self.velocity.abs().max()
            out["max_velocity_m_s"] = float(speeds.max())
            out["max_velocity_link"] = str(speeds.idxmax())
        return out

    def to_bytes(self) -> bytes:
        """A compact copy: float32 arrays and the names, compressed (``from_bytes`` reads it)."""
        buffer = io.BytesIO()
        types = self.node_types.reindex(self.pressure.columns) if self.node_types is not None else None
        np.savez_compressed(
            buffer,
            times=self.pressure.index.to_numpy(dtype=np.int64),
            nodes=np.array(list(map(str, self.pressure.columns)), dtype=str),
            links=np.array(list(map(str, self.flow.columns)), dtype=str),
            node_types=np.array([] if types is None else list(types.fillna("")), dtype=str),
            warnings=np.array(self.warnings, dtype=str),
            pressure=self.pressure.to_numpy(dtype=np.float32),
            demand=self.demand.to_numpy(dtype=np.float32),
            flow=self.flow.to_numpy(dtype=np.float32),
            velocity=self.velocity.to_numpy(dtype=np.float32),
        )
        return buffer.getvalue()

    @classmethod
    def from_bytes(cls, data: bytes) -> Results:
        with np.load(io.BytesIO(data), allow_pickle=False) as saved:
            index = pd.Index(saved["times"].astype(np.int64), name="time_s")
            nodes, links = list(saved["nodes"]), list(saved["links"])

            def frame(key, columns):
                return pd.DataFrame(saved[key], index=index, columns=columns, copy=False)

            types = list(saved["node_types"])
            return cls(
                pressure=frame("pressure", nodes),
                demand=frame("demand", nodes),
                flow=frame("flow", links),
                velocity=frame("velocity", links),
                node_types=pd.Series(types, index=nodes, name="node_type") if types else None,
                warnings=list(saved["warnings"]),
            )


# --------------------------------------------------------------------------------------------------------------------
# Writing a run's EPANET file


@dataclass
class _Plan:
    """A scenario checked against the model, in seconds and m³/s."""

    duration_s: int
    step_s: int
    demand_scale: float = 1.0
    closed: frozenset = frozenset()
    fire_node: str | None = None
    fire_m3s: float = 0.0
    fire_window: tuple[int, int] | None = None  # seconds from the start; None: all the time
    pda: tuple[float, float] | None = None  # minimum and required pressure, m
    shift_s: int = 0  # start this far into the patterns and the day (a snapshot at a chosen hour)


@dataclass
class _Written:
    text: str
    nodes: list[str]
    links: list[str]
    node_types: list[str]
    patterns: list[str]
    curves: list[str]

    def name(self, epanet_id: str) -> str:
        """The model's name for a generated id (n12, l7, p2, c1), to translate EPANET's messages."""
        names = {"n": self.nodes, "l": self.links, "p": self.patterns, "c": self.curves}[epanet_id[0]]
        number = int(epanet_id[1:])
        return names[number - 1] if 0 < number <= len(names) else epanet_id


# One C call fetches a pipe's fields; hand-made dictionaries without some of them take the slow path.
_PIPE_FIELDS = itemgetter(
    "name",
    "start_node_name",
    "end_node_name",
    "length",
    "diameter",
    "roughness",
    "minor_loss",
    "initial_status",
    "check_valve",
)
_JUNCTION_FIELDS = itemgetter("name", "elevation", "demand_timeseries_list", "emitter_coefficient")
_ID_CACHE: dict[str, list[str]] = {}


def _ids(prefix: str, count: int) -> list[str]:
    """Generated ids prefix1 … prefixN, kept between runs: making 25,000 strings each time costs milliseconds."""
    ids = _ID_CACHE.get(prefix, [])
    if len(ids) < count:
        ids = [f"{prefix}{i}" for i in range(1, count + 1)]
        _ID_CACHE[prefix] = ids
    return ids[:count]


def _demands(node: dict) -> list[dict]:
    demands = node.get("demand_timeseries_list")
    if demands is None:
        base = node.get("base_demand") or 0.0
        return [{"base_val": base, "pattern_name": node.get("demand_pattern")}] if base else []
    return demands


def _hms(seconds: int) -> str:
    seconds = int(seconds)
    return f"{seconds // 3600}:{seconds % 3600 // 60:02d}:{seconds % 60:02d}"


_RELATION = {"ABOVE": "ABOVE", ">": "ABOVE", ">=": "ABOVE", "BELOW": "BELOW", "<": "BELOW", "<=": "BELOW"}
_NODE_OBJECTS = {"NODE", "JUNCTION", "RESERVOIR", "TANK"}
_LINK_OBJECTS = {"LINK", "PIPE", "PUMP", "VALVE"}


def _controls(model, closed, node_id, link_id, valve_setting) -> tuple[list[str], list[str]]:
    """[CONTROLS] and [RULES] lines from WNTR's control dictionaries (whose values are SI, as CMS files are).

    Actions on links the scenario keeps closed are dropped, so that nothing reopens them.
    """
    controls, rules = [], []
    for number, control in enumerate(model.get("controls") or [], start=1):
        if control.get("type") == "rule":
            lines = _rule(control, number, closed, node_id, link_id)
            if lines:
                rules.extend(lines)
            continue
        action = control["then_actions"][0].split()
        if action[1] in closed:
            continue
        attribute, value = action[2].upper(), action[-1]
        if attribute == "STATUS" and value.upper() == "ACTIVE":
            value = f"{valve_setting.get(action[1], 0.0)}"
        words = control["condition"].replace("(", " ").replace(")", " ").split()
        if "SYSTEM" in words:
            words = words[words.index("SYSTEM") :]
            when = words[3] + (f" {words[4]}" if len(words) > 4 and words[4].upper() in ("AM", "PM") else "")
            controls.append(f"LINK {link_id[action[1]]} {value} AT {words[1].upper()} {when}")
        else:
            obj, name, _attribute, relation, threshold = words[:5]
            if obj.upper() not in _NODE_OBJECTS or relation.upper() not in _RELATION:
                raise ValueError(f"control {number} cannot be written for EPANET: {control['condition']}")
            controls.append(
                f"LINK {link_id[action[1]]} {value} IF NODE {node_id[name]} {_RELATION[relation.upper()]} {threshold}"
            )
    return controls, rules


def _rule(control, number, closed, node_id, link_id) -> list[str]:
    def action(text):
        words = text.split()
        words[1] = link_id[words[1]]
        if words[2].upper() == "BASE_SPEED":
            words[2] = "SETTING"
        return " ".join(words)

    then = [a for a in control.get("then_actions") or [] if a.split()[1] not in closed]
    otherwise = [a for a in control.get("else_actions") or [] if a.split()[1] not in closed]
    if not then:
        return []
    lines = [f"RULE r{number}"]
    clause: list[str] = []
    joiner = "IF"
    for word in control["condition"].replace("(", " ").replace(")", " ").split() + ["AND"]:
        if word.upper() in ("AND", "OR"):
            if clause:
                obj = clause[0].upper()
                if obj in _NODE_OBJECTS:
                    clause[1] = node_id[clause[1]]
                elif obj in _LINK_OBJECTS:
                    clause[1] = link_id[clause[1]]
                if len(clause) > 2 and clause[2].upper() == "BASE_SPEED":
                    clause[2] = "SETTING"
                lines.append(f"{joiner} {' '.join(clause)}")
                joiner, clause = word.upper(), []
            continue
        clause.append(word)
    lines += [f"THEN {action(then[0])}"] + [f"AND {action(a)}" for a in then[1:]]
    if otherwise:
        lines += [f"ELSE {action(otherwise[0])}"] + [f"AND {action(a)}" for a in otherwise[1:]]
    if control.get("priority"):
        lines.append(f"PRIORITY {control['priority']}")
    return lines + [""]


class Prepared:
    """A model made ready to run: the parts of its EPANET file that no scenario changes, rendered once.

    Junctions (with their demands unscaled: a run's demand factor is EPANET's DEMAND MULTIPLIER), pipes as the
    model has them, reservoirs, tanks and emitters are most of a big network's file and of the time to write it.
    A model version never changes, so the service layer keeps one ``Prepared`` per version and each run writes
    only what its scenario changes around them. ``simulate`` and ``fire_flow`` take either this or the dictionary.
    """

    def __init__(self, model: dict):
        self.model = model
        options = model.get("options") or {}
        hydraulic = options.get("hydraulic") or {}
        nodes = model.get("nodes") or []
        links = model.get("links") or []

        # Generated ids keep EPANET's 31-character, no-space rule whatever the register calls things.
        self.junctions = [n for n in nodes if n["node_type"] == "Junction"]
        self.reservoirs = [n for n in nodes if n["node_type"] == "Reservoir"]
        self.tanks = [n for n in nodes if n["node_type"] == "Tank"]
        unknown = {n["node_type"] for n in nodes} - {"Junction", "Reservoir", "Tank"}
        if unknown:
            raise ValueError(f"unknown node type {sorted(unknown)[0]}")
        ordered_nodes = self.junctions + self.reservoirs + self.tanks
        self.node_names = [n["name"] for n in ordered_nodes]
        self.node_id = node_id = dict(zip(self.node_names, _ids("n", len(self.node_names)), strict=True))
        self.node_types = (
            ["Junction"] * len(self.junctions) + ["Reservoir"] * len(self.reservoirs) + ["Tank"] * len(self.tanks)
        )
        self.pipes = [k for k in links if k["link_type"] == "Pipe"]
        self.pumps = [k for k in links if k["link_type"] == "Pump"]
        self.valves = [k for k in links if k["link_type"] == "Valve"]
        if len(self.pipes) + len(self.pumps) + len(self.valves) != len(links):
            raise ValueError("a link is neither a pipe, a pump nor a valve")
        self.link_names = [k["name"] for k in self.pipes + self.pumps + self.valves]
        self.link_id = dict(zip(self.link_names, _ids("l", len(self.link_names)), strict=True))
        self.patterns = {p["name"]: list(p["multipliers"]) for p in model.get("patterns") or []}
        self.pattern_id = {name: f"p{i}" for i, name in enumerate(self.patterns, start=1)}
        self.curve_id = {c["name"]: f"c{i}" for i, c in enumerate(model.get("curves") or [], start=1)}
        self.default_pattern = hydraulic.get("pattern")
        self.demand_multiplier = float(hydraulic.get("demand_multiplier") or 1.0)
        self.darcy = (hydraulic.get("headloss") or "H-W").upper() == "D-W"

        self.junction_lines, self.demand_lines, self.emitter_lines = self.junction_sections(1.0)
        self.other_node_lines = ["[RESERVOIRS]"]
        for node in self.reservoirs:
            pattern = self.pattern_of(node.get("head_pattern_name"), f"Reservoir {node['name']}")
            self.other_node_lines.append(f"{node_id[node['name']]} {node['base_head']!r} {pattern}")
        self.other_node_lines.append("[TANKS]")
        for node in self.tanks:
            curve = node.get("vol_curve_name")
            tail = self.curve_id[curve] if curve else ("*" if node.get("overflow") else "")
            if node.get("overflow"):
                tail += " YES"
            self.other_node_lines.append(
                f"{node_id[node['name']]} {node['elevation']} {node['init_level']} {node['min_level']} "
                f"{node['max_level']} {node['diameter']} {node.get('min_vol') or 0.0} {tail}"
            )
        self.pipe_lines = self.pipe_section()
        self._pipe_index: dict[str, int] | None = None
        self._junction_index: dict[str, int] | None = None
        self._controls: tuple[list[str], list[str]] | None = None

    def pattern_of(self, pattern, element) -> str:
        # WNTR names its default pattern ("1") on every demand even when no such pattern exists: constant.
        if not pattern or (pattern == self.default_pattern and self.default_pattern not in self.pattern_id):
            return ""
        if pattern not in self.pattern_id:
            raise ValueError(f"{element} uses pattern {pattern}, which is not defined")
        return self.pattern_id[pattern]

    def junction_sections(self, scale: float, fire: tuple[str, float, str] | None = None, only=None):
        """[JUNCTIONS], [DEMANDS] and [EMITTERS] lines (of ``only`` those junctions), demands times ``scale``.

        ``fire``: (node, m³/s, pattern) of a demand added at one junction.
        """
        pattern_id, pattern_of = self.pattern_id, self.pattern_of
        out = []
        demand_lines = []
        emitter_lines = []
        append = out.append
        fire_node = fire[0] if fire else None
        # Numbers go out with 12 significant digits: exact enough, and quicker to format than a float's repr.
        # Junctions come first, so their ids are the first node ids in order.
        pairs = (
            zip(self.junctions, self.node_id.values(), strict=False)
            if only is None
            else ((node, self.node_id[node["name"]]) for node in only)
        )
        for node, nid in pairs:
            try:
                name, elevation, demands, emitter = _JUNCTION_FIELDS(node)
                if demands is None:
                    demands = _demands(node)
            except KeyError:
                name, elevation, emitter = node["name"], node["elevation"], node.get("emitter_coefficient")
                demands = _demands(node)
            if len(demands) == 1 and name != fire_node:
                d = demands[0]
                pattern = d.get("pattern_name")
                pid = pattern_id[pattern] if pattern in pattern_id else pattern_of(pattern, f"Junction {name}")
                append(f"{nid} {elevation:.12g} {d['base_val'] * scale:.12g} {pid}")
            else:
                append(f"{nid} {elevation:.12g}")
                for d in demands:
                    pattern = d.get("pattern_name")
                    pid = pattern_id[pattern] if pattern in pattern_id else pattern_of(pattern, f"Junction {name}")
                    demand_lines.append(f"{nid} {d['base_val'] * scale:.12g} {pid}")
                if name == fire_node:
                    demand_lines.append(f"{nid} {fire[1]!r} {fire[2]}")
            if emitter:
                emitter_lines.append(f"{nid} {emitter:.12g}")
        return out, demand_lines, emitter_lines

    def pipe_section(self, closed: frozenset = frozenset(), only: Iterable[dict] | None = None) -> list[str]:
        """[PIPES] lines (of ``only`` those pipes), ``closed`` pipes closed."""
        node_id, link_id = self.node_id, self.link_id
        roughness_factor = 1000.0 if self.darcy else 1.0
        out = []
        append = out.append
        # Most pipes share a handful of diameter, roughness, loss and status combinations: format each once.
        tails: dict[tuple, str] = {}
        for link in self.pipes if only is None else only:
            try:
                name, start, end, length, diameter, roughness, minor_loss, status, check_valve = _PIPE_FIELDS(link)
            except KeyError:
                name, start, end = link["name"], link["start_node_name"], link["end_node_name"]
                length, diameter, roughness = link["length"], link["diameter"], link["roughness"]
                minor_loss, status, check_valve = (
                    link.get(key) for key in ("minor_loss", "initial_status", "check_valve")
                )
            key = (diameter, roughness, minor_loss, status, check_valve, name in closed)
            tail = tails.get(key)
            if tail is None:
                shut = key[-1] or bool(status and status.lower() == "closed")
                word = "CLOSED" if shut else ("CV" if check_valve else "OPEN")
                tail = tails[key] = (
                    f"{diameter * 1000.0:.12g} {roughness * roughness_factor:.12g} {minor_loss or 0.0:.12g} {word}"
                )
            append(f"{link_id[name]} {node_id[start]} {node_id[end]} {length:.12g} {tail}")
        return out

    def pipes_closed(self, closed: frozenset) -> list[str]:
        """The [PIPES] lines with the scenario's closed pipes closed (their lines rewritten, the rest shared)."""
        if self._pipe_index is None:
            self._pipe_index = {k["name"]: i for i, k in enumerate(self.pipes)}
        index = self._pipe_index
        shut = [(index[name], self.pipes[index[name]]) for name in closed if name in index]
        if not shut:
            return self.pipe_lines
        lines = list(self.pipe_lines)
        for (i, _), line in zip(shut, self.pipe_section(closed, [link for _, link in shut]), strict=True):
            lines[i] = line
        return lines

    def junctions_with_fire(self, fire: tuple[str, float, str]) -> tuple[list[str], list[str]]:
        """[JUNCTIONS] and [DEMANDS] with a fire demand added at one junction (the other lines shared)."""
        if self._junction_index is None:
            self._junction_index = {n["name"]: i for i, n in enumerate(self.junctions)}
        i = self._junction_index[fire[0]]
        junction, demand, _ = self.junction_sections(1.0, fire, [self.junctions[i]])
        lines = list(self.junction_lines)
        lines[i] = junction[0]
        nid = self.node_id[fire[0]]
        # The junction's own [DEMANDS] lines (if it had several) are replaced by the ones just written.
        demands = [line for line in self.demand_lines if line.split(" ", 1)[0] != nid] + demand
        return lines, demands

    def controls(self, closed: frozenset, valve_setting: dict) -> tuple[list[str], list[str]]:
        if closed:
            return _controls(self.model, closed, self.node_id, self.link_id, valve_setting)
        if self._controls is None:
            self._controls = _controls(self.model, closed, self.node_id, self.link_id, valve_setting)
        return self._controls


def prepare(model: dict | Prepared) -> Prepared:
    """``model`` made ready to run (a ``Prepared`` is returned as it is)."""
    return model if isinstance(model, Prepared) else Prepared(model)


def _write(prepared: Prepared, plan: _Plan) -> _Written:
    """The run's EPANET file: CMS units, short generated ids, scenario applied, no quality, no map."""
    model = prepared.model
    options = model.get("options") or {}
    hydraulic = options.get("hydraulic") or {}
    times = options.get("time") or {}
    pumps, valves = prepared.pumps, prepared.valves
    node_id, link_id = prepared.node_id, prepared.link_id
    patterns = prepared.patterns
    pattern_id, curve_id = prepared.pattern_id, prepared.curve_id
    pattern_of = prepared.pattern_of

    pattern_step = int(times.get("pattern_timestep") or 3600)
    pattern_start = int(times.get("pattern_start") or 0) + plan.shift_s
    fire_pattern = None
    if plan.fire_node is not None and plan.fire_m3s > 0:
        fire_pattern = f"p{len(patterns) + 1}"
        if plan.fire_window is None:
            fire_values = [1.0]
        else:
            # Patterns share one step: refine it (repeating every multiplier) until the fire window falls on it.
            start, stop = plan.fire_window
            finer = math.gcd(pattern_step, start + pattern_start, stop + pattern_start)
            if finer < pattern_step:
                repeat = pattern_step // finer
                patterns = {k: [m for m in v for _ in range(repeat)] for k, v in patterns.items()}
                pattern_step = finer
            periods = (plan.duration_s + pattern_start) // pattern_step + 2
            fire_values = [1.0 if start <= i * pattern_step - pattern_start < stop else 0.0 for i in range(periods)]

    default = prepared.default_pattern
    default_line = constant = None
    if default in patterns:
        default_line = f"PATTERN {pattern_id[default]}"
    elif "1" in patterns:
        # EPANET would take pattern "1" for demands without a pattern; WNTR means a constant demand.
        constant = f"p{len(patterns) + 2}"
        default_line = f"PATTERN {constant}"

    # The demand factor is EPANET's demand multiplier, so the junction lines stay as prepared; the fire demand
    # is not scaled (the factor is about customers), so it is written divided by it.
    multiplier = plan.demand_scale * prepared.demand_multiplier
    if multiplier > 0:
        fire = (plan.fire_node, plan.fire_m3s / multiplier, fire_pattern) if fire_pattern is not None else None
        if fire is None:
            junction_lines, demand_lines = prepared.junction_lines, prepared.demand_lines
        else:
            junction_lines, demand_lines = prepared.junctions_with_fire(fire)
        emitter_lines = prepared.emitter_lines
    else:
        # No customer demand at all: written out, since no multiplier would leave the fire demand standing.
        fire = (plan.fire_node, plan.fire_m3s, fire_pattern) if fire_pattern is not None else None
        junction_lines, demand_lines, emitter_lines = prepared.junction_sections(0.0, fire)
        multiplier = 1.0

    closed = plan.closed
    out = ["[JUNCTIONS]", *junction_lines, *prepared.other_node_lines, "[PIPES]"]
    out += prepared.pipes_closed(closed) if closed else prepared.pipe_lines
    status_lines = ["[STATUS]"]
    out.append("[PUMPS]")
    for link in pumps:
        name = link["name"]
        if (link.get("pump_type") or "HEAD").upper() == "POWER":
            what = f"POWER {link['power'] / 1000.0}"
        else:
            what = f"HEAD {curve_id[link['pump_curve_name']]}"
        speed = link.get("base_speed")
        if speed is not None and speed != 1.0:
            what += f" SPEED {speed}"
        pattern = link.get("speed_pattern_name")
        off = name in closed or (link.get("initial_status") or "").lower() == "closed"
        # A speed pattern would switch a pump that is off for the whole run back on.
        if pattern and name not in closed:
            what += f" PATTERN {pattern_of(pattern, f'Pump {name}')}"
        out.append(f"{link_id[name]} {node_id[link['start_node_name']]} {node_id[link['end_node_name']]} {what}")
        setting = link.get("initial_setting")
        if off:
            status_lines.append(f"{link_id[name]} CLOSED")
        elif isinstance(setting, float) and setting != 1.0:
            status_lines.append(f"{link_id[name]} {setting}")
    out.append("[VALVES]")
    valve_setting = {}
    for link in valves:
        name = link["name"]
        kind = link["valve_type"].upper()
        setting = link.get("initial_setting") or 0.0
        valve_setting[name] = setting
        if kind == "GPV":
            setting = curve_id[link.get("headloss_curve_name") or link.get("initial_setting")]
        out.append(
            f"{link_id[name]} {node_id[link['start_node_name']]} {node_id[link['end_node_name']]} "
            f"{link['diameter'] * 1000.0} {kind} {setting} {link.get('minor_loss') or 0.0}"
        )
        status = (link.get("initial_status") or "").lower()
        if name in closed or status == "closed":
            status_lines.append(f"{link_id[name]} CLOSED")
        elif status == "open":
            status_lines.append(f"{link_id[name]} OPEN")
    out += [*status_lines, "[EMITTERS]", *emitter_lines, "[DEMANDS]", *demand_lines]

    out.append("[PATTERNS]")
    written_patterns = [(pattern_id[name], values) for name, values in patterns.items()]
    if fire_pattern is not None:
        written_patterns.append((fire_pattern, fire_values))
    for pid, values in written_patterns:
        # Multipliers may be numpy scalars, whose str() is slow; EPANET reads lines of at most 1024 characters.
        text = list(map("{:.12g}".format, np.asarray(values, dtype=float).tolist()))
        out += [f"{pid} {' '.join(text[i : i + 24])}" for i in range(0, len(text), 24)]
    if default_line and constant:
        out.append(f"{constant} 1.0")
    out.append("[CURVES]")
    for curve in model.get("curves") or []:
        cid = curve_id[curve["name"]]
        out += [f"{cid} {x} {y}" for x, y in curve["points"]]

    controls, rules = prepared.controls(closed, valve_setting)
    out += ["[CONTROLS]", *controls, "[RULES]", *rules]

    unbalanced = (hydraulic.get("unbalanced") or "STOP").upper()
    if unbalanced == "CONTINUE" and hydraulic.get("unbalanced_value") is not None:
        unbalanced += f" {int(hydraulic['unbalanced_value'])}"
    units = (hydraulic.get("inpfile_units") or "CMS").upper()
    out += [
        "[OPTIONS]",
        "UNITS CMS",
        f"HEADLOSS {hydraulic.get('headloss') or 'H-W'}",
        f"SPECIFIC GRAVITY {hydraulic.get('specific_gravity') or 1.0}",
        f"VISCOSITY {hydraulic.get('viscosity') or 1.0}",
        f"TRIALS {int(hydraulic.get('trials') or 200)}",
        f"ACCURACY {hydraulic.get('accuracy') or 0.001}",
        f"CHECKFREQ {int(hydraulic.get('checkfreq') or 2)}",
        f"MAXCHECK {int(hydraulic.get('maxcheck') or 10)}",
        f"UNBALANCED {unbalanced}",
        f"DEMAND MULTIPLIER {multiplier!r}",
        f"EMITTER EXPONENT {hydraulic.get('emitter_exponent') or 0.5}",
        "QUALITY NONE",
    ]
    if hydraulic.get("damplimit"):
        out.append(f"DAMPLIMIT {hydraulic['damplimit']}")
    if hydraulic.get("headerror"):
        out.append(f"HEADERROR {hydraulic['headerror'] * (0.3048 if units in _TRADITIONAL else 1.0)}")
    if hydraulic.get("flowchange"):
        out.append(f"FLOWCHANGE {hydraulic['flowchange'] * _FLOW_FACTOR.get(units, 1.0)}")
    if default_line:
        out.append(default_line)
    if plan.pda is not None:
        minimum, required = plan.pda
        out += [
            "DEMAND MODEL PDA",
            f"MINIMUM PRESSURE {minimum}",
            f"REQUIRED PRESSURE {required}",
            f"PRESSURE EXPONENT {hydraulic.get('pressure_exponent') or 0.5}",
        ]
    clock = (int(times.get("start_clocktime") or 0) + plan.shift_s) % 86400
    rule_step = min(int(times.get("rule_timestep") or plan.step_s), plan.step_s)
    out += [
        "[TIMES]",
        f"DURATION {_hms(plan.duration_s)}",
        f"HYDRAULIC TIMESTEP {_hms(plan.step_s)}",
        f"QUALITY TIMESTEP {_hms(plan.step_s)}",
        f"PATTERN TIMESTEP {_hms(pattern_step)}",
        f"PATTERN START {_hms(pattern_start)}",
        f"REPORT TIMESTEP {_hms(plan.step_s)}",
        "REPORT START 0:00:00",
        f"START CLOCKTIME {_hms(clock)}",
        f"RULE TIMESTEP {_hms(rule_step)}",
        "STATISTIC NONE",
        "[REPORT]",
        "STATUS NO",
        "SUMMARY NO",
        "[END]",
        "",
    ]
    return _Written(
        "\n".join(out), prepared.node_names, prepared.link_names, prepared.node_types, list(pattern_id), list(curve_id)
    )


# --------------------------------------------------------------------------------------------------------------------
# Running it


_ERROR = re.compile(r"^\s*(Error \d+:.*?)\s*$")
_GENERATED_ID = re.compile(r"\b([nlpc]\d+)\b")


def _buffer(size: int) -> tuple[tk.doubleArray, np.ndarray]:
    """A toolkit output array and a numpy view of the same memory, so a whole row copies at C speed."""
    array = tk.doubleArray(max(size, 1))
    view = np.ctypeslib.as_array((ctypes.c_double * max(size, 1)).from_address(int(array.this)))
    return array, view[:size]


class _Project:
    """An open EPANET project on a written file; toolkit errors become ValueError with EPANET's words."""

    def __init__(self, written: _Written, folder: Path):
        self.written = written
        self.inp = folder / "run.inp"
        self.report = folder / "run.rpt"
        self.inp.write_text(written.text, encoding="utf-8")
        self.handle = tk.createproject()
        self.hydraulics_open = False
        try:
            tk.open(self.handle, str(self.inp), str(self.report), "")
        except Exception as exc:  # the toolkit raises a bare Exception("Error NNN: …")
            # Closing first flushes the report, where EPANET lists each input error.
            self.close()
            raise self.explain(exc) from exc

    def explain(self, exc: Exception) -> ValueError:
        text = str(exc)
        details = []
        if self.report.exists():
            lines = self.report.read_text(encoding="utf-8", errors="replace").splitlines()
            for i, line in enumerate(lines):
                match = _ERROR.match(line)
                if match and not match.group(1).startswith("Error 200"):
                    detail = match.group(1).rstrip(":")
                    # EPANET echoes the offending input line after the error; its first word is the element.
                    echoed = lines[i + 1].split() if i + 1 < len(lines) else []
                    if echoed and not _ERROR.match(lines[i + 1]) and _GENERATED_ID.fullmatch(echoed[0]):
                        detail += f" (at {echoed[0]})"
                    details.append(detail)
        message = "; ".join(dict.fromkeys(details)) or text
        message = _GENERATED_ID.sub(lambda m: self.written.name(m.group(1)), message)
        return ValueError(f"EPANET: {message}")

    def call(self, function, *args):
        try:
            return function(self.handle, *args)
        except Exception as exc:  # the toolkit raises a bare Exception("Error NNN: …")
            raise self.explain(exc) from exc

    def close(self):
        with contextlib.suppress(Exception):
            if self.hydraulics_open:
                tk.closeH(self.handle)
        with contextlib.suppress(Exception):
            tk.close(self.handle)
        tk.deleteproject(self.handle)


def _amount(label: str, value) -> float:
    """A finite number of zero or more (ints, floats, Decimals from a form or a model field) as a float."""
    if isinstance(value, str | bytes | bool) or value is None:
        raise ValueError(f"{label} must be a number of zero or more, not {value!r}")
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise ValueError(f"{label} must be a number of zero or more, not {value!r}") from None
    if not math.isfinite(number) or number < 0:
        raise ValueError(f"{label} must be a number of zero or more, not {value!r}")
    return number


def _plan(model: dict, scenario: Scenario) -> _Plan:
    """Check the scenario against the model; every problem is a ValueError that names it."""
    s = scenario
    duration_h = _amount("duration_h", s.duration_h)
    demand_factor = _amount("demand_factor", s.demand_factor)
    fire_flow_lps = _amount("fire_flow_lps", s.fire_flow_lps)
    fire_start_h = _amount("fire_start_h", s.fire_start_h)
    fire_duration_h = _amount("fire_duration_h", s.fire_duration_h)
    minimum_pressure_m = _amount("minimum_pressure_m", s.minimum_pressure_m)
    step = _amount("step_s", s.step_s)
    if step <= 0 or not step.is_integer():
        raise ValueError(f"step_s must be a whole number of seconds above zero, not {s.step_s!r}")
    duration = int(round(duration_h * 3600))

    # Name look-ups are built only when the scenario names something: on 15,000 links they cost milliseconds.
    kinds = {k["name"]: k["link_type"] for k in model.get("links") or []} if s.closed_links or s.pumps_off else {}
    node_types = {n["name"]: n["node_type"] for n in model.get("nodes") or []} if s.fire_node is not None else {}
    for label, names in (("closed_links", s.closed_links), ("pumps_off", s.pumps_off)):
        if isinstance(names, str):
            raise ValueError(f"{label} must be a list of link names, not the string {names!r}")
        unknown = [n for n in names if n not in kinds]
        if unknown:
            shown = ", ".join(map(str, unknown[:5])) + (" …" if len(unknown) > 5 else "")
            raise ValueError(f"{label}: no link named {shown} in the network")
    not_pumps = [n for n in s.pumps_off if kinds[n] != "Pump"]
    if not_pumps:
        raise ValueError(f"pumps_off: {not_pumps[0]} is a {kinds[not_pumps[0]].lower()}, not a pump")

    fire_node, fire_window = None, None
    if s.fire_node is not None:
        if s.fire_node not in node_types:
            raise ValueError(f"fire_node: no node named {s.fire_node} in the network")
        if node_types[s.fire_node] != "Junction":
            raise ValueError(
                f"fire_node: {s.fire_node} is a {node_types[s.fire_node].lower()}; fire flow is drawn at a junction"
            )
        fire_node = s.fire_node
        # The window is taken to the minute so that pattern steps stay reasonable.
        start = int(round(fire_start_h * 60)) * 60
        fire_window = (start, start + int(round(fire_duration_h * 60)) * 60)
    elif fire_flow_lps > 0:
        raise ValueError("fire_flow_lps is set but fire_node is not: say where the fire flow is drawn")

    pda = None
    if s.pressure_dependent:
        required = _amount("required_pressure_m", s.required_pressure_m)
        if required - minimum_pressure_m < MIN_PDA_RANGE_M:
            raise ValueError(
                f"required_pressure_m ({required:g}) must be at least {MIN_PDA_RANGE_M} m above "
                f"minimum_pressure_m ({minimum_pressure_m:g})"
            )
        pda = (minimum_pressure_m, required)
    return _Plan(
        duration_s=duration,
        step_s=int(step),
        demand_scale=demand_factor,
        closed=frozenset(s.closed_links) | frozenset(s.pumps_off),
        fire_node=fire_node,
        fire_m3s=fire_flow_lps / 1000.0,
        fire_window=fire_window,
        pda=pda,
    )


DEFAULT_SCENARIO = Scenario()


def simulate(
    model: dict | Prepared, scenario: Scenario = DEFAULT_SCENARIO, progress: Callable[[float], None] | None = None
) -> Results:
    """An extended-period run of ``model`` under ``scenario`` with the EPANET 2.3 toolkit."""
    prepared = prepare(model)
    plan = _plan(prepared.model, scenario)
    written = _write(prepared, plan)
    step = plan.step_s
    count = plan.duration_s // step + 1
    nodes, links = len(written.nodes), len(written.links)
    # float32, as to_bytes stores them: 7 significant digits is far finer than any model, and half the memory
    # to fill makes a measurable part of a large run's time.
    pressure = np.empty((count, nodes), np.float32)
    demand = np.empty((count, nodes), np.float32)
    flow = np.empty((count, links), np.float32)
    velocity = np.empty((count, links), np.float32)
    recorded = np.zeros(count, bool)
    node_buffer, node_view = _buffer(nodes)
    link_buffer, link_view = _buffer(links)
    warned: list[int] = []
    with tempfile.TemporaryDirectory(prefix="shuiwu-run-") as folder:
        project = _Project(written, Path(folder))
        try:
            handle = project.handle
            _check_order(project, nodes, links)
            project.call(tk.openH)
            project.hydraulics_open = True
            project.call(tk.initH, 0)
            with warnings.catch_warnings(record=True) as caught:
                # The toolkit reports EPANET's warnings (negative pressures, unbalanced…) as bare Python warnings.
                warnings.simplefilter("always")
                seen = 0
                done = 0
                while True:
                    t = project.call(tk.runH)
                    if len(caught) > seen:
                        seen = len(caught)
                        warned.append(t)
                    if t % step == 0 and t // step < count:
                        k = t // step
                        tk.getnodevalues(handle, tk.PRESSURE, node_buffer)
                        pressure[k] = node_view
                        tk.getnodevalues(handle, tk.DEMAND, node_buffer)
                        demand[k] = node_view
                        tk.getlinkvalues(handle, tk.FLOW, link_buffer)
                        flow[k] = link_view
                        tk.getlinkvalues(handle, tk.VELOCITY, link_buffer)
                        velocity[k] = link_view
                        recorded[k] = True
                        done += 1
                        if progress is not None:
                            progress(done / count)
                    if project.call(tk.nextH) <= 0:
                        break
        finally:
            project.close()
    for array in (pressure, demand, flow, velocity):
        array[~recorded] = np.nan
    index = pd.Index(np.arange(count, dtype=np.int64) * step, name="time_s")
    node_names = pd.Index(written.nodes)
    link_names = pd.Index(written.links)
    # copy=False: the arrays are ours alone, and copying them would cost as much as reading them.
    results = Results(
        pressure=pd.DataFrame(pressure, index=index, columns=node_names, copy=False),
        demand=pd.DataFrame(demand, index=index, columns=node_names, copy=False),
        flow=pd.DataFrame(flow, index=index, columns=link_names, copy=False),
        velocity=pd.DataFrame(velocity, index=index, columns=link_names, copy=False),
        node_types=pd.Series(written.node_types, index=node_names, name="node_type"),
    )
    results.warnings = _warnings(results, warned)
    return results


def _check_order(project: _Project, nodes: int, links: int):
    """EPANET numbers nodes and links in the order written; make sure, cheaply, that it did."""
    handle = project.handle
    if tk.getcount(handle, tk.NODECOUNT) != nodes or tk.getcount(handle, tk.LINKCOUNT) != links:
        raise ValueError("EPANET read a different number of nodes or links than were written")
    if nodes and tk.getnodeid(handle, nodes) != f"n{nodes}":
        raise ValueError("EPANET numbered the nodes differently from the order they were written in")
    if links and tk.getlinkid(handle, links) != f"l{links}":
        raise ValueError("EPANET numbered the links differently from the order they were written in")


def _warnings(results: Results, warned: list[int]) -> list[str]:
    if not warned:
        return []
    messages = []
    junctions = results.junctions
    lowest = results.pressure[junctions].min()
    negative = lowest[lowest < 0]
    if len(negative):
        node = negative.idxmin()
        messages.append(
            f"Negative pressure at {len(negative)} junction(s); the lowest is {negative.min():.1f} m at {node}."
        )
    messages.append(
        f"EPANET warned at {len(warned)} time step(s), first at {_hms(warned[0])} "
        "(negative pressures, an unbalanced system or nodes cut off)."
    )
    return messages


def run_toolkit_baseline(inp_path: str | Path, duration_h: float, step_s: int) -> float:
    """Seconds the bare toolkit takes: open the file, run the whole period, read node pressures each report step."""
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="shuiwu-baseline-") as folder:
        handle = tk.createproject()
        try:
            tk.open(handle, str(inp_path), str(Path(folder) / "run.rpt"), "")
            tk.setstatusreport(handle, tk.NO_REPORT)
            tk.settimeparam(handle, tk.DURATION, int(round(duration_h * 3600)))
            tk.settimeparam(handle, tk.HYDSTEP, int(step_s))
            tk.settimeparam(handle, tk.REPORTSTEP, int(step_s))
            tk.settimeparam(handle, tk.REPORTSTART, 0)
            array = tk.doubleArray(tk.getcount(handle, tk.NODECOUNT))
            tk.openH(handle)
            tk.initH(handle, 0)
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                while True:
                    t = tk.runH(handle)
                    if t % step_s == 0:
                        tk.getnodevalues(handle, tk.PRESSURE, array)
                    if tk.nextH(handle) <= 0:
                        break
            tk.closeH(handle)
        finally:
            with contextlib.suppress(Exception):
                tk.close(handle)
            tk.deleteproject(handle)
    return time.perf_counter() - started


# --------------------------------------------------------------------------------------------------------------------
# Service pressure


def storeys(pressure_m):
    """Storeys the pressure serves (GB 50013 §3.0.10): 10 m one, 12 m two, 4 m more for each further storey.

    Takes a number, a numpy array or a pandas Series and answers in kind; missing pressures serve no storey.
    """
    values = np.asarray(pressure_m, dtype=float)
    # A hair of tolerance so that 16 m computed as 15.999999999 still serves three storeys.
    p = np.nan_to_num(values, nan=-1.0) + 1e-9
    result = np.where(p < 10.0, 0, np.where(p < 12.0, 1, 2 + np.floor((p - 12.0) / 4.0))).astype(np.int64)
    if isinstance(pressure_m, pd.Series):
        return pd.Series(result, index=pressure_m.index, name=pressure_m.name)
    if np.ndim(pressure_m) == 0:
        return int(result)
    return result


def pressure_service(
    results: Results,
    *,
    min_pressure_m: float = 14.276,
    groups: Mapping[str, str] | None = None,
    nodes: Iterable[str] | None = None,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Per node: lowest and highest pressure, when, storeys served, ok; per group: compliance over the run.

    ``nodes`` are the junctions to judge (default: every column); ``groups`` maps node → group (a DMA code),
    and nodes without a group are left out of the group table; without ``groups`` all nodes form group "all".
    Compliance is the share of node-steps at or above the limit.
    """
    columns = list(results.pressure.columns) if nodes is None else list(nodes)
    missing = [n for n in columns if n not in results.pressure.columns]
    if missing:
        raise ValueError(f"no pressure results for node {missing[0]}")
    pressure = results.pressure[columns]
    values = pressure.to_numpy()
    times = pressure.index.to_numpy()
    has_values = ~np.isnan(values).all(axis=0) if values.size else np.zeros(len(columns), bool)
    lowest = np.full(len(columns), np.nan)
    highest = np.full(len(columns), np.nan)
    at = np.zeros(len(columns), dtype=np.int64)
    if values.size and has_values.any():
        lowest[has_values] = np.nanmin(values[:, has_values], axis=0)
        highest[has_values] = np.nanmax(values[:, has_values], axis=0)
        at[has_values] = times[np.nanargmin(values[:, has_values], axis=0)]
    per_node = pd.DataFrame(
        {
            "min_pressure_m": lowest,
            "min_at_s": at,
            "max_pressure_m": highest,
            "storeys": storeys(lowest),
            "ok": lowest >= min_pressure_m,
        },
        index=pd.Index(columns, name="node"),
    )
    good_steps = (values >= min_pressure_m).sum(axis=0)
    labels = pd.Series("all" if groups is None else [groups.get(n) for n in columns], index=columns)
    frame = pd.DataFrame(
        {"group": labels.to_numpy(), "ok": per_node["ok"].to_numpy(), "good": good_steps, "steps": len(times)}
    ).dropna(subset=["group"])
    grouped = frame.groupby("group", sort=True)
    per_group = pd.DataFrame(
        {
            "nodes": grouped.size(),
            "ok_nodes": grouped["ok"].sum().astype(int),
            "compliance_percent": 100.0 * grouped["good"].sum() / grouped["steps"].sum().clip(lower=1),
        }
    )
    per_group.index.name = "group"
    return per_node, per_group


def compare(a: Results, b: Results) -> pd.DataFrame:
    """Per junction in both runs: lowest pressure in ``a``, in ``b``, and ``b − a``, biggest drop first."""
    nodes = [n for n in a.junctions if n in b.pressure.columns]
    low_a = a.pressure[nodes].min()
    low_b = b.pressure[nodes].min()
    table = pd.DataFrame({"min_a": low_a, "min_b": low_b, "difference": low_b - low_a})
    table.index.name = "node"
    return table.sort_values(["difference", "min_b"], kind="stable")


# --------------------------------------------------------------------------------------------------------------------
# Fire flow


def _peak_hour(model: dict) -> float:
    """The hour of the first day with the largest total demand."""
    times = (model.get("options") or {}).get("time") or {}
    step = int(times.get("pattern_timestep") or 3600)
    start = int(times.get("pattern_start") or 0)
    default = ((model.get("options") or {}).get("hydraulic") or {}).get("pattern")
    patterns = {p["name"]: np.asarray(p["multipliers"], dtype=float) for p in model.get("patterns") or []}
    base_by_pattern: dict[str | None, float] = {}
    for node in model.get("nodes") or []:
        if node["node_type"] == "Junction":
            for d in _demands(node):
                key = d.get("pattern_name") or default
                base_by_pattern[key] = base_by_pattern.get(key, 0.0) + (d.get("base_val") or 0.0)
    hours = np.arange(24)
    total = np.zeros(24)
    for name, base in base_by_pattern.items():
        values = patterns.get(name)
        if values is None or not len(values):
            total += base
        else:
            total += base * values[((hours * 3600 + start) // step) % len(values)]
    return float(hours[int(np.argmax(total))])


def fire_flow(
    model: dict | Prepared,
    node: str,
    *,
    residual_pressure_m: float = 10.2,
    at_hour: float | None = None,
    max_flow_lps: float = 500.0,
    tolerance_lps: float = 0.5,
) -> dict:
    """The flow (L/s) a hydrant at ``node`` can draw while its pressure stays at or above the residual pressure.

    A pressure-driven steady-state run at ``at_hour`` (default: the hour of peak demand) per trial, bisecting on
    the fire demand. ``limited_by`` says what bound the answer: "residual_pressure", "max_flow", or
    "no_pressure" when the node is below the residual pressure even without a fire.
    """
    residual_pressure_m = _amount("residual_pressure_m", residual_pressure_m)
    max_flow_lps = _amount("max_flow_lps", max_flow_lps)
    tolerance_lps = _amount("tolerance_lps", tolerance_lps)
    if max_flow_lps <= 0 or tolerance_lps <= 0:
        raise ValueError("max_flow_lps and tolerance_lps must be above zero")
    prepared = prepare(model)
    model = prepared.model
    hour = _peak_hour(model) if at_hour is None else _amount("at_hour", at_hour)
    scenario = Scenario(duration_h=0, step_s=3600, fire_node=node, fire_flow_lps=1.0, pressure_dependent=True)
    try:
        plan = _plan(model, scenario)
    except ValueError as exc:
        raise ValueError(str(exc).removeprefix("fire_node: ")) from None
    plan.fire_window = None
    plan.shift_s = int(round(hour * 3600))
    written = _write(prepared, plan)
    index = written.nodes.index(node) + 1
    with tempfile.TemporaryDirectory(prefix="shuiwu-fire-") as folder:
        project = _Project(written, Path(folder))
        try:
            demand_index = project.call(tk.getnumdemands, index)
            project.call(tk.openH)
            project.hydraulics_open = True

            def trial(lps: float) -> tuple[float, float]:
                """Pressure at the node and the fire flow it delivered, for a fire demand of ``lps``."""
                project.call(tk.setbasedemand, index, demand_index, lps / 1000.0)
                project.call(tk.initH, 0)
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore")
                    project.call(tk.runH)
                pressure = tk.getnodevalue(project.handle, index, tk.PRESSURE)
                delivered = tk.getnodevalue(project.handle, index, tk.DEMANDFLOW)
                wanted = tk.getnodevalue(project.handle, index, tk.FULLDEMAND)
                # Pressure-driven demand delivers the same share of every demand at a node.
                share = delivered / wanted if wanted > 0 else 1.0
                return pressure, lps * share

            iterations = 1
            pressure, _ = trial(0.0)
            if pressure < residual_pressure_m:
                available, limited_by = 0.0, "no_pressure"
            else:
                iterations += 1
                pressure, delivered = trial(max_flow_lps)
                if pressure >= residual_pressure_m:
                    available, limited_by = delivered, "max_flow"
                else:
                    low, high, available = 0.0, max_flow_lps, 0.0
                    while high - low > tolerance_lps:
                        middle = (low + high) / 2
                        iterations += 1
                        pressure, delivered = trial(middle)
                        if pressure >= residual_pressure_m:
                            low, available = middle, delivered
                        else:
                            high = middle
                    limited_by = "residual_pressure"
        finally:
            project.close()
    return {
        "node": node,
        "available_lps": float(available),
        "residual_pressure_m": float(residual_pressure_m),
        "at_hour": hour,
        "iterations": iterations,
        "limited_by": limited_by,
    }


# --------------------------------------------------------------------------------------------------------------------
# Valve segments


@dataclass
class Isolation:
    """What shutting off one pipe takes and what it cuts off."""

    pipe: str
    valves: list[str]  # operable valves to shut, nearest the burst first
    inoperable: list[str]  # inoperable valves met on the way (the next ring of valves was used instead)
    segments: list[int]
    pipes: list[str]  # pipes in the isolated area
    nodes: list[str]  # nodes in the isolated area
    disconnected_pipes: list[str]  # pipes outside the area that lose every source
    disconnected_nodes: list[str]


class ValveSegments:
    """Valve segments of a network graph (Walski's segment approach): the parts isolated by closing valves.

    ``pipes``: columns name, start, end (node names), and optionally length (m, for the shut-off order).
    ``valves``: columns name, pipe, node (the pipe end the valve sits at), operable (bool); a valve on pipe P next
    to node N separates P's interior from N. Of several valves at the same pipe end, one operable one is kept.
    ``sources``: reservoir and tank node names.
    """

    def __init__(self, pipes: pd.DataFrame, valves: pd.DataFrame, sources: Iterable[str]):
        pipe_names = pipes["name"].astype(str).to_numpy()
        if len(set(pipe_names)) != len(pipe_names):
            raise ValueError("pipe names must be unique")
        starts = pipes["start"].astype(str).to_numpy()
        ends = pipes["end"].astype(str).to_numpy()
        sources = [str(s) for s in sources]
        node_names = pd.unique(np.concatenate([starts, ends, np.array(sources, dtype=object)]).astype(str))
        node_index = pd.Index(node_names)
        pipe_index = pd.Index(pipe_names)
        n, m = len(node_names), len(pipe_names)
        start = node_index.get_indexer(starts)
        end = node_index.get_indexer(ends)

        valves = valves.assign(
            name=valves["name"].astype(str),
            pipe=valves["pipe"].astype(str),
            node=valves["node"].astype(str),
            operable=valves["operable"].astype(bool),
        )
        valve_pipe = pipe_index.get_indexer(valves["pipe"])
        if (valve_pipe < 0).any():
            bad = valves.loc[valve_pipe < 0].iloc[0]
            raise ValueError(f"valve {bad['name']} is on pipe {bad['pipe']}, which is not in the pipes")
        valve_node = node_index.get_indexer(valves["node"])
        at_start = valve_node == start[valve_pipe]
        at_end = valve_node == end[valve_pipe]
        if (~(at_start | at_end)).any():
            bad = valves.loc[~(at_start | at_end)].iloc[0]
            raise ValueError(f"valve {bad['name']} is at node {bad['node']}, which is not an end of pipe {bad['pipe']}")
        valves = valves.assign(_pipe=valve_pipe, _node=valve_node)
        valves = valves.sort_values("operable", ascending=False, kind="stable").drop_duplicates(["_pipe", "_node"])
        valves = valves.sort_index()
        valve_pipe = valves["_pipe"].to_numpy()
        valve_node = valves["_node"].to_numpy()

        # Graph of nodes (0..n-1) and pipe interiors (n..n+m-1): a pipe joins an end unless a valve sits there.
        blocked_start = np.zeros(m, bool)
        blocked_end = np.zeros(m, bool)
        blocked_start[valve_pipe[valve_node == start[valve_pipe]]] = True
        blocked_end[valve_pipe[valve_node == end[valve_pipe]]] = True
        pipe_vertex = np.arange(m) + n
        rows = np.concatenate([pipe_vertex[~blocked_start], pipe_vertex[~blocked_end]])
        cols = np.concatenate([start[~blocked_start], end[~blocked_end]])
        labels = _graph_labels(n + m, rows, cols)
        # Number segments in pipe order, then segments that are a node alone, so ids are stable.
        order = np.concatenate([labels[n:], labels[:n]])
        _, first = np.unique(order, return_index=True)
        renumber = np.empty(labels.max() + 1 if len(labels) else 0, dtype=np.int64)
        renumber[order[np.sort(first)]] = np.arange(len(first))
        labels = renumber[labels]
        self._node_seg = labels[:n]
        self._pipe_seg = labels[n:]
        self.count = len(first)

        self._node_names = node_names
        self._pipe_names = pipe_names
        self._pipe_index = {name: i for i, name in enumerate(pipe_names)}
        self.segments = pd.Series(self._pipe_seg, index=pd.Index(pipe_names, name="pipe"), name="segment")
        self.node_segments = pd.Series(self._node_seg, index=pd.Index(node_names, name="node"), name="segment")
        self._seg_pipes = _group(self._pipe_seg, self.count)
        self._seg_nodes = _group(self._node_seg, self.count)

        self.valve_names = valves["name"].to_numpy()
        self._valve_a = self._pipe_seg[valve_pipe]
        self._valve_b = self._node_seg[valve_node]
        self._valve_operable = valves["operable"].to_numpy()
        self._valve_node = valve_node
        self._seg_valves = _group(np.concatenate([self._valve_a, self._valve_b]), self.count, len(valves))
        self._is_source = np.zeros(self.count, bool)
        self._is_source[self._node_seg[node_index.get_indexer(sources)]] = True

        length = pipes["length"].to_numpy(dtype=float) if "length" in pipes else np.ones(m)
        # A zero weight would read as "no edge"; shut-off order only needs the ranking.
        weight = np.maximum(np.nan_to_num(length, nan=1.0), 1e-6)
        u, v, w = np.concatenate([start, end]), np.concatenate([end, start]), np.concatenate([weight, weight])
        # A sparse matrix adds up parallel pipes; the shortest of them is the distance.
        key = u.astype(np.int64) * max(n, 1) + v
        order = np.lexsort((w, key))
        _, first = np.unique(key[order], return_index=True)
        keep = order[first]
        self._graph = coo_matrix((w[keep], (u[keep], v[keep])), shape=(n, n)).tocsr()
        self._ends = (start, end)

    def _area(self, seeds: Iterable[int]) -> tuple[np.ndarray, list[int], list[int]]:
        """Segments shut off together starting from ``seeds``: through inoperable valves to the next ring."""
        a, b, operable = self._valve_a, self._valve_b, self._valve_operable
        in_area = np.zeros(self.count, bool)
        frontier = list(seeds)
        in_area[frontier] = True
        inoperable: list[int] = []
        while frontier:
            segment = frontier.pop()
            for v in self._seg_valves[segment]:
                other = b[v] if a[v] == segment else a[v]
                if in_area[other]:
                    continue
                if not operable[v]:
                    inoperable.append(v)
                    in_area[other] = True
                    frontier.append(other)
        boundary = [
            v
            for segment in np.flatnonzero(in_area)
            for v in self._seg_valves[segment]
            if in_area[a[v]] != in_area[b[v]]
        ]
        return in_area, sorted(set(boundary)), sorted(set(inoperable))

    def _cut_off(self, in_area: np.ndarray) -> np.ndarray:
        """Segments outside the area that lose every source once the area is shut."""
        keep = ~in_area[self._valve_a] & ~in_area[self._valve_b]
        labels = _graph_labels(self.count, self._valve_a[keep], self._valve_b[keep])
        fed = np.zeros(labels.max() + 1 if len(labels) else 0, bool)
        fed[labels[self._is_source & ~in_area]] = True
        return ~in_area & ~fed[labels]

    def isolate(self, pipe: str) -> Isolation:
        """The valves to shut to take ``pipe`` out of service, and what that cuts off."""
        if pipe not in self._pipe_index:
            raise ValueError(f"no pipe named {pipe}")
        i = self._pipe_index[pipe]
        in_area, boundary, inoperable = self._area([self._pipe_seg[i]])
        cut = self._cut_off(in_area)
        order = []
        if boundary:
            start, end = self._ends
            distance = dijkstra(self._graph, indices=[start[i], end[i]], min_only=True)
            valve_nodes = self._valve_node[boundary]
            order = sorted(
                range(len(boundary)), key=lambda k: (distance[valve_nodes[k]], self.valve_names[boundary[k]])
            )
        segments = np.flatnonzero(in_area)
        cut_segments = np.flatnonzero(cut)
        return Isolation(
            pipe=pipe,
            valves=[str(self.valve_names[boundary[k]]) for k in order],
            inoperable=[str(self.valve_names[v]) for v in inoperable],
            segments=[int(s) for s in segments],
            pipes=self._names(self._pipe_names, self._seg_pipes, segments),
            nodes=self._names(self._node_names, self._seg_nodes, segments),
            disconnected_pipes=self._names(self._pipe_names, self._seg_pipes, cut_segments),
            disconnected_nodes=self._names(self._node_names, self._seg_nodes, cut_segments),
        )

    @staticmethod
    def _names(names, groups, segments) -> list[str]:
        if not len(segments):
            return []
        return sorted(str(x) for x in names[np.concatenate([groups[s] for s in segments])])

    def criticality(self, node_weight: Mapping[str, float] | None = None) -> pd.DataFrame:
        """Per segment, what shutting it off costs: worst first.

        Columns: ``pipes`` and ``nodes`` of the area shut off (names), ``valves_to_shut`` and ``inoperable``
        (valve names), ``isolated`` and ``disconnected`` (the summed ``node_weight`` — customers, demand…; default 1
        per node — of the area and of what loses every source), ``total``. Sorted by total, then by pipes.
        """
        if node_weight is None:
            weights = np.ones(len(self._node_names))
        else:
            weights = np.array([float(node_weight.get(name, 0.0)) for name in self._node_names])
        segment_weight = np.bincount(self._node_seg, weights=weights, minlength=self.count)
        rows = []
        for segment in range(self.count):
            in_area, boundary, inoperable = self._area([segment])
            cut = self._cut_off(in_area)
            area = np.flatnonzero(in_area)
            isolated = float(segment_weight[in_area].sum())
            disconnected = float(segment_weight[cut].sum())
            rows.append(
                (
                    segment,
                    self._names(self._pipe_names, self._seg_pipes, area),
                    self._names(self._node_names, self._seg_nodes, area),
                    sorted(str(self.valve_names[v]) for v in boundary),
                    [str(self.valve_names[v]) for v in inoperable],
                    isolated,
                    disconnected,
                    isolated + disconnected,
                )
            )
        columns = ["segment", "pipes", "nodes", "valves_to_shut", "inoperable", "isolated", "disconnected", "total"]
        table = pd.DataFrame(rows, columns=columns).set_index("segment")
        size = table["pipes"].map(len)
        order = np.lexsort((-size.to_numpy(), -table["total"].to_numpy()))
        return table.iloc[order]


def _group(labels: np.ndarray, count: int, modulo: int | None = None) -> list[np.ndarray]:
    """Positions of each label (0..count-1), as arrays; with ``modulo``, positions are taken modulo it."""
    order = np.argsort(labels, kind="stable")
    bounds = np.searchsorted(labels[order], np.arange(count + 1))
    if modulo:
        order = order % modulo
    return [order[bounds[k] : bounds[k + 1]] for k in range(count)]
