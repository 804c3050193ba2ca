"""Names for debts (re-exported from the case) and fresh ids for new ones."""

from __future__ import annotations

from collections.abc import Iterable

from overdue_core.case.debt_names import debt_labels, debt_numbers

__all__ = ["debt_labels", "debt_numbers", "next_debt_id"]


def next_debt_id(taken: Iterable[str], platform_key: str = "") -> str:
    """A fresh id for a new debt (never shown; stable inside the case file)."""
    taken = set(taken)
    base = "".join(ch for ch in platform_key.lower() if ch.isascii() and (ch.isalnum() or ch == "_")) or "debt"
    n = 1
    while f"{base}-{n}" in taken:
        n += 1
    return f"{base}-{n}"
