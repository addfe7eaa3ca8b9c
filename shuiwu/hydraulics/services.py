"""Hydraulic services: model snapshots, scenario runs, pressure service, burst isolation, fire flow, criticality.

The computation lives in ``shuiwu.engine.hydraulics`` (no Django); these functions feed it from the register and
keep what it returns. Outages go to the work app through its service.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from datetime import datetime

import pandas as pd
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, Max, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from shuiwu.assets.choices import CRITICAL_SERVICE_TYPES, Kind, Layer, Status, System
from shuiwu.assets.models import Asset, ServedBuilding
from shuiwu.core import rules, scope
from shuiwu.engine import hydraulics as engine
from shuiwu.engine import inp
from shuiwu.hydraulics.choices import ModelSource, RunStatus
from shuiwu.hydraulics.models import CriticalityRun, HydraulicModel, Run, Scenario
from shuiwu.lib import geo
from shuiwu.org.choices import CompanyKind
from shuiwu.org.models import Company

MPA_PER_M = 0.00980665
_lock = threading.Lock()
_results_cache: OrderedDict[tuple, engine.Results] = OrderedDict()
_prepared_cache: OrderedDict[tuple, engine.Prepared] = OrderedDict()
_segments_cache: dict[tuple, engine.ValveSegments] = {}


def supply_company() -> Company:
    company = Company.objects.filter(kind=CompanyKind.SUPPLY).order_by("pk").first()
    if company is None:
        raise ValidationError({"company": _("There is no water supply company.")})
    return company


def _check(user, permission: str) -> None:
    if user is not None and not user.has_perm(permission):
        raise PermissionDenied(_("You may not do this."))


# -- models --------------------------------------------------------------------------------------


def _counts(model: dict) -> dict:
    nodes = pd.Series([n["node_type"] for n in model["nodes"]]).value_counts().to_dict() if model["nodes"] else {}
    links = pd.Series([n["link_type"] for n in model["links"]]).value_counts().to_dict() if model["links"] else {}
    return {"nodes": len(model["nodes"]), "links": len(model["links"]), **nodes, **links}


def _save_model(model: dict, *, source: str, name: str, user, company, missing=(), source_file="") -> HydraulicModel:
    problems = [p.__dict__ for p in engine.validate(model, missing_elevation=missing)]
    with transaction.atomic():
        version = (HydraulicModel.objects.select_for_update().aggregate(v=Max("version"))["v"] or 0) + 1
        return HydraulicModel.objects.create(
            company=company or supply_company(),
            name=name or _("Supply network"),
            version=version,
            source=source,
            source_file=source_file,
            model=model,
            counts=_counts(model),
            problems=problems,
            created_by=user,
        )


def snapshot(*, user=None, name: str = "", company: Company | None = None) -> HydraulicModel:
    """A new model version from the active supply assets of the register, with its validation report."""
    from shuiwu.assets.services import network_model

    _check(user, "hydraulics.add_hydraulicmodel")
    model = network_model(System.SUPPLY)
    if not model["nodes"]:
        raise ValidationError(_("The register has no active supply network to model."))
    missing = Asset.objects.filter(
        system=System.SUPPLY, status=Status.ACTIVE, kind=Kind.JUNCTION, elevation__isnull=True
    ).values_list("code", flat=True)
    return _save_model(
        model,
        source=ModelSource.REGISTER,
        name=name or _("Register snapshot"),
        user=user,
        company=company,
        missing=list(missing),
    )


def import_model(path, *, user=None, name: str = "", company: Company | None = None) -> HydraulicModel:
    """An EPANET file kept as a model version (the register is not changed)."""
    _check(user, "hydraulics.add_hydraulicmodel")
    try:
        model = inp.read(path)
    except inp.InpError as exc:
        raise ValidationError({"file": exc.messages}) from exc
    return _save_model(
        model,
        source=ModelSource.INP,
        name=name or str(path).rsplit("/", 1)[-1],
        user=user,
        company=company,
        source_file=str(path).rsplit("/", 1)[-1],
    )


def import_upload(upload, *, user=None, name: str = "") -> HydraulicModel:
    """An uploaded .inp (a Django file), through a temporary file: EPANET reads files."""
    import tempfile
    from pathlib import Path

    filename = Path(upload.name or "model.inp").name
    if not filename.lower().endswith(".inp"):
        raise ValidationError({"file": _("An EPANET .inp file, please.")})
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / filename
        with path.open("wb") as handle:
            for chunk in upload.chunks():
                handle.write(chunk)
        return import_model(path, user=user, name=name)


def latest_model() -> HydraulicModel | None:
    return HydraulicModel.objects.order_by("-version").first()


# -- runs ----------------------------------------------------------------------------------------


def engine_scenario(scenario: Scenario) -> engine.Scenario:
    return engine.Scenario(
        duration_h=scenario.duration_h,
        step_s=scenario.step_s,
        demand_factor=scenario.demand_factor,
        closed_links=list(scenario.closed_links),
        pumps_off=list(scenario.pumps_off),
        fire_node=scenario.fire_node or None,
        fire_flow_lps=scenario.fire_flow_lps,
        fire_start_h=scenario.fire_start_h,
        fire_duration_h=scenario.fire_duration_h,
        pressure_dependent=scenario.pressure_dependent,
        required_pressure_m=rules.value("hydraulics.min_service_pressure_mpa") / MPA_PER_M,
    )


def start_run(scenario: Scenario, *, user=None) -> Run:
    """Queue a run of the scenario (a background job; in-process without a broker) and return it."""
    from shuiwu.hydraulics import jobs

    _check(user, "hydraulics.add_run")
    if user is not None:
        scope.check_company(user, scenario.company_id)
    model = scenario.model or latest_model()
    if model is None:
        raise ValidationError({"model": _("There is no hydraulic model yet: take a snapshot of the register first.")})
    if model.errors:
        raise ValidationError(
            {
                "model": _("Model v%(v)s has %(n)s errors; fix them first.")
                % {"v": model.version, "n": len(model.errors)}
            }
        )
    run = Run.objects.create(
        company=scenario.company,
        scenario=scenario,
        model=model,
        parameters=engine_scenario(scenario).__dict__,
        created_by=user,
    )
    transaction.on_commit(lambda: jobs.simulate.delay(run.pk))
    return run


def execute(run_id: int) -> Run:
    """Simulate a queued run, reporting progress; keep a summary, the pressure service and compact results."""
    run = Run.objects.select_related("scenario", "model").get(pk=run_id)
    Run.objects.filter(pk=run.pk).update(status=RunStatus.RUNNING, started_at=timezone.now(), progress=0)
    last = [0.0]

    def progress(share: float) -> None:
        if share - last[0] >= 0.05 or share >= 1:
            last[0] = share
            Run.objects.filter(pk=run.pk).update(progress=round(share, 3))

    try:
        results = engine.simulate(prepared(run.model), engine_scenario(run.scenario), progress=progress)
        nodes, groups = _service(run.model, results)
    except Exception as exc:  # the run fails with the message; the job itself does not crash
        Run.objects.filter(pk=run.pk).update(status=RunStatus.FAILED, error=str(exc)[:2000], finished_at=timezone.now())
        run.refresh_from_db()
        return run
    summary = results.summary()
    summary["nodes_below_minimum"] = int((~nodes["ok"]).sum()) if len(nodes) else 0
    Run.objects.filter(pk=run.pk).update(
        status=RunStatus.DONE,
        progress=1,
        finished_at=timezone.now(),
        summary=summary,
        service={
            "min_pressure_m": rules.value("hydraulics.min_service_pressure_mpa") / MPA_PER_M,
            "groups": groups.reset_index().rename(columns={"index": "group"}).to_dict("records"),
            "nodes": nodes.reset_index().rename(columns={"index": "node"}).to_dict("records"),
        },
        results=results.to_bytes(),
    )
    run.refresh_from_db()
    return run


def _junctions(model: dict) -> list[str]:
    return [n["name"] for n in model["nodes"] if n["node_type"] == "Junction"]


def _dma_of_nodes() -> dict[str, str]:
    return dict(
        Asset.objects.filter(system=System.SUPPLY, layer=Layer.NODE, dma__isnull=False).values_list("code", "dma__code")
    )


def _service(model: HydraulicModel, results: engine.Results):
    limit = rules.value("hydraulics.min_service_pressure_mpa") / MPA_PER_M
    nodes, groups = engine.pressure_service(
        results, min_pressure_m=limit, groups=_dma_of_nodes(), nodes=_junctions(model.model)
    )
    nodes = nodes.round(3)
    groups = groups.round(2)
    return nodes, groups


def prepared(model: HydraulicModel) -> engine.Prepared:
    """The model version made ready to run, kept for the last few versions asked for.

    A version's network never changes, so the bulk of its EPANET file is rendered once, not on every run (a
    criticality by shortfall runs the model once per segment).
    """
    key = (model.pk, model.created)  # with the creation time: a reused id is not mistaken for the old version
    with _lock:
        if key in _prepared_cache:
            _prepared_cache.move_to_end(key)
            return _prepared_cache[key]
    ready = engine.prepare(model.model)
    with _lock:
        _prepared_cache[key] = ready
        while len(_prepared_cache) > 4:
            _prepared_cache.popitem(last=False)
    return ready


def results_of(run: Run) -> engine.Results:
    """The run's results, kept in memory for the last few runs asked for."""
    key = (run.pk, run.finished_at)  # a run id with its finish time: a re-run or a reused id is not mistaken
    with _lock:
        if key in _results_cache:
            _results_cache.move_to_end(key)
            return _results_cache[key]
    data = Run.objects.filter(pk=run.pk).values_list("results", flat=True).first()
    if not data:
        raise ValidationError(_("This run has no results."))
    results = engine.Results.from_bytes(bytes(data))
    with _lock:
        _results_cache[key] = results
        while len(_results_cache) > 8:
            _results_cache.popitem(last=False)
    return results


