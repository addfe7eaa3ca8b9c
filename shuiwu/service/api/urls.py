from django.urls import path
from rest_framework.routers import DefaultRouter

from shuiwu.service.api import views

app_name = "service-api"

router = DefaultRouter()
router.register("windows", views.WindowViewSet)
router.register("application-types", views.ApplicationTypeViewSet)
router.register("holidays", views.HolidayViewSet)
router.register("applications", views.ApplicationViewSet)
urlpatterns = [path("summary/", views.summary, name="summary"), *router.urls]
