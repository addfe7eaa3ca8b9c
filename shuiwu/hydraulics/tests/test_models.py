"""A model built from the register simulates like the file it came from; runs keep their results and service."""

import pytest
from django.core.exceptions import ValidationError

from shuiwu.engine import hydraulics as engine
from shuiwu.engine import inp
from shuiwu.hydraulics import services
from shuiwu.hydraulics.models import Run, Scenario
from shuiwu.hydraulics.tests.conftest import LTOWN, NET3

pytestmark = pytest.mark.django_db


def _max_difference(model_a: dict, model_b: dict) -> float:
    scenario = engine.Scenario(duration_h=24, step_s=3600)
    a = engine.simulate(model_a, scenario).pressure
    b = engine.simulate(model_b, scenario).pressure
    common = [c for c in a.columns if c in b.columns]
    assert len(common) == len(a.columns)
    return float((a[common] - b[common]).abs().max().max())


@pytest.mark.parametrize("path", [NET3, LTOWN], ids=["Net3", "L-Town"])
def test_a_register_snapshot_gives_the_files_pressures(companies, path):
    from shuiwu.assets.services import import_network

    import_network(path, system="supply", company=companies["SUPPLY"], origin=(121.015, 30.698))
    model = services.snapshot()
    assert model.version == 1 and model.source == "register"
    assert not model.errors, model.errors
    assert _max_difference(inp.read(path), model.model) < 0.01


def test_a_run_keeps_summary_service_and_series(net3_register, companies):
    services.snapshot()
    scenario = Scenario.objects.create(company=companies["SUPPLY"], name="基准日", kind="base_day", duration_h=6)
    run = Run.objects.create(company=scenario.company, scenario=scenario, model=services.latest_model(), parameters={})
    run = services.execute(run.pk)
    assert run.status == "done" and run.progress == 1, run.error
    assert run.summary["steps"] == 6 * 4 + 1
    nodes = {n["node"]: n for n in run.service["nodes"]}
    assert all(n["storeys"] == engine.storeys(n["min_pressure_m"]) for n in nodes.values())
    some = next(iter(nodes))
    series = services.series(run, node=some)
    assert len(series["hours"]) == len(series["pressure_m"]) == 25
    with pytest.raises(ValidationError):
        services.series(run, node="NOT-A-NODE")


def test_a_failed_run_says_why(net3_register, companies):
    services.snapshot()
    scenario = Scenario.objects.create(
        company=companies["SUPPLY"], name="x", kind="closure", closed_links=["NO-SUCH-PIPE"], duration_h=1
    )
    run = Run.objects.create(company=scenario.company, scenario=scenario, model=services.latest_model())
    run = services.execute(run.pk)
    assert run.status == "failed" and "NO-SUCH-PIPE" in run.error


def test_start_run_needs_a_model(companies):
    scenario = Scenario.objects.create(company=companies["SUPPLY"], name="x", kind="base_day")
    with pytest.raises(ValidationError) as caught:
        services.start_run(scenario)
    assert "model" in caught.value.message_dict


def test_criticality_ranks_by_customers_and_by_demand_shortfall(net3_register, companies):
    from shuiwu.assets.choices import Kind
    from shuiwu.assets.models import Asset
    from shuiwu.assets.tests.factories import AssetFactory
    from shuiwu.hydraulics.models import CriticalityRun

    # Valves at both ends of a few Net3 pipes make segments of them.
    for code in ("101", "105", "111"):
        pipe = Asset.objects.get(system="supply", kind=Kind.PIPE, code=code)
        for end in (pipe.start_node, pipe.end_node):
            AssetFactory(kind=Kind.VALVE, company=companies["SUPPLY"], code=f"V{code}-{end.code}", pipe=pipe, node=end)
    model = services.snapshot()
    run = services.execute_criticality(CriticalityRun.objects.create(company=model.company, model=model).pk)
    assert run.status == "done", run.error
    shortfalls = [r["shortfall_m3"] for r in run.ranking]
    assert len(run.ranking) >= 4 and all(s is None or s >= 0 for s in shortfalls)
    assert max(s or 0 for s in shortfalls) > 0  # shutting the rest of the network cuts real demand
