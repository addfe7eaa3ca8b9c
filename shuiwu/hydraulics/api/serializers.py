"""Serializers of the hydraulics API."""

from rest_framework import serializers

from shuiwu.core.api.serializers import ScopedModelSerializer
from shuiwu.hydraulics.models import CriticalityRun, HydraulicModel, Run, Scenario


class HydraulicModelSerializer(ScopedModelSerializer):
    class Meta:
        model = HydraulicModel
        fields = ["id", "display", "company", "name", "version", "source", "source_file", "counts", "problems", "note"]
        read_only_fields = ["version", "source", "source_file", "counts", "problems"]


class ScenarioSerializer(ScopedModelSerializer):
    class Meta:
        model = Scenario
        fields = [
            "id",
            "display",
            "company",
            "name",
            "kind",
            "model",
            "duration_h",
            "step_s",
            "demand_factor",
            "closed_links",
            "pumps_off",
            "fire_node",
            "fire_flow_lps",
            "fire_start_h",
            "fire_duration_h",
            "pressure_dependent",
            "description",
        ]


class RunSerializer(serializers.ModelSerializer):
    scenario_name = serializers.CharField(source="scenario.name", read_only=True)

    class Meta:
        model = Run
        fields = [
            "id",
            "company",
            "scenario",
            "scenario_name",
            "model",
            "status",
            "progress",
            "started_at",
            "finished_at",
            "error",
            "parameters",
            "summary",
        ]
        read_only_fields = fields


class CriticalityRunSerializer(serializers.ModelSerializer):
    class Meta:
        model = CriticalityRun
        fields = ["id", "company", "model", "status", "progress", "started_at", "finished_at", "error", "ranking"]
        read_only_fields = fields


class IsolateSerializer(serializers.Serializer):
    pipe = serializers.CharField(required=False, help_text="Pipe code")
    lon = serializers.FloatField(required=False, min_value=-180, max_value=180)
    lat = serializers.FloatField(required=False, min_value=-90, max_value=90)
    check = serializers.BooleanField(
        default=True, help_text="Also run the rest of the network for a day with the area shut"
    )

    def validate(self, attrs):
        if not attrs.get("pipe") and (attrs.get("lon") is None or attrs.get("lat") is None):
            raise serializers.ValidationError({"pipe": "Give a pipe code, or lon and lat of a point on the map."})
        return attrs


class OutageFromIsolationSerializer(serializers.Serializer):
    pipe = serializers.CharField()
    start = serializers.DateTimeField()
    expected_restore = serializers.DateTimeField()

    def validate(self, attrs):
        if attrs["expected_restore"] <= attrs["start"]:
            raise serializers.ValidationError({"expected_restore": "The restoration comes after the start."})
        return attrs


class FireFlowSerializer(serializers.Serializer):
    hydrant = serializers.CharField(required=False, help_text="Hydrant code")
    node = serializers.CharField(required=False, help_text="Node code")
    residual_mpa = serializers.FloatField(required=False, min_value=0.01, max_value=0.99)
    at_hour = serializers.FloatField(required=False, min_value=0, max_value=24 * 31)

    def validate(self, attrs):
        if not attrs.get("hydrant") and not attrs.get("node"):
            raise serializers.ValidationError({"hydrant": "Give a hydrant or a node."})
        return attrs


class ImportModelSerializer(serializers.Serializer):
    file = serializers.FileField(help_text="An EPANET .inp file")
    name = serializers.CharField(required=False, allow_blank=True, max_length=100)
