from django.urls import path
from rest_framework.routers import DefaultRouter

from shuiwu.inspections.api import views

app_name = "inspections-api"

router = DefaultRouter()
router.register("checklists", views.ChecklistViewSet)
router.register("plans", views.PlanViewSet)
router.register("rounds", views.RoundViewSet)
router.register("answers", views.AnswerViewSet)
router.register("track-points", views.TrackPointViewSet)
router.register("findings", views.FindingViewSet)
router.register("violations", views.ViolationViewSet)
urlpatterns = [path("summary/", views.summary, name="summary"), *router.urls]
