from django.urls import path
from rest_framework.routers import DefaultRouter

from shuiwu.hydraulics.api import views

app_name = "hydraulics-api"

router = DefaultRouter()
router.register("models", views.HydraulicModelViewSet)
router.register("scenarios", views.ScenarioViewSet)
router.register("runs", views.RunViewSet)
router.register("criticality", views.CriticalityRunViewSet)
urlpatterns = [
    path("isolate/", views.isolate, name="isolate"),
    path("isolate/outage/", views.isolation_outage, name="isolation-outage"),
    path("fire-flow/", views.fire_flow, name="fire-flow"),
    path("summary/", views.summary, name="summary"),
    *router.urls,
]
