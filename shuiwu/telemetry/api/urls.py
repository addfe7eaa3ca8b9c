from django.urls import path
from rest_framework.routers import DefaultRouter

from shuiwu.telemetry.api import views

app_name = "telemetry-api"

router = DefaultRouter()
router.register("sensors", views.SensorViewSet)
router.register("alarm-rules", views.AlarmRuleViewSet)
router.register("alarms", views.AlarmViewSet)
urlpatterns = [
    path("readings/", views.readings, name="readings"),
    path("daily-supply/", views.daily_supply, name="daily-supply"),
    path("overview/", views.overview, name="overview"),
    path("summary/", views.summary, name="summary"),
    *router.urls,
]