def series(run: Run, *, node: str | None = None, link: str | None = None) -> dict:
    results = results_of(run)
    if node:
        if node not in results.pressure.columns:
            raise ValidationError({"node": _("No node %(name)s in this run.") % {"name": node}})
        values = {"pressure_m": results.pressure[node], "demand_lps": results.demand[node] * 1000}
    elif link:
        if link not in results.flow.columns:
            raise ValidationError({"link": _("No link %(name)s in this run.") % {"name": link}})
        values = {"flow_lps": results.flow[link] * 1000, "velocity_ms": results.velocity[link]}
    else:
        raise ValidationError({"node": _("Name a node or a link.")})
    return {
        "hours": [round(s / 3600, 3) for s in results.pressure.index],
        **{k: [round(float(v), 4) for v in col] for k, col in values.items()},
    }


def link_maxima(run: Run) -> dict[str, dict]:
    results = results_of(run)
    velocity = results.velocity.abs().max().round(3)
    flow = (results.flow.abs().max() * 1000).round(2)
    return {name: {"velocity_ms": float(velocity[name]), "flow_lps": float(flow[name])} for name in velocity.index}


def compare(a: Run, b: Run) -> list[dict]:
    table = engine.compare(results_of(a), results_of(b)).round(3)
    return table.reset_index().rename(columns={"index": "node"}).to_dict("records")


