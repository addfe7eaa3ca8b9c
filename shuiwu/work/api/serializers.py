"""Serializers of the repair-centre API."""

from rest_framework import serializers

from shuiwu.assets.api.serializers import GeometryField
from shuiwu.assets.models import DMA, Asset
from shuiwu.core.api.serializers import ScopedModelSerializer
from shuiwu.org.models import Team
from shuiwu.work import services, states
from shuiwu.work.choices import Cause, OutageKind, State
from shuiwu.work.models import MaterialItem, Outage, Ticket, WorkOrder, WorkOrderEvent


class TicketSerializer(ScopedModelSerializer):
    open_order = serializers.BooleanField(
        write_only=True, required=False, default=False, help_text="Open a new work order for this call"
    )
    priority = serializers.IntegerField(write_only=True, required=False, allow_null=True, min_value=1, max_value=4)
    work_order_number = serializers.CharField(source="work_order.number", read_only=True, default=None)

    class Meta:
        model = Ticket
        fields = [
            "id",
            "display",
            "number",
            "company",
            "channel",
            "category",
            "caller_name",
            "caller_phone",
            "account_no",
            "address",
            "lon",
            "lat",
            "description",
            "asset",
            "received_at",
            "status",
            "work_order",
            "work_order_number",
            "closed_at",
            "caller_informed_at",
            "created",
            "open_order",
            "priority",
        ]
        read_only_fields = ["number", "company", "status", "closed_at", "caller_informed_at"]
        extra_kwargs = {"received_at": {"required": False}}

    def validate(self, attrs):
        # The company follows the category (sewer calls go to the sewage company): no scope check on it here.
        order = attrs.get("work_order")
        if order is not None and not order.is_open:
            raise serializers.ValidationError({"work_order": "The work order is not open."})
        return attrs

    def create(self, validated):
        return services.create_ticket(user=self.context["request"].user, **validated)


class EventSerializer(serializers.ModelSerializer):
    user = serializers.CharField(source="user.username", default=None, read_only=True)

    class Meta:
        model = WorkOrderEvent
        fields = ["at", "user", "from_state", "to_state", "team", "note"]


class WorkOrderSerializer(ScopedModelSerializer):
    sla_state = serializers.SerializerMethodField()
    next_deadline = serializers.SerializerMethodField()
    allowed_transitions = serializers.SerializerMethodField()
    tickets = serializers.PrimaryKeyRelatedField(
        many=True, queryset=Ticket.objects.all(), required=False, help_text="Tickets to link on creation"
    )
    assets = serializers.PrimaryKeyRelatedField(many=True, queryset=Asset.objects.all(), required=False)
    team_name = serializers.CharField(source="team.name", read_only=True, default=None)

    class Meta:
        model = WorkOrder
        fields = [
            "id",
            "display",
            "number",
            "company",
            "order_type",
            "category",
            "priority",
            "title",
            "description",
            "address",
            "lon",
            "lat",
            "assets",
            "diameter",
            "state",
            "version",
            "team",
            "team_name",
            "sla_state",
            "next_deadline",
            "allowed_transitions",
            "arrive_due",
            "secure_due",
            "complete_due",
            "paused_seconds",
            "pause_reason",
            "cancel_reason",
            "dispatched_at",
            "accepted_at",
            "en_route_at",
            "arrived_at",
            "secured_at",
            "completed_at",
            "verified_at",
            "closed_at",
            "cancelled_at",
            "crew_size",
            "excavation",
            "repaired_diameter",
            "repaired_material",
            "cause",
            "repaired_asset",
            "completion_note",
            "tickets",
            "created",
            "updated",
        ]
        read_only_fields = [
            f
            for f in fields
            if f
            not in (
                "company",
                "order_type",
                "category",
                "priority",
                "title",
                "description",
                "address",
                "lon",
                "lat",
                "assets",
                "diameter",
                "tickets",
            )
        ]

    def get_sla_state(self, obj) -> str:
        return services.sla_state(obj)

    def get_next_deadline(self, obj) -> dict | None:
        upcoming = services.next_deadline(obj)
        return {"milestone": upcoming[0], "due": upcoming[1]} if upcoming else None

    def get_allowed_transitions(self, obj) -> list[str]:
        return states.allowed_targets(obj.state)

    def to_representation(self, instance):
        data = super().to_representation(instance)
        data["tickets"] = [t.pk for t in instance.tickets.all()]
        return data

    def create(self, validated):
        return services.open_work_order(user=self.context["request"].user, **validated)

    def update(self, instance, validated):
        for key in ("category", "priority", "order_type", "company", "tickets"):
            if key in validated and validated[key] != getattr(instance, key, None):
                raise serializers.ValidationError({key: "Set when the order is opened; it cannot change."})
        return super().update(instance, validated)


