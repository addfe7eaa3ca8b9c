"""FilterSets of the service counter, shared by its pages and its API."""

import django_filters
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from shuiwu.core.filters import BaseFilterSet
from shuiwu.org.filters import CompanyFilterMixin
from shuiwu.service import services
from shuiwu.service.choices import ApplicationKind, Status, WindowKind
from shuiwu.service.models import Application, ApplicationType, Holiday, Window


class WindowFilterSet(CompanyFilterMixin, BaseFilterSet):
    search_fields = ("code", "name", "address")
    ui_hidden = ("company_id",)
    kind = django_filters.MultipleChoiceFilter(choices=WindowKind.choices, label=_("kind"))

    class Meta:
        model = Window
        fields = ["q", "company", "company_id", "kind", "active"]


class ApplicationTypeFilterSet(BaseFilterSet):
    search_fields = ("code", "name", "source")
    kind = django_filters.MultipleChoiceFilter(choices=ApplicationKind.choices, label=_("kind"))

    class Meta:
        model = ApplicationType
        fields = ["q", "kind", "active", "local_policy"]


class ApplicationFilterSet(CompanyFilterMixin, BaseFilterSet):
    search_fields = ("number", "applicant_name", "applicant_phone", "account__number", "customer__name", "note")
    ui_hidden = ("company_id", "account_id", "customer_id", "received_after", "received_before")
    status = django_filters.MultipleChoiceFilter(choices=Status.choices, label=_("status"))
    kind = django_filters.MultipleChoiceFilter(
        field_name="type__kind", choices=ApplicationKind.choices, label=_("kind")
    )
    type = django_filters.ModelChoiceFilter(queryset=ApplicationType.objects.all(), label=_("type"))
    window = django_filters.ModelChoiceFilter(queryset=Window.objects.all(), label=_("window"))
    overdue = django_filters.BooleanFilter(method="filter_overdue", label=_("overdue"))
    due_today = django_filters.BooleanFilter(method="filter_due_today", label=_("due today"))
    account_id = django_filters.NumberFilter(field_name="account_id")
    customer_id = django_filters.NumberFilter(field_name="customer_id")
    received_after = django_filters.DateFilter(field_name="received_at", lookup_expr="date__gte")
    received_before = django_filters.DateFilter(field_name="received_at", lookup_expr="date__lte")

    class Meta:
        model = Application
        fields = [
            "q",
            "company",
            "company_id",
            "status",
            "kind",
            "type",
            "window",
            "overdue",
            "due_today",
            "account_id",
            "customer_id",
            "received_after",
            "received_before",
        ]

    def filter_overdue(self, queryset, name, value):
        query = services.overdue_q(timezone.localdate())
        return queryset.filter(query) if value else queryset.exclude(query)

    def filter_due_today(self, queryset, name, value):
        query = services.due_today_q(timezone.localdate())
        return queryset.filter(query) if value else queryset.exclude(query)


class HolidayFilterSet(BaseFilterSet):
    search_fields = ("name", "source")
    year = django_filters.NumberFilter(field_name="day", lookup_expr="year", label=_("year"))

    class Meta:
        model = Holiday
        fields = ["q", "year", "working"]
