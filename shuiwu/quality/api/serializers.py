"""Serializers of the lab's API."""

from rest_framework import serializers

from shuiwu.core.api.serializers import ScopedModelSerializer
from shuiwu.quality.models import (
    Exceedance,
    Limit,
    Parameter,
    Plan,
    Result,
    Sample,
    SampleTask,
    SamplingPoint,
    Standard,
)


class ParameterSerializer(serializers.ModelSerializer):
    class Meta:
        model = Parameter
        fields = ["id", "code", "name", "name_en", "unit", "group", "value_type", "decimals", "aliases",
                  "analyser_measure", "order", "active"]  # fmt: skip


class _CleanMixin:
    """Runs the model's clean() so a bad limit or plan is a 400 naming the field."""

    def validate(self, attrs):
        from django.core.exceptions import ValidationError as DjangoValidationError

        model = self.Meta.model
        current = (
            {f.attname: getattr(self.instance, f.attname) for f in model._meta.concrete_fields} if self.instance else {}
        )
        scratch = model(**current)
        for key, value in attrs.items():
            if not isinstance(value, list) or key in ("point_kinds", "aliases"):
                setattr(scratch, key, value)
        try:
            scratch.clean()
        except DjangoValidationError as exc:
            raise serializers.ValidationError(exc.message_dict if hasattr(exc, "error_dict") else exc.messages)
        return attrs


class StandardSerializer(_CleanMixin, serializers.ModelSerializer):
    class Meta:
        model = Standard
        fields = ["id", "code", "name", "kind", "point_kinds", "source", "local_policy", "active"]


class LimitSerializer(_CleanMixin, serializers.ModelSerializer):
    text = serializers.CharField(read_only=True)
    parameter_code = serializers.CharField(source="parameter.code", read_only=True)

    class Meta:
        model = Limit
        fields = ["id", "standard", "parameter", "parameter_code", "point_kinds", "kind", "lower", "upper", "text",
                  "grade", "confirmed", "source", "note"]  # fmt: skip


class PlanSerializer(_CleanMixin, serializers.ModelSerializer):
    parameters = serializers.SlugRelatedField(slug_field="code", many=True, queryset=Parameter.objects.all())

    class Meta:
        model = Plan
        fields = ["id", "code", "name", "point_kinds", "parameters", "period", "every", "times", "grade", "source",
                  "local_policy", "active", "order"]  # fmt: skip


class SamplingPointSerializer(ScopedModelSerializer):
    class Meta:
        model = SamplingPoint
        fields = ["id", "display", "company", "code", "name", "kind", "asset", "plant", "lon", "lat", "address",
                  "active", "note"]  # fmt: skip


class SampleTaskSerializer(serializers.ModelSerializer):
    parameters = serializers.SerializerMethodField()

    class Meta:
        model = SampleTask
        fields = ["id", "company", "point", "plan", "kind", "window_start", "due", "slot", "parameters", "status",
                  "late", "taken_at", "reason"]  # fmt: skip

    def get_parameters(self, obj) -> list[str]:
        return obj.codes()


class ResultSerializer(serializers.ModelSerializer):
    parameter = serializers.CharField(source="parameter.code", read_only=True)
    unit = serializers.CharField(source="parameter.unit", read_only=True)
    sample_number = serializers.CharField(source="sample.number", read_only=True)
    point = serializers.CharField(source="sample.point.code", read_only=True)
    sampled_at = serializers.DateTimeField(source="sample.sampled_at", read_only=True)
    national_limit = serializers.CharField(source="national_limit.text", read_only=True, default=None)
    internal_limit = serializers.CharField(source="internal_limit.text", read_only=True, default=None)

    class Meta:
        model = Result
        fields = ["id", "sample", "sample_number", "point", "sampled_at", "parameter", "unit", "reported",
                  "qualifier", "value", "national", "national_limit", "internal", "internal_limit"]  # fmt: skip


class SampleSerializer(serializers.ModelSerializer):
    point_code = serializers.CharField(source="point.code", read_only=True)

    class Meta:
        model = Sample
        fields = ["id", "number", "company", "point", "point_code", "task", "kind", "parameter_codes", "sampled_at",
                  "sampled_by", "status", "entered_by", "entered_at", "reviewed_by", "reviewed_at", "review_note",
                  "note"]  # fmt: skip


class SampleDetailSerializer(SampleSerializer):
    results = ResultSerializer(many=True, read_only=True)

    class Meta(SampleSerializer.Meta):
        fields = [*SampleSerializer.Meta.fields, "results"]


class SampleInSerializer(serializers.Serializer):
    """Take a sample: for a task, or at a point with its parameters."""

    task = serializers.PrimaryKeyRelatedField(queryset=SampleTask.objects.all(), required=False, allow_null=True)
    point = serializers.PrimaryKeyRelatedField(queryset=SamplingPoint.objects.all(), required=False, allow_null=True)
    parameter_codes = serializers.ListField(child=serializers.CharField(), required=False)
    sampled_at = serializers.DateTimeField(required=False)
    sampled_by = serializers.CharField(required=False, allow_blank=True, default="")
    note = serializers.CharField(required=False, allow_blank=True, default="")

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        if user is not None:
            self.fields["task"].queryset = SampleTask.objects.restrict(user)
            self.fields["point"].queryset = SamplingPoint.objects.restrict(user)

    def validate(self, attrs):
        if not attrs.get("task") and not attrs.get("point"):
            raise serializers.ValidationError({"point": "Give a task or a sampling point."})
        return attrs


class ResultsInSerializer(serializers.Serializer):
    results = serializers.DictField(child=serializers.CharField(allow_blank=True), help_text='{"turbidity": "0.12"}')
    submit = serializers.BooleanField(default=False)


class NoteSerializer(serializers.Serializer):
    note = serializers.CharField(required=False, allow_blank=True, default="")


class ImportSerializer(serializers.Serializer):
    file = serializers.FileField()


class ExceedanceSerializer(serializers.ModelSerializer):
    point_code = serializers.CharField(source="point.code", read_only=True)
    parameter_code = serializers.CharField(source="parameter.code", read_only=True)

    class Meta:
        model = Exceedance
        fields = ["id", "company", "point", "point_code", "parameter", "parameter_code", "level", "limit_text",
                  "reported", "detected_at", "status", "retest", "escalation", "ticket", "resolved_at", "result",
                  "note"]  # fmt: skip
