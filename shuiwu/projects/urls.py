from django.urls import path

from shuiwu.projects import views

app_name = "projects"

urlpatterns = [
    path("", views.ProjectListView.as_view(), name="project_list"),
    path("add/", views.ProjectEditView.as_view(), name="project_add"),
    path("map/features/", views.map_features, name="map_features"),
    path("renewal/", views.renewal, name="renewal"),
    path("<int:pk>/", views.ProjectDetailView.as_view(), name="project_detail"),
    path("<int:pk>/edit/", views.ProjectEditView.as_view(), name="project_edit"),
    path("<int:pk>/features/", views.project_features_view, name="project_features"),
    path("<int:pk>/progress/", views.project_progress, name="project_progress"),
    path("<int:pk>/milestones/", views.project_milestone, name="project_milestone"),
    path("<int:pk>/pipes/", views.project_pipe, name="project_pipe"),
    path("<int:pk>/handover/", views.project_handover, name="project_handover"),
    path("<int:pk>/cancel/", views.project_cancel, name="project_cancel"),
    path("milestones/<int:pk>/done/", views.milestone_done, name="milestone_done"),
]
