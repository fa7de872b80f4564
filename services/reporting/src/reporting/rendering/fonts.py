"""The one font every PDF embeds: it must print Łukasz, Şule, Дмитрий and 陈 alike.

WenQuanYi Micro Hei covers Latin, Cyrillic, Greek and CJK in one TrueType collection, so a name
never falls back to boxes whatever its script. It is a system package (Debian's and Ubuntu's
``fonts-wqy-microhei``, Fedora's ``wqy-microhei-fonts``), found where those put it; the image
installs it, and ``make setup`` installs it or, without root, unpacks Debian's package into
``var/fonts/`` and points the stack's reporting at it. REPORTING_FONT_PATH names another TrueType
font instead; one that cannot be read stops reporting at start (its settings refuse it), never
every PDF later."""

from __future__ import annotations

from pathlib import Path

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

FONT = "OmniSans"
# Where the distributions' WenQuanYi Micro Hei packages put it (Debian and Ubuntu, then Fedora).
SYSTEM_FONTS = (
    Path("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"),
    Path("/usr/share/fonts/wqy-microhei/wqy-microhei.ttc"),
)


class FontMissing(RuntimeError):
    pass


def find_font(configured: Path | None) -> Path:
    candidates = (configured,) if configured else SYSTEM_FONTS
    for path in candidates:
        if path.is_file():
            return path
    where = configured or " or ".join(str(p) for p in SYSTEM_FONTS)
    raise FontMissing(
        f"No Unicode font for PDF reports at {where}: install WenQuanYi Micro Hei (Debian and Ubuntu: "
        "apt-get install fonts-wqy-microhei), or set REPORTING_FONT_PATH to a TrueType font that covers "
        "Latin, Cyrillic and CJK."
    )


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
