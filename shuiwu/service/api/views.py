"""Viewsets of the service-counter API: windows, application types, holidays, applications and their actions."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status, viewsets
from rest_framework.decorators import action, api_view, permission_classes
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from shuiwu.core.api.permissions import CanView
from shuiwu.core.api.viewsets import ScopedModelViewSet, ScopedReadOnlyModelViewSet
from shuiwu.org.api.summary import summary_response
from shuiwu.service import filters, services
from shuiwu.service.api import serializers
from shuiwu.service.models import Application, ApplicationType, Holiday, Window


class WindowViewSet(ScopedModelViewSet):
    queryset = Window.objects.all()
    serializer_class = serializers.WindowSerializer
    filterset_class = filters.WindowFilterSet


class ApplicationTypeViewSet(viewsets.ModelViewSet):
    queryset = ApplicationType.objects.all()
    serializer_class = serializers.ApplicationTypeSerializer
    filterset_class = filters.ApplicationTypeFilterSet


class HolidayViewSet(viewsets.ModelViewSet):
    queryset = Holiday.objects.all()
    serializer_class = serializers.HolidaySerializer
    filterset_class = filters.HolidayFilterSet


class ApplicationViewSet(ScopedReadOnlyModelViewSet):
    """Applications: POST receives one; the actions below move it on. Records end through their states."""

    queryset = Application.objects.select_related("type", "account")
    serializer_class = serializers.ApplicationSerializer
    filterset_class = filters.ApplicationFilterSet

    def get_serializer_class(self):
        return serializers.ApplicationDetailSerializer if self.action != "list" else serializers.ApplicationSerializer

    def get_queryset(self):
        queryset = super().get_queryset()
        return queryset.prefetch_related("steps") if self.action != "list" else queryset

    def get_serializer_context(self):
        context = super().get_serializer_context()
        context["calendar"] = services.calendar()
        return context

    def _reply(self, application, code=status.HTTP_200_OK):
        application = self.get_queryset().get(pk=application.pk)
        return Response(self.get_serializer(application).data, status=code)

    @extend_schema(request=serializers.ApplicationInSerializer, responses=serializers.ApplicationDetailSerializer)
    def create(self, request):
        data = serializers.ApplicationInSerializer(data=request.data, user=request.user)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        application = services.receive(
            user=request.user,
            application_type=values["type"],
            window=values["window"],
            applicant_name=values["applicant_name"],
            applicant_phone=values["applicant_phone"],
            account=values.get("account"),
            customer=values.get("customer"),
            details=values["details"],
            documents_received=values["documents_received"],
            note=values["note"],
        )
        return self._reply(application, status.HTTP_201_CREATED)

    @extend_schema(request=serializers.NoteSerializer, responses=serializers.ApplicationDetailSerializer)
    @action(detail=True, methods=["post"], permission_classes=[CanView])
    def advance(self, request, pk=None):
        """Finish the current step and start the next."""
        data = serializers.NoteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        return self._reply(services.advance(self.get_object(), user=request.user, note=data.validated_data["note"]))

    @extend_schema(request=serializers.CompleteSerializer, responses=serializers.ApplicationDetailSerializer)
    @action(detail=True, methods=["post"], permission_classes=[CanView])
    def complete(self, request, pk=None):
        """Finish the last step and run the change on the customer's records."""
        data = serializers.CompleteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        application = services.complete(
            self.get_object(),
            user=request.user,
            details=data.validated_data["details"],
            note=data.validated_data["note"],
        )
        return self._reply(application)

    @extend_schema(request=serializers.RejectSerializer, responses=serializers.ApplicationDetailSerializer)
    @action(detail=True, methods=["post"], permission_classes=[CanView])
    def reject(self, request, pk=None):
        data = serializers.RejectSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        return self._reply(services.reject(self.get_object(), user=request.user, **data.validated_data))

    @extend_schema(request=serializers.CancelSerializer, responses=serializers.ApplicationDetailSerializer)
    @action(detail=True, methods=["post"], permission_classes=[CanView])
    def cancel(self, request, pk=None):
        data = serializers.CancelSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        return self._reply(services.cancel(self.get_object(), user=request.user, **data.validated_data))

    @extend_schema(request=serializers.DocumentsSerializer, responses=serializers.ApplicationDetailSerializer)
    @action(detail=True, methods=["post"], permission_classes=[CanView])
    def documents(self, request, pk=None):
        """Documents brought later; when the checklist is complete the clock starts."""
        data = serializers.DocumentsSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        application = services.receive_documents(self.get_object(), data.validated_data["documents"], user=request.user)
        return self._reply(application)


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
    """Applications received, completed, on time %, overdue, by type."""
    return summary_response(request, "service.view_application", services.summary)
