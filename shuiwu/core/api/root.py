"""The API root: one entry per app, each with its own router."""

from rest_framework.decorators import api_view, permission_classes
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.reverse import reverse


@api_view(["GET"])
@permission_classes([IsAuthenticated])
def api_root(request, format=None):
    return Response(
        {
            "org": reverse("org-api:api-root", request=request, format=format),
            "assets": reverse("assets-api:api-root", request=request, format=format),
            "work": reverse("work-api:api-root", request=request, format=format),
            "inspections": reverse("inspections-api:api-root", request=request, format=format),
            "telemetry": reverse("telemetry-api:api-root", request=request, format=format),
            "hydraulics": reverse("hydraulics-api:api-root", request=request, format=format),
            "customers": reverse("customers-api:api-root", request=request, format=format),
            "service": reverse("service-api:api-root", request=request, format=format),
            "analytics": reverse("analytics-api:api-root", request=request, format=format),
            "quality": reverse("quality-api:api-root", request=request, format=format),
            "plants": reverse("plants-api:api-root", request=request, format=format),
            "projects": reverse("projects-api:api-root", request=request, format=format),
            "emergency": reverse("emergency-api:api-root", request=request, format=format),
            "people": reverse("people-api:api-root", request=request, format=format),
            "reports": reverse("reports-api:api-root", request=request, format=format),
            "core": reverse("core-api:api-root", request=request, format=format),
            "schema": reverse("api-schema", request=request, format=format),
            "docs": reverse("api-docs", request=request, format=format),
        }
    )
