from django.urls import path

from shuiwu.core.urls import crud_urls
from shuiwu.quality import views

app_name = "quality"

urlpatterns = [
    path("", views.bench, name="bench"),
    path("grid/", views.grid, name="grid"),
    path("trend/", views.trend_page, name="trend"),
    path("compliance/", views.compliance, name="compliance"),
    path("disclosure/", views.disclosure, name="disclosure"),
    path("map/", views.point_map, name="map"),
    path("import/", views.import_page, name="import"),
    path("samples/", views.SampleListView.as_view(), name="sample_list"),
    path("samples/<int:pk>/", views.SampleDetailView.as_view(), name="sample_detail"),
    path("samples/<int:pk>/enter/", views.sample_enter, name="sample_enter"),
    path("samples/<int:pk>/approve/", views.sample_approve, name="sample_approve"),
    path("samples/<int:pk>/return/", views.sample_return, name="sample_return"),
    path("samples/<int:pk>/certificate.pdf", views.sample_certificate, name="sample_certificate"),
    path("tasks/", views.SampleTaskListView.as_view(), name="sampletask_list"),
    path("tasks/<int:pk>/", views.SampleTaskDetailView.as_view(), name="sampletask_detail"),
    path("tasks/<int:pk>/take/", views.task_take, name="sampletask_take"),
    path("exceedances/", views.ExceedanceListView.as_view(), name="exceedance_list"),
    path("exceedances/<int:pk>/", views.ExceedanceDetailView.as_view(), name="exceedance_detail"),
    *crud_urls(
        "points",
        "samplingpoint",
        list_view=views.SamplingPointListView,
        detail_view=views.SamplingPointDetailView,
        edit_view=views.SamplingPointEditView,
    ),
    *crud_urls(
        "plans", "plan", list_view=views.PlanListView, detail_view=views.PlanDetailView, edit_view=views.PlanEditView
    ),  # fmt: skip
    *crud_urls(
        "parameters",
        "parameter",
        list_view=views.ParameterListView,
        detail_view=views.ParameterDetailView,
        edit_view=views.ParameterEditView,
    ),
    *crud_urls(
        "limits",
        "limit",
        list_view=views.LimitListView,
        detail_view=views.LimitDetailView,
        edit_view=views.LimitEditView,
    ),  # fmt: skip
]
