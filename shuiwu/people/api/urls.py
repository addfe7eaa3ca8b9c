from django.urls import path
from rest_framework.routers import DefaultRouter

from shuiwu.people.api import views

app_name = "people-api"

router = DefaultRouter()
router.register("trainings", views.TrainingViewSet)
router.register("attendance", views.AttendanceViewSet)
router.register("activities", views.ActivityViewSet)
router.register("activity-entries", views.ActivityEntryViewSet)
router.register("volunteer-teams", views.VolunteerTeamViewSet)
router.register("volunteer-services", views.VolunteerServiceViewSet)
urlpatterns = [
    path("summary/", views.summary, name="summary"),
    path("people/<int:staff_id>/history/", views.history, name="history"),
    *router.urls,
]
