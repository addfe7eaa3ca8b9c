"""FilterSets of emergency preparedness, shared by its pages and its API."""

import django_filters
from django.utils.translation import gettext_lazy as _

from shuiwu.core.filters import BaseFilterSet
from shuiwu.emergency import services
from shuiwu.emergency.choices import DrillKind, DrillStatus, MaterialKind, ModeKind, PlanStatus, PlanType
from shuiwu.emergency.models import ContingencyPlan, Drill, DrillAction, Material, Stock, Warehouse, WeatherMode
from shuiwu.org.filters import CompanyFilterMixin
from shuiwu.org.models import Company


class PlanFilterSet(CompanyFilterMixin, BaseFilterSet):
    search_fields = ("code", "name", "summary")
    ui_hidden = ("company_id",)
    plan_type = django_filters.MultipleChoiceFilter(choices=PlanType.choices, label=_("type of plan"))
    status = django_filters.MultipleChoiceFilter(choices=PlanStatus.choices, label=_("status"))

    class Meta:
        model = ContingencyPlan
        fields = ["q", "company", "company_id", "plan_type", "status"]


class DrillFilterSet(CompanyFilterMixin, BaseFilterSet):
    search_fields = ("number", "title", "scenario", "location", "findings")
    ui_hidden = ("company_id", "plan_id", "planned_after", "planned_before")
    status = django_filters.MultipleChoiceFilter(choices=DrillStatus.choices, label=_("status"))
    kind = django_filters.MultipleChoiceFilter(choices=DrillKind.choices, label=_("kind"))
    plan_type = django_filters.MultipleChoiceFilter(
        field_name="plan__plan_type", choices=PlanType.choices, label=_("type of plan")
    )
    plan_id = django_filters.NumberFilter(field_name="plan_id")
    planned_after = django_filters.DateFilter(field_name="planned_on", lookup_expr="gte")
    planned_before = django_filters.DateFilter(field_name="planned_on", lookup_expr="lte")

    class Meta:
        model = Drill
        fields = [
            "q",
            "company",
            "company_id",
            "status",
            "kind",
            "plan_type",
            "plan_id",
            "planned_after",
            "planned_before",
        ]


class DrillActionFilterSet(BaseFilterSet):
    search_fields = ("description", "owner__name", "drill__title")
    drill_id = django_filters.NumberFilter(field_name="drill_id")
    open = django_filters.BooleanFilter(field_name="done_on", lookup_expr="isnull", label=_("not done"))
    overdue = django_filters.BooleanFilter(method="filter_overdue", label=_("overdue"))

    class Meta:
        model = DrillAction
        fields = ["q", "drill_id", "open", "overdue"]

    def filter_overdue(self, queryset, name, value):
        query = services.overdue_actions_q()
        return queryset.filter(query) if value else queryset.exclude(query)


class WarehouseFilterSet(CompanyFilterMixin, BaseFilterSet):
    search_fields = ("code", "name", "address")
    ui_hidden = ("company_id",)

    class Meta:
        model = Warehouse
        fields = ["q", "company", "company_id", "active"]


class MaterialFilterSet(BaseFilterSet):
    search_fields = ("code", "name", "spec")
    kind = django_filters.MultipleChoiceFilter(choices=MaterialKind.choices, label=_("kind"))

    class Meta:
        model = Material
        fields = ["q", "kind", "dn"]


class StockFilterSet(BaseFilterSet):
    search_fields = ("material__name", "material__code", "warehouse__name", "note")
    ui_hidden = ("warehouse_id", "material_id")
    company = django_filters.ModelChoiceFilter(
        queryset=Company.objects.all(), to_field_name="code", field_name="warehouse__company", label=_("company")
    )
    warehouse = django_filters.ModelChoiceFilter(queryset=Warehouse.objects.all(), label=_("warehouse"))
    warehouse_id = django_filters.NumberFilter(field_name="warehouse_id")
    material_id = django_filters.NumberFilter(field_name="material_id")
    kind = django_filters.MultipleChoiceFilter(
        field_name="material__kind", choices=MaterialKind.choices, label=_("kind")
    )
    below_minimum = django_filters.BooleanFilter(method="filter_below", label=_("below minimum"))
    attention = django_filters.BooleanFilter(method="filter_attention", label=_("expiring or inspection due"))

    class Meta:
        model = Stock
        fields = ["q", "company", "warehouse", "warehouse_id", "material_id", "kind", "below_minimum", "attention"]

    def filter_below(self, queryset, name, value):
        query = services.below_minimum_q()
        return queryset.filter(query) if value else queryset.exclude(query)

    def filter_attention(self, queryset, name, value):
        query = services.attention_q()
        return queryset.filter(query) if value else queryset.exclude(query)


class WeatherModeFilterSet(CompanyFilterMixin, BaseFilterSet):
    search_fields = ("note",)
    ui_hidden = ("company_id",)
    kind = django_filters.MultipleChoiceFilter(choices=ModeKind.choices, label=_("kind"))
    on = django_filters.BooleanFilter(field_name="ended_at", lookup_expr="isnull", label=_("on now"))

    class Meta:
        model = WeatherMode
        fields = ["q", "company", "company_id", "kind", "on"]
