"""Six months of patrols and inspections in the demo city, for every plan type.

The supply company's patrol teams walk two network routes every day, check hydrants weekly and exercise
valves monthly; the installation company inspects its secondary-supply pump rooms weekly and cleans the tanks
every six months; the plant shifts walk every process unit every two hours; the sewage company patrols its
sewers, inspects pump stations and dredges. Answers, GPS tracks, findings (some raised as repair tickets),
and a few illegal-use cases with fees are generated from a seeded generator and written in bulk.
"""

from __future__ import annotations

import math
from datetime import datetime, timedelta
from decimal import Decimal

import networkx as nx
from django.utils import timezone

from shuiwu.assets.choices import Kind, System
from shuiwu.assets.models import Asset
from shuiwu.core import demo
from shuiwu.core.models import Sequence
from shuiwu.inspections import services
from shuiwu.inspections.choices import FindingStatus, ItemKind, PlanType, RoundStatus, ViolationStatus
from shuiwu.inspections.defaults import FREQUENCIES
from shuiwu.inspections.models import (
    Answer,
    Checklist,
    Checkpoint,
    Finding,
    Plan,
    Round,
    TrackPoint,
    Violation,
    Visit,
)
from shuiwu.lib import geo
from shuiwu.org.models import Team

DAYS = 181
PARTIES = ["某建筑工地", "某洗车店", "某绿化公司", "某混凝土搅拌站", "某餐饮店", "某养殖户"]


