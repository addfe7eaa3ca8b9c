from django.urls import path
from rest_framework.routers import DefaultRouter

from shuiwu.projects.api import views

app_name = "projects-api"

router = DefaultRouter()
router.register("projects", views.ProjectViewSet)
router.register("milestones", views.MilestoneViewSet)
router.register("reports", views.ProgressReportViewSet)
urlpatterns = [
    path("summary/", views.summary, name="summary"),
    path("renewal/", views.renewal, name="renewal"),
    *router.urls,
]
