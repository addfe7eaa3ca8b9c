from rest_framework import serializers

from shuiwu.analytics import services
from shuiwu.analytics.models import LeakDetection, PipeRisk, WaterBalance
from shuiwu.assets.models import DMA
from shuiwu.core.api.serializers import ScopedModelSerializer
from shuiwu.org.models import Company


class WaterBalanceSerializer(ScopedModelSerializer):
    class Meta:
        model = WaterBalance
        fields = [
            "id",
            "display",
            "company",
            "dma",
            "start",
            "end",
            "system_input_m3",
            "nrw_percent",
            "loss_rate_wl_percent",
            "loss_rate_bl_percent",
            "ili",
            "inputs",
            "sources",
            "corrections",
            "result",
            "note",
            "created",
        ]
        read_only_fields = fields


class WaterBalanceInSerializer(serializers.Serializer):
    """Compute a balance: the period, the network (company, or one of its DMAs), figures entered by hand."""

    company = serializers.SlugRelatedField(slug_field="code", queryset=Company.objects.all())
    dma = serializers.SlugRelatedField(slug_field="code", queryset=DMA.objects.all(), required=False, allow_null=True)
    start = serializers.DateField()
    end = serializers.DateField()
    unbilled_metered_m3 = serializers.FloatField(required=False, min_value=0)
    unbilled_unmetered_m3 = serializers.FloatField(required=False, min_value=0)
    meter_under_registration = serializers.FloatField(required=False, min_value=0, max_value=0.5)
    data_errors_m3 = serializers.FloatField(required=False, min_value=0)
    note = serializers.CharField(required=False, allow_blank=True, default="")

    OVERRIDES = services.OVERRIDABLE


class PipeRiskSerializer(serializers.ModelSerializer):
    pipe_code = serializers.CharField(source="pipe.code", read_only=True)
    material = serializers.CharField(source="pipe.material", read_only=True)
    diameter_mm = serializers.FloatField(source="pipe.diameter", read_only=True)
    length_m = serializers.FloatField(source="pipe.length", read_only=True)

    class Meta:
        model = PipeRisk
        fields = [
            "pipe",
            "pipe_code",
            "company",
            "rank",
            "risk_class",
            "expected_breaks_year",
            "rate_per_km_year",
            "prior_per_km_year",
            "age_years",
            "repairs",
            "pressure_m",
            "material",
            "diameter_mm",
            "length_m",
            "computed_at",
        ]
        read_only_fields = fields


class LeakDetectionSerializer(ScopedModelSerializer):
    class Meta:
        model = LeakDetection
        fields = [
            "id",
            "display",
            "company",
            "link_id",
            "pipe",
            "started_at",
            "detected_at",
            "score",
            "size_l_s",
            "status",
            "alarm",
            "ticket",
            "details",
            "note",
        ]
        read_only_fields = fields


class LeakStatusSerializer(serializers.Serializer):
    status = serializers.CharField()
    note = serializers.CharField(required=False, allow_blank=True, default="")