class MaterialLineSerializer(serializers.Serializer):
    item = serializers.PrimaryKeyRelatedField(queryset=MaterialItem.objects.filter(active=True))
    quantity = serializers.DecimalField(max_digits=10, decimal_places=2, min_value=0)


class TransitionSerializer(serializers.Serializer):
    to = serializers.ChoiceField(choices=State.choices)
    version = serializers.IntegerField(required=False, help_text="The version you saw; a stale one is refused")
    team = serializers.PrimaryKeyRelatedField(queryset=Team.objects.all(), required=False, allow_null=True)
    reason = serializers.CharField(required=False, allow_blank=True, default="")
    crew_size = serializers.IntegerField(required=False, min_value=1, max_value=100)
    excavation = serializers.BooleanField(required=False, allow_null=True, default=None)
    repaired_diameter = serializers.FloatField(required=False, min_value=0)
    repaired_material = serializers.CharField(required=False, allow_blank=True, default="")
    cause = serializers.ChoiceField(choices=Cause.choices, required=False, allow_blank=True, default="")
    repaired_asset = serializers.PrimaryKeyRelatedField(queryset=Asset.objects.all(), required=False, allow_null=True)
    note = serializers.CharField(required=False, allow_blank=True, default="")
    materials = MaterialLineSerializer(many=True, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None:
            self.fields["team"].queryset = Team.objects.restrict(request.user)
            self.fields["repaired_asset"].queryset = Asset.objects.restrict(request.user)


class NearbySerializer(serializers.Serializer):
    lon = serializers.FloatField(min_value=-180, max_value=180)
    lat = serializers.FloatField(min_value=-90, max_value=90)
    radius = serializers.FloatField(required=False, min_value=1, max_value=20000)


class OutageSerializer(ScopedModelSerializer):
    geometry = GeometryField(required=False, allow_null=True)
    pipes = serializers.PrimaryKeyRelatedField(many=True, queryset=Asset.objects.all(), required=False)
    dma = serializers.PrimaryKeyRelatedField(queryset=DMA.objects.all(), required=False, allow_null=True)
    warnings = serializers.SerializerMethodField()

    class Meta:
        model = Outage
        fields = [
            "id",
            "display",
            "number",
            "company",
            "kind",
            "status",
            "title",
            "start",
            "expected_restore",
            "restored_at",
            "notice_at",
            "pipes",
            "dma",
            "geometry",
            "affected_count",
            "critical_count",
            "households",
            "notice_text",
            "work_order",
            "valves",
            "warnings",
            "created",
            "updated",
        ]
        read_only_fields = ["number", "status", "restored_at", "affected_count", "critical_count", "households"]
        extra_kwargs = {"kind": {"required": False}}

    def get_warnings(self, obj) -> list[str]:
        return services.notice_warnings(obj) if obj.status != "restored" else []

    def validate(self, attrs):
        if self.instance is None:
            attrs.setdefault("kind", OutageKind.UNPLANNED)
            if not (attrs.get("pipes") or attrs.get("dma") or attrs.get("geometry")):
                raise serializers.ValidationError({"pipes": "Give the outage's area: pipes, a DMA or a polygon."})
        return super().validate(attrs)

    def create(self, validated):
        validated.pop("status", None)
        result = services.create_outage(user=self.context["request"].user, **validated)
        return result.outage


class CrewSerializer(serializers.ModelSerializer):
    on_duty = serializers.BooleanField(source="crew_status.on_duty", default=False, read_only=True)
    lon = serializers.FloatField(source="crew_status.lon", default=None, read_only=True)
    lat = serializers.FloatField(source="crew_status.lat", default=None, read_only=True)
    position_at = serializers.DateTimeField(source="crew_status.position_at", default=None, read_only=True)
    open_orders = serializers.IntegerField(read_only=True)
    members = serializers.SerializerMethodField()

    class Meta:
        model = Team
        fields = [
            "id",
            "code",
            "name",
            "kind",
            "company",
            "phone",
            "on_duty",
            "lon",
            "lat",
            "position_at",
            "open_orders",
            "members",
        ]

    def get_members(self, obj) -> list[dict]:
        return [{"id": m.pk, "name": m.name, "phone": m.phone} for m in obj.members.all()]


class CrewUpdateSerializer(serializers.Serializer):
    on_duty = serializers.BooleanField(required=False, allow_null=True, default=None)
    lon = serializers.FloatField(required=False, min_value=-180, max_value=180)
    lat = serializers.FloatField(required=False, min_value=-90, max_value=90)

    def validate(self, attrs):
        if ("lon" in attrs) != ("lat" in attrs):
            raise serializers.ValidationError({"lat": "Give both lon and lat, or neither."})
        return attrs
