from django.urls import path
from django.views.generic import RedirectView

from shuiwu.analytics import views

app_name = "analytics"

urlpatterns = [
    path("", RedirectView.as_view(pattern_name="analytics:balance_list"), name="index"),
    path("balances/", views.WaterBalanceListView.as_view(), name="balance_list"),
    path("balances/add/", views.balance_add, name="balance_add"),
    path("balances/<int:pk>/", views.WaterBalanceDetailView.as_view(), name="balance_detail"),
    path("night-flow/", views.night_flow, name="night_flow"),
    path("risk/", views.PipeRiskListView.as_view(), name="risk_list"),
    path("risk/map.geojson", views.risk_geojson, name="risk_geojson"),
    path("risk/compute/", views.risk_compute, name="risk_compute"),
    path("leaks/", views.LeakDetectionListView.as_view(), name="leak_list"),
    path("leaks/<int:pk>/", views.LeakDetectionDetailView.as_view(), name="leak_detail"),
    path("leaks/<int:pk>/status/", views.leak_status, name="leak_status"),
    path("forecast/", views.forecast, name="forecast"),
    path("forecast/panel/", views.forecast_panel, name="forecast_panel"),
]