def buildings_above_service(run: Run) -> list[dict]:
    """Served buildings taller than the storeys their connection's pressure reaches, with their booster unit."""
    storeys = {row["node"]: row["storeys"] for row in run.service.get("nodes", [])}
    out = []
    for b in ServedBuilding.objects.select_related("unit", "unit__node").order_by("unit__code", "name"):
        node = b.unit.node.code if b.unit.node_id else None
        reach = storeys.get(node)
        if reach is None:
            continue
        out.append(
            {
                "building": b.name,
                "storeys": b.storeys,
                "node": node,
                "network_reaches": int(reach),
                "needs_secondary_supply": b.storeys > reach,
                "unit": b.unit.code,
                "unit_name": b.unit.name,
                "floors_served": f"{b.floor_from}–{b.floor_to}",
            }
        )
    return out


# -- burst isolation -------------------------------------------------------------------------------


def _segments_key() -> tuple:
    assets = Asset.objects.filter(system=System.SUPPLY, kind__in=[Kind.PIPE, Kind.VALVE])
    agg = assets.aggregate(n=Count("pk"), last=Max("updated"))
    return (agg["n"], agg["last"])


def segments() -> engine.ValveSegments:
    """The valve segments of the supply network as the register stands (recomputed when pipes or valves change)."""
    key = _segments_key()
    with _lock:
        if key in _segments_cache:
            return _segments_cache[key]
    active = Asset.objects.filter(system=System.SUPPLY, status=Status.ACTIVE)
    # Every link joins the graph: pumps and control valves carry water from the sources too (they are not
    # isolation valves, so they never bound a segment).
    pipes = pd.DataFrame(
        list(
            active.filter(layer=Layer.LINK, start_node__isnull=False, end_node__isnull=False).values_list(
                "code", "start_node__code", "end_node__code"
            )
        ),
        columns=["name", "start", "end"],
    )
    valves = pd.DataFrame(
        list(
            active.filter(kind=Kind.VALVE, layer=Layer.FEATURE, pipe__isnull=False, node__isnull=False).values_list(
                "code", "pipe__code", "node__code", "operable"
            )
        ),
        columns=["name", "pipe", "node", "operable"],
    )
    valves["operable"] = valves["operable"].fillna(True).astype(bool)
    sources = list(active.filter(kind__in=[Kind.RESERVOIR, Kind.TANK]).values_list("code", flat=True))
    built = engine.ValveSegments(pipes, valves, sources)
    with _lock:
        _segments_cache.clear()
        _segments_cache[key] = built
    return built


