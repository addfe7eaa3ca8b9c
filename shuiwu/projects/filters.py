"""FilterSets of capital projects, shared by the pages and the API."""

import django_filters
from django.utils.translation import gettext_lazy as _

from shuiwu.core.filters import BaseFilterSet
from shuiwu.org.filters import CompanyFilterMixin
from shuiwu.projects import services
from shuiwu.projects.choices import ProjectType, Status
from shuiwu.projects.models import Milestone, ProgressReport, Project


class ProjectFilterSet(CompanyFilterMixin, BaseFilterSet):
    search_fields = ("code", "name", "contractor", "address", "description")
    ui_hidden = ("company_id", "start_after", "start_before")
    type = django_filters.MultipleChoiceFilter(choices=ProjectType.choices, label=_("type"))
    status = django_filters.MultipleChoiceFilter(choices=Status.choices, label=_("status"))
    late = django_filters.BooleanFilter(method="filter_late", label=_("late"))
    start_after = django_filters.DateFilter(field_name="planned_start", lookup_expr="gte")
    start_before = django_filters.DateFilter(field_name="planned_start", lookup_expr="lte")

    class Meta:
        model = Project
        fields = ["q", "company", "company_id", "type", "status", "late", "start_after", "start_before"]

    def filter_late(self, queryset, name, value):
        query = services.late_q()
        return queryset.filter(query) if value else queryset.exclude(query)


class MilestoneFilterSet(BaseFilterSet):
    search_fields = ("name", "note")
    project = django_filters.NumberFilter(field_name="project_id", label=_("project"))
    done = django_filters.BooleanFilter(field_name="done_on", lookup_expr="isnull", exclude=True, label=_("done"))

    class Meta:
        model = Milestone
        fields = ["q", "project", "done"]


class ProgressReportFilterSet(BaseFilterSet):
    search_fields = ("note", "reason")
    project = django_filters.NumberFilter(field_name="project_id", label=_("project"))
    after = django_filters.DateFilter(field_name="reported_on", lookup_expr="gte")
    before = django_filters.DateFilter(field_name="reported_on", lookup_expr="lte")

    class Meta:
        model = ProgressReport
        fields = ["q", "project", "after", "before"]
