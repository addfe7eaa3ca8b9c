"""Capital-project services: projects and their pipes, progress, handover, renewal from pipe risk, figures.

Progress figures of a portfolio: the % of work done is the **budget-weighted** mean of each project's
latest reported % (a project's weight is its budget; when no project has a budget, the plain mean).
Budget is the one weight every type has: plant works and booster rooms lay no pipe, so a weight by km
would leave them out. Km are reported beside it: planned (the new pipes drawn in the register), laid
(as reported by the site), handed over (the new pipes of handed-over projects).
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F, OuterRef, Q, Subquery, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from shuiwu.assets.choices import Kind, Layer, Material
from shuiwu.assets.choices import Status as AssetStatus
from shuiwu.assets.models import Asset
from shuiwu.core import numbering, rules, scope
from shuiwu.core.exceptions import ConflictError
from shuiwu.lib import geo
from shuiwu.projects.choices import (
    FINISHED_STATUSES,
    OPEN_STATUSES,
    TYPE_SYSTEM,
    PipeRole,
    ProjectType,
    Status,
)
from shuiwu.projects.models import Milestone, ProgressReport, Project, ProjectPipe

CODE_PREFIX = "GC"

rules.declare(
    "projects.unit_cost_yuan_per_m",
    [[100, 600], [200, 900], [300, 1300], [500, 2000], [800, 3200], [99999, 4800]],
    source="local policy: estimate of a laid main per metre by DN (up to DN, yuan/m), for renewal budgets",
    local_policy=True,
    description="A new renewal project's first budget: [up to DN, yuan per metre] rows, smallest first.",
)
rules.declare(
    "projects.renewal_duration_days",
    180,
    source="local policy",
    local_policy=True,
    description="Planned duration of a renewal project made from the pipe-risk list.",
)
rules.declare(
    "projects.renewal_material_large_dn",
    300,
    source="local policy: ductile iron from this DN up, PE below",
    local_policy=True,
    description="From this DN a renewal pipe is ductile iron, below it PE.",
)

# A laid length may exceed the drawn length by this much (measurement on site against the drawing).
LAID_TOLERANCE_M = 0.5


def today() -> date:
    return timezone.localdate()


def _percent(part: float, whole: float) -> float | None:
    return round(100.0 * part / whole, 1) if whole else None


# -- projects ------------------------------------------------------------------------------------------------------


def next_code(year: int | None = None) -> str:
    return numbering.next_number(CODE_PREFIX, year or today().year, width=4)


@transaction.atomic
def create_project(*, user=None, **fields) -> Project:
    """A new project; a code is given when none is. Raises ValidationError naming the field."""
    project = Project(**fields)
    if user is not None:
        scope.check_company(user, project.company_id)
    if not project.code:
        project.code = next_code(project.planned_start.year if project.planned_start else None)
    project.full_clean()
    project.save()
    return project


def late_q(day: date | None = None) -> Q:
    """Projects late on ``day``: open past their planned finish, or finished after it."""
    day = day or today()
    open_late = Q(status__in=OPEN_STATUSES, planned_end__lt=day)
    finished_late = Q(status__in=FINISHED_STATUSES, actual_end__gt=F("planned_end"))
    return open_late | finished_late


def _refresh_planned_length(project: Project) -> None:
    total = (
        Asset.objects.filter(project_links__project=project, project_links__role=PipeRole.NEW).aggregate(
            total=Sum("length")
        )["total"]
        or 0.0
    )
    project.planned_m = round(total, 1)
    project.save(update_fields=["planned_m", "updated"])


def _network_company(project: Project, system: str):
    """Who owns the pipes once in service: the company that runs that network, else the project's company."""
    from shuiwu.assets.services import default_company

    try:
        return default_company(system)
    except ValueError:
        return project.company


def _asset_code(project: Project, letter: str) -> str:
    return f"{project.code}-{letter}{numbering.next_value(f'{project.code}-{letter}')}"


