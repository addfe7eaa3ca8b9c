from django.urls import path, re_path
from rest_framework.routers import DefaultRouter

from shuiwu.reports.api import views

app_name = "reports-api"

router = DefaultRouter()
router.register("kpis", views.KpiViewSet)
router.register("reports", views.ReportViewSet)
urlpatterns = [
    path("scorecard/", views.scorecard, name="scorecard"),
    re_path(r"^scorecard/export\.(?P<fmt>xlsx|pdf)$", views.export, name="scorecard-export"),
    path("values/", views.values, name="values"),
    path("dashboard/", views.dashboard, name="dashboard"),
    *router.urls,
]
