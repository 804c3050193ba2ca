"""Names for debts (re-exported from the case) and the one way a new debt gets its id.

Why one way: a debt typed in the guided form, added as a table row, read from a spreadsheet
without an id column, or imported over an id the case already has, all get the same form of id
the case file and the demos use (``d1``, ``d2``, …). Ids are never shown; they tie a debt to its
contacts, offers and payments inside one case file.
"""

from __future__ import annotations

from collections.abc import Iterable

from overdue_core.case.debt_names import debt_labels, debt_numbers

__all__ = ["debt_labels", "debt_numbers", "next_debt_id"]


def next_debt_id(taken: Iterable[str]) -> str:
    """A fresh id: ``d`` and the first number after the debts already there that no debt has."""
    taken = set(taken)
    n = len(taken) + 1
    while f"d{n}" in taken:
        n += 1
    return f"d{n}"
