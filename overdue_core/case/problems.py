"""Turn validation errors into plain, translated problems: which field, and why.

Why: a worried person who uploads a file or types a wrong number must read "第 2 笔欠款 ›
逾期金额：不能是负数", not a pydantic dump or a traceback. Input values are never echoed, so
these messages are safe to log.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from pydantic import ValidationError

from overdue_core.i18n import has, t

#: Custom error codes raised by our validators (ValueError("code")) -> catalog key.
_CUSTOM_CODES = {
    "not_a_number",
    "negative_amount",
    "amount_too_large",
    "negative_rate",
    "rate_too_high",
    "fraction_out_of_range",
    "overdue_without_days",
    "days_without_overdue",
    "terms_required",
    "duplicate_debt_id",
    "card_overdue_above_total",
    "fee_needs_terms",
}

#: pydantic error types -> catalog key under ``errors.``
_PYDANTIC_TYPES = {
    "missing": "missing",
    "string_too_long": "too_long",
    "string_too_short": "required_text",
    "too_long": "too_many_items",
    "int_parsing": "not_integer",
    "int_type": "not_integer",
    "int_from_float": "not_integer",
    "greater_than_equal": "too_small",
    "less_than_equal": "too_large",
    "greater_than": "too_small",
    "less_than": "too_large",
    "enum": "unknown_choice",
    "literal_error": "unknown_choice",
    "date_parsing": "bad_date",
    "date_from_datetime_parsing": "bad_date",
    "date_type": "bad_date",
    "datetime_parsing": "bad_datetime",
    "datetime_from_date_parsing": "bad_datetime",
    "datetime_type": "bad_datetime",
    "bool_parsing": "not_bool",
    "bool_type": "not_bool",
    "string_type": "not_text",
    "list_type": "not_list",
    "dict_type": "not_object",
    "model_type": "not_object",
    "model_attributes_type": "not_object",
    "decimal_parsing": "not_a_number",
    "decimal_type": "not_a_number",
    "finite_number": "not_a_number",
    "not_a_number": "not_a_number",
    "json_invalid": "bad_json",
}


#: Error types of the case's bounds (raised as PydanticCustomError with their limits) -> catalog key.
_BOUNDS_TYPES = {
    "rule_out_of_range": "bounds.rule_out_of_range",
    "rule_whole_number": "bounds.rule_whole_number",
    "date_out_of_range": "bounds.date_out_of_range",
}


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the input: where (a readable path) and why."""

    path: str
    message: str
    code: str

    def __str__(self) -> str:
        return f"{self.path}: {self.message}" if self.path else self.message


def _field_label(name: str, lang: str) -> str:
    key = f"field.{name}"
    if has(key, lang) or has(key, "en"):
        return t(key, lang)
    rule = f"rule_label.{name}"  # a rule override, named as the Rules page names it
    return t(rule, lang) if has(rule, lang) else name


def readable_path(loc: tuple[str | int, ...], lang: str) -> str:
    """('debts', 1, 'balance') -> '第 2 笔欠款 › 未到期本金' / 'Debt 2 › Balance not yet due'."""
    parts: list[str] = []
    pending_list: str | None = None
    for item in loc:
        if isinstance(item, int):
            if pending_list is not None:
                parts.pop()
                parts.append(
                    t(f"item.{pending_list}", lang, n=item + 1)
                    if has(f"item.{pending_list}", lang)
                    else f"{_field_label(pending_list, lang)} #{item + 1}"
                )
                pending_list = None
            else:
                parts.append(f"#{item + 1}")
            continue
        text = str(item)
        # pydantic adds the validator kind to the loc for Annotated/union types; skip those.
        if text.startswith("function-") or text in {
            "json-or-python[json=...,python=...]",
            "lax-or-strict[lax=union[...],strict=...]",
        }:
            continue
        parts.append(_field_label(text, lang))
        pending_list = text
    return " › ".join(parts)


def _message_for(error: dict, lang: str) -> tuple[str, str]:
    err_type = error.get("type", "")
    ctx = error.get("ctx") or {}
    if err_type == "value_error":
        raw = str(ctx.get("error", error.get("msg", "")))
        code = raw.removeprefix("Value error, ").strip()
        if code in _CUSTOM_CODES:
            return code, t(f"errors.{code}", lang)
        return "invalid", t("errors.invalid", lang)
    if err_type in _BOUNDS_TYPES:
        params = {k: str(v) for k, v in ctx.items()}
        return err_type, t(_BOUNDS_TYPES[err_type], lang, **params)
    code = _PYDANTIC_TYPES.get(err_type, "invalid")
    params = {
        k: (str(v) if isinstance(v, Decimal) else v)
        for k, v in ctx.items()
        if isinstance(v, (int, float, str, Decimal))
    }
    if code == "unknown_choice" and "expected" in ctx:
        params["expected"] = str(ctx["expected"])
    return code, t(f"errors.{code}", lang, **params)


def problems_from_validation(exc: ValidationError, lang: str, prefix: tuple[str | int, ...] = ()) -> list[Problem]:
    """Every error of a ValidationError as a translated Problem, in input order."""
    out: list[Problem] = []
    for error in exc.errors(include_input=False, include_url=False):
        code, message = _message_for(error, lang)
        out.append(Problem(path=readable_path(prefix + tuple(error.get("loc", ())), lang), message=message, code=code))
    return out


def problem(code: str, lang: str, path: str = "", **params: object) -> Problem:
    """A single problem not coming from pydantic (file too large, not JSON, …)."""
    return Problem(path=path, message=t(f"errors.{code}", lang, **params), code=code)
