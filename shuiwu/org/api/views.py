"""Viewsets of the org API."""

from django.db.models import Count

from shuiwu.core.api.viewsets import ScopedModelViewSet
from shuiwu.org import filters
from shuiwu.org.api import serializers
from shuiwu.org.models import Company, Department, Staff, Team


class CompanyViewSet(ScopedModelViewSet):
    queryset = Company.objects.all()
    serializer_class = serializers.CompanySerializer
    filterset_class = filters.CompanyFilterSet


class DepartmentViewSet(ScopedModelViewSet):
    queryset = Department.objects.all()
    serializer_class = serializers.DepartmentSerializer
    filterset_class = filters.DepartmentFilterSet


class TeamViewSet(ScopedModelViewSet):
    # Meta.ordering does not apply to a GROUP BY query: order explicitly.
    queryset = Team.objects.annotate(member_count=Count("members")).order_by("company__code", "code")
    serializer_class = serializers.TeamSerializer
    filterset_class = filters.TeamFilterSet


class StaffViewSet(ScopedModelViewSet):
    queryset = Staff.objects.select_related("user")
    serializer_class = serializers.StaffSerializer
    filterset_class = filters.StaffFilterSet
