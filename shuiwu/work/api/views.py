"""Viewsets of the repair-centre API: tickets, work orders and their transitions, outages, crews, figures."""

from django.db.models import Count, Prefetch, Q
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, viewsets
from rest_framework.decorators import action, api_view, permission_classes
from rest_framework.exceptions import PermissionDenied
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from shuiwu.assets.api.views import GeoJSONMixin
from shuiwu.core.api.permissions import CanView
from shuiwu.core.api.viewsets import ScopedModelViewSet, ScopedViewSetMixin
from shuiwu.core.exceptions import ConflictError
from shuiwu.org.api.summary import summary_response
from shuiwu.org.choices import TeamKind
from shuiwu.org.models import Staff, Team
from shuiwu.work import filters, services
from shuiwu.work.api import serializers
from shuiwu.work.choices import OPEN_STATES, State
from shuiwu.work.models import Outage, Ticket, WorkOrder


class TicketViewSet(ScopedModelViewSet):
    """Calls and other reports. POST logs a call: link it with `work_order`, or open an order with `open_order`."""

    queryset = Ticket.objects.select_related("work_order")
    serializer_class = serializers.TicketSerializer
    filterset_class = filters.TicketFilterSet
    http_method_names = ["get", "post", "patch", "head", "options"]


class WorkOrderViewSet(ScopedModelViewSet):
    """Work orders. Their state changes only through `…/transition/`."""

    queryset = WorkOrder.objects.select_related("team", "company").prefetch_related(
        "assets", Prefetch("tickets", queryset=Ticket.objects.only("id", "work_order_id"))
    )
    serializer_class = serializers.WorkOrderSerializer
    filterset_class = filters.WorkOrderFilterSet
    http_method_names = ["get", "post", "patch", "head", "options"]

    @extend_schema(request=serializers.TransitionSerializer, responses=serializers.WorkOrderSerializer)
    @action(detail=True, methods=["post"], permission_classes=[CanView])
    def transition(self, request, pk=None):
        order = self.get_object()
        data = serializers.TransitionSerializer(data=request.data, context={"request": request})
        data.is_valid(raise_exception=True)
        values = data.validated_data
        if "version" in values and values["version"] != order.version:
            raise ConflictError(
                f"Work order {order.number} has changed since version {values['version']} "
                f"(now {order.version}, {order.state}): reload and try again.",
                state=order.state,
            )
        completion = services.Completion(
            crew_size=values.get("crew_size"),
            excavation=values.get("excavation"),
            repaired_diameter=values.get("repaired_diameter"),
            repaired_material=values.get("repaired_material", ""),
            cause=values.get("cause", ""),
            repaired_asset=values.get("repaired_asset"),
            note=values.get("note", ""),
            materials=[(line["item"], line["quantity"]) for line in values.get("materials", [])],
        )
        order = services.transition(
            order,
            values["to"],
            user=request.user,
            team=values.get("team"),
            reason=values.get("reason", ""),
            completion=completion,
        )
        warnings = services.dispatch_warnings(order) if order.state == State.DISPATCHED else []
        return Response({**self.get_serializer(order).data, "warnings": warnings})

    @extend_schema(request=None, responses=serializers.WorkOrderSerializer)
    @action(detail=True, methods=["post"], permission_classes=[CanView])
    def secure(self, request, pk=None):
        """Record that the water is shut off or the barrier set (the "made safe" deadline)."""
        order = services.mark_secured(self.get_object(), user=request.user)
        return Response(self.get_serializer(order).data)

    @action(detail=True, methods=["get"], url_path="suggest-teams")
    def suggest_teams(self, request, pk=None):
        """Teams that can take the order: on duty first, then nearest, then least busy."""
        return Response(
            [
                {
                    "team": s.team.pk,
                    "name": s.team.name,
                    "on_duty": s.on_duty,
                    "open_orders": s.open_orders,
                    "distance_m": None if s.distance_m is None else round(s.distance_m),
                }
                for s in services.suggest_teams(self.get_object())
            ]
        )

    @action(detail=True, methods=["get"])
    def events(self, request, pk=None):
        order = self.get_object()
        return Response(serializers.EventSerializer(order.events.select_related("user"), many=True).data)


