"""Serializers of the capital-projects API."""

from rest_framework import serializers

from shuiwu.assets.choices import Material
from shuiwu.assets.models import Asset
from shuiwu.core.api.serializers import ScopedModelSerializer
from shuiwu.projects.models import Milestone, ProgressReport, Project, ProjectPipe


class ProjectSerializer(ScopedModelSerializer):
    code = serializers.CharField(max_length=30, required=False, allow_blank=True, help_text="Given when empty")
    is_late = serializers.SerializerMethodField()
    url = serializers.SerializerMethodField()

    class Meta:
        model = Project
        fields = [
            "id",
            "display",
            "url",
            "company",
            "code",
            "name",
            "type",
            "status",
            "contractor",
            "address",
            "description",
            "budget",
            "spent",
            "planned_start",
            "planned_end",
            "actual_start",
            "actual_end",
            "progress_percent",
            "planned_m",
            "laid_m",
            "handed_over_on",
            "source",
            "is_late",
        ]
        read_only_fields = [
            "status",
            "spent",
            "actual_start",
            "actual_end",
            "progress_percent",
            "planned_m",
            "laid_m",
            "handed_over_on",
        ]

    def get_is_late(self, obj) -> bool:
        return obj.is_late()

    def get_url(self, obj) -> str:
        return obj.get_absolute_url()

    def validate_code(self, value):
        if value and Project.objects.filter(code=value).exclude(pk=getattr(self.instance, "pk", None)).exists():
            raise serializers.ValidationError("A project with this code already exists.")
        return value

    def create(self, validated_data):
        from shuiwu.projects import services

        return services.create_project(user=self._user, **validated_data)


class ProjectPipeSerializer(serializers.ModelSerializer):
    code = serializers.CharField(source="asset.code", read_only=True)
    status = serializers.CharField(source="asset.status", read_only=True)
    diameter = serializers.FloatField(source="asset.diameter", read_only=True)
    material = serializers.CharField(source="asset.material", read_only=True)
    length_m = serializers.FloatField(source="asset.length", read_only=True)
    state = serializers.CharField(read_only=True)

    class Meta:
        model = ProjectPipe
        fields = ["id", "asset", "code", "role", "state", "status", "diameter", "material", "length_m", "laid_on"]


class PipeInSerializer(serializers.Serializer):
    coordinates = serializers.ListField(
        child=serializers.ListField(child=serializers.FloatField(), min_length=2, max_length=3),
        min_length=2,
        help_text="[[lon, lat], …] in WGS84",
    )
    diameter = serializers.FloatField(min_value=1)
    material = serializers.ChoiceField(choices=Material.choices, required=False, allow_blank=True, default="")
    start_node = serializers.PrimaryKeyRelatedField(queryset=Asset.objects.all(), required=False, allow_null=True)
    end_node = serializers.PrimaryKeyRelatedField(queryset=Asset.objects.all(), required=False, allow_null=True)
    name = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        if user is not None:
            for name in ("start_node", "end_node"):
                self.fields[name].queryset = self.fields[name].queryset.restrict(user)


class ProgressReportSerializer(serializers.ModelSerializer):
    class Meta:
        model = ProgressReport
        fields = ["id", "project", "reported_on", "percent", "laid_m", "spent", "reason", "note", "reported_by"]
        read_only_fields = fields


class ProgressInSerializer(serializers.Serializer):
    reported_on = serializers.DateField(required=False)
    percent = serializers.DecimalField(max_digits=6, decimal_places=1)
    laid_m = serializers.FloatField(required=False, allow_null=True)
    spent = serializers.DecimalField(max_digits=14, decimal_places=2, required=False, allow_null=True)
    laid_pipes = serializers.ListField(child=serializers.IntegerField(), required=False, default=list)
    reason = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")
    note = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")


class MilestoneSerializer(ScopedModelSerializer):
    class Meta:
        model = Milestone
        fields = ["id", "display", "project", "order", "name", "planned_on", "done_on", "note"]


class HandoverSerializer(serializers.Serializer):
    on = serializers.DateField(required=False)


class CancelSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=300)


class RenewalInSerializer(serializers.Serializer):
    asset_ids = serializers.ListField(child=serializers.IntegerField(), allow_empty=False)
    name = serializers.CharField(max_length=200)
    company = serializers.CharField(required=False, allow_blank=True, help_text="Company code; empty: your own")
    planned_start = serializers.DateField(required=False)
    planned_end = serializers.DateField(required=False)
    contractor = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")

    def validate(self, attrs):
        start, end = attrs.get("planned_start"), attrs.get("planned_end")
        if start and end and end < start:
            raise serializers.ValidationError({"planned_end": "The planned finish comes before the planned start."})
        return attrs
