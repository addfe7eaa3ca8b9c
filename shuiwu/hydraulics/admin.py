"""Back office for hydraulics: models, scenarios, runs (results stay out of the admin)."""

from django.contrib import admin

from shuiwu.core.admin import ScopedAdmin
from shuiwu.hydraulics.models import CriticalityRun, HydraulicModel, Run, Scenario


@admin.register(HydraulicModel)
class HydraulicModelAdmin(ScopedAdmin):
    list_display = ("version", "name", "source", "created", "company")
    readonly_fields = ("version", "counts", "problems")
    exclude = ("model",)


@admin.register(Scenario)
class ScenarioAdmin(ScopedAdmin):
    list_display = ("name", "kind", "model", "demand_factor", "duration_h", "company")
    list_filter = ("kind",)
    search_fields = ("name",)


@admin.register(Run)
class RunAdmin(ScopedAdmin):
    list_display = ("pk", "scenario", "model", "status", "progress", "started_at", "finished_at")
    list_filter = ("status",)
    readonly_fields = ("summary", "parameters", "error")
    exclude = ("results", "service")


@admin.register(CriticalityRun)
class CriticalityRunAdmin(ScopedAdmin):
    list_display = ("pk", "model", "status", "started_at", "finished_at")
    exclude = ("ranking",)
