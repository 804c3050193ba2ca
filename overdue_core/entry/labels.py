"""Names a person reads for their debts: the platform, numbered when two are alike.

Why: internal ids (d1, d6) mean nothing to a person and must never be shown. Two debts on the
same platform become "花呗 1" and "花呗 2" (in the order of the case), everything else keeps
its plain platform name.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from overdue_core.case.models import Debt


def debt_labels(debts: Iterable[Debt]) -> dict[str, str]:
    """Debt id -> the name to show."""
    debts = list(debts)
    counts = Counter(d.platform.strip() for d in debts)
    seen: Counter[str] = Counter()
    labels: dict[str, str] = {}
    for debt in debts:
        name = debt.platform.strip()
        if counts[name] > 1:
            seen[name] += 1
            labels[debt.id] = f"{name} {seen[name]}"
        else:
            labels[debt.id] = name
    return labels


def next_debt_id(taken: Iterable[str], platform_key: str = "") -> str:
    """A fresh id for a new debt (never shown; stable inside the case file)."""
    taken = set(taken)
    base = "".join(ch for ch in platform_key.lower() if ch.isascii() and (ch.isalnum() or ch == "_")) or "debt"
    n = 1
    while f"{base}-{n}" in taken:
        n += 1
    return f"{base}-{n}"
