"""Exact money and rate types.

Why: a repayment plan that is off by one fen loses a person's trust. Every amount in the
case is a ``Decimal`` with exactly two places; the engine works in integer fen. Rounding is
always ROUND_HALF_UP ("四舍五入"), the rule Chinese lenders print on their statements, and it
happens in exactly one place: :func:`round_fen` / :func:`to_fen`.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Annotated, Any

from pydantic import BeforeValidator, PlainSerializer, WithJsonSchema

CENT = Decimal("0.01")
#: Larger than any personal debt or monthly income we can meaningfully plan for (1 billion yuan).
MAX_AMOUNT = Decimal("1000000000")
#: 1000 % a year: anything above is a typing mistake, not a rate.
MAX_RATE = Decimal("10")


def round_fen(value: Decimal) -> Decimal:
    """Round to the fen, half up (the one rounding rule of the whole app)."""
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def to_fen(value: Decimal) -> int:
    """Yuan as Decimal -> integer fen, half up."""
    return int((value * 100).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def from_fen(fen: int) -> Decimal:
    """Integer fen -> yuan as a two-place Decimal."""
    return (Decimal(fen) / 100).quantize(CENT)


def fmt_money(value: Decimal | int, *, fen: bool = False) -> str:
    """'12,345.60' — thousands separators, always two decimals (same in zh and en)."""
    amount = from_fen(value) if fen else round_fen(Decimal(value))
    return f"{amount:,.2f}"


def fmt_pct(rate: Decimal | float | None, places: int = 2) -> str:
    """0.1358 -> '13.58%'."""
    if rate is None:
        return "—"
    return f"{Decimal(str(rate)) * 100:.{places}f}%"


def _parse_decimal(value: Any) -> Decimal:
    """Accept '1234.50', '1,234.5', 1234.5 or 1234; refuse bools, NaN, infinities and junk.

    Floats are converted through ``str`` so 0.1 becomes Decimal('0.1'), not its binary
    neighbour.
    """
    if isinstance(value, bool):
        raise ValueError("not_a_number")
    if isinstance(value, Decimal):
        result = value
    elif isinstance(value, int):
        result = Decimal(value)
    elif isinstance(value, float):
        result = Decimal(str(value))
    elif isinstance(value, str):
        text = value.strip().replace(",", "").replace("，", "").replace("¥", "").replace("￥", "")
        if not text:
            raise ValueError("not_a_number")
        try:
            result = Decimal(text)
        except InvalidOperation as exc:
            raise ValueError("not_a_number") from exc
    else:
        raise ValueError("not_a_number")
    if not result.is_finite():
        raise ValueError("not_a_number")
    return result


def _within(value: Any, most: Decimal, negative: str, too_large: str) -> Decimal:
    """A number from 0 to ``most``; the error codes say which side it fell off."""
    number = _parse_decimal(value)
    if number < 0:
        raise ValueError(negative)
    if number > most:
        raise ValueError(too_large)
    return number


def _money(value: Any) -> Decimal:
    # More than two decimals is rounded half up rather than refused (people paste 12.345).
    return round_fen(_within(value, MAX_AMOUNT, "negative_amount", "amount_too_large"))


def _signed_money(value: Any) -> Decimal:
    amount = _parse_decimal(value)
    if abs(amount) > MAX_AMOUNT:
        raise ValueError("amount_too_large")
    return round_fen(amount)


def _rate(value: Any) -> Decimal:
    return _within(value, MAX_RATE, "negative_rate", "rate_too_high")


def _fraction(value: Any) -> Decimal:
    share = _parse_decimal(value)
    if share < 0 or share > 1:
        raise ValueError("fraction_out_of_range")
    return share


_money_schema = WithJsonSchema(
    {"type": "string", "pattern": r"^\d+(\.\d{1,2})?$", "description": "Amount in yuan, two decimals"}
)

#: Non-negative amount in yuan, two decimals, serialised as "1234.50".
Money = Annotated[
    Decimal,
    BeforeValidator(_money),
    PlainSerializer(lambda d: f"{d:.2f}", return_type=str, when_used="json"),
    _money_schema,
]
#: Amount that may be negative (an income change, a correction).
SignedMoney = Annotated[
    Decimal,
    BeforeValidator(_signed_money),
    PlainSerializer(lambda d: f"{d:.2f}", return_type=str, when_used="json"),
    WithJsonSchema({"type": "string", "pattern": r"^-?\d+(\.\d{1,2})?$"}),
]
#: Annual rate as a decimal fraction (0.18 = 18 % a year), 0 to 10.
Rate = Annotated[
    Decimal,
    BeforeValidator(_rate),
    PlainSerializer(lambda d: str(d), return_type=str, when_used="json"),
    WithJsonSchema({"type": "string", "pattern": r"^\d+(\.\d+)?$", "description": "Annual rate, decimal fraction"}),
]
#: A share between 0 and 1 (0.05 = 5 %).
Fraction = Annotated[
    Decimal,
    BeforeValidator(_fraction),
    PlainSerializer(lambda d: str(d), return_type=str, when_used="json"),
    WithJsonSchema({"type": "string", "pattern": r"^(0(\.\d+)?|1(\.0+)?)$"}),
]
