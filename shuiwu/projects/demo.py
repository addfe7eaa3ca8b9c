"""The demo city's capital projects: the installation company's portfolio and the sewage company's works.

About 127 supply projects of the installation company (new mains, a few renewals of real demo pipes,
booster pump rooms) at about 68 % of their work (budget-weighted) with about 35.5 km laid; a sewer
project and a sewage-plant upgrade of the sewage company; some late. New pipes are planned assets in
the register, drawn from junctions of the demo network outwards; handed-over projects' pipes are in
service. Records are written in bulk (the demo needs no change log), from a seeded random generator.
"""

from __future__ import annotations

import math
from datetime import timedelta
from decimal import Decimal

from shuiwu.assets.choices import Kind, Material, System
from shuiwu.assets.choices import Status as AssetStatus
from shuiwu.assets.models import Asset
from shuiwu.core import demo, numbering
from shuiwu.lib import geo
from shuiwu.org.models import Company
from shuiwu.projects import services
from shuiwu.projects.choices import PipeRole, ProjectType, Status
from shuiwu.projects.models import Milestone, ProgressReport, Project, ProjectPipe

SUPPLY_PROJECTS = 127
RENEWALS = 8
BOOSTER_ROOMS = 5
TARGET_PERCENT = 68.0
TARGET_LAID_M = 35_500.0
CONTRACTORS = ["澄湖市水务安装工程有限公司", "浙江禾丰市政建设有限公司", "嘉兴通达管道工程有限公司"]
ROADS = [
    "文昌路",
    "新华路",
    "东湖大道",
    "胜利路",
    "人民路",
    "建设路",
    "解放路",
    "梅园路",
    "金桥路",
    "中山路",
    "当湖路",
    "三港路",
    "朝阳路",
    "城北路",
    "长安路",
    "柳塘路",
]
ESTATES = ["锦绣", "翠湖", "阳光", "丽景", "桂花", "绿洲", "明珠", "香樟", "滨河", "嘉禾", "春江", "枫林"]
DIAMETERS = [(100, 20), (150, 25), (200, 25), (300, 17), (400, 9), (600, 4)]
MILESTONES = ["开工", "管道敷设完成", "试压冲洗消毒", "竣工验收"]


def _pick_dn(rng) -> int:
    return rng.choices([d for d, _ in DIAMETERS], weights=[w for _, w in DIAMETERS])[0]


def _material(dn) -> str:
    return Material.DUCTILE_IRON if dn >= 300 else Material.PE


def _offset(lon, lat, east_m, north_m):
    per_lon, per_lat = geo.metres_per_degree(lat)
    return lon + east_m / per_lon, lat + north_m / per_lat


class Portfolio:
    def __init__(self, rng, today):
        self.rng = rng
        self.today = today
        self.companies = {c.code: c for c in Company.objects.all()}
        self.assets: list[Asset] = []
        self.pending_links: list[tuple[int, Asset, str]] = []  # project index, asset, role
        self.specs: list[dict] = []

    # -- pipes drawn outwards from the network --------------------------------------------------------------------

    def route(self, anchor, length_m, segments):
        lon, lat = anchor.geometry["coordinates"][:2]
        heading = self.rng.uniform(0, 2 * math.pi)
        points = [(lon, lat)]
        for _ in range(segments):
            heading += self.rng.uniform(-0.5, 0.5)
            step = length_m / segments
            lon, lat = _offset(lon, lat, step * math.cos(heading), step * math.sin(heading))
            points.append((lon, lat))
        return points

    def new_asset(self, code, kind, system, company, geometry, status, **fields):
        asset = Asset(kind=kind, system=system, company=company, code=code, geometry=geometry, status=status, **fields)
        asset.layer = asset.compute_layer()
        asset.set_bbox()
        if kind == Kind.PIPE:
            asset.length = round(geo.geometry_length_m(geometry), 1)
        return asset

    def draw(self, index, code, anchor, length_m, dn, system, owner, status, install_date=None):
        """A chain of new pipes from ``anchor`` (an existing node): planned nodes at each bend."""
        segments = self.rng.choice((1, 2, 2, 3))
        points = self.route(anchor, length_m, segments)
        start = anchor
        made = []
        for i in range(segments):
            end = self.new_asset(
                f"{code}-J{i + 1}",
                Kind.MANHOLE if system == System.SEWER else Kind.JUNCTION,
                system,
                owner,
                geo.point(*points[i + 1]),
                status,
                elevation=anchor.elevation,
                hydraulic={} if system == System.SEWER else {"base_demand": 0.0},
                install_date=install_date,
                attrs={"project": code},
            )
            pipe = self.new_asset(
                f"{code}-P{i + 1}",
                Kind.PIPE,
                system,
                owner,
                geo.line([points[i], points[i + 1]]),
                status,
                diameter=float(dn),
                material=Material.HDPE_CORRUGATED if system == System.SEWER else _material(dn),
                install_date=install_date,
                attrs={"project": code},
            )
            pipe._start, pipe._end = start, end
            made.append((end, pipe))
            start = end
        for end, _pipe in made:
            self.assets.append(end)
        for _end, pipe in made:
            self.assets.append(pipe)
            self.pending_links.append((index, pipe, PipeRole.NEW))
        return sum(p.length for _e, p in made)

    def save_assets(self):
        nodes = [a for a in self.assets if a.kind != Kind.PIPE]
        Asset.objects.bulk_create(nodes, batch_size=1000)
        for pipe in (a for a in self.assets if a.kind == Kind.PIPE):
            pipe.start_node_id, pipe.end_node_id = pipe._start.pk, pipe._end.pk
        Asset.objects.bulk_create([a for a in self.assets if a.kind == Kind.PIPE], batch_size=1000)