def _check_editable(project: Project) -> None:
    if project.status not in OPEN_STATUSES:
        raise ConflictError(
            _("Project %(code)s is %(status)s: its pipes can no longer change.")
            % {"code": project.code, "status": project.get_status_display()}
        )


def _planned_node(project, company, system, position, elevation=None) -> Asset:
    node = Asset(
        kind=Kind.JUNCTION,
        system=system,
        company=company,
        code=_asset_code(project, "J"),
        status=AssetStatus.PLANNED,
        geometry=geo.point(*position),
        elevation=elevation,
        hydraulic={"base_demand": 0.0},
        attrs={"project": project.code},
    )
    node.full_clean()
    node.save()
    return node


@transaction.atomic
def add_pipe(
    project: Project,
    *,
    coordinates,
    diameter: float,
    material: str = "",
    start_node: Asset | None = None,
    end_node: Asset | None = None,
    user=None,
    name: str = "",
) -> ProjectPipe:
    """Draw a new pipe of the project: a planned pipe in the register, with planned end nodes where needed.

    ``coordinates`` is the line as [[lon, lat], …]; a given start or end node pins that end to the node.
    """
    if user is not None:
        scope.check_company(user, project.company_id)
    _check_editable(project)
    system = TYPE_SYSTEM.get(project.type, "supply")
    try:
        geometry = geo.line(coordinates)
        geo.validate(geometry)
    except (TypeError, ValueError) as exc:
        raise ValidationError(
            {"coordinates": _("Not a line of [longitude, latitude] positions: %(error)s") % {"error": exc}}
        )
    if diameter is None or diameter <= 0:
        raise ValidationError({"diameter": _("The diameter must be positive.")})
    if material and material not in Material.values:
        raise ValidationError({"material": _("Unknown material.")})
    company = _network_company(project, system)
    points = [list(p) for p in geometry["coordinates"]]
    for field, node in (("start_node", start_node), ("end_node", end_node)):
        if node is not None and (node.layer != Layer.NODE or node.system != system or not node.geometry):
            raise ValidationError({field: _("%(asset)s is not a node of this network.") % {"asset": node}})
    if start_node is not None:
        points[0] = start_node.geometry["coordinates"][:2]
    if end_node is not None:
        points[-1] = end_node.geometry["coordinates"][:2]
    elevation = (start_node or end_node).elevation if (start_node or end_node) else None
    start = start_node or _planned_node(project, company, system, points[0], elevation)
    end = end_node or _planned_node(project, company, system, points[-1], elevation)
    pipe = Asset(
        kind=Kind.PIPE,
        system=system,
        company=company,
        code=_asset_code(project, "P"),
        name=name[:100],
        status=AssetStatus.PLANNED,
        start_node=start,
        end_node=end,
        geometry=geo.line(points),
        diameter=float(diameter),
        material=material,
        attrs={"project": project.code},
    )
    pipe.full_clean()
    pipe.save()
    link = ProjectPipe.objects.create(project=project, asset=pipe, role=PipeRole.NEW)
    _refresh_planned_length(project)
    return link


def unit_cost(diameter: float | None) -> Decimal:
    table = rules.value("projects.unit_cost_yuan_per_m")
    for up_to, cost in table:
        if (diameter or 0) <= up_to:
            return Decimal(str(cost))
    return Decimal(str(table[-1][1]))


