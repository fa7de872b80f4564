"""The one font every PDF embeds: it must print Łukasz, Şule, Дмитрий and 陈 alike.

WenQuanYi Micro Hei covers Latin, Cyrillic, Greek and CJK in one TrueType collection, so a name
never falls back to boxes whatever its script. It is kept with the code (``font/``, Apache License
2.0), so reports need no system package and no root: every way of running reporting finds it.
REPORTING_FONT_PATH names another TrueType font instead; one that cannot be read stops reporting at
start (its settings refuse it), never every PDF later."""

from __future__ import annotations

from pathlib import Path

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

FONT = "OmniSans"
BUNDLED = Path(__file__).parent / "font" / "wqy-microhei.ttc"


class FontMissing(RuntimeError):
    pass


def find_font(configured: Path | None) -> Path:
    path = configured or BUNDLED
    if not path.is_file():
        raise FontMissing(
            f"No Unicode font for PDF reports at {path}: set REPORTING_FONT_PATH to a TrueType font that "
            "covers Latin, Cyrillic and CJK, or leave it unset for the one that comes with reporting."
        )
    return path


def load_font(path: Path) -> TTFont:
    """The font, read and checked: a file that is not a usable TrueType font is refused here."""
    try:
        return TTFont(FONT, str(path), subfontIndex=0)
    except Exception as exc:
        raise FontMissing(f"{path} is not a TrueType font reports can embed: {exc}") from exc


def register_font(configured: Path | None = None) -> str:
    """Register the font once per process; returns its name."""
    if FONT not in pdfmetrics.getRegisteredFontNames():
        # subsetted on embedding: only the glyphs a report uses go into the file
        pdfmetrics.registerFont(load_font(find_font(configured)))
    return FONT
