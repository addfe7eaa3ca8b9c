"""Back office for patrols and inspections."""

from django.contrib import admin

from shuiwu.core.admin import ScopedAdmin
from shuiwu.inspections.models import (
    Answer,
    Checklist,
    ChecklistItem,
    Checkpoint,
    Finding,
    Plan,
    Round,
    TrackPoint,
    Violation,
    Visit,
)


class ItemInline(admin.TabularInline):
    model = ChecklistItem
    extra = 0


@admin.register(Checklist)
class ChecklistAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "plan_type")
    inlines = [ItemInline]


class CheckpointInline(admin.TabularInline):
    model = Checkpoint
    extra = 0
    raw_id_fields = ("asset",)


@admin.register(Plan)
class PlanAdmin(ScopedAdmin):
    list_display = (
        "code",
        "name",
        "plan_type",
        "team",
        "every",
        "unit",
        "window_start",
        "window_end",
        "active",
        "local_policy",
        "company",
    )
    list_filter = ("plan_type", "active", "company")
    search_fields = ("code", "name")
    raw_id_fields = ("route", "facility")
    inlines = [CheckpointInline]


class AnswerInline(admin.TabularInline):
    model = Answer
    extra = 0
    raw_id_fields = ("asset", "item")


@admin.register(Round)
class RoundAdmin(ScopedAdmin):
    list_display = ("plan", "scheduled_for", "status", "team", "crew_size", "coverage_percent", "company")
    list_filter = ("status", "plan__plan_type", "company")
    date_hierarchy = "scheduled_for"
    raw_id_fields = ("plan",)
    inlines = [AnswerInline]


@admin.register(Visit)
class VisitAdmin(ScopedAdmin):
    list_display = ("round", "asset", "at", "skipped", "reason")
    raw_id_fields = ("round", "asset")


@admin.register(TrackPoint)
class TrackPointAdmin(ScopedAdmin):
    list_display = ("round", "t", "lon", "lat", "accuracy")
    raw_id_fields = ("round",)


@admin.register(Answer)
class AnswerAdmin(ScopedAdmin):
    list_display = ("round", "asset", "item", "number", "yes", "text", "out_of_limits", "at")
    list_filter = ("out_of_limits",)
    raw_id_fields = ("round", "asset", "item")


@admin.register(Finding)
class FindingAdmin(ScopedAdmin):
    list_display = ("kind", "status", "asset", "reported_at", "ticket", "company")
    list_filter = ("kind", "status", "company")
    raw_id_fields = ("round", "answer", "asset", "ticket")


@admin.register(Violation)
class ViolationAdmin(ScopedAdmin):
    list_display = ("number", "party", "status", "estimated_volume_m3", "fee", "fee_paid", "opened_at", "company")
    list_filter = ("status", "company")
    search_fields = ("number", "party", "address")
    raw_id_fields = ("finding",)
    readonly_fields = ("number",)

    def has_add_permission(self, request):
        return False  # a case is opened from an illegal-use finding
