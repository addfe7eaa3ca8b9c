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