def nearest_pipe(lon: float, lat: float, radius_m: float = 100) -> Asset | None:
    d = radius_m / 111_000
    best, best_d = None, None
    point = geo.point(lon, lat)
    from shapely.geometry import shape

    here = shape(point)
    for pipe in Asset.objects.filter(system=System.SUPPLY, kind=Kind.PIPE, status=Status.ACTIVE).in_bbox(
        lon - d, lat - d * 1.2, lon + d, lat + d * 1.2
    ):
        if not pipe.geometry:
            continue
        distance = shape(pipe.geometry).distance(here)
        if best_d is None or distance < best_d:
            best, best_d = pipe, distance
    return best


def isolate(pipe: Asset, *, check: bool = False) -> dict:
    """The valves to shut for a burst on this pipe, what is cut off, and who: critical customers first.

    With ``check``, the newest model is run for a day with the area shut (pressure-driven demand) and the nodes
    outside it that fall below the service pressure are reported.
    """
    if pipe.kind != Kind.PIPE or pipe.system != System.SUPPLY:
        raise ValidationError({"pipe": _("Choose a supply pipe.")})
    try:
        found = segments().isolate(pipe.code)
    except (KeyError, ValueError):
        raise ValidationError(
            {"pipe": _("Pipe %(code)s is not in the active network.") % {"code": pipe.code}}
        ) from None
    area_pipes = list(found.pipes) + list(found.disconnected_pipes)
    area_nodes = list(found.nodes) + list(found.disconnected_nodes)
    pipes = Asset.objects.filter(system=System.SUPPLY, kind=Kind.PIPE, code__in=area_pipes)
    valves = {
        v.code: v
        for v in Asset.objects.filter(system=System.SUPPLY, kind=Kind.VALVE, code__in=found.valves + found.inoperable)
    }
    points = (
        Asset.objects.filter(kind=Kind.SERVICE_POINT)
        .filter(Q(pipe__in=pipes) | Q(node__code__in=area_nodes, node__system=System.SUPPLY))
        .order_by("code")
    )
    model = latest_model()
    demand = _node_demand_m3_day(model.model if model else None)
    critical = [p for p in points if p.subtype in CRITICAL_SERVICE_TYPES]
    households = sum(int((p.attrs or {}).get("households") or 0) for p in points)
    result = {
        "pipe": pipe.code,
        "valves": [_valve(valves[c], i + 1) for i, c in enumerate(found.valves) if c in valves],
        "inoperable": [_valve(valves[c], None) for c in found.inoperable if c in valves],
        "pipes": sorted(found.pipes),
        "disconnected_pipes": sorted(found.disconnected_pipes),
        "nodes": sorted(area_nodes),
        "km": round(sum(p.length or 0 for p in pipes) / 1000, 3),
        "demand_m3_per_day": round(sum(demand.get(n, 0.0) for n in area_nodes), 1),
        "service_points": [
            _point(p) for p in sorted(points, key=lambda p: (p.subtype not in CRITICAL_SERVICE_TYPES, p.code))
        ],
        "critical_count": len(critical),
        "households": households,
        "accounts": None,  # customers and accounts arrive with the customers app
        "geometry": {
            "type": "FeatureCollection",
            "features": [
                {"type": "Feature", "geometry": p.geometry, "properties": {"code": p.code, "role": "isolated"}}
                for p in pipes
                if p.geometry
            ],
        },
    }
    if check:
        result["check"] = _check_rest(model, area_pipes, set(area_nodes))
    return result


