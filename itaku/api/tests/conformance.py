"""Check a response of the test client against the API's own OpenAPI schema (schemathesis's validator):
the status code is declared, and the body matches the schema declared for it."""

import functools
import json

import requests
import schemathesis
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.renderers import OpenApiJsonRenderer
from schemathesis.core.transport import Response


@functools.cache
def api_schema():
    spec = SchemaGenerator().get_schema(request=None, public=True)
    return schemathesis.openapi.from_dict(json.loads(OpenApiJsonRenderer().render(spec)))


def operation(method: str, template: str):
    return api_schema()[template][method.upper()]


def assert_conforms(response, method: str, template: str) -> None:
    """``template`` is the schema's path, e.g. ``/api/v1/obligations/{id}/waive/``."""
    op = operation(method, template)
    declared = op.definition.raw["responses"]
    assert str(response.status_code) in declared, (
        f"{method} {template} answered {response.status_code}, declared {sorted(declared)}: {response.content[:300]}")
    request = requests.Request(method.upper(), "http://testserver" + response.wsgi_request.get_full_path()).prepare()
    headers = {name.lower(): [value] for name, value in response.headers.items()}
    op.validate_response(Response(status_code=response.status_code, headers=headers, content=response.content,
                                  request=request, elapsed=0.0, verify=False))
