"""The analytics API: water balances, night flow, pipe risk, leak detections, the supply forecast, summary."""

from datetime import date, timedelta

from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.decorators import action, api_view, permission_classes
from rest_framework.exceptions import NotFound, PermissionDenied, ValidationError
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from shuiwu.analytics import filters, services
from shuiwu.analytics.api import serializers
from shuiwu.analytics.models import LeakDetection, PipeRisk, WaterBalance
from shuiwu.assets.models import DMA
from shuiwu.core import scope
from shuiwu.core.api.viewsets import ScopedReadOnlyModelViewSet
from shuiwu.org.api.summary import summary_response


def _django_errors(exc: DjangoValidationError) -> ValidationError:
    return ValidationError(exc.message_dict if hasattr(exc, "error_dict") else {"non_field_errors": exc.messages})


class WaterBalanceViewSet(ScopedReadOnlyModelViewSet):
    """Kept water balances; POST computes one from the records (replacing one of the same network and dates)."""

    queryset = WaterBalance.objects.select_related("company", "dma")
    serializer_class = serializers.WaterBalanceSerializer
    filterset_class = filters.WaterBalanceFilterSet

    @extend_schema(request=serializers.WaterBalanceInSerializer, responses=serializers.WaterBalanceSerializer)
    def create(self, request):
        if not request.user.has_perm("analytics.add_waterbalance"):
            raise PermissionDenied("You may not compute water balances.")
        data = serializers.WaterBalanceInSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        if not scope.can_access_company(request.user, v["company"].pk):
            raise PermissionDenied("That company is outside your scope.")
        overrides = {k: v[k] for k in data.OVERRIDES if k in v}
        try:
            record = services.save_balance(
                v["company"],
                v["start"],
                v["end"],
                dma=v.get("dma"),
                overrides=overrides,
                note=v["note"],
                user=request.user,
            )
        except DjangoValidationError as exc:
            raise _django_errors(exc) from exc
        return Response(self.get_serializer(record).data, status=status.HTTP_201_CREATED)


class PipeRiskViewSet(ScopedReadOnlyModelViewSet):
    """The renewal ranking: supply pipes by expected breaks a year."""

    queryset = PipeRisk.objects.select_related("pipe")
    serializer_class = serializers.PipeRiskSerializer
    filterset_class = filters.PipeRiskFilterSet


class LeakDetectionViewSet(ScopedReadOnlyModelViewSet):
    queryset = LeakDetection.objects.select_related("pipe")
    serializer_class = serializers.LeakDetectionSerializer
    filterset_class = filters.LeakDetectionFilterSet

    @extend_schema(request=serializers.LeakStatusSerializer, responses=serializers.LeakDetectionSerializer)
    @action(detail=True, methods=["post"])
    def status(self, request, pk=None):
        """What the crew found: confirmed, repaired, or false (a false alarm)."""
        if not request.user.has_perm("analytics.change_leakdetection"):
            raise PermissionDenied("You may not change leak detections.")
        detection = self.get_object()
        data = serializers.LeakStatusSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            detection = services.set_leak_status(
                detection, data.validated_data["status"], note=data.validated_data["note"], user=request.user
            )
        except DjangoValidationError as exc:
            raise _django_errors(exc) from exc
        return Response(self.get_serializer(detection).data)


def _period(request, default_days: int) -> tuple[date, date]:
    today = date.today()
    try:
        end = date.fromisoformat(request.query_params["end"]) if request.query_params.get("end") else today
        start = (
            date.fromisoformat(request.query_params["start"])
            if request.query_params.get("start")
            else end - timedelta(days=default_days)
        )
    except ValueError as exc:
        raise ValidationError({"start": "Dates are written YYYY-MM-DD."}) from exc
    if end < start:
        raise ValidationError({"end": "The end comes before the start."})
    if (end - start).days > 400:
        raise ValidationError({"start": "At most 400 days at a time."})
    return start, end


@extend_schema(
    parameters=[
        OpenApiParameter("dma", str, description="DMA code; empty: the ranking of every DMA in scope"),
        OpenApiParameter("start", str, required=False),
        OpenApiParameter("end", str, required=False),
    ],
    responses=OpenApiTypes.OBJECT,
)
@api_view(["GET"])
@permission_classes([IsAuthenticated])
def night_flow(request):
    """Minimum night flow of one DMA (nights, legitimate use, leakage, trend, rise), or the ranking of all."""
    if not request.user.has_perm("analytics.view_waterbalance"):
        raise PermissionDenied("You may not see these figures.")
    start, end = _period(request, 42)
    dmas = DMA.objects.restrict(request.user).order_by("code")
    code = request.query_params.get("dma")
    if code:
        dma = dmas.filter(code=code).first()
        if dma is None:
            raise NotFound(f"No DMA {code!r} in your scope.")
        return Response(services.night_flow(dma, start, end))
    return Response({"start": start, "end": end, "ranking": services.night_ranking(None, start, end, dmas=dmas)})


@extend_schema(responses=OpenApiTypes.OBJECT)
@api_view(["GET"])
@permission_classes([IsAuthenticated])
def forecast(request):
    """A 7-day forecast of daily supply for each plant and the city, with temperature and the alert level."""
    if not request.user.has_perm("telemetry.view_sensor"):
        raise PermissionDenied("You may not see these figures.")
    return Response(services.supply_forecast(user=request.user))


@extend_schema(
    parameters=[
        OpenApiParameter("company", str, required=False),
        OpenApiParameter("start", str),
        OpenApiParameter("end", str),
    ],
    responses=OpenApiTypes.OBJECT,
)
@api_view(["GET"])
@permission_classes([IsAuthenticated])
def summary(request):
    """Loss rates (CJJ 92 R_WL and R_BL, NRW, ILI) of the period from the records, and pipes at high risk."""
    return summary_response(request, "analytics.view_waterbalance", services.summary)
