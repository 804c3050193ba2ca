"""Draw the report (``report_data.Report``) as an A4 PDF with fpdf2: tables, bars and lines.

Why fpdf2 primitives and not chart images: no browser, no kaleido, nothing to install beyond
a font, and the charts stay sharp when printed. Each debt keeps its colour from
``overdue_core.palette`` so "the orange one" is the same debt in the PDF and on screen.

Chinese needs an embedded CJK font (:mod:`overdue_core.report.fonts`). Without one the PDF is still
produced with the built-in Helvetica, every character it cannot show replaced by "?", and a
line at the top saying so; the page tells the person which package to install.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import ROUND_CEILING, Decimal
from typing import Any

from fpdf import FPDF
from fpdf.enums import WrapMode, XPos, YPos
from fpdf.fonts import FontFace

from overdue_core.case.money import fmt_money
from overdue_core.i18n import t
from overdue_core.report.data import BarChart, Facts, LineChart, Paragraph, Quote, Report, Signature, Table, WriteIn
from overdue_core.report.fonts import add_font_once, find_cjk_font, find_fallback_font, quiet_glyph_warnings
from overdue_core.report.wrap import HANG, wrap_lines

#: Spacing factors tried in turn when the last page would hold only a few lines.
COMPACT_STEPS: tuple[float, ...] = (1.0, 0.9, 0.8)
#: A last page filled less than this (mm of content below the top margin) counts as near-empty.
MIN_LAST_PAGE_MM = 60.0

PRIMARY = (47, 125, 109)  # the app's theme colour (#2F7D6D)
TEXT = (31, 42, 42)
MUTED = (95, 105, 105)
#: How fpdf2 may break a line that is still too long after ``_Pdf.wrapped``: at any character
#: (Chinese has no spaces between words).
WRAP = WrapMode.CHAR
RULE = (200, 210, 205)
HEAD_FILL = (230, 240, 236)
HIGHLIGHT_FILL = (252, 243, 214)  # the creditor a statement is addressed to
TOTAL_FILL = (242, 242, 238)

#: Latin-1 stand-ins for the few symbols our catalogs use, for the built-in font.
_LATIN_STANDINS = {
    "—": "-",
    "–": "-",
    "…": "...",
    "✓": "x",
    "·": "-",
    "›": ">",
    "≥": ">=",
    "“": '"',
    "”": '"',
    "’": "'",
    "‘": "'",
    "×": "x",
}


def hex_rgb(colour: str) -> tuple[int, int, int]:
    colour = colour.lstrip("#")
    return int(colour[0:2], 16), int(colour[2:4], 16), int(colour[4:6], 16)


class _Pdf(FPDF):
    """FPDF with our page footer and text that never fails on a missing glyph."""

    def __init__(self, report: Report, font_family: str, unicode_font: bool, scale: float = 1.0) -> None:
        super().__init__(orientation="P", unit="mm", format="A4")
        self.report = report
        #: Vertical spacing factor (below 1 when a near-empty last page is avoided).
        self.scale = scale
        self.family = font_family
        self.unicode_font = unicode_font
        self.set_margins(15, 15, 15)
        self.set_auto_page_break(auto=True, margin=18)
        self.set_title(report.title)
        self.set_creator("overdue-dashboard")

    def safe(self, text: str) -> str:
        """Text the current font can draw (the built-in font only knows Latin-1)."""
        if self.unicode_font:
            return text
        text = "".join(_LATIN_STANDINS.get(ch, ch) for ch in text)
        return text.encode("latin-1", "replace").decode("latin-1")

    def footer(self) -> None:
        self.set_y(-12)
        self.set_font(self.family, size=7.5)
        self.set_text_color(*MUTED)
        self.cell(0, 4, self.safe(self.report.footer), align="L")
        self.set_x(self.l_margin)
        self.cell(0, 4, self.safe(t("report.page_n", self.report.lang, n=self.page_no())), align="R")

    @property
    def content_width(self) -> float:
        return self.w - self.l_margin - self.r_margin

    def wrapped(self, text: str, width: float) -> str:
        """``text`` broken into lines for a cell ``width`` wide, no line starting with "，" or "）".

        Lines are measured a little short of the width, so a closing mark allowed to hang still
        fits and fpdf2 never re-breaks the line.
        """
        text = self.safe(text)
        lines = wrap_lines(text, max(width / HANG - 0.5, 1.0), self.get_string_width)
        return "\n".join(lines)

    def text_block(
        self,
        text: str,
        size: float,
        colour: tuple[int, int, int],
        line_h: float,
        wrap: WrapMode = WrapMode.WORD,
        align: str = "J",
    ) -> None:
        """``text`` in ``size`` and ``colour`` across the full width, broken as :meth:`wrapped` breaks
        it in that font; the next block starts on the line below."""
        self.set_font(self.family, size=size)
        self.set_text_color(*colour)
        text = self.wrapped(text, self.content_width)
        self.multi_cell(0, line_h, text, new_x=XPos.LMARGIN, new_y=YPos.NEXT, wrapmode=wrap, align=align)


def _report_text(report: Report) -> str:
    """Every character the report prints (to decide whether the rare-character font is needed)."""
    parts = [report.title, report.subtitle, report.footer]
    for section in report.sections:
        parts.append(section.title)
        for block in section.blocks:
            for value in vars(block).values():
                parts.append(repr(value))
    return "".join(parts)


def render_pdf(report: Report, font_path: str | None = None, fallback_path: str | None = None) -> bytes:
    """The report as PDF bytes. Uses ``font_path`` or the CJK font found on this machine.

    Characters the main font lacks (𠮷, 𠀀 in a name) are drawn with a fallback font when one
    is installed (``fonts-hanazono``); without it they print as empty boxes and the PDF is still
    made. fpdf2's warnings that quote missing characters are kept out of the log. When the last
    page would hold only a few lines, the spacing is tightened a little and the PDF drawn again.
    """
    quiet_glyph_warnings()
    path = font_path or find_cjk_font()
    for scale in COMPACT_STEPS:
        pdf = _draw(report, path, fallback_path, scale)
        if pdf.page_no() == 1 or pdf.last_page_fill >= MIN_LAST_PAGE_MM:
            break
    return bytes(pdf.output())  # only the drawing kept is written: writing cuts the fonts down


def _draw(report: Report, path, fallback_path: str | None, scale: float) -> "_Pdf":
    family = "cjk" if path else "helvetica"
    pdf = _Pdf(report, family, unicode_font=bool(path), scale=scale)
    if path:
        add_font_once(pdf, "cjk", str(path))
        cmap = getattr(pdf.fonts.get("cjk"), "cmap", None) or {}
        missing = {ch for ch in _report_text(report) if ord(ch) > 0xFF and ord(ch) not in cmap}
        rare = fallback_path or (find_fallback_font() if missing else None)
        if missing and rare:
            add_font_once(pdf, "rare", str(rare))
            pdf.set_fallback_fonts(["rare"], exact_match=False)
    pdf.add_page()
    _title(pdf, report)
    for number, section in enumerate(report.sections, 1):
        title = t("report.heading", report.lang, n=numeral(number, report.lang), title=section.title)
        _heading(pdf, title, lead_height(pdf, section.blocks, 0) if section.blocks else 0.0, section.dated)
        for index, block in enumerate(section.blocks):
            if isinstance(block, Paragraph):
                lead = lead_height(pdf, section.blocks, index)
                if index and lead < pdf.eph * 0.6 and pdf.will_page_break(lead):
                    pdf.add_page()  # an introduction stays with the table it introduces
            _DRAWERS[type(block)](pdf, block)
    pdf.last_page_fill = pdf.get_y() - pdf.t_margin
    return pdf


#: Chinese section numbers (一、二、…), up to the twenty a statement could have.
_ZH_DIGITS = "一二三四五六七八九"


def numeral(n: int, lang: str) -> str:
    """A section's number as its language writes it: 1 → "一" in Chinese, "1" in English."""
    if lang == "en" or not 1 <= n < 100:
        return str(n)
    tens, ones = divmod(n, 10)
    head = "" if tens == 0 else ("十" if tens == 1 else _ZH_DIGITS[tens - 1] + "十")
    return head + (_ZH_DIGITS[ones - 1] if ones else "")


