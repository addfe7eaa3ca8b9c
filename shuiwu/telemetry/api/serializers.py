"""Serializers of the telemetry API."""

from rest_framework import serializers

from shuiwu.core.api.serializers import ScopedModelSerializer
from shuiwu.telemetry.choices import Resolution
from shuiwu.telemetry.models import Alarm, AlarmRule, Sensor


class SensorSerializer(ScopedModelSerializer):
    class Meta:
        model = Sensor
        fields = [
            "id",
            "display",
            "company",
            "code",
            "name",
            "asset",
            "dma",
            "measure",
            "role",
            "unit",
            "valid_min",
            "valid_max",
            "expected_interval_s",
            "topic",
            "device_id",
            "lon",
            "lat",
            "active",
            "last_ts",
            "last_value",
            "last_flag",
        ]
        read_only_fields = ["last_ts", "last_value", "last_flag"]


class AlarmRuleSerializer(serializers.ModelSerializer):
    def validate(self, attrs):
        from django.core.exceptions import ValidationError as DjangoValidationError

        instance = AlarmRule(**{**({} if self.instance is None else self._current()), **attrs})
        try:
            instance.clean()
        except DjangoValidationError as exc:
            raise serializers.ValidationError(exc.message_dict) from exc
        return attrs

    def _current(self) -> dict:
        return {f.attname: getattr(self.instance, f.attname) for f in AlarmRule._meta.concrete_fields}

    class Meta:
        model = AlarmRule
        fields = [
            "id",
            "name",
            "kind",
            "measure",
            "role",
            "sensor",
            "threshold",
            "hysteresis",
            "debounce",
            "severity",
            "open_ticket",
            "ticket_category",
            "source",
            "local_policy",
            "active",
        ]


class AlarmSerializer(serializers.ModelSerializer):
    state = serializers.CharField(read_only=True)
    sensor_code = serializers.CharField(source="sensor.code", read_only=True)
    rule_name = serializers.CharField(source="rule.name", read_only=True)
    ticket_number = serializers.CharField(source="ticket.number", read_only=True, default=None)

    class Meta:
        model = Alarm
        fields = [
            "id",
            "company",
            "rule",
            "rule_name",
            "sensor",
            "sensor_code",
            "severity",
            "state",
            "raised_at",
            "value",
            "worst_value",
            "message",
            "acknowledged_at",
            "acknowledged_by",
            "cleared_at",
            "ticket",
            "ticket_number",
        ]
        read_only_fields = fields


class ReadingInSerializer(serializers.Serializer):
    """For the schema: one reading of a batch."""

    sensor = serializers.CharField(help_text="Sensor code")
    ts = serializers.CharField(help_text="ISO 8601 (local time without a zone) or Unix seconds")
    value = serializers.FloatField()


class SeriesQuerySerializer(serializers.Serializer):
    sensor = serializers.CharField(help_text="Sensor code or id")
    start = serializers.DateTimeField()
    end = serializers.DateTimeField()
    resolution = serializers.ChoiceField(choices=Resolution.choices, default=Resolution.AUTO)

    def validate(self, attrs):
        if attrs["start"] >= attrs["end"]:
            raise serializers.ValidationError({"end": "The end must come after the start."})
        return attrs
