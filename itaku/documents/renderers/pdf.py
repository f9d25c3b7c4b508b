"""An A4 PDF in Mincho with Japanese line breaking, and the drawing of the content blocks.

fpdf2 breaks lines at spaces; Japanese has none, so :meth:`OfficialPDF.wrap` breaks between any two
characters (never inside a run of Latin letters or digits such as ``3,300,000``, unless the run is wider
than a whole line: a long URL or code is then broken between its characters, so that no text leaves the
page) and keeps closing punctuation off the start of a line and opening brackets off its end (禁則処理,
by pushing the last character of a line on to the next, when the next line has room for it).
"""

import logging
import math
import re

from fpdf import FPDF

from . import truetype
from .content import Para

PT = 25.4 / 72  # millimetres in a point
BODY_SIZE = 10.5
SIZES = {"body": BODY_SIZE, "title": 16, "heading": 13, "small": 9}
LINE_FACTOR = 1.65  # line height as a multiple of the font size

# 公用文 margins (mm): wider on the binding (left) side.
MARGIN_TOP, MARGIN_BOTTOM, MARGIN_LEFT, MARGIN_RIGHT = 25, 25, 25, 20

NO_LINE_START = set("、。，．,.:;)）」』】〕〉》］｝!?！？：；・ーぁぃぅぇぉっゃゅょゎァィゥェォッャュョヮヵヶ々ゝゞ")
NO_LINE_END = set("(（「『【〔〈《［｛")
# fontTools logs every subsetting step at INFO; the documents do not need that noise.
logging.getLogger("fontTools").setLevel(logging.WARNING)

TOKEN = re.compile(r"[A-Za-z0-9]+(?:[,.\-/:][A-Za-z0-9]+)*|\n|.", re.S)


# Widths of strings measured, per Mincho file (path and modification time), for the process.
_WIDTHS: dict[tuple, dict] = {}
MAX_WIDTHS = 200_000


def line_height(size: float) -> float:
    return size * PT * LINE_FACTOR


