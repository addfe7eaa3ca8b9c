"""Six months of the repair centre in the demo city: calls, work orders, crews and outages.

A summer peak (July and August, with heat waves) brings many low-pressure calls, mostly in the pumped
northern zone; a few mains burst and cut supply; sewers block after storms. Most orders meet their
deadlines, some do not; the last day's orders are still open in every state, so the board is alive.
Everything is drawn from a seeded generator and written in bulk.
"""

from __future__ import annotations

import math
from datetime import datetime, time, timedelta

from django.db.models import Q
from django.utils import timezone

from shuiwu.assets.choices import Kind, System
from shuiwu.assets.models import Asset
from shuiwu.core import demo
from shuiwu.core.models import Sequence
from shuiwu.org.choices import TeamKind
from shuiwu.org.models import Company, Team
from shuiwu.work import services
from shuiwu.work.choices import (
    DEFAULT_PRIORITY,
    SEWER_CATEGORIES,
    Category,
    Cause,
    Channel,
    OrderType,
    OutageKind,
    OutageStatus,
    Priority,
    State,
    TicketStatus,
)
from shuiwu.work.models import CrewStatus, SLAPolicy, Ticket, WorkOrder, WorkOrderEvent

DAYS = 181
HEAT_WAVES = [(38, 6), (52, 9), (70, 5)]  # (days after the start, length in days)

# Share of calls by category outside and during the summer peak.
MIX_NORMAL = {
    Category.LOW_PRESSURE: 10,
    Category.VISIBLE_LEAK: 16,
    Category.NO_WATER: 8,
    Category.MAIN_BURST: 1,
    Category.WATER_QUALITY: 6,
    Category.METER_FAULT: 14,
    Category.HYDRANT_DAMAGE: 3,
    Category.ILLEGAL_USE: 2,
    Category.SEWER_BLOCKAGE: 10,
    Category.MANHOLE_COVER: 3,
    Category.BILLING: 18,
    Category.OTHER: 6,
}
MIX_SUMMER = {
    **MIX_NORMAL,
    Category.LOW_PRESSURE: 48,
    Category.NO_WATER: 14,
    Category.VISIBLE_LEAK: 20,
    Category.MAIN_BURST: 2,
}
CHANNEL_MIX = {
    Channel.HOTLINE_96390: 55,
    Channel.PHONE: 10,
    Channel.HOTLINE_12345: 15,
    Channel.WECHAT: 10,
    Channel.WINDOW: 5,
    Channel.PATROL: 5,
}
# Calls that need no crew: answered and closed at the desk.
DESK_CATEGORIES = {Category.BILLING, Category.OTHER}

SURNAMES = "王李张刘陈杨黄赵吴周徐孙朱胡郭何林高罗郑梁谢宋唐"
STREETS = ["文昌路", "南河街", "新华路", "东湖大道", "胜利路", "人民路", "建设路", "解放路", "环城西路", "梅园路"]


def _weighted(rng, mix: dict):
    keys = list(mix)
    return rng.choices(keys, weights=[mix[k] for k in keys])[0]


