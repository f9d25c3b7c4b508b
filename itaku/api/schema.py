"""The OpenAPI schema says what the API answers, refusals included.

Every refusal answers ``{"code", "clause", "detail"}`` (see :mod:`itaku.api.errors`): the schema declares it
for the status codes any operation can give (400 input, 401/403 authentication and permission, 404 not
found or not visible), 413 and 415 where a body is read, and 429 where a throttle applies.
"""

from drf_spectacular import openapi
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema_field
from rest_framework import serializers

ERROR_CODES = ("400", "401", "403", "404")
ERROR_DESCRIPTIONS = {
    "400": "The input is not valid, or a clause refuses the action (the clause is named).",
    "401": "The credentials are missing or wrong.",
    "403": "Not signed in, or the user may see the object but not take this action.",
    "404": "No such object, or not one the user may see; also a page number past the end of a list.",
    "413": "The body is larger than the server accepts.",
    "415": "The body's media type is not one the operation reads.",
    "429": "Too many attempts: wait and try again.",
}
BODY_METHODS = {"POST", "PUT", "PATCH"}


class ErrorSerializer(serializers.Serializer):
    """A refusal: a stable code, the clause that forbids the action (or null), and a message for people."""

    code = serializers.CharField(help_text="machine-readable code, e.g. invalid, not_found, permission_denied")
    clause = serializers.CharField(allow_null=True, help_text="the clause ID that forbids the action, or null")
    detail = serializers.CharField(help_text="the message for people (Japanese by default)")
    field = serializers.CharField(required=False, help_text="the input field at fault, when there is one")
    fields = serializers.DictField(required=False, help_text="the messages of each invalid input field")


class AutoSchema(openapi.AutoSchema):
    """drf-spectacular's schema, with the error responses every operation can give."""

    def _error_codes(self) -> list[str]:
        codes = list(ERROR_CODES)
        if self.method in BODY_METHODS:
            codes += ["413", "415"]
        if self.view.get_throttles():
            codes.append("429")
        return codes

    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        for code in self._error_codes():
            if code not in responses:
                error = OpenApiResponse(ErrorSerializer, description=ERROR_DESCRIPTIONS[code])
                responses[code] = self._get_response_for_code(error, code, direction=direction)
        return responses


@extend_schema_field(OpenApiTypes.STR)
class UsernameField(serializers.SlugRelatedField):
    """A user given by their login name (read only). Pass ``allow_null=True`` where nobody may be named yet."""

    def __init__(self, **kwargs):
        kwargs.setdefault("read_only", True)
        super().__init__(slug_field="username", **kwargs)
