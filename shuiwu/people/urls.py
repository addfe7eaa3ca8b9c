from django.urls import path
from django.views.generic import RedirectView

from shuiwu.core.urls import crud_urls
from shuiwu.people import views

app_name = "people"

urlpatterns = [
    path("", RedirectView.as_view(pattern_name="people:calendar"), name="index"),
    path("calendar/", views.CalendarView.as_view(), name="calendar"),
    *crud_urls(
        "trainings",
        "training",
        list_view=views.TrainingListView,
        detail_view=views.TrainingDetailView,
        edit_view=views.TrainingEditView,
    ),
    path("trainings/<int:pk>/sheet/", views.training_sheet, name="training_sheet"),
    path("trainings/<int:pk>/sheet/add/", views.training_add_people, name="training_add_people"),
    *crud_urls(
        "activities",
        "activity",
        list_view=views.ActivityListView,
        detail_view=views.ActivityDetailView,
        edit_view=views.ActivityEditView,
    ),
    path("activities/<int:pk>/entries/", views.activity_entry_add, name="activity_entry_add"),
    path(
        "activities/<int:pk>/entries/<int:entry_pk>/delete/", views.activity_entry_delete, name="activity_entry_delete"
    ),
    *crud_urls(
        "volunteer-teams",
        "volunteerteam",
        list_view=views.VolunteerTeamListView,
        detail_view=views.VolunteerTeamDetailView,
        edit_view=views.VolunteerTeamEditView,
    ),
    path("volunteer-teams/<int:pk>/services/", views.volunteer_service_add, name="volunteer_service_add"),
    path("hours/", views.PersonListView.as_view(), name="person_list"),
    path("person/<int:pk>/", views.PersonView.as_view(), name="person"),
]
