"""Pages of the org app: companies, departments, teams and staff."""

from django.db.models import Count

from shuiwu.core import views as core
from shuiwu.org import filters, forms, tables
from shuiwu.org.models import Company, Department, Staff, Team


class CompanyListView(core.ObjectListView):
    model = Company
    filterset_class = filters.CompanyFilterSet
    table_class = tables.CompanyTable
    select_related = ("parent",)
    create_url_name = "org:company_add"


class CompanyDetailView(core.ObjectDetailView):
    model = Company
    template_name = "org/company_detail.html"
    edit_url_name = "org:company_edit"
    delete_url_name = "org:company_delete"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        company = self.object
        context["departments"] = Department.objects.restrict(user).filter(company=company)
        context["teams"] = Team.objects.restrict(user).filter(company=company).annotate(member_count=Count("members"))
        context["staff_count"] = Staff.objects.restrict(user).filter(company=company).count()
        return context


class CompanyEditView(core.ObjectEditView):
    model = Company
    form_class = forms.CompanyForm


class CompanyDeleteView(core.ObjectDeleteView):
    model = Company
    success_url_name = "org:company_list"


class DepartmentListView(core.ObjectListView):
    model = Department
    filterset_class = filters.DepartmentFilterSet
    table_class = tables.DepartmentTable
    select_related = ("company", "parent")
    create_url_name = "org:department_add"


class DepartmentDetailView(core.ObjectDetailView):
    model = Department
    select_related = ("company", "parent")
    edit_url_name = "org:department_edit"
    delete_url_name = "org:department_delete"


class DepartmentEditView(core.ObjectEditView):
    model = Department
    form_class = forms.DepartmentForm


class DepartmentDeleteView(core.ObjectDeleteView):
    model = Department
    success_url_name = "org:department_list"


class TeamListView(core.ObjectListView):
    model = Team
    filterset_class = filters.TeamFilterSet
    table_class = tables.TeamTable
    select_related = ("company", "department")
    create_url_name = "org:team_add"

    def get_queryset(self):
        return super().get_queryset().annotate(member_count=Count("members")).order_by("company__code", "code")


class TeamDetailView(core.ObjectDetailView):
    model = Team
    template_name = "org/team_detail.html"
    select_related = ("company", "department")
    edit_url_name = "org:team_edit"
    delete_url_name = "org:team_delete"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["members"] = self.object.members.restrict(self.request.user).select_related("user")
        return context


class TeamEditView(core.ObjectEditView):
    model = Team
    form_class = forms.TeamForm


class TeamDeleteView(core.ObjectDeleteView):
    model = Team
    success_url_name = "org:team_list"


class StaffListView(core.ObjectListView):
    model = Staff
    filterset_class = filters.StaffFilterSet
    table_class = tables.StaffTable
    select_related = ("company", "department", "team", "user")
    create_url_name = "org:staff_add"


class StaffDetailView(core.ObjectDetailView):
    model = Staff
    select_related = ("company", "department", "team", "user")
    edit_url_name = "org:staff_edit"
    delete_url_name = "org:staff_delete"


class StaffEditView(core.ObjectEditView):
    model = Staff
    form_class = forms.StaffForm


class StaffDeleteView(core.ObjectDeleteView):
    model = Staff
    success_url_name = "org:staff_list"
