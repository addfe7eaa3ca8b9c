"""Serializers of the reports API: the KPI catalogue, the reports kept, and the period query."""

from django.urls import reverse
from rest_framework import serializers

from shuiwu.reports import formulas, services
from shuiwu.reports.choices import Section
from shuiwu.reports.models import Kpi, Report


class KpiSerializer(serializers.ModelSerializer):
    class Meta:
        model = Kpi
        fields = [
            "id",
            "code",
            "name",
            "name_en",
            "unit",
            "section",
            "company_kinds",
            "source",
            "formula",
            "scale",
            "decimals",
            "target",
            "direction",
            "standard",
            "local_policy",
            "phrase",
            "phrase_en",
            "drill",
            "on_scorecard",
            "order",
            "active",
        ]

    def validate(self, attrs):
        source = attrs.get("source", getattr(self.instance, "source", ""))
        formula = attrs.get("formula", getattr(self.instance, "formula", ""))
        if bool(source) == bool(formula):
            raise serializers.ValidationError({"source": "Give either a source or a formula."})
        if source and source.split(".", 1)[0] not in Section.values:
            raise serializers.ValidationError({"source": f"The source must start with one of {Section.values}."})
        if formula:
            try:
                formulas.names(formula)
            except ValueError as exc:
                raise serializers.ValidationError({"formula": str(exc)})
        return attrs


class ReportSerializer(serializers.ModelSerializer):
    company = serializers.SlugRelatedField(slug_field="code", read_only=True)
    xlsx_url = serializers.SerializerMethodField()
    pdf_url = serializers.SerializerMethodField()

    class Meta:
        model = Report
        fields = ["id", "kind", "company", "start", "end", "produced_at", "xlsx_url", "pdf_url"]

    def _url(self, obj, fmt):
        if not getattr(obj, fmt):
            return None
        path = reverse("reports-api:report-download", args=[obj.pk, fmt])
        request = self.context.get("request")
        return request.build_absolute_uri(path) if request else path

    def get_xlsx_url(self, obj) -> str | None:
        return self._url(obj, "xlsx")

    def get_pdf_url(self, obj) -> str | None:
        return self._url(obj, "pdf")


class PeriodQuerySerializer(serializers.Serializer):
    """``?period=2025H1`` or ``?start=…&end=…`` (default: the last half-year), and ``?company=<code>``."""

    period = serializers.CharField(required=False, help_text="2025H1, 2025H2, 2025-06 or 2025")
    start = serializers.DateField(required=False)
    end = serializers.DateField(required=False)
    company = serializers.CharField(required=False, allow_blank=True, help_text="Company code; empty: all in scope")

    def validate(self, attrs):
        if attrs.get("period"):
            try:
                attrs["start"], attrs["end"] = services.parse_period(attrs["period"])
            except ValueError as exc:
                raise serializers.ValidationError({"period": str(exc)})
        elif not attrs.get("start") and not attrs.get("end"):
            attrs["start"], attrs["end"] = services.last_half_year()
        elif not attrs.get("start") or not attrs.get("end"):
            raise serializers.ValidationError({"start" if not attrs.get("start") else "end": "Give both, or a period."})
        if attrs["start"] > attrs["end"]:
            raise serializers.ValidationError({"end": "The end comes before the start."})
        if (attrs["end"] - attrs["start"]).days > 366 * 2:
            raise serializers.ValidationError({"end": "A scorecard covers at most two years."})
        return attrs
