"""Serializers of the org API."""

from rest_framework import serializers

from shuiwu.core.api.serializers import ScopedModelSerializer
from shuiwu.org.models import Company, Department, Staff, Team


class CompanySerializer(ScopedModelSerializer):
    class Meta:
        model = Company
        fields = [
            "id",
            "display",
            "code",
            "name",
            "short_name",
            "kind",
            "parent",
            "phone",
            "address",
            "created",
            "updated",
        ]


class DepartmentSerializer(ScopedModelSerializer):
    class Meta:
        model = Department
        fields = ["id", "display", "company", "code", "name", "parent", "created", "updated"]


class TeamSerializer(ScopedModelSerializer):
    member_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = Team
        fields = [
            "id",
            "display",
            "company",
            "code",
            "name",
            "kind",
            "department",
            "phone",
            "active",
            "member_count",
            "created",
            "updated",
        ]


class StaffSerializer(ScopedModelSerializer):
    username = serializers.CharField(source="user.username", read_only=True, default=None)

    class Meta:
        model = Staff
        fields = [
            "id",
            "display",
            "company",
            "employee_no",
            "name",
            "phone",
            "role",
            "title",
            "department",
            "team",
            "username",
            "active",
            "hired_on",
            "created",
            "updated",
        ]
