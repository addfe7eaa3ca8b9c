"""Emergency-preparedness services: readiness of plans, stock below minimum, drills with their follow-up,
weather modes and warnings, the heat-hours warning for dispatchers, and the period figures.

Views, the API, the admin and other apps call these; ``outdoor_work_warning`` is what the repair centre asks
before sending a crew out (registered as a dispatch-warning provider when the work app offers the hook).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from shuiwu.core import numbering, rules, scope
from shuiwu.core.exceptions import ConflictError
from shuiwu.emergency.choices import (
    LEVEL_RANK,
    MODE_PLAN_TYPE,
    DrillStatus,
    ModeKind,
    ModeSource,
    PlanStatus,
    WarningLevel,
)
from shuiwu.emergency.models import (
    ContingencyPlan,
    Drill,
    DrillAction,
    PlanMaterial,
    Stock,
    WeatherMode,
    WeatherWarning,
)
from shuiwu.emergency.rules import AUTO_MODE_LEVEL, EXPIRY_NOTICE_DAYS, HEAT_WINDOW, READINESS_TARGET
from shuiwu.org.models import Company

DRILL_PREFIX = "YL"


def _tz() -> ZoneInfo:
    return ZoneInfo(settings.TIME_ZONE)


def family_ids(company: Company) -> list[int]:
    """The company and its subsidiaries: whose warehouses a plan counts, whom a mode covers."""
    return [company.pk, *Company.objects.filter(parent_id=company.pk).values_list("pk", flat=True)]


# -- readiness -------------------------------------------------------------------------------------------------------


@dataclass
class ReadinessLine:
    material: object
    needed: Decimal
    available: Decimal
    unusable: Decimal  # held but expired or past its inspection date

    @property
    def ratio(self) -> Decimal:
        return min(self.available / self.needed, Decimal(1)) if self.needed else Decimal(1)

    @property
    def short(self) -> Decimal:
        return max(self.needed - self.available, Decimal(0))


@dataclass
class Readiness:
    plan: ContingencyPlan
    lines: list[ReadinessLine] = field(default_factory=list)

    @property
    def percent(self) -> float | None:
        """Mean over the plan's materials of min(usable / needed, 1), in %; None when it needs nothing."""
        if not self.lines:
            return None
        return round(float(sum(line.ratio for line in self.lines) / len(self.lines) * 100), 1)

    @property
    def colour(self) -> str:
        pct = self.percent
        if pct is None:
            return "secondary"
        return "success" if pct >= rules.value(READINESS_TARGET.key) else "danger" if pct < 50 else "warning"


def readiness(plan: ContingencyPlan, on: date | None = None, stocks: list[Stock] | None = None) -> Readiness:
    """What the plan needs against the usable stock of its company's (and subsidiaries') warehouses on ``on``.

    Usable means not expired and not past its inspection date on that day; a line counts at most 100 %.
    """
    on = on or timezone.localdate()
    if stocks is None:
        stocks = list(Stock.objects.filter(warehouse__company_id__in=family_ids(plan.company), warehouse__active=True))
    held: dict[int, list[Stock]] = {}
    for stock in stocks:
        held.setdefault(stock.material_id, []).append(stock)
    result = Readiness(plan)
    needs = plan.materials.select_related("material") if not hasattr(plan, "_needs") else plan._needs
    for need in needs:
        mine = held.get(need.material_id, [])
        usable = sum((s.quantity for s in mine if s.usable_on(on)), Decimal(0))
        unusable = sum((s.quantity for s in mine if not s.usable_on(on)), Decimal(0))
        result.lines.append(ReadinessLine(need.material, need.quantity, usable, unusable))
    return result


def readiness_of_plans(plans, on: date | None = None) -> list[Readiness]:
    """Readiness of many plans in three queries (plans, their needs, the stock of their companies)."""
    plans = list(plans)
    if not plans:
        return []
    on = on or timezone.localdate()
    needs: dict[int, list[PlanMaterial]] = {}
    for need in PlanMaterial.objects.filter(plan__in=plans).select_related("material"):
        needs.setdefault(need.plan_id, []).append(need)
    company_ids = {p.company_id for p in plans}
    children = dict(Company.objects.filter(parent_id__in=company_ids).values_list("pk", "parent_id"))
    stocks = list(
        Stock.objects.filter(
            Q(warehouse__company_id__in=company_ids) | Q(warehouse__company_id__in=children.keys()),
            warehouse__active=True,
        ).select_related("warehouse")
    )
    out = []
    for plan in plans:
        plan._needs = needs.get(plan.pk, [])
        family = {plan.company_id, *(c for c, parent in children.items() if parent == plan.company_id)}
        out.append(readiness(plan, on, [s for s in stocks if s.warehouse.company_id in family]))
    return out


