from django.urls import path
from rest_framework.routers import DefaultRouter

from shuiwu.plants.api import views

app_name = "plants-api"

router = DefaultRouter()
router.register("plants", views.PlantViewSet, basename="plant")
router.register("daily-logs", views.DailyLogViewSet)
router.register("dosings", views.DosingViewSet)
router.register("chemicals", views.ChemicalViewSet)
router.register("stocks", views.ChemicalStockViewSet)
router.register("stock-movements", views.StockMovementViewSet)
router.register("backwashes", views.BackwashViewSet)
router.register("unit-statuses", views.UnitStatusChangeViewSet)
router.register("shift-logs", views.ShiftLogViewSet)
urlpatterns = [path("summary/", views.summary, name="summary"), *router.urls]
