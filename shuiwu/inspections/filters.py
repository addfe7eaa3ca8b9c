"""FilterSets of the inspections, shared by their pages and their API."""

import django_filters
from django.utils.translation import gettext_lazy as _

from shuiwu.core.filters import BaseFilterSet
from shuiwu.inspections.choices import FindingKind, FindingStatus, PlanType, RoundStatus, ViolationStatus
from shuiwu.inspections.models import Finding, Plan, Round, Violation
from shuiwu.org.filters import CompanyFilterMixin


class PlanFilterSet(CompanyFilterMixin, BaseFilterSet):
    search_fields = ("code", "name")
    ui_hidden = ("company_id",)
    plan_type = django_filters.MultipleChoiceFilter(choices=PlanType.choices, label=_("plan type"))

    class Meta:
        model = Plan
        fields = ["q", "company", "company_id", "plan_type", "team", "active"]


class RoundFilterSet(CompanyFilterMixin, BaseFilterSet):
    search_fields = ("plan__name", "plan__code", "note")
    ui_hidden = ("company_id", "plan_id", "after", "before")
    status = django_filters.MultipleChoiceFilter(choices=RoundStatus.choices, label=_("status"))
    plan_type = django_filters.MultipleChoiceFilter(
        field_name="plan__plan_type", choices=PlanType.choices, label=_("plan type")
    )
    plan_id = django_filters.NumberFilter(field_name="plan_id")
    date = django_filters.DateFilter(method="filter_date", label=_("date"))
    after = django_filters.IsoDateTimeFilter(field_name="scheduled_for", lookup_expr="gte")
    before = django_filters.IsoDateTimeFilter(field_name="scheduled_for", lookup_expr="lt")

    class Meta:
        model = Round
        fields = ["q", "company", "company_id", "status", "plan_type", "plan_id", "team", "date", "finished_late"]

    def filter_date(self, queryset, name, value):
        from datetime import datetime, time, timedelta

        from django.utils import timezone

        since = datetime.combine(value, time.min, timezone.get_current_timezone())
        return queryset.filter(scheduled_for__gte=since, scheduled_for__lt=since + timedelta(days=1))


class FindingFilterSet(CompanyFilterMixin, BaseFilterSet):
    search_fields = ("description",)
    ui_hidden = ("company_id", "round_id")
    kind = django_filters.MultipleChoiceFilter(choices=FindingKind.choices, label=_("kind"))
    status = django_filters.MultipleChoiceFilter(choices=FindingStatus.choices, label=_("status"))
    round_id = django_filters.NumberFilter(field_name="round_id")

    class Meta:
        model = Finding
        fields = ["q", "company", "company_id", "kind", "status", "round_id"]


class ViolationFilterSet(CompanyFilterMixin, BaseFilterSet):
    search_fields = ("number", "party", "address", "description")
    ui_hidden = ("company_id",)
    status = django_filters.MultipleChoiceFilter(choices=ViolationStatus.choices, label=_("status"))

    class Meta:
        model = Violation
        fields = ["q", "company", "company_id", "status"]
