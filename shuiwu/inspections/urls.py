from django.urls import path
from django.views.generic import RedirectView

from shuiwu.core.urls import crud_urls
from shuiwu.inspections import views

app_name = "inspections"

urlpatterns = [
    path("", RedirectView.as_view(pattern_name="inspections:today"), name="index"),
    path("today/", views.today, name="today"),
    path("mine/", views.mine, name="mine"),
    path("rounds/", views.RoundListView.as_view(), name="round_list"),
    path("rounds/<int:pk>/", views.RoundDetailView.as_view(), name="round_detail"),
    path("rounds/<int:pk>/walk/", views.walk, name="walk"),
    path("rounds/<int:pk>/walk/start/", views.walk_start, name="walk_start"),
    path("rounds/<int:pk>/walk/<int:asset_id>/", views.walk_checkpoint, name="walk_checkpoint"),
    path("rounds/<int:pk>/walk/finish/", views.walk_finish, name="walk_finish"),
    *crud_urls(
        "plans",
        "plan",
        list_view=views.PlanListView,
        detail_view=views.PlanDetailView,
        edit_view=views.PlanEditView,
        delete_view=views.PlanDeleteView,
    ),
    path("findings/", views.FindingListView.as_view(), name="finding_list"),
    path("findings/add/", views.finding_add, name="finding_add"),
    path("findings/<int:pk>/", views.FindingDetailView.as_view(), name="finding_detail"),
    path("findings/<int:pk>/ticket/", views.finding_ticket, name="finding_ticket"),
    path("findings/<int:pk>/violation/", views.finding_violation, name="finding_violation"),
    *crud_urls(
        "violations",
        "violation",
        list_view=views.ViolationListView,
        detail_view=views.ViolationDetailView,
        edit_view=views.ViolationEditView,
        add=False,
    ),
    path("figures/", views.figures, name="figures"),
]