@transaction.atomic
def create_renewal_project(
    company,
    asset_ids,
    *,
    name: str,
    user=None,
    planned_start: date | None = None,
    planned_end: date | None = None,
    contractor: str = "",
    source: str = "",
) -> Project:
    """A renewal project in one step from a list of pipes (e.g. analytics' pipe-risk candidates).

    Each chosen pipe (active, in service) is linked as "to be replaced" and gets a new planned pipe along
    the same route between the same nodes; handover activates the new pipes and retires the old ones.
    The budget is a first estimate from the unit costs by DN (a local-policy rule).
    """
    ids = []
    for value in asset_ids or []:
        try:
            ids.append(int(value))
        except (TypeError, ValueError):
            raise ValidationError({"asset_ids": _("“%(value)s” is not an asset id.") % {"value": value}})
    ids = list(dict.fromkeys(ids))
    if not ids:
        raise ValidationError({"asset_ids": _("Choose at least one pipe.")})
    if not (name or "").strip():
        raise ValidationError({"name": _("This field is required.")})
    if user is not None:
        scope.check_company(user, company.pk)
    queryset = Asset.objects.filter(pk__in=ids).select_related("start_node", "end_node")
    if user is not None:
        queryset = queryset.restrict(user)
    pipes = {a.pk: a for a in queryset}
    missing = [i for i in ids if i not in pipes]
    if missing:
        raise ValidationError({"asset_ids": _("No such pipe: %(ids)s.") % {"ids": ", ".join(map(str, missing))}})
    bad = [a.code for a in pipes.values() if a.kind != Kind.PIPE or a.status != AssetStatus.ACTIVE]
    if bad:
        raise ValidationError({"asset_ids": _("Not a pipe in service: %(codes)s.") % {"codes": ", ".join(bad)}})
    systems = {a.system for a in pipes.values()}
    if len(systems) > 1:
        raise ValidationError({"asset_ids": _("The pipes belong to more than one network.")})
    taken = list(
        ProjectPipe.objects.filter(
            asset_id__in=ids, role=PipeRole.REPLACED, project__status__in=[*OPEN_STATUSES, Status.COMPLETED]
        ).values_list("asset__code", "project__code")
    )
    if taken:
        raise ValidationError(
            {
                "asset_ids": _("Already in a renewal project: %(pairs)s.")
                % {"pairs": ", ".join(f"{a} ({p})" for a, p in taken)}
            }
        )
    start = planned_start or today()
    end = planned_end or start + timedelta(days=int(rules.value("projects.renewal_duration_days")))
    system = systems.pop()
    ordered = [pipes[i] for i in ids]
    budget = sum((unit_cost(p.diameter) * Decimal(str(round(p.length or 0, 1))) for p in ordered), Decimal("0"))
    project = create_project(
        user=user,
        company=company,
        name=name.strip()[:200],
        type=ProjectType.RENEWAL if system != "sewer" else ProjectType.SEWER,
        planned_start=start,
        planned_end=end,
        budget=budget.quantize(Decimal("0.01")),
        contractor=contractor,
        source=source or _("pipe risk"),
    )
    large = float(rules.value("projects.renewal_material_large_dn"))
    for old in ordered:
        ProjectPipe.objects.create(project=project, asset=old, role=PipeRole.REPLACED)
        material = Material.DUCTILE_IRON if (old.diameter or 0) >= large else Material.PE
        coords = (old.geometry or {}).get("coordinates") or [
            old.start_node.geometry["coordinates"],
            old.end_node.geometry["coordinates"],
        ]
        new = Asset(
            kind=Kind.PIPE,
            system=old.system,
            company=old.company,
            code=_asset_code(project, "P"),
            name=_("Renewal of %(code)s") % {"code": old.code},
            status=AssetStatus.PLANNED,
            start_node=old.start_node,
            end_node=old.end_node,
            geometry=geo.line(c[:2] for c in coords),
            diameter=old.diameter,
            material=material,
            dma=old.dma,
            zone=old.zone,
            attrs={"project": project.code, "replaces": old.code},
        )
        new.save()
        ProjectPipe.objects.create(project=project, asset=new, role=PipeRole.NEW)
    _refresh_planned_length(project)
    return project


def renewal_candidates(company, limit: int = 50) -> list[dict] | None:
    """Analytics' renewal candidates (pipe risk), or None while that app does not offer them."""
    from django.apps import apps

    if not apps.is_installed("shuiwu.analytics"):
        return None
    try:
        from shuiwu.analytics.services import renewal_candidates as candidates
    except ImportError:
        return None
    return candidates(company, limit)


# -- progress ------------------------------------------------------------------------------------------------------


