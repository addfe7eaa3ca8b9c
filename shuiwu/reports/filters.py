"""FilterSets of the reports app: the KPI catalogue and the reports kept for download (UI and API alike)."""

import django_filters
from django.utils.translation import gettext_lazy as _

from shuiwu.core.filters import BaseFilterSet
from shuiwu.org.filters import CompanyFilterMixin
from shuiwu.reports.choices import Direction, ReportKind, Section
from shuiwu.reports.models import Kpi, Report


class KpiFilterSet(BaseFilterSet):
    search_fields = ("code", "name", "name_en", "source", "formula", "standard")
    section = django_filters.MultipleChoiceFilter(choices=Section.choices, label=_("section"))
    direction = django_filters.MultipleChoiceFilter(choices=Direction.choices, label=_("direction"))

    class Meta:
        model = Kpi
        fields = ["q", "section", "direction", "local_policy", "on_scorecard", "active"]


class ReportFilterSet(CompanyFilterMixin, BaseFilterSet):
    search_fields = ("company__name", "company__code")
    kind = django_filters.MultipleChoiceFilter(choices=ReportKind.choices, label=_("kind"))
    group = django_filters.BooleanFilter(field_name="company", lookup_expr="isnull", label=_("whole group"))

    class Meta:
        model = Report
        fields = ["q", "company", "company_id", "kind", "group"]
