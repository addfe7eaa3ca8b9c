"""Factories of the asset register: nodes, pipes and other assets at given positions."""

import factory

from shuiwu.assets.choices import Kind, Status, System
from shuiwu.assets.models import DMA, Asset
from shuiwu.lib import geo
from shuiwu.org.tests.factories import CompanyFactory

ORIGIN = (121.015, 30.698)


def lonlat(x_m: float, y_m: float) -> tuple[float, float]:
    """A position ``x_m`` metres east and ``y_m`` metres north of the test origin."""
    per_lon, per_lat = geo.metres_per_degree(ORIGIN[1])
    return ORIGIN[0] + x_m / per_lon, ORIGIN[1] + y_m / per_lat


class AssetFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Asset

    kind = Kind.JUNCTION
    system = System.SUPPLY
    status = Status.ACTIVE
    company = factory.SubFactory(CompanyFactory)
    code = factory.Sequence(lambda n: f"A{n}")
    geometry = factory.LazyFunction(lambda: geo.point(*ORIGIN))


def junction(company, code, x=0.0, y=0.0, system=System.SUPPLY, **fields) -> Asset:
    return AssetFactory(
        kind=Kind.JUNCTION,
        company=company,
        code=code,
        system=system,
        geometry=geo.point(*lonlat(x, y)),
        elevation=fields.pop("elevation", 10.0),
        **fields,
    )


def pipe(company, code, start: Asset, end: Asset, diameter=200.0, **fields) -> Asset:
    return AssetFactory(
        kind=Kind.PIPE,
        company=company,
        code=code,
        system=start.system,
        start_node=start,
        end_node=end,
        diameter=diameter,
        geometry=None,
        **fields,
    )


class DMAFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DMA

    company = factory.SubFactory(CompanyFactory)
    code = factory.Sequence(lambda n: f"DMA{n}")
    name = factory.Sequence(lambda n: f"片区{n}")
    geometry = factory.LazyFunction(
        lambda: geo.polygon([lonlat(-100, -100), lonlat(100, -100), lonlat(100, 100), lonlat(-100, 100)])
    )
