"""FilterSets of the repair centre, shared by its pages and its API."""

import django_filters
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from shuiwu.assets.filters import BBoxFilter
from shuiwu.core.filters import BaseFilterSet
from shuiwu.org.filters import CompanyFilterMixin
from shuiwu.work.choices import (
    OPEN_STATES,
    Category,
    Channel,
    OrderType,
    OutageKind,
    OutageStatus,
    Priority,
    State,
    TicketStatus,
)
from shuiwu.work.models import Outage, Ticket, WorkOrder


class WorkOrderFilterSet(CompanyFilterMixin, BaseFilterSet):
    search_fields = ("number", "title", "address", "description")
    ui_hidden = (
        "company_id",
        "team_id",
        "created_after",
        "created_before",
        "completed_after",
        "completed_before",
        "closed_after",
        "closed_before",
    )
    state = django_filters.MultipleChoiceFilter(choices=State.choices, label=_("state"))
    category = django_filters.MultipleChoiceFilter(choices=Category.choices, label=_("category"))
    priority = django_filters.MultipleChoiceFilter(choices=Priority.choices, label=_("priority"))
    order_type = django_filters.MultipleChoiceFilter(choices=OrderType.choices, label=_("type"))
    team_id = django_filters.NumberFilter(field_name="team_id")
    open = django_filters.BooleanFilter(method="filter_open", label=_("open"))
    sla_breached = django_filters.BooleanFilter(method="filter_breached", label=_("SLA breached"))
    created_after = django_filters.IsoDateTimeFilter(field_name="created", lookup_expr="gte")
    created_before = django_filters.IsoDateTimeFilter(field_name="created", lookup_expr="lt")
    completed_after = django_filters.IsoDateTimeFilter(field_name="completed_at", lookup_expr="gte")
    completed_before = django_filters.IsoDateTimeFilter(field_name="completed_at", lookup_expr="lt")
    closed_after = django_filters.IsoDateTimeFilter(field_name="closed_at", lookup_expr="gte")
    closed_before = django_filters.IsoDateTimeFilter(field_name="closed_at", lookup_expr="lt")

    class Meta:
        model = WorkOrder
        fields = [
            "q",
            "company",
            "company_id",
            "state",
            "open",
            "category",
            "priority",
            "order_type",
            "team",
            "team_id",
            "sla_breached",
        ]

    def filter_open(self, queryset, name, value):
        if value is None:
            return queryset
        return queryset.filter(state__in=OPEN_STATES) if value else queryset.exclude(state__in=OPEN_STATES)

    def filter_breached(self, queryset, name, value):
        from shuiwu.work.services import breached_q

        if value is None:
            return queryset
        query = breached_q(timezone.now())
        return queryset.filter(query) if value else queryset.exclude(query)


class TicketFilterSet(CompanyFilterMixin, BaseFilterSet):
    search_fields = ("number", "caller_name", "caller_phone", "address", "account_no", "description")
    ui_hidden = ("company_id", "work_order_id", "received_after", "received_before", "closed_after", "closed_before")
    status = django_filters.MultipleChoiceFilter(choices=TicketStatus.choices, label=_("status"))
    category = django_filters.MultipleChoiceFilter(choices=Category.choices, label=_("category"))
    channel = django_filters.MultipleChoiceFilter(choices=Channel.choices, label=_("channel"))
    work_order_id = django_filters.NumberFilter(field_name="work_order_id")
    received_after = django_filters.IsoDateTimeFilter(field_name="received_at", lookup_expr="gte")
    received_before = django_filters.IsoDateTimeFilter(field_name="received_at", lookup_expr="lt")
    closed_after = django_filters.IsoDateTimeFilter(field_name="closed_at", lookup_expr="gte")
    closed_before = django_filters.IsoDateTimeFilter(field_name="closed_at", lookup_expr="lt")

    class Meta:
        model = Ticket
        fields = ["q", "company", "company_id", "status", "category", "channel", "work_order_id"]


class OutageFilterSet(CompanyFilterMixin, BaseFilterSet):
    search_fields = ("number", "title", "notice_text")
    ui_hidden = ("company_id", "bbox", "start_after", "start_before")
    kind = django_filters.MultipleChoiceFilter(choices=OutageKind.choices, label=_("kind"))
    status = django_filters.MultipleChoiceFilter(choices=OutageStatus.choices, label=_("status"))
    start_after = django_filters.IsoDateTimeFilter(field_name="start", lookup_expr="gte")
    start_before = django_filters.IsoDateTimeFilter(field_name="start", lookup_expr="lt")
    bbox = BBoxFilter(label=_("bounding box"))

    class Meta:
        model = Outage
        fields = ["q", "company", "company_id", "kind", "status", "dma"]
