"""The calculation sheet (計算書): a working as an A4 PDF in Mincho, with the font embedded, dates in
和暦, and the journal head hash in the footer of every page (architecture: every generated document
prints it)."""

import datetime as dt

from django.utils import timezone

from itaku.core.wareki import to_wareki
from itaku.documents.renderers.pdf import BODY_SIZE, OfficialPDF, line_height
from itaku.journal.chain import head_hash

PDF_MIMETYPE = "application/pdf"
LABEL_WIDTH = 38  # mm
CLAUSE_TITLES = {
    "K-3": "契約書第3条（契約額・消費税及び地方消費税額）",
    "K-12": "契約書第12条第2項（遅延利息・政府契約の支払遅延防止等に関する法律第8条）",
    "K-13": "契約書第13条（延滞違約金・民法第404条）",
}


def _rows(pdf: OfficialPDF, rows: list[tuple[str, str]], *, size: float = BODY_SIZE):
    """A two-column table: the label, then its value, each row as tall as its longer cell."""
    width = pdf.epw - LABEL_WIDTH
    for label, value in rows:
        height = max(pdf.text_height(label, LABEL_WIDTH, size), pdf.text_height(value, width, size), 8)
        pdf.ensure_room(height)
        y = pdf.y
        pdf.box(pdf.l_margin, y, LABEL_WIDTH, height, label, size=size)
        pdf.box(pdf.l_margin + LABEL_WIDTH, y, width, height, value, size=size)
        pdf.set_xy(pdf.l_margin, y + height)


def _heading(pdf: OfficialPDF, text: str):
    pdf.ensure_room(line_height(12) * 3)
    pdf.ln(line_height(BODY_SIZE) * 0.6)
    pdf.set_font("mincho", size=12)
    pdf.cell(0, line_height(12), text, new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("mincho", size=BODY_SIZE)


def sheet_pdf(working, *, heading: list[str] | None = None, made_on: dt.date | None = None,
              journal_head: str | None = None) -> bytes:
    """The calculation sheet of ``working``; ``heading`` lines (the contract's title, parties …) come
    first, under the title."""
    made_on = made_on or timezone.localdate()
    title = f"{working.title.split(' (')[0]}計算書"
    pdf = OfficialPDF(title=title, journal_head=journal_head or head_hash())
    pdf.add_page()
    pdf.set_font("mincho", size=16)
    pdf.cell(0, line_height(16), title, align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("mincho", size=BODY_SIZE)
    pdf.cell(0, line_height(BODY_SIZE), f"作成日　{to_wareki(made_on)}", align="R", new_x="LMARGIN", new_y="NEXT")
    if working.clause:
        clause = CLAUSE_TITLES.get(working.clause, working.clause)
        pdf.cell(0, line_height(BODY_SIZE), f"根拠　{clause}（{working.clause}）", new_x="LMARGIN", new_y="NEXT")
    for line in heading or []:
        for wrapped in pdf.wrap(line, pdf.epw):
            pdf.cell(0, line_height(BODY_SIZE), wrapped, new_x="LMARGIN", new_y="NEXT")
    _heading(pdf, "1　入力")
    _rows(pdf, working.inputs)
    _heading(pdf, "2　計算")
    _rows(pdf, working.steps)
    if working.periods:
        _heading(pdf, "3　期間ごとの率と日数")
        _rows(pdf, [(
            f"{to_wareki(dt.date.fromisoformat(p['from']))}～{to_wareki(dt.date.fromisoformat(p['to']))}",
            f"{p['days']}日　年{p['percent']}%",
        ) for p in working.periods])
    _heading(pdf, "結果")
    _rows(pdf, [("金額", f"金{working.result:,}円")], size=13)
    return bytes(pdf.output())


def sheet_filename(working) -> str:
    return f"calc-{working.kind or 'sheet'}.pdf"
