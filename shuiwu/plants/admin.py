"""Back office for plant operations. Daily logs and stock movements are read here: their writes go through the
services (doses draw on stock), so the admin shows them without editing the balances."""

from django.contrib import admin

from shuiwu.core.admin import ScopedAdmin
from shuiwu.plants.models import (
    Backwash,
    Chemical,
    ChemicalStock,
    DailyLog,
    Dosing,
    ShiftLog,
    StockMovement,
    UnitStatusChange,
)


@admin.register(Chemical)
class ChemicalAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "kind", "product", "basis")
    list_filter = ("kind",)
    search_fields = ("code", "name", "product")


class DosingInline(admin.TabularInline):
    model = Dosing
    extra = 0
    can_delete = False
    readonly_fields = ("chemical", "basis", "dose_mg_l", "flow_m3", "kg", "company")

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(DailyLog)
class DailyLogAdmin(ScopedAdmin):
    list_display = ("day", "plant", "inflow_m3", "outflow_m3", "energy_kwh", "outflow_from_telemetry", "company")
    list_filter = ("plant", "outflow_from_telemetry", "company")
    date_hierarchy = "day"
    raw_id_fields = ("plant", "recorded_by")
    readonly_fields = ("inflow_m3", "outflow_m3", "energy_kwh")
    inlines = [DosingInline]


@admin.register(ChemicalStock)
class ChemicalStockAdmin(ScopedAdmin):
    list_display = ("plant", "chemical", "balance_kg", "minimum_kg", "capacity_kg", "company")
    list_filter = ("plant", "chemical", "company")
    raw_id_fields = ("plant",)
    readonly_fields = ("balance_kg",)


@admin.register(StockMovement)
class StockMovementAdmin(ScopedAdmin):
    list_display = ("day", "stock", "kind", "quantity_kg", "balance_kg", "reference", "company")
    list_filter = ("kind", "company")
    date_hierarchy = "day"
    raw_id_fields = ("stock", "dosing", "created_by")

    def has_change_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request):
        return False


@admin.register(Backwash)
class BackwashAdmin(ScopedAdmin):
    list_display = ("started_at", "plant", "unit", "duration_min", "water_m3", "operator", "company")
    list_filter = ("plant", "company")
    date_hierarchy = "started_at"
    raw_id_fields = ("plant", "unit", "operator")


@admin.register(UnitStatusChange)
class UnitStatusChangeAdmin(ScopedAdmin):
    list_display = ("since", "plant", "unit", "status", "note", "company")
    list_filter = ("status", "plant", "company")
    raw_id_fields = ("plant", "unit", "by")


@admin.register(ShiftLog)
class ShiftLogAdmin(ScopedAdmin):
    list_display = ("day", "shift", "plant", "operator", "handed_to", "received_at", "company")
    list_filter = ("shift", "plant", "company")
    date_hierarchy = "day"
    search_fields = ("events", "handover_notes")
    raw_id_fields = ("plant", "team", "operator", "handed_to")
