from django.urls import path
from rest_framework.routers import DefaultRouter

from shuiwu.work.api import views

app_name = "work-api"

router = DefaultRouter()
router.register("tickets", views.TicketViewSet)
router.register("work-orders", views.WorkOrderViewSet)
router.register("outages", views.OutageViewSet)
router.register("teams", views.CrewViewSet, basename="crew")
urlpatterns = [
    path("nearby/", views.nearby, name="nearby"),
    path("summary/", views.summary, name="summary"),
    *router.urls,
]
