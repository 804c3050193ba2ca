"""Read Alipay and WeChat Pay bill exports into validated rows; never raises, never guesses.

Why so careful: the files are what the apps write, not what a person typed, so they come in
several layouts and encodings — a header block of account details and totals before the table,
GBK / GB18030 or UTF-8 with a BOM, cells padded with spaces and tabs, a comma after the last
column, amounts as "¥1,234.56". The table is found by its header row (a layout of
:mod:`overdue_core.bills.layouts`, column for column); each row is validated
(:class:`~overdue_core.bills.rows.BillRow`) or reported by its line. An XLSX file is checked
for zip bombs before it is opened (the same check as the debts import) and only its first
lines are read. The app and the command line run this in a limited child process
(:mod:`overdue_core.bills.limits`).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from pydantic import ValidationError

from overdue_core.bills.layouts import LAYOUTS, Layout, looks_like_header, match_layout, norm_header
from overdue_core.bills.rows import DIRECTIONS, BillRow, read_state
from overdue_core.case.problems import Problem
from overdue_core.i18n import t
from overdue_core.report.debt_import import MAX_IMPORT_BYTES, check_archive, decode_text, upload_refusal

#: Largest bill accepted: the app's upload limit (a year of Alipay is about 1 MB).
MAX_BILL_BYTES = MAX_IMPORT_BYTES
#: Most transactions read from one file (a busy year is a few thousand).
MAX_BILL_ROWS = 20_000
#: The table's header row must be among the first lines (the header block is about 25).
MAX_HEADER_LINES = 60
#: Columns read from a line at most (a bill has 16 at most).
MAX_COLUMNS = 30

_AMOUNT = re.compile(r"^\d+(\.\d{1,2})?$")
_TIME = re.compile(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[ T]+(\d{1,2}):(\d{2})(?::(\d{2}))?)?$")
_CONTROL = re.compile(r"[\x00-\x08\x0a-\x1f\x7f]")
_PERIOD = re.compile(r"起始(?:时间|日期)[:：]\s*\[([^\]]+)\][^\[]*终止(?:时间|日期)[:：]\s*\[([^\]]+)\]")


@dataclass
class BillReading:
    """What one file gave: its layout, the period its header block states, rows, problems."""

    layout: str = ""
    period: tuple[dt.date, dt.date] | None = None
    rows: list[BillRow] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


def _problem(code: str, lang: str, path: str = "", **params: Any) -> Problem:
    return Problem(path=path, message=t(f"bills.error.{code}", lang, **params), code=code)


def _cell(value: Any) -> str:
    """A cell as trimmed text: control characters go, and the padding (spaces, tabs, full-width
    spaces) at either end."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%d %H:%M:%S")
    if isinstance(value, float):
        return repr(value)  # 28.16 stays 28.16: repr is the shortest exact text
    return _CONTROL.sub("", str(value)).strip(" \t\u3000")


def parse_amount(text: str) -> Decimal | None:
    """ "¥1,234.56", "￥28.16", " 49.74 " -> an exact Decimal; anything else (or more than fen) -> None."""
    cleaned = re.sub(r"[\s,，¥￥]", "", text)
    return Decimal(cleaned) if _AMOUNT.match(cleaned) else None


def parse_time(text: str) -> dt.datetime | None:
    match = _TIME.match(text.strip())
    if not match:
        return None
    y, mo, d, h, mi, s = (int(g) if g else 0 for g in match.groups())
    try:
        return dt.datetime(y, mo, d, h, mi, s)
    except ValueError:
        return None


def _period(lines: list[list[str]]) -> tuple[dt.date, dt.date] | None:
    for cells in lines:
        if match := _PERIOD.search(" ".join(cells)):
            first, last = parse_time(match.group(1)), parse_time(match.group(2))
            if first and last and first <= last:
                return first.date(), last.date()
    return None


def _row(
    layout: Layout, fields: dict[int, str], cells: list[str], line: int, file: int, lang: str
) -> BillRow | Problem:
    values = {target: cells[position] if position < len(cells) else "" for position, target in fields.items()}
    when = parse_time(values.get("when", "")) or (
        parse_time(values.get(layout.fallback_when, "")) if layout.fallback_when else None
    )
    path = t("item.row", lang, n=line)
    if when is None:
        return _problem("bad_time", lang, path=path)
    amount = parse_amount(values.get("amount", ""))
    if amount is None:
        return _problem("bad_amount", lang, path=path)
    direction = DIRECTIONS.get(values.get("direction", "").strip())
    if direction is None:
        return _problem("bad_direction", lang, path=path)
    state, partial = read_state(layout.provider, values.get("status", ""), values.get("kind", ""))
    refunded = parse_amount(partial) if partial else parse_amount(values.get("refunded", "") or "0")
    try:
        return BillRow(
            file=file,
            line=line,
            provider=layout.provider,
            when=when,
            direction=direction,
            amount=amount,
            refunded=min(refunded or Decimal(0), amount),
            state=state,
            **{k: values.get(k, "")[:200] for k in ("kind", "counterparty", "item", "method", "status")},
        )
    except ValidationError:
        return _problem("bad_row", lang, path=path)


