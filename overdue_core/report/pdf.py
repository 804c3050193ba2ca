"""Draw the report (``report_data.Report``) as an A4 PDF with fpdf2: tables, bars and lines.

Why fpdf2 primitives and not chart images: no browser, no kaleido, nothing to install beyond
a font, and the charts stay sharp when printed. Each debt keeps its colour from
``overdue_core.palette`` so "the orange one" is the same debt in the PDF and on screen.

Chinese needs an embedded CJK font (:mod:`overdue_core.report.fonts`). Without one the PDF is still
produced with the built-in Helvetica, every character it cannot show replaced by "?", and a
line at the top saying so; the page tells the person which package to install.
"""

from __future__ import annotations

from decimal import Decimal

from fpdf import FPDF
from fpdf.enums import WrapMode, XPos, YPos
from fpdf.fonts import FontFace

from overdue_core.case.money import fmt_money
from overdue_core.i18n import t
from overdue_core.report.data import BarChart, Facts, LineChart, Paragraph, Report, Table
from overdue_core.report.fonts import find_cjk_font

PRIMARY = (47, 125, 109)  # the app's theme colour (#2F7D6D)
TEXT = (31, 42, 42)
MUTED = (95, 105, 105)
RULE = (200, 210, 205)
HEAD_FILL = (230, 240, 236)
TOTAL_FILL = (242, 242, 238)

#: Latin-1 stand-ins for the few symbols our catalogs use, for the built-in font.
_LATIN_STANDINS = {"—": "-", "–": "-", "…": "...", "✓": "x", "·": "-", "›": ">", "≥": ">=", "“": '"', "”": '"', "’": "'", "‘": "'", "×": "x"}


def hex_rgb(colour: str) -> tuple[int, int, int]:
    colour = colour.lstrip("#")
    return int(colour[0:2], 16), int(colour[2:4], 16), int(colour[4:6], 16)


class _Pdf(FPDF):
    """FPDF with our page footer and text that never fails on a missing glyph."""

    def __init__(self, report: Report, font_family: str, unicode_font: bool) -> None:
        super().__init__(orientation="P", unit="mm", format="A4")
        self.report = report
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


def render_pdf(report: Report, font_path: str | None = None) -> bytes:
    """The report as PDF bytes. Uses ``font_path`` or the CJK font found on this machine."""
    path = font_path or find_cjk_font()
    family = "cjk" if path else "helvetica"
    pdf = _Pdf(report, family, unicode_font=bool(path))
    if path:
        pdf.add_font("cjk", "", str(path))
    pdf.add_page()
    wrap = WrapMode.CHAR if report.lang != "en" else WrapMode.WORD
    _title(pdf, report)
    for section in report.sections:
        _heading(pdf, section.title)
        for block in section.blocks:
            if isinstance(block, Paragraph):
                _paragraph(pdf, block, wrap)
            elif isinstance(block, Facts):
                _facts(pdf, block, wrap)
            elif isinstance(block, Table):
                _table(pdf, block, wrap)
            elif isinstance(block, BarChart):
                _bars(pdf, block)
            elif isinstance(block, LineChart):
                _lines(pdf, block)
    return bytes(pdf.output())


