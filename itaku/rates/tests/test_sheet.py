"""The calculation sheet (K-13: 「計算書」): A4, the Japanese font embedded, 和暦, the journal head."""

import datetime as dt
import re
from decimal import Decimal

import pytest

from itaku.journal.chain import head_hash
from itaku.rates.calculations import late_completion_penalty
from itaku.rates.selectors import AppliedRate
from itaku.rates.sheet import sheet_pdf

from .pdftext import pdf_text


@pytest.mark.clause("K-13")
@pytest.mark.django_db
def test_sheet_has_the_font_the_working_and_the_journal_head():
    rate = AppliedRate(percent=Decimal("3"), source="民法404条（令和5年4月1日からの期、法務省告示）",
                       reason="遅延が生じた日の法定利率", effective_from=dt.date(2023, 4, 1))
    working = late_completion_penalty(amount=3_300_000, ends_on=dt.date(2024, 3, 31),
                                      completed_on=dt.date(2024, 4, 12), rate=rate)
    content = sheet_pdf(working, heading=["業務名　ひきこもり支援Web広告業務"], made_on=dt.date(2024, 4, 15))
    assert content.startswith(b"%PDF")
    assert b"/MediaBox [0 0 595.28 841.89]" in content  # A4 portrait
    # The font is embedded: NotoSerifJP is a CFF (OpenType) font, so fpdf2 embeds it as /FontFile3.
    assert re.search(rb"/FontFile[23]\b", content) and b"NotoSerifJP" in content
    text = pdf_text(content)
    assert "延滞違約金計算書" in text
    assert "金3,254円" in text
    assert "作成日　令和6年4月15日" in text
    assert "令和6年4月1日～令和6年4月12日" in text
    assert "業務名　ひきこもり支援Web広告業務" in text
    assert f"ジャーナル先頭ハッシュ: {head_hash()}" in text