def below_minimum_q() -> Q:
    from django.db.models import F

    return Q(quantity__lt=F("minimum"))


def attention_q(on: date | None = None) -> Q:
    """Stock that needs attention: expired, or expiring or due for inspection within the notice days."""
    on = on or timezone.localdate()
    soon = on + timedelta(days=int(rules.value(EXPIRY_NOTICE_DAYS.key)))
    return Q(expiry_on__lte=soon) | Q(next_inspection_on__lte=soon)


def stock_state(stock: Stock, on: date | None = None) -> list[tuple[str, str]]:
    """(label, colour) badges of a stock row: below minimum, expired, expiring, inspection due."""
    on = on or timezone.localdate()
    soon = on + timedelta(days=int(rules.value(EXPIRY_NOTICE_DAYS.key)))
    badges = []
    if stock.below_minimum:
        badges.append((_("Below minimum"), "danger"))
    if stock.expiry_on and stock.expiry_on < on:
        badges.append((_("Expired"), "danger"))
    elif stock.expiry_on and stock.expiry_on <= soon:
        badges.append((_("Expires soon"), "warning"))
    if stock.next_inspection_on and stock.next_inspection_on < on:
        badges.append((_("Inspection overdue"), "danger"))
    elif stock.next_inspection_on and stock.next_inspection_on <= soon:
        badges.append((_("Inspection due"), "warning"))
    return badges


# -- drills ----------------------------------------------------------------------------------------------------------


def _check(user, permission: str, company_id: int | None) -> None:
    if user is None:
        return
    if not user.has_perm(permission):
        raise PermissionDenied(_("You may not do that."))
    scope.check_company(user, company_id)


@transaction.atomic
def create_drill(*, user, plan: ContingencyPlan | None, actions=(), participants=(), **fields) -> Drill:
    """Record a drill of a plan, with its participants and follow-up actions: all of it, or nothing."""
    if plan is None:
        raise ValidationError({"plan": _("A drill belongs to a contingency plan: choose one.")})
    fields.setdefault("company", plan.company)
    _check(user, "emergency.add_drill", fields["company"].pk)
    drill = Drill(plan=plan, **fields)
    drill.full_clean(exclude=["number"])
    day = drill.held_on or drill.planned_on
    drill.number = numbering.next_number(DRILL_PREFIX, day.year, width=4)
    drill.save()
    if participants:
        drill.participants.set(participants)
    for values in actions:
        action = DrillAction(drill=drill, **values)
        try:
            action.full_clean()
        except ValidationError as exc:
            raise ValidationError({"actions": [m for ms in exc.message_dict.values() for m in ms]}) from exc
        action.save()
    return drill


def open_actions_q(on: date | None = None) -> Q:
    return Q(done_on__isnull=True)


def overdue_actions_q(on: date | None = None) -> Q:
    on = on or timezone.localdate()
    return Q(done_on__isnull=True, due_on__lt=on)


# -- weather modes -----------------------------------------------------------------------------------------------------


def default_plan(company: Company, kind: str) -> ContingencyPlan | None:
    plan_type = MODE_PLAN_TYPE.get(kind)
    plans = ContingencyPlan.objects.filter(plan_type=plan_type, status=PlanStatus.ACTIVE)
    return (
        plans.filter(company=company).order_by("code").first()
        or plans.filter(company_id=company.parent_id).order_by("code").first()
    )


def switch_on(
    company: Company,
    kind: str,
    *,
    user,
    plan: ContingencyPlan | None = None,
    level: str = "",
    note: str = "",
    source: str = ModeSource.MANUAL,
    at: datetime | None = None,
) -> WeatherMode:
    """Switch a typhoon or heat mode on for a company (and its subsidiaries); 409 when it is on already."""
    _check(user, "emergency.add_weathermode", company.pk)
    if kind not in ModeKind.values:
        raise ValidationError({"kind": _("Choose typhoon or heat.")})
    if level and level not in WarningLevel.values:
        raise ValidationError({"level": _("Choose blue, yellow, orange or red.")})
    if plan is not None and plan.company_id not in (company.pk, company.parent_id):
        raise ValidationError({"plan": _("The plan belongs to another company.")})
    mode = WeatherMode(
        company=company,
        kind=kind,
        plan=plan or default_plan(company, kind),
        level=level,
        note=note,
        source=source,
        started_at=at or timezone.now(),
        started_by=user,
    )
    # one mode of a kind on at a time: the database constraint decides, so two managers at once get a 409
    mode.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():
            mode.save()
    except IntegrityError as exc:
        raise ConflictError(
            _("%(mode)s is already on for %(company)s.") % {"mode": mode.get_kind_display(), "company": company}
        ) from exc
    return mode


