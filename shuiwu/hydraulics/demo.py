"""The demo city's hydraulic model: a register snapshot, the seeded scenarios, their runs and a criticality ranking."""

from __future__ import annotations

from django.db.models import Max

from shuiwu.assets.choices import Kind, System
from shuiwu.assets.models import Asset
from shuiwu.core import demo, rules
from shuiwu.hydraulics import services
from shuiwu.hydraulics.choices import ScenarioKind
from shuiwu.hydraulics.models import CriticalityRun, Run, Scenario


def _scenarios(company, model) -> list[Scenario]:
    widest = (
        Asset.objects.filter(system=System.SUPPLY, kind=Kind.PIPE, dma__code="DMA-03")
        .order_by("-diameter", "code")
        .first()
    )
    hydrant = Asset.objects.filter(kind=Kind.HYDRANT, node__isnull=False).order_by("code").first()
    pump = Asset.objects.filter(system=System.SUPPLY, kind=Kind.PUMP).order_by("code").first()
    peak = rules.value("hydraulics.summer_peak_factor")
    specs = [
        ("基准日", ScenarioKind.BASE_DAY, {}),
        (f"夏季高峰日（需水×{peak}）", ScenarioKind.SUMMER_PEAK, {"demand_factor": peak}),
        ("需水增长15%", ScenarioKind.DEMAND_GROWTH, {"demand_factor": 1.15}),
    ]
    if widest is not None:
        specs.append(
            (f"关闭{widest.code}（DN{widest.diameter:.0f}）", ScenarioKind.CLOSURE, {"closed_links": [widest.code]})
        )
    if pump is not None:
        specs.append(("北区增压泵停运", ScenarioKind.PUMP_OFF, {"pumps_off": [pump.code]}))
    if hydrant is not None:
        specs.append(
            (
                f"{hydrant.code}消防用水30 L/s",
                ScenarioKind.FIRE_FLOW,
                {"fire_node": hydrant.node.code, "fire_flow_lps": 30, "fire_start_h": 10, "fire_duration_h": 2},
            )
        )
    made = []
    for name, kind, fields in specs:
        scenario = Scenario(company=company, name=name, kind=kind, model=None, **fields)
        scenario.full_clean(exclude=["model"])
        scenario.save()
        made.append(scenario)
    return made


@demo.part("hydraulics", after=("assets", "work"), label="Hydraulic model and scenarios")
def build(ctx):
    model = services.snapshot(name="供水管网（资产台账快照）")
    scenarios = _scenarios(model.company, model)
    runs = []
    for scenario in scenarios:
        if scenario.kind in (ScenarioKind.BASE_DAY, ScenarioKind.SUMMER_PEAK, ScenarioKind.FIRE_FLOW):
            run = Run.objects.create(
                company=scenario.company,
                scenario=scenario,
                model=model,
                parameters=services.engine_scenario(scenario).__dict__,
            )
            runs.append(services.execute(run.pk))
    ranking = CriticalityRun.objects.create(company=model.company, model=model)
    # Customers only: the demand-shortfall ranking (a day's pressure-driven run per segment, about 40 s on this
    # network) is one click away on the criticality page, and the demo should start quickly.
    services.execute_criticality(ranking.pk, shortfall=False)
    return {
        "model_version": model.version,
        "problems": len(model.problems),
        "scenarios": len(scenarios),
        "runs": {r.scenario.name: r.status for r in runs},
        "slowest_run_s": max((r.seconds or 0) for r in runs) if runs else 0,
        "max_version": Run.objects.aggregate(v=Max("model__version"))["v"],
    }
