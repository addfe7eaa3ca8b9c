"""FilterSets of plant operations: one per model, for the list pages and the API alike."""

import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from shuiwu.assets.choices import Kind, PlantType
from shuiwu.assets.models import Asset
from shuiwu.core.filters import BaseFilterSet
from shuiwu.org.filters import CompanyFilterMixin
from shuiwu.plants.choices import ChemicalKind, MovementKind, Shift, UnitStatus
from shuiwu.plants.models import (
    Backwash,
    Chemical,
    ChemicalStock,
    DailyLog,
    Dosing,
    ShiftLog,
    StockMovement,
    UnitStatusChange,
)


def _plants(request):
    plants = Asset.objects.filter(kind=Kind.PLANT).order_by("code")
    user = getattr(request, "user", None)
    return plants.restrict(user) if user is not None else plants


class PlantFilterMixin(django_filters.FilterSet):
    plant = django_filters.ModelChoiceFilter(queryset=_plants, label=_("plant"))
    plant_id = django_filters.NumberFilter(field_name="plant_id")


class DailyLogFilterSet(CompanyFilterMixin, PlantFilterMixin, BaseFilterSet):
    search_fields = ("plant__name", "plant__code", "note")
    ui_hidden = ("company_id", "plant_id")
    plant_type = django_filters.ChoiceFilter(
        field_name="plant__subtype", choices=PlantType.choices, label=_("plant type")
    )
    after = django_filters.DateFilter(
        field_name="day", lookup_expr="gte", label=_("from"), widget=forms.DateInput(attrs={"type": "date"})
    )
    before = django_filters.DateFilter(
        field_name="day", lookup_expr="lte", label=_("to"), widget=forms.DateInput(attrs={"type": "date"})
    )

    class Meta:
        model = DailyLog
        fields = ["q", "company", "company_id", "plant", "plant_id", "plant_type", "after", "before"]


class DosingFilterSet(CompanyFilterMixin, BaseFilterSet):
    search_fields = ("chemical__name", "chemical__code")
    plant_id = django_filters.NumberFilter(field_name="daily_log__plant_id")
    chemical = django_filters.ModelChoiceFilter(queryset=Chemical.objects.all(), label=_("chemical"))
    after = django_filters.DateFilter(field_name="daily_log__day", lookup_expr="gte")
    before = django_filters.DateFilter(field_name="daily_log__day", lookup_expr="lte")

    class Meta:
        model = Dosing
        fields = ["q", "company", "company_id", "plant_id", "chemical", "after", "before"]


class ChemicalFilterSet(BaseFilterSet):
    search_fields = ("code", "name", "product")
    kind = django_filters.MultipleChoiceFilter(choices=ChemicalKind.choices, label=_("kind"))

    class Meta:
        model = Chemical
        fields = ["q", "kind"]


class ChemicalStockFilterSet(CompanyFilterMixin, PlantFilterMixin, BaseFilterSet):
    search_fields = ("chemical__name", "chemical__code", "plant__name")
    ui_hidden = ("company_id", "plant_id")
    chemical = django_filters.ModelChoiceFilter(queryset=Chemical.objects.all(), label=_("chemical"))
    low = django_filters.BooleanFilter(method="filter_low", label=_("low in stock"))

    class Meta:
        model = ChemicalStock
        fields = ["q", "company", "company_id", "plant", "plant_id", "chemical", "low"]

    def filter_low(self, queryset, name, value):
        from shuiwu.plants.services import stock_status

        if value is None:
            return queryset
        low = [row["stock"].pk for row in stock_status(queryset) if row["low"]]
        return queryset.filter(pk__in=low) if value else queryset.exclude(pk__in=low)


class StockMovementFilterSet(CompanyFilterMixin, BaseFilterSet):
    search_fields = ("reference", "note")
    stock_id = django_filters.NumberFilter(field_name="stock_id")
    plant_id = django_filters.NumberFilter(field_name="stock__plant_id")
    kind = django_filters.MultipleChoiceFilter(choices=MovementKind.choices, label=_("kind"))
    after = django_filters.DateFilter(field_name="day", lookup_expr="gte")
    before = django_filters.DateFilter(field_name="day", lookup_expr="lte")

    class Meta:
        model = StockMovement
        fields = ["q", "company", "company_id", "stock_id", "plant_id", "kind", "after", "before"]


class BackwashFilterSet(CompanyFilterMixin, PlantFilterMixin, BaseFilterSet):
    search_fields = ("unit__name", "unit__code", "note")
    ui_hidden = ("company_id", "plant_id", "unit_id")
    unit_id = django_filters.NumberFilter(field_name="unit_id")
    date = django_filters.DateFilter(
        method="filter_date", label=_("date"), widget=forms.DateInput(attrs={"type": "date"})
    )
    after = django_filters.IsoDateTimeFilter(field_name="started_at", lookup_expr="gte")
    before = django_filters.IsoDateTimeFilter(field_name="started_at", lookup_expr="lt")

    class Meta:
        model = Backwash
        fields = ["q", "company", "company_id", "plant", "plant_id", "unit_id", "date", "after", "before"]

    def filter_date(self, queryset, name, value):
        from shuiwu.plants.services import _day_bounds

        start, end = _day_bounds(value)
        return queryset.filter(started_at__gte=start, started_at__lt=end)


class UnitStatusChangeFilterSet(CompanyFilterMixin, PlantFilterMixin, BaseFilterSet):
    search_fields = ("unit__name", "unit__code", "note")
    unit_id = django_filters.NumberFilter(field_name="unit_id")
    status = django_filters.MultipleChoiceFilter(choices=UnitStatus.choices, label=_("status"))

    class Meta:
        model = UnitStatusChange
        fields = ["q", "company", "company_id", "plant", "plant_id", "unit_id", "status"]


class ShiftLogFilterSet(CompanyFilterMixin, PlantFilterMixin, BaseFilterSet):
    ui_hidden = ("company_id", "plant_id")
    shift = django_filters.ChoiceFilter(choices=Shift.choices, label=_("shift"))
    after = django_filters.DateFilter(
        field_name="day", lookup_expr="gte", label=_("from"), widget=forms.DateInput(attrs={"type": "date"})
    )
    before = django_filters.DateFilter(
        field_name="day", lookup_expr="lte", label=_("to"), widget=forms.DateInput(attrs={"type": "date"})
    )
    unreceived = django_filters.BooleanFilter(
        field_name="received_at", lookup_expr="isnull", label=_("handover not received")
    )

    class Meta:
        model = ShiftLog
        fields = ["q", "company", "company_id", "plant", "plant_id", "shift", "after", "before", "unreceived"]

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(events__icontains=value) | Q(handover_notes__icontains=value) | Q(operator__name__icontains=value)
        )
