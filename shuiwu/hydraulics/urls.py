from django.urls import path
from django.views.generic import RedirectView

from shuiwu.core.urls import crud_urls
from shuiwu.hydraulics import views

app_name = "hydraulics"

urlpatterns = [
    path("", RedirectView.as_view(pattern_name="hydraulics:scenario_list"), name="index"),
    *crud_urls(
        "scenarios",
        "scenario",
        list_view=views.ScenarioListView,
        detail_view=views.ScenarioDetailView,
        edit_view=views.ScenarioEditView,
        delete_view=views.ScenarioDeleteView,
    ),
    path("scenarios/<int:pk>/run/", views.scenario_run, name="scenario_run"),
    path("runs/", views.RunListView.as_view(), name="run_list"),
    path("runs/<int:pk>/", views.RunDetailView.as_view(), name="run_detail"),
    path("isolation/", views.isolation, name="isolation"),
    path("fire-flow/", views.fire_flow, name="fire_flow"),
    path("models/", views.HydraulicModelListView.as_view(), name="hydraulicmodel_list"),
    path("models/<int:pk>/", views.HydraulicModelDetailView.as_view(), name="hydraulicmodel_detail"),
    path("models/snapshot/", views.model_snapshot, name="model_snapshot"),
    path("models/upload/", views.model_upload, name="model_upload"),
    path("criticality/", views.CriticalityListView.as_view(), name="criticality_list"),
    path("criticality/<int:pk>/", views.CriticalityDetailView.as_view(), name="criticality_detail"),
    path("criticality/start/", views.criticality_start, name="criticality_start"),
]
