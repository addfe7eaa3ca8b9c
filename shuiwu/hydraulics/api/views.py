"""Viewsets of the hydraulics API: models, scenarios, runs and their results, isolation, fire flow."""

from django.db import transaction
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action, api_view, permission_classes
from rest_framework.exceptions import NotFound, PermissionDenied
from rest_framework.parsers import MultiPartParser
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from shuiwu.assets.choices import Kind, System
from shuiwu.assets.models import Asset
from shuiwu.core.api.permissions import CanView
from shuiwu.core.api.viewsets import ScopedModelViewSet, ScopedReadOnlyModelViewSet, ScopedViewSetMixin
from shuiwu.hydraulics import filters, services
from shuiwu.hydraulics.api import serializers
from shuiwu.hydraulics.models import CriticalityRun, HydraulicModel, Run, Scenario
from shuiwu.org.api.summary import summary_response


class HydraulicModelViewSet(
    ScopedViewSetMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Model versions: ``POST …/snapshot/`` takes a new one from the register."""

    queryset = HydraulicModel.objects.defer("model")
    serializer_class = serializers.HydraulicModelSerializer
    filterset_class = filters.HydraulicModelFilterSet

    @extend_schema(request=serializers.ImportModelSerializer, responses=serializers.HydraulicModelSerializer)
    @action(detail=False, methods=["post"], permission_classes=[CanView], parser_classes=[MultiPartParser])
    def upload(self, request):
        """Keep an EPANET .inp file as the next model version (the register is not changed)."""
        data = serializers.ImportModelSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        model = services.import_upload(
            data.validated_data["file"], user=request.user, name=data.validated_data.get("name") or ""
        )
        return Response(self.get_serializer(model).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=None, responses=serializers.HydraulicModelSerializer)
    @action(detail=False, methods=["post"], permission_classes=[CanView])
    def snapshot(self, request):
        model = services.snapshot(user=request.user)
        return Response(self.get_serializer(model).data, status=status.HTTP_201_CREATED)


class ScenarioViewSet(ScopedModelViewSet):
    queryset = Scenario.objects.select_related("model").defer("model__model")
    serializer_class = serializers.ScenarioSerializer
    filterset_class = filters.ScenarioFilterSet

    @extend_schema(request=None, responses=serializers.RunSerializer)
    @action(detail=True, methods=["post"], permission_classes=[CanView])
    def run(self, request, pk=None):
        """Start a run of this scenario; follow its progress at /runs/{id}/."""
        with transaction.atomic():
            run = services.start_run(self.get_object(), user=request.user)
        run.refresh_from_db()
        return Response(serializers.RunSerializer(run).data, status=status.HTTP_202_ACCEPTED)


class RunViewSet(ScopedReadOnlyModelViewSet):
    queryset = Run.objects.select_related("scenario").defer("results")
    serializer_class = serializers.RunSerializer
    filterset_class = filters.RunFilterSet
    ordering_fields = ["created", "finished_at"]

    def _done(self):
        run = self.get_object()
        if run.status != "done":
            raise NotFound("This run has no results (yet).")
        return run

    @extend_schema(responses=OpenApiTypes.OBJECT)
    @action(detail=True, methods=["get"])
    def service(self, request, pk=None):
        """Per node: minimum pressure, storeys served, pass; per DMA: compliance %; buildings needing boosters."""
        run = self._done()
        return Response({**run.service, "buildings": services.buildings_above_service(run)})

    @extend_schema(
        parameters=[OpenApiParameter("node", str), OpenApiParameter("link", str)], responses=OpenApiTypes.OBJECT
    )
    @action(detail=True, methods=["get"])
    def series(self, request, pk=None):
        """A node's pressure and demand, or a link's flow and velocity, over the run."""
        run = self._done()
        return Response(
            services.series(run, node=request.query_params.get("node"), link=request.query_params.get("link"))
        )

    @extend_schema(responses=OpenApiTypes.OBJECT)
    @action(detail=True, methods=["get"])
    def links(self, request, pk=None):
        """Per link: the largest velocity (m/s) and flow (L/s) over the run."""
        return Response(services.link_maxima(self._done()))

    @extend_schema(parameters=[OpenApiParameter("other", int, required=True)], responses=OpenApiTypes.OBJECT)
    @action(detail=True, methods=["get"])
    def compare(self, request, pk=None):
        """Per node: minimum pressure in this run, in the other, and the difference."""
        run = self._done()
        try:
            other = self.get_queryset().get(pk=int(request.query_params.get("other", "")), status="done")
        except (ValueError, Run.DoesNotExist):
            raise NotFound("No finished run with that id to compare with.") from None
        return Response(services.compare(run, other))


class CriticalityRunViewSet(ScopedReadOnlyModelViewSet):
    queryset = CriticalityRun.objects.all()
    serializer_class = serializers.CriticalityRunSerializer

    @extend_schema(request=None, responses=serializers.CriticalityRunSerializer)
    @action(detail=False, methods=["post"], permission_classes=[CanView])
    def start(self, request):
        with transaction.atomic():
            run = services.start_criticality(user=request.user)
        run.refresh_from_db()
        return Response(self.get_serializer(run).data, status=status.HTTP_202_ACCEPTED)


def _pipe(data) -> Asset:
    if data.get("pipe"):
        pipe = Asset.objects.filter(system=System.SUPPLY, kind=Kind.PIPE, code=data["pipe"]).first()
    else:
        pipe = services.nearest_pipe(data["lon"], data["lat"])
    if pipe is None:
        raise NotFound("No supply pipe there.")
    return pipe


@extend_schema(request=serializers.IsolateSerializer, responses=OpenApiTypes.OBJECT)
@api_view(["POST"])
@permission_classes([IsAuthenticated])
def isolate(request):
    """Valves to shut for a burst on a pipe (by code or a point on the map), and what is cut off."""
    if not request.user.has_perm("hydraulics.view_run"):
        raise PermissionDenied("You may not use the hydraulic tools.")
    data = serializers.IsolateSerializer(data=request.data)
    data.is_valid(raise_exception=True)
    return Response(services.isolate(_pipe(data.validated_data), check=data.validated_data["check"]))


@extend_schema(request=serializers.OutageFromIsolationSerializer, responses=OpenApiTypes.OBJECT)
@api_view(["POST"])
@permission_classes([IsAuthenticated])
def isolation_outage(request):
    """Turn an isolation into an unplanned outage in the repair centre."""
    data = serializers.OutageFromIsolationSerializer(data=request.data)
    data.is_valid(raise_exception=True)
    values = data.validated_data
    with transaction.atomic():
        result = services.isolation_outage(
            _pipe(values), user=request.user, start=values["start"], expected_restore=values["expected_restore"]
        )
    outage = result.outage
    return Response(
        {"outage": outage.pk, "number": outage.number, "url": outage.get_absolute_url(), "warnings": result.warnings},
        status=status.HTTP_201_CREATED,
    )


@extend_schema(request=serializers.FireFlowSerializer, responses=OpenApiTypes.OBJECT)
@api_view(["POST"])
@permission_classes([IsAuthenticated])
def fire_flow(request):
    """Available flow at a hydrant (or node) at the residual pressure (0.1 MPa by default)."""
    if not request.user.has_perm("hydraulics.view_run"):
        raise PermissionDenied("You may not use the hydraulic tools.")
    data = serializers.FireFlowSerializer(data=request.data)
    data.is_valid(raise_exception=True)
    values = data.validated_data
    if values.get("hydrant"):
        hydrant = Asset.objects.filter(kind=Kind.HYDRANT, code=values["hydrant"]).select_related("node").first()
        if hydrant is None:
            raise NotFound(f"No hydrant {values['hydrant']!r}.")
        node = services.hydrant_node(hydrant)
    else:
        node = values["node"]
    return Response(services.fire_flow(node, residual_mpa=values.get("residual_mpa"), at_hour=values.get("at_hour")))


@extend_schema(
    parameters=[
        OpenApiParameter("company", str),
        OpenApiParameter("start", OpenApiTypes.DATE, required=True),
        OpenApiParameter("end", OpenApiTypes.DATE, required=True),
    ],
    responses=OpenApiTypes.OBJECT,
)
@api_view(["GET"])
@permission_classes([IsAuthenticated])
def summary(request):
    return summary_response(request, "hydraulics.view_run", services.summary)