class History:
    def __init__(self, ctx):
        self.rng = ctx.rng("work")
        self.now = timezone.now().replace(second=0, microsecond=0)
        local_today = timezone.localtime(self.now).date()
        self.start = local_today - timedelta(days=DAYS)
        self.companies = {c.code: c for c in Company.objects.all()}
        self.teams = {
            "SUPPLY": list(Team.objects.filter(company__code="SUPPLY", kind=TeamKind.REPAIR).order_by("code")),
            "SEWAGE": list(Team.objects.filter(company__code="SEWAGE", kind=TeamKind.SEWER).order_by("code")),
        }
        self.points = list(
            Asset.objects.filter(kind=Kind.SERVICE_POINT, system=System.SUPPLY).values(
                "id", "geometry", "address", "name", "dma__code", "pipe_id", "pipe__diameter"
            )
        )
        self.north = [p for p in self.points if p["dma__code"] == "DMA-06"]
        self.pipes = list(
            Asset.objects.filter(kind=Kind.PIPE, system=System.SUPPLY, diameter__gte=100).values(
                "id", "geometry", "diameter", "material"
            )
        )
        self.manholes = list(Asset.objects.filter(kind=Kind.MANHOLE, system=System.SEWER).values("id", "geometry"))
        self.policies = {}
        self.tickets: list[Ticket] = []
        self.orders: list[WorkOrder] = []
        self.events: list[WorkOrderEvent] = []
        self.order_assets: list[tuple[WorkOrder, int]] = []
        self.recent: dict[str, list[tuple[datetime, WorkOrder]]] = {}

    # -- helpers -----------------------------------------------------------------------

    def policy(self, category, priority, diameter):
        band = None if diameter is None else diameter > 500
        key = (category, priority, band)
        if key not in self.policies:
            self.policies[key] = services.policy_for(category, priority, diameter)
        return self.policies[key]

    def calls_on(self, day_index: int) -> int:
        day = self.start + timedelta(days=day_index)
        base = 14
        if day.month in (7, 8):
            base = 26
        if any(start <= day_index < start + length for start, length in HEAT_WAVES):
            base = 60
        return max(2, int(self.rng.gauss(base, base * 0.2)))

    def place(self, category):
        rng = self.rng
        if category in SEWER_CATEGORIES:
            manhole = rng.choice(self.manholes)
            lon, lat = manhole["geometry"]["coordinates"]
            return lon, lat, f"{rng.choice(STREETS)}{rng.randint(1, 300)}号附近", None, manhole["id"]
        if category == Category.MAIN_BURST:
            pipe = rng.choice([p for p in self.pipes if p["diameter"] >= 150] or self.pipes)
            coords = pipe["geometry"]["coordinates"]
            lon, lat = coords[len(coords) // 2]
            return lon, lat, f"{rng.choice(STREETS)}与{rng.choice(STREETS)}交叉口", pipe["diameter"], pipe["id"]
        pool = self.north if category == Category.LOW_PRESSURE and rng.random() < 0.6 and self.north else self.points
        point = rng.choice(pool)
        lon, lat = point["geometry"]["coordinates"]
        lon += rng.uniform(-0.0002, 0.0002)
        lat += rng.uniform(-0.0002, 0.0002)
        return lon, lat, point["address"] or point["name"], point["pipe__diameter"], point["id"]

    def caller(self):
        rng = self.rng
        return (rng.choice(SURNAMES) + rng.choice(["先生", "女士"]), f"1700000{rng.randint(0, 9999):04d}")

    # -- one call ---------------------------------------------------------------------------

    def call(self, at: datetime):
        rng = self.rng
        summer = timezone.localtime(at).month in (7, 8)
        category = _weighted(rng, MIX_SUMMER if summer else MIX_NORMAL)
        lon, lat, address, diameter, asset_id = self.place(category)
        name, phone = self.caller()
        company = self.companies["SEWAGE" if category in SEWER_CATEGORIES else "SUPPLY"]
        ticket = Ticket(
            company=company,
            channel=_weighted(rng, CHANNEL_MIX),
            category=category,
            caller_name=name,
            caller_phone=phone,
            address=address,
            lon=lon,
            lat=lat,
            received_at=at,
            description=rng.choice(DESCRIPTIONS.get(category, [""])),
            asset_id=asset_id if category != Category.BILLING else None,
        )
        self.tickets.append(ticket)
        if category in DESK_CATEGORIES:
            ticket.status = TicketStatus.CLOSED
            ticket.closed_at = at + timedelta(minutes=rng.randint(10, 600))
            ticket.caller_informed_at = ticket.closed_at
            return
        # A repeat call: an order of the same category opened nearby in the last hours gets it.
        for opened, order in reversed(self.recent.get(category, [])[-12:]):
            if (
                at - opened < timedelta(hours=6)
                and _near(order, lon, lat, 350)
                and (order.completed_at is None or order.completed_at > at)
            ):
                ticket.work_order = order
                ticket.status = (
                    TicketStatus.CLOSED if order.closed_at and order.closed_at < self.now else TicketStatus.LINKED
                )
                ticket.closed_at = order.closed_at if ticket.status == TicketStatus.CLOSED else None
                return
        order = self.order_for(ticket, diameter, asset_id)
        ticket.work_order = order
        if order.closed_at and order.closed_at <= self.now:
            ticket.status, ticket.closed_at, ticket.caller_informed_at = (
                TicketStatus.CLOSED,
                order.closed_at,
                order.closed_at,
            )
        else:
            ticket.status = TicketStatus.LINKED
        self.recent.setdefault(category, []).append((at, order))

    def order_for(self, ticket: Ticket, diameter, asset_id) -> WorkOrder:
        rng, at, category = self.rng, ticket.received_at, ticket.category
        priority = DEFAULT_PRIORITY[category]
        if category == Category.VISIBLE_LEAK and rng.random() < 0.45:
            priority = Priority.NORMAL  # household leak: meter or riser
        policy = self.policy(category, priority, diameter)
        due = services.deadlines(policy, at)
        order = WorkOrder(
            company=ticket.company,
            category=category,
            priority=priority,
            title=ticket.address[:200],
            address=ticket.address,
            lon=ticket.lon,
            lat=ticket.lat,
            diameter=diameter,
            order_type=OrderType.SEWER if category in SEWER_CATEGORIES else OrderType.REPAIR,
            sla_policy=policy,
            description=ticket.description,
            created=at,
            **due,
        )
        order._events = [("", State.NEW, at, None, "")]
        order._created = at
        self.orders.append(order)
        if asset_id:
            self.order_assets.append((order, asset_id))
        self.progress(order, ticket)
        return order

    def progress(self, order: WorkOrder, ticket: Ticket):
        """Walk the order through its states with believable times, stopping at 'now'."""
        rng, now = self.rng, self.now
        team = rng.choice(self.teams["SEWAGE" if order.category in SEWER_CATEGORIES else "SUPPLY"])
        t = order.created
        burst = order.category == Category.MAIN_BURST
        arrive_window = ((order.arrive_due - t).total_seconds() / 60) if order.arrive_due else 240
        late = rng.random() < (0.09 if timezone.localtime(t).month in (7, 8) else 0.04)
        # The last day's orders are still being worked on: they stop at some step short of the end.
        fresh = now - t < timedelta(hours=10)
        stop_after = rng.randint(0, 6) if fresh and rng.random() < 0.85 else 99
        if fresh and rng.random() < 0.5:
            team = self.teams["SEWAGE" if order.category in SEWER_CATEGORIES else "SUPPLY"][0]  # the demo crew's
        steps = [
            (State.DISPATCHED, rng.uniform(2, 12)),
            (State.ACCEPTED, rng.uniform(1, 5)),
            (State.EN_ROUTE, rng.uniform(0, 6)),
            (State.ON_SITE, arrive_window * (rng.uniform(1.05, 1.6) if late else rng.uniform(0.25, 0.85))),
        ]
        for number, (state, minutes) in enumerate(steps):
            if number >= stop_after:
                return self._stop(order, team)
            nxt = t + timedelta(minutes=max(minutes, 1))
            if state == State.ON_SITE:  # the arrival time counts from the call
                nxt = max(order.created + timedelta(minutes=minutes), t + timedelta(minutes=2))
            if nxt > now:
                return self._stop(order, team)
            t = nxt
            self._move(order, state, t, team)
        if burst or order.secure_due:
            secured = t + timedelta(minutes=rng.uniform(60, 240) if late else rng.uniform(5, 40))
            if secured <= now:
                order.secured_at = secured
        if stop_after == 4 or rng.random() < 0.05:  # waiting for a road permit or a supply interruption notice
            paused = t + timedelta(minutes=rng.uniform(10, 60))
            resumed = paused + timedelta(hours=rng.uniform(1, 20))
            if resumed > now:
                if paused <= now:
                    self._move(order, State.PAUSED, paused, team, note="等待道路开挖许可")
                    order.paused_at, order.paused_from, order.pause_reason = paused, State.ON_SITE, "等待道路开挖许可"
                return self._stop(order, team)
            self._move(order, State.PAUSED, paused, team, note="等待道路开挖许可")
            self._move(order, State.ON_SITE, resumed, team)
            stopped = resumed - paused
            order.paused_seconds = int(stopped.total_seconds())
            if order.complete_due:
                order.complete_due += stopped
            if order.secure_due and order.secured_at is None:
                order.secure_due += stopped
            t = resumed
        if stop_after <= 5:
            return self._stop(order, team)
        window = ((order.complete_due - order.created).total_seconds() / 60) if order.complete_due else 600
        done = t + timedelta(
            minutes=max(
                20.0,
                window * (rng.uniform(0.9, 1.4) if late else rng.uniform(0.15, 0.7))
                - (t - order.created).total_seconds() / 60,
            )
        )
        if done > now:
            return self._stop(order, team)
        self._move(order, State.COMPLETED, done, team)
        order.crew_size = rng.randint(4, 8) if burst else rng.randint(2, 4)
        order.excavation = burst or (
            order.category == Category.VISIBLE_LEAK and order.priority != Priority.NORMAL and rng.random() < 0.6
        )
        order.cause = rng.choice(
            [Cause.CORROSION, Cause.JOINT, Cause.THIRD_PARTY, Cause.AGEING, Cause.GROUND_MOVEMENT]
            if order.excavation
            else [Cause.METER, Cause.BLOCKAGE, Cause.UNKNOWN, Cause.OTHER]
        )
        if order.diameter:
            order.repaired_diameter = order.diameter
        for state, hours in ((State.VERIFIED, rng.uniform(0.5, 20)), (State.CLOSED, rng.uniform(0.2, 10))):
            nxt = t_last(order) + timedelta(hours=hours)
            if nxt > now:
                return self._stop(order, team)
            self._move(order, state, nxt, team)

    def _move(self, order, state, at, team, note=""):
        stamp = {
            State.DISPATCHED: "dispatched_at",
            State.ACCEPTED: "accepted_at",
            State.EN_ROUTE: "en_route_at",
            State.ON_SITE: "arrived_at",
            State.COMPLETED: "completed_at",
            State.VERIFIED: "verified_at",
            State.CLOSED: "closed_at",
        }.get(state)
        if stamp and getattr(order, stamp) is None:
            setattr(order, stamp, at)
        previous = order._events[-1][1]
        order._events.append((previous, state, at, team if state == State.DISPATCHED else None, note))
        order.state = state
        order.team = team

    def _stop(self, order, team):
        """The order stays where it is now (a new order waits for the dispatcher, with no team yet)."""
        if order.state != State.NEW and order.team is None:
            order.team = team

    # -- the rest of the city's state ----------------------------------------------------

    def outages(self):
        """Bursts cut supply around them; the network team plans a few shut-downs (one at short notice)."""
        rng = self.rng
        made = 0
        bursts = [o for o in self.orders if o.category == Category.MAIN_BURST]
        pipes_by_id = {p["id"]: p for p in self.pipes}
        for order in bursts:
            asset_id = next((a for o, a in self.order_assets if o is order), None)
            if asset_id not in pipes_by_id:
                continue
            start = order.secured_at or order.arrived_at or order.created + timedelta(hours=1)
            if start > self.now:
                start = self.now - timedelta(minutes=20)
            restore = (order.completed_at or start + timedelta(hours=8)) + timedelta(minutes=rng.randint(10, 60))
            result = services.create_outage(
                user=None,
                kind=OutageKind.UNPLANNED,
                title=order.title,
                start=start,
                expected_restore=start + timedelta(hours=rng.choice([4, 6, 8, 12])),
                company=order.company,
                pipes=[Asset.objects.get(pk=asset_id)],
                work_order=order,
                notice_at=start,
            )
            outage = result.outage
            if restore <= self.now and order.completed_at:
                outage.status, outage.restored_at = OutageStatus.RESTORED, restore
            else:
                outage.status = OutageStatus.ACTIVE
            outage.save()
            made += 1
        supply = self.companies["SUPPLY"]
        plans = [
            (-40, 6, 48, "DN300 主管阀门更换"),
            (-12, 8, 30, "老旧管网改造接驳"),
            (2, 5, 30, "DN200 管道碰口"),
            (1, 4, 10, "消火栓迁移（临时通知）"),
        ]
        for days, hours, notice_hours, title in plans:
            start = (self.now + timedelta(days=days)).replace(hour=1, minute=0)
            result = services.create_outage(
                user=None,
                kind=OutageKind.PLANNED,
                title=title,
                start=start,
                expected_restore=start + timedelta(hours=hours),
                company=supply,
                pipes=self.stretch(3),
                notice_at=start - timedelta(hours=notice_hours),
            )
            outage = result.outage
            if start + timedelta(hours=hours) < self.now:
                outage.status, outage.restored_at = OutageStatus.RESTORED, start + timedelta(hours=hours - 0.5)
            outage.save()
            made += 1
        return made

    def stretch(self, count: int) -> list[Asset]:
        """A few connected pipes: a stretch of main between valves."""
        first = Asset.objects.get(pk=self.rng.choice(self.pipes)["id"])
        chosen, nodes = [first], {first.start_node_id, first.end_node_id}
        while len(chosen) < count:
            more = (
                Asset.objects.filter(kind=Kind.PIPE, system=System.SUPPLY)
                .filter(Q(start_node_id__in=nodes) | Q(end_node_id__in=nodes))
                .exclude(pk__in=[p.pk for p in chosen])
                .order_by("code")
                .first()
            )
            if more is None:
                break
            chosen.append(more)
            nodes |= {more.start_node_id, more.end_node_id}
        return chosen

    def crews(self):
        rng = self.rng
        points = self.points
        for team in self.teams["SUPPLY"] + self.teams["SEWAGE"]:
            point = rng.choice(points)
            lon, lat = point["geometry"]["coordinates"]
            CrewStatus.objects.update_or_create(
                team=team,
                defaults={
                    "on_duty": team.code != "REPAIR3",
                    "lon": lon,
                    "lat": lat,
                    "position_at": self.now - timedelta(minutes=rng.randint(1, 40)),
                },
            )

    def save(self):
        _number(self.orders, "GD", lambda o: o.created)
        _number(self.tickets, "RX", lambda t: t.received_at)
        WorkOrder.objects.bulk_create(self.orders, batch_size=1000)
        # created is auto_now_add: the bulk insert stamped 'now', so put the history's times back.
        for order in self.orders:
            order.created = order._created
        WorkOrder.objects.bulk_update(self.orders, ["created"], batch_size=1000)
        Ticket.objects.bulk_create(self.tickets, batch_size=1000)
        events = []
        for order in self.orders:
            for previous, state, at, team, note in order._events:
                events.append(
                    WorkOrderEvent(work_order=order, at=at, from_state=previous, to_state=state, team=team, note=note)
                )
        WorkOrderEvent.objects.bulk_create(events, batch_size=2000)
        through = WorkOrder.assets.through
        through.objects.bulk_create(
            [through(workorder_id=o.pk, asset_id=a) for o, a in self.order_assets], batch_size=2000
        )
        return len(events)


def t_last(order: WorkOrder) -> datetime:
    return order._events[-1][2]


def _near(order, lon, lat, metres) -> bool:
    per_lat = 110_574.0
    per_lon = 111_320.0 * math.cos(math.radians(lat))
    return math.hypot((order.lon - lon) * per_lon, (order.lat - lat) * per_lat) <= metres


def _number(rows, prefix, when):
    counters: dict[int, int] = {}
    for row in sorted(rows, key=when):
        year = timezone.localtime(when(row)).year
        counters[year] = counters.get(year, 0) + 1
        row.number = f"{prefix}-{year}-{counters[year]:06d}"
    for year, value in counters.items():
        Sequence.objects.update_or_create(name=f"{prefix}-{year}", defaults={"value": value})


DESCRIPTIONS = {
    Category.LOW_PRESSURE: ["楼上水压低，热水器点不着", "五楼以上基本没水", "高峰时段水压不足"],
    Category.VISIBLE_LEAK: ["路面有水冒出", "水表井内漏水", "人行道渗水"],
    Category.NO_WATER: ["整栋楼停水", "家里突然没水了", "小区部分楼幢无水"],
    Category.MAIN_BURST: ["路面大量涌水，道路积水", "爆管，水柱冲出路面"],
    Category.WATER_QUALITY: ["自来水发黄", "水有异味", "水中有白色沉淀"],
    Category.METER_FAULT: ["水表不走字", "水表玻璃破损", "水表倒转"],
    Category.HYDRANT_DAMAGE: ["消火栓被车撞坏漏水", "消火栓盖缺失"],
    Category.ILLEGAL_USE: ["有人从消火栓私接取水", "工地疑似偷接水管"],
    Category.SEWER_BLOCKAGE: ["污水井冒水", "下水道堵塞返臭", "雨后污水溢流"],
    Category.MANHOLE_COVER: ["井盖缺失，存在安全隐患", "井盖破损下沉"],
    Category.BILLING: ["咨询本月水费", "水费比上月高很多", "如何办理自动扣款"],
    Category.OTHER: ["咨询停水通知", "表扬抢修人员"],
}


@demo.part("work", after=("assets",), label="Repair centre history")
def build(ctx):
    if not SLAPolicy.objects.exists():
        return {"skipped": "no SLA policies"}
    history = History(ctx)
    rng = history.rng
    tz = timezone.get_current_timezone()
    for day_index in range(DAYS + 1):
        day = history.start + timedelta(days=day_index)
        for _ in range(history.calls_on(day_index)):
            # Calls come by day, peaking in the morning and the evening.
            hour = rng.choices(
                range(24), weights=[1, 1, 1, 1, 1, 2, 4, 7, 8, 7, 6, 5, 5, 5, 5, 5, 6, 7, 8, 7, 5, 3, 2, 1]
            )[0]
            at = datetime.combine(day, time(hour, rng.randint(0, 59)), tz)
            if at <= history.now:
                history.call(at)
    events = history.save()
    outages = history.outages()
    history.crews()
    return {
        "tickets": len(history.tickets),
        "work_orders": len(history.orders),
        "events": events,
        "outages": outages,
        "open": sum(1 for o in history.orders if o.state not in (State.CLOSED, State.CANCELLED)),
    }
