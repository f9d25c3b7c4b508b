"""The Japanese fonts embedded in generated PDFs (Noto, SIL Open Font License), from ``pylopdf_fonts_jp``.

Mincho (serif) is the face of official documents; Gothic (sans) is available for labels.
"""

from pathlib import Path

import pylopdf_fonts_jp

FONT_DIR = Path(pylopdf_fonts_jp.__file__).resolve().parent
MINCHO = FONT_DIR / "NotoSerifJP-Regular.otf"
GOTHIC = FONT_DIR / "NotoSansJP-Regular.otf"

# The East-Asian face a Word document asks for (Word substitutes when it is missing).
WORD_MINCHO = "ＭＳ 明朝"
