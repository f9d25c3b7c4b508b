"""The input hygiene over the whole API, walked from the OpenAPI schema and the filter sets: every field of
every request body the officer or the contractor's representative can send, and every filter of every
list endpoint.

- a control character in any field (nested strings of JSON statements and lists included): 400 naming it;
- an integer beyond 64 bits in any integer field or filter: 400 ``out_of_range`` naming it;
- a date before 明治 or after 9999 in any date field or filter: 400 ``date_out_of_range`` naming it;
- a contract one cannot see, as a list's filter: an empty 200 on every endpoint.
"""

import pytest
from django.urls import reverse
from drf_spectacular.generators import SchemaGenerator
from rest_framework.test import APIClient

from itaku.api.urls import router
from itaku.contracts.models import Contract

SEED = "ひきこもり支援Web広告業務"
# Tried in this order: the first who is not refused (403) writes (the privacy officer: the close-out of
# personal information, P-6-7).
WRITERS = ("officer", "rep", "inspector", "accountant", "privacy")
BIG = 99999999999999999999  # beyond 64 bits
FAR_DATES = ("0001-01-01", "10000-01-01")


@pytest.fixture
def api():
    return APIClient()


def _request_bodies():
    """(path, {field: property schema}) of every POST with a body, from the OpenAPI schema."""
    schema = SchemaGenerator().get_schema(request=None, public=True)
    components = schema["components"]["schemas"]
    for path, operations in schema["paths"].items():
        operation = operations.get("post")
        if not operation or not operation.get("requestBody") or path.endswith("/auth/token/"):
            continue
        content = operation["requestBody"]["content"]
        body = content.get("application/json") or next(iter(content.values()))
        ref = body["schema"].get("$ref", "")
        yield path, components[ref.rsplit("/", 1)[-1]]["properties"] if ref else {}


def _object_id(api, demo, path: str, seed: Contract):
    """An object to act on for a path with ``{id}``: the seed contract's, or the first the officer sees."""
    if "{id}" not in path:
        return None
    prefix = path.split("/api/v1/", 1)[1].split("/", 1)[0]
    if prefix == "contract-rates":
        return seed.pk
    api.force_authenticate(demo["officer"])
    basename = next(b for p, _v, b in router.registry if p == prefix)
    results = api.get(reverse(f"api:{basename}-list"), {"contract": seed.pk}).json()["results"]
    results = results or api.get(reverse(f"api:{basename}-list")).json()["results"]
    return results[0]["id"] if results else None


def _post(api, demo, url, body):
    """The first writer's answer who is allowed to send this request."""
    for username in WRITERS:
        api.force_authenticate(demo[username])
        response = api.post(url, body, format="json")
        if response.status_code != 403:
            return username, response
    return None, response


def _named(response, field) -> bool:
    return response.status_code == 400 and field in response.json().get("fields", {})


def _bad_values(prop: dict):
    """(value, expected code) pairs to send in a field of this schema."""
    kind, fmt = prop.get("type"), prop.get("format")
    if fmt == "binary" or (kind == "array" and (prop.get("items") or {}).get("format") == "binary"):
        return []  # files: checked by their content (test_hygiene)
    if kind == "array":
        item = (prop.get("items") or {}).get("type")
        values = [(["ok", "bad\x00"], "control_character")]
        if item == "integer":
            values = [([BIG], None)]
        return values
    if kind == "object":
        return [({"scope": "bad\x00", "nested": {"reason": "bad\x01"}}, "control_character")]
    values = [("bad\x00value", "control_character"), ("bad\x1bvalue", "control_character")]
    if kind == "integer":
        values.append((BIG, "out_of_range"))
    if fmt == "date":
        values += [(day, "date_out_of_range") for day in FAR_DATES]
    return values


def test_every_field_of_every_request_body_passes_the_hygiene(api, demo):
    import datetime as dt

    from itaku.contracts.termination.services import contract_terminate
    from itaku.contracts.tests.authz_expect_termination import twin

    seed = Contract.objects.get(title=SEED)
    # The demo has no termination: one to settle.
    contract_terminate(actor=demo["officer"], contract=twin(demo, seed, "解除される業務（テスト）"),
                       grounds=["K-14-1-1"], facts="期限までに成果物の納品がない。", terminated_on=dt.date(2023, 12, 1),
                       penalty_due_on=dt.date(2024, 1, 10))
    failures, checked, skipped = [], 0, []
    for path, properties in _request_bodies():
        object_id = _object_id(api, demo, path, seed)
        if "{id}" in path and object_id is None:
            skipped.append(path)
            continue
        url = path.replace("{id}", str(object_id))
        for field, prop in properties.items():
            for value, code in _bad_values(prop):
                username, response = _post(api, demo, url, {field: value})
                checked += 1
                body = response.json() if response["Content-Type"].startswith("application/json") else {}
                if not _named(response, field) or (code and body.get("code") != code):
                    failures.append((path, field, repr(value), username, response.status_code, body))
    assert not failures, "\n".join(map(str, failures))
    assert not skipped, skipped
    assert checked > 120  # every writable field of the API, three to four values each


def _filtersets():
    for prefix, viewset, basename in router.registry:
        if getattr(viewset, "filterset_class", None) is not None:
            yield prefix, basename, viewset.filterset_class


