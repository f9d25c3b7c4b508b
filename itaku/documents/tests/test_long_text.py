"""Long unbroken text (Latin letters, digits, URLs) wraps inside its cell and its page in every generated
PDF: the contract, the consent letter and the calculation sheets. Checked by where each glyph stands,
and by reading every character back."""

import datetime as dt
import shutil
import subprocess
from decimal import Decimal

import pytest

from itaku.consents.services import consent_decide, consent_submit
from itaku.contracts.models import Contract
from itaku.contracts.renderers import sheet_heading
from itaku.documents.renderers.contract import contract_pdf
from itaku.documents.renderers.pdf import MARGIN_LEFT, MARGIN_RIGHT, OfficialPDF
from itaku.documents.services import document_generate
from itaku.rates.calculations import late_completion_penalty
from itaku.rates.selectors import AppliedRate
from itaku.rates.sheet import LABEL_WIDTH, sheet_pdf

from .glyphs import body_text, glyphs, outside

SEED_TITLE = "ひきこもり支援Web広告業務"
LATIN_TITLE = ("ProjectAlpha" * 17)[:200]  # 200 Latin letters, no space
URL = "https://example.jp/" + "".join(f"seg{n:04d}" for n in range(300))[:1981]  # 2,000 characters
DIGITS = "".join(str(n % 10) for n in range(2000))
FOOTER = 20  # mm from the foot of the page: the page number and the journal head


def flat(text: str) -> str:
    return "".join(text.split())


def assert_inside(content: bytes):
    stray = outside(content, left=MARGIN_LEFT, right=MARGIN_RIGHT)
    assert not stray, f"{len(stray)} glyphs outside the printable area, e.g. {stray[:3]}"


def poppler_text(content: bytes, tmp_path) -> str | None:
    if shutil.which("pdftotext") is None:
        return None
    path = tmp_path / "document.pdf"
    path.write_bytes(content)
    # The page above its footer (at 72 dpi a pixel is a point), so that a text running over a page
    # break reads back whole.
    crop = ["-r", "72", "-x", "0", "-y", "0", "-W", "596", "-H", str(int((297 - FOOTER) * 72 / 25.4))]
    return subprocess.run(["pdftotext", "-enc", "UTF-8", *crop, str(path), "-"], capture_output=True,
                          check=True).stdout.decode()


def run_of(found, text: str):
    """The glyphs that show ``text``, where it is first shown whole."""
    start = "".join(g.char for g in found).find(text)
    assert start >= 0, f"not shown: {text[:40]}…"
    return found[start:start + len(text)]


@pytest.fixture
def seed(demo):
    return Contract.objects.get(title=SEED_TITLE)


def test_the_glyph_reader_sees_text_that_runs_off_the_page():
    """The check can fail: a line drawn past the margin (as fpdf2's cell does with an unbroken run) is
    found, and the text of wrapped lines reads back whole."""
    pdf = OfficialPDF(title="t", journal_head="0" * 64)
    pdf.add_page()
    pdf.cell(0, 5, "A" * 200)
    stray = outside(bytes(pdf.output()), left=MARGIN_LEFT, right=MARGIN_RIGHT)
    assert stray and stray[0].char == "A" and stray[-1].x1 > 210


@pytest.mark.parametrize("text", [LATIN_TITLE, URL, DIGITS, "3,300,000" * 40, "." * 500])
def test_wrap_breaks_a_run_wider_than_the_line(text):
    pdf = OfficialPDF(title="t", journal_head="0" * 64)
    for width, rest in ((pdf.epw, pdf.epw - 10), (40.0, 30.0)):
        lines = pdf.wrap(f"根拠　{text}", width, rest)
        assert "".join(lines) == f"根拠　{text}"
        assert pdf.get_string_width(lines[0]) <= width + 0.01
        assert all(pdf.get_string_width(line) <= rest + 0.01 for line in lines[1:])