def _table(lines: Any, file: int, lang: str) -> BillReading:
    """Find the header row among the first lines, then read rows until the table ends."""
    reading = BillReading()
    block: list[list[str]] = []
    layout: Layout | None = None
    fields: dict[int, str] = {}  # column position -> the field it holds
    seen_header = False
    for line, raw_cells in lines:
        cells = [_cell(c) for c in list(raw_cells)[:MAX_COLUMNS]]
        if layout is None:
            if (found := match_layout(cells)) is not None:
                layout, reading.layout = found, found.key
                fields = {
                    n: found.columns[norm_header(c)] for n, c in enumerate(cells) if found.columns.get(norm_header(c))
                }
                reading.period = _period(block)
                continue
            seen_header = seen_header or looks_like_header(cells)
            block.append(cells)
            if line >= MAX_HEADER_LINES:
                break
            continue
        if not any(cells):
            continue
        if cells[0].startswith("---"):
            break  # the footer of the website layout
        if len(reading.rows) + len(reading.problems) >= MAX_BILL_ROWS:
            return BillReading(problems=[_problem("too_many_rows", lang, limit=MAX_BILL_ROWS)])
        found_row = _row(layout, fields, cells, line, file, lang)
        (reading.problems if isinstance(found_row, Problem) else reading.rows).append(found_row)  # type: ignore[arg-type]
    if layout is None:
        known = " / ".join(t(f"bills.layout.{item.key}", lang) for item in LAYOUTS)
        code = "other_layout" if seen_header else "not_a_bill"
        return BillReading(problems=[_problem(code, lang, layouts=known)])
    if not reading.rows and not reading.problems:
        reading.problems.append(_problem("no_rows", lang))
    return reading


def _csv_lines(text: str) -> Any:
    reader = csv.reader(io.StringIO(text))
    for cells in reader:
        yield reader.line_num, cells


def _xlsx_lines(raw: bytes) -> Any:
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
    try:
        sheet = book.worksheets[0]
        # max_row bounds the reader itself: it would fill a gap up to any row number a file names.
        rows = sheet.iter_rows(values_only=True, max_col=MAX_COLUMNS, max_row=MAX_BILL_ROWS + MAX_HEADER_LINES + 1)
        yield from enumerate(rows, start=1)
    finally:
        book.close()


def read_bill(raw: bytes, filename: str, lang: str, file: int = 0) -> BillReading:
    """Read one bill export (CSV in UTF-8 or GBK/GB18030, or XLSX). Never raises."""
    if (refused := upload_refusal(raw, filename, MAX_BILL_BYTES)) is not None:
        code, params = refused
        return BillReading(problems=[_problem(code, lang, **params)])
    name = (filename or "").lower()
    try:
        if raw.startswith(b"PK\x03\x04"):
            if (refused := check_archive(raw)) is not None:
                return BillReading(problems=[_problem("unsafe_xlsx" if refused != "bad_xlsx" else "bad_xlsx", lang)])
            return _table(_xlsx_lines(raw), file, lang)
        if name.endswith(".xlsx"):
            return BillReading(problems=[_problem("bad_xlsx", lang)])
        text = decode_text(raw)
        if text is None or "\x00" in text:
            return BillReading(problems=[_problem("not_text", lang)])
        return _table(_csv_lines(text), file, lang)
    except csv.Error:
        return BillReading(problems=[_problem("bad_csv", lang)])
    except Exception:  # noqa: BLE001 - a damaged or foreign zip is "not a readable sheet"
        return BillReading(problems=[_problem("bad_xlsx", lang)])


def reading_to_json(reading: BillReading) -> dict[str, Any]:
    """A reading as plain JSON: what the child sends back, and what the command prints."""
    return {
        "layout": reading.layout,
        "period": [d.isoformat() for d in reading.period] if reading.period else None,
        "rows": [row.model_dump(mode="json") for row in reading.rows],
        "problems": [{"path": p.path, "message": p.message, "code": p.code} for p in reading.problems],
    }


def reading_from_json(data: dict[str, Any]) -> BillReading:
    """The inverse of :func:`reading_to_json`, every row validated again."""
    period = data.get("period")
    return BillReading(
        layout=str(data.get("layout") or ""),
        period=(dt.date.fromisoformat(period[0]), dt.date.fromisoformat(period[1])) if period else None,
        rows=[BillRow.model_validate(row) for row in data["rows"]],
        problems=[
            Problem(path=str(p["path"]), message=str(p["message"]), code=str(p["code"])) for p in data["problems"]
        ],
    )