class OfficialPDF(FPDF):
    """A4 portrait, Mincho, with the page number and the journal head in the footer of every page."""

    def __init__(self, *, title: str, journal_head: str):
        super().__init__(orientation="P", unit="mm", format="A4")
        self.journal_head = journal_head
        # TrueType outlines once built (buildfonts), parsed once per process. The subset keeps the font's
        # own bounding box: recomputing it for every glyph on save costs seconds and changes nothing a
        # reader sees.
        truetype.add_mincho(self)
        self.face = truetype.face_key()
        self.set_font("mincho", size=BODY_SIZE)
        self.set_margins(MARGIN_LEFT, MARGIN_TOP, MARGIN_RIGHT)
        self.set_auto_page_break(True, margin=MARGIN_BOTTOM)
        self.set_title(title)
        self.set_lang("ja")
        self.set_creator("Itaku")
        self.set_producer("Itaku (fpdf2)")
        self.set_display_mode(zoom="fullwidth", layout="continuous")
        self.c_margin = 0  # text starts exactly at the indent; boxes pad themselves

    # -- page furniture -------------------------------------------------------------------------
    def footer(self):
        self.set_y(-MARGIN_BOTTOM + 8)
        self.set_font("mincho", size=8)
        self.cell(0, 4, f"{self.page_no()} / {{nb}}", align="C", new_x="LMARGIN", new_y="NEXT")
        self.set_font("mincho", size=6.5)
        self.cell(0, 3.5, f"ジャーナル先頭ハッシュ: {self.journal_head}", align="C")

    def page_is_empty(self) -> bool:
        return self.page == 0 or self.y <= self.t_margin + 0.01

    def new_page(self):
        if not self.page_is_empty():
            self.add_page()

    def ensure_room(self, height: float):
        """Start a new page unless ``height`` more millimetres fit on this one."""
        if self.page == 0 or self.y + height > self.page_break_trigger:
            self.add_page()

    # -- text -----------------------------------------------------------------------------------
    def get_string_width(self, s, normalized=False, markdown=False):
        """fpdf2's width of ``s``, remembered per font file, font, size and spacing, for the process: line
        breaking measures the same characters thousands of times in a document, and documents share most
        of them. (fpdf2's measuring changes nothing in the document.)"""
        key = (self.font_family, self.font_style, self.font_size_pt, self.char_spacing, s, normalized, markdown)
        cache = _WIDTHS.get(self.face)
        if cache is None or len(cache) > MAX_WIDTHS:
            cache = _WIDTHS[self.face] = {}
        width = cache.get(key)
        if width is None:
            width = cache[key] = super().get_string_width(s, normalized, markdown)
        return width

    def em(self, size: float | None = None) -> float:
        """The width of one full-width character, in mm."""
        return (size or self.font_size_pt) * PT

    def wrap(self, text: str, width: float, rest_width: float | None = None) -> list[str]:
        """Break ``text`` into lines no wider than ``width`` (the first) and ``rest_width`` (the others)."""
        rest_width = width if rest_width is None else rest_width
        narrowest = min(width, rest_width)
        lines: list[str] = []
        line: list[str] = []
        used = 0.0
        for token in self._tokens(text, narrowest):
            if token == "\n":
                lines.append("".join(line))
                line, used = [], 0.0
                continue
            w = self.get_string_width(token)
            limit = rest_width if lines else width
            if line and used + w > limit + 0.01:
                carry = self._carry(line, token)
                if carry and sum(self.get_string_width(t) for t in carry) + w > rest_width + 0.01:
                    line += carry  # 禁則 would push the next line past its end: break the rule instead
                    carry = []
                lines.append("".join(line).rstrip())
                while carry and carry[0].isspace():
                    carry.pop(0)
                line, used = carry, sum(self.get_string_width(t) for t in carry)
            if token.isspace() and not line and lines:
                continue  # no space at the start of a continuation line
            line.append(token)
            used += w
        if line or not lines:
            lines.append("".join(line))
        return lines

    def _tokens(self, text: str, narrowest: float):
        """The units of line breaking: a run of Latin letters and digits kept whole when it fits on a
        line, else its characters one by one."""
        for token in TOKEN.findall(text):
            if len(token) > 1 and self.get_string_width(token) > narrowest:
                yield from token
            else:
                yield token

    @staticmethod
    def _carry(line: list[str], nxt: str) -> list[str]:
        """Tokens taken off the end of a full ``line`` so that neither line breaks a 禁則 rule."""
        carry: list[str] = []
        while len(line) > 1 and ((carry[0] if carry else nxt)[0] in NO_LINE_START or line[-1][-1] in NO_LINE_END):
            carry.insert(0, line.pop())
        return carry

    def text_lines(self, lines: list[str], x: float, width: float, lh: float, *, align: str = "L",
                   indents: tuple[float, float] = (0, 0)):
        """Draw ``lines`` from the current y, breaking pages where needed.

        Left-aligned lines but the last are justified (両端揃え) by spreading the slack left by
        Latin runs and 禁則 over the character gaps, as Word does.
        """
        for index, line in enumerate(lines):
            indent = indents[0] if index == 0 else indents[1]
            if self.y + lh > self.page_break_trigger:
                self.add_page()
            self.set_x(x + indent)
            slack = width - indent - self.get_string_width(line)
            if align == "L" and index < len(lines) - 1 and len(line) > 1 and 0 < slack < 3 * self.em():
                # fpdf2 writes the spacing with two decimals: round down, so that the line never ends
                # past its margin.
                self.set_char_spacing(math.floor(slack / PT / (len(line) - 1) * 100) / 100)
            self.cell(width - indent, lh, line, align=align, new_x="LMARGIN", new_y="NEXT")
            self.set_char_spacing(0)

    def layout(self, para: Para) -> tuple[list[str], float, float, float]:
        """The lines of ``para``, their line height and the first and following indents (mm)."""
        size = SIZES.get(para.style, BODY_SIZE)
        self.set_font("mincho", size=size)
        em = self.em(size)
        first, rest = para.first * em, para.rest * em
        return self.wrap(para.text, self.epw - first, self.epw - rest), line_height(size), first, rest

    def paragraph_height(self, para: Para) -> float:
        lines, lh, _, _ = self.layout(para)
        self.set_font("mincho", size=BODY_SIZE)
        return lh * (len(lines) + para.space_before)

    def paragraph(self, para: Para):
        lines, lh, first, rest = self.layout(para)
        if para.space_before and not self.page_is_empty():
            self.ln(para.space_before * lh)
        if para.keep_with_next:
            self.ensure_room(lh * (len(lines) + 2))
        else:  # no paragraph of two lines split, no line left alone at the foot of a page
            self.ensure_room(lh * min(len(lines), 2))
        self.text_lines(lines, self.l_margin, self.epw, lh, align=para.align, indents=(first, rest))
        self.set_font("mincho", size=BODY_SIZE)

    def keep_together(self, paras: tuple[Para, ...]):
        self.ensure_room(sum(self.paragraph_height(p) for p in paras))
        for para in paras:
            self.paragraph(para)

    # -- boxes (forms) ----------------------------------------------------------------------------
    def box(self, x: float, y: float, w: float, h: float, text: str = "", *, size: float = BODY_SIZE,
            align: str = "L", valign: str = "M", pad: float = 1.5, border: bool = True):
        """A rectangle with ``text`` wrapped inside it (vertically centred unless ``valign`` is "T")."""
        if border:
            self.rect(x, y, w, h)
        if not text:
            return
        self.set_font("mincho", size=size)
        lh = line_height(size) * 0.85
        lines = self.wrap(text, w - 2 * pad)
        top = y + pad if valign == "T" else y + (h - lh * len(lines)) / 2
        for index, line in enumerate(lines):
            self.set_xy(x + pad, top + index * lh)
            self.cell(w - 2 * pad, lh, line, align=align)
        self.set_font("mincho", size=BODY_SIZE)

    def text_height(self, text: str, width: float, size: float, pad: float = 1.5) -> float:
        """The height :meth:`box` needs for ``text`` in a box ``width`` wide."""
        self.set_font("mincho", size=size)
        height = len(self.wrap(text, width - 2 * pad)) * line_height(size) * 0.85 + 2 * pad
        self.set_font("mincho", size=BODY_SIZE)
        return height