@transaction.atomic
def report_progress(
    project: Project,
    *,
    user=None,
    reported_on: date | None = None,
    percent,
    laid_m: float | None = None,
    spent=None,
    laid_pipe_ids=(),
    reason: str = "",
    note: str = "",
) -> ProgressReport:
    """Record what the site reports: % of work done, metres laid and money spent so far (cumulative).

    A figure lower than the last report's needs a reason. 100 % finishes the project; the first report
    above 0 starts it. Raises ValidationError naming the field, ConflictError for a closed project.
    """
    if user is not None:
        scope.check_company(user, project.company_id)
    project = Project.objects.select_for_update().get(pk=project.pk)
    if project.status in (Status.HANDED_OVER, Status.CANCELLED):
        raise ConflictError(
            _("Project %(code)s is %(status)s: no more progress reports.")
            % {"code": project.code, "status": project.get_status_display()}
        )
    day = reported_on or today()
    last = project.reports.order_by("-reported_on", "-id").first()
    reason = (reason or "").strip()
    errors: dict[str, str] = {}
    try:
        percent = Decimal(str(percent)).quantize(Decimal("0.1"))
    except Exception:  # noqa: BLE001 - any unreadable number is the same error to the caller
        raise ValidationError({"percent": _("Enter a number.")})
    if not Decimal("0") <= percent <= Decimal("100"):
        errors["percent"] = _("The work done is a percentage from 0 to 100.")
    if day > today():
        errors["reported_on"] = _("A report cannot be dated in the future.")
    elif last is not None and day < last.reported_on:
        errors["reported_on"] = _("The last report is dated %(day)s; reports go forward in time.") % {
            "day": last.reported_on.isoformat()
        }
    new_links = {link.asset_id: link for link in project.pipes.filter(role=PipeRole.NEW).select_related("asset")}
    laid_ids = []
    for value in laid_pipe_ids or []:
        try:
            asset_id = int(value)
        except (TypeError, ValueError):
            asset_id = None
        if asset_id not in new_links:
            errors["laid_pipes"] = _("%(value)s is not a new pipe of this project.") % {"value": value}
            break
        laid_ids.append(asset_id)
    previous_laid = last.laid_m if last else 0.0
    if laid_m is None:
        now_laid = sum(
            (link.asset.length or 0) for asset_id, link in new_links.items() if link.laid_on or asset_id in laid_ids
        )
        laid_m = max(previous_laid, round(now_laid, 1))
    laid_m = float(laid_m)
    if laid_m < 0:
        errors["laid_m"] = _("The length laid cannot be negative.")
    elif laid_m > project.planned_m + LAID_TOLERANCE_M and laid_m > 0:
        errors["laid_m"] = _("%(laid)s m laid is more than the %(planned)s m of pipe drawn for the project.") % {
            "laid": f"{laid_m:g}",
            "planned": f"{project.planned_m:g}",
        }
    spent = (last.spent if last else Decimal("0")) if spent in (None, "") else spent
    try:
        spent = Decimal(str(spent)).quantize(Decimal("0.01"))
    except Exception:  # noqa: BLE001
        raise ValidationError({"spent": _("Enter a number.")})
    if spent < 0:
        errors["spent"] = _("The spend cannot be negative.")
    if last is not None and not reason:
        for field, now, before in (
            ("percent", percent, last.percent),
            ("laid_m", laid_m, last.laid_m),
            ("spent", spent, last.spent),
        ):
            if field not in errors and now < before:
                errors[field] = _("Lower than the last report (%(before)s): give the reason.") % {"before": before}
                errors.setdefault("reason", _("A figure going down needs a reason."))
    if errors:
        raise ValidationError(errors)

    report = ProgressReport(
        project=project,
        reported_on=day,
        percent=percent,
        laid_m=laid_m,
        spent=spent,
        reason=reason[:300],
        note=(note or "")[:300],
        reported_by=user if getattr(user, "is_authenticated", False) else None,
    )
    report.save()
    for asset_id in laid_ids:
        link = new_links[asset_id]
        if link.laid_on is None:
            link.laid_on = day
            link.save(update_fields=["laid_on", "updated"])
    project.progress_percent = percent
    project.laid_m = laid_m
    project.spent = spent
    if percent > 0 and project.status == Status.PLANNED:
        project.status = Status.IN_PROGRESS
    if percent > 0 and project.actual_start is None:
        project.actual_start = day
    if percent == 100:
        project.status = Status.COMPLETED
        project.actual_end = day
    elif project.status == Status.COMPLETED:
        project.status = Status.IN_PROGRESS
        project.actual_end = None
    project.save()
    return report