# --- text blocks ------------------------------------------------------------------------------
def _title(pdf: _Pdf, report: Report) -> None:
    pdf.set_text_color(*PRIMARY)
    pdf.set_font(pdf.family, size=18)
    pdf.multi_cell(0, 9, pdf.safe(report.title), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    if report.subtitle:
        pdf.set_text_color(*TEXT)
        pdf.set_font(pdf.family, size=11)
        pdf.multi_cell(0, 6, pdf.safe(report.subtitle), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    if not pdf.unicode_font:
        pdf.set_text_color(180, 40, 40)
        pdf.set_font(pdf.family, size=9)
        pdf.multi_cell(0, 5, pdf.safe(t("report.font_missing_text", "en")), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(2)


def _heading(pdf: _Pdf, text: str) -> None:
    if pdf.will_page_break(22):
        pdf.add_page()
    pdf.ln(3)
    pdf.set_text_color(*PRIMARY)
    pdf.set_font(pdf.family, size=12.5)
    pdf.cell(0, 7, pdf.safe(text), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_draw_color(*PRIMARY)
    pdf.set_line_width(0.4)
    pdf.line(pdf.l_margin, pdf.get_y(), pdf.w - pdf.r_margin, pdf.get_y())
    pdf.ln(2.5)


def _paragraph(pdf: _Pdf, block: Paragraph, wrap: WrapMode) -> None:
    pdf.set_text_color(*(MUTED if block.muted else TEXT))
    pdf.set_font(pdf.family, size=8.5 if block.muted else 9.5)
    pdf.multi_cell(0, 4.6 if block.muted else 5.2, pdf.safe(block.text), new_x=XPos.LMARGIN, new_y=YPos.NEXT, wrapmode=wrap)
    pdf.ln(1.5)


def _facts(pdf: _Pdf, block: Facts, wrap: WrapMode) -> None:
    label_w = 68
    for label, value in block.items:
        lines = max(1, len(pdf.multi_cell(pdf.content_width - label_w, 5.2, pdf.safe(value), dry_run=True, output="LINES", wrapmode=wrap)))
        if pdf.will_page_break(5.2 * lines):
            pdf.add_page()
        y = pdf.get_y()
        pdf.set_font(pdf.family, size=9)
        pdf.set_text_color(*MUTED)
        pdf.multi_cell(label_w, 5.2, pdf.safe(label), new_x=XPos.RIGHT, new_y=YPos.TOP, wrapmode=wrap)
        pdf.set_xy(pdf.l_margin + label_w, y)
        pdf.set_font(pdf.family, size=9.5)
        pdf.set_text_color(*TEXT)
        pdf.multi_cell(pdf.content_width - label_w, 5.2, pdf.safe(value), new_x=XPos.LMARGIN, new_y=YPos.NEXT, wrapmode=wrap)
        pdf.set_y(max(pdf.get_y(), y + 5.2))
    pdf.ln(2)


def _table(pdf: _Pdf, block: Table, wrap: WrapMode) -> None:
    swatch = block.swatches is not None
    widths = ([0.35] if swatch else []) + list(block.widths)
    align = (["C"] if swatch else []) + list(block.align)
    pdf.set_font(pdf.family, size=8)
    pdf.set_text_color(*TEXT)
    pdf.set_fill_color(255, 255, 255)  # cells without a style of their own use the current fill
    pdf.set_draw_color(*RULE)
    pdf.set_line_width(0.2)
    head = FontFace(emphasis="", color=PRIMARY, fill_color=HEAD_FILL)
    with pdf.table(
        col_widths=widths,
        text_align=align,
        headings_style=head,
        line_height=4.4,
        wrapmode=wrap,
        padding=(1.0, 1.2),
        width=pdf.content_width,
        borders_layout="HORIZONTAL_LINES",
    ) as table:
        table.row([""] * swatch + [pdf.safe(h) for h in block.header])
        for index, cells in enumerate(block.rows):
            row = table.row()
            if swatch:
                colour = block.swatches[index] if block.swatches else None
                row.cell("", style=FontFace(fill_color=hex_rgb(colour)) if colour else None)
            for cell in cells:
                row.cell(pdf.safe(cell))
        if block.total is not None:
            row = table.row(style=FontFace(emphasis="", fill_color=TOTAL_FILL))
            if swatch:
                row.cell("")
            for cell in block.total:
                row.cell(pdf.safe(cell))
    pdf.ln(2.5)


# --- charts ---------------------------------------------------------------------------------
def _nice_max(value: Decimal) -> Decimal:
    """A round axis maximum at or above ``value`` (1, 2, 2.5 or 5 × a power of ten)."""
    if value <= 0:
        return Decimal(1)
    exponent = len(str(int(value))) - 1
    base = Decimal(10) ** exponent
    for step in (Decimal(1), Decimal(2), Decimal("2.5"), Decimal(5), Decimal(10)):
        if step * base >= value:
            return step * base
    return 10 * base


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
        pdf.set_xy(pdf.l_margin, y)
        pdf.cell(label_w - 2, bar_h, pdf.safe(label), align="R")
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
    y_max = _nice_max(max((max(values) for _, _, values in chart.series if values), default=Decimal(0)))
    steps = 4
    pdf.set_font(pdf.family, size=7)
    pdf.set_line_width(0.15)
    for k in range(steps + 1):
        y = top + plot_h - plot_h * k / steps
        pdf.set_draw_color(*RULE)
        pdf.line(left, y, left + width, y)
        pdf.set_text_color(*MUTED)
        pdf.set_xy(pdf.l_margin, y - 2)
        pdf.cell(axis_w - 1.5, 4, f"{int(y_max * k / steps):,}", align="R")
    count = len(chart.x_labels)
    dx = width / max(count - 1, 1)
    label_every = max(1, (count + 5) // 6)
    for i, label in enumerate(chart.x_labels):
        if i % label_every == 0 or i == count - 1:
            x = min(max(left + i * dx - 8, left - 8), pdf.w - pdf.r_margin - 16)
            pdf.set_xy(x, top + plot_h + 1)
            pdf.cell(16, 4, label, align="C")
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
        pdf.set_xy(x + 7.5, yy)
        pdf.cell(col_w - 8, 4.5, pdf.safe(label))
    pdf.set_y(y + legend_rows * 5 + 2)


def report_pdf(case, lang: str, *, plan=None, risk=None, font_path: str | None = None) -> bytes:
    """Convenience: build the report for ``case`` in ``lang`` and draw it."""
    from overdue_core.report.data import build_report

    return render_pdf(build_report(case, lang, plan=plan, risk=risk), font_path=font_path)
