"""Inspection services: round schedules, answers and findings, GPS tracks and coverage, violations, figures.

Findings become repair-centre tickets through the work app's service (channel: patrol), never a copy.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, Q, Sum
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from shuiwu.assets.models import Asset
from shuiwu.core import numbering, rules, scope
from shuiwu.core.exceptions import ConflictError
from shuiwu.inspections.choices import (
    FINDING_TICKET_CATEGORY,
    FindingKind,
    FindingStatus,
    FrequencyUnit,
    ItemKind,
    PlanType,
    RoundStatus,
)
from shuiwu.inspections.models import Answer, Finding, Plan, Round, TrackPoint, Violation, Visit
from shuiwu.inspections.rules import COVERAGE_TOLERANCE_M, MAX_TRACK_BATCH
from shuiwu.lib import geo

VIOLATION_PREFIX = "WG"


# -- schedules -------------------------------------------------------------------------


def _add_months(day: date, months: int, anchor_day: int) -> date:
    month = day.month - 1 + months
    year = day.year + month // 12
    month = month % 12 + 1
    return date(year, month, min(anchor_day, calendar.monthrange(year, month)[1]))


def occurrences(plan: Plan, start: date, end: date) -> list[datetime]:
    """The plan's round times whose local date falls in [start, end], as aware datetimes (local time)."""
    tz = timezone.get_current_timezone()
    first = max(start, plan.start_date)
    last = min(end, plan.end_date) if plan.end_date else end
    if first > last:
        return []
    times: list[datetime] = []
    if plan.unit == FrequencyUnit.HOURS:
        day = first
        while day <= last:
            hour = plan.window_start
            while hour < plan.window_end:
                times.append(datetime.combine(day, time(hour), tz))
                hour += plan.every
            day += timedelta(days=1)
        return times
    at = time(plan.window_start)
    if plan.unit in (FrequencyUnit.DAYS, FrequencyUnit.WEEKS):
        step = plan.every * (7 if plan.unit == FrequencyUnit.WEEKS else 1)
        offset = (first - plan.start_date).days
        day = plan.start_date + timedelta(days=-(-offset // step) * step)
        while day <= last:
            times.append(datetime.combine(day, at, tz))
            day += timedelta(days=step)
        return times
    n = 0
    day = plan.start_date
    while day <= last:
        if day >= first:
            times.append(datetime.combine(day, at, tz))
        n += plan.every
        day = _add_months(plan.start_date, n, plan.start_date.day)
    return times


def grace(plan: Plan) -> timedelta:
    """How long after its time a round may be done before it is overdue."""
    if plan.grace_hours:
        return timedelta(hours=plan.grace_hours)
    return {
        FrequencyUnit.HOURS: timedelta(hours=plan.every),
        FrequencyUnit.DAYS: timedelta(days=plan.every),
        FrequencyUnit.WEEKS: timedelta(weeks=plan.every),
        FrequencyUnit.MONTHS: timedelta(days=30 * plan.every),
    }[plan.unit]


def checkpoint_assets(plan: Plan) -> list[Asset]:
    """The assets a round visits in order: the plan's checkpoints, or the facility's units."""
    assets = [c.asset for c in plan.checkpoints.select_related("asset").order_by("order", "id")]
    if not assets and plan.facility_id:
        assets = list(Asset.objects.filter(parent_id=plan.facility_id).order_by("code"))
    return assets


def planned_km(plan: Plan) -> Decimal:
    if plan.target_km:
        return plan.target_km
    metres = plan.route.aggregate(total=Sum("length"))["total"] or 0
    return Decimal(str(round(metres / 1000, 3)))


def generate_rounds(start: date, end: date, plans=None) -> int:
    """Create the rounds of every active plan for local days [start, end]; re-running creates nothing twice."""
    plans = plans if plans is not None else Plan.objects.filter(active=True)
    made = 0
    for plan in plans.select_related("team") if hasattr(plans, "select_related") else plans:
        times = occurrences(plan, start, end)
        if not times:
            continue
        km = planned_km(plan)
        count = len(checkpoint_assets(plan))
        existing = set(Round.objects.filter(plan=plan, scheduled_for__in=times).values_list("scheduled_for", flat=True))
        new = [
            Round(
                company_id=plan.company_id,
                plan=plan,
                team_id=plan.team_id,
                scheduled_for=t,
                due_by=t + grace(plan),
                planned_km=km,
                checkpoints_planned=count,
            )
            for t in times
            if t not in existing
        ]
        Round.objects.bulk_create(new, batch_size=2000, ignore_conflicts=True)
        made += len(new)
    return made


def mark_overdue(now: datetime | None = None) -> int:
    """Planned rounds whose time to be done has passed are flagged overdue."""
    return Round.objects.filter(status=RoundStatus.PLANNED, due_by__lt=now or timezone.now()).update(
        status=RoundStatus.OVERDUE
    )


# -- walking a round ------------------------------------------------------------------------


def _check_round_user(round_: Round, user) -> None:
    if user is None:
        return
    scope.check_company(user, round_.company_id)
    if not user.has_perm("inspections.change_round"):
        raise PermissionDenied(_("You may not work on rounds."))


def start_round(round_: Round, *, user, crew_size: int | None = None, at: datetime | None = None) -> Round:
    _check_round_user(round_, user)
    if round_.finished_at is not None:
        raise ConflictError(_("The round is already done."), status=round_.status)
    if crew_size is not None and crew_size < 1:
        raise ValidationError({"crew_size": _("At least one person.")})
    now = at or timezone.now()
    updated = Round.objects.filter(pk=round_.pk, started_at__isnull=True).update(
        status=RoundStatus.IN_PROGRESS, started_at=now, inspector=user, crew_size=crew_size or round_.crew_size
    )
    round_.refresh_from_db()
    if not updated and crew_size:
        Round.objects.filter(pk=round_.pk).update(crew_size=crew_size)
        round_.refresh_from_db()
    return round_


def _ensure_started(round_: Round, user, at) -> None:
    if round_.finished_at is not None:
        raise ConflictError(_("The round is already done."), status=round_.status)
    if round_.started_at is None:
        start_round(round_, user=user, at=at)


def _checkpoint_of(round_: Round, asset: Asset) -> None:
    if asset not in checkpoint_assets(round_.plan) and not round_.plan.route.filter(pk=asset.pk).exists():
        raise ValidationError({"asset": _("%(asset)s is not a checkpoint of this round.") % {"asset": asset}})


def judge(item, value) -> tuple[dict, bool]:
    """The stored fields of an answer to ``item`` and whether it is out of limits; ValidationError if the
    value does not fit the item's kind."""
    if value in (None, "") and item.kind not in (ItemKind.PHOTO,):
        if item.required:
            raise ValidationError({"value": _("“%(item)s” needs an answer.") % {"item": item.label}})
        return {}, False
    if item.kind == ItemKind.NUMBER:
        try:
            number = Decimal(str(value).strip())
        except (InvalidOperation, ValueError):
            raise ValidationError(
                {"value": _("“%(item)s” takes a number, not “%(value)s”.") % {"item": item.label, "value": value}}
            ) from None
        if not number.is_finite():
            raise ValidationError({"value": _("“%(item)s” takes a finite number.") % {"item": item.label}})
        low = item.min_value is not None and number < item.min_value
        high = item.max_value is not None and number > item.max_value
        return {"number": number}, low or high
    if item.kind == ItemKind.YES_NO:
        if isinstance(value, bool):
            yes = value
        elif str(value).lower() in ("true", "yes", "1", "是"):
            yes = True
        elif str(value).lower() in ("false", "no", "0", "否"):
            yes = False
        else:
            raise ValidationError(
                {"value": _("“%(item)s” takes yes or no, not “%(value)s”.") % {"item": item.label, "value": value}}
            )
        return {"yes": yes}, item.expected is not None and yes != item.expected
    if item.kind == ItemKind.CHOICE:
        if value not in item.choices:
            raise ValidationError(
                {
                    "value": _("“%(value)s” is not one of %(choices)s.")
                    % {"value": value, "choices": "、".join(map(str, item.choices))}
                }
            )
        return {"text": value}, value in item.bad_choices
    if item.kind == ItemKind.NOTE:
        return {"text": str(value)[:200]}, False
    return {}, False  # photo: the file comes separately


@transaction.atomic
def record_answer(
    round_: Round, *, asset: Asset, item, value=None, photo=None, user=None, at: datetime | None = None
) -> tuple[Answer, Finding | None]:
    """Record one checklist answer at a checkpoint; an out-of-limits answer creates a finding at once."""
    _check_round_user(round_, user)
    if item.checklist_id != round_.plan.checklist_id:
        raise ValidationError({"item": _("That item belongs to another checklist.")})
    _checkpoint_of(round_, asset)
    fields, out = judge(item, value)
    if item.kind == ItemKind.PHOTO and photo is None and item.required:
        raise ValidationError({"photo": _("“%(item)s” needs a photo.") % {"item": item.label}})
    now = at or timezone.now()
    _ensure_started(round_, user, now)
    answer, _created = Answer.objects.update_or_create(
        round=round_,
        asset=asset,
        item=item,
        defaults={"number": None, "yes": None, "text": "", **fields, "out_of_limits": out, "at": now},
    )
    if photo is not None:
        answer.photo = photo
        answer.save(update_fields=["photo"])
    Visit.objects.update_or_create(round=round_, asset=asset, defaults={"at": now, "skipped": False, "reason": ""})
    finding = None
    if out and not hasattr(answer, "finding"):
        finding = Finding.objects.create(
            company_id=round_.company_id,
            round=round_,
            answer=answer,
            kind=item.finding_kind,
            asset=asset,
            description=f"{item.label}: {answer.display}" + (f" ({item.limits})" if item.limits else ""),
            lon=(asset.centre or (None, None))[0],
            lat=(asset.centre or (None, None))[1],
            reported_at=now,
            reported_by=user,
        )
    return answer, finding


def skip_checkpoint(round_: Round, *, asset: Asset, reason: str, user=None, at: datetime | None = None) -> Visit:
    _check_round_user(round_, user)
    _checkpoint_of(round_, asset)
    if not reason.strip():
        raise ValidationError({"reason": _("Give the reason for skipping.")})
    now = at or timezone.now()
    _ensure_started(round_, user, now)
    visit, _created = Visit.objects.update_or_create(
        round=round_, asset=asset, defaults={"at": now, "skipped": True, "reason": reason}
    )
    return visit


def parse_points(points) -> list[tuple[datetime, float, float, float | None]]:
    """Validate a batch of track points: times in order, positions in range. ValidationError names the point."""
    if not isinstance(points, list) or not points:
        raise ValidationError({"points": _("Send a list of points.")})
    limit = int(rules.value(MAX_TRACK_BATCH.key))
    if len(points) > limit:
        raise ValidationError({"points": _("At most %(n)s points in one batch.") % {"n": limit}})
    parsed, errors = [], []
    previous = None
    for i, p in enumerate(points, start=1):
        try:
            t = p["t"] if isinstance(p["t"], datetime) else parse_datetime(str(p["t"]))
            lon, lat = float(p["lon"]), float(p["lat"])
            accuracy = float(p["accuracy"]) if p.get("accuracy") not in (None, "") else None
        except (KeyError, TypeError, ValueError):
            errors.append(_("point %(i)s: needs t (ISO time), lon and lat") % {"i": i})
            continue
        if t is None:
            errors.append(_("point %(i)s: the time is not an ISO date and time") % {"i": i})
            continue
        if timezone.is_naive(t):
            t = timezone.make_aware(t)
        if not (-180 <= lon <= 180 and -90 <= lat <= 90):
            errors.append(
                _("point %(i)s: %(lon)s, %(lat)s is outside longitude/latitude range")
                % {"i": i, "lon": lon, "lat": lat}
            )
        if previous is not None and t <= previous:
            errors.append(_("point %(i)s: its time is not after the point before it") % {"i": i})
        if t > timezone.now() + timedelta(minutes=5):
            errors.append(_("point %(i)s: its time is in the future") % {"i": i})
        previous = t
        parsed.append((t, lon, lat, accuracy))
    if errors:
        raise ValidationError({"points": errors[:20]})
    return parsed


@transaction.atomic
def add_track(round_: Round, points, *, user=None) -> int:
    """Append a batch of GPS points to a round; all or nothing."""
    _check_round_user(round_, user)
    if round_.finished_at is not None:
        raise ConflictError(_("The round is already done."), status=round_.status)
    parsed = parse_points(points)
    last = round_.track.order_by("-t").values_list("t", flat=True).first()
    if last is not None and parsed[0][0] <= last:
        raise ValidationError({"points": [_("point 1: its time is not after the last point already received")]})
    _ensure_started(round_, user, parsed[0][0])
    TrackPoint.objects.bulk_create(
        [TrackPoint(round=round_, t=t, lon=lon, lat=lat, accuracy=a) for t, lon, lat, a in parsed]
    )
    return len(parsed)


def coverage(round_: Round) -> tuple[float, float, float]:
    """(km of the route within the tolerance of the track, km of route, km travelled)."""
    track = list(round_.track.order_by("t").values_list("lon", "lat"))
    lines = [
        g["coordinates"]
        for g in round_.plan.route.values_list("geometry", flat=True)
        if g and g.get("type") == "LineString"
    ]
    covered, total = geo.covered_length(lines, track, float(rules.value(COVERAGE_TOLERANCE_M.key)))
    return covered / 1000, total / 1000, geo.track_length_m(track) / 1000


@transaction.atomic
def finish_round(round_: Round, *, user=None, note: str = "", dredged_km=None, at: datetime | None = None) -> Round:
    """Close a round: coverage of the route, checkpoints done and skipped, late or not."""
    _check_round_user(round_, user)
    if round_.finished_at is not None:
        raise ConflictError(_("The round is already done."), status=round_.status)
    now = at or timezone.now()
    if round_.started_at is None:
        raise ConflictError(_("The round has not started."), status=round_.status)
    covered, total, travelled = coverage(round_)
    visits = round_.visits.aggregate(
        done=Count("id", filter=Q(skipped=False)), skipped=Count("id", filter=Q(skipped=True))
    )
    planned = round_.checkpoints_planned
    round_.status = RoundStatus.DONE
    round_.finished_at = now
    round_.finished_late = now > round_.due_by
    round_.covered_km = Decimal(str(round(covered, 3))) if total else None
    round_.coverage_percent = Decimal(str(round(100 * covered / total, 1))) if total else None
    round_.track_km = Decimal(str(round(travelled, 3)))
    round_.checkpoints_done = visits["done"]
    round_.checkpoints_skipped = visits["skipped"] + max(0, planned - visits["done"] - visits["skipped"])
    if dredged_km is not None:
        round_.dredged_km = Decimal(str(dredged_km))
    if note:
        round_.note = note
    round_.save()
    return round_


# -- findings and violations -----------------------------------------------------------------


def report_finding(
    *,
    user,
    kind: str,
    description: str = "",
    round_: Round | None = None,
    asset: Asset | None = None,
    lon: float | None = None,
    lat: float | None = None,
    photo=None,
    at: datetime | None = None,
) -> Finding:
    """A patroller reports something directly (not from a checklist answer)."""
    company_id = round_.company_id if round_ else (asset.company_id if asset else None)
    if company_id is None:
        ids = scope.company_ids(user)
        company_id = next(iter(ids)) if ids else None
    if company_id is None:
        raise ValidationError({"round": _("Give the round or the asset the finding belongs to.")})
    if user is not None:
        scope.check_company(user, company_id)
    if lon is None and asset is not None and asset.centre:
        lon, lat = asset.centre
    if (lon is None) != (lat is None) or (lon is not None and not (-180 <= lon <= 180 and -90 <= lat <= 90)):
        raise ValidationError({"lon": _("Give a valid position, or neither coordinate.")})
    finding = Finding(
        company_id=company_id,
        round=round_,
        kind=kind,
        description=description,
        asset=asset,
        lon=lon,
        lat=lat,
        reported_at=at or timezone.now(),
        reported_by=user,
    )
    if photo is not None:
        finding.photo = photo
    finding.full_clean(exclude=["ticket", "answer"])
    finding.save()
    return finding


def raise_ticket(finding: Finding, *, user):
    """One tap: the finding becomes a repair-centre ticket (channel: patrol)."""
    from shuiwu.work import services as work
    from shuiwu.work.choices import Channel

    if finding.ticket_id:
        raise ConflictError(_("A ticket was already raised: %(number)s.") % {"number": finding.ticket.number})
    if user is not None:
        scope.check_company(user, finding.company_id)
    plan = finding.round.plan if finding.round_id else None
    ticket = work.create_ticket(
        user=user,
        category=FINDING_TICKET_CATEGORY.get(finding.kind, "other"),
        channel=Channel.PATROL,
        caller_name=str(plan.team) if plan else (user.get_full_name() or user.get_username() if user else ""),
        address=finding.asset.address if finding.asset and finding.asset.address else "",
        lon=finding.lon,
        lat=finding.lat,
        asset=finding.asset,
        description=f"[{finding.get_kind_display()}] {finding.description}".strip(),
        received_at=timezone.now(),
    )
    finding.ticket = ticket
    finding.status = FindingStatus.TICKET
    finding.save(update_fields=["ticket", "status", "updated"])
    return ticket


def open_violation(
    finding: Finding,
    *,
    user,
    party: str,
    party_phone: str = "",
    address: str = "",
    description: str = "",
    estimated_volume_m3=Decimal("0"),
    fee=Decimal("0"),
) -> Violation:
    if finding.kind != FindingKind.ILLEGAL_USE:
        raise ValidationError({"finding": _("Only an illegal-use finding opens a violation case.")})
    if hasattr(finding, "violation"):
        raise ConflictError(_("A case is already open: %(number)s.") % {"number": finding.violation.number})
    if user is not None:
        scope.check_company(user, finding.company_id)
    now = timezone.now()
    case = Violation(
        company_id=finding.company_id,
        finding=finding,
        party=party,
        party_phone=party_phone,
        address=address or (finding.asset.address if finding.asset else ""),
        description=description or finding.description,
        estimated_volume_m3=estimated_volume_m3,
        fee=fee,
        opened_at=now,
    )
    case.full_clean(exclude=["number"])
    case.number = numbering.next_number(VIOLATION_PREFIX, timezone.localtime(now).year)
    case.save()
    return case


# -- figures --------------------------------------------------------------------------------------


@dataclass
class Period:
    since: datetime
    until: datetime


def _period(start: date, end: date) -> Period:
    tz = timezone.get_current_timezone()
    return Period(datetime.combine(start, time.min, tz), datetime.combine(end + timedelta(days=1), time.min, tz))


def summary(company, start: date, end: date, *, user=None) -> dict:
    """Patrols and inspections for a period: plain numbers, as reports compose them."""
    period = _period(start, end)
    rounds = Round.objects.filter(scheduled_for__gte=period.since, scheduled_for__lt=period.until)
    findings = Finding.objects.filter(reported_at__gte=period.since, reported_at__lt=period.until)
    cases = Violation.objects.filter(opened_at__gte=period.since, opened_at__lt=period.until)
    if user is not None:
        rounds, findings, cases = rounds.restrict(user), findings.restrict(user), cases.restrict(user)
    if company is not None:
        rounds, findings, cases = (
            rounds.filter(company=company),
            findings.filter(company=company),
            cases.filter(company=company),
        )
    by_type = {}
    for row in (
        rounds.values("plan__plan_type")
        .annotate(
            planned=Count("id"),
            done=Count("id", filter=Q(status=RoundStatus.DONE)),
            overdue=Count("id", filter=Q(status=RoundStatus.OVERDUE)),
            late=Count("id", filter=Q(finished_late=True)),
            person_trips=Sum("crew_size"),
            km=Sum("covered_km"),
            dredged=Sum("dredged_km"),
        )
        .order_by()
    ):
        by_type[row["plan__plan_type"]] = {
            "planned": row["planned"],
            "done": row["done"],
            "overdue": row["overdue"],
            "late": row["late"],
            "person_trips": row["person_trips"] or 0,
            "km_covered": float(row["km"] or 0),
            "km_dredged": float(row["dredged"] or 0),
        }
    totals = rounds.aggregate(
        planned=Count("id"),
        done=Count("id", filter=Q(status=RoundStatus.DONE)),
        overdue=Count("id", filter=Q(status=RoundStatus.OVERDUE)),
        person_trips=Sum("crew_size"),
        km=Sum("covered_km"),
        dredged=Sum("dredged_km"),
    )
    secondary = rounds.filter(plan__plan_type__in=[PlanType.SECONDARY_SUPPLY, PlanType.TANK_CLEANING])
    case_totals = cases.aggregate(
        n=Count("id"), fees=Sum("fee"), paid=Sum("fee_paid"), volume=Sum("estimated_volume_m3")
    )
    return {
        "company": company.code if company else None,
        "start": start.isoformat(),
        "end": end.isoformat(),
        "rounds_planned": totals["planned"],
        "rounds_done": totals["done"],
        "rounds_overdue": totals["overdue"],
        "person_trips": totals["person_trips"] or 0,
        "km_covered": round(float(totals["km"] or 0), 3),
        "km_dredged": round(float(totals["dredged"] or 0), 3),
        "by_plan_type": by_type,
        "findings": findings.count(),
        "findings_by_kind": dict(findings.values_list("kind").annotate(n=Count("id")).order_by()),
        "tickets_raised": findings.filter(ticket__isnull=False).count(),
        "violations": case_totals["n"],
        "violation_volume_m3": str(case_totals["volume"] or Decimal("0")),
        "violation_fees": str(case_totals["fees"] or Decimal("0.00")),
        "violation_fees_recovered": str(case_totals["paid"] or Decimal("0.00")),
        # Each pump room visited is one inspection (the installation company counts them so).
        "secondary_supply_inspections": Visit.objects.filter(round__in=secondary, skipped=False).count(),
        "secondary_supply_faults": findings.filter(
            round__plan__plan_type__in=[PlanType.SECONDARY_SUPPLY, PlanType.TANK_CLEANING]
        ).count(),
    }


def unauthorised_volume(start: date, end: date, *, company=None, dma=None) -> float:
    """m³ of illegal use estimated on the violation cases opened from ``start`` to ``end`` (apparent losses)."""
    cases = Violation.objects.filter(opened_at__date__gte=start, opened_at__date__lte=end)
    if company is not None:
        cases = cases.filter(company=company)
    if dma is not None:
        cases = cases.filter(finding__asset__dma=dma)
    return float(cases.aggregate(v=Sum("estimated_volume_m3"))["v"] or 0)