@transaction.atomic
def add_milestone(project: Project, *, name: str, planned_on: date, user=None, order: int | None = None, note=""):
    if user is not None:
        scope.check_company(user, project.company_id)
    if order is None:
        order = (project.milestones.order_by("-order").values_list("order", flat=True).first() or 0) + 1
    milestone = Milestone(project=project, name=name, planned_on=planned_on, order=order, note=note)
    milestone.full_clean()
    milestone.save()
    return milestone


@transaction.atomic
def finish_milestone(milestone: Milestone, *, done_on: date | None = None, user=None) -> Milestone:
    if user is not None:
        scope.check_company(user, milestone.project.company_id)
    day = done_on or today()
    if day > today():
        raise ValidationError({"done_on": _("A milestone cannot be done in the future.")})
    if milestone.done_on is not None:
        raise ConflictError(_("This milestone is already done."))
    milestone.done_on = day
    milestone.save()
    return milestone


# -- handover and cancellation -------------------------------------------------------------------------------------


def _set_status(asset: Asset, status: str, **fields) -> None:
    """Change an asset through save(), so the change log records it."""
    asset.status = status
    for key, value in fields.items():
        setattr(asset, key, value)
    asset.save()


@transaction.atomic
def handover(project: Project, *, user=None, on: date | None = None) -> dict:
    """Hand a finished project over to operation: its planned pipes (and their planned nodes) become active,
    the pipes it replaced are retired. Refused (409) unless the project is completed and not handed over yet."""
    if user is not None:
        scope.check_company(user, project.company_id)
        if not user.has_perm("projects.handover_project"):
            raise PermissionDenied(_("You may not hand projects over."))
    day = on or today()
    # The claim is a conditional update, so two clicks cannot both hand the project over.
    claimed = Project.objects.filter(pk=project.pk, status=Status.COMPLETED).update(
        status=Status.HANDED_OVER,
        handed_over_on=day,
        handed_over_by=user if getattr(user, "is_authenticated", False) else None,
        updated=timezone.now(),
    )
    if not claimed:
        project.refresh_from_db()
        if project.status == Status.HANDED_OVER:
            raise ConflictError(
                _("Project %(code)s was already handed over on %(day)s.")
                % {"code": project.code, "day": project.handed_over_on}
            )
        raise ConflictError(
            _("Project %(code)s is %(status)s: only a completed project can be handed over.")
            % {"code": project.code, "status": project.get_status_display()}
        )
    links = list(project.pipes.select_related("asset__start_node", "asset__end_node"))
    activated, retired = 0, 0
    seen: set[int] = set()
    for link in links:
        asset = link.asset
        if link.role == PipeRole.NEW:
            for node in (asset.start_node, asset.end_node):
                if node is not None and node.status == AssetStatus.PLANNED and node.pk not in seen:
                    seen.add(node.pk)
                    _set_status(node, AssetStatus.ACTIVE, install_date=link.laid_on or day)
                    activated += 1
            if asset.status == AssetStatus.PLANNED:
                _set_status(asset, AssetStatus.ACTIVE, install_date=link.laid_on or day)
                activated += 1
        elif asset.status == AssetStatus.ACTIVE:
            _set_status(asset, AssetStatus.ABANDONED)
            retired += 1
    project.refresh_from_db()
    # The update above bypassed save(): record the project's own change too.
    from shuiwu.core.changelog import record

    record(project, "update", {"status": Status.COMPLETED}, {"status": Status.HANDED_OVER, "handed_over_on": str(day)})
    return {"project": project.code, "activated": activated, "retired": retired}


