"""Serializers of the plant-operations API."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext as _
from rest_framework import serializers

from shuiwu.assets.models import Asset
from shuiwu.core.api.serializers import ScopedModelSerializer
from shuiwu.plants import services
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


def _drf(exc: DjangoValidationError) -> serializers.ValidationError:
    return serializers.ValidationError(
        exc.message_dict if hasattr(exc, "error_dict") else {"non_field_errors": exc.messages}
    )


class PlantCompanyMixin:
    """A plant's record belongs to the plant's company: filled in before the company scope is checked."""

    def validate(self, attrs):
        plant = attrs.get("plant") or getattr(self.instance, "plant", None)
        if plant is not None:
            attrs["company"] = plant.company
        return super().validate(attrs)


class PlantSerializer(serializers.ModelSerializer):
    type = serializers.CharField(source="subtype", read_only=True)
    company = serializers.CharField(source="company.code", read_only=True)

    class Meta:
        model = Asset
        fields = ["id", "code", "name", "type", "company", "address", "attrs"]


class ChemicalSerializer(serializers.ModelSerializer):
    flow_basis = serializers.CharField(read_only=True)

    class Meta:
        model = Chemical
        fields = ["id", "code", "name", "kind", "product", "basis", "flow_basis"]


class DosingSerializer(serializers.ModelSerializer):
    chemical_code = serializers.CharField(source="chemical.code", read_only=True)
    plant = serializers.IntegerField(source="daily_log.plant_id", read_only=True)
    day = serializers.DateField(source="daily_log.day", read_only=True)

    class Meta:
        model = Dosing
        fields = ["id", "daily_log", "plant", "day", "chemical", "chemical_code", "basis", "dose_mg_l", "flow_m3", "kg"]
        read_only_fields = fields


class DosingInputSerializer(serializers.Serializer):
    chemical = serializers.PrimaryKeyRelatedField(queryset=Chemical.objects.all())
    dose_mg_l = serializers.DecimalField(max_digits=8, decimal_places=2)
    flow_m3 = serializers.DecimalField(max_digits=12, decimal_places=1, required=False, allow_null=True)

    def validate_dose_mg_l(self, value):
        if value < 0:
            raise serializers.ValidationError(_("This cannot be negative."))
        return value

    def validate_flow_m3(self, value):
        if value is not None and value < 0:
            raise serializers.ValidationError(_("This cannot be negative."))
        return value


class DailyLogSerializer(PlantCompanyMixin, ScopedModelSerializer):
    """A plant's day. Writing it goes through ``services.record_day``: the doses draw on the stock, all or nothing."""

    dosings = DosingInputSerializer(many=True, required=False, write_only=True)
    dosing = DosingSerializer(many=True, read_only=True, source="dosings")
    own_use_m3 = serializers.DecimalField(max_digits=12, decimal_places=1, read_only=True)
    own_use_percent = serializers.DecimalField(max_digits=7, decimal_places=2, read_only=True)
    kwh_per_m3 = serializers.DecimalField(max_digits=8, decimal_places=3, read_only=True)
    flags = serializers.SerializerMethodField()

    class Meta:
        model = DailyLog
        fields = [
            "id",
            "display",
            "company",
            "plant",
            "day",
            "inflow_m3",
            "outflow_m3",
            "energy_kwh",
            "own_use_m3",
            "own_use_percent",
            "kwh_per_m3",
            "outflow_from_telemetry",
            "note",
            "recorded_by",
            "dosings",
            "dosing",
            "flags",
            "created",
            "updated",
        ]
        read_only_fields = ["company", "outflow_from_telemetry", "recorded_by", "created", "updated"]

    def get_flags(self, obj) -> list[str]:
        return services.flags(obj)

    def validate(self, attrs):
        dosings = attrs.pop("dosings", None)
        attrs = super().validate(attrs)
        if dosings is not None:
            attrs["dosings"] = dosings
        if self.instance is not None and "day" in attrs and attrs["day"] != self.instance.day:
            raise serializers.ValidationError({"day": _("The day of a log cannot change; record the other day.")})
        if self.instance is not None and "plant" in attrs and attrs["plant"] != self.instance.plant:
            raise serializers.ValidationError({"plant": _("The plant of a log cannot change.")})
        if self.instance is None and DailyLog.objects.filter(plant=attrs["plant"], day=attrs["day"]).exists():
            raise serializers.ValidationError({"day": _("This plant's day is recorded already; correct it instead.")})
        return attrs

    def _save(self, plant, day, attrs, previous=None):
        dosings = attrs.get("dosings")
        if dosings is None and previous is not None:
            dosings = [
                {"chemical": d.chemical, "dose_mg_l": d.dose_mg_l} for d in previous.dosings.select_related("chemical")
            ]

        def pick(name):
            return attrs[name] if name in attrs else getattr(previous, name, None)

        request = self.context.get("request")
        try:
            return services.record_day(
                plant,
                day,
                inflow_m3=pick("inflow_m3"),
                outflow_m3=pick("outflow_m3"),
                energy_kwh=pick("energy_kwh"),
                dosings=dosings or [],
                note=pick("note") or "",
                user=getattr(request, "user", None),
            )
        except DjangoValidationError as exc:
            raise _drf(exc)

    def create(self, validated_data):
        return self._save(validated_data["plant"], validated_data["day"], validated_data)

    def update(self, instance, validated_data):
        return self._save(instance.plant, instance.day, validated_data, previous=instance)


