"""Telemetry history for the demo city: sensors on plants, tank, booster, DMAs, network and sewage, and their readings.

The readings come from EPANET runs of L-Town through WNTR, not from six months simulated hour by hour: five
one-week extended-period runs at a 15-minute hydraulic step, one per demand multiplier. Every day of the history
takes a multiplier from a seasonal curve (the summer peak in July and August, the repair centre's heat waves on
top, a quieter weekend, noise), and each 15-minute value is interpolated between the runs at that multiplier, at
the same time of a pattern day. Sensor noise comes last, then the injected faults:

* a leak in one DMA that weeps from ~20 days ago and opens up late in the evening before the last night, raising
  the minimum night flow by about a third, so the night-flow alarm (and its repair ticket) is active now;
* a plant-outlet turbidity spike above 1 NTU for about two hours ~60 days ago (a critical alarm, raised and cleared);
* a network pressure logger that stopped reporting two days ago (the stale-data alarm is active);
* short low-pressure dips below 0.14 MPa at a network end in the north zone on heat-wave evenings.

Everything is written through the ingest path (store and alarm rules) in time windows across all sensors, so the
alarms are raised and cleared at the times the readings say.
"""

from __future__ import annotations

import math
import tempfile
from datetime import datetime, time, timedelta
from pathlib import Path

import numpy as np
import pandas as pd
import wntr
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils import timezone
from scipy.signal import lfilter

from shuiwu.assets.choices import Kind, Layer, System
from shuiwu.assets.demo import LTOWN
from shuiwu.assets.models import DMA, Asset
from shuiwu.core import demo
from shuiwu.telemetry import alarms, ingest
from shuiwu.telemetry.choices import VALID_RANGES, Measure, Role
from shuiwu.telemetry.models import Alarm, Sensor
from shuiwu.work.demo import DAYS as WORK_DAYS
from shuiwu.work.demo import HEAT_WAVES

DAYS = 181
PLANT_DAYS = 400  # outflow and totalisers reach back past the same day last year
STEP_S = 900
PER_DAY = 86400 // STEP_S
CHUNK_DAYS = 14
RUN_MULTIPLIERS = np.array([0.8, 1.0, 1.2, 1.4, 1.6])
MPA_PER_M = 0.00980665

# L-Town is the centre of the city; the two plants also feed the outer towns, so their outflow is scaled to the
# whole city's supply (about 140,000 m³ a day in winter, past 190,000 on summer peak days).
CITY_M3_PER_DAY = 142_000
WTP1_SHARE = 0.62
BACKGROUND_LEAKAGE = 0.12  # of a DMA's mean inflow: real losses that flow day and night
NETWORK_POINTS = 20  # DOMAIN.md: at least 1 per 10 km² and at least 3; a dense centre gets more
NETWORK_ENDS = 5
LEAK_DMA = "DMA-04"  # the old town, cast-iron mains
LEAK_WEEP_DAYS = 20
STALE_SENSOR = "NP-07-PT"
STALE_HOURS = 47
TURBIDITY_PLANT, TURBIDITY_DAYS_AGO = "WTP-2", 60
DIPS = 5

# The days of L-Town's one-week patterns that the calendar cycles through. Days 4 and 5 are left out: their
# nights draw a third more than the others, and the night-flow rule (a night against the median of the nights
# before it, whatever their weekday) would raise a leak alarm in every DMA every weekend. The weekend comes in
# as a lower demand multiplier instead.
PATTERN_DAYS = np.array([6, 0, 1, 2, 3])
WEEKEND = {5: 0.97, 6: 0.95}
ROUNDING = {
    Measure.PRESSURE: 3,
    Measure.FLOW: 1,
    Measure.TOTALISER: 1,
    Measure.LEVEL: 3,
    Measure.TURBIDITY: 3,
    Measure.CHLORINE: 3,
    Measure.PH: 2,
    Measure.PUMP_STATE: 0,
    Measure.PUMP_FREQUENCY: 1,
    Measure.POWER: 1,
    Measure.SEWAGE_FLOW: 1,
}


def _ar1(rng: np.random.Generator, n: int, rho: float, sigma: float) -> np.ndarray:
    """Red noise with a stationary standard deviation of sigma: weather, dosing and demand drift."""
    white = rng.normal(0.0, sigma * math.sqrt(1 - rho * rho), n)
    return lfilter([1.0], [1.0, -rho], white)


