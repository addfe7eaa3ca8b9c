"""The demo city's networks: L-Town as the supply network, with plants, raw water, DMAs and a sewer network.

L-Town (BattLeDIM 2020, shipped in the ``epyt`` package) is imported as the
supply network and placed in Zhejiang by the documented planar placement.
Around it the demo adds what a water group's register holds: two plants with
their process units and clear-water reservoirs, a raw-water intake and main,
pressure zones and DMAs, isolation valves, hydrants, service points,
secondary-supply units with the buildings they serve, and a sewer network
with pump stations along the same streets. All of it is generated from a
seeded random generator, so every build is the same.
"""

from __future__ import annotations

import math
from datetime import date
from importlib.resources import files

import networkx as nx
import numpy as np
import shapely
from scipy.cluster.vq import kmeans2
from shapely.geometry import MultiPoint, mapping

from shuiwu.assets import services
from shuiwu.assets.choices import (
    Kind,
    Layer,
    ManholeType,
    Material,
    PlantType,
    ProcessUnitType,
    PumpStationType,
    SecondaryUnitType,
    ServicePointType,
    Status,
    System,
    ValveType,
)
from shuiwu.assets.models import DMA, Asset, PressureZone, ServedBuilding
from shuiwu.core import demo
from shuiwu.lib import geo
from shuiwu.org.models import Company

LTOWN = files("epyt") / "networks" / "L-TOWN.inp"

STREETS = [
    "文昌路",
    "南河街",
    "新华路",
    "东湖大道",
    "胜利路",
    "人民路",
    "建设路",
    "解放路",
    "环城西路",
    "梅园路",
    "金桥路",
    "中山路",
    "当湖路",
    "广陈路",
    "三港路",
    "漕兑路",
    "朝阳路",
    "城北路",
    "学前路",
    "长安路",
]
ESTATES = [
    "锦绣",
    "翠湖",
    "阳光",
    "金色",
    "东湖",
    "南苑",
    "丽景",
    "和平",
    "银河",
    "桂花",
    "绿洲",
    "新城",
    "明珠",
    "景苑",
    "嘉禾",
    "春江",
    "枫林",
    "香樟",
    "世纪",
    "滨河",
]
DMA_NAMES = ["城东片区", "城西片区", "城南片区", "老城片区", "新区片区", "北部高区", "南部减压区"]

WATER_PLANT_UNITS = [
    (ProcessUnitType.INTAKE, "取水泵房"),
    (ProcessUnitType.BIO_PRETREATMENT, "生物预处理池"),
    (ProcessUnitType.COAGULATION, "混凝反应池"),
    (ProcessUnitType.SEDIMENTATION, "平流沉淀池"),
    (ProcessUnitType.SAND_FILTER, "V型砂滤池"),
    (ProcessUnitType.CARBON_FILTER, "活性炭滤池"),
    (ProcessUnitType.DOSING_ROOM, "加药间"),
    (ProcessUnitType.SLUDGE, "排泥水处理及刮泥机"),
    (ProcessUnitType.DISTRIBUTION_PUMPING, "送水泵房"),
]
SEWAGE_PLANT_UNITS = [
    (ProcessUnitType.SCREEN, "粗细格栅及沉砂池"),
    (ProcessUnitType.AERATION, "AAO生化池"),
    (ProcessUnitType.SECONDARY_CLARIFIER, "二沉池"),
    (ProcessUnitType.SAND_FILTER, "深度处理滤池"),
    (ProcessUnitType.DISINFECTION, "紫外消毒渠"),
    (ProcessUnitType.SLUDGE, "污泥脱水机房"),
]


