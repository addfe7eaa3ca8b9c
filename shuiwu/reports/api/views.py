"""The reports API: KPI catalogue, KPI values, the scorecard as JSON, exports and the reports kept."""

from django.http import FileResponse, Http404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.decorators import action, api_view, permission_classes
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.viewsets import ModelViewSet

from shuiwu.core import scope
from shuiwu.core.api.viewsets import ScopedReadOnlyModelViewSet
from shuiwu.org.models import Company
from shuiwu.reports import filters, services
from shuiwu.reports import views as pages
from shuiwu.reports.api import serializers
from shuiwu.reports.models import Kpi, Report

PERIOD = [
    OpenApiParameter("period", str, required=False, description="2025H1, 2025H2, 2025-06 or 2025"),
    OpenApiParameter("start", str, required=False),
    OpenApiParameter("end", str, required=False),
    OpenApiParameter("company", str, required=False, description="company code; empty: all in scope"),
]


class KpiViewSet(ModelViewSet):
    """The KPI catalogue: what each figure is, where it comes from, its target and standard."""

    queryset = Kpi.objects.all().order_by("order", "code")
    serializer_class = serializers.KpiSerializer
    filterset_class = filters.KpiFilterSet


class ReportViewSet(ScopedReadOnlyModelViewSet):
    """Reports kept for download (monthly and half-year, for the group and each company)."""

    queryset = Report.objects.select_related("company").order_by("-end", "kind", "id")
    serializer_class = serializers.ReportSerializer
    filterset_class = filters.ReportFilterSet

    @extend_schema(responses={(200, "application/octet-stream"): OpenApiTypes.BINARY})
    @action(detail=True, methods=["get"], url_path=r"download/(?P<fmt>xlsx|pdf)", url_name="download")
    def download(self, request, pk=None, fmt=None):
        report = self.get_object()
        field = getattr(report, fmt)
        if not field:
            raise Http404
        try:
            handle = field.open("rb")
        except FileNotFoundError:
            raise Http404
        return FileResponse(handle, as_attachment=True, filename=field.name.rsplit("/", 1)[-1])


def _query(request):
    if not request.user.has_perm("reports.view_kpi"):
        raise PermissionDenied("You may not see these figures.")
    query = serializers.PeriodQuerySerializer(data=request.query_params)
    query.is_valid(raise_exception=True)
    data = query.validated_data
    company = None
    if data.get("company"):
        company = Company.objects.filter(code=data["company"]).first()
        if company is None:
            raise ValidationError({"company": f"No company with code {data['company']!r}."})
        if not scope.can_access_company(request.user, company.pk):
            raise PermissionDenied("That company is outside your scope.")
    return data["start"], data["end"], company


@extend_schema(parameters=PERIOD, responses=OpenApiTypes.OBJECT)
@api_view(["GET"])
@permission_classes([IsAuthenticated])
def scorecard(request):
    """The scorecard of a period: per unit (the group, each company in scope) its sections and figures beside
    last year's and the target, drill-down links, and the narrative in Chinese and English."""
    start, end, company = _query(request)
    return Response(services.scorecard(start, end, user=request.user, company=company))


@extend_schema(parameters=PERIOD, responses=OpenApiTypes.OBJECT)
@api_view(["GET"])
@permission_classes([IsAuthenticated])
def values(request):
    """The KPI values of a period as flat rows: scope (GROUP or a company code), KPI code, value, last year,
    target, met."""
    start, end, company = _query(request)
    rows = services.values_table(start, end, user=request.user, company=company)
    return Response({"start": start.isoformat(), "end": end.isoformat(), "count": len(rows), "results": rows})


@extend_schema(parameters=PERIOD, responses={(200, "application/octet-stream"): OpenApiTypes.BINARY})
@api_view(["GET"])
@permission_classes([IsAuthenticated])
def export(request, fmt):
    """The scorecard as Excel (one sheet per company) or PDF (A4)."""
    start, end, company = _query(request)
    card = services.scorecard(start, end, user=request.user, company=company)
    who = company.code if company else "group"
    return pages.export_response(card, fmt, f"scorecard-{who}-{start:%Y%m%d}-{end:%Y%m%d}")


@extend_schema(responses=OpenApiTypes.OBJECT)
@api_view(["GET"])
@permission_classes([IsAuthenticated])
def dashboard(request):
    """Today's and this month's figures of the group dashboard (cached for two minutes)."""
    if not request.user.has_perm("reports.view_kpi"):
        raise PermissionDenied("You may not see these figures.")
    return Response(services.dashboard(request.user))
