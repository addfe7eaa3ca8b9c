from django.contrib import admin

from shuiwu.analytics.models import DailyWeather, LeakDetection, PipeRisk, WaterBalance


@admin.register(WaterBalance)
class WaterBalanceAdmin(admin.ModelAdmin):
    list_display = ("company", "dma", "start", "end", "system_input_m3", "nrw_percent", "loss_rate_wl_percent", "ili")
    list_filter = ("company",)
    readonly_fields = ("inputs", "sources", "corrections", "result")


@admin.register(DailyWeather)
class DailyWeatherAdmin(admin.ModelAdmin):
    list_display = ("day", "t_min", "t_max", "rain_mm", "source")
    list_filter = ("source",)
    date_hierarchy = "day"


@admin.register(LeakDetection)
class LeakDetectionAdmin(admin.ModelAdmin):
    list_display = ("link_id", "pipe", "started_at", "detected_at", "score", "status", "company")
    list_filter = ("status", "company")


@admin.register(PipeRisk)
class PipeRiskAdmin(admin.ModelAdmin):
    list_display = ("rank", "pipe", "risk_class", "expected_breaks_year", "rate_per_km_year", "repairs", "company")
    list_filter = ("risk_class", "company")
    raw_id_fields = ("pipe",)
