"""The content blocks as a Word document (A4, ＭＳ 明朝 as the East-Asian font, the journal head in the
footer), for a client who edits the contract before printing it."""

import io

from docx import Document
from docx.enum.section import WD_SECTION
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_ROW_HEIGHT_RULE, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING, WD_TAB_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from .content import Para
from .fonts import WORD_MINCHO
from .pdf import BODY_SIZE, MARGIN_BOTTOM, MARGIN_LEFT, MARGIN_RIGHT, MARGIN_TOP, SIZES

ALIGN = {"L": WD_ALIGN_PARAGRAPH.JUSTIFY, "C": WD_ALIGN_PARAGRAPH.CENTER, "R": WD_ALIGN_PARAGRAPH.RIGHT}
LINE_PITCH = 18  # pt, Word's Japanese default for 10.5pt text
TEXT_WIDTH = 210 - MARGIN_LEFT - MARGIN_RIGHT  # mm


def em_width(text: str) -> float:
    """The width of ``text`` in characters: half-width (ASCII) characters count one half."""
    return sum(0.5 if ord(ch) < 128 else 1 for ch in text)


def set_east_asian_font(rpr, face: str = WORD_MINCHO):
    """Name ``face`` for every script in the run properties ``rpr`` (w:rFonts with w:eastAsia), drop
    the theme fonts that would override it, and mark the text as Japanese."""
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(attr), None)
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attr), face)
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)
    lang.set(qn("w:val"), "ja-JP")
    lang.set(qn("w:eastAsia"), "ja-JP")