class ChemicalStockSerializer(PlantCompanyMixin, ScopedModelSerializer):
    chemical_code = serializers.CharField(source="chemical.code", read_only=True)
    per_day_kg = serializers.SerializerMethodField()
    days_of_cover = serializers.SerializerMethodField()
    low = serializers.SerializerMethodField()

    class Meta:
        model = ChemicalStock
        fields = [
            "id",
            "display",
            "company",
            "plant",
            "chemical",
            "chemical_code",
            "balance_kg",
            "minimum_kg",
            "capacity_kg",
            "per_day_kg",
            "days_of_cover",
            "low",
        ]
        read_only_fields = ["company", "balance_kg"]

    def _status(self, obj) -> dict:
        statuses = self.context.setdefault("_stock_status", {})
        if obj.pk not in statuses:
            # A list computes every row's status at once (see the viewset); a single record on its own.
            statuses.update({row["stock"].pk: row for row in services.stock_status([obj])})
        return statuses[obj.pk]

    def get_per_day_kg(self, obj) -> float:
        return float(self._status(obj)["per_day_kg"])

    def get_days_of_cover(self, obj) -> float | None:
        value = self._status(obj)["days_of_cover"]
        return None if value is None else float(value)

    def get_low(self, obj) -> bool:
        return self._status(obj)["low"]


class StockMovementInputSerializer(serializers.Serializer):
    quantity_kg = serializers.DecimalField(max_digits=12, decimal_places=2)
    day = serializers.DateField()
    reference = serializers.CharField(max_length=60, required=False, allow_blank=True)
    note = serializers.CharField(max_length=200, required=False, allow_blank=True)


class StockMovementSerializer(serializers.ModelSerializer):
    class Meta:
        model = StockMovement
        fields = ["id", "company", "stock", "day", "kind", "quantity_kg", "balance_kg", "dosing", "reference", "note"]
        read_only_fields = fields


class BackwashSerializer(PlantCompanyMixin, ScopedModelSerializer):
    class Meta:
        model = Backwash
        fields = [
            "id",
            "display",
            "company",
            "plant",
            "unit",
            "started_at",
            "duration_min",
            "water_m3",
            "head_loss_m",
            "operator",
            "note",
        ]
        read_only_fields = ["company"]


class UnitStatusChangeSerializer(PlantCompanyMixin, ScopedModelSerializer):
    class Meta:
        model = UnitStatusChange
        fields = ["id", "display", "company", "plant", "unit", "status", "since", "note", "by"]
        read_only_fields = ["company"]


class ShiftLogSerializer(PlantCompanyMixin, ScopedModelSerializer):
    class Meta:
        model = ShiftLog
        fields = [
            "id",
            "display",
            "company",
            "plant",
            "day",
            "shift",
            "team",
            "operator",
            "events",
            "handover_notes",
            "handed_to",
            "received_at",
        ]
        read_only_fields = ["company", "received_at"]