def _weighted_percent(specs):
    budget = sum(float(s["budget"]) for s in specs)
    return sum(s["percent"] * float(s["budget"]) for s in specs) / budget


def _tune(specs, rng):
    """Scale the open projects' % and metres so the portfolio lands on the seed's headline figures."""
    open_ = [s for s in specs if s["status"] == Status.IN_PROGRESS]
    for _ in range(30):
        now = _weighted_percent(specs)
        if abs(now - TARGET_PERCENT) < 0.05:
            break
        k = 1 + (TARGET_PERCENT - now) / max(now, 1) * 1.5
        for s in open_:
            s["percent"] = min(96.0, max(4.0, s["percent"] * k))
    for s in specs:
        s["percent"] = round(s["percent"], 1)
        if s["status"] in (Status.COMPLETED, Status.HANDED_OVER):
            s["laid"] = s["planned"]
        elif s["status"] == Status.PLANNED:
            s["laid"] = 0.0
    fixed = sum(s["laid"] for s in specs if s["status"] != Status.IN_PROGRESS)
    c = 1.0
    for _ in range(10):  # a few rounds: projects capped at their planned length pass the rest to the others
        for s in open_:
            s["laid"] = round(min(s["planned"], c * s["percent"] / 100 * s["planned"]), 1)
        laid = fixed + sum(s["laid"] for s in open_)
        if abs(laid - TARGET_LAID_M) < 10:
            break
        free = sum(s["laid"] for s in open_ if s["laid"] < s["planned"])
        c *= 1 + (TARGET_LAID_M - laid) / free if free else 1


def _dates(rng, today, status):
    """Planned and actual dates that fit a status; about one open project in six is late."""
    if status == Status.PLANNED:
        start = today + timedelta(days=rng.randint(-20, 60))
        return start, start + timedelta(days=rng.randint(60, 150)), None, None
    if status == Status.IN_PROGRESS:
        start = today - timedelta(days=rng.randint(30, 300))
        late = rng.random() < 0.17
        end = today - timedelta(days=rng.randint(5, 60)) if late else today + timedelta(days=rng.randint(15, 200))
        actual_start = start + timedelta(days=rng.randint(0, 20))
        if actual_start >= today:
            actual_start = today - timedelta(days=1)
        return start, max(end, start + timedelta(days=30)), actual_start, None
    start = today - timedelta(days=rng.randint(200, 420))
    end = start + timedelta(days=rng.randint(90, 180))
    actual_start = start + timedelta(days=rng.randint(0, 15))
    actual_end = min(end + timedelta(days=rng.randint(-20, 40)), today - timedelta(days=rng.randint(5, 40)))
    return start, end, actual_start, max(actual_end, actual_start + timedelta(days=30))


