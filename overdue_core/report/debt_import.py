"""Read debts from a CSV or XLSX file, row by row, without ever touching the case.

Why: people keep their debts in a spreadsheet, and counselors receive them that way. The import
reads the table written by :mod:`overdue_core.report.exports` (or the template), accepts headers in
Chinese, in English or as the English field names, and CSV in UTF-8 (with or without BOM) or
GBK/GB18030 — what Chinese Excel writes. Each bad row is reported with its line number, the
column as it is named in the file, and why (translated); the good rows come back for the person
to confirm. Only :func:`merge_debts` builds a new case, and only when asked.

Nothing here raises on bad input: a file that cannot be read becomes one problem. Nothing here
can be made to work without end either: an XLSX file is a zip of XML written by anyone, so
before anything is unpacked :func:`check_archive` reads the zip's directory and refuses a part
that would unpack too big or is compressed suspiciously well (a "zip bomb"); then only the first
lines of the sheet are read (the header near the top, at most :data:`MAX_SHEET_LINES` lines),
so a sheet with one row numbered 2,000,000,000 is over at once. The app and the command line
run all this in a child process limited in time and memory (:mod:`overdue_core.report.limits`).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import unicodedata
import zipfile
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any, Literal

from pydantic import ValidationError

from overdue_core.case.models import Case, Debt
from overdue_core.case.problems import Problem, problems_from_validation
from overdue_core.entry.debt_ids import next_debt_id
from overdue_core.i18n import LANGS, t
from overdue_core.report.exports import DEBT_COLUMNS, Column
from overdue_core.user_text import unescape_formula

#: Largest file accepted: the app's upload limit (a table of 200 debts is far smaller).
MAX_IMPORT_BYTES = 2 * 1024 * 1024
#: Most debt rows a case holds (``Case.debts`` max_length).
MAX_ROWS = 200
#: Most columns read from a row (protects against very wide sheets).
MAX_COLUMNS = 100
#: The header row must be among the first lines of the sheet or the CSV file.
MAX_HEADER_LINE = 20
#: Lines of a sheet read at most (200 debts, the header and blank lines fit easily).
MAX_SHEET_LINES = 1000
#: Most bytes one part of an XLSX file may unpack to (a sheet of 200 debts is under 1 MB).
MAX_UNPACKED_PART = 25 * 1024 * 1024
#: Most bytes all parts together may unpack to.
MAX_UNPACKED_TOTAL = 50 * 1024 * 1024
#: Highest compression ratio of a part over 1 MB unpacked: real sheets stay under 50, bombs reach 1000.
MAX_RATIO = 200
#: Most parts in an XLSX file (a workbook has a dozen).
MAX_PARTS = 500

Mode = Literal["replace", "append"]


@dataclass(frozen=True)
class ImportedRow:
    """A good row: its line in the file and the debt it describes."""

    line: int
    debt: Debt


@dataclass
class DebtImport:
    """What a file gave: good rows, problems (per row or for the whole file), ignored columns."""

    rows: list[ImportedRow] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    ignored_columns: list[str] = field(default_factory=list)

    @property
    def debts(self) -> list[Debt]:
        return [row.debt for row in self.rows]


#: Refusals by the limits on what is read; their messages live in the ``import_guard`` area.
GUARD_CODES = frozenset({"unpacks_too_big", "packed_too_tight", "too_slow", "too_much_memory", "no_header_near_top"})


def _problem(code: str, lang: str, path: str = "", **params: Any) -> Problem:
    area = "import_guard" if code in GUARD_CODES else "imports.error"
    return Problem(path=path, message=t(f"{area}.{code}", lang, **params), code=code)


# --- headers --------------------------------------------------------------------------------
def _norm(text: Any) -> str:
    """Compare headers and labels loosely: width-folded, case-folded, no spaces."""
    folded = unicodedata.normalize("NFKC", str(text or "")).casefold()
    return re.sub(r"\s+", "", folded)


def _header_names(col: Column) -> set[str]:
    names = {col.field, col.field.replace("_", " ")}
    for lang in LANGS:
        names.add(t(f"exports.col.{col.field}", lang))
        key = f"field.{col.field}"
        label = t(key, lang)
        if label != key:
            names.add(label)
    return {_norm(n) for n in names}


def match_headers(header: list[Any]) -> tuple[dict[int, Column], list[str]]:
    """Map file column positions to table columns; also return the headers we do not know."""
    lookup: dict[str, Column] = {}
    for col in DEBT_COLUMNS:
        for name in _header_names(col):
            lookup.setdefault(name, col)
    mapping: dict[int, Column] = {}
    unknown: list[str] = []
    used: set[str] = set()
    for position, raw in enumerate(header[:MAX_COLUMNS]):
        name = _norm(raw)
        if not name:
            continue
        col = lookup.get(name)
        if col is None or col.field in used:
            unknown.append(str(raw).strip())
            continue
        used.add(col.field)
        mapping[position] = col
    return mapping, unknown


# --- cells ------------------------------------------------------------------------------------
class CellError(ValueError):
    """A cell that cannot be read; ``code`` names the message under ``imports.error.``."""

    def __init__(self, code: str, **params: Any) -> None:
        super().__init__(code)
        self.code = code
        self.params = params


def _is_blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _number(value: Any) -> Any:
    """Spreadsheet floats through ``repr`` (0.1 stays 0.1), so amounts stay exact."""
    if isinstance(value, float):
        return Decimal(repr(value))
    return value


_TRUE = {"是", "有", "对", "yes", "y", "true", "t", "1", "licensed", "持牌"}
_FALSE = {"否", "不是", "无", "没有", "no", "n", "false", "f", "0", "不持牌", "非持牌"}
_DATE = re.compile(r"^\s*(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?\s*$")


def _enum_lookup(col: Column) -> dict[str, str]:
    assert col.enum is not None
    out: dict[str, str] = {}
    for member in col.enum:
        out[_norm(member.value)] = member.value
        for lang in LANGS:
            out[_norm(t(f"enum.{col.enum_group}.{member.value}", lang))] = member.value
    return out


def read_cell(col: Column, value: Any, lang: str, *, from_csv: bool = True) -> Any:
    """Turn one cell into what the Debt model accepts, or raise CellError with a reason."""
    if isinstance(value, str):
        value = value.strip()
        if from_csv:
            value = unescape_formula(value)  # the apostrophe our CSV export puts before "=…"
    if col.kind == "text":
        if isinstance(value, float) and value.is_integer():
            return str(int(value))  # an order number Excel stored as a number
        return str(value)
    if col.kind == "money":
        return _number(value)
    if col.kind in ("rate", "fraction"):
        if isinstance(value, str) and value.endswith(("%", "％")):
            try:
                return Decimal(value[:-1].strip().replace(",", "")) / 100
            except InvalidOperation:
                raise CellError("not_a_rate") from None
        return _number(value)
    if col.kind == "int":
        number = _number(value)
        if isinstance(number, str):
            try:
                number = Decimal(number.replace(",", ""))
            except InvalidOperation:
                raise CellError("not_integer") from None
        if isinstance(number, Decimal):
            if number != number.to_integral_value():
                raise CellError("not_integer")
            return int(number)
        return number
    if col.kind == "bool":
        if isinstance(value, bool):
            return value
        text = _norm(_number(value))
        if text in _TRUE:
            return True
        if text in _FALSE:
            return False
        raise CellError("not_bool", yes=t("exports.yes", lang), no=t("exports.no", lang))
    if col.kind == "date":
        if isinstance(value, dt.datetime):
            return value.date()
        if isinstance(value, dt.date):
            return value
        match = _DATE.match(str(value))
        if not match:
            raise CellError("bad_date")
        try:
            return dt.date(*(int(g) for g in match.groups()))
        except ValueError:
            raise CellError("bad_date") from None
    if col.kind == "enum":
        found = _enum_lookup(col).get(_norm(value))
        if found is None:
            assert col.enum is not None
            choices = " / ".join(t(f"enum.{col.enum_group}.{m.value}", lang) for m in col.enum)
            raise CellError("unknown_choice", choices=choices)
        return found
    raise AssertionError(col.kind)  # pragma: no cover - every kind is handled above


# --- rows ------------------------------------------------------------------------------------
def _loc_column(loc: tuple[Any, ...]) -> str | None:
    """The table column a pydantic error location points to."""
    if not loc:
        return None
    if loc[0] == "minimum_rule":
        return f"minimum_rule_{loc[1]}" if len(loc) > 1 else "minimum_rule_kind"
    return str(loc[0])


#: Whole-row rules of the Debt model -> the column the person should fill in.
_RULE_COLUMNS = {
    "overdue_without_days": "days_overdue",
    "days_without_overdue": "overdue_amount",
    "terms_required": "remaining_terms",
}


def _row_problems(exc: ValidationError, line: int, headers: dict[str, str], lang: str) -> list[Problem]:
    row_label = t("item.row", lang, n=line)
    out: list[Problem] = []
    for error, item in zip(
        exc.errors(include_input=False, include_url=False), problems_from_validation(exc, lang), strict=True
    ):
        column = _loc_column(tuple(error.get("loc", ()))) or _RULE_COLUMNS.get(item.code)
        name = headers.get(column or "", "") or (
            t(f"exports.col.{column}", lang) if column in _RULE_COLUMNS.values() else ""
        )
        path = f"{row_label} › {name}" if name else row_label
        out.append(Problem(path=path, message=item.message, code=item.code))
    return out


def rows_to_debts(
    header: list[Any], rows: list[tuple[int, list[Any]]], lang: str, *, from_csv: bool = True
) -> DebtImport:
    """Validate table rows (with their line numbers) as debts; collect problems per row."""
    result = DebtImport()
    mapping, result.ignored_columns = match_headers(header)
    headers = {col.field: str(header[pos]).strip() for pos, col in mapping.items()}
    if not mapping:
        result.problems.append(_problem("no_header", lang))
        return result
    if "platform" not in headers:
        result.problems.append(_problem("missing_column", lang, column=t("exports.col.platform", lang)))
        return result
    seen_ids: set[str] = set()
    pending_auto: list[tuple[int, dict[str, Any]]] = []
    checked: list[tuple[int, dict[str, Any]]] = []
    for line, cells in rows:
        data: dict[str, Any] = {}
        rule: dict[str, Any] = {}
        bad: list[Problem] = []
        for position, col in mapping.items():
            value = cells[position] if position < len(cells) else None
            if _is_blank(value):
                continue
            try:
                parsed = read_cell(col, value, lang, from_csv=from_csv)
            except CellError as exc:
                bad.append(
                    Problem(
                        path=f"{t('item.row', lang, n=line)} › {headers[col.field]}",
                        message=t(f"imports.error.{exc.code}", lang, **exc.params),
                        code=exc.code,
                    )
                )
                continue
            if col.field.startswith("minimum_rule_"):
                rule[col.field.removeprefix("minimum_rule_")] = parsed
            else:
                data[col.field] = parsed
        if not data and not rule and not bad:
            continue  # an empty line
        if rule:
            data["minimum_rule"] = rule
        if bad:
            result.problems.extend(bad)
            continue
        if data.get("id"):
            if data["id"] in seen_ids:
                result.problems.append(
                    _problem("duplicate_id", lang, path=f"{t('item.row', lang, n=line)} › {headers['id']}")
                )
                continue
            seen_ids.add(str(data["id"]))
            checked.append((line, data))
        else:
            pending_auto.append((line, data))
            checked.append((line, data))
    for _line, data in pending_auto:
        data["id"] = next_debt_id(seen_ids)
        seen_ids.add(data["id"])
    for line, data in checked:
        try:
            result.rows.append(ImportedRow(line=line, debt=Debt.model_validate(data)))
        except ValidationError as exc:
            result.problems.extend(_row_problems(exc, line, {**headers, "id": headers.get("id", "")}, lang))
    result.problems.sort(key=lambda p: _line_of(p.path))
    return result


def _line_of(path: str) -> int:
    match = re.search(r"\d+", path)
    return int(match.group()) if match else 0


# --- files -----------------------------------------------------------------------------------
def decode_text(raw: bytes) -> str | None:
    """UTF-8 (BOM or not), else GB18030 (a superset of GBK, what Chinese Excel writes)."""
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    return None


def _delimiter(first_line: str) -> str:
    counts = {d: first_line.count(d) for d in (",", "\t", ";")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


def _csv_table(text: str) -> tuple[list[Any], list[tuple[int, list[Any]]]]:
    lines = text.splitlines()
    first = next((line for line in lines if line.strip()), "")
    reader = csv.reader(io.StringIO(text), delimiter=_delimiter(first))
    header: list[Any] | None = None
    rows: list[tuple[int, list[Any]]] = []
    start = 1
    for cells in reader:
        if header is None:
            if any(c.strip() for c in cells):
                header = cells
            elif reader.line_num >= MAX_HEADER_LINE:
                break
            start = reader.line_num + 1
            continue
        rows.append((start, cells[:MAX_COLUMNS]))
        start = reader.line_num + 1
        if len(rows) > MAX_ROWS * 2:
            break
    return header or [], rows


def check_archive(raw: bytes) -> str | None:
    """Why an XLSX file must not be unpacked (a code under ``imports.error.``), or None.

    Only the zip's directory is read. The sizes it declares are binding: Python's zipfile never
    returns more bytes than a part declares (it stops and reports the file damaged), so a part
    cannot unpack to more than was checked here.
    """
    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as archive:
            parts = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError, EOFError):
        return "bad_xlsx"
    if len(parts) > MAX_PARTS:
        return "unpacks_too_big"
    total = 0
    for part in parts:
        total += part.file_size
        if part.file_size > MAX_UNPACKED_PART or total > MAX_UNPACKED_TOTAL:
            return "unpacks_too_big"
        if part.file_size > 1024 * 1024 and part.file_size > MAX_RATIO * max(part.compress_size, 1):
            return "packed_too_tight"
    return None


def _xlsx_table(raw: bytes) -> tuple[list[Any], list[tuple[int, list[Any]]]]:
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
    try:
        sheet = book.worksheets[0]
        header: list[Any] | None = None
        rows: list[tuple[int, list[Any]]] = []
        # max_row bounds the reader itself: it fills the gap up to a far row with empty rows,
        # and would otherwise do so up to whatever row number the file names.
        lines = sheet.iter_rows(values_only=True, max_col=MAX_COLUMNS, max_row=MAX_SHEET_LINES)
        for number, cells in enumerate(lines, start=1):
            cells = list(cells)
            if header is None:
                if any(not _is_blank(c) for c in cells):
                    header = cells
                elif number >= MAX_HEADER_LINE:
                    break
                continue
            rows.append((number, cells))
            if len(rows) > MAX_ROWS * 2:
                break
        return header or [], rows
    finally:
        book.close()


def _trim_empty(rows: list[tuple[int, list[Any]]]) -> list[tuple[int, list[Any]]]:
    return [(line, cells) for line, cells in rows if any(not _is_blank(c) for c in cells)]


def upload_refusal(raw: bytes, filename: str, limit: int) -> tuple[str, dict[str, int]] | None:
    """Why an upload is refused before it is read, as (code, message parameters): over ``limit``
    bytes, empty, or an old binary .xls; None when it may be read. Debts and bills share it."""
    if len(raw) > limit:
        return "too_large", {"limit_mb": limit // (1024 * 1024)}
    if not raw.strip():
        return "empty", {}
    if raw.startswith(b"\xd0\xcf\x11\xe0") or (filename or "").lower().endswith(".xls"):
        return "old_xls", {}
    return None


def read_debts(raw: bytes, filename: str, lang: str) -> DebtImport:
    """Read a debts table from CSV or XLSX bytes. Never raises; never changes any case."""
    if (refused := upload_refusal(raw, filename, MAX_IMPORT_BYTES)) is not None:
        code, params = refused
        return DebtImport(problems=[_problem(code, lang, **params)])
    name = (filename or "").lower()
    from_csv = not raw.startswith(b"PK\x03\x04")
    if not from_csv:
        refused = check_archive(raw)
        if refused is not None:
            return DebtImport(problems=[_problem(refused, lang, limit_mb=MAX_UNPACKED_TOTAL // (1024 * 1024))])
        try:
            header, rows = _xlsx_table(raw)
        except Exception:  # noqa: BLE001 - any damaged or foreign zip is "not a readable sheet"
            return DebtImport(problems=[_problem("bad_xlsx", lang)])
    elif name.endswith(".xlsx"):
        return DebtImport(problems=[_problem("bad_xlsx", lang)])
    else:
        text = decode_text(raw)
        if text is None or "\x00" in text:
            return DebtImport(problems=[_problem("not_text", lang)])
        try:
            header, rows = _csv_table(text)
        except csv.Error:
            return DebtImport(problems=[_problem("bad_csv", lang)])
    rows = _trim_empty(rows)
    if len(rows) > MAX_ROWS:
        return DebtImport(problems=[_problem("too_many_rows", lang, limit=MAX_ROWS)])
    if not header:  # nothing but blank lines as far as the header is looked for
        return DebtImport(problems=[_problem("no_header_near_top", lang, lines=MAX_HEADER_LINE)])
    result = rows_to_debts(header, rows, lang, from_csv=from_csv)
    if not result.rows and not result.problems:
        result.problems.append(_problem("no_rows", lang))
    return result


# --- confirming -------------------------------------------------------------------------------
def merge_debts(case: Case, debts: list[Debt], mode: Mode, lang: str) -> tuple[Case | None, list[Problem]]:
    """A new case with the imported debts replacing or appended to the current ones.

    On append, an imported debt whose id is already taken gets a fresh one (``next_debt_id``), so
    nothing already in the case is overwritten. The result is validated as a
    whole (e.g. at most 200 debts); the given case itself is never modified.
    """
    if mode == "replace":
        merged = [d.model_dump() for d in debts]
    else:
        taken = {d.id for d in case.debts}
        merged = [d.model_dump() for d in case.debts]
        for debt in debts:
            new_id = debt.id if debt.id not in taken else next_debt_id(taken)
            taken.add(new_id)
            merged.append({**debt.model_dump(), "id": new_id})
    data = case.model_dump(mode="python")
    data["debts"] = merged
    try:
        return Case.model_validate(data), []
    except ValidationError as exc:
        return None, problems_from_validation(exc, lang)
