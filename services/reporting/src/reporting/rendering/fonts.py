"""The one font every PDF embeds: it must print Łukasz, Şule, Дмитрий and 陈 alike.

WenQuanYi Micro Hei covers Latin, Cyrillic, Greek and CJK in one TrueType collection, so a name
never falls back to boxes whatever its script. Debian and Ubuntu ship it (fonts-wqy-microhei; the
Makefile and the reporting image install it); REPORTING_FONT_PATH points at another file."""

from __future__ import annotations

from pathlib import Path

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

FONT = "OmniSans"
CANDIDATES = (
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "/usr/share/fonts/wqy-microhei/wqy-microhei.ttc",
    "/usr/local/share/fonts/wqy-microhei.ttc",
)


class FontMissing(RuntimeError):
    pass


def find_font(configured: Path | None) -> Path:
    for candidate in ([configured] if configured else []) + [Path(c) for c in CANDIDATES]:
        if candidate and candidate.is_file():
            return candidate
    raise FontMissing(
        "No Unicode font for PDF reports: install fonts-wqy-microhei (apt) or set REPORTING_FONT_PATH "
        "to a TrueType font that covers Latin, Cyrillic and CJK."
    )


def register_font(configured: Path | None = None) -> str:
    """Register the font once per process; returns its name."""
    if FONT not in pdfmetrics.getRegisteredFontNames():
        path = find_font(configured)
        # subsetted on embedding: only the glyphs a report uses go into the file
        pdfmetrics.registerFont(TTFont(FONT, str(path), subfontIndex=0))
    return FONT