@demo.part("projects", after=("org", "assets", "hydraulics"), label="Capital projects")
def build(ctx):
    rng = ctx.rng("projects")
    today = services.today()
    city = Portfolio(rng, today)
    install = city.companies.get("INSTALL")
    supply = city.companies.get("SUPPLY")
    sewage = city.companies.get("SEWAGE")
    if install is None or supply is None:
        return {"projects": 0}
    anchors = list(
        Asset.objects.filter(
            kind=Kind.JUNCTION, system=System.SUPPLY, status=AssetStatus.ACTIVE, geometry__isnull=False
        ).order_by("id")
    )
    if not anchors:
        return {"projects": 0}

    statuses = [Status.HANDED_OVER] * 36 + [Status.COMPLETED] * 12 + [Status.IN_PROGRESS] * 60 + [Status.PLANNED] * 19
    rng.shuffle(statuses)
    # Renewals stay open: the pipes they replace are still in service.
    kinds = [ProjectType.RENEWAL] * RENEWALS + [ProjectType.BOOSTER_ROOM] * BOOSTER_ROOMS
    kinds += [ProjectType.NEW_MAIN] * (SUPPLY_PROJECTS - len(kinds))
    order = list(range(SUPPLY_PROJECTS))
    open_slots = [i for i in order if statuses[i] in (Status.IN_PROGRESS, Status.PLANNED)]
    renewal_slots = set(open_slots[:RENEWALS])
    other = [i for i in order if i not in renewal_slots]
    type_of = dict.fromkeys(renewal_slots, ProjectType.RENEWAL)
    for i, kind in zip(other, kinds[RENEWALS:], strict=True):
        type_of[i] = kind

    codes = numbering.next_numbers(services.CODE_PREFIX, today.year, SUPPLY_PROJECTS + 2, width=4)
    for i in range(SUPPLY_PROJECTS):
        status = statuses[i]
        kind = type_of[i]
        start, end, actual_start, actual_end = _dates(rng, today, status)
        road = rng.choice(ROADS)
        dn = _pick_dn(rng)
        spec = {
            "code": codes[i],
            "type": kind,
            "status": status,
            "company": install,
            "dates": (start, end, actual_start, actual_end),
            "contractor": rng.choice(CONTRACTORS),
            "planned": 0.0,
        }
        if kind == ProjectType.RENEWAL:
            spec["name"] = f"{road}DN{dn}老旧管网改造工程"
        elif kind == ProjectType.BOOSTER_ROOM:
            spec["name"] = f"{rng.choice(ESTATES)}小区二次供水泵房改造工程"
            dn = 150
        else:
            spec["name"] = rng.choice(
                [
                    f"{road}DN{dn}给水管新建工程",
                    f"{rng.choice(ESTATES)}苑供水配套工程",
                    f"{road}延伸段DN{dn}给水管道工程",
                ]
            )
        spec["address"] = f"{road}"
        handed = status == Status.HANDED_OVER
        if kind == ProjectType.RENEWAL:
            spec["renewal"] = True
        else:
            length = rng.uniform(60, 120) if kind == ProjectType.BOOSTER_ROOM else rng.uniform(180, 700)
            spec["planned"] = city.draw(
                i,
                codes[i],
                rng.choice(anchors),
                length,
                dn,
                System.SUPPLY,
                supply,
                AssetStatus.ACTIVE if handed else AssetStatus.PLANNED,
                install_date=actual_end if handed else None,
            )
        spec["dn"] = dn
        city.specs.append(spec)

    # The sewage company's works, built by the installation company as contractor.
    manholes = list(
        Asset.objects.filter(kind=Kind.MANHOLE, system=System.SEWER, status=AssetStatus.ACTIVE).order_by("id")[:500]
    )
    if sewage is not None:
        start = today - timedelta(days=240)
        sewer = {
            "code": codes[-2],
            "type": ProjectType.SEWER,
            "status": Status.IN_PROGRESS,
            "company": sewage,
            "name": "城北片区污水管网完善工程",
            "address": "城北路",
            "contractor": CONTRACTORS[0],
            "dates": (start, today - timedelta(days=20), start + timedelta(days=10), None),
            "planned": 0.0,
            "dn": 500,
            "percent": 45.0,
        }
        if manholes:
            for j in range(3):
                sewer["planned"] += city.draw(
                    len(city.specs),
                    f"{codes[-2]}-{j + 1}",
                    rng.choice(manholes),
                    rng.uniform(250, 450),
                    rng.choice((400, 500, 600)),
                    System.SEWER,
                    sewage,
                    AssetStatus.PLANNED,
                )
        city.specs.append(sewer)
        start = today - timedelta(days=300)
        city.specs.append(
            {
                "code": codes[-1],
                "type": ProjectType.PLANT_WORKS,
                "status": Status.IN_PROGRESS,
                "company": sewage,
                "name": "城市污水处理厂提标改造工程（准IV类）",
                "address": "污水处理厂",
                "contractor": CONTRACTORS[0],
                "dates": (start, today + timedelta(days=120), start + timedelta(days=14), None),
                "planned": 0.0,
                "dn": 0,
                "percent": 55.0,
                "budget": Decimal("46800000.00"),
            }
        )
    city.save_assets()

    # Renewals: real active pipes of the demo network, each project a run of neighbouring pipes.
    renewal_specs = [s for s in city.specs if s.get("renewal")]
    candidates = list(
        Asset.objects.filter(kind=Kind.PIPE, system=System.SUPPLY, status=AssetStatus.ACTIVE, diameter__gte=100)
        .exclude(attrs__has_key="project")
        .order_by("id")
        .values("id", "start_node_id", "end_node_id", "length", "diameter")
    )
    by_node: dict[int, list[dict]] = {}
    for c in candidates:
        by_node.setdefault(c["start_node_id"], []).append(c)
        by_node.setdefault(c["end_node_id"], []).append(c)
    used: set[int] = set()
    renewal_pipes: dict[str, list[int]] = {}
    for spec in renewal_specs:
        seed = rng.choice(candidates)
        while seed["id"] in used:
            seed = rng.choice(candidates)
        run = [seed]
        used.add(seed["id"])
        node = seed["end_node_id"]
        while len(run) < rng.randint(3, 6):
            nxt = [c for c in by_node.get(node, []) if c["id"] not in used]
            if not nxt:
                break
            pick = nxt[0]
            run.append(pick)
            used.add(pick["id"])
            node = pick["end_node_id"] if pick["start_node_id"] == node else pick["start_node_id"]
        renewal_pipes[spec["code"]] = [c["id"] for c in run]

    # Budgets from the unit costs by DN, with some spread.
    for spec in city.specs:
        if "budget" in spec:
            continue
        if spec["type"] == ProjectType.BOOSTER_ROOM:
            spec["budget"] = Decimal(rng.randint(60, 160) * 10000)
        elif spec.get("renewal"):
            spec["budget"] = Decimal("0")  # filled in below from the renewed pipes
        else:
            cost = services.unit_cost(spec["dn"]) * Decimal(str(round(spec["planned"], 1)))
            spec["budget"] = (cost * Decimal(str(round(rng.uniform(0.9, 1.25), 2)))).quantize(Decimal("1000"))
        # Fractions of done work: started projects spread over 10–95 %.
        if "percent" not in spec:
            spec["percent"] = {
                Status.HANDED_OVER: 100.0,
                Status.COMPLETED: 100.0,
                Status.PLANNED: 0.0,
            }.get(spec["status"], rng.uniform(10, 92))
    projects = []
    for spec in city.specs:
        start, end, actual_start, actual_end = spec["dates"]
        projects.append(
            Project(
                company=spec["company"],
                code=spec["code"],
                name=spec["name"],
                type=spec["type"],
                status=spec["status"],
                contractor=spec["contractor"],
                address=spec["address"],
                budget=spec["budget"],
                planned_start=start,
                planned_end=end,
                actual_start=actual_start,
                actual_end=actual_end,
                planned_m=round(spec["planned"], 1),
                handed_over_on=(actual_end + timedelta(days=rng.randint(3, 25)))
                if spec["status"] == Status.HANDED_OVER
                else None,
                source="",
            )
        )
    for p in projects:
        if p.handed_over_on and p.handed_over_on > today:
            p.handed_over_on = today
    Project.objects.bulk_create(projects)
    by_code = {p.code: p for p in Project.objects.filter(code__in=[s["code"] for s in city.specs])}
    links = [
        ProjectPipe(project=by_code[city.specs[index]["code"]], asset=asset, role=role)
        for index, asset, role in city.pending_links
    ]
    ProjectPipe.objects.bulk_create(links)

    # Renewal projects: new planned pipes along the old routes, through the service (few pipes).
    for spec in renewal_specs:
        project = by_code[spec["code"]]
        old = list(Asset.objects.filter(pk__in=renewal_pipes[spec["code"]]).select_related("start_node", "end_node"))
        for n, a in enumerate(old, start=1):
            ProjectPipe.objects.create(project=project, asset=a, role=PipeRole.REPLACED)
            new = Asset(
                kind=Kind.PIPE,
                system=a.system,
                company=a.company,
                code=f"{project.code}-P{n}",
                name=f"{a.code}改造",
                status=AssetStatus.PLANNED,
                start_node=a.start_node,
                end_node=a.end_node,
                geometry=a.geometry,
                diameter=float(max(a.diameter or 100, spec["dn"] if spec["dn"] <= 300 else 150)),
                material=_material(a.diameter or 100),
                dma_id=a.dma_id,
                zone_id=a.zone_id,
                attrs={"project": project.code, "replaces": a.code},
            )
            new.fill_derived()
            Asset.objects.bulk_create([new])
            ProjectPipe.objects.create(project=project, asset=new, role=PipeRole.NEW)
            spec["planned"] += new.length or 0
            spec["budget"] += services.unit_cost(new.diameter) * Decimal(str(round(new.length or 0, 1)))
        spec["budget"] = spec["budget"].quantize(Decimal("1000"))
        project.planned_m = round(spec["planned"], 1)
        project.budget = spec["budget"]
        project.source = "管网风险评估"
        Project.objects.filter(pk=project.pk).update(
            planned_m=project.planned_m, budget=project.budget, source=project.source
        )

    supply_specs = [s for s in city.specs if s["company"] == install]
    _tune(supply_specs, rng)
    for s in city.specs:
        if s["company"] != install:
            s["laid"] = round(s["planned"] * s["percent"] / 100 * 0.9, 1)

    # Reports month by month up to each project's figure; milestones along the planned dates.
    reports, milestones, updates = [], [], []
    laid_links = []
    for spec in city.specs:
        project = by_code[spec["code"]]
        start, end, actual_start, actual_end = spec["dates"]
        percent, laid = spec["percent"], spec["laid"]
        spend_ratio = rng.uniform(0.88, 1.05)
        spent = (spec["budget"] * Decimal(str(percent / 100 * spend_ratio))).quantize(Decimal("0.01"))
        if percent > 0 and actual_start is not None:
            last_day = actual_end or today - timedelta(days=rng.randint(0, 12))
            last_day = max(last_day, actual_start)
            steps = max(1, min(8, (last_day - actual_start).days // 30))
            for k in range(1, steps + 1):
                share = k / steps
                day = actual_start + (last_day - actual_start) * k / steps
                reports.append(
                    ProgressReport(
                        project=project,
                        reported_on=day,
                        percent=Decimal(str(round(percent * share, 1))) if k < steps else Decimal(str(percent)),
                        laid_m=round(laid * share, 1),
                        spent=(spent * Decimal(str(share))).quantize(Decimal("0.01")),
                        note="月度进度" if k < steps else ("竣工" if percent >= 100 else "月度进度"),
                    )
                )
        project.progress_percent = Decimal(str(percent))
        project.laid_m = laid
        project.spent = spent if percent > 0 else Decimal("0")
        updates.append(project)
        for k, name in enumerate(
            MILESTONES
            if spec["type"] != ProjectType.PLANT_WORKS
            else ["开工", "主体结构完成", "设备安装调试", "竣工验收"]
        ):
            planned_on = start + (end - start) * (k / (len(MILESTONES) - 1))
            share = k / (len(MILESTONES) - 1)
            done = percent >= 100 or (percent > 0 and share * 100 <= percent - 10)
            done_on = None
            if done and actual_start is not None:
                done_on = min(today, (actual_start + ((actual_end or today) - actual_start) * share))
            milestones.append(
                Milestone(project=project, order=k + 1, name=name, planned_on=planned_on, done_on=done_on)
            )
        # New pipes laid so far: all of a finished project, the first ones of an open one by length.
        if laid > 0:
            running = 0.0
            for link in project.pipes.filter(role=PipeRole.NEW).select_related("asset").order_by("id"):
                if running + (link.asset.length or 0) <= laid + 0.5:
                    running += link.asset.length or 0
                    link.laid_on = actual_end or today - timedelta(days=rng.randint(5, 60))
                    if actual_start and link.laid_on < actual_start:
                        link.laid_on = actual_start
                    laid_links.append(link)
    ProgressReport.objects.bulk_create(reports, batch_size=1000)
    Milestone.objects.bulk_create(milestones, batch_size=1000)
    Project.objects.bulk_update(updates, ["progress_percent", "laid_m", "spent"], batch_size=500)
    ProjectPipe.objects.bulk_update(laid_links, ["laid_on"], batch_size=500)

    headline = services.figures(Project.objects.filter(company=install))
    return {
        "projects": len(city.specs),
        "installation_projects": headline["projects"],
        "percent_done": headline["percent_done"],
        "km_laid": headline["km_laid"],
        "km_planned": headline["km_planned"],
        "late": headline["late"],
    }
