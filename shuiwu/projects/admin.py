"""Back office for capital projects."""

from django.contrib import admin

from shuiwu.core.admin import ScopedAdmin
from shuiwu.projects.models import Milestone, ProgressReport, Project, ProjectPipe


class MilestoneInline(admin.TabularInline):
    model = Milestone
    extra = 0


class ProjectPipeInline(admin.TabularInline):
    model = ProjectPipe
    extra = 0
    raw_id_fields = ("asset",)


@admin.register(Project)
class ProjectAdmin(ScopedAdmin):
    list_display = ("code", "name", "type", "status", "progress_percent", "laid_m", "planned_m", "budget", "company")
    list_filter = ("type", "status", "company")
    search_fields = ("code", "name", "contractor", "address")
    date_hierarchy = "planned_start"
    readonly_fields = ("progress_percent", "laid_m", "planned_m", "handed_over_on", "handed_over_by")
    inlines = [MilestoneInline, ProjectPipeInline]


@admin.register(ProgressReport)
class ProgressReportAdmin(ScopedAdmin):
    list_display = ("project", "reported_on", "percent", "laid_m", "spent", "reported_by")
    search_fields = ("project__code", "project__name", "reason", "note")
    date_hierarchy = "reported_on"
    raw_id_fields = ("project", "reported_by")


@admin.register(Milestone)
class MilestoneAdmin(ScopedAdmin):
    list_display = ("project", "order", "name", "planned_on", "done_on")
    search_fields = ("project__code", "name")
    raw_id_fields = ("project",)
