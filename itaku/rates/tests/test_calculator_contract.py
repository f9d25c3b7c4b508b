"""The calculator opened from a contract: filled with that contract's figures, read through the
contracts' selector; each reason given once; every amount of the working with thousands separators."""

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.urls import reverse

from itaku.contracts.lifecycle.services.penalty import completion_that_passed
from itaku.contracts.models import Contract
from itaku.contracts.models.lifecycle import Invoice
from itaku.core.money import decimal_yen_text, tax_included
from itaku.rates.calculations import late_payment_interest
from itaku.rates.selectors import AppliedRate

SEED = "ひきこもり支援Web広告業務"


@pytest.fixture
def seed(demo):
    return Contract.objects.get(title=SEED)


def _values(html: str) -> dict:
    return dict(re.findall(r'<input type="(?:text|number|date)" name="(\w+)" value="([^"]*)"', html))


@pytest.mark.clause("K-13")
def test_the_penalty_calculator_is_filled_with_the_contract(client, demo, seed):
    client.force_login(demo["officer"])
    html = client.get(reverse("rates:calc"), {"kind": "penalty", "contract": seed.pk}).content.decode()
    values = _values(html)
    report = completion_that_passed(seed)
    assert report is not None
    assert values["amount"] == str(seed.amount) and values["end"] == seed.ends_on.isoformat()
    assert values["completed"] == report.reported_on.isoformat()
    assert "error-summary" not in html
    # The tabs keep the contract, so each kind is filled from it.
    assert f"?kind=tax&amp;contract={seed.pk}" in html
    html = client.get(reverse("rates:calc"), {"kind": "tax", "contract": seed.pk}).content.decode()
    assert _values(html)["amount"] == str(seed.amount)
    # What the query states wins over the contract's figure.
    query = {"kind": "penalty", "contract": seed.pk, "amount": "1000"}
    html = client.get(reverse("rates:calc"), query).content.decode()
    assert _values(html)["amount"] == "1000"


@pytest.mark.clause("K-12")
def test_the_interest_calculator_is_filled_with_the_contract_invoice_and_rate(client, demo, seed):
    client.force_login(demo["accountant"])
    html = client.get(reverse("rates:calc"), {"kind": "interest", "contract": seed.pk}).content.decode()
    values = _values(html)
    invoice = Invoice.objects.filter(contract=seed, state="received").order_by("-received_on", "-id").first()
    if invoice is not None:
        assert values["amount"] == str(invoice.amount)
        if invoice.due_on:
            assert values["due"] == invoice.due_on.isoformat()
    else:
        assert values["amount"] == str(seed.amount)
    if seed.late_payment_percent is None:
        assert values["signed"] == seed.signed_on.isoformat()
    else:
        assert Decimal(values["rate"]) == seed.late_payment_percent


def test_the_rate_panel_links_to_the_calculator_with_the_contract_only(client, demo, seed):
    client.force_login(demo["officer"])
    # The rate is shown in the section 完了・検査・支払, with the payments it applies to.
    html = client.get(reverse("contracts:section", args=[seed.pk, "lifecycle"])).content.decode()
    assert f'{reverse("rates:calc")}?kind=interest&amp;contract={seed.pk}"' in html
    assert f'{reverse("rates:calc")}?kind=penalty&amp;contract={seed.pk}"' in html


def test_a_contract_outside_ones_view_is_not_found(client, demo, seed):
    client.force_login(demo["outsider"])
    assert client.get(reverse("rates:calc"), {"kind": "penalty", "contract": seed.pk}).status_code == 404


@pytest.mark.clause("K-12")
def test_each_reason_is_given_once(client, demo):
    client.force_login(demo["officer"])
    html = client.get(reverse("rates:calc"), {"kind": "interest", "amount": "3300000", "due": "2024-04-30",
                                               "paid": "2024-06-05", "signed": "2023-06-01"}).content.decode()
    working = html[html.index('id="working-title"'):]
    assert working.count("に適用される率") == 1 and working.count("根拠") == 1
    assert "率が適用される理由" not in working


@pytest.mark.clause("K-12")
@pytest.mark.clause("K-3")
def test_the_working_writes_amounts_with_thousands_separators(client, demo):
    assert decimal_yen_text(Decimal("8815.0699")) == "8,815.06"
    assert decimal_yen_text(Decimal("684.93")) == "684.93"
    rate = AppliedRate(percent=Decimal("2.5"), source="契約書", reason="契約で定めた率")

    working = late_payment_interest(amount=3_300_000, due_on=dt.date(2024, 4, 30), paid_on=dt.date(2024, 9, 7),
                                    rate=rate)
    formula = dict(working.steps)["計算"]
    assert formula.startswith("3,300,000 × 2.5% × 130 / 365 = ") and formula.endswith("29,383.56円")
    assert dict(tax_included(123_456_789).steps)["計算"] == "123,456,789 × 10 / 110 = 11,223,344.45円"
    client.force_login(demo["officer"])
    html = client.get(reverse("rates:calc"), {"kind": "interest", "amount": "3300000", "due": "2024-04-30",
                                               "paid": "2024-09-07", "rate": "2.5"}).content.decode()
    assert "29,383.56円" in html and "29,300円" in html
