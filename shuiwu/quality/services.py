"""Domain operations of the lab: tasks from plans, samples and their results, review, compliance, exceedances,
pass rates (CJ/T 206 Table 4), the comparison with online analysers, and the summary."""

from __future__ import annotations

import calendar
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.apps import apps as django_apps
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, Q
from django.db.models.functions import TruncMonth
from django.utils import timezone
from django.utils.translation import gettext as _

from shuiwu.core import numbering, rules
from shuiwu.core.exceptions import ConflictError
from shuiwu.quality import values
from shuiwu.quality.choices import (
    DRINKING_KINDS,
    EDITABLE_SAMPLE_STATUSES,
    FINISHED_KINDS,
    NETWORK_KINDS,
    ExceedanceLevel,
    ExceedanceStatus,
    Period,
    PointKind,
    SampleStatus,
    StandardKind,
    TaskKind,
    TaskStatus,
    Verdict,
)
from shuiwu.quality.models import (
    Escalation,
    Exceedance,
    Limit,
    Parameter,
    Plan,
    Result,
    Sample,
    SampleTask,
    SamplingPoint,
)

SAMPLE_PREFIX = "SY"


def local_day(at: datetime) -> date:
    return timezone.localtime(at).date()


def day_start(day: date) -> datetime:
    return datetime.combine(day, time.min, timezone.get_current_timezone())


def _check(user, perm: str) -> None:
    if user is not None and not user.has_perm(perm):
        raise PermissionDenied(_("You may not do this."))


# -- limits --------------------------------------------------------------------------------------------------------


class LimitTable:
    """Every limit of the active standards, read once, to judge many results."""

    def __init__(self):
        self.by_parameter: dict[tuple[str, int], list[Limit]] = defaultdict(list)
        for limit in Limit.objects.filter(standard__active=True).select_related("standard", "parameter"):
            self.by_parameter[(limit.standard.kind, limit.parameter_id)].append(limit)

    def limit_for(self, kind: str, parameter_id: int, point_kind: str) -> Limit | None:
        """The limit of this kind (national, internal) at this kind of point; one naming the point kind wins."""
        candidates = [lim for lim in self.by_parameter.get((kind, parameter_id), []) if lim.applies_to(point_kind)]
        if not candidates:
            return None
        candidates.sort(key=lambda lim: (0 if lim.point_kinds else 1, lim.pk))
        return candidates[0]


def judge(result: Result, point_kind: str, table: LimitTable) -> None:
    """Set a result's verdicts against the national and the internal limit (not saved)."""
    for kind, field in ((StandardKind.NATIONAL, "national"), (StandardKind.INTERNAL, "internal")):
        limit = table.limit_for(kind, result.parameter_id, point_kind)
        setattr(result, f"{field}_limit", limit)
        verdict = values.judge(result.measured, limit.kind, limit.lower, limit.upper) if limit else Verdict.NONE
        setattr(result, field, verdict)


# -- tasks from plans ----------------------------------------------------------------------------------------------


def _month_index(day: date) -> int:
    return day.year * 12 + day.month - 1


