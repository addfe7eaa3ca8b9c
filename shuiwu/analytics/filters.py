"""FilterSets of the analytics app, shared by its pages and its API."""

import django_filters
from django.utils.translation import gettext_lazy as _

from shuiwu.analytics.choices import DetectionStatus, RiskClass
from shuiwu.analytics.models import LeakDetection, PipeRisk, WaterBalance
from shuiwu.assets.choices import Material
from shuiwu.core.filters import BaseFilterSet
from shuiwu.org.filters import CompanyFilterMixin


class WaterBalanceFilterSet(CompanyFilterMixin, BaseFilterSet):
    search_fields = ("dma__code", "dma__name", "note")
    ui_hidden = ("company_id", "dma_id")
    whole_network = django_filters.BooleanFilter(field_name="dma", lookup_expr="isnull", label=_("whole network"))
    start_after = django_filters.DateFilter(field_name="start", lookup_expr="gte", label=_("from on or after"))
    end_before = django_filters.DateFilter(field_name="end", lookup_expr="lte", label=_("to on or before"))

    class Meta:
        model = WaterBalance
        fields = ["q", "company", "company_id", "dma", "dma_id", "whole_network", "start_after", "end_before"]


class LeakDetectionFilterSet(CompanyFilterMixin, BaseFilterSet):
    search_fields = ("link_id", "pipe__code", "note")
    ui_hidden = ("company_id",)
    status = django_filters.MultipleChoiceFilter(choices=DetectionStatus.choices, label=_("status"))

    class Meta:
        model = LeakDetection
        fields = ["q", "company", "company_id", "status"]


class PipeRiskFilterSet(CompanyFilterMixin, BaseFilterSet):
    search_fields = ("pipe__code", "pipe__name", "pipe__address")
    ui_hidden = ("company_id",)
    risk_class = django_filters.MultipleChoiceFilter(choices=RiskClass.choices, label=_("risk"))
    material = django_filters.MultipleChoiceFilter(
        field_name="pipe__material", choices=Material.choices, label=_("material")
    )
    min_repairs = django_filters.NumberFilter(field_name="repairs", lookup_expr="gte", label=_("at least repairs"))

    class Meta:
        model = PipeRisk
        fields = ["q", "company", "company_id", "risk_class", "material", "min_repairs"]
