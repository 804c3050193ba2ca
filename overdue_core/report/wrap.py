"""Line breaking for the PDF that follows Chinese rules (禁则): no line starts with a closing mark.

Why our own: fpdf2 breaks Chinese text anywhere ("CHAR" mode), so a line could start with "，"
or "）", which reads as careless in a statement meant for a creditor. We break the text into
lines ourselves, each no wider than the cell, keep Latin words and numbers whole, move a closing
mark up to the end of the previous line (or carry the last character down with it), and hand
fpdf2 lines that already fit.
"""

from __future__ import annotations

import re
from collections.abc import Callable

#: Marks that may not begin a line (closing punctuation, full-width and ASCII).
NO_LINE_START = frozenset("，。、；：？！）」』】》〉”’…—·,.;:?!)]}%％")
#: Marks that may not end a line (opening brackets and quotes).
NO_LINE_END = frozenset("（「『【《〈“‘([{")
#: One unit of text: a run of Latin letters, digits and their joiners, or any single character.
#: How far a closing mark may hang past the line (a share of the width).
HANG = 1.06
_UNIT = re.compile(r"[A-Za-z0-9][A-Za-z0-9.,:/%@_'’+\-]*[A-Za-z0-9%]|[A-Za-z0-9]|\s+|.", re.S)


def wrap_lines(text: str, width: float, measure: Callable[[str], float]) -> list[str]:
    """``text`` broken into lines no wider than ``width`` (as ``measure`` counts), 禁则 applied.

    Existing line breaks are kept. A single unit wider than the line is split by characters.
    """
    out: list[str] = []
    for paragraph in text.split("\n"):
        out.extend(_settle(_wrap_paragraph(paragraph, width, measure)))
    return out


def _settle(lines: list[str]) -> list[str]:
    """Last pass: a closing mark left at a line's start hangs at the end of the line above, and an
    opening mark left at a line's end moves down to the line it opens (rare, narrow cases)."""
    for i in range(1, len(lines)):
        while lines[i].lstrip()[:1] in NO_LINE_START and lines[i].strip() and lines[i - 1].strip():
            stripped = lines[i].lstrip()
            lines[i - 1] = lines[i - 1].rstrip() + stripped[0]
            lines[i] = stripped[1:]
    for i in range(len(lines) - 1):
        while lines[i].rstrip()[-1:] in NO_LINE_END and len(lines[i].rstrip()) > 1 and lines[i].rstrip()[-1:]:
            stripped = lines[i].rstrip()
            lines[i + 1] = stripped[-1] + lines[i + 1].lstrip()
            lines[i] = stripped[:-1]
    return [line for line in lines if line.strip()] or [""]


def _wrap_paragraph(paragraph: str, width: float, measure: Callable[[str], float]) -> list[str]:
    if not paragraph:
        return [""]
    lines: list[str] = []
    line: list[str] = []  # the units of the line being filled

    def text(units: list[str]) -> str:
        return "".join(units)

    for unit in _UNIT.findall(paragraph):
        if measure(text(line) + unit) <= width or not text(line).strip():
            if not text(line).strip() and measure(unit) > width:
                line = _split_long(text(line) + unit, width, measure, lines)
                continue
            line.append(unit)
            continue
        if unit.isspace():
            lines.append(text(line).rstrip())
            line = []
            continue
        if unit[0] in NO_LINE_START and measure(text(line) + unit) <= width * HANG:
            line.append(unit)  # a closing mark hangs into the margin rather than start a line
            continue
        # Break here; carry units down so the new line starts with a proper character and the
        # old one does not end on an opening mark.
        carry: list[str] = [unit]
        while len(line) > 1 and line[-1].isspace():
            line.pop()  # a break at a space: the space goes, nothing is carried
        while len(line) > 1 and (_head(carry) in NO_LINE_START or line[-1][-1] in NO_LINE_END):
            carry.insert(0, line.pop())
            while len(line) > 1 and line[-1].isspace():
                carry.insert(0, line.pop())
        if _head(carry) in NO_LINE_START:
            line.extend(carry)  # nothing can be carried down: the marks hang into the margin
            continue
        lines.append(text(line).rstrip())
        while carry and carry[0].isspace():
            carry.pop(0)
        line = [u for u in carry if u]
        # (Only at very narrow widths can the carried units overflow: a closing mark then hangs.)
    if line or not lines:
        lines.append(text(line).rstrip())
    return lines


def _head(units: list[str]) -> str:
    """The first visible character of ``units`` (spaces are dropped at a line break)."""
    return next((u[0] for u in units if not u.isspace()), "")


def _split_long(chunk: str, width: float, measure: Callable[[str], float], lines: list[str]) -> list[str]:
    """Split a unit wider than a whole line (a long account number) by characters."""
    line = ""
    for ch in chunk:
        if line and measure(line + ch) > width:
            lines.append(line)
            line = ""
        line += ch
    return [line]
