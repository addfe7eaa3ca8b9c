from django.urls import path
from rest_framework.routers import DefaultRouter

from shuiwu.quality.api import views

app_name = "quality-api"

router = DefaultRouter()
router.register("parameters", views.ParameterViewSet)
router.register("standards", views.StandardViewSet)
router.register("limits", views.LimitViewSet)
router.register("plans", views.PlanViewSet)
router.register("sampling-points", views.SamplingPointViewSet)
router.register("tasks", views.SampleTaskViewSet)
router.register("samples", views.SampleViewSet)
router.register("results", views.ResultViewSet)
router.register("exceedances", views.ExceedanceViewSet)
urlpatterns = [
    path("summary/", views.summary, name="summary"),
    path("import/", views.import_results, name="import"),
    path("trend/", views.trend, name="trend"),
    *router.urls,
]