class OutageViewSet(GeoJSONMixin, ScopedModelViewSet):
    queryset = Outage.objects.select_related("company").prefetch_related("pipes")
    serializer_class = serializers.OutageSerializer
    filterset_class = filters.OutageFilterSet
    geojson_properties = ("number", "title", "kind", "status", "affected_count")
    http_method_names = ["get", "post", "patch", "head", "options"]

    @extend_schema(request=None, responses=serializers.OutageSerializer)
    @action(detail=True, methods=["post"], permission_classes=[CanView])
    def restore(self, request, pk=None):
        if not request.user.has_perm("work.change_outage"):
            raise PermissionDenied("You may not change outages.")
        outage = services.restore_outage(self.get_object(), user=request.user)
        return Response(self.get_serializer(outage).data)


class CrewViewSet(ScopedViewSetMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Teams that take work, with duty status, last known position and open orders."""

    queryset = (
        Team.objects.filter(
            kind__in=[TeamKind.REPAIR, TeamKind.SEWER, TeamKind.INSTALLATION, TeamKind.SECONDARY_SUPPLY]
        )
        .select_related("crew_status")
        .prefetch_related(Prefetch("members", queryset=Staff.objects.only("id", "name", "phone", "team_id")))
        .annotate(open_orders=Count("work_orders", filter=Q(work_orders__state__in=OPEN_STATES)))
        .order_by("company__code", "code")
    )
    serializer_class = serializers.CrewSerializer
    filterset_fields = ["company", "kind"]

    @extend_schema(request=serializers.CrewUpdateSerializer, responses=serializers.CrewSerializer)
    @action(detail=True, methods=["post"], permission_classes=[CanView])
    def status(self, request, pk=None):
        """Set duty status and/or the last known position (the crew's phone posts it)."""
        team = self.get_object()
        user = request.user
        if not user.has_perm("work.change_crewstatus"):
            raise PermissionDenied("You may not change a crew's status.")
        staff = getattr(user, "staff", None)
        if not user.has_perm("work.dispatch_workorder") and (staff is None or staff.team_id != team.pk):
            raise PermissionDenied("Only the team itself or a dispatcher can change its status.")
        data = serializers.CrewUpdateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.update_crew(team, **data.validated_data)
        return Response(self.get_serializer(self.get_queryset().get(pk=team.pk)).data)


@extend_schema(
    parameters=[
        OpenApiParameter("lon", float),
        OpenApiParameter("lat", float),
        OpenApiParameter("radius", float, required=False),
    ]
)
@api_view(["GET"])
@permission_classes([IsAuthenticated])
def nearby(request):
    """Open work orders and current outages near a point (default radius: rule work.duplicate_radius_m)."""
    query = serializers.NearbySerializer(data=request.query_params)
    query.is_valid(raise_exception=True)
    found = services.nearby(request.user, **query.validated_data)
    return Response(
        {
            "radius_m": found.radius_m,
            "work_orders": [
                {"id": o.pk, "number": o.number, "title": o.title, "state": o.state, "distance_m": round(d)}
                for o, d in found.work_orders
            ],
            "outages": [
                {
                    "id": o.pk,
                    "number": o.number,
                    "title": o.title,
                    "status": o.status,
                    "expected_restore": o.expected_restore,
                    "distance_m": round(d),
                }
                for o, d in found.outages
            ],
        }
    )


@extend_schema(
    parameters=[
        OpenApiParameter("company", str, required=False),
        OpenApiParameter("start", str),
        OpenApiParameter("end", str),
    ]
)
@api_view(["GET"])
@permission_classes([IsAuthenticated])
def summary(request):
    """The repair centre's figures for a company (code) and period: tickets, orders, person-trips, times, SLA."""
    return summary_response(request, "work.view_workorder", services.summary)
