from django.urls import path
from django.views.generic import RedirectView

from shuiwu.core.urls import crud_urls
from shuiwu.service import views

app_name = "service"

urlpatterns = [
    path("", RedirectView.as_view(pattern_name="service:application_list"), name="index"),
    path("applications/", views.ApplicationListView.as_view(), name="application_list"),
    path("applications/add/", views.application_add, name="application_add"),
    path("applications/<int:pk>/", views.ApplicationDetailView.as_view(), name="application_detail"),
    path("applications/<int:pk>/advance/", views.application_advance, name="application_advance"),
    path("applications/<int:pk>/complete/", views.application_complete, name="application_complete"),
    path("applications/<int:pk>/reject/", views.application_reject, name="application_reject"),
    path("applications/<int:pk>/cancel/", views.application_cancel, name="application_cancel"),
    path("applications/<int:pk>/documents/", views.application_documents, name="application_documents"),
    *crud_urls(
        "windows",
        "window",
        list_view=views.WindowListView,
        detail_view=views.WindowDetailView,
        edit_view=views.WindowEditView,
    ),
    *crud_urls(
        "types",
        "applicationtype",
        list_view=views.ApplicationTypeListView,
        detail_view=views.ApplicationTypeDetailView,
        edit_view=views.ApplicationTypeEditView,
    ),
    path("holidays/", views.HolidayListView.as_view(), name="holiday_list"),
    path("holidays/add/", views.HolidayEditView.as_view(), name="holiday_add"),
    path("holidays/<int:pk>/edit/", views.HolidayEditView.as_view(), name="holiday_edit"),
]
