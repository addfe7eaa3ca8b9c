from django.urls import path
from rest_framework.routers import DefaultRouter

from shuiwu.analytics.api import views

app_name = "analytics-api"

router = DefaultRouter()
router.register("balances", views.WaterBalanceViewSet)
router.register("pipe-risk", views.PipeRiskViewSet)
router.register("leaks", views.LeakDetectionViewSet)
urlpatterns = [
    path("summary/", views.summary, name="summary"),
    path("night-flow/", views.night_flow, name="night-flow"),
    path("forecast/", views.forecast, name="forecast"),
    *router.urls,
]
