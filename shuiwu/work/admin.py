"""Back office for the repair centre."""

from django.contrib import admin

from shuiwu.core.admin import ScopedAdmin
from shuiwu.work.models import (
    CrewStatus,
    MaterialItem,
    Outage,
    SLAPolicy,
    Ticket,
    WorkOrder,
    WorkOrderEvent,
    WorkOrderMaterial,
    WorkOrderPhoto,
)


@admin.register(SLAPolicy)
class SLAPolicyAdmin(admin.ModelAdmin):
    list_display = (
        "category",
        "priority",
        "min_diameter",
        "max_diameter",
        "arrive_minutes",
        "night_arrive_minutes",
        "secure_minutes",
        "complete_minutes",
        "local_policy",
        "active",
    )
    list_filter = ("category", "local_policy", "active")
    list_editable = ("arrive_minutes", "night_arrive_minutes", "secure_minutes", "complete_minutes", "active")


@admin.register(MaterialItem)
class MaterialItemAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "unit", "active")
    search_fields = ("code", "name")


@admin.register(CrewStatus)
class CrewStatusAdmin(ScopedAdmin):
    list_display = ("team", "on_duty", "lon", "lat", "position_at")
    list_filter = ("on_duty",)


class EventInline(admin.TabularInline):
    model = WorkOrderEvent
    extra = 0
    readonly_fields = ("at", "user", "from_state", "to_state", "team", "note")
    can_delete = False


class MaterialInline(admin.TabularInline):
    model = WorkOrderMaterial
    extra = 0


class PhotoInline(admin.TabularInline):
    model = WorkOrderPhoto
    extra = 0


@admin.register(WorkOrder)
class WorkOrderAdmin(ScopedAdmin):
    list_display = ("number", "title", "category", "priority", "state", "team", "company", "created", "complete_due")
    list_filter = ("state", "category", "priority", "company")
    search_fields = ("number", "title", "address")
    list_select_related = ("team", "company")
    raw_id_fields = ("assets", "repaired_asset", "sla_policy")
    # States move through the service (the state machine), not by editing the row.
    readonly_fields = (
        "number",
        "state",
        "version",
        "dispatched_at",
        "accepted_at",
        "en_route_at",
        "arrived_at",
        "secured_at",
        "completed_at",
        "verified_at",
        "closed_at",
        "cancelled_at",
        "paused_at",
        "paused_seconds",
        "arrive_due",
        "secure_due",
        "complete_due",
    )
    inlines = [EventInline, MaterialInline, PhotoInline]
    date_hierarchy = "created"

    def has_add_permission(self, request):
        return False  # orders are opened through the hotline, the board or the API (numbers, SLA deadlines)


@admin.register(Ticket)
class TicketAdmin(ScopedAdmin):
    list_display = ("number", "category", "channel", "caller_name", "address", "status", "work_order", "received_at")
    list_filter = ("status", "category", "channel", "company")
    search_fields = ("number", "caller_name", "caller_phone", "address", "account_no")
    raw_id_fields = ("work_order", "asset")
    readonly_fields = ("number",)
    date_hierarchy = "received_at"

    def has_add_permission(self, request):
        return False  # calls are logged through the hotline form or the API


@admin.register(Outage)
class OutageAdmin(ScopedAdmin):
    list_display = ("number", "title", "kind", "status", "start", "expected_restore", "affected_count", "company")
    list_filter = ("kind", "status", "company")
    search_fields = ("number", "title")
    raw_id_fields = ("pipes", "service_points", "work_order", "dma")
    readonly_fields = ("number", "affected_count", "critical_count", "households")

    def has_add_permission(self, request):
        return False  # outages are recorded through their page or the API (affected service points, notice)