class WordWriter:
    def __init__(self, *, title: str, journal_head: str):
        self.doc = Document()
        self.break_before = False
        self.doc.core_properties.title = title
        self.doc.core_properties.author = "Itaku"
        self._setup_page(journal_head)
        self._setup_styles()

    # -- setup ------------------------------------------------------------------------------------
    def _setup_page(self, journal_head: str):
        section = self.doc.sections[0]
        section.start_type = WD_SECTION.NEW_PAGE
        section.page_width, section.page_height = Mm(210), Mm(297)
        section.top_margin, section.bottom_margin = Mm(MARGIN_TOP), Mm(MARGIN_BOTTOM)
        section.left_margin, section.right_margin = Mm(MARGIN_LEFT), Mm(MARGIN_RIGHT)
        section.footer_distance = Mm(8)
        footer = section.footer
        numbers = footer.paragraphs[0]
        numbers.alignment = WD_ALIGN_PARAGRAPH.CENTER
        self._field(numbers, "PAGE", "1", size=8)
        self._run(numbers, " / ", size=8)
        self._field(numbers, "NUMPAGES", "1", size=8)
        head = footer.add_paragraph()
        head.alignment = WD_ALIGN_PARAGRAPH.CENTER
        self._run(head, f"ジャーナル先頭ハッシュ: {journal_head}", size=6.5)

    def _setup_styles(self):
        defaults = self.doc.styles.element.find(qn("w:docDefaults"))
        set_east_asian_font(defaults.find(qn("w:rPrDefault")).find(qn("w:rPr")))
        for name in ("Normal", "Footer"):
            style = self.doc.styles[name]
            style.font.name = WORD_MINCHO
            style.font.size = Pt(BODY_SIZE)
            set_east_asian_font(style.element.get_or_add_rPr())
        fmt = self.doc.styles["Normal"].paragraph_format
        fmt.space_before = fmt.space_after = Pt(0)
        fmt.line_spacing_rule = WD_LINE_SPACING.AT_LEAST
        fmt.line_spacing = Pt(LINE_PITCH)

    # -- runs and paragraphs ------------------------------------------------------------------------
    @staticmethod
    def _run(paragraph, text: str, *, size: float | None = None):
        run = paragraph.add_run(text)
        if size:
            run.font.size = Pt(size)
        return run

    @staticmethod
    def _field(paragraph, instruction: str, placeholder: str, *, size: float):
        """A field (PAGE, NUMPAGES) that Word computes when it lays the document out."""
        field = OxmlElement("w:fldSimple")
        field.set(qn("w:instr"), instruction)
        run = OxmlElement("w:r")
        rpr = OxmlElement("w:rPr")
        sz = OxmlElement("w:sz")
        sz.set(qn("w:val"), str(int(size * 2)))
        rpr.append(sz)
        run.append(rpr)
        text = OxmlElement("w:t")
        text.text = placeholder
        run.append(text)
        field.append(run)
        paragraph._p.append(field)

    def paragraph(self, para: Para, *, keep_with_next: bool = False):
        size = SIZES.get(para.style, BODY_SIZE)
        p = self.doc.add_paragraph()
        fmt = p.paragraph_format
        p.alignment = ALIGN.get(para.align, WD_ALIGN_PARAGRAPH.JUSTIFY)
        fmt.left_indent = Pt(para.rest * size)
        fmt.first_line_indent = Pt((para.first - para.rest) * size)
        if para.space_before:
            fmt.space_before = Pt(para.space_before * LINE_PITCH)
        fmt.keep_with_next = para.keep_with_next or keep_with_next
        if size > BODY_SIZE:
            fmt.line_spacing = Pt(size * 1.7)
        self._apply_break(p)
        for index, line in enumerate(para.text.split("\n")):
            run = self._run(p, line, size=size if size != BODY_SIZE else None)
            if index:
                run.add_break()
        return p

    def _apply_break(self, paragraph):
        if self.break_before:
            paragraph.paragraph_format.page_break_before = True
            self.break_before = False

    def keep(self, paras: tuple[Para, ...]):
        for index, para in enumerate(paras):
            p = self.paragraph(para, keep_with_next=index < len(paras) - 1)
            p.paragraph_format.keep_together = True

    def labelled_line(self, label: str, *, left: float, hang: float = 0, seal: str = ""):
        """A sender's line: ``label`` from ``left`` mm (its first ``hang`` characters set to the left of
        it) and ``seal`` (印) at the right margin."""
        p = self.doc.add_paragraph()
        fmt = p.paragraph_format
        fmt.left_indent = Mm(left)
        fmt.first_line_indent = Pt(-hang * BODY_SIZE)
        fmt.space_before = Pt(LINE_PITCH * 0.5)
        text = label
        if seal:
            fmt.tab_stops.add_tab_stop(Mm(TEXT_WIDTH - 5), WD_TAB_ALIGNMENT.RIGHT)
            text = f"{label}\t{seal}"
        self._run(p, text)
        return p

    # -- tables ---------------------------------------------------------------------------------
    def table(self, rows: int, widths: list[float]):
        """A bordered table with ``widths`` (mm) that Word does not re-fit."""
        table = self.doc.add_table(rows=rows, cols=len(widths))
        table.style = self.doc.styles["Table Grid"]
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        table.autofit = False
        for column, width in zip(table.columns, widths, strict=True):
            column.width = Mm(width)  # the grid, which LibreOffice follows
        for row in table.rows:
            for cell, width in zip(row.cells, widths, strict=True):
                cell.width = Mm(width)
        return table

    @staticmethod
    def cell_text(cell, text: str, *, size: float = BODY_SIZE, align: str = "L", valign: str = "M"):
        cell.vertical_alignment = (WD_CELL_VERTICAL_ALIGNMENT.TOP if valign == "T"
                                   else WD_CELL_VERTICAL_ALIGNMENT.CENTER)
        lines = text.split("\n")
        paragraph = cell.paragraphs[0]
        for index, line in enumerate(lines):
            p = paragraph if index == 0 else cell.add_paragraph()
            p.alignment = ALIGN[align] if align != "L" else WD_ALIGN_PARAGRAPH.LEFT
            p.paragraph_format.line_spacing = 1.0
            run = p.add_run(line)
            run.font.size = Pt(size)

    @staticmethod
    def row_height(row, height_mm: float, *, header: bool = False):
        row.height = Mm(height_mm)
        row.height_rule = WD_ROW_HEIGHT_RULE.AT_LEAST
        trpr = row._tr.get_or_add_trPr()
        trpr.insert(0, OxmlElement("w:cantSplit"))  # schema order: cantSplit, trHeight, tblHeader
        if header:
            trpr.append(OxmlElement("w:tblHeader"))

    def spacer(self, height_mm: float):
        p = self.doc.add_paragraph()
        p.paragraph_format.space_after = Mm(height_mm)
        return p

    # -- document -------------------------------------------------------------------------------
    def save(self) -> bytes:
        buffer = io.BytesIO()
        self.doc.save(buffer)
        return buffer.getvalue()

