from django.urls import path
from rest_framework.routers import DefaultRouter

from shuiwu.emergency.api import views

app_name = "emergency-api"

router = DefaultRouter()
router.register("plans", views.PlanViewSet)
router.register("plan-roles", views.PlanRoleViewSet)
router.register("plan-materials", views.PlanMaterialViewSet)
router.register("drills", views.DrillViewSet)
router.register("drill-actions", views.DrillActionViewSet)
router.register("warehouses", views.WarehouseViewSet)
router.register("materials", views.MaterialViewSet)
router.register("stocks", views.StockViewSet)
router.register("weather-modes", views.WeatherModeViewSet)
router.register("weather-warnings", views.WeatherWarningViewSet)
urlpatterns = [
    path("summary/", views.summary, name="summary"),
    path("outdoor-work-check/", views.outdoor_work_check, name="outdoor-work-check"),
    *router.urls,
]
