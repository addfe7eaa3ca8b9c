"""Viewsets of the inspections API: plans, rounds (start, answers, skips, track, finish), findings, violations."""

from django.http import JsonResponse
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action, api_view, permission_classes
from rest_framework.exceptions import PermissionDenied
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from shuiwu.core.api.permissions import CanView
from shuiwu.core.api.viewsets import ScopedModelViewSet, ScopedReadOnlyModelViewSet, ScopedViewSetMixin
from shuiwu.inspections import filters, services
from shuiwu.inspections.api import serializers
from shuiwu.inspections.models import Answer, Checklist, Finding, Plan, Round, TrackPoint, Violation
from shuiwu.org.api.summary import summary_response


class ChecklistViewSet(viewsets.ReadOnlyModelViewSet):
    queryset = Checklist.objects.prefetch_related("items")
    serializer_class = serializers.ChecklistSerializer
    filterset_fields = ["plan_type"]


class PlanViewSet(ScopedModelViewSet):
    queryset = Plan.objects.select_related("team", "checklist").prefetch_related("route", "checkpoints")
    serializer_class = serializers.PlanSerializer
    filterset_class = filters.PlanFilterSet


class RoundViewSet(ScopedReadOnlyModelViewSet):
    """Rounds are made by the schedule job; a team works them through the actions below."""

    queryset = Round.objects.select_related("plan", "team")
    serializer_class = serializers.RoundSerializer
    filterset_class = filters.RoundFilterSet

    def _round(self):
        round_ = self.get_object()
        if not self.request.user.has_perm("inspections.change_round"):
            raise PermissionDenied("You may not work on rounds.")
        return round_

    @extend_schema(request=serializers.StartSerializer, responses=serializers.RoundSerializer)
    @action(detail=True, methods=["post"], permission_classes=[CanView])
    def start(self, request, pk=None):
        data = serializers.StartSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        round_ = services.start_round(self._round(), user=request.user, crew_size=data.validated_data.get("crew_size"))
        return Response(self.get_serializer(round_).data)

    @extend_schema(request=serializers.AnswerInSerializer, responses=serializers.AnswerSerializer)
    @action(detail=True, methods=["post"], permission_classes=[CanView])
    def answers(self, request, pk=None):
        """Record one answer: {"asset": id, "item": id, "value": …}; an out-of-limits answer opens a finding."""
        data = serializers.AnswerInSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        answer, finding = services.record_answer(
            self._round(),
            asset=values["asset"],
            item=values["item"],
            value=values.get("value"),
            photo=values.get("photo"),
            user=request.user,
        )
        body = serializers.AnswerSerializer(answer).data
        body["finding"] = finding.pk if finding else None
        return Response(body, status=status.HTTP_201_CREATED)

    @extend_schema(request=serializers.SkipSerializer, responses=None)
    @action(detail=True, methods=["post"], permission_classes=[CanView])
    def skip(self, request, pk=None):
        data = serializers.SkipSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.skip_checkpoint(
            self._round(), asset=data.validated_data["asset"], reason=data.validated_data["reason"], user=request.user
        )
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(request=serializers.TrackSerializer, responses=None)
    @action(detail=True, methods=["get", "post"], permission_classes=[CanView])
    def track(self, request, pk=None):
        """GET: the track as GeoJSON. POST: a batch of points, accepted all or nothing."""
        if request.method == "GET":
            round_ = self.get_object()
            coords = [[lon, lat] for lon, lat in round_.track.values_list("lon", "lat")]
            geometry = {"type": "LineString", "coordinates": coords} if len(coords) > 1 else None
            return JsonResponse({"type": "Feature", "geometry": geometry, "properties": {"points": len(coords)}})
        data = serializers.TrackSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        count = services.add_track(self._round(), data.validated_data["points"], user=request.user)
        return Response({"accepted": count}, status=status.HTTP_201_CREATED)

    @extend_schema(request=serializers.FinishSerializer, responses=serializers.RoundSerializer)
    @action(detail=True, methods=["post"], permission_classes=[CanView])
    def finish(self, request, pk=None):
        data = serializers.FinishSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        round_ = services.finish_round(
            self._round(),
            user=request.user,
            note=data.validated_data["note"],
            dredged_km=data.validated_data.get("dredged_km"),
        )
        return Response(self.get_serializer(round_).data)


class AnswerViewSet(ScopedViewSetMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    queryset = Answer.objects.select_related("item")
    serializer_class = serializers.AnswerSerializer
    filterset_fields = ["round", "asset", "out_of_limits"]


class TrackPointViewSet(ScopedViewSetMixin, mixins.ListModelMixin, viewsets.GenericViewSet):
    """Track points of rounds (post them in batches to …/rounds/{id}/track/)."""

    queryset = TrackPoint.objects.all()
    serializer_class = serializers.TrackPointSerializer
    filterset_fields = ["round"]


class FindingViewSet(ScopedModelViewSet):
    queryset = Finding.objects.select_related("ticket")
    serializer_class = serializers.FindingSerializer
    filterset_class = filters.FindingFilterSet
    http_method_names = ["get", "post", "patch", "head", "options"]

    @extend_schema(request=None, responses=None)
    @action(detail=True, methods=["post"], url_path="raise-ticket", permission_classes=[CanView])
    def raise_ticket(self, request, pk=None):
        """One tap: the finding becomes a repair-centre ticket (channel: patrol)."""
        ticket = services.raise_ticket(self.get_object(), user=request.user)
        return Response({"ticket": ticket.pk, "number": ticket.number}, status=status.HTTP_201_CREATED)

    @extend_schema(request=serializers.ViolationOpenSerializer, responses=serializers.ViolationSerializer)
    @action(detail=True, methods=["post"], url_path="open-violation", permission_classes=[CanView])
    def open_violation(self, request, pk=None):
        if not request.user.has_perm("inspections.add_violation"):
            raise PermissionDenied("You may not open violation cases.")
        data = serializers.ViolationOpenSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        case = services.open_violation(self.get_object(), user=request.user, **data.validated_data)
        return Response(
            serializers.ViolationSerializer(case, context={"request": request}).data, status=status.HTTP_201_CREATED
        )


class ViolationViewSet(ScopedModelViewSet):
    queryset = Violation.objects.all()
    serializer_class = serializers.ViolationSerializer
    filterset_class = filters.ViolationFilterSet
    http_method_names = ["get", "patch", "head", "options"]


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
    """Rounds planned / done / overdue by plan type, person-trips, km, findings, violations, secondary supply."""
    return summary_response(request, "inspections.view_round", services.summary)
