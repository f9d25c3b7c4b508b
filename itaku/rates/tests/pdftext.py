"""The text of a PDF that fpdf2 wrote, read back through the font's ToUnicode map (no poppler needed).

pypdf reads the file's objects and streams; the text is then taken literally from the pages' text
operations, one line per operation, so that assertions can match whole phrases as they were written.
"""

import io
import re

from pypdf import PdfReader

BFCHAR = re.compile(rb"<([0-9A-Fa-f]{4})>\s*<([0-9A-Fa-f]+)>")
SHOWN = re.compile(rb"\((.*?)(?<!\\)\)\s*Tj", re.S)
ESCAPES = {b"n": b"\n", b"r": b"\r", b"t": b"\t", b"b": b"\b", b"f": b"\f", b"(": b"(", b")": b")", b"\\": b"\\"}


def _unescape(literal: bytes) -> bytes:
    out, i = bytearray(), 0
    while i < len(literal):
        byte = literal[i:i + 1]
        if byte == b"\\":
            nxt = literal[i + 1:i + 2]
            if nxt in ESCAPES:
                out += ESCAPES[nxt]
                i += 2
                continue
            octal = re.match(rb"[0-7]{1,3}", literal[i + 1:i + 4])
            if octal:
                out.append(int(octal.group(), 8))
                i += 1 + len(octal.group())
                continue
            i += 1
            continue
        out += byte
        i += 1
    return bytes(out)


def pdf_text(content: bytes) -> str:
    """Every string the pages show, one line per text operation."""
    lines = []
    for page in PdfReader(io.BytesIO(content)).pages:
        cmap = {}
        for font in page["/Resources"]["/Font"].values():
            to_unicode = font.get_object().get("/ToUnicode")
            if to_unicode is not None:
                for code, uni in BFCHAR.findall(to_unicode.get_object().get_data()):
                    cmap[int(code, 16)] = bytes.fromhex(uni.decode()).decode("utf-16-be")
        for literal in SHOWN.findall(page.get_contents().get_data()):
            raw = _unescape(literal)
            lines.append("".join(cmap.get(int.from_bytes(raw[i:i + 2], "big"), "?") for i in range(0, len(raw), 2)))
    return "\n".join(lines)
