"""The input hygiene on the pages: every form of the project is hygienic, and every field of every form
refuses control characters, integers beyond their range and dates out of range, as form errors."""

import importlib
import inspect
import pkgutil

import pytest
from django import forms as django_forms
from django.urls import reverse

import itaku
from itaku.contracts.models import Contract
from itaku.core.forms import InputHygieneMixin

SEED = "ひきこもり支援Web広告業務"
BIG = "99999999999999999999"


def _project_forms():
    """Every form class defined in the project's modules (the tests' aside)."""
    for module in pkgutil.walk_packages(itaku.__path__, "itaku."):
        if ".tests" in module.name or ".migrations" in module.name or module.name.endswith("__main__"):
            continue
        importlib.import_module(module.name)
    seen, stack = set(), [django_forms.BaseForm]
    while stack:
        cls = stack.pop()
        for sub in cls.__subclasses__():
            if sub not in seen:
                seen.add(sub)
                stack.append(sub)
    return sorted((cls for cls in seen if cls.__module__.startswith("itaku.") and ".tests" not in cls.__module__
                   and cls.__module__ != "itaku.core.forms" and not cls.__name__.startswith("_")),
                  key=lambda c: (c.__module__, c.__name__))


def test_every_form_of_the_project_is_hygienic():
    found = _project_forms()
    assert len(found) >= 30
    unclean = [f"{cls.__module__}.{cls.__name__}" for cls in found if not issubclass(cls, InputHygieneMixin)]
    assert not unclean, "forms not built on itaku.core.forms: " + ", ".join(unclean)


def _instances(demo, seed):
    """An instance of every project form for each set of arguments it takes (each consent kind's)."""
    from itaku.accounts.models import Organisation, User
    from itaku.consents import kinds

    arguments = {"actor": [demo["officer"]], "contract": [seed], "kind": list(kinds.all_kinds()),
                 "contractors": [Organisation.objects.all()], "fiscal_years": [[2023, 2024]],
                 "members": [User.objects.all()], "ground_rows": [[]]}
    for cls in _project_forms():
        params = [p for p in inspect.signature(cls.__init__).parameters.values() if p.kind == p.KEYWORD_ONLY]
        variants = [{}]
        for param in params:
            # An argument the walk does not know keeps its default (a form's optional help text …).
            values = arguments[param.name] if param.name in arguments or param.default is param.empty \
                else [param.default]
            variants = [{**v, param.name: value} for v in variants for value in values]
        for kwargs in variants:
            yield cls, kwargs


def _errors(form, name) -> list[str]:
    return [e.code for e in form.errors.as_data().get(name, [])]


def test_every_field_of_every_form_refuses_what_the_hygiene_refuses(demo):
    seed = Contract.objects.get(title=SEED)
    failures, checked = [], 0
    for cls, kwargs in _instances(demo, seed):
        for name, field in cls(**kwargs).fields.items():
            if isinstance(field, django_forms.FileField) or field.disabled:
                continue  # files: checked by their content (test_hygiene); a disabled field reads no input
            multiple = isinstance(field, django_forms.MultipleChoiceField)
            cases = [("bad\x00", {"control_character"}), ("bad\x1b", {"control_character"}),
                     ("\x7f", {"control_character"})]
            if isinstance(field, django_forms.IntegerField) and not isinstance(
                    field, django_forms.DecimalField | django_forms.FloatField):
                cases.append((BIG, {"out_of_range", "max_value"}))  # a declared maximum says its own words
            if isinstance(field, django_forms.DateField):
                cases += [("0001-01-01", {"date_out_of_range"}), ("10000-01-01", {"date_out_of_range"})]
            for value, codes in cases:
                form = cls({name: [value] if multiple else value}, **kwargs)
                form.is_valid()
                checked += 1
                if not set(_errors(form, name)) & codes:
                    failures.append((cls.__name__, kwargs.get("kind"), name, repr(value), _errors(form, name)))
    assert not failures, "\n".join(map(str, failures))
    assert checked > 300


def test_a_form_reads_numbers_and_codes_in_nfkc_and_prose_in_nfc(demo):
    from itaku.oversight.forms import RequestForm

    form = RequestForm({"clause_id": "K-10", "kind": "report", "addressed_role": "representative",
                        "subject": "報告\r\nか\u3099１", "body": "本文", "due_on": "２０２４－０５－０１"})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["subject"] == "報告\nが１"
    assert form.cleaned_data["due_on"].isoformat() == "2024-05-01"


# -- through the pages -----------------------------------------------------------------------------


def test_a_control_character_in_a_title_is_a_form_error_on_the_page(client, demo):
    from itaku.contracts.models import ContractTemplate

    client.force_login(demo["officer"])
    data = {"template": ContractTemplate.objects.get().pk, "title": "新規業務\x0b", "contractor":
            demo["rep"].organisation_id, "signed_on": "2024-04-01", "ends_on": "2025-03-01", "amount": "1000",
            "deposit_exempt": "on", "deposit_exemption_basis": "財務規則", "officers": [demo["officer"].pk]}
    response = client.post(reverse("contracts:create"), data)
    assert response.status_code == 200
    assert _errors(response.context["form"], "title") == ["control_character"]
    assert not Contract.objects.filter(title__startswith="新規業務").exists()


def test_the_contract_lists_filters_out_of_range_are_form_errors(client, demo):
    client.force_login(demo["officer"])
    for params, field, code in [({"fiscal_year": BIG}, "fiscal_year", "invalid_choice"),
                                ({"contractor": BIG}, "contractor", "invalid_choice"),
                                ({"contractor": "1e30"}, "contractor", "invalid_choice"),
                                ({"q": "a\x00"}, "q", "control_character")]:
        response = client.get(reverse("contracts:list"), params)
        assert response.status_code == 200
        assert _errors(response.context["form"], field) == [code], params


def test_a_date_out_of_range_is_a_form_error_on_the_invoice_page(client, demo):
    seed = Contract.objects.get(title=SEED)
    client.force_login(demo["accountant"])
    for day in ("0001-01-01", "10000-01-01"):
        response = client.post(reverse("contracts:lifecycle-invoice", args=[seed.pk]), {
            "invoice-received_on": day, "invoice-amount": "1000", "invoice-decision": "received"})
        assert response.status_code == 200
        assert _errors(response.context["form"], "received_on") == ["date_out_of_range"]


@pytest.mark.parametrize("amount", ["9" * 5000, "1" + "0" * 30])
def test_a_huge_amount_on_the_calculator_page_is_a_form_error(client, demo, amount):
    client.force_login(demo["worker1"])
    response = client.get(reverse("rates:calc"), {"kind": "tax", "amount": amount, "rounding": "down"})
    assert response.status_code == 400
    assert _errors(response.context["form"], "amount")


def test_the_calculator_page_ignores_a_contract_that_is_no_id(client, demo):
    client.force_login(demo["worker1"])
    for contract in ("1e30", "9" * 5000, BIG, "a\x00"):
        response = client.get(reverse("rates:calc"), {"kind": "tax", "amount": "110", "contract": contract})
        assert response.status_code == 200 and response.context["contract"] is None


def test_an_oversized_post_to_a_page_answers_a_page_in_the_readers_language(client, demo, settings):
    client.force_login(demo["officer"])
    body = "title=" + "x" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 10)
    response = client.post(reverse("contracts:create"), data=body, content_type="application/x-www-form-urlencoded")
    assert response.status_code == 413
    assert response["Content-Type"].startswith("text/html") and "データが大きすぎます" in response.content.decode()
