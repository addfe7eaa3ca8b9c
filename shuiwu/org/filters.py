"""FilterSets of the org app, shared by its list pages and its API."""

import django_filters
from django.utils.translation import gettext_lazy as _

from shuiwu.core.filters import BaseFilterSet
from shuiwu.org.choices import CompanyKind, Role, TeamKind
from shuiwu.org.models import Company, Department, Staff, Team


class CompanyFilterMixin(django_filters.FilterSet):
    """``company`` by code (a choice on list pages) and ``company_id`` by id, for company-scoped models."""

    company = django_filters.ModelChoiceFilter(
        queryset=Company.objects.all(), to_field_name="code", field_name="company", label=_("company")
    )
    company_id = django_filters.NumberFilter(field_name="company_id", label=_("Company (id)"))


class CompanyFilterSet(BaseFilterSet):
    search_fields = ("code", "name", "short_name")
    kind = django_filters.MultipleChoiceFilter(choices=CompanyKind.choices, label=_("kind"))

    class Meta:
        model = Company
        fields = ["q", "kind", "parent"]


class DepartmentFilterSet(CompanyFilterMixin, BaseFilterSet):
    search_fields = ("code", "name")
    ui_hidden = ("company_id",)

    class Meta:
        model = Department
        fields = ["q", "company", "company_id", "parent"]


class TeamFilterSet(CompanyFilterMixin, BaseFilterSet):
    search_fields = ("code", "name", "phone")
    ui_hidden = ("company_id",)
    kind = django_filters.MultipleChoiceFilter(choices=TeamKind.choices, label=_("kind"))

    class Meta:
        model = Team
        fields = ["q", "company", "company_id", "kind", "department", "active"]


class StaffFilterSet(CompanyFilterMixin, BaseFilterSet):
    search_fields = ("employee_no", "name", "phone", "title", "user__username")
    ui_hidden = ("company_id", "team_id")
    role = django_filters.MultipleChoiceFilter(choices=Role.choices, label=_("role"))
    team_id = django_filters.NumberFilter(field_name="team_id", label=_("Team (id)"))
    has_login = django_filters.BooleanFilter(
        field_name="user", lookup_expr="isnull", exclude=True, label=_("has a login")
    )

    class Meta:
        model = Staff
        fields = ["q", "company", "company_id", "role", "department", "team", "team_id", "active", "has_login"]