def _farthest(points: np.ndarray, k: int, first: int) -> list[int]:
    """k indices spread over the points: each next one as far as possible from those chosen."""
    chosen = [first]
    distance = np.linalg.norm(points - points[first], axis=1)
    while len(chosen) < min(k, len(points)):
        nxt = int(np.argmax(distance))
        chosen.append(nxt)
        distance = np.minimum(distance, np.linalg.norm(points - points[nxt], axis=1))
    return chosen


class Simulation:
    """One-week EPANET runs of L-Town at each multiplier: pressures and demands per 15-minute step."""

    def __init__(self):
        self.wn = wntr.network.WaterNetworkModel(str(LTOWN))
        self.wn.options.time.duration = 7 * 86400
        self.wn.options.time.hydraulic_timestep = STEP_S
        self.wn.options.time.report_timestep = STEP_S
        self.junctions = self.wn.junction_name_list
        pressures, demands = [], []
        with tempfile.TemporaryDirectory() as tmp:
            for i, multiplier in enumerate(RUN_MULTIPLIERS):
                self.wn.options.hydraulic.demand_multiplier = float(multiplier)
                results = wntr.sim.EpanetSimulator(self.wn).run_sim(file_prefix=str(Path(tmp) / f"run{i}"))
                pressures.append(results.node["pressure"][self.junctions].to_numpy()[: 7 * PER_DAY])
                demands.append(results.node["demand"][self.junctions].to_numpy()[: 7 * PER_DAY] * 3600)
        self.pressure = np.stack(pressures)  # (multiplier, step of the week, junction), m
        self.demand = np.stack(demands)  # m³/h
        self.column = {name: i for i, name in enumerate(self.junctions)}
        graph = self.wn.to_graph().to_undirected()
        self.dead_ends = [n for n in self.junctions if graph.degree(n) == 1]
        self.xy = {n: self.wn.get_node(n).coordinates for n in self.junctions}

    def weights(self, step_in_week: np.ndarray, multiplier: np.ndarray):
        """For each step: the step of the runs, the run just below its multiplier and the weight of the one above."""
        m = np.clip(multiplier, RUN_MULTIPLIERS[0], RUN_MULTIPLIERS[-1])
        low = np.clip(np.searchsorted(RUN_MULTIPLIERS, m, side="right") - 1, 0, len(RUN_MULTIPLIERS) - 2)
        upper = (m - RUN_MULTIPLIERS[low]) / (RUN_MULTIPLIERS[low + 1] - RUN_MULTIPLIERS[low])
        return step_in_week, low, upper

    @staticmethod
    def interpolate(table: np.ndarray, where) -> np.ndarray:
        """Values of table (multiplier, step, column) at each (step, multiplier): (time, column)."""
        step, low, upper = where
        return table[low, step] * (1 - upper)[:, None] + table[low + 1, step] * upper[:, None]


