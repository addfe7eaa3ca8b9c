"""Pages of the reports: dashboard, scorecard and its exports, KPI catalogue, downloads."""

from django.urls import path, re_path

from shuiwu.reports import views

app_name = "reports"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("scorecard/", views.scorecard, name="scorecard"),
    re_path(r"^scorecard/export\.(?P<fmt>xlsx|pdf)$", views.scorecard_export, name="scorecard_export"),
    path("kpis/", views.KpiListView.as_view(), name="kpi_list"),
    path("downloads/", views.ReportListView.as_view(), name="report_list"),
    path("downloads/produce/", views.report_produce, name="report_produce"),
    re_path(r"^downloads/(?P<pk>\d+)/(?P<fmt>xlsx|pdf)/$", views.report_download, name="report_download"),
]
