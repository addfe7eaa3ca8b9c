from shuiwu.core.urls import crud_urls
from shuiwu.org import views

app_name = "org"

urlpatterns = [
    *crud_urls(
        "companies",
        "company",
        list_view=views.CompanyListView,
        detail_view=views.CompanyDetailView,
        edit_view=views.CompanyEditView,
        delete_view=views.CompanyDeleteView,
    ),
    *crud_urls(
        "departments",
        "department",
        list_view=views.DepartmentListView,
        detail_view=views.DepartmentDetailView,
        edit_view=views.DepartmentEditView,
        delete_view=views.DepartmentDeleteView,
    ),
    *crud_urls(
        "teams",
        "team",
        list_view=views.TeamListView,
        detail_view=views.TeamDetailView,
        edit_view=views.TeamEditView,
        delete_view=views.TeamDeleteView,
    ),
    *crud_urls(
        "staff",
        "staff",
        list_view=views.StaffListView,
        detail_view=views.StaffDetailView,
        edit_view=views.StaffEditView,
        delete_view=views.StaffDeleteView,
    ),
]