class History:
    def __init__(self, ctx):
        self.rng = np.random.default_rng(ctx.rng("telemetry").getrandbits(64))
        self.now = timezone.now()
        self.tz = timezone.get_current_timezone()
        self.today = timezone.localdate(self.now)
        first_day = self.today - timedelta(days=PLANT_DAYS)
        start = datetime.combine(first_day, time.min, self.tz)
        # Whole days, today's to midnight, so a day's values do not depend on the hour the demo is built;
        # what lies after now is never written.
        self.grid = pd.date_range(
            pd.Timestamp(start).tz_convert("UTC"), periods=(PLANT_DAYS + 1) * PER_DAY, freq=f"{STEP_S}s"
        )
        self.seconds = self.grid.as_unit("s").asi8
        local = self.grid.tz_convert(self.tz)
        self.n = len(self.grid)
        self.day = np.arange(self.n) // PER_DAY  # Asia/Shanghai keeps no summer time
        self.step_of_day = np.arange(self.n) % PER_DAY
        self.hour = local.hour.to_numpy()
        self.days = [first_day + timedelta(days=d) for d in range(PLANT_DAYS + 1)]
        self.past = self.seconds <= int(self.now.timestamp())
        self.step_in_week = PATTERN_DAYS[self.day % len(PATTERN_DAYS)] * PER_DAY + self.step_of_day
        self.recent = self.day >= PLANT_DAYS - DAYS  # the 181-day window of most sensors
        # The latest night whose 02:00–04:00 readings are all in.
        self.last_night = self.today if timezone.localtime(self.now).hour >= 4 else self.today - timedelta(days=1)
        self.series: dict[str, np.ndarray] = {}
        self.sensors: dict[str, Sensor] = {}

    def index_at(self, when: datetime) -> int:
        return int(np.searchsorted(self.seconds, int(when.timestamp())))

    def through_day(self, per_day: np.ndarray) -> np.ndarray:
        """A value per day as a value per step, continuous through midnight: each day's value belongs to its noon."""
        centre = np.arange(len(per_day)) * PER_DAY + PER_DAY / 2
        return np.interp(np.arange(self.n), centre, per_day)

    # -- the demand of each day ------------------------------------------------------------------

    def multipliers(self):
        """Demand multiplier per step: seasonal curve, heat waves, day-to-day and within-day noise."""
        rng = self.rng
        doy = np.array([d.timetuple().tm_yday for d in self.days], dtype=float)
        season = 0.97 + 0.27 * np.exp(-0.5 * ((doy - 212) / 30) ** 2) + 0.03 * np.exp(-0.5 * ((doy - 150) / 25) ** 2)
        # The Spring Festival week empties the city (late January to mid February).
        season -= 0.07 * np.exp(-0.5 * ((doy - 45) / 6) ** 2)
        heat = np.zeros(len(self.days))
        work_start = self.today - timedelta(days=WORK_DAYS)
        for offset, length in HEAT_WAVES:
            first = (work_start - self.days[0]).days + offset
            heat[max(first, 0) : max(first + length, 0)] = 0.10
        self.heat_days = [i for i in np.flatnonzero(heat) if i >= PLANT_DAYS - DAYS]
        noise = np.exp(_ar1(rng, len(self.days), 0.6, 0.025))
        weekend = np.array([WEEKEND.get(d.weekday(), 1.0) for d in self.days])
        self.day_multiplier = season * weekend * (1 + heat) * noise
        self.multiplier = self.through_day(self.day_multiplier) * np.exp(_ar1(rng, self.n, 0.92, 0.03))
        self.season = self.through_day((season - 0.97) / 0.27)  # 0 in winter, 1 at the summer peak

    # -- sensors ---------------------------------------------------------------------------------

    def sensor(self, code, name, asset, measure, role, *, dma=None, company=None) -> Sensor:
        company = company or asset.company
        low, high = VALID_RANGES[measure]
        sensor, _ = Sensor.objects.update_or_create(
            code=code,
            defaults={
                "company": company,
                "name": name,
                "asset": asset,
                "dma": dma,
                "measure": measure,
                "role": role,
                "valid_min": low,
                "valid_max": high,
                "expected_interval_s": STEP_S,
                "topic": f"shuiwu/{company.code.lower()}/{code}",
                "device_id": f"RTU-{code.rsplit('-', 1)[0]}",
                "active": True,
            },
        )
        self.sensors[code] = sensor
        return sensor

    def make_sensors(self, sim: Simulation):
        assets = {
            a.code: a
            for a in Asset.objects.filter(system__in=[System.SUPPLY, System.SEWER])
            .exclude(kind__in=[Kind.PIPE, Kind.MANHOLE, Kind.SERVICE_POINT, Kind.VALVE, Kind.HYDRANT])
            .select_related("company")
        }
        for plant in ("WTP-1", "WTP-2"):
            asset = assets[plant]
            for suffix, measure, label in (
                ("FT", Measure.FLOW, "出厂瞬时流量"),
                ("FQ", Measure.TOTALISER, "出厂累计流量"),
                ("TU", Measure.TURBIDITY, "出厂水浑浊度"),
                ("CL", Measure.CHLORINE, "出厂水游离氯"),
                ("PH", Measure.PH, "出厂水pH"),
                ("PT", Measure.PRESSURE, "出厂压力"),
            ):
                self.sensor(f"{plant}-{suffix}", f"{asset.name}{label}", asset, measure, Role.PLANT_OUTLET)
        tank, station = assets["T1"], assets["PS-N1"]
        self.sensor("T1-LT", f"{tank.name}液位", tank, Measure.LEVEL, Role.TANK)
        self.sensor("PS-N1-RUN", f"{station.name}运行状态", station, Measure.PUMP_STATE, Role.PUMP)
        self.sensor("PS-N1-HZ", f"{station.name}频率", station, Measure.PUMP_FREQUENCY, Role.PUMP)
        self.sensor("PS-N1-KW", f"{station.name}功率", station, Measure.POWER, Role.PUMP)

        nodes = {
            a.code: a
            for a in Asset.objects.filter(system=System.SUPPLY, layer=Layer.NODE).select_related("company", "dma")
        }
        self.dmas = {d.code: d for d in DMA.objects.select_related("company")}
        self.dma_of = {code: a.dma.code for code, a in nodes.items() if a.dma_id}
        taken: set[int] = set()
        for code, dma in sorted(self.dmas.items()):
            inlet = self._inlet(dma, nodes, taken)
            self.sensor(f"{code}-FT", f"{dma.name}进水流量", inlet, Measure.FLOW, Role.DMA_INLET, dma=dma)

        # Network pressure points spread over the city, away from dead ends; network ends at dead ends.
        low = sim.pressure.min(axis=(0, 1))
        candidates = [
            n for n in sim.junctions if n in self.dma_of and n not in sim.dead_ends and low[sim.column[n]] > 20
        ]
        points = np.array([sim.xy[n] for n in candidates])
        centre = int(np.argmin(np.linalg.norm(points - points.mean(axis=0), axis=1)))
        self.network_nodes = [candidates[i] for i in _farthest(points, NETWORK_POINTS, centre)]
        for i, node in enumerate(self.network_nodes, start=1):
            dma = self.dmas[self.dma_of[node]]
            self.sensor(f"NP-{i:02d}-PT", f"{dma.name}测压点{i:02d}", nodes[node], Measure.PRESSURE, Role.NETWORK)
        ends = [n for n in sim.dead_ends if n in self.dma_of]
        north = [n for n in ends if self.dma_of[n] == "DMA-06"] or ends
        # The first end is the north zone's weakest: the one whose pressure dips on hot evenings.
        worst = min(north, key=lambda n: low[sim.column[n]])
        points = np.array([sim.xy[n] for n in ends])
        self.end_nodes = [ends[i] for i in _farthest(points, NETWORK_ENDS, ends.index(worst))]
        for i, node in enumerate(self.end_nodes, start=1):
            dma = self.dmas[self.dma_of[node]]
            asset = nodes[node]
            self.sensor(f"NE-{i:02d}-PT", f"{dma.name}末梢压力{i:02d}", asset, Measure.PRESSURE, Role.NETWORK_END)
            self.sensor(f"NE-{i:02d}-CL", f"{dma.name}末梢游离氯{i:02d}", asset, Measure.CHLORINE, Role.NETWORK_END)
        self.sewage_stations = sorted(
            (a for a in assets.values() if a.kind == Kind.PUMP_STATION and a.system == System.SEWER),
            key=lambda a: a.code,
        )
        for station in self.sewage_stations:
            self.sensor(f"{station.code}-FT", f"{station.name}流量", station, Measure.SEWAGE_FLOW, Role.SEWAGE)

    def _inlet(self, dma: DMA, nodes: dict, taken: set[int]) -> Asset:
        """Where a DMA's inlet meter sits: a boundary pipe (one fed from outside every DMA first, then the biggest)
        that no other DMA's meter sits on, else a tank's outlet pipe, else its boundary link."""
        links = list(
            Asset.objects.filter(Q(start_node__dma=dma) | Q(end_node__dma=dma), system=System.SUPPLY, layer=Layer.LINK)
            .select_related("start_node", "end_node", "company")
            .order_by("code")
        )
        boundary = [lk for lk in links if lk.start_node.dma_id != lk.end_node.dma_id]
        pipes = [lk for lk in boundary if lk.kind == Kind.PIPE and lk.pk not in taken]
        tanks = {code for code, a in nodes.items() if a.kind == Kind.TANK and a.dma_id == dma.pk}
        outlets = [
            lk
            for lk in links
            if lk.kind == Kind.PIPE
            and (lk.start_node.code in tanks or lk.end_node.code in tanks)
            and lk.pk not in taken
        ]
        if pipes:
            chosen = max(pipes, key=lambda lk: (lk.start_node.dma_id is None, lk.diameter or 0, lk.code))
        elif outlets:
            chosen = max(outlets, key=lambda lk: (lk.diameter or 0, lk.code))
        elif boundary:
            chosen = boundary[0]
        else:
            chosen = next(a for a in nodes.values() if a.dma_id == dma.pk)
        taken.add(chosen.pk)
        return chosen

    # -- readings --------------------------------------------------------------------------------

    def put(self, code: str, values: np.ndarray, *, recent_only: bool = True):
        values = np.asarray(values, dtype=float).copy()
        if recent_only:
            values[~self.recent] = np.nan
        values[~self.past] = np.nan
        self.series[code] = values

    def simulate(self, sim: Simulation):
        rng = self.rng
        where = sim.weights(self.step_in_week, self.multiplier)
        total = Simulation.interpolate(sim.demand.sum(axis=2, keepdims=True), where)[:, 0]
        base_total = sim.demand[list(RUN_MULTIPLIERS).index(1.0)].sum(axis=1).mean()

        # Plants: the city's outflow, the centre's diurnal shape damped by the outer towns' own tanks.
        ratio = total / base_total
        city = CITY_M3_PER_DAY / 24 * (0.35 * self.multiplier + 0.65 * ratio)
        days = len(self.days)
        share = WTP1_SHARE + self.through_day(_ar1(rng, days, 0.8, 0.015))
        peak = np.quantile(city, 0.999)
        for plant, part in (("WTP-1", share), ("WTP-2", 1 - share)):
            flow = city * part * (1 + rng.normal(0, 0.008, self.n))
            self.put(f"{plant}-FT", flow, recent_only=False)
            start = 48_000_000 if plant == "WTP-1" else 21_500_000
            # A totaliser counts what has flowed up to its reading: the running integral, never falling.
            volume = np.concatenate([[0.0], np.cumsum(flow[:-1] * STEP_S / 3600)])
            self.put(f"{plant}-FQ", start + volume, recent_only=False)
            pressure = 0.46 - 0.07 * (flow / (peak * part.mean())) ** 2 + rng.normal(0, 0.003, self.n)
            self.put(f"{plant}-PT", pressure)
            drift = _ar1(rng, self.n, 0.995, 1.0)
            self.put(f"{plant}-TU", np.clip(0.2 + 0.06 * drift + rng.normal(0, 0.015, self.n), 0.08, 0.4))
            # More chlorine in summer: the dosing follows the faster decay in warm water.
            chlorine = 0.66 + 0.1 * self.season + 0.05 * _ar1(rng, self.n, 0.99, 1.0)
            self.put(f"{plant}-CL", np.clip(chlorine + rng.normal(0, 0.012, self.n), 0.5, 0.9))
            ph = 7.48 + 0.09 * _ar1(rng, self.n, 0.995, 1.0) + rng.normal(0, 0.02, self.n)
            self.put(f"{plant}-PH", np.clip(ph, 7.2, 7.8))

        # DMA inflow: the demand of its junctions, with background leakage and a little noise of its own.
        demand = sim.demand
        dma_codes = sorted(self.dmas)
        columns = [[sim.column[n] for n in sim.junctions if self.dma_of.get(n) == code] for code in dma_codes]
        per_dma = np.stack([demand[:, :, c].sum(axis=2) for c in columns], axis=2)
        inflow = Simulation.interpolate(per_dma, where)
        base = per_dma[list(RUN_MULTIPLIERS).index(1.0)].mean(axis=0)
        for j, code in enumerate(dma_codes):
            own = self.through_day(np.exp(_ar1(rng, days, 0.5, 0.02)))
            flow = inflow[:, j] * own + BACKGROUND_LEAKAGE * base[j]
            if code == LEAK_DMA:
                flow = flow + self.leak(flow)
            self.put(f"{code}-FT", flow * (1 + rng.normal(0, 0.01, self.n)))

        # The booster runs on a variable-speed drive that keeps T1 near its set level (L-Town's model
        # switches the pump on and off instead): the level is the zone's mass balance against the pump.
        north = inflow[:, dma_codes.index("DMA-06")]
        kernel = np.ones(PER_DAY) / PER_DAY
        mean = np.convolve(np.pad(north, (PER_DAY // 2, PER_DAY - PER_DAY // 2 - 1), mode="edge"), kernel, "valid")
        area = math.pi * (sim.wn.get_node("T1").diameter / 2) ** 2
        setpoint, gain = 3.2, 0.05  # m, share of the level error made good per step
        hours = STEP_S / 3600
        drive = hours / area * (mean - north) + gain * setpoint
        level, _ = lfilter([1.0], [1.0, -(1 - gain)], drive, zi=[(1 - gain) * setpoint])
        pumped = mean + gain * area / hours * (setpoint - level)
        self.put("T1-LT", level + rng.normal(0, 0.005, self.n))
        self.put("PS-N1-RUN", np.ones(self.n))
        frequency = np.clip(30 + 20 * pumped / 50.0, 30, 50)
        self.put("PS-N1-HZ", frequency + rng.normal(0, 0.1, self.n))
        self.put("PS-N1-KW", 18.5 * (frequency / 50) ** 3 * (1 + rng.normal(0, 0.01, self.n)))

        # Network pressure: the runs' head at the point, in MPa.
        pressure = Simulation.interpolate(sim.pressure[:, :, [sim.column[n] for n in self.network_nodes]], where)
        for i in range(len(self.network_nodes)):
            values = pressure[:, i] * MPA_PER_M + rng.normal(0, 0.002, self.n)
            if f"NP-{i + 1:02d}-PT" == STALE_SENSOR:
                values[self.seconds > int((self.now - timedelta(hours=STALE_HOURS)).timestamp())] = np.nan
            self.put(f"NP-{i + 1:02d}-PT", values)
        ends = Simulation.interpolate(sim.pressure[:, :, [sim.column[n] for n in self.end_nodes]], where)
        for i in range(len(self.end_nodes)):
            values = ends[:, i] * MPA_PER_M + rng.normal(0, 0.002, self.n)
            if i == 0:
                self.dips(values)
            self.put(f"NE-{i + 1:02d}-PT", values)
            # Chlorine decays with water age: lower at the ends, at night when water stands, and in summer.
            site = rng.uniform(0.22, 0.32)
            still = np.clip(1 - ratio / ratio.max(), 0, 1)
            chlorine = site - 0.06 * still - 0.06 * self.season + 0.03 * _ar1(rng, self.n, 0.99, 1.0)
            self.put(f"NE-{i + 1:02d}-CL", np.clip(chlorine + rng.normal(0, 0.008, self.n), 0.1, 0.4))

        self.turbidity_spike()
        self.sewage(ratio)

    def leak(self, flow: np.ndarray) -> np.ndarray:
        """The leak's flow: a weep from ~20 days ago, growing slowly, that opened up before the last night."""
        nights = flow[: PLANT_DAYS * PER_DAY].reshape(-1, PER_DAY)
        in_window = (self.hour[:PER_DAY] >= 2) & (self.hour[:PER_DAY] < 4)
        night_flow = float(np.median(nights[-30:, in_window].min(axis=1)))
        start = self.index_at(datetime.combine(self.today - timedelta(days=LEAK_WEEP_DAYS), time(13, 0), self.tz))
        burst = self.index_at(datetime.combine(self.last_night - timedelta(days=1), time(23, 10), self.tz))
        extra = np.zeros(self.n)
        grow = np.arange(self.n - start)
        extra[start:] = night_flow * (0.05 + 0.05 * grow / max(len(grow), 1))
        # The night-flow rule compares a night with the median of the nights before it: a slow weep becomes
        # part of that median; the opening-up is a step it sees.
        extra[burst:] += 0.34 * night_flow
        return extra

    def dips(self, values: np.ndarray):
        """Short dips below 0.14 MPa on hot evenings, when the north zone draws hardest."""
        days = [d for d in self.heat_days if (d - self.heat_days[0]) % 3 == 0][:DIPS] if self.heat_days else []
        shape = np.array([0.45, 0.8, 0.97, 1.0, 0.92, 0.55, 0.2])
        for d in days:
            at = d * PER_DAY + 19 * 4 + int(self.rng.integers(0, 4))
            span = slice(at, at + len(shape))
            bottom = 0.118 + self.rng.uniform(0, 0.01)
            values[span] = values[span] - (values[span] - bottom) * shape

    def turbidity_spike(self):
        """A raw-water turbidity surge the filters could not hold for about two hours."""
        code = f"{TURBIDITY_PLANT}-TU"
        peak = self.index_at(datetime.combine(self.today - timedelta(days=TURBIDITY_DAYS_AGO), time(14, 30), self.tz))
        hours = (np.arange(self.n) - peak) * STEP_S / 3600
        self.series[code] = self.series[code] + 1.4 * np.exp(-((hours / 1.3) ** 2))

    def sewage(self, ratio: np.ndarray):
        """Pump-station inflow: the water used an hour or two earlier, infiltration, and storms."""
        rng = self.rng
        lagged = np.roll(ratio, 6)
        smooth = np.convolve(np.pad(lagged, (4, 4), mode="edge"), np.ones(9) / 9, "valid")
        days = len(self.days)
        storms = np.where(rng.random(days) < 0.12, rng.uniform(0.3, 0.9, days), 0.0)
        # A storm's inflow fades over a few days as the ground drains.
        wet = self.through_day(lfilter([1.0], [1.0, -0.45], storms))
        for station in self.sewage_stations:
            design = float(station.attrs.get("design_m3_per_hour") or 400)
            flow = design * (0.32 * smooth + 0.12) * (1 + wet) * (1 + rng.normal(0, 0.03, self.n))
            # In a storm the station pumps what its pumps can; the rest waits in the sewers.
            self.put(f"{station.code}-FT", np.clip(flow, 0, design * rng.uniform(1.0, 1.1)))

    # -- writing ---------------------------------------------------------------------------------

    def write(self) -> ingest.Report:
        """Time windows across all sensors, each sorted by sensor and time, through the ingest path."""
        sensors = sorted(self.sensors.values(), key=lambda s: s.pk)
        values = np.stack([np.round(self.series[s.code], ROUNDING.get(s.measure, 3)) for s in sensors])
        ids = np.array([s.pk for s in sensors], dtype=np.int64)
        low = np.array([-np.inf if s.valid_min is None else s.valid_min for s in sensors])
        high = np.array([np.inf if s.valid_max is None else s.valid_max for s in sensors])
        report = ingest.Report()
        window = CHUNK_DAYS * PER_DAY
        for a in range(0, self.n, window):
            block = values[:, a : a + window]
            present = ~np.isnan(block)
            if not present.any():
                continue
            shape = block.shape
            seconds = np.broadcast_to(self.seconds[a : a + window], shape)[present]
            v = block[present]
            outside = (v < np.broadcast_to(low[:, None], shape)[present]) | (
                v > np.broadcast_to(high[:, None], shape)[present]
            )
            frame = pd.DataFrame(
                {
                    "sensor_id": np.broadcast_to(ids[:, None], shape)[present],
                    "ts": pd.to_datetime(seconds, unit="s", utc=True),
                    "value": v,
                    "flag": outside.astype(np.int64),
                }
            )
            report.received += len(frame)
            ingest.store_frame(frame, report, evaluate=True, open_tickets=False)
        return report

    def nights(self) -> int:
        """The night-flow check over the last month; only the last night may open a repair ticket."""
        raised = 0
        for back in range(29, -1, -1):
            night = self.last_night - timedelta(days=back)
            raised += alarms.check_night_flow(night, open_tickets=back == 0)[0]
        return raised

    def acknowledge(self) -> int:
        """Most cleared alarms were acknowledged within minutes: by the plant operator or the dispatcher."""
        users = {u.username: u for u in get_user_model().objects.filter(username__in=["dispatcher", "operator"])}
        by_company = {"PROD": users.get("operator") or users.get("dispatcher")}
        done = []
        for alarm in Alarm.objects.filter(cleared_at__isnull=False, acknowledged_at__isnull=True).select_related(
            "company"
        ):
            if self.rng.random() < 0.1:
                continue
            alarm.acknowledged_at = alarm.raised_at + timedelta(minutes=float(self.rng.uniform(2, 25)))
            alarm.acknowledged_by = by_company.get(alarm.company.code, users.get("dispatcher"))
            done.append(alarm)
        Alarm.objects.bulk_update(done, ["acknowledged_at", "acknowledged_by"])
        return len(done)


@demo.part("telemetry", after=("assets", "work"), label="Telemetry history")
def build(ctx):
    alarms.forget()
    history = History(ctx)
    sim = Simulation()
    history.multipliers()
    history.make_sensors(sim)
    history.simulate(sim)
    report = history.write()
    raised = report.alarms_raised + history.nights() + alarms.check_stale(history.now)[0]
    acknowledged = history.acknowledge()
    supply = history.series["WTP-1-FT"] + history.series["WTP-2-FT"]
    daily = supply[: PLANT_DAYS * PER_DAY].reshape(-1, PER_DAY).sum(axis=1) * STEP_S / 3600
    return {
        "sensors": len(history.sensors),
        "readings": report.written,
        "days": DAYS,
        "alarms_raised": raised,
        "alarms_active": Alarm.objects.filter(cleared_at__isnull=True).count(),
        "acknowledged": acknowledged,
        "peak_day_m3": int(daily.max()),
    }
