"""Every API error is ``{"code", "clause", "detail"}``."""

from django.core.exceptions import PermissionDenied, RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent
from django.http import Http404
from django.utils.translation import gettext as _
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from itaku.core import hygiene
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


def _codes(codes):
    if isinstance(codes, dict):
        for value in codes.values():
            yield from _codes(value)
    elif isinstance(codes, list):
        for value in codes:
            yield from _codes(value)
    else:
        yield codes


def _code_of(exc: exceptions.ValidationError) -> str:
    """"invalid", or the input hygiene's more precise code (``date_out_of_range``, ``out_of_range``,
    ``control_character``) when a field was refused for that reason."""
    return next((code for code in _codes(exc.get_codes()) if code in hygiene.CODES), "invalid")


def oversized_response(exc) -> tuple[dict, int]:
    """The body and status for a request refused before it was read: too large (413), too many fields (400)."""
    if isinstance(exc, RequestDataTooBig):
        return {"code": "request_too_large", "clause": None,
                "detail": _("送信されたデータが大きすぎます。")}, status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    return {"code": "too_many_fields", "clause": None,
            "detail": _("送信された項目又はファイルが多すぎます。")}, status.HTTP_400_BAD_REQUEST


def exception_handler(exc, context):
    if isinstance(exc, RequestDataTooBig | TooManyFieldsSent | TooManyFilesSent):
        body, status_code = oversized_response(exc)
        return Response(body, status=status_code)
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
        response.data = {"code": _code_of(exc), "clause": None, "detail": _flatten(exc.detail)}
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