def switch_off(mode: WeatherMode, *, user, at: datetime | None = None) -> WeatherMode:
    """End a mode (conditional update: ending twice is a 409)."""
    _check(user, "emergency.change_weathermode", mode.company_id)
    at = at or timezone.now()
    if at < mode.started_at:
        raise ValidationError({"ended_at": _("The mode ends before it started.")})
    updated = WeatherMode.objects.filter(pk=mode.pk, ended_at__isnull=True).update(
        ended_at=at, ended_by=user, updated=timezone.now()
    )
    if not updated:
        raise ConflictError(_("This mode has already ended."))
    mode.refresh_from_db()
    return mode


@transaction.atomic
def import_warning(
    company: Company,
    kind: str,
    level: str,
    *,
    user,
    issued_at: datetime | None = None,
    issuer: str = "",
    text: str = "",
) -> WeatherWarning:
    """Record a weather warning; at the rule's level or above it switches the mode on (or raises its level)."""
    _check(user, "emergency.add_weatherwarning", company.pk)
    warning = WeatherWarning(
        company=company, kind=kind, level=level, issued_at=issued_at or timezone.now(), issuer=issuer, text=text
    )
    warning.full_clean()
    threshold = LEVEL_RANK.get(str(rules.value(AUTO_MODE_LEVEL.key)), 3)
    if LEVEL_RANK[level] >= threshold:
        mode = WeatherMode.objects.filter(company=company, kind=kind, ended_at__isnull=True).first()
        if mode is None:
            mode = switch_on(
                company,
                kind,
                user=None,
                level=level,
                source=ModeSource.WARNING,
                note=text[:300],
                at=warning.issued_at,
            )
        elif LEVEL_RANK[level] > LEVEL_RANK.get(mode.level, 0):
            mode.level = level
            mode.save(update_fields=["level", "updated"])
        warning.mode = mode
    warning.save()
    return warning


def active_modes(user) -> list[WeatherMode]:
    """The modes on now that concern the user: their companies' and their parent company's."""
    modes = WeatherMode.objects.filter(ended_at__isnull=True).select_related("company", "plan")
    ids = scope.company_ids(user)
    if ids is None:
        return list(modes.order_by("started_at"))
    if not ids:
        return []
    parents = {p for p in Company.objects.filter(pk__in=ids).values_list("parent_id", flat=True) if p}
    return list(modes.filter(company_id__in=set(ids) | parents).order_by("started_at"))


def modes_for_company(company: Company, kind: str | None = None):
    """The modes on now that cover this company (its own and its parent's)."""
    modes = WeatherMode.objects.filter(ended_at__isnull=True, company_id__in=[company.pk, company.parent_id])
    return modes.filter(kind=kind) if kind else modes


def heat_window() -> tuple[time, time]:
    """The configured hottest hours (local time)."""
    value = rules.value(HEAT_WINDOW.key) or {}
    try:
        start = time.fromisoformat(str(value.get("start", "11:00")))
        end = time.fromisoformat(str(value.get("end", "15:00")))
    except (AttributeError, ValueError):
        start, end = time(11), time(15)
    return start, end


def overlaps_heat_window(start: datetime, end: datetime) -> bool:
    """Whether [start, end] touches the hottest hours of any local day it spans."""
    tz = _tz()
    if end < start:
        start, end = end, start
    win_start, win_end = heat_window()
    local_start, local_end = start.astimezone(tz), end.astimezone(tz)
    day = local_start.date()
    while day <= local_end.date():
        lo = datetime.combine(day, win_start, tz)
        hi = datetime.combine(day, win_end, tz)
        if local_start < hi and local_end > lo:
            return True
        day += timedelta(days=1)
    return False


