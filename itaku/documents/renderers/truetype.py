"""The Mincho face converted once from its CFF outlines (OpenType ``.otf``) to TrueType outlines
(``glyf``), for fast subsetting.

Embedding a subset of a CFF font means running every used glyph's charstring to find what it calls,
pruning the subroutines and compiling the CFF again: most of a contract PDF's time. A TrueType font
is subset by copying the used glyphs' bytes. ``itaku buildfonts`` converts NotoSerifJP (SIL Open Font
License; the converted face keeps its name tables and its licence) with fontTools (cubic curves to
quadratic within 1 unit of the 1,000-unit em, invisible at print sizes) into the installation's
``var/fonts``; the renderers use it when it is there and the ``.otf`` otherwise. The fonts stay
embedded and subset either way.
"""

from pathlib import Path

from django.conf import settings

from .fonts import MINCHO

MAX_ERROR = 1.0  # font units (1/1000 em): the largest distance between a cubic curve and its quadratic


def converted_path() -> Path:
    return Path(settings.VAR_DIR) / "fonts" / (MINCHO.stem + ".ttf")


def mincho() -> Path:
    """The Mincho font file the PDFs embed: the TrueType conversion when built, else the original."""
    path = converted_path()
    return path if path.exists() else MINCHO


def build(target: Path | None = None, *, unicodes: set[int] | None = None, log=print) -> Path:
    """Convert :data:`MINCHO` to TrueType outlines into ``target`` (written whole, then renamed); with
    ``unicodes``, only their glyphs (the tests' small font)."""
    from fontTools.pens.cu2quPen import Cu2QuPen
    from fontTools.pens.ttGlyphPen import TTGlyphPen
    from fontTools.ttLib import TTFont, newTable

    target = target or converted_path()
    target.parent.mkdir(parents=True, exist_ok=True)
    font = TTFont(str(MINCHO))
    if unicodes is not None:
        from fontTools.subset import Options, Subsetter

        options = Options()
        options.name_IDs = ["*"]
        options.notdef_outline = True
        subsetter = Subsetter(options)
        subsetter.populate(unicodes=unicodes)
        subsetter.subset(font)
    order = font.getGlyphOrder()
    glyphs = font.getGlyphSet()
    glyf = newTable("glyf")
    glyf.glyphOrder = order
    glyf.glyphs = {}
    for name in order:
        pen = TTGlyphPen(glyphs)
        glyphs[name].draw(Cu2QuPen(pen, max_err=MAX_ERROR, reverse_direction=True))
        glyf.glyphs[name] = pen.glyph()
    log(f"{len(order)} glyphs converted")
    font["glyf"] = glyf
    font["loca"] = newTable("loca")
    for table in ("CFF ", "VORG"):
        if table in font:
            del font[table]
    font["head"].glyphDataFormat = 0
    font["head"].indexToLocFormat = 1
    maxp = font["maxp"]
    maxp.tableVersion = 0x00010000
    for attr in ("maxTwilightPoints", "maxStorage", "maxFunctionDefs", "maxInstructionDefs", "maxStackElements",
                 "maxSizeOfInstructions", "maxComponentElements", "maxPoints", "maxContours", "maxCompositePoints",
                 "maxCompositeContours", "maxComponentDepth"):
        setattr(maxp, attr, 0)
    maxp.maxZones = 1
    font["post"].formatType = 3.0
    font.sfntVersion = "\0\1\0\0"
    partial = target.with_suffix(".partial")
    font.save(str(partial))  # recomputes maxp and the glyphs' bounding boxes
    partial.replace(target)
    log(f"written: {target} ({target.stat().st_size:,} bytes)")
    return target


# -- the parsed face, kept per process ----------------------------------------------------------------
#
# Opening the face for a document (fontTools reading its 18,000 glyphs, the character map and the metrics,
# fpdf2 measuring every character) took about half of a contract PDF's time. The TrueType face is parsed
# once per process; each document gets its own light copy of it (the tables the subset keeps: the glyph
# dictionary, the metrics and the character map copied, the glyphs themselves shared, since subsetting
# reads them and writes new tables), which fpdf2 subsets and embeds as before. The CFF face (``.otf``,
# before ``itaku buildfonts``) is opened for each document as before.

