"""Burst isolation on a register network: valves in order, the next ring past an inoperable valve, who is cut off,
and one click to an outage in the repair centre."""

from datetime import timedelta

import pytest
from django.utils import timezone

from shuiwu.assets.choices import Kind
from shuiwu.assets.tests.factories import AssetFactory, junction, pipe
from shuiwu.hydraulics import services
from shuiwu.work.models import Outage

pytestmark = pytest.mark.django_db


@pytest.fixture
def street(companies):
    """R ─P0─ A ─P1─ B ─P2─ C, and a branch B ─P3─ D; valves at both ends of P1 and P2, and on P3 at B."""
    c = companies["SUPPLY"]
    r = AssetFactory(kind=Kind.RESERVOIR, company=c, code="R")
    a, b, cc, d = (junction(c, code, x, 0) for code, x in (("A", 100), ("B", 200), ("C", 300), ("D", 400)))
    pipes = {
        "P0": pipe(c, "P0", r, a),
        "P1": pipe(c, "P1", a, b, length=100),
        "P2": pipe(c, "P2", b, cc, length=100),
        "P3": pipe(c, "P3", b, d, length=100),
    }

    def valve(code, on, at, operable=True):
        return AssetFactory(kind=Kind.VALVE, company=c, code=code, pipe=pipes[on], node=at, operable=operable)

    valve("V1A", "P1", a)
    valve("V1B", "P1", b)
    valve("V2B", "P2", b, operable=False)
    valve("V2C", "P2", cc)
    valve("V3B", "P3", b)
    AssetFactory(kind=Kind.SERVICE_POINT, company=c, code="SP-D", node=d, subtype="hospital", name="人民医院")
    AssetFactory(
        kind=Kind.SERVICE_POINT, company=c, code="SP-C", node=cc, subtype="residential", attrs={"households": 40}
    )
    return pipes


def test_the_valves_of_the_segment(street):
    found = services.isolate(street["P1"])
    assert sorted(v["code"] for v in found["valves"]) == ["V1A", "V1B"]
    assert found["pipes"] == ["P1"]


def test_an_inoperable_valve_is_passed_over_for_the_next_ring(street):
    found = services.isolate(street["P2"])
    # V2B does not turn: the ring widens past B, to V1B and V3B; C beyond V2C is cut off with nothing behind it.
    assert [v["code"] for v in found["inoperable"]] == ["V2B"]
    assert "V2B" not in {v["code"] for v in found["valves"]}
    assert {"V1B", "V3B"} <= {v["code"] for v in found["valves"]}
    codes = [p["code"] for p in found["service_points"]]
    assert codes[0] == "SP-D" or "SP-D" not in codes  # critical customers come first


def test_the_isolation_becomes_an_outage(street, group_manager):
    start = timezone.now()
    result = services.isolation_outage(
        street["P1"], user=group_manager, start=start, expected_restore=start + timedelta(hours=6)
    )
    outage = Outage.objects.get(pk=result.outage.pk)
    assert outage.kind == "unplanned"
    assert set(outage.valves) == {"V1A", "V1B"}
    # P1 is shut in; P2 and P3 beyond it lose their only supply.
    assert set(outage.pipes.values_list("code", flat=True)) == {"P1", "P2", "P3"}


def test_a_source_behind_a_pump_still_feeds_the_rest(companies):
    """R ─PU(pump)─ A ─P1─ B ─P2─ C with a valve on P2 at B: shutting P2 leaves A and B supplied through the pump."""
    c = companies["SUPPLY"]
    r = AssetFactory(kind=Kind.RESERVOIR, company=c, code="R")
    a, b, cc = (junction(c, code, x, 0) for code, x in (("A", 100), ("B", 200), ("C", 300)))
    AssetFactory(kind=Kind.PUMP, company=c, code="PU", start_node=r, end_node=a)
    pipe(c, "P1", a, b)
    p2 = pipe(c, "P2", b, cc)
    AssetFactory(kind=Kind.VALVE, company=c, code="V", pipe=p2, node=b, operable=True)
    found = services.isolate(p2)
    assert [v["code"] for v in found["valves"]] == ["V"]
    assert found["pipes"] == ["P2"] and found["disconnected_pipes"] == []
