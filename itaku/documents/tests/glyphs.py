"""Where every glyph of a PDF that fpdf2 wrote stands on its page, read back with pypdf.

The pages' content streams are walked operation by operation: the text state (font, size, character
spacing) and the text position (``Td``, ``Tm``, ``cm``) are tracked, and each shown code is placed by
the font's own advance widths (``/W`` of the descendant CID font, through the code-to-CID ``/Encoding``
CMap fpdf2 writes) and turned back into text through the font's ``/ToUnicode`` map.
"""

import io
import re
from dataclasses import dataclass

from pypdf import PdfReader
from pypdf.generic import ContentStream

MM = 72 / 25.4  # points in a millimetre
BFCHAR = re.compile(rb"<([0-9A-Fa-f]{4})>\s*<([0-9A-Fa-f]+)>")
CIDCHAR = re.compile(rb"<([0-9A-Fa-f]{4})>\s+(\d+)")


@dataclass(frozen=True)
class Glyph:
    page: int
    char: str
    x0: float  # mm from the left edge of the page
    x1: float
    y: float  # baseline, mm from the top edge of the page


class _Font:
    def __init__(self, font):
        font = font.get_object()
        self.to_unicode = {}
        to_unicode = font.get("/ToUnicode")
        if to_unicode is not None:
            for code, uni in BFCHAR.findall(to_unicode.get_object().get_data()):
                self.to_unicode[int(code, 16)] = bytes.fromhex(uni.decode()).decode("utf-16-be")
        encoding = font.get("/Encoding")
        self.cids = {}
        if encoding is not None and hasattr(encoding.get_object(), "get_data"):
            self.cids = {int(code, 16): int(cid) for code, cid in CIDCHAR.findall(encoding.get_object().get_data())}
        descendant = font["/DescendantFonts"][0].get_object()
        self.default_width = float(descendant.get("/DW", 1000))
        self.widths: dict[int, float] = {}
        w, i = list(descendant.get("/W", [])), 0
        while i < len(w):
            first = int(w[i])
            if isinstance(w[i + 1], list) or hasattr(w[i + 1], "__iter__"):
                for offset, width in enumerate(w[i + 1]):
                    self.widths[first + offset] = float(width)
                i += 2
            else:
                for cid in range(first, int(w[i + 1]) + 1):
                    self.widths[cid] = float(w[i + 2])
                i += 3

    def advance(self, code: int) -> float:
        """The advance of ``code`` in thousandths of the font size."""
        return self.widths.get(self.cids.get(code, code), self.default_width)


def _multiply(a, b):
    return [a[0] * b[0] + a[1] * b[2], a[0] * b[1] + a[1] * b[3],
            a[2] * b[0] + a[3] * b[2], a[2] * b[1] + a[3] * b[3],
            a[4] * b[0] + a[5] * b[2] + b[4], a[4] * b[1] + a[5] * b[3] + b[5]]


def glyphs(content: bytes) -> tuple[list[Glyph], list[tuple[float, float]]]:
    """Every glyph shown, in the order shown, and each page's size (mm)."""
    reader = PdfReader(io.BytesIO(content))
    found: list[Glyph] = []
    sizes = []
    for number, page in enumerate(reader.pages, start=1):
        width, height = float(page.mediabox.width), float(page.mediabox.height)
        sizes.append((width / MM, height / MM))
        fonts = {name: _Font(font) for name, font in page["/Resources"]["/Font"].items()}
        ctm = [1, 0, 0, 1, 0, 0]
        state = {"font": None, "size": 0.0, "tc": 0.0, "tz": 100.0}
        stack = []
        tm = tlm = [1, 0, 0, 1, 0, 0]
        for operands, operator in ContentStream(page.get_contents(), reader).operations:
            op = operator.decode()
            if op == "q":
                stack.append((ctm, dict(state)))
            elif op == "Q":
                ctm, state = stack.pop()
            elif op == "cm":
                ctm = _multiply([float(v) for v in operands], ctm)
            elif op == "BT":
                tm = tlm = [1, 0, 0, 1, 0, 0]
            elif op == "Tf":
                state["font"], state["size"] = fonts[operands[0]], float(operands[1])
            elif op == "Tc":
                state["tc"] = float(operands[0])
            elif op == "Tz":
                state["tz"] = float(operands[0])
            elif op == "Td":
                tm = tlm = _multiply([1, 0, 0, 1, float(operands[0]), float(operands[1])], tlm)
            elif op == "Tm":
                tm = tlm = [float(v) for v in operands]
            elif op in ("Tj", "TJ"):
                parts = operands[0] if op == "TJ" else [operands[0]]
                font, size, scale = state["font"], state["size"], state["tz"] / 100
                for part in parts:
                    if isinstance(part, int | float) or not hasattr(part, "__len__"):
                        tm = _multiply([1, 0, 0, 1, -float(part) / 1000 * size * scale, 0], tm)
                        continue
                    raw = bytes(getattr(part, "original_bytes", part))
                    for i in range(0, len(raw) - 1, 2):
                        code = int.from_bytes(raw[i:i + 2], "big")
                        advance = (font.advance(code) / 1000 * size + state["tc"]) * scale
                        start = _multiply(tm, ctm)
                        end = _multiply(_multiply([1, 0, 0, 1, font.advance(code) / 1000 * size * scale, 0], tm), ctm)
                        found.append(Glyph(page=number, char=font.to_unicode.get(code, "?"), x0=start[4] / MM,
                                           x1=end[4] / MM, y=(height - start[5]) / MM))
                        tm = _multiply([1, 0, 0, 1, advance, 0], tm)
    return found, sizes


def outside(content: bytes, *, left: float, right: float, top: float = 10, bottom: float = 10) -> list[Glyph]:
    """The glyphs that stand outside the printable area: ``left`` and ``right`` mm from the page's sides,
    ``top`` and ``bottom`` mm from its top and foot."""
    found, sizes = glyphs(content)
    return [g for g in found
            if g.x0 < left - 0.01 or g.x1 > sizes[g.page - 1][0] - right + 0.01
            or g.y < top or g.y > sizes[g.page - 1][1] - bottom]


def body_text(content: bytes, *, footer_from: float) -> str:
    """The text of every glyph above the footer (``footer_from`` mm from the foot of the page), in the
    order drawn, without separators: a text broken over lines and pages reads back whole."""
    found, sizes = glyphs(content)
    return "".join(g.char for g in found if g.y < sizes[g.page - 1][1] - footer_from)