def test_every_filter_of_every_list_passes_the_hygiene(api, demo):
    from django import forms

    api.force_authenticate(demo["officer"])
    failures, checked = [], 0
    for _prefix, basename, filterset_class in _filtersets():
        url = reverse(f"api:{basename}-list")
        for name, filter_ in filterset_class.base_filters.items():
            field_class = filter_.field_class
            values = [("a\x00", "control_character"), ("a\x07", "control_character")]
            if issubclass(field_class, forms.DecimalField | forms.IntegerField):
                values += [("1e30", "out_of_range"), (str(BIG), "out_of_range"), ("-" + str(BIG), "out_of_range")]
            if issubclass(field_class, forms.DateField):
                values += [(day, "date_out_of_range") for day in FAR_DATES]
            for value, code in values:
                response = api.get(url, {name: value})
                checked += 1
                if not _named(response, name) or response.json()["code"] != code:
                    failures.append((basename, name, value, response.status_code, response.content[:300]))
    assert not failures, "\n".join(map(str, failures))
    assert checked >= 60


def test_full_width_digits_read_as_numbers_in_filters(api, demo):
    seed = Contract.objects.get(title=SEED)
    api.force_authenticate(demo["officer"])
    url = reverse("api:obligation-list")
    full_width = str(seed.pk).translate(str.maketrans("0123456789", "０１２３４５６７８９"))
    # the obligations' list is paginated by a cursor: its rows, not a count
    rows = api.get(url, {"contract": full_width}).json()["results"]
    assert rows and rows == api.get(url, {"contract": seed.pk}).json()["results"]
    assert api.get(reverse("api:contract-list"), {"fiscal_year": "２０２４"}).json()["count"] == 1


def test_a_contract_one_cannot_see_filters_every_list_to_nothing(api, demo):
    """The same answer everywhere, and no hint that the contract exists: an empty list."""
    seed = Contract.objects.get(title=SEED)
    lists = [(basename, filterset_class) for _p, basename, filterset_class in _filtersets()
             if "contract" in filterset_class.base_filters]
    assert len(lists) >= 12
    for username, expect_rows in (("outsider", False), ("officer", True)):
        api.force_authenticate(demo[username])
        seen = 0
        for basename, _filterset in lists:
            response = api.get(reverse(f"api:{basename}-list"), {"contract": seed.pk})
            assert response.status_code == 200, (basename, response.content[:300])
            listed = response.json()
            listed = listed.get("count", len(listed["results"]))  # a cursor's page does not count
            if expect_rows:
                seen += listed
            else:
                assert listed == 0, basename
        assert not expect_rows or seen > 0
    missing = Contract.objects.order_by("-pk").first().pk + 1000
    api.force_authenticate(demo["officer"])
    for basename, _filterset in lists:
        response = api.get(reverse(f"api:{basename}-list"), {"contract": missing})
        assert response.status_code == 200 and response.json()["results"] == [], basename


def test_nul_in_a_consent_statement_is_refused_naming_the_field(api, demo):
    from itaku.consents.models import ConsentRequest

    seed = Contract.objects.get(title=SEED)
    api.force_authenticate(demo["rep"])
    before = ConsentRequest.objects.count()
    response = api.post(reverse("api:consent-list"), {"contract": seed.pk, "kind": "subcontract",
                                                       "statement": {"scope": "バナー\x00制作"}}, format="json")
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "control_character" and body["fields"] == {"statement": {"scope": [body["fields"][
        "statement"]["scope"][0]]}}
    assert "statement" in body["detail"] and "scope" in body["detail"]
    assert ConsentRequest.objects.count() == before


def test_text_is_normalised_before_it_is_stored(api, demo):
    seed = Contract.objects.get(title=SEED)
    api.force_authenticate(demo["officer"])
    response = api.post(reverse("api:oversight-request-list"), {
        "contract": "１" if seed.pk == 1 else str(seed.pk), "kind": "report", "subject": "報告\r\nか\u3099",
        "body": "１２３", "due_on": "２０９９-０１-３１"}, format="json")
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["subject"] == "報告\nが"  # NFC, and CR LF read as LF
    assert body["body"] == "１２３"  # prose keeps full-width digits
    assert body["due_on"] == "2099-01-31"  # a date is a code: NFKC


def test_oversized_bodies_answer_the_api_error_shape(api, demo, settings):
    api.force_authenticate(demo["officer"])
    body = b'{"title": "' + b"x" * max(5 * 1024 * 1024, settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 10) + b'"}'
    response = api.post(reverse("api:contract-list"), data=body, content_type="application/json")
    assert response.status_code == 413
    assert response["Content-Type"] == "application/json"
    assert response.json()["code"] == "request_too_large" and set(response.json()) == {"code", "clause", "detail"}
    form = "&".join(f"f{i}=1" for i in range(settings.DATA_UPLOAD_MAX_NUMBER_FIELDS + 1))
    response = api.post(reverse("api:contract-list"), data=form, content_type="application/x-www-form-urlencoded")
    assert response.status_code == 400 and response.json()["code"] == "too_many_fields"


def test_a_5000_digit_amount_on_the_calculator_is_refused_naming_the_field(api, demo):
    api.force_authenticate(demo["officer"])
    response = api.get(reverse("api:calc-tax"), {"amount": "9" * 5000})
    assert response.status_code == 400
    assert response.json()["field"] == "amount" and response.json()["clause"] == "K-3"
    assert api.get(reverse("api:calc-tax"), {"amount": "１１０"}).json()["result"] == 10
    response = api.get(reverse("api:calc-interest"), {"amount": "1000", "due": "0001-01-01", "paid": "2024-01-01"})
    assert response.status_code == 400 and response.json()["code"] == "date_out_of_range"
    assert response.json()["field"] == "due"
