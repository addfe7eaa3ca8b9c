"""FilterSets of telemetry, shared by its pages and its API."""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from shuiwu.core.filters import BaseFilterSet
from shuiwu.org.filters import CompanyFilterMixin
from shuiwu.telemetry.choices import AlarmState, Measure, Role, RuleKind, Severity
from shuiwu.telemetry.models import Alarm, AlarmRule, Sensor


class SensorFilterSet(CompanyFilterMixin, BaseFilterSet):
    search_fields = ("code", "name", "device_id", "topic", "asset__code", "asset__name")
    ui_hidden = ("company_id", "asset", "dma")
    measure = django_filters.MultipleChoiceFilter(choices=Measure.choices, label=_("measure"))
    role = django_filters.MultipleChoiceFilter(choices=Role.choices, label=pgettext_lazy("sensor", "role"))
    alarming = django_filters.BooleanFilter(method="filter_alarming", label=_("with an open alarm"))

    class Meta:
        model = Sensor
        fields = ["q", "company", "company_id", "measure", "role", "active", "asset", "dma", "alarming"]

    def filter_alarming(self, queryset, name, value):
        open_ = Q(alarms__cleared_at__isnull=True)
        return (queryset.filter(open_) if value else queryset.exclude(open_)).distinct()


class AlarmFilterSet(CompanyFilterMixin, BaseFilterSet):
    search_fields = ("message", "sensor__code", "sensor__name", "rule__name")
    ui_hidden = ("company_id", "sensor", "rule", "after", "before")
    state = django_filters.ChoiceFilter(
        choices=[("open", _("Open (active or acknowledged)")), *AlarmState.choices],
        method="filter_state",
        label=_("state"),
    )
    severity = django_filters.MultipleChoiceFilter(choices=Severity.choices, label=_("severity"))
    kind = django_filters.MultipleChoiceFilter(field_name="rule__kind", choices=RuleKind.choices, label=_("kind"))
    measure = django_filters.MultipleChoiceFilter(
        field_name="sensor__measure", choices=Measure.choices, label=_("measure")
    )
    after = django_filters.IsoDateTimeFilter(field_name="raised_at", lookup_expr="gte")
    before = django_filters.IsoDateTimeFilter(field_name="raised_at", lookup_expr="lt")

    class Meta:
        model = Alarm
        fields = ["q", "company", "company_id", "state", "severity", "kind", "measure", "sensor", "rule"]

    def filter_state(self, queryset, name, value):
        if value == "open":
            return queryset.filter(cleared_at__isnull=True)
        if value == AlarmState.CLEARED:
            return queryset.filter(cleared_at__isnull=False)
        if value == AlarmState.ACKNOWLEDGED:
            return queryset.filter(cleared_at__isnull=True, acknowledged_at__isnull=False)
        return queryset.filter(cleared_at__isnull=True, acknowledged_at__isnull=True)


class AlarmRuleFilterSet(BaseFilterSet):
    search_fields = ("name", "source")
    kind = django_filters.MultipleChoiceFilter(choices=RuleKind.choices, label=_("kind"))
    measure = django_filters.MultipleChoiceFilter(choices=Measure.choices, label=_("measure"))

    class Meta:
        model = AlarmRule
        fields = ["q", "kind", "measure", "role", "severity", "active", "local_policy"]
