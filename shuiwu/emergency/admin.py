"""Back office for emergency preparedness."""

from django.contrib import admin

from shuiwu.core.admin import ScopedAdmin
from shuiwu.emergency.models import (
    ContingencyPlan,
    Drill,
    DrillAction,
    Material,
    PlanMaterial,
    PlanRole,
    Stock,
    Warehouse,
    WeatherMode,
    WeatherWarning,
)


class PlanRoleInline(admin.TabularInline):
    model = PlanRole
    extra = 0
    raw_id_fields = ("staff", "deputy", "reports_to")


class PlanMaterialInline(admin.TabularInline):
    model = PlanMaterial
    extra = 0


@admin.register(ContingencyPlan)
class ContingencyPlanAdmin(ScopedAdmin):
    list_display = ("code", "name", "plan_type", "status", "version", "effective_on", "review_on", "company")
    list_filter = ("plan_type", "status", "company")
    search_fields = ("code", "name", "summary")
    filter_horizontal = ("inspection_plans",)
    inlines = [PlanRoleInline, PlanMaterialInline]


class DrillActionInline(admin.TabularInline):
    model = DrillAction
    extra = 0
    raw_id_fields = ("owner",)


@admin.register(Drill)
class DrillAdmin(ScopedAdmin):
    list_display = ("number", "title", "plan", "kind", "status", "planned_on", "held_on", "company")
    list_filter = ("status", "kind", "plan__plan_type", "company")
    search_fields = ("number", "title", "scenario", "findings")
    date_hierarchy = "planned_on"
    raw_id_fields = ("participants",)
    readonly_fields = ("number",)
    inlines = [DrillActionInline]


@admin.register(Warehouse)
class WarehouseAdmin(ScopedAdmin):
    list_display = ("code", "name", "address", "keeper", "active", "company")
    list_filter = ("active", "company")
    search_fields = ("code", "name", "address")
    raw_id_fields = ("keeper",)


@admin.register(Material)
class MaterialAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "kind", "dn", "unit", "spec")
    list_filter = ("kind",)
    search_fields = ("code", "name", "spec")


@admin.register(Stock)
class StockAdmin(ScopedAdmin):
    list_display = ("warehouse", "material", "quantity", "minimum", "expiry_on", "next_inspection_on")
    list_filter = ("material__kind", "warehouse")
    search_fields = ("material__name", "warehouse__name")


@admin.register(WeatherMode)
class WeatherModeAdmin(ScopedAdmin):
    list_display = ("kind", "company", "level", "source", "started_at", "ended_at")
    list_filter = ("kind", "source", "company")
    raw_id_fields = ("started_by", "ended_by")


@admin.register(WeatherWarning)
class WeatherWarningAdmin(ScopedAdmin):
    list_display = ("kind", "level", "issued_at", "issuer", "company", "mode")
    list_filter = ("kind", "level", "company")