class Inspections:
    def __init__(self, ctx):
        self.rng = ctx.rng("inspections")
        self.now = timezone.now()
        self.today = timezone.localdate()
        self.start = self.today - timedelta(days=DAYS)
        self.teams = {(t.company.code, t.code): t for t in Team.objects.select_related("company")}
        self.checklists = {c.plan_type: c for c in Checklist.objects.prefetch_related("items")}
        self.plans: list[Plan] = []

    # -- plans ----------------------------------------------------------------------------

    def plan(
        self,
        company,
        team,
        code,
        name,
        plan_type,
        *,
        route=(),
        checkpoints=(),
        facility=None,
        target_km=None,
        window=None,
        grace_hours=None,
    ):
        every, unit, start_hour, end_hour, local, source = FREQUENCIES[plan_type]
        if window:
            start_hour, end_hour = window
        plan = Plan.objects.create(
            company=self.teams[(company, team)].company,
            code=code,
            name=name,
            plan_type=plan_type,
            team=self.teams[(company, team)],
            checklist=self.checklists[plan_type],
            every=every,
            unit=unit,
            window_start=start_hour,
            window_end=end_hour,
            start_date=self.start,
            local_policy=local,
            source=source,
            facility=facility,
            target_km=target_km,
            grace_hours=grace_hours,
        )
        plan.route.set(route)
        Checkpoint.objects.bulk_create([Checkpoint(plan=plan, asset=a, order=i) for i, a in enumerate(checkpoints)])
        self.plans.append(plan)
        return plan

    def routes(self, system, company_pipes_filter, parts):
        """Split a network's pipes into ``parts`` connected routes, each in walking order."""
        pipes = [
            p
            for p in Asset.objects.filter(kind=Kind.PIPE, system=system, **company_pipes_filter).order_by("code")
            if not p.attrs.get("pressure_main")
        ]
        graph = nx.Graph()
        for p in pipes:
            graph.add_edge(p.start_node_id, p.end_node_id, pipe=p)
        order = [graph.edges[u, v]["pipe"] for u, v in nx.dfs_edges(graph, source=min(graph.nodes))]
        seen = {p.pk for p in order}
        order += [p for p in pipes if p.pk not in seen]
        size = math.ceil(len(order) / parts)
        return [order[i * size : (i + 1) * size] for i in range(parts)]

    def make_plans(self):
        supply_routes = self.routes(System.SUPPLY, {"company__code": "SUPPLY"}, 2)
        self.plan("SUPPLY", "PATROL1", "NP-N", "管网巡查（城北线）", PlanType.NETWORK_PATROL, route=supply_routes[0])
        self.plan("SUPPLY", "PATROL2", "NP-S", "管网巡查（城南线）", PlanType.NETWORK_PATROL, route=supply_routes[1])
        raw = list(Asset.objects.filter(kind=Kind.PIPE, system=System.RAW).order_by("code"))
        raw_plan = self.plan("RAW", "RAWPATROL", "NP-RAW", "原水管线巡查", PlanType.NETWORK_PATROL, route=raw)
        raw_plan.every, raw_plan.unit = 1, "weeks"
        raw_plan.save()
        hydrants = list(Asset.objects.filter(kind=Kind.HYDRANT).order_by("code"))
        self.plan("SUPPLY", "PATROL2", "HY-1", "消火栓及取水点巡查", PlanType.HYDRANT_CHECK, checkpoints=hydrants[:36])
        self.plan(
            "SUPPLY", "PATROL1", "HY-2", "消火栓及取水点巡查（二）", PlanType.HYDRANT_CHECK, checkpoints=hydrants[36:]
        )
        valves = list(Asset.objects.filter(kind=Kind.VALVE, subtype__in=["gate", "butterfly"]).order_by("code"))
        self.plan(
            "SUPPLY",
            "PATROL2",
            "VX-1",
            "阀门巡检启闭",
            PlanType.VALVE_EXERCISE,
            checkpoints=self.rng.sample(valves, 40),
        )
        units = list(Asset.objects.filter(kind=Kind.SECONDARY_UNIT).order_by("code"))
        self.plan("INSTALL", "SECONDARY", "SS-W", "二次供水泵房周检", PlanType.SECONDARY_SUPPLY, checkpoints=units)
        self.plan(
            "INSTALL",
            "SECONDARY",
            "SS-TANK",
            "二次供水水箱清洗消毒",
            PlanType.TANK_CLEANING,
            checkpoints=units,
            grace_hours=24 * 30,
        )
        for code, team in (("WTP-1", "SHIFT1"), ("WTP-2", "SHIFT3")):
            plant = Asset.objects.get(code=code)
            self.plan(
                "PROD", team, f"PR-{code}", f"{plant.name}工艺巡检（每2小时）", PlanType.PLANT_ROUND, facility=plant
            )
        sewer_route = self.routes(System.SEWER, {}, 1)[0]
        self.plan("SEWAGE", "SEWER1", "SP-1", "排水管网巡查", PlanType.SEWER_PATROL, route=sewer_route[:160])
        stations = list(Asset.objects.filter(kind=Kind.PUMP_STATION, system=System.SEWER).order_by("code"))
        self.plan("SEWAGE", "PUMPS", "PS-W", "污水泵站周检", PlanType.PUMP_STATION, checkpoints=stations)
        self.plan(
            "SEWAGE",
            "SEWER2",
            "DR-1",
            "排水管道疏通（月度）",
            PlanType.DREDGING,
            target_km=Decimal("3.4"),
            checkpoints=list(Asset.objects.filter(kind=Kind.MANHOLE).order_by("code")[:1]),
        )

    # -- history --------------------------------------------------------------------------

    def history(self):
        """Every round of the six months, built in memory with its answers and track, then written once."""
        rounds, answers, visits, points, outcomes = [], [], [], [], []
        tolerance = 30.0
        keep_tracks_since = self.now - timedelta(days=30)
        for plan in self.plans:
            checkpoints = services.checkpoint_assets(plan)
            items = list(plan.checklist.items.all())
            route = list(plan.route.all().order_by("code"))
            lines = [p.geometry["coordinates"] for p in route if p.geometry]
            km = services.planned_km(plan)
            for t in services.occurrences(plan, self.start, self.today + timedelta(days=1)):
                r = Round(
                    company_id=plan.company_id,
                    plan=plan,
                    team_id=plan.team_id,
                    scheduled_for=t,
                    due_by=t + services.grace(plan),
                    planned_km=km,
                    checkpoints_planned=len(checkpoints),
                )
                rounds.append(r)
                if t <= self.now:
                    self.walk(
                        r,
                        plan,
                        checkpoints,
                        items,
                        route,
                        lines,
                        tolerance,
                        keep_tracks_since,
                        answers,
                        visits,
                        points,
                        outcomes,
                    )
        Round.objects.bulk_create(rounds, batch_size=2000)
        Visit.objects.bulk_create(visits, batch_size=5000)
        Answer.objects.bulk_create(answers, batch_size=5000)
        TrackPoint.objects.bulk_create(points, batch_size=5000)
        walked = sum(1 for r in rounds if r.status == RoundStatus.DONE)
        return walked, len(answers), len(points), self.findings(outcomes)

    def walk(
        self, r, plan, checkpoints, items, route, lines, tolerance, keep_tracks_since, answers, visits, points, outcomes
    ):
        rng = self.rng
        hours_ago = (self.now - r.scheduled_for).total_seconds() / 3600
        if hours_ago < 6 and plan.unit != "hours" and rng.random() < 0.5:
            r.status, r.started_at, r.crew_size = (
                RoundStatus.IN_PROGRESS,
                r.scheduled_for + timedelta(minutes=10),
                rng.randint(2, 3),
            )
            return
        if r.due_by < self.now and rng.random() < 0.025:
            r.status = RoundStatus.OVERDUE  # missed
            return
        if r.due_by > self.now and rng.random() < 0.3:
            return  # not started yet, still within its time
        start = r.scheduled_for + timedelta(minutes=rng.randint(0, 40))
        r.started_at, r.crew_size = start, (1 if plan.plan_type == PlanType.PLANT_ROUND else rng.randint(2, 3))
        at = start
        done = skipped = 0
        for asset in checkpoints:
            at += timedelta(minutes=rng.uniform(2, 12))
            if rng.random() < 0.03:
                visits.append(Visit(round=r, asset=asset, at=at, skipped=True, reason="现场无法进入"))
                skipped += 1
                continue
            visits.append(Visit(round=r, asset=asset, at=at))
            done += 1
            for item in items:
                value = self.answer_value(plan, item, asset)
                if value is None:
                    continue
                fields, out = services.judge(item, value)
                answer = Answer(round=r, asset=asset, item=item, out_of_limits=out, at=at, **fields)
                answers.append(answer)
                if out:
                    outcomes.append((r, asset, item, answer, at))
        if route:
            track = self.track(route, start)
            covered, total = geo.covered_length(lines, [(x, y) for _, x, y in track], tolerance)
            r.covered_km = Decimal(str(round(covered / 1000, 3)))
            r.coverage_percent = Decimal(str(round(100 * covered / total, 1))) if total else None
            r.track_km = Decimal(str(round(geo.track_length_m([(x, y) for _, x, y in track]) / 1000, 3)))
            if start >= keep_tracks_since:  # older raw tracks are pruned; their figures stay on the round
                points.extend(TrackPoint(round=r, t=t, lon=lon, lat=lat, accuracy=5) for t, lon, lat in track)
            if track:
                at = max(at, track[-1][0])
        r.checkpoints_done, r.checkpoints_skipped = done, skipped
        r.finished_at = at + timedelta(minutes=rng.randint(5, 30))
        r.finished_late = r.finished_at > r.due_by
        r.status = RoundStatus.DONE
        if plan.plan_type == PlanType.DREDGING:
            r.dredged_km = Decimal(str(round(rng.uniform(2.8, 4.0), 3)))

    def answer_value(self, plan, item, asset):
        """A believable answer; rarely out of limits (the seed's 28 secondary-supply faults in a half year)."""
        rng = self.rng
        bad = {
            PlanType.SECONDARY_SUPPLY: 0.012,
            PlanType.PLANT_ROUND: 0.0008,
            PlanType.NETWORK_PATROL: 0.0015,
            PlanType.HYDRANT_CHECK: 0.002,
            PlanType.VALVE_EXERCISE: 0.01,
            PlanType.SEWER_PATROL: 0.0015,
            PlanType.PUMP_STATION: 0.01,
            PlanType.TANK_CLEANING: 0.02,
            PlanType.DREDGING: 0,
        }[plan.plan_type]
        wrong = rng.random() < bad
        if item.kind == ItemKind.YES_NO:
            ok = item.expected if item.expected is not None else False
            return (not ok) if wrong else ok
        if item.kind == ItemKind.CHOICE:
            good = [c for c in item.choices if c not in item.bad_choices]
            return rng.choice(item.bad_choices) if wrong and item.bad_choices else good[0]
        if item.kind == ItemKind.NUMBER:
            if plan.plan_type == PlanType.PLANT_ROUND and item.unit not in ("NTU", "mg/L", "m"):
                return None
            if (
                plan.plan_type == PlanType.PLANT_ROUND
                and item.unit == "NTU"
                and asset.subtype not in ("sand_filter", "carbon_filter", "clear_water_reservoir", "")
            ):
                return None
            if (
                plan.plan_type == PlanType.PLANT_ROUND
                and item.unit == "mg/L"
                and asset.subtype != "distribution_pumping"
            ):
                return None
            if plan.plan_type == PlanType.PLANT_ROUND and item.unit == "m":
                return None
            low = float(item.min_value) if item.min_value is not None else None
            high = float(item.max_value) if item.max_value is not None else None
            if wrong and high is not None:
                return round(high * 1.6, 3)
            if wrong and low:
                return round(low * 0.7, 3)
            if low is not None and high is not None:
                return round(rng.uniform(low + (high - low) * 0.2, high - (high - low) * 0.2), 3)
            if high is not None:
                return round(high * rng.uniform(0.1, 0.6), 3)
            if low is not None:
                return round(low * rng.uniform(1.3, 2.5) if low else rng.uniform(1, 10), 3)
            return round(rng.uniform(1, 5), 2)
        return None  # notes and photos are left empty in the demo

    def track(self, route, start: datetime):
        """A patroller's e-bike along the route: a fix about every 100 m, a few streets missed."""
        rng = self.rng
        out, t = [], start
        for pipe in route:
            if rng.random() < 0.07:
                continue
            coords = pipe.geometry["coordinates"]
            length = pipe.length or geo.line_length_m(coords)
            steps = max(1, int(length // 150))
            for i in range(steps):
                f = i / steps
                x = coords[0][0] + (coords[-1][0] - coords[0][0]) * f
                y = coords[0][1] + (coords[-1][1] - coords[0][1]) * f
                t += timedelta(seconds=max(5.0, length / steps / 4.0))
                out.append((t, x + rng.uniform(-0.00004, 0.00004), y + rng.uniform(-0.00004, 0.00004)))
        return out

    def findings(self, outcomes) -> int:
        rng = self.rng
        made = []
        for r, asset, item, answer, at in outcomes:
            lon, lat = asset.centre or (None, None)
            made.append(
                Finding(
                    company_id=r.company_id,
                    round=r,
                    answer=answer,
                    kind=item.finding_kind,
                    asset=asset,
                    lon=lon,
                    lat=lat,
                    reported_at=at,
                    status=FindingStatus.CLOSED,
                    description=f"{item.label}: {answer.display}" + (f" ({item.limits})" if item.limits else ""),
                )
            )
        Finding.objects.bulk_create(made, batch_size=2000)
        # The recent ones are still open; some were raised as repair tickets.
        recent = [f for f in made if self.now - f.reported_at < timedelta(days=10)]
        for finding in recent:
            finding.status = FindingStatus.OPEN
        Finding.objects.bulk_update(recent, ["status"])
        for finding in rng.sample(recent, k=min(4, len(recent))):
            services.raise_ticket(finding, user=None)
        self.violations(made)
        return len(made)

    def violations(self, findings):
        """Illegal water use found by the patrols: cases with a party, an estimated volume and a fee."""
        rng = self.rng
        illegal = [f for f in findings if f.kind == "illegal_use"]
        hydrants = list(Asset.objects.filter(kind=Kind.HYDRANT).order_by("code"))
        patrol_rounds = list(
            Round.objects.filter(plan__plan_type=PlanType.HYDRANT_CHECK, status=RoundStatus.DONE).order_by(
                "scheduled_for"
            )
        )
        while len(illegal) < 6 and patrol_rounds:
            r = rng.choice(patrol_rounds)
            hydrant = rng.choice(hydrants)
            lon, lat = hydrant.centre
            illegal.append(
                Finding.objects.create(
                    company_id=r.company_id,
                    round=r,
                    kind="illegal_use",
                    asset=hydrant,
                    lon=lon,
                    lat=lat,
                    reported_at=r.finished_at or r.scheduled_for,
                    status=FindingStatus.CLOSED,
                    description="消火栓私接软管取水",
                )
            )
        cases = []
        for counter, finding in enumerate(sorted(illegal, key=lambda f: f.reported_at)[:8], start=1):
            volume = Decimal(str(rng.randint(20, 400)))
            fee = (volume * Decimal("5.00") * 3).quantize(Decimal("0.01"))
            settled = self.now - finding.reported_at > timedelta(days=20)
            cases.append(
                Violation(
                    company_id=finding.company_id,
                    finding=finding,
                    party=rng.choice(PARTIES),
                    party_phone=f"1700000{rng.randint(0, 9999):04d}",
                    address=finding.asset.address if finding.asset else "",
                    description=finding.description,
                    estimated_volume_m3=volume,
                    fee=fee,
                    fee_paid=fee if settled else Decimal("0.00"),
                    status=ViolationStatus.SETTLED if settled else ViolationStatus.INVESTIGATING,
                    opened_at=finding.reported_at,
                    closed_at=finding.reported_at + timedelta(days=15) if settled else None,
                    number=f"WG-{timezone.localtime(finding.reported_at).year}-{counter:06d}",
                )
            )
        Violation.objects.bulk_create(cases)
        years = {}
        for case in cases:
            year = int(case.number.split("-")[1])
            years[year] = max(years.get(year, 0), int(case.number.rsplit("-", 1)[1]))
        for year, value in years.items():
            Sequence.objects.update_or_create(name=f"WG-{year}", defaults={"value": value})


@demo.part("inspections", after=("assets", "work"), label="Patrols and inspections")
def build(ctx):
    demo_ = Inspections(ctx)
    demo_.make_plans()
    rounds, answers, points, findings = demo_.history()
    services.mark_overdue()
    return {
        "plans": len(demo_.plans),
        "rounds": Round.objects.count(),
        "rounds_walked": rounds,
        "answers": answers,
        "track_points": points,
        "findings": findings,
        "violations": Violation.objects.count(),
    }
