"""Viewsets of the asset API: every kind, DMAs and zones, each with a GeoJSON export."""

from django.http import HttpResponse
from drf_spectacular.utils import extend_schema
from rest_framework.decorators import action
from rest_framework.viewsets import ReadOnlyModelViewSet

from shuiwu.assets import filters, services
from shuiwu.assets.api import serializers
from shuiwu.assets.models import DMA, PROXIES, Asset, Network, PressureZone, ServedBuilding
from shuiwu.core.api.viewsets import ScopedModelViewSet, ScopedReadOnlyModelViewSet

RELATED = ("company", "dma", "zone", "parent", "start_node", "end_node", "node", "pipe")


class GeoJSONMixin:
    """``…/geojson/``: the filtered list as one GeoJSON FeatureCollection (no pagination)."""

    geojson_properties: tuple[str, ...] = ("code", "name")

    @extend_schema(responses={(200, "application/geo+json"): dict})
    @action(detail=False, methods=["get"], url_path="geojson")
    def geojson(self, request, *args, **kwargs):
        queryset = self.filter_queryset(self.get_queryset())
        return HttpResponse(
            services.geojson_features(queryset, properties=self.geojson_properties), content_type="application/geo+json"
        )


ASSET_PROPERTIES = ("kind", "system", "code", "name", "status", "subtype", "diameter", "material")


class AssetViewSet(GeoJSONMixin, ScopedReadOnlyModelViewSet):
    """Every asset of every kind (read-only; write through the kind's endpoint)."""

    queryset = Asset.objects.select_related(*RELATED)
    serializer_class = serializers.AssetSerializer
    filterset_class = filters.AssetFilterSet
    geojson_properties = ASSET_PROPERTIES


def kind_viewset(kind: str) -> type[ScopedModelViewSet]:
    model = PROXIES[kind]
    return type(
        f"{model.__name__}ViewSet",
        (GeoJSONMixin, ScopedModelViewSet),
        {
            "queryset": model.objects.select_related(*RELATED),
            "serializer_class": serializers.KIND_SERIALIZERS[kind],
            "filterset_class": filters.KindAssetFilterSet,
            "geojson_properties": ASSET_PROPERTIES,
            "__doc__": f"{model._meta.verbose_name_plural.title()} in the register.",
        },
    )


class DMAViewSet(GeoJSONMixin, ScopedModelViewSet):
    queryset = DMA.objects.select_related("company", "zone")
    serializer_class = serializers.DMASerializer
    filterset_class = filters.DMAFilterSet


class PressureZoneViewSet(GeoJSONMixin, ScopedModelViewSet):
    queryset = PressureZone.objects.select_related("company")
    serializer_class = serializers.PressureZoneSerializer
    filterset_class = filters.PressureZoneFilterSet


class ServedBuildingViewSet(ScopedModelViewSet):
    queryset = ServedBuilding.objects.select_related("unit")
    serializer_class = serializers.ServedBuildingSerializer
    filterset_class = filters.ServedBuildingFilterSet


class NetworkViewSet(ReadOnlyModelViewSet):
    """The network-wide part of each imported hydraulic model (patterns, curves, controls, options)."""

    queryset = Network.objects.all()
    serializer_class = serializers.NetworkSerializer
    filterset_fields = ["system"]
