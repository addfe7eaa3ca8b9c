"""Tables of the asset register's list pages."""

import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from shuiwu.assets.choices import SUBTYPES
from shuiwu.assets.kinds import SPECS
from shuiwu.assets.models import DMA, Asset, PressureZone, ServedBuilding
from shuiwu.core.tables import BaseTable, LinkColumn


class AssetTable(BaseTable):
    code = LinkColumn()
    diameter = tables.Column(verbose_name=_("DN (mm)"))
    length = tables.Column(verbose_name=_("length (m)"))
    dma = tables.Column(verbose_name=_("DMA"), accessor="dma__code")

    class Meta(BaseTable.Meta):
        model = Asset
        fields = (
            "code",
            "name",
            "kind",
            "system",
            "subtype",
            "company",
            "status",
            "diameter",
            "material",
            "length",
            "dma",
            "install_date",
        )

    def render_subtype(self, value, record):
        return record.subtype_label

    def render_diameter(self, value):
        return f"{value:g}"

    def render_length(self, value):
        return f"{value:,.1f}"


def kind_table(kind: str) -> type[AssetTable]:
    """The table of one kind's list: no kind column, and only the columns that kind uses."""
    spec = SPECS[kind]
    columns = ["code", "name", "system", "subtype", "company", "status"]
    if kind in ("pipe", "valve", "pump", "hydrant", "meter_well"):
        columns += ["diameter", "material"]
    if "length" in spec.fields:
        columns.append("length")
    if "elevation" in spec.fields:
        columns.append("elevation")
    if kind == "valve":
        columns += ["normally_open", "operable"]
    if kind in ("process_unit", "pump"):
        columns.append("parent")
    columns += ["dma", "install_date"]
    if kind not in SUBTYPES:
        columns.remove("subtype")
    declared = set(AssetTable.base_columns)
    meta = type(
        "Meta",
        (AssetTable.Meta,),
        {"fields": tuple(columns), "sequence": tuple(columns), "exclude": tuple(declared - set(columns))},
    )
    return type(f"{kind.title()}Table", (AssetTable,), {"Meta": meta})


class DMATable(BaseTable):
    name = LinkColumn()
    assets = tables.Column(verbose_name=_("service points"), accessor="service_point_count")
    pipe_km = tables.Column(verbose_name=_("pipes (km)"), accessor="pipe_km")

    class Meta(BaseTable.Meta):
        model = DMA
        fields = ("code", "name", "company", "zone", "assets", "pipe_km")

    def render_pipe_km(self, value):
        return f"{(value or 0) / 1000:,.2f}"


class PressureZoneTable(BaseTable):
    name = LinkColumn()

    class Meta(BaseTable.Meta):
        model = PressureZone
        fields = ("code", "name", "system", "company", "min_pressure_mpa")


class ServedBuildingTable(BaseTable):
    class Meta(BaseTable.Meta):
        model = ServedBuilding
        fields = ("name", "unit", "storeys", "floor_from", "floor_to", "households")
