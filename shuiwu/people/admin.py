"""Back office for the people app."""

from django.contrib import admin

from shuiwu.core.admin import ScopedAdmin
from shuiwu.people.models import Activity, ActivityEntry, Attendance, Training, VolunteerService, VolunteerTeam


class AttendanceInline(admin.TabularInline):
    model = Attendance
    extra = 0
    raw_id_fields = ("staff",)


@admin.register(Training)
class TrainingAdmin(ScopedAdmin):
    list_display = ("topic", "category", "organiser", "start_on", "end_on", "hours", "company")
    list_filter = ("category", "company")
    search_fields = ("topic", "organiser", "trainer")
    date_hierarchy = "start_on"
    inlines = [AttendanceInline]


class EntryInline(admin.TabularInline):
    model = ActivityEntry
    extra = 0
    raw_id_fields = ("staff",)


@admin.register(Activity)
class ActivityAdmin(ScopedAdmin):
    list_display = ("title", "kind", "start_on", "end_on", "organiser", "company")
    list_filter = ("kind", "company")
    search_fields = ("title", "organiser")
    inlines = [EntryInline]


@admin.register(VolunteerTeam)
class VolunteerTeamAdmin(ScopedAdmin):
    list_display = ("name", "kind", "leader", "founded_on", "company")
    list_filter = ("kind", "company")
    raw_id_fields = ("leader", "members")


@admin.register(VolunteerService)
class VolunteerServiceAdmin(ScopedAdmin):
    list_display = ("on_date", "title", "team", "hours")
    list_filter = ("team",)
    raw_id_fields = ("participants",)
