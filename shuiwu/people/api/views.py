"""Viewsets of the people API: trainings and their attendance sheet, activities and entries, volunteer teams and
services, a person's history and the period figures."""

from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.decorators import action, api_view, permission_classes
from rest_framework.exceptions import PermissionDenied
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from shuiwu.core.api.permissions import CanView
from shuiwu.core.api.viewsets import ScopedModelViewSet
from shuiwu.org.api.summary import summary_response
from shuiwu.org.models import Staff
from shuiwu.people import filters, services
from shuiwu.people.api import serializers
from shuiwu.people.models import Activity, ActivityEntry, Attendance, Training, VolunteerService, VolunteerTeam


class TrainingViewSet(ScopedModelViewSet):
    queryset = Training.objects.select_related("company")
    serializer_class = serializers.TrainingSerializer
    filterset_class = filters.TrainingFilterSet

    @extend_schema(request=serializers.SheetSerializer, responses=serializers.AttendanceSerializer(many=True))
    @action(detail=True, methods=["get", "post"], permission_classes=[CanView])
    def attendance(self, request, pk=None):
        """GET the sheet; POST ``{"rows": [{staff, status, hours, note}]}`` writes it: every row, or none."""
        training = self.get_object()
        if request.method == "POST":
            data = serializers.SheetSerializer(data=request.data)
            data.is_valid(raise_exception=True)
            services.record_attendance(training, data.validated_data["rows"], user=request.user)
        rows = (
            training.attendance.select_related("staff", "training")
            .annotate(credited=services.credited_hours_expr())
            .order_by("staff__employee_no")
        )
        return Response(serializers.AttendanceSerializer(rows, many=True, context={"request": request}).data)


class AttendanceViewSet(ScopedModelViewSet):
    queryset = Attendance.objects.select_related("staff", "training").annotate(credited=services.credited_hours_expr())
    serializer_class = serializers.AttendanceSerializer
    filterset_class = filters.AttendanceFilterSet


class ActivityViewSet(ScopedModelViewSet):
    queryset = Activity.objects.select_related("company")
    serializer_class = serializers.ActivitySerializer
    filterset_class = filters.ActivityFilterSet


class ActivityEntryViewSet(ScopedModelViewSet):
    queryset = ActivityEntry.objects.select_related("staff", "activity")
    serializer_class = serializers.ActivityEntrySerializer
    filterset_class = filters.ActivityEntryFilterSet


class VolunteerTeamViewSet(ScopedModelViewSet):
    queryset = VolunteerTeam.objects.select_related("company").prefetch_related("members")
    serializer_class = serializers.VolunteerTeamSerializer
    filterset_class = filters.VolunteerTeamFilterSet


class VolunteerServiceViewSet(ScopedModelViewSet):
    queryset = VolunteerService.objects.select_related("team").prefetch_related("participants")
    serializer_class = serializers.VolunteerServiceSerializer
    filterset_class = filters.VolunteerServiceFilterSet


@extend_schema(responses=OpenApiTypes.OBJECT)
@api_view(["GET"])
@permission_classes([IsAuthenticated])
def history(request, staff_id):
    """A person's trainings with hours credited, activities and results, volunteer services and hours."""
    if not request.user.has_perm("people.view_training"):
        raise PermissionDenied("You may not see these records.")
    staff = get_object_or_404(Staff.objects.restrict(request.user), pk=staff_id)
    h = services.person_history(staff)
    return Response(
        {
            "staff": staff.pk,
            "name": staff.name,
            "training_hours": float(h.training_hours),
            "emergency_readiness_training_hours": float(h.emergency_hours),
            "volunteer_hours": float(h.volunteer_hours),
            "trainings": [
                {
                    "training": a.training_id,
                    "topic": a.training.topic,
                    "category": a.training.category,
                    "start_on": a.training.start_on,
                    "status": a.status,
                    "hours": float(a.credited),
                }
                for a in h.trainings
            ],
            "activities": [
                {
                    "activity": e.activity_id,
                    "title": e.activity.title,
                    "kind": e.activity.kind,
                    "start_on": e.activity.start_on,
                    "role": e.role,
                    "rank": e.rank,
                    "award": e.award,
                }
                for e in h.activities
            ],
            "volunteer_services": [
                {"service": s.pk, "team": s.team.name, "on_date": s.on_date, "title": s.title, "hours": float(s.hours)}
                for s in h.services
            ],
        }
    )


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
    """Trainings, participants, training hours per employee, emergency-readiness hours, activities, volunteering."""
    return summary_response(request, "people.view_training", services.summary)