def lead_height(pdf: "_Pdf", blocks: list, index: int) -> float:
    """Room ``blocks[index]`` needs to start on this page: a paragraph that introduces the next
    block (a table, facts, a chart) needs the start of that block too, so a heading or an
    introduction is never left alone at the foot of a page."""
    height = _first_height(pdf, blocks[index])
    if (
        isinstance(blocks[index], Paragraph)
        and index + 1 < len(blocks)
        and not isinstance(blocks[index + 1], Paragraph)
    ):
        height += _first_height(pdf, blocks[index + 1])
    return height


def _paragraph_style(block: Paragraph) -> tuple[float, tuple[int, int, int], float]:
    """A paragraph's type size, colour and line height (mm, before the page's scale): muted or not."""
    return (8.5, MUTED, 4.6) if block.muted else (9.5, TEXT, 5.2)


def paragraph_height(pdf: "_Pdf", block: Paragraph) -> float:
    """How tall a paragraph is drawn (mm)."""
    size, _colour, line_h = _paragraph_style(block)
    pdf.set_font(pdf.family, size=size)
    lines = pdf.wrapped(block.text, pdf.content_width).count("\n") + 1
    return (lines * line_h + 1.5) * pdf.scale


def _first_height(pdf: "_Pdf", block) -> float:
    """Room the start of a section's first block needs, so its heading is never left alone."""
    if isinstance(block, Paragraph):
        return paragraph_height(pdf, block)
    if isinstance(block, Quote):
        return min(quote_height(pdf, block), 5.2 * 4 * pdf.scale)
    if isinstance(block, WriteIn):
        return write_in_height(pdf, block)
    if isinstance(block, Facts):
        height = facts_height(pdf, block)
        return height if height <= KEEP_TABLE_MM else 5.2 * 3 * pdf.scale
    if isinstance(block, Table):
        height = table_height(pdf, block)
        return height if height <= KEEP_TABLE_MM else (6.5 + 6.5 * min(2, len(block.rows))) * pdf.scale
    if isinstance(block, BarChart):
        return 8 + len(block.values) * 9.0
    if isinstance(block, LineChart):
        return 62 + 22 + ((len(block.series) + 2) // 3) * 5
    if isinstance(block, Signature):
        return _signature_height(pdf, block)
    return 10.0


# --- text blocks ------------------------------------------------------------------------------
def _title(pdf: _Pdf, report: Report) -> None:
    pdf.set_text_color(*PRIMARY)
    pdf.set_font(pdf.family, size=18)
    pdf.multi_cell(0, 9, pdf.safe(report.title), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    if report.subtitle:
        pdf.text_block(report.subtitle, 11, TEXT, 6, align="L")
    if not pdf.unicode_font:
        pdf.set_text_color(180, 40, 40)
        pdf.set_font(pdf.family, size=9)
        pdf.multi_cell(0, 5, pdf.safe(t("report.font_missing_text", "en")), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(2)


def _heading(pdf: _Pdf, text: str, first_block: float = 12.0, dated: str = "") -> None:
    """A section heading, moved to the next page with its content when both do not fit; the date
    its figures are as of at the right of the same line."""
    if pdf.will_page_break(14 + first_block):
        pdf.add_page()
    pdf.ln(3 * pdf.scale)
    if dated:
        y = pdf.get_y()
        pdf.set_text_color(*MUTED)
        pdf.set_font(pdf.family, size=8.5)
        pdf.cell(0, 7, pdf.safe(dated), align="R")
        pdf.set_xy(pdf.l_margin, y)
    pdf.set_text_color(*PRIMARY)
    pdf.set_font(pdf.family, size=12.5)
    pdf.cell(0, 7, pdf.safe(text), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_draw_color(*PRIMARY)
    pdf.set_line_width(0.4)
    pdf.line(pdf.l_margin, pdf.get_y(), pdf.w - pdf.r_margin, pdf.get_y())
    pdf.ln(2.5 * pdf.scale)


def _paragraph(pdf: _Pdf, block: Paragraph) -> None:
    size, colour, line_h = _paragraph_style(block)
    pdf.text_block(block.text, size, colour, line_h * pdf.scale, WRAP)
    pdf.ln(1.5 * pdf.scale)


#: How far the person's own words are indented, and the rule beside them, mm.
QUOTE_INDENT = 6.0


def _quote_lines(pdf: _Pdf, block: Quote) -> tuple[str, int]:
    pdf.set_font(pdf.family, size=10)
    text = pdf.wrapped(block.text, pdf.content_width - QUOTE_INDENT)
    return text, text.count("\n") + 1


def quote_height(pdf: _Pdf, block: Quote) -> float:
    """How tall the person's words are drawn (mm), with their caption."""
    return (_quote_lines(pdf, block)[1] * 5.6 + (5.0 if block.caption else 0) + 3) * pdf.scale


def _quote(pdf: _Pdf, block: Quote) -> None:
    """The person's own words, indented behind a rule in the theme colour; split over pages
    line by line when long (each page's part keeps its rule)."""
    if block.caption:
        if pdf.will_page_break(5.0 + 5.6 * 2):
            pdf.add_page()
        pdf.text_block(block.caption, 8.5, MUTED, 5.0 * pdf.scale, WRAP)
    text, _count = _quote_lines(pdf, block)
    line_h = 5.6 * pdf.scale
    pdf.set_font(pdf.family, size=10)
    pdf.set_text_color(*TEXT)
    pdf.set_draw_color(*PRIMARY)
    pdf.set_line_width(0.8)
    lines = text.split("\n")
    start = pdf.get_y()
    for line in lines:
        if pdf.will_page_break(line_h):
            pdf.line(pdf.l_margin + 1, start, pdf.l_margin + 1, pdf.get_y())
            pdf.add_page()
            start = pdf.get_y()
        pdf.set_x(pdf.l_margin + QUOTE_INDENT)
        pdf.cell(pdf.content_width - QUOTE_INDENT, line_h, line, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.line(pdf.l_margin + 1, start, pdf.l_margin + 1, pdf.get_y())
    pdf.ln(3 * pdf.scale)


#: Space between two lines to write on by hand, mm.
WRITE_LINE_MM = 8.0


def write_in_height(pdf: _Pdf, block: WriteIn) -> float:
    return 6.0 + block.lines * WRITE_LINE_MM + 2


def _write_in(pdf: _Pdf, block: WriteIn) -> None:
    """A short line saying what to write, then ruled lines to write it on (kept on one page)."""
    if pdf.will_page_break(write_in_height(pdf, block)):
        pdf.add_page()
    pdf.text_block(block.hint, 8.5, MUTED, 4.6)
    pdf.set_draw_color(*MUTED)
    pdf.set_line_width(0.25)
    for _ in range(block.lines):
        y = pdf.get_y() + WRITE_LINE_MM
        pdf.line(pdf.l_margin, y, pdf.w - pdf.r_margin, y)
        pdf.set_y(y)
    pdf.ln(2)


#: Width of the label column of a list of facts, mm.
FACTS_LABEL_W = 68.0


def _fact_lines(pdf: _Pdf, label: str, value: str) -> tuple[str, str, int]:
    """A fact's label and value wrapped to their columns, and how many lines the pair takes."""
    pdf.set_font(pdf.family, size=9.5)
    value_text = pdf.wrapped(value, pdf.content_width - FACTS_LABEL_W - 2)
    pdf.set_font(pdf.family, size=9)
    label_text = pdf.wrapped(label, FACTS_LABEL_W - 2)
    return label_text, value_text, max(value_text.count("\n"), label_text.count("\n")) + 1


def facts_height(pdf: _Pdf, block: Facts) -> float:
    """How tall a list of facts is drawn (mm), so a short list is kept on one page."""
    return sum(_fact_lines(pdf, label, value)[2] for label, value in block.items) * 5.2 * pdf.scale


def _facts(pdf: _Pdf, block: Facts) -> None:
    label_w = FACTS_LABEL_W
    line_h = 5.2 * pdf.scale
    height = facts_height(pdf, block)
    if height <= KEEP_TABLE_MM and pdf.will_page_break(height):
        pdf.add_page()
    for label, value in block.items:
        label_text, value_text, lines = _fact_lines(pdf, label, value)
        pdf.set_font(pdf.family, size=9)
        if pdf.will_page_break(line_h * lines):
            pdf.add_page()
        y = pdf.get_y()
        pdf.set_text_color(*MUTED)
        pdf.multi_cell(label_w, line_h, label_text, new_x=XPos.RIGHT, new_y=YPos.TOP, wrapmode=WRAP)
        pdf.set_xy(pdf.l_margin + label_w, y)
        pdf.set_font(pdf.family, size=9.5)
        pdf.set_text_color(*TEXT)
        if value:
            pdf.multi_cell(
                pdf.content_width - label_w, line_h, value_text, new_x=XPos.LMARGIN, new_y=YPos.NEXT, wrapmode=WRAP
            )
        else:  # nothing known: a line to write it on by hand
            bottom = y + line_h * (label_text.count("\n") + 1) - 0.6
            pdf.set_draw_color(*MUTED)
            pdf.set_line_width(0.25)
            pdf.line(pdf.l_margin + label_w, bottom, pdf.w - pdf.r_margin, bottom)
        pdf.set_y(max(pdf.get_y(), y + line_h * (label_text.count("\n") + 1)))
    pdf.ln(2 * pdf.scale)


#: A table up to this tall (mm) is kept on one page: moved whole to the next page rather than
#: split (so a total row never sits alone under a repeated header).
KEEP_TABLE_MM = 100.0
_TABLE_LINE_MM = 4.4
_TABLE_PAD_MM = 1.0


def _inner_widths(pdf: _Pdf, block: Table) -> list[float]:
    """Text width of each column (the swatch column first when there is one), mm."""
    widths = ([0.35] if block.swatches is not None else []) + list(block.widths)
    total_w = sum(widths)
    return [pdf.content_width * w / total_w - 2.6 for w in widths]


def table_height(pdf: _Pdf, block: Table) -> float:
    """How tall ``block`` is drawn (mm): each row as tall as its most wrapped cell."""
    pdf.set_font(pdf.family, size=8)
    inner = _inner_widths(pdf, block)
    offset = 1 if block.swatches is not None else 0
    rows = [block.header, *block.rows] + ([block.total] if block.total is not None else [])
    height = 0.0
    for cells in rows:
        lines = max((pdf.wrapped(cell, inner[i + offset]).count("\n") + 1 for i, cell in enumerate(cells)), default=1)
        height += lines * _TABLE_LINE_MM * pdf.scale + 2 * _TABLE_PAD_MM
    if block.note:
        height += note_height(pdf, block.note)
    return height


def note_height(pdf: _Pdf, note: str) -> float:
    """How tall a table's note is drawn under it (mm)."""
    pdf.set_font(pdf.family, size=8)
    return (pdf.wrapped(note, pdf.content_width).count("\n") + 1) * 4.2 * pdf.scale + 1.5


def _table(pdf: _Pdf, block: Table) -> None:
    swatch = block.swatches is not None
    widths = ([0.35] if swatch else []) + list(block.widths)
    align = (["C"] if swatch else []) + list(block.align)
    height = table_height(pdf, block)
    if height <= KEEP_TABLE_MM and pdf.will_page_break(height):
        pdf.add_page()
    pdf.set_font(pdf.family, size=8)
    pdf.set_text_color(*TEXT)
    pdf.set_fill_color(255, 255, 255)  # cells without a style of their own use the current fill
    pdf.set_draw_color(*RULE)
    pdf.set_line_width(0.2)
    head = FontFace(emphasis="", color=PRIMARY, fill_color=HEAD_FILL)
    inner = _inner_widths(pdf, block)
    offset = 1 if swatch else 0

    def cell_text(text: str, column: int) -> str:
        return pdf.wrapped(text, inner[column + offset])

    with pdf.table(
        col_widths=widths,
        text_align=align,
        headings_style=head,
        line_height=_TABLE_LINE_MM * pdf.scale,
        wrapmode=WRAP,
        padding=(_TABLE_PAD_MM, 1.2),
        width=pdf.content_width,
        borders_layout="HORIZONTAL_LINES",
    ) as table:
        table.row([""] * swatch + [cell_text(h, i) for i, h in enumerate(block.header)])
        for index, cells in enumerate(block.rows):
            row = table.row(style=FontFace(fill_color=HIGHLIGHT_FILL) if index in block.highlight else None)
            if swatch:
                colour = block.swatches[index] if block.swatches else None
                row.cell("", style=FontFace(fill_color=hex_rgb(colour)) if colour else None)
            for i, cell in enumerate(cells):
                row.cell(cell_text(cell, i))
        if block.total is not None:
            row = table.row(style=FontFace(emphasis="", fill_color=TOTAL_FILL))
            if swatch:
                row.cell("")
            for i, cell in enumerate(block.total):
                row.cell(cell_text(cell, i))
    if block.note:
        pdf.ln(0.8)
        pdf.text_block(block.note, 8, MUTED, 4.2 * pdf.scale, WRAP)
        pdf.set_text_color(*TEXT)
    pdf.ln(2.5 * pdf.scale)


# --- charts ---------------------------------------------------------------------------------
def nice_axis(value: Decimal, max_steps: int = 5) -> tuple[Decimal, Decimal]:
    """A round axis for values up to ``value``: (top, step), step 1, 2 or 5 × a power of ten.

    Why: ticks like 6,250 / 18,750 are hard to read; 5,000 / 10,000 / 15,000 are not. The top is
    the first multiple of the step at or above ``value``, with at most ``max_steps`` steps.
    """
    if value <= 0:
        return Decimal(1), Decimal("0.25")
    exponent = len(str(int(value))) - 1 if value >= 1 else -len(str(value).split(".")[1].lstrip("0")) + 1
    for power in (exponent - 1, exponent, exponent + 1):
        base = Decimal(10) ** power
        for mult in (Decimal(1), Decimal(2), Decimal(5)):
            step = mult * base
            steps = (value / step).to_integral_value(rounding=ROUND_CEILING)
            if steps <= max_steps:
                return step * max(steps, 1), step
    step = Decimal(10) ** (exponent + 2)
    return step, step


#: Width of one month label under the balance chart ("2027-05"), mm.
X_LABEL_W = 16.0
#: Most month labels under the balance chart.
MAX_X_LABELS = 6


def x_label_positions(count: int, left: float, width: float, label_w: float, right: float) -> list[tuple[int, float]]:
    """Which month labels to print under a line chart, and where (index, left edge in mm).

    Why: labels every k months plus the last one used to collide at the right end ("2029-05"
    over "2029-10"). The first and last month are always labelled; the labels in between are
    evenly spaced, and one that would come closer than a label's width to its neighbour is left
    out. A label is centred on its month but kept inside [left - label_w / 2, right].
    """
    if count <= 0:
        return []
    dx = width / max(count - 1, 1)

    def place(i: int) -> float:
        return min(max(left + i * dx - label_w / 2, left - label_w / 2), right - label_w)

    every = max(1, -(-(count - 1) // (MAX_X_LABELS - 1)), int(-(-(label_w * 1.25) // dx)) if dx > 0 else 1)
    wanted = list(range(0, count, every))
    last = count - 1
    if wanted[-1] != last:
        wanted.append(last)
    kept: list[tuple[int, float]] = []
    for i in wanted:
        x = place(i)
        if kept and x - kept[-1][1] < label_w * 1.1:
            if i != last:
                continue
            if len(kept) > 1:
                kept.pop()  # the last month is kept; the label before it gives way
            else:
                continue  # only two months, too close: the first one alone
        kept.append((i, x))
    return kept


def _chart_title(pdf: _Pdf, title: str) -> None:
    pdf.set_font(pdf.family, size=9.5)
    pdf.set_text_color(*TEXT)
    pdf.cell(0, 6, pdf.safe(title), new_x=XPos.LMARGIN, new_y=YPos.NEXT)


def _bars(pdf: _Pdf, chart: BarChart) -> None:
    """Horizontal bars, one per debt, in its colour, with the exact amount at the end."""
    if not chart.values:
        return
    bar_h, gap, label_w, value_w = 5.0, 2.0, 45.0, 26.0
    height = 8 + len(chart.values) * (bar_h + gap)
    if pdf.will_page_break(height):
        pdf.add_page()
    _chart_title(pdf, chart.title)
    top = pdf.get_y() + 1
    scale_max = max(chart.values) or Decimal(1)
    track = pdf.content_width - label_w - value_w
    pdf.set_font(pdf.family, size=8)
    for i, (label, value, colour) in enumerate(zip(chart.labels, chart.values, chart.colours, strict=True)):
        y = top + i * (bar_h + gap)
        pdf.set_text_color(*TEXT)
        _fit_label(pdf, label, pdf.l_margin, y, label_w - 2, bar_h, align="R")
        width = float(value / scale_max) * track if scale_max > 0 else 0
        pdf.set_fill_color(*hex_rgb(colour))
        if width > 0:
            pdf.rect(pdf.l_margin + label_w, y, max(width, 0.4), bar_h, style="F")
        pdf.set_xy(pdf.l_margin + label_w + width + 1.5, y)
        pdf.cell(value_w, bar_h, fmt_money(value))
    pdf.set_y(top + len(chart.values) * (bar_h + gap) + 2)


def _lines(pdf: _Pdf, chart: LineChart) -> None:
    """One line per debt over the months, with a y axis in yuan and a legend."""
    if not chart.x_labels or not chart.series:
        return
    plot_h, axis_w = 62.0, 20.0
    legend_rows = (len(chart.series) + 2) // 3
    if pdf.will_page_break(plot_h + 22 + legend_rows * 5):
        pdf.add_page()
    _chart_title(pdf, chart.title)
    left = pdf.l_margin + axis_w
    top = pdf.get_y() + 2
    width = pdf.content_width - axis_w - 2
    y_max, y_step = nice_axis(max((max(values) for _, _, values in chart.series if values), default=Decimal(0)))
    steps = int(y_max / y_step)
    pdf.set_font(pdf.family, size=7)
    pdf.set_line_width(0.15)
    for k in range(steps + 1):
        y = top + plot_h - plot_h * k / steps
        pdf.set_draw_color(*RULE)
        pdf.line(left, y, left + width, y)
        pdf.set_text_color(*MUTED)
        pdf.set_xy(pdf.l_margin, y - 2)
        pdf.cell(axis_w - 1.5, 4, f"{int(y_step * k):,}", align="R")
    count = len(chart.x_labels)
    dx = width / max(count - 1, 1)
    for i, x in x_label_positions(count, left, width, X_LABEL_W, pdf.w - pdf.r_margin):
        pdf.set_xy(x, top + plot_h + 1)
        pdf.cell(X_LABEL_W, 4, chart.x_labels[i], align="C")
    pdf.set_line_width(0.7)
    for _, colour, values in chart.series:
        pdf.set_draw_color(*hex_rgb(colour))
        points = [(left + i * dx, top + plot_h - plot_h * float(v / y_max)) for i, v in enumerate(values)]
        if len(points) == 1:
            pdf.line(points[0][0], points[0][1], points[0][0] + 1, points[0][1])
        else:
            pdf.polyline(points)
    # legend, three per row
    pdf.set_line_width(0.2)
    y = top + plot_h + 7
    col_w = pdf.content_width / 3
    pdf.set_font(pdf.family, size=8)
    pdf.set_text_color(*TEXT)
    for i, (label, colour, _values) in enumerate(chart.series):
        x = pdf.l_margin + (i % 3) * col_w
        yy = y + (i // 3) * 5
        pdf.set_fill_color(*hex_rgb(colour))
        pdf.rect(x, yy + 1, 6, 2.5, style="F")
        _fit_label(pdf, label, x + 7.5, yy, col_w - 8, 4.5, align="L")
    pdf.set_y(y + legend_rows * 5 + 2)


def report_pdf(
    case, lang: str, *, copy: str = "creditor", creditor: str | None = None, plan=None, font_path: str | None = None
) -> bytes:
    """Build one statement for ``case`` in ``lang`` and draw it: ``copy`` "creditor" (addressed
    to the debt ``creditor``, or to all) or "own" (the person's copy); see ``data.build_report``."""
    from overdue_core.report.data import build_report

    return render_pdf(build_report(case, lang, copy=copy, creditor=creditor, plan=plan), font_path=font_path)


def _fit_label(pdf: _Pdf, label: str, x: float, y: float, width: float, height: float, align: str) -> None:
    """A name in a fixed box: smaller type, then two lines, then cut with "…" (never past it)."""
    size = 8.0
    pdf.set_font(pdf.family, size=size)
    text = pdf.safe(label)
    if pdf.get_string_width(text) > width:
        size = 6.5
        pdf.set_font(pdf.family, size=size)
    lines = wrap_lines(text, width - 0.5, pdf.get_string_width) if pdf.get_string_width(text) > width else [text]
    if len(lines) > 2:
        second = lines[1]
        while second and pdf.get_string_width(second + "…") > width - 0.5:
            second = second[:-1]
        lines = [lines[0], second + "…"]
    line_h = height / len(lines) if len(lines) > 1 else height
    for i, line in enumerate(lines):
        pdf.set_xy(x, y + i * line_h)
        pdf.cell(width, line_h, line, align=align)
    pdf.set_font(pdf.family, size=8)


def _signature_height(pdf: _Pdf, block: Signature) -> float:
    return 16 + 9.0 * ((len(block.items) + 1) // 2)


def _signature(pdf: _Pdf, block: Signature) -> None:
    """The declaration, then name and contact filled from the case, and lines to sign and date.

    Two pairs per row (name and signature, contact and date), kept on one page.
    """
    if pdf.will_page_break(_signature_height(pdf, block)):
        pdf.add_page()
    pdf.text_block(block.declaration, 9.5, TEXT, 5.2, WRAP)
    pdf.ln(2)
    half = pdf.content_width / 2
    label_w, line_w = 24.0, half - 30.0
    pdf.set_draw_color(*MUTED)
    pdf.set_line_width(0.25)
    rows = (len(block.items) + 1) // 2
    top = pdf.get_y()
    for index, (label, value) in enumerate(block.items):
        column, row = divmod(index, rows)
        x = pdf.l_margin + column * half
        y = top + 2 + row * 9.0
        pdf.set_xy(x, y)
        pdf.set_font(pdf.family, size=9)
        pdf.set_text_color(*MUTED)
        pdf.cell(label_w, 6, pdf.safe(label))
        pdf.set_text_color(*TEXT)
        _fit_label(pdf, value, x + label_w, y, line_w, 6, align="L")
        pdf.line(x + label_w, y + 6.5, x + label_w + line_w, y + 6.5)
    pdf.set_y(top + 2 + rows * 9.0)


#: How each kind of block is drawn (``_draw`` keeps an introducing paragraph with what follows it).
_DRAWERS: dict[type, Callable[[_Pdf, Any], None]] = {
    Paragraph: _paragraph,
    Quote: _quote,
    WriteIn: _write_in,
    Facts: _facts,
    Table: _table,
    BarChart: _bars,
    LineChart: _lines,
    Signature: _signature,
}
