"""Back office for the asset register: one admin per kind, DMAs, zones and networks."""

from django.contrib import admin

from shuiwu.assets.kinds import form_fields
from shuiwu.assets.models import DMA, PROXIES, Asset, Network, PressureZone, ServedBuilding
from shuiwu.core.admin import ScopedAdmin

RAW_ID = ("parent", "start_node", "end_node", "node", "pipe")


@admin.register(Asset)
class AssetAdmin(ScopedAdmin):
    list_display = ("code", "name", "kind", "system", "subtype", "company", "status", "diameter", "length")
    list_filter = ("kind", "system", "status", "company", "material")
    search_fields = ("code", "name", "address")
    list_select_related = ("company",)
    raw_id_fields = (*RAW_ID, "dma", "zone", "network")
    readonly_fields = ("layer", "min_lon", "min_lat", "max_lon", "max_lat", "created", "updated")


def _kind_admin(kind: str, model):
    fields = list(form_fields(kind)) + ["geometry", "attrs"]
    if kind in ("pipe", "junction", "valve", "pump", "tank", "reservoir"):
        fields.append("hydraulic")
    return type(
        f"{model.__name__}Admin",
        (ScopedAdmin,),
        {
            "list_display": ("code", "name", "system", "subtype", "company", "status", "diameter"),
            "list_filter": ("system", "status", "company", "subtype"),
            "search_fields": ("code", "name", "address"),
            "list_select_related": ("company",),
            "raw_id_fields": tuple(f for f in RAW_ID if f in fields),
            "fields": fields,
        },
    )


for _kind, _model in PROXIES.items():
    admin.site.register(_model, _kind_admin(_kind, _model))


class ServedBuildingInline(admin.TabularInline):
    model = ServedBuilding
    extra = 0


@admin.register(DMA)
class DMAAdmin(ScopedAdmin):
    list_display = ("code", "name", "company", "zone")
    search_fields = ("code", "name")
    list_filter = ("company",)


@admin.register(PressureZone)
class PressureZoneAdmin(ScopedAdmin):
    list_display = ("code", "name", "system", "company", "min_pressure_mpa")
    search_fields = ("code", "name")


@admin.register(ServedBuilding)
class ServedBuildingAdmin(ScopedAdmin):
    list_display = ("name", "unit", "storeys", "floor_from", "floor_to", "households")
    search_fields = ("name", "unit__code")
    raw_id_fields = ("unit",)


@admin.register(Network)
class NetworkAdmin(admin.ModelAdmin):
    list_display = ("system", "title", "source_file", "imported_at")
    readonly_fields = ("imported_at", "counts")