class City:
    """Builds the demo assets in planar metres (L-Town's own frame), converted to WGS84 on the way out."""

    def __init__(self, rng, companies: dict[str, Company], placement, model: dict):
        self.rng = rng
        self.companies = companies
        self.placement = placement
        self.model = model
        self.xy = {n["name"]: tuple(n["coordinates"]) for n in model["nodes"]}
        self.links = {lk["name"]: lk for lk in model["links"]}
        self.assets = {
            (a.layer, a.code): a
            for a in Asset.objects.filter(system=System.SUPPLY).only(
                "id", "code", "layer", "kind", "diameter", "length", "elevation", "hydraulic"
            )
        }
        self.graph = nx.Graph()
        for link in model["links"]:
            length = link.get("length") or 1.0
            self.graph.add_edge(
                link["start_node_name"], link["end_node_name"], name=link["name"], type=link["link_type"], length=length
            )
        self.created: dict[str, int] = {}

    # -- geometry helpers ---------------------------------------------------

    def lonlat(self, points):
        xs, ys = zip(*points, strict=True)
        lons, lats = self.placement.to_wgs84(xs, ys)
        return list(zip(lons, lats, strict=True))

    def point(self, x, y):
        return geo.point(*self.lonlat([(x, y)])[0])

    def line(self, points):
        return geo.line(self.lonlat(points))

    def link_path(self, name: str) -> list[tuple[float, float]]:
        link = self.links[name]
        return [
            self.xy[link["start_node_name"]],
            *map(tuple, link.get("vertices") or []),
            self.xy[link["end_node_name"]],
        ]

    def node(self, code):
        return self.assets[(Layer.NODE, code)]

    def link(self, code):
        return self.assets[(Layer.LINK, code)]

    def make(self, kind, system, company, code, geometry, **fields) -> Asset:
        asset = Asset(
            kind=kind,
            system=system,
            company=self.companies[company],
            code=code,
            geometry=geometry,
            status=fields.pop("status", Status.ACTIVE),
            **fields,
        )
        asset.layer = asset.compute_layer()
        asset.set_bbox()
        if kind == Kind.PIPE and asset.length is None:
            asset.length = geo.geometry_length_m(geometry)
        return asset

    def save(self, assets: list[Asset]) -> list[Asset]:
        Asset.objects.bulk_create(assets, batch_size=2000)
        for a in assets:
            self.created[a.kind] = self.created.get(a.kind, 0) + 1
            self.assets[(a.layer, a.code)] = a
        return assets

    # -- the parts ------------------------------------------------------------

    def zones_and_dmas(self):
        """Pressure zones from the network's own control valves and pump; DMAs by clustering each zone."""
        cut = nx.Graph(self.graph)
        cut.remove_edges_from([(u, v) for u, v, d in self.graph.edges(data=True) if d["type"] != "Pipe"])
        components = sorted(nx.connected_components(cut), key=len, reverse=True)
        zone_of = {}
        specs = [("Z-GRAVITY", "重力供水区", None), ("Z-NORTH", "北部增压区", "T1"), ("Z-SOUTH", "南部减压区", "n226")]
        member = {code: set() for code, _, _ in specs}
        for comp in components:
            code = next((c for c, _, key in specs if key and key in comp), "Z-GRAVITY")
            member[code] |= comp
            for n in comp:
                zone_of[n] = code
        zones = {}
        for code, name, _ in specs:
            zones[code] = PressureZone(
                company=self.companies["SUPPLY"],
                code=code,
                name=name,
                system=System.SUPPLY,
                min_pressure_mpa="0.140",
                attrs={"source": "local policy default"},
            )
        # DMAs: five in the gravity zone, one in each of the others.
        dma_nodes: list[tuple[str, str, list[str]]] = []
        gravity = sorted(n for n in member["Z-GRAVITY"] if n.startswith("n"))
        coords = np.array([self.xy[n] for n in gravity])
        np.random.seed(7)
        _, labels = kmeans2(coords, 5, seed=7, minit="++")
        for k in range(5):
            dma_nodes.append(
                (f"DMA-{k + 1:02d}", "Z-GRAVITY", [n for n, lab in zip(gravity, labels, strict=True) if lab == k])
            )
        dma_nodes.append(("DMA-06", "Z-NORTH", sorted(member["Z-NORTH"])))
        dma_nodes.append(("DMA-07", "Z-SOUTH", sorted(member["Z-SOUTH"])))
        dma_nodes.sort(key=lambda item: -len(item[2]))
        taken = None
        polygons = {}
        for code, _, nodes in dma_nodes:
            points = [self.xy[n] for n in nodes]
            for u, v, d in self.graph.edges(nodes, data=True):
                if u in nodes and v in nodes:
                    points.extend(self.link_path(d["name"])[1:-1])
            shape = shapely.concave_hull(MultiPoint(points), ratio=0.3).buffer(45, quad_segs=4)
            if taken is not None:
                shape = shape.difference(taken)
            if shape.geom_type == "MultiPolygon":
                shape = max(shape.geoms, key=lambda g: g.area)
            taken = shape if taken is None else taken.union(shape)
            polygons[code] = shape.simplify(2)
        for code, zone in zones.items():
            parts = [polygons[c] for c, z, _ in dma_nodes if z == code]
            zone.geometry = self._polygon(shapely.union_all(parts).buffer(1))
            zone.save()
        dmas = {}
        names = iter(DMA_NAMES)
        for code, zone_code, nodes in sorted(dma_nodes):
            dma = DMA(
                company=self.companies["SUPPLY"],
                code=code,
                name=next(names),
                zone=zones[zone_code],
                geometry=self._polygon(polygons[code]),
                attrs={"junctions": len(nodes), "night_use_l_per_household_h": 1.7},
            )
            dma.save()
            dmas[code] = dma
            for n in nodes:
                zone_of[n] = zone_code
                self.dma_of[n] = dma
        self.zone_of = {n: zones[z] for n, z in zone_of.items()}
        return zones, dmas

    def _polygon(self, shape):
        if shape.geom_type == "MultiPolygon":
            shape = max(shape.geoms, key=lambda g: g.area)
        ring = list(mapping(shape)["coordinates"][0])
        return geo.polygon(self.lonlat([(x, y) for x, y in ring]))

    def dress_supply(self):
        """DMA, zone, material, install date and names on the imported supply network."""
        rng = self.rng
        centre = np.mean(np.array(list(self.xy.values())), axis=0)
        radius = max(math.dist(centre, p) for p in self.xy.values())
        changed = []
        for (layer, code), asset in list(self.assets.items()):
            if layer == Layer.NODE:
                asset.dma = self.dma_of.get(code)
                asset.zone = self.zone_of.get(code)
            else:
                link = self.links[code]
                start = link["start_node_name"]
                asset.dma = self.dma_of.get(start)
                asset.zone = self.zone_of.get(start)
                if asset.kind == Kind.PIPE:
                    dn = asset.diameter or 100
                    # Older cast iron near the centre, ductile iron for larger mains, PE for small service mains.
                    distance = math.dist(centre, self.xy[start]) / radius
                    year = int(1986 + 36 * distance + rng.uniform(-6, 6))
                    year = max(1978, min(2024, year))
                    if dn < 110:
                        material = Material.PE if rng.random() < 0.7 else Material.PVC
                    elif year < 1998 and rng.random() < 0.6:
                        material = Material.CAST_IRON
                    else:
                        material = Material.DUCTILE_IRON if rng.random() < 0.85 else Material.STEEL
                    asset.material = material
                    asset.install_date = date(year, rng.randint(1, 12), rng.randint(1, 28))
            changed.append(asset)
        Asset.objects.bulk_update(changed, ["dma", "zone", "material", "install_date"], batch_size=2000)
        names = {
            "T1": ("北区高位水池", None),
            "PRV-1": ("一厂出厂减压阀", None),
            "PRV-2": ("二厂出厂减压阀", None),
            "PRV-3": ("南部减压阀", None),
            "PUMP_1": ("北区增压泵1号", None),
        }
        for code, (name, _) in names.items():
            Asset.objects.filter(system=System.SUPPLY, code=code).update(name=name)

    def plants(self):
        specs = [("R1", "WTP-1", "第一水厂", (170, 90)), ("R2", "WTP-2", "第二水厂", (-160, -110))]
        plants = {}
        for reservoir, code, name, (dx, dy) in specs:
            x, y = self.xy[reservoir]
            plant = self.make(
                Kind.PLANT,
                System.SUPPLY,
                "PROD",
                code,
                self.point(x + dx, y + dy),
                name=name,
                subtype=PlantType.WATER,
                node=self.node(reservoir),
                address=f"{STREETS[len(plants)]}1号",
                attrs={"design_capacity_m3_per_day": 100000 if code == "WTP-1" else 60000, "source": "湖泊地表水"},
            )
            self.save([plant])
            units = []
            for i, (unit_type, unit_name) in enumerate(WATER_PLANT_UNITS):
                angle = 2 * math.pi * i / len(WATER_PLANT_UNITS)
                units.append(
                    self.make(
                        Kind.PROCESS_UNIT,
                        System.SUPPLY,
                        "PROD",
                        f"{code}-U{i + 1:02d}",
                        self.point(x + dx + 55 * math.cos(angle), y + dy + 55 * math.sin(angle)),
                        name=f"{name}{unit_name}",
                        subtype=unit_type,
                        parent=plant,
                    )
                )
            self.save(units)
            res = self.node(reservoir)
            Asset.objects.filter(pk=res.pk).update(
                parent=plant,
                company=self.companies["PROD"],
                name=f"{name}清水池",
                attrs={"role": "clear_water_reservoir", "volume_m3": 20000 if code == "WTP-1" else 12000},
            )
            plants[reservoir] = plant
        station = self.make(
            Kind.PUMP_STATION,
            System.SUPPLY,
            "SUPPLY",
            "PS-N1",
            self.point(*self.xy["n54"]),
            name="北区增压泵站",
            subtype=PumpStationType.BOOSTER,
            node=self.node("n54"),
        )
        self.save([station])
        Asset.objects.filter(system=System.SUPPLY, code="PUMP_1").update(parent=station)
        self.plant_assets = plants
        return plants

    def raw_water(self):
        """An intake on the lake south-west of town and a raw-water main to both plants."""
        intake_xy = (-2600.0, -2300.0)
        trunk = [intake_xy, (-1700, -1500), (-700, -700), (150, 150), (self.xy["R2"][0] - 160, self.xy["R2"][1] - 130)]
        branch = [(150, 150), (1200, -150), (2300, 200), (self.xy["R1"][0] + 150, self.xy["R1"][1] + 60)]
        nodes, pipes = [], []
        counter = {"n": 0, "p": 0}
        node_at: dict[tuple, Asset] = {}

        def node(xy):
            key = (round(xy[0], 1), round(xy[1], 1))
            if key not in node_at:
                counter["n"] += 1
                node_at[key] = self.make(
                    Kind.JUNCTION,
                    System.RAW,
                    "RAW",
                    f"RJ-{counter['n']:03d}",
                    self.point(*xy),
                    elevation=round(2.5 + self.rng.uniform(-0.5, 0.5), 2),
                )
                nodes.append(node_at[key])
            return node_at[key]

        segments = []
        for route, dn, material in ((trunk, 1200, Material.PCCP), (branch, 1000, Material.STEEL)):
            for a, b in zip(route, route[1:], strict=False):
                steps = max(1, int(math.dist(a, b) // 450))
                points = [
                    (a[0] + (b[0] - a[0]) * i / steps, a[1] + (b[1] - a[1]) * i / steps) for i in range(steps + 1)
                ]
                for p, q in zip(points, points[1:], strict=False):
                    segments.append((node(p), node(q), dn, material, [p, q]))
        self.save(nodes)
        for start, end, dn, material, path in segments:
            counter["p"] += 1
            pipes.append(
                self.make(
                    Kind.PIPE,
                    System.RAW,
                    "RAW",
                    f"RP-{counter['p']:03d}",
                    self.line(path),
                    start_node=start,
                    end_node=end,
                    diameter=dn,
                    material=material,
                    install_date=date(2009, 6, 30),
                )
            )
        self.save(pipes)
        first = nodes[0]
        self.save(
            [
                self.make(
                    Kind.INTAKE,
                    System.RAW,
                    "RAW",
                    "IN-1",
                    self.point(intake_xy[0] - 60, intake_xy[1] - 40),
                    name="南湖取水口",
                    node=first,
                    attrs={"water_body": "南湖", "design_m3_per_day": 200000},
                ),
                self.make(
                    Kind.PUMP_STATION,
                    System.RAW,
                    "RAW",
                    "PS-RAW1",
                    self.point(intake_xy[0] + 30, intake_xy[1]),
                    name="南湖取水泵站",
                    subtype=PumpStationType.RAW,
                    node=first,
                ),
            ]
        )
        wells = []
        for i, (_reservoir, plant) in enumerate(self.plant_assets.items(), start=1):
            end = min(nodes, key=lambda n: _dist2(n.geometry, plant.geometry))
            wells.append(
                self.make(
                    Kind.METER_WELL,
                    System.RAW,
                    "RAW",
                    f"MW-RAW{i}",
                    end.geometry,
                    name=f"{plant.name}原水进厂计量井",
                    node=end,
                    diameter=1000,
                )
            )
            Asset.objects.filter(pk=plant.pk).update(attrs={**plant.attrs, "raw_inlet_node": end.code})
        self.save(wells)

    def valves_and_hydrants(self):
        rng = self.rng
        valves, hydrants = [], []
        for node, degree in sorted(self.graph.degree()):
            if not node.startswith("n") or degree < 3:
                continue
            edges = sorted(self.graph.edges(node, data=True), key=lambda e: e[2]["name"])
            skip = rng.randrange(len(edges))
            for i, (_, _, data) in enumerate(edges):
                if i == skip or data["type"] != "Pipe":
                    continue
                pipe = self.link(data["name"])
                path = self.link_path(data["name"])
                if path[0] != self.xy[node]:
                    path = path[::-1]
                x, y = _along(path, 4.0)
                dn = pipe.diameter or 100
                valves.append(
                    self.make(
                        Kind.VALVE,
                        System.SUPPLY,
                        "SUPPLY",
                        f"FM-{len(valves) + 1:04d}",
                        self.point(x, y),
                        subtype=ValveType.BUTTERFLY if dn >= 300 else ValveType.GATE,
                        diameter=dn,
                        material=Material.DUCTILE_IRON,
                        pipe=pipe,
                        node=self.node(node),
                        normally_open=rng.random() > 0.01,
                        operable=rng.random() > 0.04,
                        dma=self.dma_of.get(node),
                        zone=self.zone_of.get(node),
                        install_date=date(rng.randint(1990, 2023), rng.randint(1, 12), 1),
                    )
                )
        candidates = [n for n, d in self.graph.degree() if n.startswith("n") and d >= 2]
        for n in sorted(rng.sample(sorted(candidates), k=min(72, len(candidates)))):
            x, y = self.xy[n]
            edge = min(self.graph.edges(n, data=True), key=lambda e: e[2]["name"])
            hydrants.append(
                self.make(
                    Kind.HYDRANT,
                    System.SUPPLY,
                    "SUPPLY",
                    f"XF-{len(hydrants) + 1:03d}",
                    self.point(x + 6, y - 4),
                    name=f"{rng.choice(STREETS)}消防栓",
                    diameter=100,
                    node=self.node(n),
                    pipe=self.link(edge[2]["name"]),
                    dma=self.dma_of.get(n),
                    zone=self.zone_of.get(n),
                    elevation=self.node(n).elevation,
                    attrs={"outlet": "SS100/65-1.0", "style": "地上式"},
                )
            )
        self.save(valves)
        self.save(hydrants)

    def service_points(self):
        rng = self.rng
        demand_nodes = [
            n
            for n in self.model["nodes"]
            if n["node_type"] == "Junction" and sum(d["base_val"] for d in n.get("demand_timeseries_list") or []) > 0
        ]
        critical = {}
        picks = rng.sample(range(len(demand_nodes)), k=17)
        for i, idx in enumerate(picks):
            critical[idx] = (
                ServicePointType.HOSPITAL
                if i < 4
                else ServicePointType.SCHOOL
                if i < 14
                else ServicePointType.CARE_HOME
            )
        labels = {
            ServicePointType.HOSPITAL: "人民医院分院",
            ServicePointType.SCHOOL: "实验学校",
            ServicePointType.CARE_HOME: "颐养院",
        }
        points = []
        for idx, n in enumerate(demand_nodes):
            x, y = n["coordinates"]
            angle = rng.uniform(0, 2 * math.pi)
            daily_m3 = sum(d["base_val"] for d in n["demand_timeseries_list"]) * 86400
            kind = critical.get(idx)
            if kind is None:
                kind = (
                    ServicePointType.RESIDENTIAL
                    if rng.random() < 0.86
                    else ServicePointType.NON_RESIDENTIAL
                    if rng.random() < 0.8
                    else ServicePointType.INDUSTRIAL
                )
            street = rng.choice(STREETS)
            if kind == ServicePointType.RESIDENTIAL:
                name = f"{rng.choice(ESTATES)}{rng.choice(['小区', '花园', '苑', '公寓'])}{rng.randint(1, 30)}幢"
                households = max(4, int(daily_m3 / 0.45))
            else:
                name = f"{street}{labels.get(kind, rng.choice(['商铺', '门店', '厂房', '办公楼']))}"
                households = None
            edge = min(self.graph.edges(n["name"], data=True), key=lambda e: e[2]["name"])
            points.append(
                self.make(
                    Kind.SERVICE_POINT,
                    System.SUPPLY,
                    "SUPPLY",
                    f"SP-{idx + 1:04d}",
                    self.point(x + 14 * math.cos(angle), y + 14 * math.sin(angle)),
                    name=name,
                    subtype=kind,
                    node=self.node(n["name"]),
                    pipe=self.link(edge[2]["name"]),
                    dma=self.dma_of.get(n["name"]),
                    zone=self.zone_of.get(n["name"]),
                    address=f"{CITY_PREFIX}{street}{rng.randint(1, 400)}号",
                    attrs={
                        k: v
                        for k, v in {"households": households, "average_m3_per_day": round(daily_m3, 2)}.items()
                        if v is not None
                    },
                )
            )
        self.save(points)
        self.service_point_list = points

    def secondary_supply(self):
        rng = self.rng
        residential = [p for p in self.service_point_list if p.subtype == ServicePointType.RESIDENTIAL]
        units, buildings = [], []
        for i, point in enumerate(sorted(rng.sample(residential, k=14), key=lambda p: p.code), start=1):
            lon, lat = point.geometry["coordinates"]
            unit_type = rng.choice(
                [SecondaryUnitType.NON_NEGATIVE, SecondaryUnitType.SUPERIMPOSED, SecondaryUnitType.BOOSTER_TANK]
            )
            unit = self.make(
                Kind.SECONDARY_UNIT,
                System.SUPPLY,
                "INSTALL",
                f"EG-{i:03d}",
                geo.point(lon + 0.00012, lat + 0.00008),
                name=f"{point.name.split('幢')[0]}二次供水泵房",
                subtype=unit_type,
                node=point.node,
                dma=point.dma,
                zone=point.zone,
                install_date=date(rng.randint(2008, 2024), rng.randint(1, 12), 1),
                attrs={
                    "pumps": rng.choice([2, 3, 4]),
                    "tank_m3": rng.choice([0, 30, 60, 120]) if unit_type == SecondaryUnitType.BOOSTER_TANK else 0,
                    "last_tank_cleaning": f"2026-{rng.randint(1, 9):02d}-15",
                },
            )
            units.append(unit)
        self.save(units)
        for unit in units:
            for b in range(rng.randint(2, 4)):
                storeys = rng.choice([11, 18, 18, 24, 26, 33])
                buildings.append(
                    ServedBuilding(
                        unit=unit,
                        name=f"{b + 1}号楼",
                        storeys=storeys,
                        floor_from=rng.choice([5, 6, 7]),
                        floor_to=storeys,
                        households=storeys * rng.choice([2, 4, 6]),
                    )
                )
        ServedBuilding.objects.bulk_create(buildings)
        self.created["served_building"] = len(buildings)

    def sewers(self):
        """Manholes beside every supply junction; gravity sewers flowing to six pump stations; force mains."""
        rng = self.rng
        streets = nx.Graph()
        for u, v, d in self.graph.edges(data=True):
            if d["type"] == "Pipe" and u.startswith("n") and v.startswith("n"):
                streets.add_edge(u, v, **d)
        streets = streets.subgraph(max(nx.connected_components(streets), key=len)).copy()
        names = sorted(streets.nodes)
        coords = np.array([self.xy[n] for n in names])
        _, labels = kmeans2(coords, 6, seed=11, minit="++")
        elevation = {n["name"]: n.get("elevation") or 0 for n in self.model["nodes"]}
        stations = []
        for k in range(6):
            members = [n for n, lab in zip(names, labels, strict=True) if lab == k]
            if members:
                stations.append(min(members, key=lambda n: elevation[n]))
        distance, paths = nx.multi_source_dijkstra(streets, stations, weight="length")
        downstream = {n: path[-2] for n, path in paths.items() if len(path) > 1}
        upstream_count = dict.fromkeys(streets.nodes, 0)
        for n in sorted(streets.nodes, key=lambda n: -distance[n]):
            if n in downstream:
                upstream_count[downstream[n]] += upstream_count[n] + 1
        offset = (3.5, 3.5)
        manholes = {}
        for n in names:
            x, y = self.xy[n]
            manholes[n] = self.make(
                Kind.MANHOLE,
                System.SEWER,
                "SEWAGE",
                f"WJ-{len(manholes) + 1:04d}",
                self.point(x + offset[0], y + offset[1]),
                subtype=ManholeType.SEWAGE,
                diameter=1000,
                elevation=round(elevation[n], 2),
                attrs={"depth_m": round(1.6 + distance[n] * 0.0015, 2)},
            )
        self.save(list(manholes.values()))
        pipes = []
        for n, down in sorted(downstream.items()):
            edge = streets.edges[n, down]
            path = self.link_path(edge["name"])
            if path[0] != self.xy[n]:
                path = path[::-1]
            up = upstream_count[n]
            dn = 300 if up < 40 else 400 if up < 120 else 500 if up < 250 else 600
            pipes.append(
                self.make(
                    Kind.PIPE,
                    System.SEWER,
                    "SEWAGE",
                    f"WG-{len(pipes) + 1:04d}",
                    self.line([(x + offset[0], y + offset[1]) for x, y in path]),
                    start_node=manholes[n],
                    end_node=manholes[down],
                    diameter=dn,
                    material=Material.HDPE_CORRUGATED if dn <= 400 else Material.CONCRETE,
                    length=edge["length"],
                    install_date=date(rng.randint(1995, 2022), rng.randint(1, 12), 1),
                    attrs={"slope_permille": round(rng.uniform(1.0, 3.5), 1)},
                )
            )
        self.save(pipes)
        # The sewage treatment plant east of town, its inlet well, outfall and the force mains.
        wwtp_xy = (3700.0, -600.0)
        inlet = self.make(
            Kind.MANHOLE,
            System.SEWER,
            "SEWAGE",
            "WJ-WWTP",
            self.point(wwtp_xy[0] - 80, wwtp_xy[1]),
            name="污水厂进水井",
            subtype=ManholeType.SEWAGE,
            diameter=2000,
            elevation=2.0,
        )
        outfall = self.make(
            Kind.OUTFALL,
            System.SEWER,
            "SEWAGE",
            "OUT-1",
            self.point(wwtp_xy[0] + 260, wwtp_xy[1] - 60),
            name="尾水排放口",
            elevation=1.0,
            attrs={"receiving_water": "东塘河", "standard": "GB 18918-2002 一级A"},
        )
        self.save([inlet, outfall])
        plant = self.make(
            Kind.PLANT,
            System.SEWER,
            "SEWAGE",
            "WWTP-1",
            self.point(*wwtp_xy),
            name="城东污水处理厂",
            subtype=PlantType.SEWAGE,
            node=inlet,
            attrs={"design_capacity_m3_per_day": 80000, "effluent_standard": "GB 18918-2002 1A"},
        )
        self.save([plant])
        units = []
        for i, (unit_type, unit_name) in enumerate(SEWAGE_PLANT_UNITS):
            angle = 2 * math.pi * i / len(SEWAGE_PLANT_UNITS)
            units.append(
                self.make(
                    Kind.PROCESS_UNIT,
                    System.SEWER,
                    "SEWAGE",
                    f"WWTP-1-U{i + 1:02d}",
                    self.point(wwtp_xy[0] + 60 * math.cos(angle), wwtp_xy[1] + 60 * math.sin(angle)),
                    name=f"城东污水处理厂{unit_name}",
                    subtype=unit_type,
                    parent=plant,
                )
            )
        effluent = self.make(
            Kind.PIPE,
            System.SEWER,
            "SEWAGE",
            "WG-OUT",
            self.line([wwtp_xy, (wwtp_xy[0] + 260, wwtp_xy[1] - 60)]),
            start_node=inlet,
            end_node=outfall,
            diameter=1000,
            material=Material.CONCRETE,
            name="尾水排放管",
        )
        self.save(units + [effluent])
        stations_assets, mains, wells = [], [], []
        # Force mains run south to a pressure trunk along the edge of town, then east to the plant.
        trunk_y = min(y for _, y in self.xy.values()) - 220
        trunk_nodes = {}
        for i, n in enumerate(sorted(stations, key=lambda n: self.xy[n][0]), start=1):
            x = self.xy[n][0] + offset[0]
            trunk_nodes[n] = self.make(
                Kind.MANHOLE,
                System.SEWER,
                "SEWAGE",
                f"WJ-YL{i:02d}",
                self.point(x, trunk_y),
                name=f"压力干管{i}号节点",
                subtype=ManholeType.SEWAGE,
                diameter=1500,
                elevation=2.0,
            )
        self.save(list(trunk_nodes.values()))
        ordered = sorted(stations, key=lambda n: self.xy[n][0])
        for i, n in enumerate(ordered, start=1):
            x, y = self.xy[n]
            station = self.make(
                Kind.PUMP_STATION,
                System.SEWER,
                "SEWAGE",
                f"PS-W{i:02d}",
                self.point(x + 12, y - 10),
                name=f"{STREETS[i + 5]}污水泵站",
                subtype=PumpStationType.SEWAGE,
                node=manholes[n],
                attrs={"pumps": 3, "design_m3_per_hour": 400 + 100 * (upstream_count[n] // 100)},
            )
            stations_assets.append(station)
            trunk = trunk_nodes[n]
            mains.append(
                self.make(
                    Kind.PIPE,
                    System.SEWER,
                    "SEWAGE",
                    f"WG-YL{i:02d}",
                    self.line([(x + offset[0], y + offset[1]), (x + offset[0], trunk_y)]),
                    start_node=manholes[n],
                    end_node=trunk,
                    diameter=400,
                    material=Material.DUCTILE_IRON,
                    name=f"{station.name}出水压力管",
                    attrs={"pressure_main": True},
                )
            )
            following = trunk_nodes[ordered[i]] if i < len(ordered) else inlet
            end_xy = (
                (self.xy[ordered[i]][0] + offset[0], trunk_y) if i < len(ordered) else (wwtp_xy[0] - 80, wwtp_xy[1])
            )
            mains.append(
                self.make(
                    Kind.PIPE,
                    System.SEWER,
                    "SEWAGE",
                    f"WG-GG{i:02d}",
                    self.line([(x + offset[0], trunk_y), end_xy]),
                    start_node=trunk,
                    end_node=following,
                    diameter=500 + 100 * min(i, 4),
                    material=Material.DUCTILE_IRON,
                    name="城南污水压力干管",
                    attrs={"pressure_main": True},
                )
            )
            incoming = [p for p in pipes if p.end_node is manholes[n]]
            if incoming:
                biggest = max(incoming, key=lambda p: p.diameter)
                wells.append(
                    self.make(
                        Kind.METER_WELL,
                        System.SEWER,
                        "SEWAGE",
                        f"MW-W{i:02d}",
                        geo.point(*biggest.geometry["coordinates"][-2]),
                        name=f"{station.name}进水流量计井",
                        pipe=biggest,
                        node=manholes[n],
                        diameter=biggest.diameter,
                    )
                )
        self.save(stations_assets)
        self.save(mains + wells)


CITY_PREFIX = "澄湖市"


def _along(path, metres):
    """The point ``metres`` along a polyline from its start."""
    remaining = metres
    for (x1, y1), (x2, y2) in zip(path, path[1:], strict=False):
        seg = math.dist((x1, y1), (x2, y2))
        if seg >= remaining and seg > 0:
            t = remaining / seg
            return x1 + (x2 - x1) * t, y1 + (y2 - y1) * t
        remaining -= seg
    return path[-1]


def _dist2(a: dict, b: dict) -> float:
    (x1, y1), (x2, y2) = a["coordinates"][:2], b["coordinates"][:2]
    return (x1 - x2) ** 2 + (y1 - y2) ** 2


@demo.part("assets", after=("org",), label="Networks and assets")
def build(ctx):
    companies = {c.code: c for c in Company.objects.all()}
    result = services.import_network(str(LTOWN), system=System.SUPPLY, company=companies["SUPPLY"])
    placement = geo.placement_from_dict(result.network.placement)
    city = City(ctx.rng("assets"), companies, placement, result.model)
    city.dma_of = {}
    zones, dmas = city.zones_and_dmas()
    city.dress_supply()
    city.plants()
    city.raw_water()
    city.valves_and_hydrants()
    city.service_points()
    city.secondary_supply()
    city.sewers()
    summary = {
        "supply_nodes": result.network.counts["nodes"],
        "supply_links": result.network.counts["links"],
        "zones": len(zones),
        "dmas": len(dmas),
    }
    summary.update(dict(sorted(city.created.items())))
    summary["km_of_pipe"] = services.network_length_km(Asset.objects.all())
    return summary
