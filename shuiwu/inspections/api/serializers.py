"""Serializers of the inspections API."""

from rest_framework import serializers

from shuiwu.assets.models import Asset
from shuiwu.core.api.serializers import ScopedModelSerializer
from shuiwu.inspections.models import (
    Answer,
    Checklist,
    ChecklistItem,
    Checkpoint,
    Finding,
    Plan,
    Round,
    TrackPoint,
    Violation,
)


class ChecklistItemSerializer(serializers.ModelSerializer):
    class Meta:
        model = ChecklistItem
        fields = [
            "id",
            "order",
            "label",
            "kind",
            "unit",
            "min_value",
            "max_value",
            "expected",
            "choices",
            "bad_choices",
            "required",
            "finding_kind",
        ]


class ChecklistSerializer(serializers.ModelSerializer):
    items = ChecklistItemSerializer(many=True, read_only=True)

    class Meta:
        model = Checklist
        fields = ["id", "code", "name", "plan_type", "items"]


class PlanSerializer(ScopedModelSerializer):
    checkpoints = serializers.PrimaryKeyRelatedField(
        many=True, queryset=Asset.objects.all(), required=False, help_text="Assets to visit, in order"
    )
    route = serializers.PrimaryKeyRelatedField(many=True, queryset=Asset.objects.filter(kind="pipe"), required=False)

    class Meta:
        model = Plan
        fields = [
            "id",
            "display",
            "company",
            "code",
            "name",
            "plan_type",
            "team",
            "checklist",
            "every",
            "unit",
            "window_start",
            "window_end",
            "grace_hours",
            "start_date",
            "end_date",
            "active",
            "local_policy",
            "source",
            "route",
            "facility",
            "target_km",
            "checkpoints",
            "created",
            "updated",
        ]

    def to_representation(self, instance):
        data = super().to_representation(instance)
        data["checkpoints"] = [c.asset_id for c in instance.checkpoints.all()]
        return data

    def create(self, validated):
        checkpoints = validated.pop("checkpoints", [])
        plan = super().create(validated)
        Checkpoint.objects.bulk_create([Checkpoint(plan=plan, asset=a, order=i) for i, a in enumerate(checkpoints)])
        return plan

    def update(self, instance, validated):
        checkpoints = validated.pop("checkpoints", None)
        plan = super().update(instance, validated)
        if checkpoints is not None:
            plan.checkpoints.all().delete()
            Checkpoint.objects.bulk_create([Checkpoint(plan=plan, asset=a, order=i) for i, a in enumerate(checkpoints)])
        return plan


class RoundSerializer(ScopedModelSerializer):
    plan_name = serializers.CharField(source="plan.name", read_only=True)
    plan_type = serializers.CharField(source="plan.plan_type", read_only=True)

    class Meta:
        model = Round
        fields = [
            "id",
            "display",
            "company",
            "plan",
            "plan_name",
            "plan_type",
            "team",
            "scheduled_for",
            "due_by",
            "status",
            "started_at",
            "finished_at",
            "finished_late",
            "inspector",
            "crew_size",
            "planned_km",
            "covered_km",
            "coverage_percent",
            "track_km",
            "checkpoints_planned",
            "checkpoints_done",
            "checkpoints_skipped",
            "dredged_km",
            "note",
        ]
        read_only_fields = fields


class StartSerializer(serializers.Serializer):
    crew_size = serializers.IntegerField(min_value=1, max_value=50, required=False)


class AnswerInSerializer(serializers.Serializer):
    asset = serializers.PrimaryKeyRelatedField(queryset=Asset.objects.all())
    item = serializers.PrimaryKeyRelatedField(queryset=ChecklistItem.objects.all())
    value = serializers.JSONField(required=False, allow_null=True)
    photo = serializers.FileField(required=False)


class SkipSerializer(serializers.Serializer):
    asset = serializers.PrimaryKeyRelatedField(queryset=Asset.objects.all())
    reason = serializers.CharField(max_length=200)


class TrackSerializer(serializers.Serializer):
    points = serializers.ListField(
        child=serializers.DictField(),
        allow_empty=False,
        help_text='[{"t": "2026-07-01T09:00:05+08:00", "lon": 121.01, "lat": 30.69}]',
    )


class FinishSerializer(serializers.Serializer):
    note = serializers.CharField(required=False, allow_blank=True, default="")
    dredged_km = serializers.DecimalField(max_digits=8, decimal_places=3, min_value=0, required=False)


class AnswerSerializer(serializers.ModelSerializer):
    item_label = serializers.CharField(source="item.label", read_only=True)

    class Meta:
        model = Answer
        fields = ["id", "round", "asset", "item", "item_label", "number", "yes", "text", "photo", "out_of_limits", "at"]


class TrackPointSerializer(serializers.ModelSerializer):
    class Meta:
        model = TrackPoint
        fields = ["id", "round", "t", "lon", "lat", "accuracy"]


class FindingSerializer(ScopedModelSerializer):
    ticket_number = serializers.CharField(source="ticket.number", read_only=True, default=None)

    class Meta:
        model = Finding
        fields = [
            "id",
            "display",
            "company",
            "round",
            "kind",
            "description",
            "asset",
            "lon",
            "lat",
            "photo",
            "status",
            "ticket",
            "ticket_number",
            "reported_at",
            "reported_by",
        ]
        read_only_fields = ["ticket", "reported_by", "status"]
        extra_kwargs = {"reported_at": {"required": False}}

    def create(self, validated):
        from shuiwu.inspections import services

        validated.pop("company", None)
        return services.report_finding(
            user=self.context["request"].user,
            kind=validated["kind"],
            description=validated.get("description", ""),
            round_=validated.get("round"),
            asset=validated.get("asset"),
            lon=validated.get("lon"),
            lat=validated.get("lat"),
            photo=validated.get("photo"),
            at=validated.get("reported_at"),
        )


class ViolationOpenSerializer(serializers.Serializer):
    party = serializers.CharField(max_length=100)
    party_phone = serializers.CharField(max_length=20, required=False, allow_blank=True, default="")
    address = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    description = serializers.CharField(required=False, allow_blank=True, default="")
    estimated_volume_m3 = serializers.DecimalField(max_digits=12, decimal_places=2, min_value=0, required=False)
    fee = serializers.DecimalField(max_digits=12, decimal_places=2, min_value=0, required=False)


class ViolationSerializer(ScopedModelSerializer):
    class Meta:
        model = Violation
        fields = [
            "id",
            "display",
            "number",
            "company",
            "finding",
            "party",
            "party_phone",
            "address",
            "description",
            "estimated_volume_m3",
            "fee",
            "fee_paid",
            "status",
            "opened_at",
            "closed_at",
        ]
        read_only_fields = ["number", "company", "finding", "opened_at"]
