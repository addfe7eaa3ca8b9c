"""Helpers for the inspection tests: a small street with pipes, hydrants and a plan over them."""

from datetime import date

from shuiwu.assets.tests.factories import AssetFactory, junction, lonlat, pipe
from shuiwu.inspections.choices import PlanType
from shuiwu.inspections.models import Checklist, Checkpoint, Plan
from shuiwu.lib import geo
from shuiwu.org.choices import TeamKind
from shuiwu.org.tests.factories import TeamFactory


def street(company):
    """Two 200 m pipes east of the origin, and three hydrants beside them."""
    a, b, c = junction(company, "SA", 0, 0), junction(company, "SB", 200, 0), junction(company, "SC", 400, 0)
    pipes = [pipe(company, "SP1", a, b, diameter=150), pipe(company, "SP2", b, c, diameter=150)]
    hydrants = [
        AssetFactory(kind="hydrant", company=company, code=f"H{i}", geometry=geo.point(*lonlat(x, 5)))
        for i, x in enumerate((50, 200, 350), start=1)
    ]
    return pipes, hydrants


def plan(
    company,
    plan_type=PlanType.HYDRANT_CHECK,
    *,
    team=None,
    checkpoints=(),
    route=(),
    every=1,
    unit="weeks",
    window=(9, 17),
    start=date(2026, 7, 1),
    code=None,
    facility=None,
):
    team = team or TeamFactory(company=company, kind=TeamKind.PATROL)
    p = Plan.objects.create(
        company=company,
        code=code or f"PL-{plan_type}",
        name=f"测试{plan_type}",
        plan_type=plan_type,
        team=team,
        checklist=Checklist.objects.get(plan_type=plan_type),
        every=every,
        unit=unit,
        window_start=window[0],
        window_end=window[1],
        start_date=start,
        facility=facility,
    )
    p.route.set(route)
    Checkpoint.objects.bulk_create([Checkpoint(plan=p, asset=a, order=i) for i, a in enumerate(checkpoints)])
    return p
