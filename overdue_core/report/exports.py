"""Debts and the repayment schedule as CSV and XLSX files, and the debts template.

Why these formats: counselors and creditors work in Excel. CSV is written in UTF-8 *with* a
byte-order mark so Excel (including Chinese Excel) opens it with the right characters; XLSX is
written with openpyxl. Amounts are exact: CSV cells hold the two-place decimal text, XLSX cells
hold numbers whose stored text is that same decimal ("556.91"), formatted with two places.

The debts table (:data:`DEBT_COLUMNS`) is also what :mod:`overdue_core.report.debt_import` reads back, so
an exported file can be edited and imported again: headers are written in the chosen language,
and the import accepts them in either language or as the English field names.

Text a person typed is exported as text, never as a formula: in CSV a leading ``= + - @`` (or
its full-width form ``＝ ＋ － ＠``) gets an apostrophe (the import removes it again); in XLSX
the cell is typed as a string.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from typing import Any, Literal

from overdue_core.case.models import Debt, DebtKind, MinimumRuleKind, Repayment
from overdue_core.i18n import t
from overdue_core.user_text import escape_formula

CellKind = Literal["text", "money", "rate", "fraction", "int", "bool", "date", "enum"]

MONEY_FORMAT = "#,##0.00"
RATE_FORMAT = "0.00##%"


@dataclass(frozen=True)
class Column:
    """One column of the debts table: the Debt field it holds and how its cells are written."""

    field: str  # also the English header accepted on import
    kind: CellKind
    enum: type[StrEnum] | None = None
    enum_group: str = ""  # catalog group under "enum."

    def header(self, lang: str) -> str:
        return t(f"exports.col.{self.field}", lang)


#: The debts table, in the order of the file. ``minimum_rule_*`` flatten the nested rule.
DEBT_COLUMNS: tuple[Column, ...] = (
    Column("id", "text"),
    Column("platform", "text"),
    Column("kind", "enum", DebtKind, "kind"),
    Column("balance", "money"),
    Column("annual_rate", "rate"),
    Column("repayment", "enum", Repayment, "repayment"),
    Column("remaining_terms", "int"),
    Column("monthly_due", "money"),
    Column("overdue_amount", "money"),
    Column("days_overdue", "int"),
    Column("penalty_rate", "rate"),
    Column("late_fee_rate", "fraction"),
    Column("lender_licensed", "bool"),
    Column("due_day", "int"),
    Column("contract_date", "date"),
    Column("principal_received", "money"),
    Column("upfront_fee", "money"),
    Column("monthly_fee", "money"),
    Column("fees_waived_on_prepayment", "bool"),
    Column("minimum_rule_kind", "enum", MinimumRuleKind, "minimum_rule"),
    Column("minimum_rule_percent", "fraction"),
    Column("minimum_rule_floor", "money"),
    Column("minimum_rule_fixed_amount", "money"),
    Column("account_ref", "text"),
    Column("notes", "text"),
)


def debt_values(debt: Debt) -> dict[str, Any]:
    """A debt as ``{column field: python value}`` (None for an empty cell)."""
    data = debt.model_dump(mode="python")
    rule = data.pop("minimum_rule") or {}
    for key in ("kind", "percent", "floor", "fixed_amount"):
        data[f"minimum_rule_{key}"] = rule.get(key)
    return {col.field: data.get(col.field) for col in DEBT_COLUMNS}


def bool_label(value: bool, lang: str) -> str:
    return t("exports.yes" if value else "exports.no", lang)


def cell_text(col: Column, value: Any, lang: str) -> str:
    """How a value is written in a CSV cell (exact decimals, labels in the chosen language)."""
    if value is None:
        return ""
    if col.kind == "money":
        return f"{Decimal(value):.2f}"
    if col.kind in ("rate", "fraction"):
        return _plain_decimal(Decimal(value))
    if col.kind == "bool":
        return bool_label(bool(value), lang)
    if col.kind == "date":
        return value.isoformat()
    if col.kind == "enum":
        return t(f"enum.{col.enum_group}.{getattr(value, 'value', value)}", lang)
    if col.kind == "int":
        return str(int(value))
    return escape_formula(str(value))


def _plain_decimal(value: Decimal) -> str:
    """'0.1825', '0', '12' — never scientific notation, no trailing zeros beyond need."""
    text = format(value.normalize(), "f")
    return text


def csv_bytes(header: Sequence[str], rows: Iterable[Sequence[str]]) -> bytes:
    """A CSV file for Excel: UTF-8 with BOM, CRLF line ends, every cell quoted when needed."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8-sig")


