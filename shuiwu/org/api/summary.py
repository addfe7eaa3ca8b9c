"""The one shape of every app's ``…/summary/`` view: ?company=<code>&start=<date>&end=<date>."""

from rest_framework import serializers
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.response import Response

from shuiwu.core import scope
from shuiwu.org.models import Company


class PeriodQuerySerializer(serializers.Serializer):
    company = serializers.CharField(required=False, allow_blank=True, help_text="Company code; empty: all in scope")
    start = serializers.DateField()
    end = serializers.DateField()

    def validate(self, attrs):
        if attrs["start"] > attrs["end"]:
            raise serializers.ValidationError({"end": "The end comes before the start."})
        return attrs


def summary_response(request, permission: str, compute) -> Response:
    """Check the permission and the period, resolve the company within scope, return ``compute(...)``."""
    if not request.user.has_perm(permission):
        raise PermissionDenied("You may not see these figures.")
    query = PeriodQuerySerializer(data=request.query_params)
    query.is_valid(raise_exception=True)
    code = query.validated_data.get("company")
    company = None
    if code:
        company = Company.objects.filter(code=code).first()
        if company is None:
            raise ValidationError({"company": f"No company with code {code!r}."})
        if not scope.can_access_company(request.user, company.pk):
            raise PermissionDenied("That company is outside your scope.")
    return Response(compute(company, query.validated_data["start"], query.validated_data["end"], user=request.user))
