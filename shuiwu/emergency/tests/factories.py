"""Helpers for the emergency tests: plans with needs, warehouses with stock, drills."""

from datetime import date
from decimal import Decimal
from itertools import count

from shuiwu.emergency.choices import MaterialKind, PlanType
from shuiwu.emergency.models import ContingencyPlan, Drill, Material, PlanMaterial, Stock, Warehouse

_n = count(1)


def plan(company, plan_type=PlanType.FLOOD_TYPHOON, code=None, steps=None) -> ContingencyPlan:
    n = next(_n)
    return ContingencyPlan.objects.create(
        company=company,
        code=code or f"P{n}",
        name=f"预案{n}",
        plan_type=plan_type,
        steps=steps if steps is not None else ["启动响应", "检查排水泵"],
    )


def material(kind=MaterialKind.DRAINAGE_PUMP, unit="台", code=None, dn=None) -> Material:
    n = next(_n)
    return Material.objects.create(code=code or f"M{n}", name=f"物资{n}", kind=kind, unit=unit, dn=dn)


def warehouse(company, code=None) -> Warehouse:
    n = next(_n)
    return Warehouse.objects.create(company=company, code=code or f"W{n}", name=f"仓库{n}")


def stock(wh, item, quantity, minimum=0, **fields) -> Stock:
    return Stock.objects.create(
        warehouse=wh, material=item, quantity=Decimal(str(quantity)), minimum=Decimal(str(minimum)), **fields
    )


def need(p, item, quantity) -> PlanMaterial:
    return PlanMaterial.objects.create(plan=p, material=item, quantity=Decimal(str(quantity)))


def drill(p, planned_on=date(2026, 5, 10), **fields) -> Drill:
    n = next(_n)
    return Drill.objects.create(
        company=p.company, plan=p, number=f"YL-T-{n:04d}", title=f"演练{n}", planned_on=planned_on, **fields
    )