def debts_csv(debts: Sequence[Debt], lang: str) -> bytes:
    """The debts table as CSV (headers in ``lang``)."""
    header = [col.header(lang) for col in DEBT_COLUMNS]
    rows = [[cell_text(col, debt_values(d)[col.field], lang) for col in DEBT_COLUMNS] for d in debts]
    return csv_bytes(header, rows)


# --- XLSX ---------------------------------------------------------------------------------
@dataclass(frozen=True)
class Sheet:
    """One worksheet to write: a title, headers, rows of python values, and per-column kinds."""

    title: str
    header: list[str]
    rows: list[list[Any]]
    kinds: list[CellKind]


def _xlsx_value(kind: CellKind, value: Any) -> Any:
    if value is None:
        return None
    if kind in ("money", "rate", "fraction"):
        return Decimal(value)
    if kind == "int":
        return int(value)
    return value


def xlsx_bytes(sheets: Sequence[Sheet]) -> bytes:
    """Write sheets to an XLSX file: numbers stay numbers (exact decimal text), text stays text."""
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    book = Workbook()
    book.remove(book.active)
    for sheet in sheets:
        ws = book.create_sheet(title=_sheet_title(sheet.title))
        ws.append(sheet.header)
        for cell in ws[1]:
            cell.font = Font(bold=True)
            cell.data_type = "s"
        for row in sheet.rows:
            ws.append([_xlsx_value(kind, value) for kind, value in zip(sheet.kinds, row, strict=True)])
        for index, kind in enumerate(sheet.kinds, start=1):
            letter = get_column_letter(index)
            width = max(
                [len(str(sheet.header[index - 1])) * 2] + [len(str(r[index - 1] or "")) + 2 for r in sheet.rows[:200]]
            )
            ws.column_dimensions[letter].width = min(max(width, 10), 40)
            for (cell,) in ws.iter_rows(min_row=2, min_col=index, max_col=index):
                if kind == "money":
                    cell.number_format = MONEY_FORMAT
                elif kind in ("rate", "fraction"):
                    cell.number_format = RATE_FORMAT
                elif kind == "date":
                    cell.number_format = "yyyy-mm-dd"
                elif kind in ("text", "enum", "bool") and isinstance(cell.value, str):
                    cell.data_type = "s"  # "=…" typed by a person is text, not a formula
        ws.freeze_panes = "A2"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _sheet_title(title: str) -> str:
    """Excel sheet names: at most 31 characters, none of []:*?/\\."""
    cleaned = "".join("_" if ch in "[]:*?/\\" else ch for ch in title).strip() or "Sheet"
    return cleaned[:31]


def _debt_xlsx_row(debt: Debt, lang: str) -> list[Any]:
    values = debt_values(debt)
    row: list[Any] = []
    for col in DEBT_COLUMNS:
        value = values[col.field]
        if value is not None and col.kind in ("enum", "bool"):
            value = cell_text(col, value, lang)
        row.append(value)
    return row


def debts_sheet(debts: Sequence[Debt], lang: str) -> Sheet:
    return Sheet(
        title=t("exports.sheet_debts", lang),
        header=[col.header(lang) for col in DEBT_COLUMNS],
        rows=[_debt_xlsx_row(d, lang) for d in debts],
        kinds=[col.kind for col in DEBT_COLUMNS],
    )


def guide_sheet(lang: str) -> Sheet:
    """A second sheet explaining each column and its allowed values (for the template)."""
    rows: list[list[Any]] = []
    for col in DEBT_COLUMNS:
        allowed = ""
        if col.kind == "enum" and col.enum is not None:
            allowed = " / ".join(t(f"enum.{col.enum_group}.{member.value}", lang) for member in col.enum)
        elif col.kind == "bool":
            allowed = f"{bool_label(True, lang)} / {bool_label(False, lang)}"
        rows.append([col.header(lang), col.field, t(f"exports.kind.{col.kind}", lang), allowed])
    header = [
        t("exports.guide_column", lang),
        t("exports.guide_field", lang),
        t("exports.guide_kind", lang),
        t("exports.guide_allowed", lang),
    ]
    return Sheet(title=t("exports.sheet_guide", lang), header=header, rows=rows, kinds=["text"] * 4)


def debts_xlsx(debts: Sequence[Debt], lang: str, *, with_guide: bool = True) -> bytes:
    """The debts table as XLSX, with a guide sheet that lists the allowed values."""
    sheets = [debts_sheet(debts, lang)]
    if with_guide:
        sheets.append(guide_sheet(lang))
    return xlsx_bytes(sheets)


