"""Names a person reads for their debts: the platform, numbered when two are alike.

Why: internal ids (d1, d6) mean nothing to a person and must never be shown. Two debts on the
same platform become "花呗 1" and "花呗 2" (in the order of the case), everything else keeps
its plain platform name. It lives with the case so every page, file and report can use it.
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


def debt_numbers(debts: Iterable[Debt]) -> dict[str, int]:
    """Debt id -> its place in the case, from 1: what a downloaded file is named by.

    Why not the name: platform names are Chinese and may hold characters a phone or Windows
    will not keep in a file name; "letter-2.txt" is safe everywhere and matches the list order.
    """
    return {debt.id: n for n, debt in enumerate(debts, start=1)}
