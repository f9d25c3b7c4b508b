"""English mode: pages show Western dates and JPY amounts; official documents stay Japanese."""

import datetime as dt
import io

import pytest
from django.urls import reverse
from django.utils import translation

from itaku.contracts.models import Contract
from itaku.core.tests.html import unwrapped
from itaku.documents.services import document_generate
from itaku.rates.tests.pdftext import pdf_text

SEED = "ひきこもり支援Web広告業務"


def _english(client):
    client.post(reverse("set_language"), {"language": "en", "next": reverse("contracts:list")})


@pytest.mark.clause("K-3")
def test_english_pages_show_western_dates_and_jpy(client, demo):
    seed = Contract.objects.get(title=SEED)
    client.force_login(demo["officer"])
    _english(client)
    html = unwrapped(client.get(reverse("contracts:detail", args=[seed.pk])).content.decode())
    assert "JPY 3,300,000 (incl. consumption tax JPY 300,000)" in html
    assert "1 June 2023" in html and "31 March 2024" in html
    # The clauses keep the contract's own (Japanese) words; the page's own text is in English.
    html = unwrapped(client.get(reverse("contracts:list")).content.decode())
    assert "JPY 3,300,000" in html and "FY2023" in html and "令和5年度" not in html
    html = unwrapped(client.get(reverse("rates:calc"), {"kind": "tax", "amount": "1234000"}).content.decode())
    assert "JPY 112,181" in html


@pytest.mark.clause("K-6")
def test_official_documents_stay_japanese_in_english_mode(demo):
    from docx import Document

    from itaku.consents.models import ConsentRequest

    seed = Contract.objects.get(title=SEED)
    consent = ConsentRequest.objects.filter(contract=seed, state="approved").first()
    with translation.override("en"):
        letter = document_generate(actor=demo["officer"], contract=seed, kind="consent_letter", fmt="pdf",
                                   source=consent)
        docx = document_generate(actor=demo["officer"], contract=seed, kind="contract", fmt="docx")
    text = pdf_text(letter.content)
    assert "承諾書" in text and "令和5年6月19日" in text and "June" not in text and "JPY" not in text
    body = "\n".join(p.text for p in Document(io.BytesIO(docx.content)).paragraphs)
    assert "業務委託契約書" in body and "JPY" not in body and "March" not in body
    assert consent.decided_on == dt.date(2023, 6, 19)