@transaction.atomic
def cancel(project: Project, *, user=None, reason: str) -> Project:
    """Cancel an open project; its planned pipes leave the register's plans (abandoned)."""
    if user is not None:
        scope.check_company(user, project.company_id)
    if not (reason or "").strip():
        raise ValidationError({"reason": _("Say why the project is cancelled.")})
    if project.status not in OPEN_STATUSES:
        raise ConflictError(
            _("Project %(code)s is %(status)s and cannot be cancelled.")
            % {"code": project.code, "status": project.get_status_display()}
        )
    for link in project.pipes.filter(role=PipeRole.NEW).select_related("asset__start_node", "asset__end_node"):
        for asset in (link.asset, link.asset.start_node, link.asset.end_node):
            if asset is not None and asset.status == AssetStatus.PLANNED:
                _set_status(asset, AssetStatus.ABANDONED)
    project.status = Status.CANCELLED
    project.description = (project.description + "\n" if project.description else "") + reason.strip()
    project.save()
    return project


# -- figures -------------------------------------------------------------------------------------------------------


def diameter_breakdown(project: Project) -> list[dict]:
    """Planned and laid metres of the project's new pipes by DN, largest first."""
    rows: dict[float, dict] = {}
    for link in project.pipes.filter(role=PipeRole.NEW).select_related("asset"):
        dn = link.asset.diameter or 0
        row = rows.setdefault(dn, {"diameter": dn, "pipes": 0, "planned_m": 0.0, "laid_m": 0.0})
        row["pipes"] += 1
        row["planned_m"] += link.asset.length or 0
        if link.laid_on or project.status == Status.HANDED_OVER:
            row["laid_m"] += link.asset.length or 0
    out = sorted(rows.values(), key=lambda r: -r["diameter"])
    for row in out:
        row["planned_m"] = round(row["planned_m"], 1)
        row["laid_m"] = round(row["laid_m"], 1)
    return out


