"""Serializers of the asset API: one per kind, from the kind's field list."""

from rest_framework import serializers

from shuiwu.assets.kinds import SPECS, form_fields
from shuiwu.assets.models import DMA, PROXIES, Asset, Network, PressureZone, ServedBuilding
from shuiwu.core.api.serializers import ScopedModelSerializer
from shuiwu.lib import geo

READ_ONLY = ["id", "display", "kind", "layer", "created", "updated"]


class GeometryField(serializers.JSONField):
    def to_internal_value(self, data):
        value = super().to_internal_value(data)
        if value in (None, {}):
            return None
        try:
            geo.validate(value)
        except ValueError as exc:
            raise serializers.ValidationError(str(exc))
        return value


class AssetSerializer(ScopedModelSerializer):
    geometry = GeometryField(required=False, allow_null=True)
    url = serializers.SerializerMethodField()

    class Meta:
        model = Asset
        fields = [
            *READ_ONLY,
            "url",
            *form_fields("pipe"),
            "elevation",
            "node",
            "pipe",
            "normally_open",
            "operable",
            "geometry",
            "hydraulic",
            "attrs",
        ]
        read_only_fields = ["kind", "layer"]

    def get_url(self, obj) -> str:
        return obj.get_absolute_url()


def kind_serializer(kind: str) -> type[AssetSerializer]:
    """The serializer of one kind: common fields, the kind's own fields, geometry and attributes."""
    fields = [*READ_ONLY, "url", *form_fields(kind), "geometry", "attrs"]
    if kind in ("pipe", "junction", "valve", "pump", "tank", "reservoir"):
        fields.append("hydraulic")
    meta = type("Meta", (), {"model": PROXIES[kind], "fields": fields, "read_only_fields": ["kind", "layer"]})
    return type(f"{PROXIES[kind].__name__}Serializer", (AssetSerializer,), {"Meta": meta})


KIND_SERIALIZERS = {kind: kind_serializer(kind) for kind in SPECS}


class DMASerializer(ScopedModelSerializer):
    geometry = GeometryField(required=False, allow_null=True)

    class Meta:
        model = DMA
        fields = ["id", "display", "company", "code", "name", "zone", "geometry", "attrs", "created", "updated"]


class PressureZoneSerializer(ScopedModelSerializer):
    geometry = GeometryField(required=False, allow_null=True)

    class Meta:
        model = PressureZone
        fields = [
            "id",
            "display",
            "company",
            "code",
            "name",
            "system",
            "min_pressure_mpa",
            "geometry",
            "attrs",
            "created",
            "updated",
        ]


class ServedBuildingSerializer(ScopedModelSerializer):
    class Meta:
        model = ServedBuilding
        fields = [
            "id",
            "display",
            "unit",
            "name",
            "storeys",
            "floor_from",
            "floor_to",
            "households",
            "created",
            "updated",
        ]


class NetworkSerializer(serializers.ModelSerializer):
    class Meta:
        model = Network
        fields = [
            "id",
            "system",
            "title",
            "source_file",
            "placement",
            "imported_at",
            "counts",
            "patterns",
            "curves",
            "controls",
            "options",
        ]
