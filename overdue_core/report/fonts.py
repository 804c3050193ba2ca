"""Find a font that can print Chinese in the PDF report.

Why: fpdf2's built-in fonts cover Latin-1 only, and even an English report holds Chinese
platform names (花呗, 借呗). We embed (subset) a TrueType CJK font found on the machine. Debian's
``fonts-wqy-microhei`` (a .ttc collection, which fpdf2 reads) is listed in ``packages.txt`` for
Streamlit Community Cloud and installed by ``scripts/system-deps.sh``. Where no usable font
exists the report is still produced, with Chinese replaced (see ``report.pdf``), and the page
says which package to install. Nothing here raises.
"""

from __future__ import annotations

import copy
import logging
import os
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from fpdf import FPDF
    from fpdf.fonts import TTFFont

#: Environment variable naming a TrueType/collection font to use instead of the search list.
FONT_ENV = "OVERDUE_CJK_FONT"

#: Debian package that provides the first candidate (named in the UI when nothing is found).
FONT_PACKAGE = "fonts-wqy-microhei"

#: Known locations, best first. Each is probed by writing a small PDF with it, so a font fpdf2
#: cannot load or subset (some CFF-based .otf/.ttc files) is skipped rather than trusted.
CANDIDATES: tuple[str, ...] = (
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",  # Debian/Ubuntu fonts-wqy-microhei
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",  # Debian/Ubuntu fonts-wqy-zenhei
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",  # Debian fonts-noto-cjk (CFF)
    "/usr/share/fonts/wqy-microhei/wqy-microhei.ttc",  # Fedora
    "/usr/share/fonts/wenquanyi/wqy-microhei/wqy-microhei.ttc",  # Arch
    "/usr/share/fonts/truetype/arphic/uming.ttc",  # fonts-arphic-uming
    "/System/Library/Fonts/STHeiti Light.ttc",  # macOS
    "/Library/Fonts/Arial Unicode.ttf",  # macOS with Office
    "C:/Windows/Fonts/msyh.ttc",  # Windows (Microsoft YaHei)
    "C:/Windows/Fonts/simhei.ttf",  # Windows (SimHei)
)

#: A few characters every report prints; a font that lacks them is no use.
_PROBE = "欠款逾期元"


def _usable(path: Path) -> bool:
    """True when fpdf2 can load the font, it has Chinese glyphs, and a PDF with it can be written."""
    try:
        from fpdf import FPDF

        pdf = FPDF()
        pdf.add_page()
        pdf.add_font("probe", "", str(path))
        pdf.set_font("probe", size=10)
        cmap = getattr(pdf.current_font, "cmap", None) or {}
        if cmap and not all(ord(ch) in cmap for ch in _PROBE):
            return False
        pdf.cell(text=_PROBE)
        return len(bytes(pdf.output())) > 0
    except Exception:  # noqa: BLE001 - any font fpdf2 cannot use is simply "not usable"
        return False


def _first_font(env: str, extra: tuple[str, ...], known: tuple[str, ...], fits: Callable[[Path], bool]) -> Path | None:
    """The first file that ``fits``: the one named by ``env``, then ``extra``, then ``known``."""
    override = os.environ.get(env, "").strip()
    for candidate in ((override,) if override else ()) + tuple(extra) + known:
        path = Path(candidate)
        if path.is_file() and fits(path):
            return path
    return None


@lru_cache(maxsize=4)
def find_cjk_font(extra: tuple[str, ...] = ()) -> Path | None:
    """The first usable CJK font: the environment override, then ``extra``, then known places."""
    return _first_font(FONT_ENV, extra, CANDIDATES, _usable)


# --- rare characters (CJK Extension B and beyond) ---------------------------------------------
#: Env variable naming a font for characters the main font lacks (e.g. 𠮷, 𠀀 in a name).
FALLBACK_FONT_ENV = "OVERDUE_CJK_FALLBACK_FONT"

#: Debian package with the fallback font (Hanazono Mincho B covers the supplementary planes).
FALLBACK_FONT_PACKAGE = "fonts-hanazono"

#: Fonts that cover CJK Extension B and later, best first.
FALLBACK_CANDIDATES: tuple[str, ...] = (
    "/usr/share/fonts/truetype/hanazono/HanaMinB.ttf",  # Debian fonts-hanazono
    "/usr/share/fonts/truetype/babelstone/BabelStoneHan.ttf",  # Debian fonts-babelstone-han
    "/usr/share/fonts/hanazono/HanaMinB.ttf",  # other distributions
)

#: Characters from Extension B that the fallback must have.
_RARE_PROBE = "𠮷𠀀"


def _covers(path: Path, chars: str) -> bool:
    try:
        from fontTools.ttLib import TTFont

        with TTFont(str(path), lazy=True, fontNumber=0) as font:
            cmap = font.getBestCmap() or {}
        return all(ord(ch) in cmap for ch in chars)
    except Exception:  # noqa: BLE001 - a font that cannot be read is simply not used
        return False


@lru_cache(maxsize=4)
def find_fallback_font(extra: tuple[str, ...] = ()) -> Path | None:
    """A font for rare characters (CJK Extension B…), or None: then they print as empty boxes."""
    return _first_font(FALLBACK_FONT_ENV, extra, FALLBACK_CANDIDATES, lambda path: _covers(path, _RARE_PROBE))


@lru_cache(maxsize=4)
def _read_font(path: str) -> TTFFont:
    """fpdf2's reading of a font file (its widths and character map), done once per process."""
    from fpdf import FPDF

    holder = FPDF()
    holder.add_font("read", "", path)
    return holder.fonts["read"]


def add_font_once(pdf: FPDF, family: str, path: str) -> None:
    """``pdf.add_font(family, "", path)``, with the file read only the first time in this process.

    Why: reading a CJK font's 20,000 widths takes about 0.2 s, and a report is drawn up to three
    times (the spacing tightened each time), every time it is downloaded. The copy shares the character
    map and the font's measures, as fpdf2's own copy of a document does, and gets its own widths,
    list of characters used and handle on the file: writing the PDF cuts the font down in place.
    """
    from fontTools import ttLib
    from fpdf.fonts import SubsetMap

    read = _read_font(path)
    font = copy.copy(read)
    font.ttfont = ttLib.TTFont(read.ttffile, recalcTimestamp=False, fontNumber=read.collection_font_number, lazy=True)
    font.i = len(pdf.fonts) + 1
    font.fontkey = family.lower()
    font.cw = copy.copy(read.cw)
    font.glyph_ids = dict(read.glyph_ids)
    font.missing_glyphs = []
    font.subset = SubsetMap(font)
    pdf.fonts[font.fontkey] = font


class _NoGlyphNames(logging.Filter):
    """Drop fpdf2's "font is missing the following glyphs: '𠮷' …" warnings.

    Why: they quote the characters, and the characters come from a person's name or notes; a
    server log must never hold them. What is missing is still visible in the PDF (a box).
    """

    def filter(self, record: logging.LogRecord) -> bool:
        return "missing the following glyphs" not in str(record.msg)


def quiet_glyph_warnings() -> None:
    """Install the filter once on fpdf2's output logger (idempotent)."""
    logger = logging.getLogger("fpdf.output")
    if not any(isinstance(f, _NoGlyphNames) for f in logger.filters):
        logger.addFilter(_NoGlyphNames())
