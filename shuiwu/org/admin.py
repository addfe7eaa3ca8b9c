"""Back office for the organisation."""

from django.contrib import admin

from shuiwu.core.admin import ScopedAdmin
from shuiwu.org.models import Company, Department, Staff, Team


@admin.register(Company)
class CompanyAdmin(ScopedAdmin):
    list_display = ("code", "name", "short_name", "kind", "parent", "phone")
    list_filter = ("kind",)
    search_fields = ("code", "name", "short_name")


@admin.register(Department)
class DepartmentAdmin(ScopedAdmin):
    list_display = ("code", "name", "company", "parent")
    list_filter = ("company",)
    search_fields = ("code", "name")
    list_select_related = ("company", "parent")


class StaffInline(admin.TabularInline):
    model = Staff
    fields = ("employee_no", "name", "role", "phone", "active")
    extra = 0
    show_change_link = True


@admin.register(Team)
class TeamAdmin(ScopedAdmin):
    list_display = ("code", "name", "kind", "company", "department", "phone", "active")
    list_filter = ("company", "kind", "active")
    search_fields = ("code", "name")
    list_select_related = ("company", "department")
    inlines = [StaffInline]


@admin.register(Staff)
class StaffAdmin(ScopedAdmin):
    list_display = ("employee_no", "name", "role", "company", "department", "team", "phone", "user", "active")
    list_filter = ("company", "role", "active")
    search_fields = ("employee_no", "name", "phone", "user__username")
    list_select_related = ("company", "department", "team", "user")
    autocomplete_fields = ("user",)