def outdoor_work_warning(company: Company, start: datetime, end: datetime | None = None) -> str | None:
    """The warning a dispatcher sees when outdoor work of ``company`` from ``start`` to ``end`` falls in the
    hottest hours while heat mode is on for it; None otherwise."""
    if company is None or start is None:
        return None
    end = end or start
    if not modes_for_company(company, ModeKind.HEAT).exists():
        return None
    if not overlaps_heat_window(start, end):
        return None
    win_start, win_end = heat_window()
    return _(
        "Heat mode is on: this outdoor work falls in the hottest hours (%(start)s–%(end)s). "
        "Reschedule it if you can, or give the crew shade, water and rest breaks."
    ) % {"start": win_start.strftime("%H:%M"), "end": win_end.strftime("%H:%M")}


def dispatch_warning(company: Company, start: datetime, end: datetime | None = None) -> str | None:
    """The provider the work app calls at dispatch (same as ``outdoor_work_warning``)."""
    return outdoor_work_warning(company, start, end)


def mode_board(mode: WeatherMode) -> dict:
    """What a mode shows: the plan's checklist and roles, the stock below minimum and the plan's readiness."""
    companies = family_ids(mode.company)
    below = list(
        Stock.objects.filter(below_minimum_q(), warehouse__company_id__in=companies)
        .select_related("warehouse", "material")
        .order_by("warehouse__code", "material__code")
    )
    plan = mode.plan
    return {
        "checklist": list(plan.steps) if plan else [],
        "roles": list(plan.roles.select_related("staff", "deputy")) if plan else [],
        "below_minimum": below,
        "readiness": readiness(plan) if plan else None,
        "heat_window": heat_window() if mode.kind == ModeKind.HEAT else None,
    }


# -- figures ---------------------------------------------------------------------------------------------------------


def summary(company: Company | None, start: date, end: date, *, user=None) -> dict:
    """Drills planned and held, follow-up actions, plan readiness and stock below minimum: plain numbers.

    Drills planned count those planned in the period (not cancelled); held, those held in it. Readiness and
    stock are as of the period's end (or today, if earlier).
    """
    drills = Drill.objects.all()
    plans = ContingencyPlan.objects.filter(status=PlanStatus.ACTIVE)
    stocks = Stock.objects.all()
    actions = DrillAction.objects.all()
    if user is not None:
        drills, plans, stocks, actions = (q.restrict(user) for q in (drills, plans, stocks, actions))
    if company is not None:
        drills = drills.filter(company=company)
        plans = plans.filter(company=company)
        stocks = stocks.filter(warehouse__company=company)
        actions = actions.filter(drill__company=company)
    on = min(end, timezone.localdate())
    counts = drills.aggregate(
        planned=Count("id", filter=Q(planned_on__gte=start, planned_on__lte=end) & ~Q(status=DrillStatus.CANCELLED)),
        held=Count("id", filter=Q(status=DrillStatus.DONE, held_on__gte=start, held_on__lte=end)),
        cancelled=Count("id", filter=Q(status=DrillStatus.CANCELLED, planned_on__gte=start, planned_on__lte=end)),
    )
    held = drills.filter(status=DrillStatus.DONE, held_on__gte=start, held_on__lte=end)
    person_times = held.aggregate(staff=Count("participants"))["staff"] or 0
    others = held.aggregate(n=Sum("other_participants"))["n"] or 0
    period_actions = actions.filter(drill__in=held)
    ready = readiness_of_plans(plans.select_related("company"), on)
    with_needs = [r for r in ready if r.percent is not None]
    by_plan = {
        r.plan.code: {"name": r.plan.name, "plan_type": r.plan.plan_type, "readiness_percent": r.percent} for r in ready
    }
    return {
        "drills_planned": counts["planned"],
        "drills_held": counts["held"],
        "drills_cancelled": counts["cancelled"],
        "drills_held_percent": round(counts["held"] / counts["planned"] * 100, 1) if counts["planned"] else None,
        "drill_participants": person_times + others,
        "actions": period_actions.count(),
        "actions_open": actions.filter(done_on__isnull=True).count(),
        "actions_overdue": actions.filter(overdue_actions_q(on)).count(),
        "plans": len(ready),
        "readiness_percent": round(sum(r.percent for r in with_needs) / len(with_needs), 1) if with_needs else None,
        "readiness_min_percent": min((r.percent for r in with_needs), default=None),
        "stock_items": stocks.count(),
        "stock_below_minimum": stocks.filter(below_minimum_q()).count(),
        "stock_expired": stocks.filter(expiry_on__lt=on).count(),
        "by_plan": by_plan,
    }
