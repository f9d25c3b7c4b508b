"""The text of a PDF that fpdf2 wrote, read back through the font's ToUnicode map (no poppler needed)."""

import re
import zlib

STREAM = re.compile(rb"stream\r?\n(.*?)\r?\nendstream", re.S)
BFCHAR = re.compile(rb"<([0-9A-Fa-f]{4})>\s*<([0-9A-Fa-f]+)>")
SHOWN = re.compile(rb"\((.*?)(?<!\\)\)\s*Tj", re.S)
ESCAPES = {b"n": b"\n", b"r": b"\r", b"t": b"\t", b"b": b"\b", b"f": b"\f", b"(": b"(", b")": b")", b"\\": b"\\"}


def _streams(content: bytes):
    for raw in STREAM.findall(content):
        try:
            yield zlib.decompress(raw)
        except zlib.error:
            yield raw


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
    cmap, pages = {}, []
    for stream in _streams(content):
        if b"beginbfchar" in stream:
            for code, uni in BFCHAR.findall(stream):
                cmap[int(code, 16)] = bytes.fromhex(uni.decode()).decode("utf-16-be")
        elif b"Tj" in stream:
            pages.append(stream)
    lines = []
    for stream in pages:
        for literal in SHOWN.findall(stream):
            raw = _unescape(literal)
            lines.append("".join(cmap.get(int.from_bytes(raw[i:i + 2], "big"), "?") for i in range(0, len(raw), 2)))
    return "\n".join(lines)
