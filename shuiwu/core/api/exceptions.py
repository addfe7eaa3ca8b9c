"""The API's error responses: field and reason in a 400, conflicts as 409."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import ProtectedError, RestrictedError
from rest_framework import status
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from shuiwu.core.exceptions import ConflictError


def exception_handler(exc, context):
    if isinstance(exc, DjangoValidationError):
        detail = exc.message_dict if hasattr(exc, "error_dict") else {"non_field_errors": exc.messages}
        exc = ValidationError(detail)
    if isinstance(exc, ProtectedError | RestrictedError):
        names = sorted(
            {
                str(o)
                for o in list(exc.protected_objects if isinstance(exc, ProtectedError) else exc.restricted_objects)[:5]
            }
        )
        return Response(
            {"detail": f"In use and cannot be deleted: {', '.join(names)}"}, status=status.HTTP_409_CONFLICT
        )
    if isinstance(exc, ConflictError):
        return Response({"detail": str(exc), **exc.extra}, status=status.HTTP_409_CONFLICT)
    return drf_exception_handler(exc, context)
