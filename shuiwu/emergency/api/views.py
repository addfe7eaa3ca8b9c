"""Viewsets of the emergency-preparedness API: plans, roles and needs, drills and actions, warehouses, stock,
weather modes and warnings, the heat-hours check and the period figures."""

from django.core.exceptions import PermissionDenied
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status, viewsets
from rest_framework.decorators import action, api_view, permission_classes
from rest_framework.exceptions import ValidationError
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from shuiwu.core import scope
from shuiwu.core.api.permissions import CanView
from shuiwu.core.api.viewsets import ScopedModelViewSet, ScopedReadOnlyModelViewSet
from shuiwu.emergency import filters, services
from shuiwu.emergency.api import serializers
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
from shuiwu.org.api.summary import summary_response
from shuiwu.org.models import Company


class PlanViewSet(ScopedModelViewSet):
    queryset = ContingencyPlan.objects.select_related("company").prefetch_related("inspection_plans")
    serializer_class = serializers.PlanSerializer
    filterset_class = filters.PlanFilterSet

    def get_serializer_class(self):
        return serializers.PlanDetailSerializer if self.action == "retrieve" else serializers.PlanSerializer

    def list(self, request, *args, **kwargs):
        page = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
        ready = {r.plan.pk: r.percent for r in services.readiness_of_plans(page)}
        data = self.get_serializer(page, many=True, context={**self.get_serializer_context(), "readiness": ready})
        return self.get_paginated_response(data.data)

    @action(detail=True, methods=["get"])
    def readiness(self, request, pk=None):
        """Each material the plan needs: needed, usable, held but unusable (expired or inspection overdue)."""
        result = services.readiness(self.get_object())
        return Response(
            {
                "readiness_percent": result.percent,
                "lines": [
                    {
                        "material": line.material.pk,
                        "code": line.material.code,
                        "name": line.material.name,
                        "needed": line.needed,
                        "available": line.available,
                        "unusable": line.unusable,
                        "percent": round(float(line.ratio) * 100, 1),
                    }
                    for line in result.lines
                ],
            }
        )


class PlanRoleViewSet(ScopedModelViewSet):
    queryset = PlanRole.objects.select_related("plan")
    serializer_class = serializers.PlanRoleSerializer
    filterset_fields = ["plan"]


class PlanMaterialViewSet(ScopedModelViewSet):
    queryset = PlanMaterial.objects.select_related("plan", "material")
    serializer_class = serializers.PlanMaterialSerializer
    filterset_fields = ["plan", "material"]


class DrillViewSet(ScopedModelViewSet):
    """Drills: POST records one with its participants and follow-up actions (all or nothing)."""

    queryset = Drill.objects.select_related("plan").prefetch_related("participants", "actions")
    serializer_class = serializers.DrillSerializer
    filterset_class = filters.DrillFilterSet

    @extend_schema(request=serializers.DrillInSerializer, responses=serializers.DrillSerializer)
    def create(self, request, *args, **kwargs):
        data = serializers.DrillInSerializer(data=request.data, user=request.user)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        plan = values.pop("plan")
        actions = values.pop("actions", [])
        participants = values.pop("participants", [])
        values = {k: v for k, v in values.items() if v is not None}
        drill = services.create_drill(
            user=request.user, plan=plan, actions=actions, participants=participants, **values
        )
        return Response(self.get_serializer(self.get_queryset().get(pk=drill.pk)).data, status=status.HTTP_201_CREATED)


class DrillActionViewSet(ScopedModelViewSet):
    queryset = DrillAction.objects.select_related("drill", "owner")
    serializer_class = serializers.DrillActionSerializer
    filterset_class = filters.DrillActionFilterSet


class WarehouseViewSet(ScopedModelViewSet):
    queryset = Warehouse.objects.select_related("company")
    serializer_class = serializers.WarehouseSerializer
    filterset_class = filters.WarehouseFilterSet


