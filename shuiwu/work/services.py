"""Repair-centre services: tickets, work orders and their state machine, SLA clocks, crews, outages, figures.

Views, the API, the admin, commands and other apps (inspections, telemetry, hydraulics) call these; they
never touch the models' states themselves.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, F, Q, Sum
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from shapely.geometry import Point, shape

from shuiwu.assets.choices import CRITICAL_SERVICE_TYPES, Kind
from shuiwu.assets.models import Asset
from shuiwu.core import numbering, rules, scope
from shuiwu.core.aggregates import duration_percentiles
from shuiwu.core.exceptions import ConflictError
from shuiwu.lib import geo
from shuiwu.org.choices import CompanyKind, TeamKind
from shuiwu.org.models import Company, Team
from shuiwu.work import states
from shuiwu.work.choices import (
    DEFAULT_PRIORITY,
    OPEN_STATES,
    SEWER_CATEGORIES,
    Category,
    OrderType,
    OutageKind,
    OutageStatus,
    SLAState,
    State,
    TicketStatus,
)
from shuiwu.work.models import (
    CrewStatus,
    MaterialItem,
    Outage,
    SLAPolicy,
    Ticket,
    WorkOrder,
    WorkOrderEvent,
    WorkOrderMaterial,
)
from shuiwu.work.rules import (
    AT_RISK_SHARE,
    DUPLICATE_RADIUS_M,
    NIGHT_HOURS,
    PLANNED_NOTICE_HOURS,
    TEMPORARY_SUPPLY_HOURS,
)

TICKET_PREFIX = "RX"
ORDER_PREFIX = "GD"
OUTAGE_PREFIX = "TS"


def local_now() -> datetime:
    return timezone.localtime()


def _year(at: datetime) -> int:
    return timezone.localtime(at).year


# Warnings a dispatcher sees when sending a crew out, offered by other apps (emergency's heat mode):
# ``provider(company, start, end) -> str | None``. Work imports none of them; they add themselves here.
dispatch_warning_providers: list = []


def dispatch_warnings(order: WorkOrder, at: datetime | None = None) -> list[str]:
    """What the providers say about sending a crew to ``order`` now, until its completion deadline (or 2 h)."""
    start = at or timezone.now()
    end = order.complete_due if order.complete_due and order.complete_due > start else start + timedelta(hours=2)
    return [w for provider in dispatch_warning_providers if (w := provider(order.company, start, end))]


# -- routing and places --------------------------------------------------------


def company_for(category: str, fallback: Company | None = None) -> Company:
    """The company a call goes to: sewer calls to the sewage company, the rest to water supply."""
    kind = CompanyKind.SEWAGE if category in SEWER_CATEGORIES else CompanyKind.SUPPLY
    company = Company.objects.filter(kind=kind).order_by("pk").first()
    if company is None:
        if fallback is None:
            raise ValidationError({"category": _("No company handles this category yet.")})
        return fallback
    return company


def _box(lon: float, lat: float, radius_m: float) -> tuple[float, float, float, float]:
    per_lon, per_lat = geo.metres_per_degree(lat)
    dx, dy = radius_m / per_lon, radius_m / per_lat
    return lon - dx, lat - dy, lon + dx, lat + dy


def _metres(lon: float, lat: float, other_lon: float, other_lat: float) -> float:
    per_lon, per_lat = geo.metres_per_degree(lat)
    return math.hypot((other_lon - lon) * per_lon, (other_lat - lat) * per_lat)


@dataclass
class Nearby:
    work_orders: list[tuple[WorkOrder, float]] = field(default_factory=list)
    outages: list[tuple[Outage, float]] = field(default_factory=list)
    radius_m: float = 0


def nearby(user, lon: float, lat: float, radius_m: float | None = None) -> Nearby:
    """Open work orders and current outages within ``radius_m`` of a point, nearest first."""
    radius = float(radius_m if radius_m is not None else rules.value(DUPLICATE_RADIUS_M.key))
    west, south, east, north = _box(lon, lat, radius)
    found = Nearby(radius_m=radius)
    orders = (
        WorkOrder.objects.restrict(user)
        .open()
        .filter(lon__gte=west, lon__lte=east, lat__gte=south, lat__lte=north)
        .select_related("team")
    )
    for order in orders:
        distance = _metres(lon, lat, order.lon, order.lat)
        if distance <= radius:
            found.work_orders.append((order, distance))
    outages = (
        Outage.objects.restrict(user)
        .filter(status__in=[OutageStatus.SCHEDULED, OutageStatus.ACTIVE])
        .in_bbox(west, south, east, north)
    )
    for outage in outages:
        distance = _distance_to_geometry(lon, lat, outage.geometry)
        if distance is not None and distance <= radius:
            found.outages.append((outage, distance))
    found.work_orders.sort(key=lambda item: item[1])
    found.outages.sort(key=lambda item: item[1])
    return found


def _distance_to_geometry(lon: float, lat: float, geometry: dict | None) -> float | None:
    """Metres from a point to a GeoJSON geometry (0 inside a polygon), on a local flat approximation."""
    if not geometry:
        return None
    per_lon, per_lat = geo.metres_per_degree(lat)

    def local(coords):
        if isinstance(coords[0], int | float):
            return [(coords[0] - lon) * per_lon, (coords[1] - lat) * per_lat]
        return [local(c) for c in coords]

    flat = shape({"type": geometry["type"], "coordinates": local(geometry["coordinates"])})
    return float(flat.distance(Point(0, 0)))


# -- SLA -------------------------------------------------------------------------


def policy_for(category: str, priority: int | None, diameter: float | None = None) -> SLAPolicy | None:
    """The most specific active policy: category + priority + diameter band, then wider ones."""
    candidates = list(SLAPolicy.objects.filter(category=category, active=True))

    def fits(p: SLAPolicy) -> bool:
        if p.priority is not None and p.priority != priority:
            return False
        if p.min_diameter is not None and (diameter is None or diameter <= p.min_diameter):
            return False
        return not (p.max_diameter is not None and diameter is not None and diameter > p.max_diameter)

    def specificity(p: SLAPolicy) -> tuple[int, int]:
        banded = p.min_diameter is not None or (p.max_diameter is not None and diameter is not None)
        return (p.priority is not None, banded)

    fitting = [p for p in candidates if fits(p)]
    return max(fitting, key=specificity) if fitting else None


def is_night(at: datetime) -> bool:
    start, end = rules.value(NIGHT_HOURS.key)
    hour = timezone.localtime(at).hour
    return hour >= start or hour < end if start > end else start <= hour < end


def deadlines(policy: SLAPolicy | None, created: datetime) -> dict[str, datetime | None]:
    """The due times a policy gives an order created at ``created`` (night arrival in local time)."""
    if policy is None:
        return {"arrive_due": None, "secure_due": None, "complete_due": None}
    arrive = policy.arrive_minutes
    if policy.night_arrive_minutes and is_night(created):
        arrive = policy.night_arrive_minutes

    def due(minutes):
        return created + timedelta(minutes=minutes) if minutes else None

    return {
        "arrive_due": due(arrive),
        "secure_due": due(policy.secure_minutes),
        "complete_due": due(policy.complete_minutes),
    }


MILESTONES = (
    ("arrive", "arrive_due", "arrived_at"),
    ("secure", "secure_due", "secured_at"),
    ("complete", "complete_due", "completed_at"),
)


def milestones(order: WorkOrder) -> list[tuple[str, datetime, datetime | None]]:
    return [
        (name, getattr(order, due), getattr(order, met))
        for name, due, met in MILESTONES
        if getattr(order, due) is not None
    ]


def sla_state(order: WorkOrder, now: datetime | None = None) -> str:
    """ok, at_risk, breached, paused (clock stopped) or none, over every milestone of the order."""
    now = now or timezone.now()
    items = milestones(order)
    if not items:
        return SLAState.NONE
    if any(met is not None and met > due for _, due, met in items):
        return SLAState.BREACHED
    if order.state == State.PAUSED:
        return SLAState.PAUSED
    if order.state in (State.CANCELLED,):
        return SLAState.NONE
    share = float(rules.value(AT_RISK_SHARE.key))
    state = SLAState.OK
    for _name, due, met in items:
        if met is not None:
            continue
        if now > due:
            return SLAState.BREACHED
        window = (due - order.created).total_seconds() if order.created else 0
        if window > 0 and (due - now).total_seconds() < share * window:
            state = SLAState.AT_RISK
    return state


def next_deadline(order: WorkOrder) -> tuple[str, datetime] | None:
    pending = [(name, due) for name, due, met in milestones(order) if met is None]
    return min(pending, key=lambda item: item[1]) if pending else None


def breached_q(now: datetime | None = None) -> Q:
    """Orders with a missed deadline: met late, or not met and past due while the clock runs."""
    now = now or timezone.now()
    running = ~Q(state__in=[State.PAUSED, State.CANCELLED])
    query = Q()
    for _name, due, met in MILESTONES:
        query |= Q(**{f"{met}__isnull": False, f"{met}__gt": F(due)})
        query |= Q(**{f"{met}__isnull": True, f"{due}__lt": now}) & running
    return query


# -- tickets and orders -------------------------------------------------------------


def _check_add(user, model: str) -> None:
    if user is not None and not user.has_perm(f"work.add_{model}"):
        raise PermissionDenied(_("You may not create %(what)s.") % {"what": model})


@transaction.atomic
def create_ticket(
    *,
    user,
    category: str,
    channel: str,
    caller_name: str = "",
    caller_phone: str = "",
    address: str = "",
    account_no: str = "",
    lon: float | None = None,
    lat: float | None = None,
    description: str = "",
    asset: Asset | None = None,
    received_at: datetime | None = None,
    work_order: WorkOrder | None = None,
    open_order: bool = False,
    priority: int | None = None,
    company: Company | None = None,
) -> Ticket:
    """Log a call. Link it to an existing open order, or open a new one, or leave it for the dispatcher.

    ``company`` routes it to a company other than the category's (a lab exceedance at a plant's outlet goes to
    the production company); a user may only route to a company in their scope.
    """
    _check_add(user, "ticket")
    if company is not None and user is not None:
        scope.check_company(user, company.pk)
    own = _own_company(user)
    ticket = Ticket(
        category=category,
        channel=channel,
        caller_name=caller_name,
        caller_phone=caller_phone,
        address=address,
        account_no=account_no,
        lon=lon,
        lat=lat,
        description=description,
        asset=asset,
        received_at=received_at or timezone.now(),
        created_by=user,
        company=work_order.company if work_order else company or company_for(category, own),
    )
    ticket.full_clean(exclude=["number", "company"])
    ticket.number = numbering.next_number(TICKET_PREFIX, _year(ticket.received_at))
    ticket.save()
    if work_order is not None:
        link_ticket(ticket, work_order, user=user)
    elif open_order:
        open_work_order(
            user=user,
            category=category,
            priority=priority,
            tickets=[ticket],
            title=_title_for(ticket),
            description=description,
            lon=lon,
            lat=lat,
            address=address,
            company=ticket.company,
            assets=[asset] if asset else [],
            at=ticket.received_at,
            check_permission=False,
        )
    return ticket


def _own_company(user) -> Company | None:
    ids = scope.company_ids(user) if user is not None else None
    return Company.objects.filter(pk__in=ids).first() if ids else None


def _title_for(ticket: Ticket) -> str:
    place = ticket.address or (ticket.asset.code if ticket.asset else "")
    return f"{ticket.get_category_display()} {place}".strip()


def link_ticket(ticket: Ticket, order: WorkOrder, *, user=None) -> Ticket:
    """Attach a repeat call to the open order it is about (a ticket has at most one order)."""
    if not order.is_open:
        raise ConflictError(
            _("Work order %(number)s is %(state)s: a call can only join an open order.")
            % {"number": order.number, "state": order.get_state_display()}
        )
    if ticket.work_order_id and ticket.work_order_id != order.pk:
        raise ConflictError(_("The ticket is already linked to %(number)s.") % {"number": ticket.work_order.number})
    if user is not None:
        scope.check_company(user, order.company_id)
    ticket.work_order = order
    ticket.status = TicketStatus.LINKED
    if ticket.company_id != order.company_id:
        ticket.company = order.company
    ticket.save()
    return ticket


@transaction.atomic
def open_work_order(
    *,
    user,
    category: str,
    title: str,
    company: Company | None = None,
    priority: int | None = None,
    order_type: str | None = None,
    description: str = "",
    lon: float | None = None,
    lat: float | None = None,
    address: str = "",
    assets=(),
    diameter: float | None = None,
    tickets=(),
    at: datetime | None = None,
    check_permission: bool = True,
) -> WorkOrder:
    """Open a work order with the SLA deadlines of its category, priority and pipe size."""
    if check_permission:
        _check_add(user, "workorder")
    company = company or company_for(category, _own_company(user))
    if user is not None and check_permission:
        scope.check_company(user, company.pk)
    priority = priority or DEFAULT_PRIORITY.get(category, 3)
    at = at or timezone.now()
    if diameter is None:
        diameter = max((a.diameter for a in assets if a and a.diameter), default=None)
    policy = policy_for(category, priority, diameter)
    order = WorkOrder(
        company=company,
        category=category,
        priority=priority,
        title=title[:200],
        description=description,
        order_type=order_type or (OrderType.SEWER if category in SEWER_CATEGORIES else OrderType.REPAIR),
        lon=lon,
        lat=lat,
        address=address,
        diameter=diameter,
        sla_policy=policy,
        created_by=user,
        **deadlines(policy, at),
    )
    order.full_clean(exclude=["number", "assets"])
    order.number = numbering.next_number(ORDER_PREFIX, _year(at))
    order.save()
    if at != order.created:  # back-dated orders (imports, the demo): keep the given time
        WorkOrder.objects.filter(pk=order.pk).update(created=at)
        order.created = at
    if assets:
        order.assets.set([a for a in assets if a])
    WorkOrderEvent.objects.create(work_order=order, at=at, user=user, from_state="", to_state=State.NEW)
    for ticket in tickets:
        link_ticket(ticket, order)
    return order


@dataclass
class Completion:
    crew_size: int | None = None
    excavation: bool | None = None
    repaired_diameter: float | None = None
    repaired_material: str = ""
    cause: str = ""
    repaired_asset: Asset | None = None
    note: str = ""
    materials: list[tuple[MaterialItem, float]] = field(default_factory=list)


def transition(
    order: WorkOrder,
    target: str,
    *,
    user,
    team: Team | None = None,
    reason: str = "",
    completion: Completion | None = None,
    at: datetime | None = None,
) -> WorkOrder:
    """Move an order to ``target``; ConflictError (409) when the table forbids it or someone was faster.

    The update is conditional on the state and version the caller saw, so two dispatchers assigning the
    same order at once cannot both succeed.
    """
    rule = states.find(order.state, target)
    if rule is None:
        allowed = ", ".join(str(State(t).label) for t in states.allowed_targets(order.state)) or _("none")
        raise ConflictError(
            _("A work order cannot go from %(source)s to %(target)s (allowed: %(allowed)s).")
            % {"source": State(order.state).label, "target": State(target).label, "allowed": allowed},
            state=order.state,
            allowed=states.allowed_targets(order.state),
        )
    _check_transition_permission(order, rule, user)
    completion = completion or Completion()
    _check_needs(order, rule, team=team, reason=reason, completion=completion)
    now = at or timezone.now()
    changes: dict = {"state": target, "version": F("version") + 1, "updated": now}
    if rule.stamp:
        changes[rule.stamp] = now
    if target == State.DISPATCHED:
        changes["team"] = team
    if target == State.PAUSED:
        changes.update(paused_at=now, paused_from=order.state, pause_reason=reason)
    if order.state == State.PAUSED:
        if target != order.paused_from:
            raise ConflictError(
                _("A paused order resumes to %(state)s.") % {"state": State(order.paused_from).label},
                state=order.state,
                allowed=[order.paused_from],
            )
        changes.update(_resume_changes(order, now))
    if target == State.CANCELLED:
        changes["cancel_reason"] = reason
    if target == State.COMPLETED:
        changes.update(
            crew_size=completion.crew_size,
            excavation=completion.excavation,
            repaired_diameter=completion.repaired_diameter,
            repaired_material=completion.repaired_material,
            cause=completion.cause,
            repaired_asset=completion.repaired_asset,
            completion_note=completion.note,
        )
    if order.state == State.COMPLETED and target == State.ON_SITE:
        changes["completed_at"] = None
    with transaction.atomic():
        updated = WorkOrder.objects.filter(pk=order.pk, state=order.state, version=order.version).update(**changes)
        if updated == 0:
            current = WorkOrder.objects.filter(pk=order.pk).values_list("state", flat=True).first()
            raise ConflictError(
                _("Work order %(number)s was changed by someone else (now %(state)s): reload and try again.")
                % {"number": order.number, "state": State(current).label if current else "?"},
                state=current,
            )
        WorkOrderEvent.objects.create(
            work_order=order,
            at=now,
            user=user,
            from_state=order.state,
            to_state=target,
            team=team if target == State.DISPATCHED else None,
            note=reason[:300],
        )
        if target == State.COMPLETED and completion.materials:
            WorkOrderMaterial.objects.bulk_create(
                [WorkOrderMaterial(work_order=order, item=item, quantity=qty) for item, qty in completion.materials]
            )
        if target == State.CLOSED:
            order.tickets.filter(status=TicketStatus.LINKED).update(
                status=TicketStatus.CLOSED, closed_at=now, caller_informed_at=now
            )
        if target == State.CANCELLED:
            order.tickets.update(status=TicketStatus.OPEN, work_order=None)
    order.refresh_from_db()
    return order


def _check_transition_permission(order: WorkOrder, rule: states.Transition, user) -> None:
    if user is None:
        return
    scope.check_company(user, order.company_id)
    if not user.has_perm(rule.permission):
        raise PermissionDenied(_("You may not move a work order to %(state)s.") % {"state": State(rule.target).label})
    if rule.permission == states.WORK and not user.has_perm(states.DISPATCH):
        staff = getattr(user, "staff", None)
        if order.team_id is None or staff is None or staff.team_id != order.team_id:
            raise PermissionDenied(_("Only the assigned team can work on this order."))


def _check_needs(order, rule, *, team, reason, completion) -> None:
    errors = {}
    if "team" in rule.needs:
        if team is None:
            errors["team"] = _("Choose the team to send.")
        elif team.company_id != order.company_id:
            errors["team"] = _("The team belongs to another company.")
        elif not team.active:
            errors["team"] = _("The team is not active.")
    if "reason" in rule.needs and not reason.strip():
        errors["reason"] = _("Give the reason.")
    if "crew_size" in rule.needs and (completion.crew_size is None or completion.crew_size < 1):
        errors["crew_size"] = _("Record how many people were on site (at least 1).")
    if "excavation" in rule.needs and completion.excavation is None:
        errors["excavation"] = _("Record whether the crew dug.")
    for item, quantity in completion.materials:
        if quantity is None or float(quantity) <= 0:
            errors["materials"] = _("Quantities must be positive (%(item)s).") % {"item": item}
    if errors:
        raise ValidationError(errors)


def _resume_changes(order: WorkOrder, now: datetime) -> dict:
    """Resuming pushes every pending deadline back by the time the clock was stopped."""
    stopped = now - order.paused_at if order.paused_at else timedelta(0)
    changes = {
        "paused_at": None,
        "paused_from": "",
        "paused_seconds": order.paused_seconds + int(stopped.total_seconds()),
    }
    for _name, due, met in MILESTONES:
        if getattr(order, due) is not None and getattr(order, met) is None:
            changes[due] = getattr(order, due) + stopped
    return changes


def mark_secured(order: WorkOrder, *, user, at: datetime | None = None) -> WorkOrder:
    """Record that the water is shut off or the barrier is set (the 'made safe' deadline)."""
    if not order.is_open:
        raise ConflictError(_("Only an open order can be made safe."), state=order.state)
    _check_transition_permission(order, states.Transition(order.state, order.state, states.WORK), user)
    now = at or timezone.now()
    updated = WorkOrder.objects.filter(pk=order.pk, secured_at__isnull=True).update(secured_at=now, updated=now)
    if updated:
        WorkOrderEvent.objects.create(
            work_order=order, at=now, user=user, from_state=order.state, to_state=order.state, note=_("made safe")
        )
    order.refresh_from_db()
    return order


# -- crews ------------------------------------------------------------------------------


def update_crew(
    team: Team,
    *,
    on_duty: bool | None = None,
    lon: float | None = None,
    lat: float | None = None,
    at: datetime | None = None,
) -> CrewStatus:
    status, _created = CrewStatus.objects.get_or_create(team=team)
    if on_duty is not None:
        status.on_duty = on_duty
    if lon is not None and lat is not None:
        if not (-180 <= lon <= 180 and -90 <= lat <= 90):
            raise ValidationError({"lon": _("The position is outside longitude/latitude range.")})
        status.lon, status.lat, status.position_at = lon, lat, at or timezone.now()
    status.save()
    return status


@dataclass
class TeamSuggestion:
    team: Team
    distance_m: float | None
    open_orders: int
    on_duty: bool


def suggest_teams(order: WorkOrder, limit: int = 5) -> list[TeamSuggestion]:
    """Teams that can take the order: on duty first, then nearest, then least busy."""
    kinds = [TeamKind.SEWER] if order.order_type == OrderType.SEWER else [TeamKind.REPAIR]
    teams = (
        Team.objects.filter(company=order.company, active=True, kind__in=kinds)
        .select_related("crew_status")
        .annotate(open_orders=Count("work_orders", filter=Q(work_orders__state__in=OPEN_STATES)))
    )
    out = []
    for team in teams:
        status = getattr(team, "crew_status", None)
        distance = None
        if status and status.lon is not None and order.lon is not None:
            distance = _metres(order.lon, order.lat, status.lon, status.lat)
        out.append(TeamSuggestion(team, distance, team.open_orders, bool(status and status.on_duty)))
    out.sort(key=lambda s: (not s.on_duty, s.distance_m if s.distance_m is not None else math.inf, s.open_orders))
    return out[:limit]


# -- outages ---------------------------------------------------------------------------------


@dataclass
class OutageResult:
    outage: Outage
    warnings: list[str]


def affected_service_points(*, company_ids=None, pipes=(), dma=None, geometry: dict | None = None):
    """Service points cut off by an outage area: those on its pipes, in its DMA, or inside its polygon."""
    points = Asset.objects.filter(kind=Kind.SERVICE_POINT)
    if company_ids is not None:
        points = points.filter(company_id__in=company_ids)
    query = Q(pk__in=[])
    pipe_ids = [p.pk for p in pipes]
    if pipe_ids:
        query |= Q(pipe_id__in=pipe_ids)
        node_ids = Asset.objects.filter(pk__in=pipe_ids).values_list("start_node_id", "end_node_id")
        query |= Q(node_id__in={n for pair in node_ids for n in pair if n})
    if dma is not None:
        query |= Q(dma=dma)
    found = set(points.filter(query).values_list("pk", flat=True))
    if geometry:
        area = shape(geometry)
        west, south, east, north = area.bounds
        for pk, geom in points.in_bbox(west, south, east, north).values_list("pk", "geometry"):
            if geom and area.intersects(shape(geom)):
                found.add(pk)
    return Asset.objects.filter(pk__in=found)


def notice_warnings(outage: Outage) -> list[str]:
    """The notice and duration rules of DOMAIN.md §3.3, as warnings a dispatcher sees."""
    warnings = []
    hours = float(rules.value(PLANNED_NOTICE_HOURS.key))
    if outage.kind == OutageKind.PLANNED:
        given = outage.notice_at or timezone.now()
        lead = (outage.start - given).total_seconds() / 3600
        if lead < hours:
            warnings.append(
                _("A planned outage needs %(hours)g h notice; this one has %(lead).1f h.")
                % {"hours": hours, "lead": max(lead, 0)}
            )
    limit = float(rules.value(TEMPORARY_SUPPLY_HOURS.key))
    duration = (outage.expected_restore - outage.start).total_seconds() / 3600
    if duration > limit:
        warnings.append(
            _("Expected to last %(duration).1f h, over %(limit)g h: arrange temporary supply.")
            % {"duration": duration, "limit": limit}
        )
    return warnings


def outage_notice_text(outage: Outage) -> str:
    """The public notice, in the utility's own language whatever the dispatcher's screen shows."""
    with translation.override(settings.LANGUAGE_CODE):
        return _notice_text(outage)


def _notice_text(outage: Outage) -> str:
    tz = ZoneInfo(settings.TIME_ZONE)
    start = outage.start.astimezone(tz).strftime("%Y-%m-%d %H:%M")
    end = outage.expected_restore.astimezone(tz).strftime("%Y-%m-%d %H:%M")
    reason = _("planned works") if outage.kind == OutageKind.PLANNED else _("emergency repair")
    return _(
        "Notice of water interruption: because of %(reason)s (%(title)s), water will be off from %(start)s to "
        "about %(end)s for %(count)s addresses. Please store water in advance. Hotline 96390."
    ) % {"reason": reason, "title": outage.title, "start": start, "end": end, "count": outage.affected_count}


@transaction.atomic
def create_outage(
    *,
    user,
    kind: str,
    title: str,
    start: datetime,
    expected_restore: datetime,
    company: Company | None = None,
    pipes=(),
    dma=None,
    geometry: dict | None = None,
    work_order: WorkOrder | None = None,
    notice_at: datetime | None = None,
    valves=(),
    notice_text: str = "",
) -> OutageResult:
    """Record an outage with its area and the service points it cuts off; warn when a rule is not met."""
    _check_add(user, "outage")
    company = company or (work_order.company if work_order else _own_company(user))
    if company is None:
        raise ValidationError({"company": _("This field is required.")})
    if user is not None:
        scope.check_company(user, company.pk)
    if not (pipes or dma or geometry):
        raise ValidationError({"pipes": _("Give the outage's area: pipes, a DMA or a polygon.")})
    if geometry is None and pipes:
        geometry = _hull_of(pipes)
    if geometry is None and dma is not None:
        geometry = dma.geometry
    now = timezone.now()
    outage = Outage(
        company=company,
        kind=kind,
        title=title,
        start=start,
        expected_restore=expected_restore,
        dma=dma,
        geometry=geometry,
        work_order=work_order,
        notice_at=notice_at,
        status=OutageStatus.ACTIVE if start <= now else OutageStatus.SCHEDULED,
        valves=list(valves),
    )
    outage.full_clean(exclude=["number", "pipes", "service_points"])
    outage.number = numbering.next_number(OUTAGE_PREFIX, _year(start))
    points = affected_service_points(pipes=pipes, dma=dma, geometry=geometry)
    outage.affected_count = points.count()
    outage.critical_count = points.filter(subtype__in=CRITICAL_SERVICE_TYPES).count()
    outage.households = sum(int(a.get("households") or 0) for a in points.values_list("attrs", flat=True))
    outage.save()
    outage.pipes.set(pipes)
    outage.service_points.set(points)
    outage.notice_text = notice_text or outage_notice_text(outage)
    outage.save(update_fields=["notice_text"])
    return OutageResult(outage, notice_warnings(outage))


def _hull_of(pipes) -> dict | None:
    from shapely.ops import unary_union

    shapes = [shape(p.geometry) for p in pipes if p.geometry]
    if not shapes:
        return None
    hull = unary_union(shapes).buffer(0.0004).convex_hull  # about 40 m around the pipes
    return {"type": "Polygon", "coordinates": [[list(c) for c in hull.exterior.coords]]}


def activate_due_outages(now: datetime | None = None) -> int:
    """Mark scheduled outages whose start has come as active (run by the work.tick job)."""
    return Outage.objects.filter(status=OutageStatus.SCHEDULED, start__lte=now or timezone.now()).update(
        status=OutageStatus.ACTIVE
    )


def cancel_outage(outage: Outage, *, user) -> Outage:
    """Call off an outage that has not started."""
    if outage.status != OutageStatus.SCHEDULED:
        raise ConflictError(
            _("Only a scheduled outage can be called off; this one is %(status)s.")
            % {"status": outage.get_status_display()}
        )
    if user is not None:
        scope.check_company(user, outage.company_id)
    outage.status = OutageStatus.CANCELLED
    outage.save()
    return outage


def restore_outage(outage: Outage, *, user, at: datetime | None = None) -> Outage:
    if not outage.has_started:
        raise ConflictError(
            _("The outage has not started (it is %(status)s).") % {"status": outage.get_status_display()}
        )
    if user is not None:
        scope.check_company(user, outage.company_id)
    outage.status = OutageStatus.RESTORED
    outage.restored_at = at or timezone.now()
    outage.full_clean(exclude=["number", "pipes", "service_points"])
    outage.save()
    return outage


# -- figures ----------------------------------------------------------------------------------


def _bounds(start: date, end: date) -> tuple[datetime, datetime]:
    """[start, end] as local days, as aware datetimes [start 00:00, end+1 00:00)."""
    tz = timezone.get_current_timezone()
    return (
        datetime.combine(start, datetime.min.time(), tz),
        datetime.combine(end + timedelta(days=1), datetime.min.time(), tz),
    )


def _late_q() -> Q:
    """A completed order that missed any of its deadlines."""
    late = Q(pk__in=[])
    for _name, due, met in MILESTONES:
        late |= Q(**{f"{due}__isnull": False}) & (Q(**{f"{met}__isnull": True}) | Q(**{f"{met}__gt": F(due)}))
    return late


def summary(company: Company | None, start: date, end: date, *, user=None) -> dict:
    """The repair centre's figures for a period: plain numbers, as reports compose them.

    Counting, SLA compliance and percentiles run in the database (a handful of aggregate queries), so a
    half-year of a large city stays well under a second on PostgreSQL.
    """
    since, until = _bounds(start, end)
    tickets = Ticket.objects.filter(received_at__gte=since, received_at__lt=until)
    orders = WorkOrder.objects.all()
    outages = Outage.objects.filter(start__gte=since, start__lt=until)
    if user is not None:
        tickets, orders, outages = tickets.restrict(user), orders.restrict(user), outages.restrict(user)
    if company is not None:
        tickets, orders, outages = (
            tickets.filter(company=company),
            orders.filter(company=company),
            outages.filter(company=company),
        )
    by_category: Counter = Counter()
    by_channel: Counter = Counter()
    for category, channel, n in tickets.values_list("category", "channel").annotate(n=Count("id")).order_by():
        by_category[category] += n
        by_channel[channel] += n
    completed = orders.filter(completed_at__gte=since, completed_at__lt=until)
    has_deadline = Q(arrive_due__isnull=False) | Q(complete_due__isnull=False) | Q(secure_due__isnull=False)
    done = completed.aggregate(
        n=Count("id"),
        person_trips=Sum("crew_size"),
        excavations=Count("id", filter=Q(excavation=True)),
        evaluated=Count("id", filter=has_deadline),
        met=Count("id", filter=has_deadline & ~_late_q()),
    )
    arrive = duration_percentiles(completed, "arrived_at", "created", [0.5, 0.9])
    complete = duration_percentiles(completed, "completed_at", "created", [0.5, 0.9], minus_seconds="paused_seconds")
    evaluated, met = done["evaluated"], done["met"]
    return {
        "company": company.code if company else None,
        "start": start.isoformat(),
        "end": end.isoformat(),
        "tickets": sum(by_category.values()),
        "tickets_by_category": {k: by_category.get(k, 0) for k in Category.values},
        "tickets_by_channel": dict(by_channel),
        "orders_created": orders.filter(created__gte=since, created__lt=until).count(),
        "orders_completed": done["n"],
        "orders_open": orders.filter(state__in=OPEN_STATES).count(),
        "person_trips": done["person_trips"] or 0,
        "excavations": done["excavations"],
        "minutes_to_arrive_median": _minutes(arrive[0]),
        "minutes_to_arrive_p90": _minutes(arrive[1]),
        "minutes_to_complete_median": _minutes(complete[0]),
        "minutes_to_complete_p90": _minutes(complete[1]),
        "sla_evaluated": evaluated,
        "sla_met": met,
        "sla_compliance_percent": _round(100 * met / evaluated if evaluated else None),
        "outages": outages.count(),
    }


def _minutes(seconds: float | None) -> float | None:
    return None if seconds is None else round(seconds / 60, 1)


def _round(value: float | None, digits: int = 1) -> float | None:
    return None if value is None else round(value, digits)


def repair_counts(since: date, *, company: Company | None = None) -> Counter:
    """Completed repairs per asset since ``since``: the repaired asset, else each asset the order lists."""
    orders = WorkOrder.objects.filter(order_type=OrderType.REPAIR, completed_at__date__gte=since)
    if company is not None:
        orders = orders.filter(company=company)
    counts: Counter = Counter()
    listed = orders.filter(repaired_asset__isnull=True).values_list("pk", "assets")
    for _pk, asset_id in listed:
        if asset_id is not None:
            counts[asset_id] += 1
    counts.update(orders.filter(repaired_asset__isnull=False).values_list("repaired_asset_id", flat=True))
    return counts