def template_debt(lang: str) -> Debt:
    """The example row of the template: a made-up credit card, so people see the formats."""
    return Debt(
        id="card1",
        platform=t("exports.template_platform", lang),
        kind=DebtKind.CREDIT_CARD,
        balance=Decimal("5000.00"),
        annual_rate=Decimal("0.1825"),
        repayment=Repayment.MINIMUM_PAYMENT,
        monthly_due=Decimal("500.00"),
        overdue_amount=Decimal("500.00"),
        days_overdue=12,
        penalty_rate=Decimal("0.1825"),
        late_fee_rate=Decimal("0.05"),
        due_day=5,
    )


def template_csv(lang: str) -> bytes:
    return debts_csv([template_debt(lang)], lang)


def template_xlsx(lang: str) -> bytes:
    return debts_xlsx([template_debt(lang)], lang)


# --- any table (the plan's schedule) ---------------------------------------------------------
def _frame_kind(values: Sequence[Any]) -> CellKind:
    sample = next((v for v in values if v is not None), None)
    if isinstance(sample, Decimal):
        return "money"
    if isinstance(sample, bool):
        return "bool"
    if isinstance(sample, int):
        return "int"
    if isinstance(sample, (dt.date, dt.datetime)):
        return "date"
    return "text"


def table_csv(header: Sequence[str], rows: Sequence[Sequence[Any]], lang: str) -> bytes:
    """Any table of python values as CSV: Decimals exact to the fen, dates ISO, text escaped."""

    def text(value: Any) -> str:
        if value is None:
            return ""
        if isinstance(value, bool):
            return bool_label(value, lang)
        if isinstance(value, Decimal):
            return f"{value:.2f}"
        if isinstance(value, (dt.date, dt.datetime)):
            return value.isoformat()
        if isinstance(value, float):
            return repr(value)
        if isinstance(value, int):
            return str(value)
        return escape_formula(str(value))

    return csv_bytes(list(header), [[text(v) for v in row] for row in rows])


def table_xlsx(title: str, header: Sequence[str], rows: Sequence[Sequence[Any]], lang: str) -> bytes:
    """Any table of python values as a one-sheet XLSX file."""
    columns = list(zip(*rows, strict=True)) if rows else [() for _ in header]
    kinds = [_frame_kind(col) for col in columns]
    converted = [[bool_label(v, lang) if isinstance(v, bool) else v for v in row] for row in rows]
    return xlsx_bytes([Sheet(title=title, header=list(header), rows=converted, kinds=kinds)])


def schedule_table(
    records: Sequence[dict[str, Any]], lang: str, labels: Mapping[str, str] | None = None
) -> tuple[list[str], list[list[Any]]]:
    """Header and rows of the plan's schedule (``plan.schedule.to_dict('records')``) in ``lang``.

    Amounts stay Decimals (exact to the fen); the overdue bucket is written as its label. The
    platform column holds ``labels[debt_id]`` when given (``overdue_core.case.debt_labels``: two
    debts on one platform are told apart), else the platform as typed. The columns are the plan's
    own but the debt's internal id (a person reads the debt's name); the plan is imported here, not
    at the top, so reading a debts table (``report.import_child``) never loads it (pandas).
    """
    from overdue_core.plan.engine import SCHEDULE_COLUMNS

    columns = [name for name in SCHEDULE_COLUMNS if name != "debt_id"]
    header = [t(f"report.schedule.{name}", lang) for name in columns]
    rows: list[list[Any]] = []
    for record in records:
        named = {**record, "platform": (labels or {}).get(str(record.get("debt_id")), record.get("platform"))}
        row = [named.get(name) for name in columns]
        row[0] = int(row[0])
        row[-2] = int(row[-2])
        row[-1] = t(f"enum.bucket.{row[-1]}", lang)
        rows.append(row)
    return header, rows


def schedule_csv(records: Sequence[dict[str, Any]], lang: str, labels: Mapping[str, str] | None = None) -> bytes:
    header, rows = schedule_table(records, lang, labels)
    return table_csv(header, rows, lang)


def schedule_xlsx(records: Sequence[dict[str, Any]], lang: str, labels: Mapping[str, str] | None = None) -> bytes:
    header, rows = schedule_table(records, lang, labels)
    return table_xlsx(t("exports.sheet_schedule", lang), header, rows, lang)