def _check_rest(model: HydraulicModel | None, closed: list[str], area: set[str]) -> dict:
    """The rest of the network with the area shut: nodes outside it below the service pressure over a day."""
    if model is None:
        return {"error": _("There is no hydraulic model yet.")}
    known = {link["name"] for link in model.model["links"]}
    limit = rules.value("hydraulics.min_service_pressure_mpa") / MPA_PER_M
    scenario = engine.Scenario(
        duration_h=24,
        step_s=3600,
        closed_links=[c for c in closed if c in known],
        pressure_dependent=True,
        required_pressure_m=limit,
    )
    try:
        results = engine.simulate(prepared(model), scenario)
    except ValueError as exc:
        return {"error": str(exc)}
    lowest = results.pressure[[n for n in results.junctions if n not in area]].min()
    below = lowest[lowest < limit].sort_values()
    return {
        "model_version": model.version,
        "nodes_below_minimum": int(len(below)),
        "worst": [{"node": n, "min_pressure_m": round(float(v), 2)} for n, v in below.head(10).items()],
    }


def _valve(valve: Asset, order: int | None) -> dict:
    lon, lat = valve.centre or (None, None)
    return {"order": order, "code": valve.code, "id": valve.pk, "diameter": valve.diameter, "lon": lon, "lat": lat}


def _point(point: Asset) -> dict:
    return {
        "code": point.code,
        "name": point.name,
        "type": point.subtype,
        "type_label": point.get_subtype_display() if hasattr(point, "get_subtype_display") else point.subtype,
        "critical": point.subtype in CRITICAL_SERVICE_TYPES,
        "address": point.address,
        "households": (point.attrs or {}).get("households"),
    }


def _node_demand_m3_day(model: dict | None) -> dict[str, float]:
    if not model:
        return {}
    return {
        n["name"]: sum(d.get("base_val", 0) for d in n.get("demand_timeseries_list") or []) * 86400
        for n in model["nodes"]
        if n["node_type"] == "Junction"
    }


def isolation_outage(pipe: Asset, *, user, start: datetime, expected_restore: datetime, work_order=None):
    """One click: the isolation becomes an unplanned outage in the repair centre, valves in shut-off order."""
    from shuiwu.work import services as work
    from shuiwu.work.choices import OutageKind

    found = isolate(pipe)
    pipes = list(
        Asset.objects.filter(
            system=System.SUPPLY, kind=Kind.PIPE, code__in=found["pipes"] + found["disconnected_pipes"]
        )
    )
    valves = [v["code"] for v in found["valves"]]
    return work.create_outage(
        user=user,
        kind=OutageKind.UNPLANNED,
        title=_("Burst on %(pipe)s: %(n)s valves shut") % {"pipe": pipe.code, "n": len(valves)},
        start=start,
        expected_restore=expected_restore,
        pipes=pipes,
        valves=valves,
        work_order=work_order,
        company=pipe.company,
    )


# -- fire flow and criticality -----------------------------------------------------------------------


def fire_flow(node_code: str, *, residual_mpa: float | None = None, at_hour: float | None = None) -> dict:
    model = latest_model()
    if model is None:
        raise ValidationError({"model": _("There is no hydraulic model yet.")})
    if node_code not in {n["name"] for n in model.model["nodes"]}:
        raise ValidationError(
            {"node": _("No node %(name)s in model v%(v)s.") % {"name": node_code, "v": model.version}}
        )
    residual = residual_mpa if residual_mpa is not None else rules.value("hydraulics.fire_residual_pressure_mpa")
    if not 0 < residual < 1:
        raise ValidationError({"residual_mpa": _("Between 0 and 1 MPa.")})
    result = engine.fire_flow(prepared(model), node_code, residual_pressure_m=residual / MPA_PER_M, at_hour=at_hour)
    result["model_version"] = model.version
    result["residual_mpa"] = residual
    return result


def hydrant_node(hydrant: Asset) -> str:
    if hydrant.node_id:
        return hydrant.node.code
    raise ValidationError({"hydrant": _("Hydrant %(code)s is not connected to a node.") % {"code": hydrant.code}})


def start_criticality(*, user=None) -> CriticalityRun:
    from shuiwu.hydraulics import jobs

    _check(user, "hydraulics.add_criticalityrun")
    model = latest_model()
    if model is None:
        raise ValidationError({"model": _("There is no hydraulic model yet.")})
    run = CriticalityRun.objects.create(company=model.company, model=model)
    transaction.on_commit(lambda: jobs.criticality.delay(run.pk))
    return run