def figures(projects, *, start: date | None = None, end: date | None = None) -> dict:
    """The portfolio's figures as of ``end`` (default today) from the reports up to that day.

    The portfolio is every project not cancelled that had started or was due to start by ``end`` (with no
    ``end``: every project not cancelled, those due to start later included) and, with a ``start``, had not
    been handed over before it. Percent of work: budget-weighted (see module).
    """
    upcoming = end is None
    end = end or today()
    ref = min(end, today())
    latest = ProgressReport.objects.filter(project=OuterRef("pk"), reported_on__lte=end).order_by("-reported_on", "-id")
    portfolio = projects.exclude(status=Status.CANCELLED).annotate(begins=Coalesce("actual_start", "planned_start"))
    if not upcoming:
        portfolio = portfolio.filter(begins__lte=end)
    if start is not None:
        portfolio = portfolio.filter(Q(handed_over_on__isnull=True) | Q(handed_over_on__gte=start))
    rows = list(
        portfolio.annotate(
            as_of_percent=Subquery(latest.values("percent")[:1]),
            as_of_laid=Subquery(latest.values("laid_m")[:1]),
            as_of_spent=Subquery(latest.values("spent")[:1]),
        )
        .values(
            "id",
            "type",
            "budget",
            "planned_m",
            "planned_end",
            "actual_start",
            "actual_end",
            "handed_over_on",
            "as_of_percent",
            "as_of_laid",
            "as_of_spent",
        )
        .order_by("id")
    )
    totals = {
        "count": 0,
        "active": 0,
        "completed": 0,
        "handed_over": 0,
        "late": 0,
        "completed_late": 0,
        "budget": Decimal("0"),
        "spent": Decimal("0"),
        "planned_m": 0.0,
        "laid_m": 0.0,
        "handed_over_m": 0.0,
    }
    weighted = Decimal("0")
    plain = Decimal("0")
    by_type: dict[str, dict] = {}
    for row in rows:
        percent = row["as_of_percent"] or Decimal("0")
        laid = row["as_of_laid"] or 0.0
        spent = row["as_of_spent"] or Decimal("0")
        budget = row["budget"] or Decimal("0")
        finished = row["actual_end"] is not None and row["actual_end"] <= ref
        started = row["actual_start"] is not None and row["actual_start"] <= ref
        handed = row["handed_over_on"] is not None and row["handed_over_on"] <= end
        late = not finished and row["planned_end"] < ref
        in_period = finished and (start is None or row["actual_end"] >= start)
        kind = by_type.setdefault(
            row["type"],
            {"count": 0, "late": 0, "budget": Decimal("0"), "weighted": Decimal("0"), "planned_m": 0.0, "laid_m": 0.0},
        )
        totals["count"] += 1
        totals["active"] += int(started and not finished)
        totals["completed"] += int(in_period)
        totals["completed_late"] += int(in_period and row["actual_end"] > row["planned_end"])
        totals["handed_over"] += int(handed and (start is None or row["handed_over_on"] >= start))
        totals["late"] += int(late)
        totals["budget"] += budget
        totals["spent"] += spent
        totals["planned_m"] += row["planned_m"]
        totals["laid_m"] += laid
        totals["handed_over_m"] += row["planned_m"] if handed else 0.0
        weighted += percent * budget
        plain += percent
        kind["count"] += 1
        kind["late"] += int(late)
        kind["budget"] += budget
        kind["weighted"] += percent * budget
        kind["planned_m"] += row["planned_m"]
        kind["laid_m"] += laid

    def weighted_percent(total_weighted, total_budget, total_plain, count):
        if total_budget:
            return float(round(total_weighted / total_budget, 1))
        return float(round(total_plain / count, 1)) if count else None

    return {
        "projects": totals["count"],
        "active": totals["active"],
        "completed": totals["completed"],
        "completed_late": totals["completed_late"],
        "handed_over": totals["handed_over"],
        "late": totals["late"],
        "percent_done": weighted_percent(weighted, totals["budget"], plain, totals["count"]),
        "percent_weighting": "budget",
        "km_planned": round(totals["planned_m"] / 1000, 2),
        "km_laid": round(totals["laid_m"] / 1000, 2),
        "km_handed_over": round(totals["handed_over_m"] / 1000, 2),
        "laid_percent": _percent(totals["laid_m"], totals["planned_m"]),
        "budget": str(totals["budget"].quantize(Decimal("0.01"))),
        "spent": str(totals["spent"].quantize(Decimal("0.01"))),
        "spend_percent": _percent(float(totals["spent"]), float(totals["budget"])),
        "by_type": {
            key: {
                "count": v["count"],
                "late": v["late"],
                "percent_done": float(round(v["weighted"] / v["budget"], 1)) if v["budget"] else None,
                "km_planned": round(v["planned_m"] / 1000, 2),
                "km_laid": round(v["laid_m"] / 1000, 2),
            }
            for key, v in sorted(by_type.items())
        },
    }


def summary(company, start: date, end: date, *, user=None) -> dict:
    """The capital projects of a period: count, active, completed, late; % of work done (budget-weighted);
    km planned, laid and handed over; spend against budget. Plain numbers (money as strings)."""
    projects = Project.objects.all()
    if user is not None:
        projects = projects.restrict(user)
    if company is not None:
        projects = projects.filter(company=company)
    return {
        "company": company.code if company else None,
        "start": start.isoformat(),
        "end": end.isoformat(),
        **figures(projects, start=start, end=end),
    }


def progress_series(projects, *, months: int = 12, end: date | None = None) -> dict:
    """Month by month to ``end``: km laid and budget-weighted % of work of the given projects (for the chart)."""
    end = end or today()
    points = []
    year, month = end.year, end.month
    for _i in range(months):
        points.append((year, month))
        month -= 1
        if month == 0:
            year, month = year - 1, 12
    points.reverse()
    labels, km, percent = [], [], []
    for y, m in points:
        last_day = (date(y + (m == 12), m % 12 + 1, 1) - timedelta(days=1)) if (y, m) != (end.year, end.month) else end
        figs = figures(projects, end=last_day)
        labels.append(f"{y}-{m:02d}")
        km.append(figs["km_laid"])
        percent.append(figs["percent_done"])
    return {"months": labels, "km_laid": km, "percent_done": percent}
