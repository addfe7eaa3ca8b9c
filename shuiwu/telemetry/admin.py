"""Back office for telemetry: sensors, alarm rules, alarms (readings and rollups are too many for the admin)."""

from django.contrib import admin

from shuiwu.core.admin import ScopedAdmin
from shuiwu.telemetry.models import Alarm, AlarmRule, Sensor


@admin.register(Sensor)
class SensorAdmin(ScopedAdmin):
    list_display = ("code", "name", "measure", "role", "unit", "last_value", "last_ts", "active", "company")
    list_filter = ("measure", "role", "active", "company")
    search_fields = ("code", "name", "device_id", "topic")
    raw_id_fields = ("asset", "dma")
    readonly_fields = ("last_ts", "last_value", "last_flag")


@admin.register(AlarmRule)
class AlarmRuleAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "measure", "role", "threshold", "hysteresis", "debounce", "severity", "active")
    list_filter = ("kind", "measure", "severity", "local_policy", "active")
    search_fields = ("name", "source")
    raw_id_fields = ("sensor",)


@admin.register(Alarm)
class AlarmAdmin(ScopedAdmin):
    list_display = ("raised_at", "rule", "sensor", "severity", "value", "acknowledged_at", "cleared_at", "ticket")
    list_filter = ("severity", "rule", "company")
    search_fields = ("message", "sensor__code")
    raw_id_fields = ("sensor", "rule", "ticket", "acknowledged_by")
    date_hierarchy = "raised_at"