def execute_criticality(run_id: int, limit: int = 100, *, shortfall: bool = True) -> CriticalityRun:
    """Rank every valve segment by the customers its shut-down cuts off and by the demand the network then fails
    to deliver over a day (a pressure-driven run per segment); keep the worst ``limit`` by either measure."""
    run = CriticalityRun.objects.select_related("model").get(pk=run_id)
    CriticalityRun.objects.filter(pk=run.pk).update(status=RunStatus.RUNNING, started_at=timezone.now())
    try:
        customers = dict(
            Asset.objects.filter(kind=Kind.SERVICE_POINT, node__isnull=False)
            .values("node__code")
            .annotate(n=Count("pk"))
            .values_list("node__code", "n")
        )
        table = segments().criticality(node_weight=customers)
        shortfall = _shortfalls(run, table) if shortfall else {}
        rows = []
        for segment, row in table.iterrows():
            rows.append(
                {
                    "segment": _plain(segment),
                    **{k: _plain(v) for k, v in row.items() if k != "nodes"},
                    "shortfall_m3": shortfall.get(segment),
                }
            )
        by_customers = rows[:limit]
        by_shortfall = sorted(rows, key=lambda r: -(r["shortfall_m3"] or 0))[:limit]
        kept = {id(r) for r in by_customers} | {id(r) for r in by_shortfall}
        rows = [r for r in rows if id(r) in kept]
    except Exception as exc:
        CriticalityRun.objects.filter(pk=run.pk).update(
            status=RunStatus.FAILED, error=str(exc)[:2000], finished_at=timezone.now()
        )
        run.refresh_from_db()
        return run
    CriticalityRun.objects.filter(pk=run.pk).update(
        status=RunStatus.DONE, progress=1, finished_at=timezone.now(), ranking=_plain(rows)
    )
    run.refresh_from_db()
    return run


def _shortfalls(run: CriticalityRun, table: pd.DataFrame) -> dict:
    """m³ a day the network fails to deliver with each segment shut, against the same day with nothing shut."""
    model = prepared(run.model)
    known = set(model.link_names)
    scenario = engine.Scenario(
        duration_h=24,
        step_s=3600,
        pressure_dependent=True,
        required_pressure_m=rules.value("hydraulics.min_service_pressure_mpa") / MPA_PER_M,
    )

    def delivered(results: engine.Results) -> float:
        demand = results.demand[results.junctions].iloc[:-1]  # 24 hourly steps; the last point closes the day
        return float(demand.to_numpy().sum()) * scenario.step_s

    base = delivered(engine.simulate(model, scenario))
    out: dict = {}
    total = max(len(table), 1)
    for i, (segment, row) in enumerate(table.iterrows()):
        closed = [p for p in row["pipes"] if p in known]
        if closed:
            try:
                shut = engine.Scenario(**{**scenario.__dict__, "closed_links": closed})
                out[segment] = round(max(base - delivered(engine.simulate(model, shut)), 0.0), 1)
            except ValueError:
                out[segment] = None
        if i % 20 == 0:
            CriticalityRun.objects.filter(pk=run.pk).update(progress=round(i / total, 3))
    return out


def _plain(value):
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set)):
        return [_plain(v) for v in value]
    if hasattr(value, "item"):
        return value.item()
    return value


# -- figures -----------------------------------------------------------------------------------------


def summary(company: Company | None, start, end, *, user=None) -> dict:
    """Runs in the period and the pressure service of the newest base-day run."""
    runs = Run.objects.all()
    if user is not None:
        runs = runs.restrict(user)
    if company is not None:
        runs = runs.filter(company=company)
    period = runs.filter(created__date__gte=start, created__date__lte=end)
    latest = runs.filter(status=RunStatus.DONE, scenario__kind="base_day").order_by("-finished_at").first()
    groups = latest.service.get("groups", []) if latest else []
    return {
        "company": company.code if company else None,
        "start": start.isoformat(),
        "end": end.isoformat(),
        "runs": period.count(),
        "runs_failed": period.filter(status=RunStatus.FAILED).count(),
        "base_day_run": latest.pk if latest else None,
        "nodes_below_minimum": (latest.summary or {}).get("nodes_below_minimum") if latest else None,
        "pressure_compliance_by_dma": {g["group"]: g["compliance_percent"] for g in groups},
    }