def _month_start(index: int) -> date:
    return date(index // 12, index % 12 + 1, 1)


def windows(plan: Plan, start: date, end: date) -> list[tuple[date, date]]:
    """The plan's periods that end within [start, end]: (first day, last day)."""
    out = []
    if plan.period == Period.DAY:
        epoch = date(2000, 1, 1)
        day = start - timedelta(days=plan.every - 1)
        while day <= end:
            if (day - epoch).days % plan.every == 0:
                out.append((day, day + timedelta(days=plan.every - 1)))
            day += timedelta(days=1)
        return out
    step = plan.every * (12 if plan.period == Period.YEAR else 1)
    first = _month_index(start)
    first -= first % step
    index = first
    while _month_start(index) <= end:
        a = _month_start(index)
        b = _month_start(index + step) - timedelta(days=1)
        if b >= start:
            out.append((a, b))
        index += step
    return out


def slots(first: date, last: date, times: int) -> list[tuple[date, date]]:
    """``times`` sub-windows of a period, each (opens, due), spread evenly; the last is due on the last day."""
    days = (last - first).days + 1
    out, opens = [], first
    for i in range(times):
        due = first + timedelta(days=max(0, -(-(i + 1) * days // times) - 1))
        out.append((opens, due))
        opens = due + timedelta(days=1)
    return out


def generate_tasks(start: date, end: date, *, points=None) -> int:
    """Tasks of every active plan at every active point of its kinds, and of raised frequencies, due in [start, end].

    Idempotent: tasks that exist are kept as they are. Returns the number created.
    """
    points = list((points if points is not None else SamplingPoint.objects.all()).filter(active=True))
    made: list[SampleTask] = []
    for plan in Plan.objects.filter(active=True):
        targets = [p for p in points if p.kind in plan.point_kinds]
        if not targets:
            continue
        for first, last in windows(plan, start, end):
            for slot, (opens, due) in enumerate(slots(first, last, plan.times)):
                if not (start <= due <= end):
                    continue
                for point in targets:
                    made.append(
                        SampleTask(
                            company_id=point.company_id,
                            point=point,
                            plan=plan,
                            kind=TaskKind.ROUTINE,
                            window_start=opens,
                            due=due,
                            slot=slot,
                        )
                    )
    ids = [p.pk for p in points]
    escalations = Escalation.objects.filter(point_id__in=ids, starts__lte=end, ends__gte=start).select_related(
        "parameter"
    )
    rows = SampleTask.objects.filter(kind=TaskKind.ESCALATED, point_id__in=ids, due__gte=start, due__lte=end)
    existing = {
        (p, d, s, tuple(c or ())) for p, d, s, c in rows.values_list("point_id", "due", "slot", "parameter_codes")
    }
    for esc in escalations:
        day = max(esc.starts, start)
        while day <= min(esc.ends, end):
            for slot in range(esc.per_day):
                key = (esc.point_id, day, slot, (esc.parameter.code,))
                if key not in existing:
                    existing.add(key)
                    made.append(
                        SampleTask(
                            company_id=esc.company_id,
                            point_id=esc.point_id,
                            kind=TaskKind.ESCALATED,
                            window_start=day,
                            due=day,
                            slot=slot,
                            parameter_codes=[esc.parameter.code],
                            reason=esc.reason,
                        )
                    )
            day += timedelta(days=1)
    before = SampleTask.objects.count()
    SampleTask.objects.bulk_create(made, ignore_conflicts=True, batch_size=2000)
    return SampleTask.objects.count() - before


def flag_missed(today: date | None = None) -> int:
    """Open tasks past their due day become missed (a conditional update: safe to run twice)."""
    today = today or timezone.localdate()
    return SampleTask.objects.filter(status=TaskStatus.OPEN, due__lt=today).update(status=TaskStatus.MISSED)


# -- samples -------------------------------------------------------------------------------------------------------


def parameters_by_code(codes) -> list[Parameter]:
    found = {p.code: p for p in Parameter.objects.filter(code__in=codes)}
    return [found[c] for c in codes if c in found]


@transaction.atomic
def take_sample(
    *,
    user,
    point: SamplingPoint | None = None,
    task: SampleTask | None = None,
    sampled_at: datetime | None = None,
    sampled_by: str = "",
    parameter_codes: list[str] | None = None,
    note: str = "",
) -> Sample:
    """Record a bottle taken at a point, for a task (which is then done; late when after its due day) or ad hoc."""
    _check(user, "quality.add_sample")
    sampled_at = sampled_at or timezone.now()
    if task is not None:
        point = task.point
        if task.status in (TaskStatus.TAKEN, TaskStatus.CANCELLED):
            raise ConflictError(_("This task is already done or cancelled."))
    if point is None:
        raise ValidationError({"point": _("Choose a sampling point.")})
    codes = list(parameter_codes or (task.codes() if task else []))
    if not codes:
        raise ValidationError({"parameter_codes": _("Choose at least one parameter.")})
    unknown = sorted(set(codes) - set(Parameter.objects.filter(code__in=codes).values_list("code", flat=True)))
    if unknown:
        raise ValidationError({"parameter_codes": _("Unknown parameter: %(codes)s") % {"codes": ", ".join(unknown)}})
    sample = Sample(
        company_id=point.company_id,
        point=point,
        task=task,
        kind=task.kind if task else TaskKind.ROUTINE,
        parameter_codes=codes,
        sampled_at=sampled_at,
        sampled_by=sampled_by or (user.get_full_name() or user.get_username() if user else ""),
        note=note,
        number=numbering.next_number(SAMPLE_PREFIX, timezone.localtime(sampled_at).year),
    )
    sample.save()
    if task is not None:
        late = local_day(sampled_at) > task.due
        updated = SampleTask.objects.filter(pk=task.pk, status__in=[TaskStatus.OPEN, TaskStatus.MISSED]).update(
            status=TaskStatus.TAKEN, late=late, taken_at=sampled_at
        )
        if not updated:
            raise ConflictError(_("This task is already done or cancelled."))
    return sample


def _result_errors(sample: Sample, entries: dict[str, object]) -> tuple[dict, list[tuple[Parameter, values.Measured]]]:
    params = {p.code: p for p in Parameter.objects.filter(code__in=list(entries))}
    errors, parsed = {}, []
    for code, raw in entries.items():
        parameter = params.get(code)
        if parameter is None:
            errors[code] = _("Unknown parameter.")
            continue
        if raw is None or (isinstance(raw, str) and not raw.strip()):
            continue  # left blank: not measured yet
        try:
            parsed.append((parameter, values.parse(raw, qualitative=parameter.qualitative)))
        except values.ValueError_ as exc:
            errors[code] = reason_text(exc.reason, exc.text)
    return errors, parsed


def reason_text(reason: str, text: str) -> str:
    if reason == "empty":
        return _("No value.")
    return _("“%(text)s” is not a number, a censored value such as <0.01, or 未检出.") % {"text": text}


@transaction.atomic
def enter_results(sample: Sample, entries: dict[str, object], *, user, submit: bool = False) -> Sample:
    """Save reported values {parameter code: text}; with ``submit``, hand the sample to review.

    Every value is checked first; one bad value writes nothing.
    """
    _check(user, "quality.change_sample")
    sample = Sample.objects.select_for_update().get(pk=sample.pk)
    if sample.status not in EDITABLE_SAMPLE_STATUSES:
        raise ConflictError(_("This sample's results can no longer be changed."))
    errors, parsed = _result_errors(sample, entries)
    if errors:
        raise ValidationError(errors)
    existing = {r.parameter_id: r for r in sample.results.all()}
    for parameter, measured in parsed:
        result = existing.get(parameter.pk) or Result(sample=sample, parameter=parameter)
        result.reported = measured.text[:50]
        result.qualifier = measured.qualifier
        result.value = measured.value
        result.national = result.internal = Verdict.NONE
        result.national_limit = result.internal_limit = None
        result.save()
    codes = list(dict.fromkeys([*sample.parameter_codes, *[p.code for p, _m in parsed]]))
    changes = {"parameter_codes": codes}
    if submit:
        missing = [c for c in codes if c not in {r.parameter.code for r in sample.results.select_related("parameter")}]
        if missing:
            raise ValidationError(
                {
                    "results": _("Enter every parameter before review; missing: %(codes)s")
                    % {"codes": ", ".join(missing)}
                }
            )
        changes.update(status=SampleStatus.ENTERED, entered_by=user, entered_at=timezone.now())
    for key, value in changes.items():
        setattr(sample, key, value)
    sample.save()
    return sample


@transaction.atomic
def return_sample(sample: Sample, *, user, note: str) -> Sample:
    _check(user, "quality.approve_sample")
    if not note.strip():
        raise ValidationError({"note": _("Say what needs correcting.")})
    updated = Sample.objects.filter(pk=sample.pk, status=SampleStatus.ENTERED).update(
        status=SampleStatus.RETURNED, review_note=note[:300], reviewed_by=user, reviewed_at=timezone.now()
    )
    if not updated:
        raise ConflictError(_("Only a sample waiting for review can be returned."))
    sample.refresh_from_db()
    return sample


@transaction.atomic
def approve(sample: Sample, *, user, note: str = "", at: datetime | None = None, table: LimitTable | None = None):
    """The reviewer approves: every result is judged, and each exceedance starts its workflow."""
    _check(user, "quality.approve_sample")
    if user is not None and sample.entered_by_id == user.pk and not user.is_superuser:
        raise PermissionDenied(_("The one who entered the results cannot approve them."))
    at = at or timezone.now()
    updated = Sample.objects.filter(pk=sample.pk, status=SampleStatus.ENTERED).update(
        status=SampleStatus.APPROVED, reviewed_by=user, reviewed_at=at, review_note=note[:300]
    )
    if not updated:
        raise ConflictError(_("Only a sample waiting for review can be approved."))
    sample.refresh_from_db()
    table = table or LimitTable()
    point = sample.point
    results = list(sample.results.select_related("parameter"))
    for result in results:
        judge(result, point.kind, table)
    Result.objects.bulk_update(results, ["national", "national_limit", "internal", "internal_limit"])
    for result in results:
        if result.national == Verdict.FAIL:
            open_exceedance(result, ExceedanceLevel.NATIONAL, result.national_limit, at=at)
        elif result.internal == Verdict.FAIL:
            open_exceedance(result, ExceedanceLevel.INTERNAL, result.internal_limit, at=at)
        elif result.national in (Verdict.PASS, Verdict.NONE) and sample.kind in (TaskKind.RETEST, TaskKind.ESCALATED):
            resolve_exceedances(point, result.parameter, at)
    return sample


def resolve_exceedances(point: SamplingPoint, parameter: Parameter, at: datetime) -> int:
    """A passing retest: the point's open exceedances of the parameter are resolved and their alarms cleared."""
    open_ = Exceedance.objects.filter(point=point, parameter=parameter, status=ExceedanceStatus.OPEN)
    alarms = [a for a in open_.values_list("alarm_id", flat=True) if a]
    if alarms:
        from shuiwu.telemetry.models import Alarm

        Alarm.objects.filter(pk__in=alarms, cleared_at__isnull=True).update(cleared_at=at)
    return open_.update(status=ExceedanceStatus.RESOLVED, resolved_at=at)


def open_exceedance(result: Result, level: str, limit: Limit | None, *, at: datetime) -> Exceedance:
    """CJ/T 206: retest at once and raise the frequency; tell the repair centre (a ticket) for a national limit."""
    sample = result.sample
    point, parameter = sample.point, result.parameter
    today = local_day(at)
    retest_days = max(1, int(rules.value("quality.retest_within_days") or 1))
    retest = SampleTask.objects.create(
        company_id=point.company_id,
        point=point,
        kind=TaskKind.RETEST,
        window_start=today,
        due=today + timedelta(days=retest_days - 1),
        parameter_codes=[parameter.code],
        reason=_("Retest after %(sample)s: %(name)s %(value)s (limit %(limit)s)")
        % {
            "sample": sample.number,
            "name": parameter.name,
            "value": result.reported,
            "limit": limit.text if limit else "",
        },
    )
    escalation = None
    if level == ExceedanceLevel.NATIONAL:
        days = max(1, int(rules.value("quality.escalation_days") or 1))
        ends = today + timedelta(days=days)
        escalation = (
            Escalation.objects.filter(point=point, parameter=parameter, ends__gte=today).order_by("-ends").first()
        )
        if escalation is not None:
            escalation.ends = max(escalation.ends, ends)
            escalation.save()
        else:
            escalation = Escalation.objects.create(
                company_id=point.company_id,
                point=point,
                parameter=parameter,
                starts=today + timedelta(days=1),
                ends=ends,
                per_day=max(1, int(rules.value("quality.escalation_per_day") or 1)),
                reason=retest.reason[:300],
            )
    exceedance = Exceedance.objects.create(
        company_id=point.company_id,
        result=result,
        point=point,
        parameter=parameter,
        level=level,
        limit=limit,
        limit_text=limit.text if limit else "",
        reported=result.reported,
        detected_at=at,
        retest=retest,
        escalation=escalation,
    )
    if level == ExceedanceLevel.NATIONAL or rules.value("quality.internal_opens_ticket"):
        ticket = _open_ticket(exceedance, at)
        if ticket is not None:
            Exceedance.objects.filter(pk=exceedance.pk).update(ticket=ticket)
            exceedance.ticket = ticket
    if level == ExceedanceLevel.NATIONAL:
        alarm = _raise_alarm(exceedance, at)
        if alarm is not None:
            Exceedance.objects.filter(pk=exceedance.pk).update(alarm=alarm)
            exceedance.alarm = alarm
    return exceedance


def _lab_rule():
    """The telemetry alarm rule lab exceedances are raised under (made on first use, editable after)."""
    from shuiwu.telemetry.choices import RuleKind, Severity
    from shuiwu.telemetry.models import AlarmRule

    rule = AlarmRule.objects.filter(kind=RuleKind.LAB).order_by("pk").first()
    return rule or AlarmRule.objects.create(
        name="化验结果超过国家标准限值",
        kind=RuleKind.LAB,
        hysteresis=0,
        debounce=1,
        severity=Severity.CRITICAL,
        open_ticket=False,  # the lab opens its own ticket, routed to the point's company
        source="GB 5749-2022 / GB 18918-2002 limits (quality app); CJ/T 206: an exceedance is retested at once",
        local_policy=False,
    )


def _raise_alarm(exceedance: Exceedance, at: datetime):
    """An alarm on the point's online analyser of that parameter, else on any sensor at the point's asset, so the
    exceedance stands on the control room's alarm list; none where the point has no sensor."""
    if not point_has_telemetry(exceedance.point):
        return None
    from django.db import IntegrityError

    from shuiwu.telemetry.models import Alarm, Sensor

    sensors = analyser_sensors(exceedance.point, exceedance.parameter) or list(
        Sensor.objects.filter(asset_id=exceedance.point.asset_id).order_by("code")[:1]
    )
    if not sensors:
        return None
    rule = _lab_rule()
    if not rule.active:
        return None
    message = _("Lab: %(point)s %(name)s %(value)s (limit %(limit)s), sample %(sample)s") % {
        "point": exceedance.point.name,
        "name": exceedance.parameter.name,
        "value": exceedance.reported,
        "limit": exceedance.limit_text,
        "sample": exceedance.result.sample.number,
    }
    try:
        with transaction.atomic():
            return Alarm.objects.create(
                rule=rule,
                sensor=sensors[0],
                company_id=sensors[0].company_id,
                severity=rule.severity,
                raised_at=at,
                message=message[:300],
                ticket=exceedance.ticket,
            )
    except IntegrityError:
        return None  # this sensor already has an open lab alarm


def point_has_telemetry(point: SamplingPoint) -> bool:
    return bool(point.asset_id) and django_apps.is_installed("shuiwu.telemetry")


def _open_ticket(exceedance: Exceedance, at: datetime):
    """A water-quality ticket through the repair centre's service (when the work app is installed)."""
    if not django_apps.is_installed("shuiwu.work"):
        return None
    from shuiwu.work import services as work
    from shuiwu.work.choices import Category, Channel

    point = exceedance.point
    text = _("Lab result over the %(level)s at %(point)s: %(name)s %(value)s (limit %(limit)s), sample %(sample)s") % {
        "level": exceedance.get_level_display(),
        "point": point,
        "name": exceedance.parameter.name,
        "value": exceedance.reported,
        "limit": exceedance.limit_text,
        "sample": exceedance.result.sample.number,
    }
    return work.create_ticket(
        user=None,
        category=Category.WATER_QUALITY,
        channel=Channel.ALARM,
        caller_name=_("Water-quality lab"),
        address=(point.address or point.name)[:200],
        lon=point.lon,
        lat=point.lat,
        description=text,
        asset=point.asset,
        received_at=at,
        company=point.company,
    )


# -- results for pages and pass rates ------------------------------------------------------------------------------


def approved_results(user=None, company=None):
    results = Result.objects.filter(sample__status=SampleStatus.APPROVED)
    if user is not None:
        results = results.restrict(user)
    if company is not None:
        results = results.filter(sample__company=company)
    return results


def _period(results, start: date, end: date):
    return results.filter(
        sample__sampled_at__gte=day_start(start), sample__sampled_at__lt=day_start(end + timedelta(1))
    )


@dataclass
class Rate:
    judged: int = 0
    passed: int = 0

    @property
    def rate(self) -> float | None:
        return round(100.0 * self.passed / self.judged, 2) if self.judged else None

    def as_dict(self) -> dict:
        return {"judged": self.judged, "passed": self.passed, "rate": self.rate}


def rate_of(results) -> Rate:
    """CJ/T 206 Table 4: a set's pass rate is the test-count-weighted mean of its items' pass rates, which is
    passed determinations over judged determinations (inconclusive and unlimited results are not judged)."""
    row = results.filter(national__in=[Verdict.PASS, Verdict.FAIL]).aggregate(
        judged=Count("pk"), passed=Count("pk", filter=Q(national=Verdict.PASS))
    )
    return Rate(row["judged"] or 0, row["passed"] or 0)


def pass_rates(start: date, end: date, *, user=None, company=None) -> dict:
    """Composite, finished-water and network-water pass rates (CJ/T 206 Table 4) over a period, with the target."""
    results = _period(approved_results(user, company), start, end)
    target = float(rules.value("quality.pass_rate_target"))
    out = {
        "target": target,
        "composite": rate_of(results.filter(sample__point__kind__in=DRINKING_KINDS)).as_dict(),
        "finished": rate_of(results.filter(sample__point__kind__in=FINISHED_KINDS)).as_dict(),
        "network": rate_of(results.filter(sample__point__kind__in=NETWORK_KINDS)).as_dict(),
        "effluent": rate_of(results.filter(sample__point__kind=PointKind.SEWAGE_EFFLUENT)).as_dict(),
    }
    for key in ("composite", "finished", "network", "effluent"):
        rate = out[key]["rate"]
        out[key]["meets_target"] = None if rate is None else rate >= target
    return out


def rates_by(results, field: str) -> dict:
    """{value of ``field``: Rate} over judged results."""
    rows = (
        results.filter(national__in=[Verdict.PASS, Verdict.FAIL])
        .values(field)
        .annotate(judged=Count("pk"), passed=Count("pk", filter=Q(national=Verdict.PASS)))
        .order_by(field)
    )
    return {row[field]: Rate(row["judged"], row["passed"]) for row in rows}


def rates_by_month(results) -> list[tuple[date, Rate]]:
    rows = (
        results.filter(national__in=[Verdict.PASS, Verdict.FAIL])
        .annotate(month=TruncMonth("sample__sampled_at"))
        .values("month")
        .annotate(judged=Count("pk"), passed=Count("pk", filter=Q(national=Verdict.PASS)))
        .order_by("month")
    )
    out = []
    for row in rows:
        month = row["month"]
        month = timezone.localtime(month).date() if isinstance(month, datetime) else month
        out.append((month, Rate(row["judged"], row["passed"])))
    return out


def network_point_check(user=None) -> dict:
    """The network sampling points against 1 per 20,000 people served (DOMAIN.md §2.2)."""
    points = SamplingPoint.objects.filter(active=True, kind__in=NETWORK_KINDS)
    if user is not None:
        points = points.restrict(user)
    count = points.count()
    population = rules.value("quality.population_served")
    per = int(rules.value("quality.people_per_network_point"))
    required = -(-int(population) // per) if population else None
    return {
        "points": count,
        "population": population,
        "people_per_point": per,
        "required": required,
        "enough": None if required is None else count >= required,
    }


# -- trend and analysers -------------------------------------------------------------------------------------------


def trend(point: SamplingPoint, parameter: Parameter, start: date, end: date) -> dict:
    """Approved lab values of one parameter at one point, its limits, and the online analyser beside it."""
    results = list(
        _period(
            Result.objects.filter(sample__point=point, parameter=parameter, sample__status=SampleStatus.APPROVED),
            start,
            end,
        )
        .select_related("sample")
        .order_by("sample__sampled_at", "pk")
    )
    table = LimitTable()
    limits = {}
    for kind in (StandardKind.NATIONAL, StandardKind.INTERNAL):
        lim = table.limit_for(kind, parameter.pk, point.kind)
        if lim:
            limits[kind] = {
                "lower": float(lim.lower) if lim.lower is not None else None,
                "upper": float(lim.upper) if lim.upper is not None else None,
                "text": lim.text,
                "kind": lim.kind,
            }
    lab = [
        {
            "t": int(r.sample.sampled_at.timestamp() * 1000),
            "value": values.numeric(r.measured),
            "reported": r.reported,
            "censored": r.qualifier != "eq",
            "verdict": r.national,
            "sample": r.sample.number,
        }
        for r in results
    ]
    return {
        "point": point.code,
        "parameter": parameter.code,
        "unit": parameter.unit,
        "limits": limits,
        "lab": lab,
        "analyser": analyser_comparison(point, parameter, start, end, results=results),
    }


def analyser_sensors(point: SamplingPoint, parameter: Parameter):
    """Online analysers of this parameter at the point's asset (telemetry sensors), if telemetry is installed."""
    if not parameter.analyser_measure or not point.asset_id or not django_apps.is_installed("shuiwu.telemetry"):
        return []
    from shuiwu.telemetry.models import Sensor

    return list(Sensor.objects.filter(asset_id=point.asset_id, measure=parameter.analyser_measure).order_by("code"))


def analyser_comparison(point, parameter, start: date, end: date, *, results=None) -> dict | None:
    """The analyser's hourly curve, and the bias of the lab against it: lab − analyser at the same hour."""
    sensors = analyser_sensors(point, parameter)
    if not sensors:
        return None
    from shuiwu.telemetry import services as telemetry
    from shuiwu.telemetry.choices import Resolution

    sensor = sensors[0]
    data = telemetry.series(sensor, day_start(start), day_start(end + timedelta(days=1)), Resolution.HOUR)
    curve = [[p[0], p[2]] for p in data["points"] if p[2] is not None]
    by_hour = {p[0]: p[1] for p in curve}
    if results is None:
        results = _period(
            Result.objects.filter(sample__point=point, parameter=parameter, sample__status=SampleStatus.APPROVED),
            start,
            end,
        ).select_related("sample")
    pairs = []
    for r in results:
        if r.qualifier != "eq" or r.value is None:
            continue  # a censored lab value has no number to compare
        at = r.sample.sampled_at.replace(minute=0, second=0, microsecond=0)
        online = by_hour.get(int(at.timestamp() * 1000))
        if online is not None:
            pairs.append((float(r.value), online))
    diffs = [lab - online for lab, online in pairs]
    return {
        "sensor": sensor.code,
        "sensor_name": sensor.name,
        "sensor_id": sensor.pk,
        "curve": curve,
        "pairs": len(pairs),
        "bias": round(sum(diffs) / len(diffs), 4) if diffs else None,
        "mean_abs_diff": round(sum(abs(d) for d in diffs) / len(diffs), 4) if diffs else None,
        "relative_bias_pct": round(100 * sum(diffs) / sum(o for _lab, o in pairs), 1)
        if pairs and sum(o for _lab, o in pairs)
        else None,
    }


# -- disclosure ----------------------------------------------------------------------------------------------------


def month_bounds(month: date) -> tuple[date, date]:
    first = month.replace(day=1)
    return first, first.replace(day=calendar.monthrange(first.year, first.month)[1])


def disclosure(month: date, *, user=None, company=None) -> dict:
    """The monthly public report: per finished-water point and for the network, each routine item's limit,
    samples, range and pass rate, like the 水质公示 utilities publish."""
    first, last = month_bounds(month)
    results = _period(approved_results(user, company), first, last).select_related("parameter", "sample__point")
    table = LimitTable()
    sections = []
    groups = [
        (str(p), [p.pk], p.kind)
        for p in SamplingPoint.objects.filter(
            pk__in=results.filter(sample__point__kind__in=FINISHED_KINDS).values("sample__point")
        ).order_by("code")
    ]
    network_ids = list(
        results.filter(sample__point__kind__in=NETWORK_KINDS).values_list("sample__point", flat=True).distinct()
    )
    if network_ids:
        groups.append((_("Network water (%(n)s points)") % {"n": len(network_ids)}, network_ids, PointKind.NETWORK))
    for title, ids, kind in groups:
        rows = defaultdict(list)
        for r in results.filter(sample__point_id__in=ids):
            rows[r.parameter].append(r)
        items = []
        for parameter, rs in sorted(rows.items(), key=lambda kv: (kv[0].order, kv[0].code)):
            limit = table.limit_for(StandardKind.NATIONAL, parameter.pk, kind)
            numbers = [r.value for r in rs if r.qualifier == "eq" and r.value is not None]
            judged = [r for r in rs if r.national in (Verdict.PASS, Verdict.FAIL)]
            passed = sum(1 for r in judged if r.national == Verdict.PASS)
            censored = [r.reported for r in rs if r.qualifier != "eq"]
            items.append(
                {
                    "parameter": parameter,
                    "limit": limit.text if limit else "—",
                    "count": len(rs),
                    "min": _q(min(numbers), parameter) if numbers else None,
                    "max": _q(max(numbers), parameter) if numbers else None,
                    "mean": _q(sum(numbers) / len(numbers), parameter) if numbers else None,
                    "censored": censored[0] if censored and not numbers else "",
                    "rate": round(100.0 * passed / len(judged), 1) if judged else None,
                }
            )
        sections.append({"title": title, "items": items})
    return {"month": first, "sections": sections, "rates": pass_rates(first, last, user=user, company=company)}


def _q(value: Decimal, parameter: Parameter) -> Decimal:
    """A value at the parameter's decimals (the measured digits beyond them are noise in a public table)."""
    return value.quantize(Decimal(10) ** -max(parameter.decimals, 0))


# -- summary -------------------------------------------------------------------------------------------------------


def summary(company, start: date, end: date, *, user=None) -> dict:
    """Samples planned, taken and late; pass rates (CJ/T 206 Table 4); exceedances — plain numbers."""
    tasks = SampleTask.objects.filter(due__gte=start, due__lte=end).exclude(status=TaskStatus.CANCELLED)
    samples = Sample.objects.filter(sampled_at__gte=day_start(start), sampled_at__lt=day_start(end + timedelta(1)))
    # Exceedances of the samples taken in the period (approval may come a day later).
    exceedances = Exceedance.objects.filter(
        result__sample__sampled_at__gte=day_start(start), result__sample__sampled_at__lt=day_start(end + timedelta(1))
    )
    if user is not None:
        tasks, samples, exceedances = tasks.restrict(user), samples.restrict(user), exceedances.restrict(user)
    if company is not None:
        tasks, samples, exceedances = (
            tasks.filter(company=company),
            samples.filter(company=company),
            exceedances.filter(company=company),
        )
    today = timezone.localdate()
    task_counts = tasks.aggregate(
        planned=Count("pk"),
        taken=Count("pk", filter=Q(status=TaskStatus.TAKEN)),
        taken_late=Count("pk", filter=Q(status=TaskStatus.TAKEN, late=True)),
        missed=Count("pk", filter=Q(status=TaskStatus.MISSED) | Q(status=TaskStatus.OPEN, due__lt=today)),
    )
    rates = pass_rates(start, end, user=user, company=company)
    return {
        "samples_planned": task_counts["planned"],
        "samples_taken": task_counts["taken"],
        "samples_late": task_counts["taken_late"] + task_counts["missed"],
        "samples_taken_late": task_counts["taken_late"],
        "samples_missed": task_counts["missed"],
        "samples": samples.count(),
        "samples_approved": samples.filter(status=SampleStatus.APPROVED).count(),
        "pass_rate_target": rates["target"],
        "composite_pass_rate": rates["composite"]["rate"],
        "finished_pass_rate": rates["finished"]["rate"],
        "network_pass_rate": rates["network"]["rate"],
        "effluent_pass_rate": rates["effluent"]["rate"],
        "determinations": rates["composite"]["judged"],
        "exceedances": exceedances.count(),
        "exceedances_national": exceedances.filter(level=ExceedanceLevel.NATIONAL).count(),
        "exceedances_open": exceedances.filter(status=ExceedanceStatus.OPEN).count(),
    }
