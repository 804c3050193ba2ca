"""Read and write case files (JSON): the one format people save, reopen and hand over.

Why a single entry point: uploads in the app, ``python -m overdue_core validate`` and the
share store all need the same rules — size limit, JSON check, schema migration, validation
with translated problems — and must never raise on bad input.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from pydantic import ValidationError

from overdue_core.case.models import SCHEMA_VERSION, Case
from overdue_core.case.problems import Problem, problem, problems_from_validation

MAX_FILE_BYTES = 2 * 1024 * 1024

#: Upgrades from an older schema version to the next one: {old_version: upgrade(dict) -> dict}.
#: Version 0 is what a file without ``schema_version`` is taken to be (early drafts): the same
#: fields, so upgrading only stamps the version.
MIGRATIONS: dict[int, Callable[[dict[str, Any]], dict[str, Any]]] = {
    0: lambda data: {**data, "schema_version": 1},
}


def migrate(data: dict[str, Any]) -> dict[str, Any]:
    """Bring a parsed case file up to the current schema version."""
    version = data.get("schema_version", 0)
    while (
        isinstance(version, int)
        and not isinstance(version, bool)
        and version < SCHEMA_VERSION
        and version in MIGRATIONS
    ):
        data = MIGRATIONS[version](data)
        version = data.get("schema_version")
    return data


#: Longest integer literal read as a number (Python refuses to convert beyond 4,300 digits and
#: no amount or count of a case has more than a dozen).
MAX_INT_DIGITS = 40


def _json_int(text: str) -> int | float:
    """An integer literal, or NaN (refused later as "not a valid number") when absurdly long."""
    return int(text) if len(text.lstrip("-")) <= MAX_INT_DIGITS else float("nan")


def _json_float(text: str) -> Decimal | float:
    """A number literal, kept exact as a Decimal (money must not pass through a binary float);
    one no float could hold (``1e999999999``) becomes NaN, as the other numbers nothing can take."""
    if not math.isfinite(float(text)):
        return float("nan")
    return Decimal(text)


def load_json(text: str) -> Any:
    """``json.loads`` where any number the JSON parser or Decimal cannot take (a 5,000-digit
    integer, ``1e999999999``, ``NaN``, ``Infinity``) becomes NaN, which every number field of the
    case refuses with the ordinary "not a valid number" problem, instead of raising.
    """
    return json.loads(text, parse_int=_json_int, parse_float=_json_float, parse_constant=lambda _name: float("nan"))


def parse_case(raw: bytes | str, lang: str = "zh-CN") -> tuple[Case | None, list[Problem]]:
    """Parse a case file. Returns ``(case, [])`` or ``(None, problems)``; never raises."""
    size = len(raw.encode("utf-8")) if isinstance(raw, str) else len(raw)
    if size > MAX_FILE_BYTES:
        return None, [problem("file_too_large", lang, limit_mb=MAX_FILE_BYTES // (1024 * 1024))]
    if size == 0:
        return None, [problem("empty_file", lang)]
    try:
        text = raw.decode("utf-8-sig") if isinstance(raw, bytes) else raw
    except UnicodeDecodeError:
        return None, [problem("not_utf8", lang)]
    try:
        data = load_json(text)
    except json.JSONDecodeError as exc:
        return None, [problem("bad_json", lang, line=exc.lineno, column=exc.colno)]
    except RecursionError:
        return None, [problem("bad_json", lang, line=0, column=0)]
    return case_from_data(data, lang)


def case_from_data(data: Any, lang: str = "zh-CN") -> tuple[Case | None, list[Problem]]:
    """Validate already-parsed JSON data as a case."""
    if not isinstance(data, dict):
        return None, [problem("not_a_case", lang)]
    version = data.get("schema_version", 0)
    if isinstance(version, int) and not isinstance(version, bool) and version > SCHEMA_VERSION:
        return None, [problem("newer_schema", lang, version=version, supported=SCHEMA_VERSION)]
    data = migrate(data)
    try:
        return Case.model_validate(data), []
    except ValidationError as exc:
        return None, problems_from_validation(exc, lang)


def dump_case(case: Case) -> bytes:
    """The case as a pretty UTF-8 JSON file (Chinese kept readable, amounts as strings)."""
    return (case.model_dump_json(indent=2) + "\n").encode("utf-8")


def case_json_schema() -> dict[str, Any]:
    """JSON Schema of the case file, generated from the models (checked in under docs/)."""
    schema = Case.model_json_schema(mode="serialization")
    schema["$id"] = "https://example.invalid/overdue-dashboard/case-file.schema.json"
    schema["title"] = "Overdue-debt self-assessment case file"
    return schema


def schema_text() -> str:
    return json.dumps(case_json_schema(), ensure_ascii=False, indent=2, sort_keys=True) + "\n"
