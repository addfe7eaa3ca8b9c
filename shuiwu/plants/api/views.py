"""The plant-operations API: plants, daily logs (with dosing), chemicals and stock, backwash, unit status, shifts."""

from datetime import timedelta

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils import timezone
from django.utils.dateparse import parse_date
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action, api_view, permission_classes
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from shuiwu.assets.choices import Kind
from shuiwu.assets.models import Asset
from shuiwu.core.api.permissions import CanView, ModelPermissions
from shuiwu.core.api.viewsets import ScopedModelViewSet, ScopedReadOnlyModelViewSet
from shuiwu.org.api.summary import summary_response
from shuiwu.plants import filters, services
from shuiwu.plants.api import serializers
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


def _drf(exc: DjangoValidationError) -> ValidationError:
    return ValidationError(exc.message_dict if hasattr(exc, "error_dict") else {"non_field_errors": exc.messages})


class PlantViewSet(viewsets.ReadOnlyModelViewSet):
    """The plants in the caller's scope (water and sewage plants of the asset register), and their daily series."""

    serializer_class = serializers.PlantSerializer
    permission_classes = [IsAuthenticated]
    queryset = Asset.objects.filter(kind=Kind.PLANT)

    def get_queryset(self):
        if not self.request.user.has_perm("plants.view_dailylog"):
            return services.plants_for(self.request.user).none()
        return services.plants_for(self.request.user).select_related("company").order_by("code")

    @extend_schema(
        parameters=[OpenApiParameter("start", str), OpenApiParameter("end", str)], responses=OpenApiTypes.OBJECT
    )
    @action(detail=True)
    def series(self, request, pk=None):
        """Per day: water in and out, own use %, energy, kWh/m³, and each chemical's dose (mg/L) and kg."""
        plant = self.get_object()
        end = parse_date(request.query_params.get("end") or "") or timezone.localdate() - timedelta(days=1)
        start = parse_date(request.query_params.get("start") or "") or end - timedelta(days=29)
        if start > end:
            raise ValidationError({"end": "The end comes before the start."})
        if (end - start).days > 731:
            raise ValidationError({"start": "At most two years at a time."})
        return Response(services.series(plant, start, end))


class DailyLogViewSet(ScopedModelViewSet):
    """A plant's day. POST/PATCH with ``dosings: [{chemical, dose_mg_l, flow_m3?}]``: kg/day = dose × flow / 1000,
    drawn from the dosing room's stock. Refused with a 400: negative figures, a day in the future, water out above
    water in beyond the meters' tolerance (rule ``plants.outflow_tolerance_percent``), a dose beyond the stock."""

    queryset = DailyLog.objects.select_related("plant").prefetch_related("dosings__chemical")
    serializer_class = serializers.DailyLogSerializer
    filterset_class = filters.DailyLogFilterSet

    def perform_destroy(self, instance):
        services.delete_day(instance)


class DosingViewSet(ScopedReadOnlyModelViewSet):
    queryset = Dosing.objects.select_related("chemical", "daily_log").order_by("-daily_log__day", "chemical__code")
    serializer_class = serializers.DosingSerializer
    filterset_class = filters.DosingFilterSet


class ChemicalViewSet(viewsets.ModelViewSet):
    queryset = Chemical.objects.all()
    serializer_class = serializers.ChemicalSerializer
    filterset_class = filters.ChemicalFilterSet
    permission_classes = [ModelPermissions]


class ChemicalStockViewSet(ScopedModelViewSet):
    """Chemicals kept at each plant: balance (kept by the movements), minimum, use per day, days of cover, low.

    ``POST …/{id}/delivery/`` adds a delivery; ``POST …/{id}/stocktake/`` sets the counted balance."""

    queryset = ChemicalStock.objects.select_related("plant", "chemical")
    serializer_class = serializers.ChemicalStockSerializer
    filterset_class = filters.ChemicalStockFilterSet

    def get_serializer_context(self):
        context = super().get_serializer_context()
        context["_stock_status"] = {}
        return context

    def list(self, request, *args, **kwargs):
        queryset = self.filter_queryset(self.get_queryset())
        page = self.paginate_queryset(queryset)
        rows = page if page is not None else list(queryset)
        context = self.get_serializer_context()
        context["_stock_status"] = {row["stock"].pk: row for row in services.stock_status(rows)}
        serializer = self.get_serializer_class()(rows, many=True, context=context)
        return self.get_paginated_response(serializer.data) if page is not None else Response(serializer.data)

    def _move(self, request, kind):
        if not request.user.has_perm("plants.add_stockmovement"):
            raise PermissionDenied()
        stock = self.get_object()
        data = serializers.StockMovementInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        try:
            if kind == "delivery":
                movement = services.receive_delivery(
                    stock,
                    values["quantity_kg"],
                    values["day"],
                    reference=values.get("reference", ""),
                    note=values.get("note", ""),
                    user=request.user,
                )
            else:
                movement = services.stocktake(
                    stock, values["quantity_kg"], values["day"], note=values.get("note", ""), user=request.user
                )
        except DjangoValidationError as exc:
            raise _drf(exc)
        return Response(serializers.StockMovementSerializer(movement).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=serializers.StockMovementInputSerializer, responses=serializers.StockMovementSerializer)
    @action(detail=True, methods=["post"], permission_classes=[CanView])
    def delivery(self, request, pk=None):
        return self._move(request, "delivery")

    @extend_schema(request=serializers.StockMovementInputSerializer, responses=serializers.StockMovementSerializer)
    @action(detail=True, methods=["post"], permission_classes=[CanView])
    def stocktake(self, request, pk=None):
        return self._move(request, "stocktake")


class StockMovementViewSet(ScopedReadOnlyModelViewSet):
    queryset = StockMovement.objects.order_by("-day", "-id")
    serializer_class = serializers.StockMovementSerializer
    filterset_class = filters.StockMovementFilterSet


class BackwashViewSet(ScopedModelViewSet):
    queryset = Backwash.objects.select_related("plant", "unit")
    serializer_class = serializers.BackwashSerializer
    filterset_class = filters.BackwashFilterSet


class UnitStatusChangeViewSet(
    mixins.CreateModelMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """Process-unit status changes (the latest is a unit's status). Created, never edited: a new one supersedes."""

    queryset = UnitStatusChange.objects.select_related("plant", "unit")
    serializer_class = serializers.UnitStatusChangeSerializer
    filterset_class = filters.UnitStatusChangeFilterSet
    permission_classes = [ModelPermissions]

    def get_queryset(self):
        return super().get_queryset().restrict(self.request.user)


class ShiftLogViewSet(ScopedModelViewSet):
    """Shift logs with their handover notes; ``POST …/{id}/receive/`` marks the handover received."""

    queryset = ShiftLog.objects.select_related("plant", "operator")
    serializer_class = serializers.ShiftLogSerializer
    filterset_class = filters.ShiftLogFilterSet

    @extend_schema(request=None, responses=serializers.ShiftLogSerializer)
    @action(detail=True, methods=["post"], permission_classes=[ModelPermissions])
    def receive(self, request, pk=None):
        shift = self.get_object()
        if not request.user.has_perm("plants.change_shiftlog"):
            raise PermissionDenied()
        services.receive_handover(shift)
        shift.refresh_from_db()
        return Response(serializers.ShiftLogSerializer(shift, context={"request": request}).data)


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
    """Plant figures for a company (code) and period: m³ produced and supplied (finished water out of the water
    plants), own use %, kWh/m³, chemicals in kg per 1,000 m³, sewage treated, and the chemicals low in stock."""
    return summary_response(request, "plants.view_dailylog", services.summary)
