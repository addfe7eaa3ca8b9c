"""Viewsets of the capital-projects API: projects and their actions, milestones, reports, renewal, figures."""

from django.http import HttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.decorators import action, api_view, permission_classes
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from shuiwu.core import scope
from shuiwu.core.api.permissions import CanView
from shuiwu.core.api.viewsets import ScopedModelViewSet, ScopedReadOnlyModelViewSet
from shuiwu.org.api.summary import summary_response
from shuiwu.org.models import Company
from shuiwu.projects import filters, services
from shuiwu.projects.api import serializers
from shuiwu.projects.maps import project_features
from shuiwu.projects.models import Milestone, ProgressReport, Project


def _need(request, permission: str) -> None:
    if not request.user.has_perm(permission):
        raise PermissionDenied("You may not do this.")


def resolve_company(user, code: str | None):
    """The company named by code (within scope), else the user's own one company."""
    if code:
        company = Company.objects.filter(code=code).first()
        if company is None:
            raise ValidationError({"company": f"No company with code {code!r}."})
        if not scope.can_access_company(user, company.pk):
            raise PermissionDenied("That company is outside your scope.")
        return company
    own = scope.company_ids(user)
    if own and len(own) == 1:
        return Company.objects.get(pk=next(iter(own)))
    raise ValidationError({"company": "Name the company (its code)."})


class ProjectViewSet(ScopedModelViewSet):
    """Capital projects. Projects end by handover or cancellation, never by DELETE."""

    queryset = Project.objects.select_related("company")
    serializer_class = serializers.ProjectSerializer
    filterset_class = filters.ProjectFilterSet
    http_method_names = ["get", "post", "put", "patch", "head", "options"]

    def _reply(self, project, code=status.HTTP_200_OK):
        project = self.get_queryset().get(pk=project.pk)
        return Response(serializers.ProjectSerializer(project, context=self.get_serializer_context()).data, status=code)

    @extend_schema(request=serializers.ProgressInSerializer, responses=serializers.ProgressReportSerializer)
    @action(detail=True, methods=["get", "post"], permission_classes=[CanView])
    def progress(self, request, pk=None):
        """GET: the project's reports in date order. POST: a report (cumulative % of work, metres laid, spend)."""
        project = self.get_object()
        if request.method == "GET":
            reports = project.reports.order_by("reported_on", "id")
            return Response(serializers.ProgressReportSerializer(reports, many=True).data)
        _need(request, "projects.add_progressreport")
        data = serializers.ProgressInSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        report = services.report_progress(
            project,
            user=request.user,
            reported_on=values.get("reported_on"),
            percent=values["percent"],
            laid_m=values.get("laid_m"),
            spent=values.get("spent"),
            laid_pipe_ids=values["laid_pipes"],
            reason=values["reason"],
            note=values["note"],
        )
        return Response(serializers.ProgressReportSerializer(report).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=serializers.PipeInSerializer, responses=serializers.ProjectPipeSerializer)
    @action(detail=True, methods=["get", "post"], permission_classes=[CanView])
    def pipes(self, request, pk=None):
        """GET: the project's pipes. POST: draw a new pipe (a planned pipe in the asset register)."""
        project = self.get_object()
        if request.method == "GET":
            links = project.pipes.select_related("asset", "project").order_by("role", "id")
            return Response(serializers.ProjectPipeSerializer(links, many=True).data)
        _need(request, "projects.change_project")
        data = serializers.PipeInSerializer(data=request.data, user=request.user)
        data.is_valid(raise_exception=True)
        link = services.add_pipe(project, user=request.user, **data.validated_data)
        return Response(serializers.ProjectPipeSerializer(link).data, status=status.HTTP_201_CREATED)

    @extend_schema(responses=OpenApiTypes.OBJECT)
    @action(detail=True, methods=["get"], url_path="map")
    def map(self, request, pk=None):
        """The project's pipes as GeoJSON, each with its state (planned, laid, handed_over, replaced)."""
        return HttpResponse(project_features([self.get_object().pk]), content_type="application/geo+json")

    @extend_schema(request=serializers.HandoverSerializer, responses=OpenApiTypes.OBJECT)
    @action(detail=True, methods=["post"], permission_classes=[CanView])
    def handover(self, request, pk=None):
        """Hand a completed project over: its planned assets become active, the pipes it replaces retire."""
        data = serializers.HandoverSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        result = services.handover(self.get_object(), user=request.user, on=data.validated_data.get("on"))
        return Response(result)

    @extend_schema(request=serializers.CancelSerializer, responses=serializers.ProjectSerializer)
    @action(detail=True, methods=["post"], permission_classes=[CanView])
    def cancel(self, request, pk=None):
        _need(request, "projects.change_project")
        data = serializers.CancelSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        return self._reply(services.cancel(self.get_object(), user=request.user, **data.validated_data))


class MilestoneViewSet(ScopedModelViewSet):
    queryset = Milestone.objects.select_related("project")
    serializer_class = serializers.MilestoneSerializer
    filterset_class = filters.MilestoneFilterSet


class ProgressReportViewSet(ScopedReadOnlyModelViewSet):
    queryset = ProgressReport.objects.all()
    serializer_class = serializers.ProgressReportSerializer
    filterset_class = filters.ProgressReportFilterSet


@extend_schema(request=serializers.RenewalInSerializer, responses=serializers.ProjectSerializer)
@api_view(["POST"])
@permission_classes([IsAuthenticated])
def renewal(request):
    """A renewal project in one step from pipes (e.g. analytics' pipe-risk candidates): POST their asset ids."""
    _need(request, "projects.add_project")
    data = serializers.RenewalInSerializer(data=request.data)
    data.is_valid(raise_exception=True)
    values = data.validated_data
    company = resolve_company(request.user, values.get("company"))
    project = services.create_renewal_project(
        company,
        values["asset_ids"],
        name=values["name"],
        user=request.user,
        planned_start=values.get("planned_start"),
        planned_end=values.get("planned_end"),
        contractor=values["contractor"],
    )
    body = serializers.ProjectSerializer(project, context={"request": request}).data
    return Response(body, status=status.HTTP_201_CREATED)


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
    """Projects (count, active, completed, late), % of work done (budget-weighted), km planned/laid/handed over,
    spend against budget."""
    return summary_response(request, "projects.view_project", services.summary)
