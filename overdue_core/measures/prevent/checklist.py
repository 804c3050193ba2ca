"""The "prevent a repeat" checklist, built from the measures counselors teach and the case itself.

Why built from the case: "read each platform's rules and fees" is one tick per platform the
person actually uses, and "stop borrowing to repay" only matters to someone who does. Ticks are
kept in ``case.checklist`` (item key -> done) so they travel with the case file.
"""

from __future__ import annotations

from dataclasses import dataclass

from overdue_core.case.debt_names import debt_labels
from overdue_core.case.models import Case

#: Items every case gets, in the order they are shown (keys are stored in case files).
GENERAL_ITEMS: tuple[str, ...] = (
    "budget_set",
    "spending_limits",
    "reminders_set",
    "autopay_set",
    "monthly_review",
    "credit_report_checked",
    "emergency_fund",
)
#: Shown only when the case says the person borrows on one platform to repay another.
BORROWING_ITEM = "no_new_borrowing"
#: Prefix of the per-platform item "read this platform's rules and fees".
RULES_READ_PREFIX = "rules_read:"


@dataclass(frozen=True)
class Item:
    key: str  # stored in case.checklist
    label_key: str  # catalog key of the label
    help_key: str
    platform: str = ""  # for the per-platform items


def items_for(case: Case) -> list[Item]:
    """Every checklist item for this case, general first, then one per platform."""
    items = [Item(key, f"prevent.item.{key}", f"prevent.help.{key}") for key in GENERAL_ITEMS]
    if case.flags.borrowing_to_repay:
        items.insert(1, Item(BORROWING_ITEM, f"prevent.item.{BORROWING_ITEM}", f"prevent.help.{BORROWING_ITEM}"))
    labels = debt_labels(case.debts)  # the name a person reads; the id only keys the tick
    for debt in case.debts:
        items.append(
            Item(f"{RULES_READ_PREFIX}{debt.id}", "prevent.item.rules_read", "prevent.help.rules_read", labels[debt.id])
        )
    return items


def progress(case: Case) -> tuple[int, int]:
    """(done, total) over the items of this case; stale keys of removed debts do not count."""
    items = items_for(case)
    done = sum(1 for item in items if case.checklist.get(item.key))
    return done, len(items)


def with_ticks(case: Case, ticks: dict[str, bool]) -> Case:
    """The case with these items ticked or unticked; other stored keys (evidence…) are kept."""
    return case.model_copy(update={"checklist": {**case.checklist, **{k: bool(v) for k, v in ticks.items()}}})
