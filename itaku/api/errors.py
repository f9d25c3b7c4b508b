"""Every API error is ``{"code", "clause", "detail"}``."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from itaku.core.exceptions import ClauseViolation


def _flatten(detail):
    if isinstance(detail, dict):
        parts = []
        for key, value in detail.items():
            text = _flatten(value)
            parts.append(text if key == "non_field_errors" else f"{key}: {text}")
        return " ".join(parts)
    if isinstance(detail, list):
        return " ".join(_flatten(item) for item in detail)
    return str(detail)


def exception_handler(exc, context):
    if isinstance(exc, ClauseViolation):
        body = {"code": exc.code, "clause": exc.clause, "detail": str(exc.detail)}
        if exc.field:
            body["field"] = exc.field
        return Response(body, status=exc.status_code)
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied()
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.ValidationError):
        fields = list(exc.detail) if isinstance(exc.detail, dict) else []
        response.data = {"code": "invalid", "clause": None, "detail": _flatten(exc.detail)}
        if fields:
            response.data["fields"] = exc.detail
        response.status_code = status.HTTP_400_BAD_REQUEST
    else:
        codes = exc.get_codes() if isinstance(exc, exceptions.APIException) else "error"
        response.data = {
            "code": codes if isinstance(codes, str) else "error",
            "clause": None,
            "detail": _flatten(response.data.get("detail", response.data)),
        }
    return response
