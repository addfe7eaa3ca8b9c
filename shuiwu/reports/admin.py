"""Back office of the reports: the KPI catalogue (editable) and the reports produced."""

from django.contrib import admin

from shuiwu.core.admin import ScopedAdmin
from shuiwu.reports.models import Kpi, Report


@admin.register(Kpi)
class KpiAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "unit", "section", "source", "formula", "target", "direction", "local_policy")
    list_filter = ("section", "direction", "local_policy", "on_scorecard", "active")
    search_fields = ("code", "name", "name_en", "source", "formula", "standard")
    list_editable = ("target",)


@admin.register(Report)
class ReportAdmin(ScopedAdmin):
    list_display = ("kind", "company", "start", "end", "produced_at", "produced_by")
    list_filter = ("kind", "company")
    date_hierarchy = "end"
    raw_id_fields = ("produced_by",)
    readonly_fields = ("figures",)
