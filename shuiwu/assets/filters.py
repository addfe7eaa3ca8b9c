"""FilterSets of the asset register, shared by its list pages, its map and its API."""

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from shuiwu.assets.choices import SUBTYPES, Kind, Material, Status, System
from shuiwu.assets.models import DMA, Asset, PressureZone, ServedBuilding
from shuiwu.core.filters import BaseFilterSet
from shuiwu.org.filters import CompanyFilterMixin


class BBoxField(forms.CharField):
    """``west,south,east,north`` in degrees."""

    def clean(self, value):
        value = super().clean(value)
        if not value:
            return None
        try:
            west, south, east, north = (float(v) for v in value.split(","))
        except ValueError:
            raise ValidationError(_("bbox is four numbers: west,south,east,north")) from None
        if west > east or south > north:
            raise ValidationError(_("bbox must be west,south,east,north with west ≤ east and south ≤ north"))
        return west, south, east, north


class BBoxFilter(django_filters.Filter):
    """``bbox=west,south,east,north``: rows whose bounding box meets it."""

    field_class = BBoxField

    def filter(self, qs, value):
        return qs.in_bbox(*value) if value else qs


class AssetFilterSet(CompanyFilterMixin, BaseFilterSet):
    search_fields = ("code", "name", "address")
    ui_hidden = ("company_id", "dma_id", "zone_id", "parent_id", "node_id", "bbox")
    kind = django_filters.MultipleChoiceFilter(choices=Kind.choices, label=_("kind"))
    system = django_filters.MultipleChoiceFilter(choices=System.choices, label=_("system"))
    status = django_filters.MultipleChoiceFilter(choices=Status.choices, label=_("status"))
    material = django_filters.MultipleChoiceFilter(choices=Material.choices, label=_("material"))
    subtype = django_filters.CharFilter(label=_("type"))
    diameter_min = django_filters.NumberFilter(field_name="diameter", lookup_expr="gte", label=_("diameter from (mm)"))
    diameter_max = django_filters.NumberFilter(field_name="diameter", lookup_expr="lte", label=_("diameter to (mm)"))
    installed_after = django_filters.DateFilter(field_name="install_date", lookup_expr="gte", label=_("installed from"))
    installed_before = django_filters.DateFilter(
        field_name="install_date", lookup_expr="lte", label=_("installed until")
    )
    dma_id = django_filters.NumberFilter(field_name="dma_id", label=_("DMA (id)"))
    zone_id = django_filters.NumberFilter(field_name="zone_id", label=_("pressure zone (id)"))
    parent_id = django_filters.NumberFilter(field_name="parent_id", label=_("part of (id)"))
    node_id = django_filters.NumberFilter(method="filter_node", label=_("at node (id)"))
    bbox = BBoxFilter(label=_("bounding box"))

    class Meta:
        model = Asset
        fields = [
            "q",
            "kind",
            "system",
            "status",
            "company",
            "company_id",
            "subtype",
            "material",
            "dma",
            "dma_id",
            "zone_id",
            "parent_id",
            "operable",
            "normally_open",
        ]

    def filter_node(self, queryset, name, value):
        return queryset.filter(Q(start_node_id=value) | Q(end_node_id=value) | Q(node_id=value))


# Filters that only make sense for some kinds.
KIND_ONLY_FILTERS = {
    "operable": {Kind.VALVE},
    "normally_open": {Kind.VALVE},
    "material": {Kind.PIPE, Kind.VALVE, Kind.HYDRANT, Kind.PUMP},
    "diameter_min": {Kind.PIPE, Kind.VALVE, Kind.HYDRANT, Kind.METER_WELL, Kind.MANHOLE},
    "diameter_max": {Kind.PIPE, Kind.VALVE, Kind.HYDRANT, Kind.METER_WELL, Kind.MANHOLE},
}


class KindAssetFilterSet(AssetFilterSet):
    """The filters of one kind's list: no kind choice, the type as a choice, and only filters that apply."""

    class Meta(AssetFilterSet.Meta):
        fields = [f for f in AssetFilterSet.Meta.fields if f != "kind"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        kind = getattr(self.queryset.model, "asset_kind", "")
        self.filters.pop("kind", None)
        for name, kinds in KIND_ONLY_FILTERS.items():
            if kind not in kinds:
                self.filters.pop(name, None)
        choices = SUBTYPES.get(kind)
        if choices is None:
            self.filters.pop("subtype", None)
        else:
            self.filters["subtype"] = django_filters.MultipleChoiceFilter(
                field_name="subtype", choices=choices.choices, label=_("type")
            )


class DMAFilterSet(CompanyFilterMixin, BaseFilterSet):
    search_fields = ("code", "name")
    ui_hidden = ("company_id", "bbox")
    bbox = BBoxFilter(label=_("bounding box"))

    class Meta:
        model = DMA
        fields = ["q", "company", "company_id", "zone"]


class PressureZoneFilterSet(CompanyFilterMixin, BaseFilterSet):
    search_fields = ("code", "name")
    ui_hidden = ("company_id", "bbox")
    bbox = BBoxFilter(label=_("bounding box"))

    class Meta:
        model = PressureZone
        fields = ["q", "company", "company_id", "system"]


class ServedBuildingFilterSet(BaseFilterSet):
    search_fields = ("name", "unit__code", "unit__name")

    class Meta:
        model = ServedBuilding
        fields = ["q", "unit"]
