"""Back office of the lab: every figure of the standards and plans is editable here."""

from django.contrib import admin

from shuiwu.core.admin import ScopedAdmin
from shuiwu.quality.models import (
    Escalation,
    Exceedance,
    Limit,
    Parameter,
    Plan,
    Result,
    Sample,
    SampleTask,
    SamplingPoint,
    Standard,
)


@admin.register(Parameter)
class ParameterAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "unit", "group", "value_type", "analyser_measure", "order", "active")
    list_filter = ("group", "value_type", "active")
    search_fields = ("code", "name", "name_en")


class LimitInline(admin.TabularInline):
    model = Limit
    extra = 0
    autocomplete_fields = ("parameter",)


@admin.register(Standard)
class StandardAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "kind", "local_policy", "active")
    list_filter = ("kind", "local_policy", "active")
    inlines = [LimitInline]


@admin.register(Limit)
class LimitAdmin(admin.ModelAdmin):
    list_display = ("parameter", "standard", "kind", "lower", "upper", "point_kinds", "grade", "confirmed")
    list_filter = ("standard", "kind", "grade", "confirmed")
    search_fields = ("parameter__code", "parameter__name", "source", "note")
    autocomplete_fields = ("parameter",)


@admin.register(Plan)
class PlanAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "period", "every", "times", "grade", "local_policy", "active")
    list_filter = ("period", "grade", "local_policy", "active")
    filter_horizontal = ("parameters",)


@admin.register(SamplingPoint)
class SamplingPointAdmin(ScopedAdmin):
    list_display = ("code", "name", "kind", "plant", "active", "company")
    list_filter = ("kind", "active", "company")
    search_fields = ("code", "name", "address")
    raw_id_fields = ("asset", "plant")


@admin.register(SampleTask)
class SampleTaskAdmin(ScopedAdmin):
    list_display = ("point", "plan", "kind", "due", "status", "late")
    list_filter = ("kind", "status", "late")
    search_fields = ("point__code", "point__name")
    raw_id_fields = ("point",)
    date_hierarchy = "due"


class ResultInline(admin.TabularInline):
    model = Result
    extra = 0
    raw_id_fields = ("national_limit", "internal_limit")


@admin.register(Sample)
class SampleAdmin(ScopedAdmin):
    list_display = ("number", "point", "kind", "sampled_at", "status")
    list_filter = ("status", "kind")
    search_fields = ("number", "point__code", "point__name")
    raw_id_fields = ("point", "task", "entered_by", "reviewed_by")
    inlines = [ResultInline]


@admin.register(Exceedance)
class ExceedanceAdmin(ScopedAdmin):
    list_display = ("point", "parameter", "reported", "limit_text", "level", "status", "detected_at")
    list_filter = ("level", "status")
    raw_id_fields = ("result", "point", "retest", "escalation", "ticket", "limit")


@admin.register(Escalation)
class EscalationAdmin(ScopedAdmin):
    list_display = ("point", "parameter", "starts", "ends", "per_day")
    raw_id_fields = ("point",)
