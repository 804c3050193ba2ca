"""What a number field allows, by the kind of figure it holds.

Why one place: a figure in yuan is never negative, at most a billion and shown to the fen, and a
rate in percent is never negative and shown to two places, on every page and form that asks for
one (typed fields, fields a person can empty, table columns). Only the step and upper bound differ
from field to field.
"""

from __future__ import annotations

from typing import Any

#: The largest amount of money any field takes (a billion yuan).
MAX_MONEY = 1e9


def money_field(step: float) -> dict[str, Any]:
    """The bounds and format of a field for an amount in yuan (``number_input`` keywords)."""
    return {"min_value": 0.0, "max_value": MAX_MONEY, "step": step, "format": "%.2f"}


def percent_field(high: float, step: float) -> dict[str, Any]:
    """The bounds and format of a field for a rate in percent, up to ``high``."""
    return {"min_value": 0.0, "max_value": high, "step": step, "format": "%.2f"}


def count_field(low: int, high: int) -> dict[str, Any]:
    """The bounds of a field for a whole number (months, days, a count) from ``low`` to ``high``."""
    return {"min_value": low, "max_value": high, "step": 1}
