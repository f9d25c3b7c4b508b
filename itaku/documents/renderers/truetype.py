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
