"""Serializers of the emergency-preparedness API."""

from rest_framework import serializers

from shuiwu.core.api.serializers import ScopedModelSerializer
from shuiwu.emergency import services
from shuiwu.emergency.choices import ModeKind, WarningLevel
from shuiwu.emergency.models import (
    ContingencyPlan,
    Drill,
    DrillAction,
    Material,
    PlanMaterial,
    PlanRole,
    Stock,
    Warehouse,
    WeatherMode,
    WeatherWarning,
)
from shuiwu.org.models import Company, Staff


class PlanRoleSerializer(ScopedModelSerializer):
    class Meta:
        model = PlanRole
        fields = ["id", "plan", "order", "role", "duty", "staff", "deputy", "reports_to"]


class PlanMaterialSerializer(ScopedModelSerializer):
    class Meta:
        model = PlanMaterial
        fields = ["id", "plan", "material", "quantity"]


class PlanSerializer(ScopedModelSerializer):
    readiness_percent = serializers.SerializerMethodField(help_text="Usable stock against needs, in %")

    class Meta:
        model = ContingencyPlan
        fields = [
            "id",
            "display",
            "company",
            "code",
            "name",
            "plan_type",
            "status",
            "version",
            "effective_on",
            "review_on",
            "summary",
            "steps",
            "documents",
            "inspection_plans",
            "readiness_percent",
        ]

    def get_readiness_percent(self, obj) -> float | None:
        cache = self.context.get("readiness")
        if cache is not None and obj.pk in cache:
            return cache[obj.pk]
        return services.readiness(obj).percent


class PlanDetailSerializer(PlanSerializer):
    roles = PlanRoleSerializer(many=True, read_only=True)
    materials = PlanMaterialSerializer(many=True, read_only=True)

    class Meta(PlanSerializer.Meta):
        fields = [*PlanSerializer.Meta.fields, "roles", "materials"]


class DrillActionSerializer(ScopedModelSerializer):
    class Meta:
        model = DrillAction
        fields = ["id", "drill", "description", "owner", "due_on", "done_on"]


class DrillActionInSerializer(serializers.Serializer):
    description = serializers.CharField(max_length=300)
    owner = serializers.PrimaryKeyRelatedField(queryset=Staff.objects.all())
    due_on = serializers.DateField()
    done_on = serializers.DateField(required=False, allow_null=True)


class DrillSerializer(ScopedModelSerializer):
    actions = DrillActionSerializer(many=True, read_only=True)
    plan_type = serializers.CharField(source="plan.plan_type", read_only=True)

    class Meta:
        model = Drill
        fields = [
            "id",
            "display",
            "number",
            "company",
            "plan",
            "plan_type",
            "title",
            "kind",
            "status",
            "scenario",
            "location",
            "planned_on",
            "held_on",
            "hours",
            "participants",
            "other_participants",
            "findings",
            "actions",
        ]
        read_only_fields = ["number"]


class DrillInSerializer(serializers.Serializer):
    """A new drill: its plan (required), the day, participants and follow-up actions in one request."""

    plan = serializers.PrimaryKeyRelatedField(queryset=ContingencyPlan.objects.all(), allow_null=True)
    title = serializers.CharField(max_length=150)
    kind = serializers.ChoiceField(choices=Drill._meta.get_field("kind").choices, required=False)
    status = serializers.ChoiceField(choices=Drill._meta.get_field("status").choices, required=False)
    scenario = serializers.CharField(required=False, allow_blank=True, default="")
    location = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    planned_on = serializers.DateField()
    held_on = serializers.DateField(required=False, allow_null=True)
    hours = serializers.DecimalField(max_digits=5, decimal_places=1, required=False, allow_null=True, min_value=0)
    participants = serializers.PrimaryKeyRelatedField(queryset=Staff.objects.all(), many=True, required=False)
    other_participants = serializers.IntegerField(min_value=0, required=False, default=0)
    findings = serializers.CharField(required=False, allow_blank=True, default="")
    actions = DrillActionInSerializer(many=True, required=False)

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        if user is not None:
            self.fields["plan"].queryset = ContingencyPlan.objects.restrict(user)
            self.fields["participants"].child_relation.queryset = Staff.objects.restrict(user)
            self.fields["actions"].child.fields["owner"].queryset = Staff.objects.restrict(user)


class WarehouseSerializer(ScopedModelSerializer):
    class Meta:
        model = Warehouse
        fields = ["id", "display", "company", "code", "name", "address", "keeper", "active"]


class MaterialSerializer(serializers.ModelSerializer):
    class Meta:
        model = Material
        fields = ["id", "code", "name", "kind", "dn", "unit", "spec"]


class StockSerializer(ScopedModelSerializer):
    below_minimum = serializers.BooleanField(read_only=True)
    company = serializers.IntegerField(source="warehouse.company_id", read_only=True)

    class Meta:
        model = Stock
        fields = [
            "id",
            "display",
            "warehouse",
            "company",
            "material",
            "quantity",
            "minimum",
            "below_minimum",
            "expiry_on",
            "last_inspected_on",
            "next_inspection_on",
            "note",
        ]

    def validate(self, attrs):
        from shuiwu.core import scope

        warehouse = attrs.get("warehouse") or getattr(self.instance, "warehouse", None)
        if (
            warehouse is not None
            and self._user is not None
            and not scope.can_access_company(self._user, warehouse.company_id)
        ):
            raise serializers.ValidationError({"warehouse": "This warehouse belongs to another company."})
        return super().validate(attrs)


class WeatherModeSerializer(ScopedModelSerializer):
    is_on = serializers.BooleanField(read_only=True)

    class Meta:
        model = WeatherMode
        fields = [
            "id",
            "display",
            "company",
            "kind",
            "plan",
            "level",
            "source",
            "note",
            "started_at",
            "ended_at",
            "started_by",
            "ended_by",
            "is_on",
        ]
        read_only_fields = fields


class WeatherModeInSerializer(serializers.Serializer):
    company = serializers.SlugRelatedField(slug_field="code", queryset=Company.objects.all(), required=False)
    kind = serializers.ChoiceField(choices=ModeKind.choices)
    plan = serializers.PrimaryKeyRelatedField(queryset=ContingencyPlan.objects.all(), required=False, allow_null=True)
    level = serializers.ChoiceField(choices=WarningLevel.choices, required=False, allow_blank=True, default="")
    note = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")


class WeatherWarningSerializer(ScopedModelSerializer):
    class Meta:
        model = WeatherWarning
        fields = ["id", "display", "company", "kind", "level", "issued_at", "issuer", "text", "mode"]
        read_only_fields = ["mode"]
        extra_kwargs = {"issued_at": {"required": False}}


class WarningCheckSerializer(serializers.Serializer):
    company = serializers.SlugRelatedField(slug_field="code", queryset=Company.objects.all())
    start = serializers.DateTimeField()
    end = serializers.DateTimeField(required=False)

    def validate(self, attrs):
        if attrs.get("end") and attrs["end"] < attrs["start"]:
            raise serializers.ValidationError({"end": "The end comes before the start."})
        return attrs