class MaterialViewSet(viewsets.ModelViewSet):
    queryset = Material.objects.all()
    serializer_class = serializers.MaterialSerializer
    filterset_class = filters.MaterialFilterSet


class StockViewSet(ScopedModelViewSet):
    """Stock by warehouse; ``?below_minimum=true`` for what is short."""

    queryset = Stock.objects.select_related("warehouse", "material")
    serializer_class = serializers.StockSerializer
    filterset_class = filters.StockFilterSet


class WeatherModeViewSet(ScopedReadOnlyModelViewSet):
    """Typhoon and heat modes. POST switches one on; ``end/`` ends it. ``current/`` lists those on for you."""

    queryset = WeatherMode.objects.select_related("plan")
    serializer_class = serializers.WeatherModeSerializer
    filterset_class = filters.WeatherModeFilterSet

    @extend_schema(request=serializers.WeatherModeInSerializer, responses=serializers.WeatherModeSerializer)
    def create(self, request, *args, **kwargs):
        data = serializers.WeatherModeInSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        company = values.get("company") or _own_company(request.user)
        mode = services.switch_on(
            company,
            values["kind"],
            user=request.user,
            plan=values.get("plan"),
            level=values["level"],
            note=values["note"],
        )
        return Response(self.get_serializer(mode).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=None, responses=serializers.WeatherModeSerializer)
    @action(detail=True, methods=["post"], permission_classes=[CanView])
    def end(self, request, pk=None):
        return Response(self.get_serializer(services.switch_off(self.get_object(), user=request.user)).data)

    @action(detail=False, methods=["get"])
    def current(self, request):
        return Response(self.get_serializer(services.active_modes(request.user), many=True).data)


def _own_company(user) -> Company:
    ids = scope.company_ids(user)
    staff = getattr(user, "staff", None)
    if staff is not None:
        return staff.company
    if ids and len(ids) == 1:
        return Company.objects.get(pk=next(iter(ids)))
    raise ValidationError({"company": "This field is required."})


class WeatherWarningViewSet(ScopedReadOnlyModelViewSet):
    """Weather warnings received. POST imports one: at the set level it switches the mode on."""

    queryset = WeatherWarning.objects.select_related("mode")
    serializer_class = serializers.WeatherWarningSerializer
    filterset_fields = ["kind", "level", "company"]

    @extend_schema(request=serializers.WeatherWarningSerializer, responses=serializers.WeatherWarningSerializer)
    def create(self, request, *args, **kwargs):
        data = self.get_serializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        warning = services.import_warning(
            values["company"],
            values["kind"],
            values["level"],
            user=request.user,
            issued_at=values.get("issued_at"),
            issuer=values.get("issuer", ""),
            text=values.get("text", ""),
        )
        return Response(self.get_serializer(warning).data, status=status.HTTP_201_CREATED)


@extend_schema(
    parameters=[
        OpenApiParameter("company", str),
        OpenApiParameter("start", OpenApiTypes.DATETIME),
        OpenApiParameter("end", OpenApiTypes.DATETIME, required=False),
    ],
    responses=OpenApiTypes.OBJECT,
)
@api_view(["GET"])
@permission_classes([IsAuthenticated])
def outdoor_work_check(request):
    """Whether outdoor work of a company from start to end falls in the hottest hours while heat mode is on."""
    query = serializers.WarningCheckSerializer(data=request.query_params)
    query.is_valid(raise_exception=True)
    company = query.validated_data["company"]
    if not scope.can_access_company(request.user, company.pk):
        raise PermissionDenied
    start = query.validated_data["start"]
    warning = services.outdoor_work_warning(company, start, query.validated_data.get("end") or start)
    return Response({"warning": warning, "checked_at": timezone.now()})


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
    """Drills planned and held, follow-up actions, plan readiness %, stock below minimum."""
    return summary_response(request, "emergency.view_drill", services.summary)