def test_a_short_code_still_moves_whole_to_the_next_line():
    pdf = OfficialPDF(title="t", journal_head="0" * 64)
    lines = pdf.wrap("あ" * 44 + "3,300,000円", pdf.epw)
    assert len(lines) == 2 and lines[1].startswith("3,300,000")


@pytest.mark.clause("K-end")
def test_contract_pdf_keeps_a_200_character_latin_title_on_the_page(seed, tmp_path):
    Contract.objects.filter(pk=seed.pk).update(title=LATIN_TITLE)
    seed.refresh_from_db()
    _, _, content = contract_pdf(seed, journal_head="0" * 64)
    assert_inside(content)
    found, _ = glyphs(content)
    assert found, "no text found"
    assert LATIN_TITLE in body_text(content, footer_from=FOOTER)
    text = poppler_text(content, tmp_path)
    if text is not None:
        assert LATIN_TITLE in flat(text)


@pytest.mark.clause("K-6")
def test_consent_letter_keeps_a_2000_character_scope_whole(demo, seed, tmp_path):
    from itaku.accounts.models import Organisation

    maker = Organisation.objects.get(name="株式会社サンプル制作（サンプル）")
    statement = {"subcontractor": maker.pk, "scope": URL, "reason": DIGITS[:300],
                 "starts_on": "2023-07-01", "ends_on": "2023-12-31", "amount": 100_000,
                 "handles_personal_information": "no"}
    consent = consent_submit(actor=demo["rep"], contract=seed, kind="subcontract", statement=statement,
                             on=dt.date(2023, 6, 20))
    consent = consent_decide(actor=demo["officer"], consent=consent, approve=True, conditions=LATIN_TITLE,
                             on=dt.date(2023, 6, 25))
    content = consent.letter.content
    assert_inside(content)
    text = body_text(content, footer_from=FOOTER)
    assert URL in text and DIGITS[:300] in text and LATIN_TITLE in text
    popped = poppler_text(content, tmp_path)
    if popped is not None:
        assert URL in flat(popped) and LATIN_TITLE in flat(popped)


@pytest.mark.clause("K-13")
def test_calculation_sheet_keeps_long_values_inside_their_cells(seed, tmp_path):
    Contract.objects.filter(pk=seed.pk).update(title=LATIN_TITLE)
    seed.refresh_from_db()
    rate = AppliedRate(percent=Decimal("3"), source=URL, reason="遅延が生じた日の法定利率",
                       effective_from=dt.date(2023, 4, 1))
    working = late_completion_penalty(amount=3_300_000, ends_on=dt.date(2024, 3, 31),
                                      completed_on=dt.date(2024, 4, 12), rate=rate)
    working.inputs.append(("参照", URL))
    working.inputs.append((DIGITS[:120], "値"))
    content = sheet_pdf(working, heading=sheet_heading(seed), made_on=dt.date(2024, 4, 15), journal_head="0" * 64)
    assert_inside(content)
    found, _ = glyphs(content)
    # The label column's glyphs stay in the label cell, the values' in theirs.
    label_right = MARGIN_LEFT + LABEL_WIDTH
    label, value = run_of(found, DIGITS[:120]), run_of(found, URL)
    assert all(MARGIN_LEFT <= g.x0 and g.x1 <= label_right for g in label)
    assert all(label_right <= g.x0 for g in value) and len({round(g.y, 1) for g in label}) > 5
    text = body_text(content, footer_from=FOOTER)
    assert LATIN_TITLE in text and URL in text and DIGITS[:120] in text


@pytest.mark.clause("K-end")
def test_stored_contract_document_of_a_long_title_is_whole(seed):
    Contract.objects.filter(pk=seed.pk).update(title=LATIN_TITLE)
    seed.refresh_from_db()
    document = document_generate(actor=None, contract=seed, kind="contract", fmt="pdf")
    assert_inside(document.content)
    assert LATIN_TITLE in body_text(document.content, footer_from=FOOTER)