# The tables the embedded subset is made of (fpdf2 drops the layout tables GDEF, GPOS and GSUB, and DSIG).
KEPT_TABLES = ("head", "hhea", "maxp", "OS/2", "hmtx", "cmap", "loca", "glyf", "name", "post", "vhea", "vmtx",
               "BASE", "cvt ", "fpgm", "prep", "gasp")

_parsed: dict[tuple[str, int], object] = {}


def _parse(path: Path):
    """fpdf2's font of ``path``, every table it keeps read, or None when the face is not TrueType."""
    from fpdf import FPDF

    scratch = FPDF()
    scratch.add_font("mincho", fname=str(path))
    font = scratch.fonts["mincho"]
    ttfont = font.ttfont
    if "glyf" not in ttfont:
        return None
    ttfont.recalcBBoxes = False
    ttfont.getGlyphOrder()
    for tag in KEPT_TABLES:
        if tag in ttfont:
            ttfont[tag]  # noqa: B018 - reads (decompiles) the table
    for subtable in ttfont["cmap"].tables:
        subtable.ensureDecompiled()
    return font


def _copy_face(source):
    """A TTFont of ``source``'s kept tables that subsetting may change without touching ``source``."""
    import copy

    from fontTools.ttLib import TTFont

    face = TTFont(recalcBBoxes=False, recalcTimestamp=False)
    face.sfntVersion = source.sfntVersion
    face.setGlyphOrder(list(source.getGlyphOrder()))
    for tag in KEPT_TABLES:
        if tag not in source:
            continue
        table = source[tag]
        if tag == "glyf":
            new = copy.copy(table)
            new.glyphs = dict(table.glyphs)
            new.glyphOrder = list(table.glyphOrder)
        elif tag in ("hmtx", "vmtx"):
            new = copy.copy(table)
            new.metrics = dict(table.metrics)
        elif tag == "cmap":
            new = copy.copy(table)
            new.tables = []
            for subtable in table.tables:
                if subtable.format == 14:  # the variation sequences: lists of (character, glyph) pairs
                    sub = copy.copy(subtable)
                    sub.cmap = dict(getattr(subtable, "cmap", {}))
                    sub.uvsDict = {selector: list(pairs) for selector, pairs in subtable.uvsDict.items()}
                    new.tables.append(sub)
                else:
                    sub = copy.copy(subtable)
                    sub.cmap = dict(subtable.cmap)
                    new.tables.append(sub)
        elif tag == "loca":
            new = copy.copy(table)
            new.locations = copy.copy(table.locations)
        else:
            new = copy.deepcopy(table)
        face[tag] = new
    return face


def face_key(path: Path | None = None) -> tuple[str, int]:
    """The Mincho file the PDFs embed (:func:`mincho`), as its path and modification time."""
    path = path or mincho()
    return str(path), path.stat().st_mtime_ns


def add_mincho(pdf, family: str = "mincho") -> None:
    """Adds the Mincho face (:func:`mincho`) to the fpdf2 document ``pdf`` under ``family``: the TrueType
    face from this process's parsed copy, the ``.otf`` parsed anew."""
    import copy

    from fpdf.fonts import SubsetMap

    path = mincho()
    key = face_key(path)
    if key not in _parsed:
        _parsed.clear()
        _parsed[key] = _parse(path)
    parsed = _parsed[key]
    if parsed is None:
        pdf.add_font(family, fname=str(path))
        pdf.fonts[family].ttfont.recalcBBoxes = False
        return
    font = copy.copy(parsed)
    font.i = len(pdf.fonts) + 1
    font.fontkey = family
    font.biggest_size_pt = 0
    font.missing_glyphs = []
    font._hbfont = None
    font.ttfont = _copy_face(parsed.ttfont)
    font.subset = SubsetMap(font)
    pdf.fonts[family] = font
