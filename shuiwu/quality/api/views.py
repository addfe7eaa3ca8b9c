"""Viewsets of the lab's API: the data (parameters, limits, plans, points), tasks, samples with their results and
review, exceedances, the import, pass rates and the summary."""

from django.utils.dateparse import parse_date
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status, viewsets
from rest_framework.decorators import action, api_view, parser_classes, permission_classes
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from shuiwu.core.api.permissions import CanView
from shuiwu.core.api.viewsets import ScopedModelViewSet, ScopedReadOnlyModelViewSet
from shuiwu.org.api.summary import summary_response
from shuiwu.quality import filters, imports, services
from shuiwu.quality.api import serializers
from shuiwu.quality.models import (
    Exceedance,
    Limit,
    Parameter,
    Plan,
    Result,
    Sample,
    SampleTask,
    SamplingPoint,
    Standard,
)


class ParameterViewSet(viewsets.ModelViewSet):
    queryset = Parameter.objects.all()
    serializer_class = serializers.ParameterSerializer
    filterset_class = filters.ParameterFilterSet


class StandardViewSet(viewsets.ModelViewSet):
    queryset = Standard.objects.all()
    serializer_class = serializers.StandardSerializer
    filterset_class = filters.StandardFilterSet


class LimitViewSet(viewsets.ModelViewSet):
    queryset = Limit.objects.select_related("parameter", "standard")
    serializer_class = serializers.LimitSerializer
    filterset_class = filters.LimitFilterSet


class PlanViewSet(viewsets.ModelViewSet):
    queryset = Plan.objects.prefetch_related("parameters")
    serializer_class = serializers.PlanSerializer
    filterset_class = filters.PlanFilterSet


class SamplingPointViewSet(ScopedModelViewSet):
    queryset = SamplingPoint.objects.all()
    serializer_class = serializers.SamplingPointSerializer
    filterset_class = filters.SamplingPointFilterSet


class SampleTaskViewSet(ScopedReadOnlyModelViewSet):
    """Tasks come from the plans, retests and raised frequencies; they are done by taking a sample."""

    queryset = SampleTask.objects.select_related("plan").prefetch_related("plan__parameters")
    serializer_class = serializers.SampleTaskSerializer
    filterset_class = filters.SampleTaskFilterSet


class ResultViewSet(ScopedReadOnlyModelViewSet):
    queryset = Result.objects.select_related(
        "sample", "sample__point", "parameter", "national_limit", "internal_limit"
    ).order_by("-sample__sampled_at", "sample_id", "parameter__order")
    serializer_class = serializers.ResultSerializer
    filterset_class = filters.ResultFilterSet


class ExceedanceViewSet(ScopedReadOnlyModelViewSet):
    queryset = Exceedance.objects.select_related("point", "parameter")
    serializer_class = serializers.ExceedanceSerializer
    filterset_class = filters.ExceedanceFilterSet


