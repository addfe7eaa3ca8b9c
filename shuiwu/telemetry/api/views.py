"""Viewsets of the telemetry API: sensors, readings (batches in, series out), alarm rules, alarms, supply."""

from django.db.models import Q
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status, viewsets
from rest_framework.decorators import action, api_view, permission_classes
from rest_framework.exceptions import NotFound, PermissionDenied, ValidationError
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from shuiwu.core import rules
from shuiwu.core.api.permissions import CanView
from shuiwu.core.api.viewsets import ScopedModelViewSet, ScopedReadOnlyModelViewSet
from shuiwu.org.api.summary import summary_response
from shuiwu.telemetry import alarms, filters, ingest, services
from shuiwu.telemetry.api import serializers
from shuiwu.telemetry.models import Alarm, AlarmRule, Sensor


class SensorViewSet(ScopedModelViewSet):
    queryset = Sensor.objects.select_related("asset")
    serializer_class = serializers.SensorSerializer
    filterset_class = filters.SensorFilterSet
    ordering_fields = ["code", "name", "measure", "last_ts"]


class AlarmRuleViewSet(viewsets.ModelViewSet):
    queryset = AlarmRule.objects.all()
    serializer_class = serializers.AlarmRuleSerializer
    filterset_class = filters.AlarmRuleFilterSet


class AlarmViewSet(ScopedReadOnlyModelViewSet):
    queryset = Alarm.objects.select_related("sensor", "rule", "ticket")
    serializer_class = serializers.AlarmSerializer
    filterset_class = filters.AlarmFilterSet
    ordering_fields = ["raised_at", "severity", "cleared_at"]

    @extend_schema(request=None, responses=serializers.AlarmSerializer)
    @action(detail=True, methods=["post"], permission_classes=[CanView])
    def acknowledge(self, request, pk=None):
        """Acknowledge an alarm (409 if it already was)."""
        alarm = self.get_object()
        if not request.user.has_perm("telemetry.change_alarm"):
            raise PermissionDenied("You may not acknowledge alarms.")
        return Response(self.get_serializer(alarms.acknowledge(alarm, user=request.user)).data)

    @extend_schema(request=None, responses=serializers.AlarmSerializer)
    @action(detail=True, methods=["post"], permission_classes=[CanView])
    def ticket(self, request, pk=None):
        """Open a repair-centre ticket (channel: alarm) for this alarm."""
        alarm = self.get_object()
        if not request.user.has_perm("work.add_ticket"):
            raise PermissionDenied("You may not open tickets.")
        alarms.open_ticket(alarm, user=request.user)
        alarm.refresh_from_db()
        return Response(self.get_serializer(alarm).data, status=status.HTTP_201_CREATED)


def _sensor(request, ref: str) -> Sensor:
    sensors = Sensor.objects.restrict(request.user)
    found = sensors.filter(Q(code=ref) | Q(pk=int(ref)) if ref.isdigit() else Q(code=ref)).first()
    if found is None:
        raise NotFound(f"No sensor {ref!r} in your scope.")
    return found


@extend_schema(
    methods=["GET"],
    parameters=[serializers.SeriesQuerySerializer],
    responses=OpenApiTypes.OBJECT,
    description="A sensor's series: raw readings for short ranges, hourly or daily rollups for long ones.",
)
@extend_schema(
    methods=["POST"],
    request=serializers.ReadingInSerializer(many=True),
    parameters=[OpenApiParameter("partial", bool, description="Store the good readings and report the bad ones")],
    responses=OpenApiTypes.OBJECT,
    description=(
        'A batch of readings: a list, or {"readings": [...]}. Re-sent readings are ignored (keyed by sensor and '
        "time). By default one bad reading rejects the batch (400, nothing written); ?partial=true keeps the rest."
    ),
)
@api_view(["GET", "POST"])
@permission_classes([IsAuthenticated])
def readings(request):
    if request.method == "GET":
        if not request.user.has_perm("telemetry.view_sensor"):
            raise PermissionDenied("You may not see readings.")
        query = serializers.SeriesQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        values = query.validated_data
        sensor = _sensor(request, values["sensor"])
        return Response(services.series(sensor, values["start"], values["end"], values["resolution"]))
    if not request.user.has_perm("telemetry.add_reading"):
        raise PermissionDenied("You may not send readings.")
    records = request.data.get("readings") if isinstance(request.data, dict) else request.data
    if not isinstance(records, list):
        raise ValidationError({"readings": "Send a list of readings, or an object with a 'readings' list."})
    limit = rules.value("telemetry.max_batch_readings")
    if len(records) > limit:
        raise ValidationError({"readings": f"At most {limit} readings in one batch; this one has {len(records)}."})
    partial = request.query_params.get("partial", "").lower() in ("1", "true", "yes")
    index = ingest.SensorIndex(sensors=Sensor.objects.restrict(request.user))
    report = ingest.ingest(records, strict=not partial, index=index)
    if report.rejected and not partial:
        return Response(
            {"readings": "The batch was not stored: fix these readings or send ?partial=true.", **report.as_dict()},
            status=status.HTTP_400_BAD_REQUEST,
        )
    return Response(report.as_dict(), status=status.HTTP_201_CREATED if report.written else status.HTTP_200_OK)


PERIOD_PARAMETERS = [
    OpenApiParameter("company", str),
    OpenApiParameter("start", OpenApiTypes.DATE, required=True),
    OpenApiParameter("end", OpenApiTypes.DATE, required=True),
]


@extend_schema(parameters=PERIOD_PARAMETERS, responses=OpenApiTypes.OBJECT)
@api_view(["GET"])
@permission_classes([IsAuthenticated])
def daily_supply(request):
    """m³ per day per plant and for the whole city, from the plant outflow totalisers."""
    return summary_response(
        request,
        "telemetry.view_sensor",
        lambda company, start, end, user: services.daily_supply(start, end, user=user, company=company),
    )


@extend_schema(responses=OpenApiTypes.OBJECT)
@api_view(["GET"])
@permission_classes([IsAuthenticated])
def overview(request):
    """What the live overview shows: supply curves, plant outflows, latest pressures, active alarms."""
    if not request.user.has_perm("telemetry.view_sensor"):
        raise PermissionDenied("You may not see telemetry.")
    return Response(services.overview(request.user))


@extend_schema(parameters=PERIOD_PARAMETERS, responses=OpenApiTypes.OBJECT)
@api_view(["GET"])
@permission_classes([IsAuthenticated])
def summary(request):
    """Supply volume, alarms and acknowledgement time, pressure pass rate for a period."""
    return summary_response(request, "telemetry.view_sensor", services.summary)
