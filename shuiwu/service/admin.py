"""Back office for the service counter."""

from django.contrib import admin

from shuiwu.core.admin import ScopedAdmin
from shuiwu.service.models import Application, ApplicationStep, ApplicationType, Holiday, Window


@admin.register(Window)
class WindowAdmin(ScopedAdmin):
    list_display = ("code", "name", "kind", "phone", "active", "company")
    list_filter = ("kind", "active", "company")
    search_fields = ("code", "name", "address")


@admin.register(ApplicationType)
class ApplicationTypeAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "kind", "limit_working_days", "refuse_with_arrears", "local_policy", "active")
    list_filter = ("kind", "local_policy", "active")
    search_fields = ("code", "name", "source")


class StepInline(admin.TabularInline):
    model = ApplicationStep
    extra = 0
    raw_id_fields = ("finished_by",)


@admin.register(Application)
class ApplicationAdmin(ScopedAdmin):
    list_display = ("number", "type", "window", "applicant_name", "status", "received_at", "due_on", "company")
    list_filter = ("status", "type__kind", "window", "company")
    search_fields = ("number", "applicant_name", "applicant_phone", "account__number")
    date_hierarchy = "received_at"
    raw_id_fields = ("customer", "account", "created_by")
    readonly_fields = ("number",)
    inlines = [StepInline]


@admin.register(ApplicationStep)
class ApplicationStepAdmin(ScopedAdmin):
    list_display = ("application", "order", "name", "started_at", "due_on", "finished_at")
    raw_id_fields = ("application", "finished_by")


@admin.register(Holiday)
class HolidayAdmin(admin.ModelAdmin):
    list_display = ("day", "name", "working", "source")
    list_filter = ("working",)
    date_hierarchy = "day"