class SampleViewSet(ScopedReadOnlyModelViewSet):
    """Samples: POST takes one; ``results`` enters values; ``approve`` / ``return`` are the review."""

    queryset = Sample.objects.select_related("point")
    serializer_class = serializers.SampleSerializer
    filterset_class = filters.SampleFilterSet

    def get_serializer_class(self):
        return serializers.SampleSerializer if self.action == "list" else serializers.SampleDetailSerializer

    def get_queryset(self):
        queryset = super().get_queryset()
        if self.action != "list":
            queryset = queryset.prefetch_related(
                "results__parameter", "results__national_limit", "results__internal_limit"
            )
        return queryset

    def _reply(self, sample, code=status.HTTP_200_OK):
        sample = self.get_queryset().get(pk=sample.pk)
        return Response(serializers.SampleDetailSerializer(sample, context={"request": self.request}).data, status=code)

    @extend_schema(request=serializers.SampleInSerializer, responses=serializers.SampleDetailSerializer)
    def create(self, request):
        if not request.user.has_perm("quality.add_sample"):
            raise PermissionDenied()
        data = serializers.SampleInSerializer(data=request.data, user=request.user)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        sample = services.take_sample(
            user=request.user,
            task=v.get("task"),
            point=v.get("point"),
            parameter_codes=v.get("parameter_codes"),
            sampled_at=v.get("sampled_at"),
            sampled_by=v["sampled_by"],
            note=v["note"],
        )
        return self._reply(sample, status.HTTP_201_CREATED)

    @extend_schema(request=serializers.ResultsInSerializer, responses=serializers.SampleDetailSerializer)
    @action(detail=True, methods=["post"], permission_classes=[CanView])
    def results(self, request, pk=None):
        """Enter values {parameter code: "0.12" | "<0.01" | "未检出"}; ``submit`` hands the sample to review."""
        data = serializers.ResultsInSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        sample = services.enter_results(
            self.get_object(), data.validated_data["results"], user=request.user, submit=data.validated_data["submit"]
        )
        return self._reply(sample)

    @extend_schema(request=serializers.NoteSerializer, responses=serializers.SampleDetailSerializer)
    @action(detail=True, methods=["post"], permission_classes=[CanView])
    def approve(self, request, pk=None):
        data = serializers.NoteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        return self._reply(services.approve(self.get_object(), user=request.user, note=data.validated_data["note"]))

    @extend_schema(request=serializers.NoteSerializer, responses=serializers.SampleDetailSerializer)
    @action(detail=True, methods=["post"], url_path="return", permission_classes=[CanView])
    def return_(self, request, pk=None):
        data = serializers.NoteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        return self._reply(
            services.return_sample(self.get_object(), user=request.user, note=data.validated_data["note"])
        )


@extend_schema(request={"multipart/form-data": serializers.ImportSerializer}, responses=OpenApiTypes.OBJECT)
@api_view(["POST"])
@permission_classes([IsAuthenticated])
@parser_classes([MultiPartParser, FormParser])
def import_results(request):
    """Instrument results as CSV or Excel; a bad row rejects the whole file (400 naming each row)."""
    if not (request.user.has_perm("quality.add_sample") and request.user.has_perm("quality.change_sample")):
        raise PermissionDenied()
    data = serializers.ImportSerializer(data=request.data)
    data.is_valid(raise_exception=True)
    upload = data.validated_data["file"]
    report = imports.import_results(upload.read(), upload.name, user=request.user)
    return Response(
        {
            "rows": report.rows,
            "samples_created": report.samples_created,
            "samples_updated": report.samples_updated,
            "results": report.results,
            "samples": report.sample_numbers,
        },
        status=status.HTTP_201_CREATED,
    )


@extend_schema(
    parameters=[
        OpenApiParameter("point", int),
        OpenApiParameter("parameter", str),
        OpenApiParameter("start", str),
        OpenApiParameter("end", str),
    ],  # fmt: skip
    responses=OpenApiTypes.OBJECT,
)
@api_view(["GET"])
@permission_classes([IsAuthenticated])
def trend(request):
    """One parameter at one point: lab values, limits, and the online analyser's curve with the bias."""
    if not request.user.has_perm("quality.view_result"):
        raise PermissionDenied()
    errors = {}
    point = SamplingPoint.objects.restrict(request.user).filter(pk=request.query_params.get("point") or 0).first()
    if point is None:
        errors["point"] = "No such sampling point in your scope."
    parameter = Parameter.objects.filter(code=request.query_params.get("parameter", "")).first()
    if parameter is None:
        errors["parameter"] = "No such parameter code."
    start = parse_date(request.query_params.get("start", "") or "")
    end = parse_date(request.query_params.get("end", "") or "")
    if start is None:
        errors["start"] = "A date, YYYY-MM-DD."
    if end is None:
        errors["end"] = "A date, YYYY-MM-DD."
    if start and end and start > end:
        errors["end"] = "The end comes before the start."
    if errors:
        raise ValidationError(errors)
    return Response(services.trend(point, parameter, start, end))


@extend_schema(
    parameters=[
        OpenApiParameter("company", str, required=False),
        OpenApiParameter("start", str),
        OpenApiParameter("end", str),
    ],  # fmt: skip
    responses=OpenApiTypes.OBJECT,
)
@api_view(["GET"])
@permission_classes([IsAuthenticated])
def summary(request):
    """Samples planned, taken and late; pass rates (CJ/T 206 Table 4); exceedances."""
    return summary_response(request, "quality.view_sample", services.summary)
