"""The plan to follow, "if the platforms agree": who keeps the contract, who gets which share.

Why this rule (docs/plan-engine.md, *The plan to follow*): a loan paid on time is the one thing
a plan can still keep clean — one slip is a new record on a clean credit report and can make the
whole loan due — so loans current today keep their contract due while the budget covers them.
What is left is shared among the debts already in arrears **pro rata to what each is owed**,
the convention debt advisers use for creditors of equal standing (UK money advice's "informal
offers"; a token amount to each rather than nothing to some), and each share is that
platform's installment offer, asking it to stop penalties and interest while the person pays.
If the budget does not even cover the clean dues, every debt gets its share and the clean loans
are named as needing a call too: never a silent slip.

Everything here is integer fen: shares add up to the money to the fen (largest remainders).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from overdue_core.plan.accrual import mul_round
from overdue_core.rules import RULES

#: The longest a plan's offer may run before it needs another route, by default (card hardship
#: plans go up to 60 months); a case may change it: rule ``hardship_installment_max_months``.
MAX_OFFER_MONTHS = int(RULES["hardship_installment_max_months"].value)
#: How far "if the charges keep running" is followed before it is called never cleared.
_RUN_HORIZON = 600


def pro_rata(money: int, weights: Mapping[str, int]) -> dict[str, int]:
    """Split ``money`` fen over ``weights`` (what each owes, in fen) in proportion, to the fen.

    Each share is rounded down; the fen left go one each to the largest remainders (ties: the
    order given), so the shares add up to ``money`` exactly. Weights of 0 get 0.
    """
    keys = [k for k, w in weights.items() if w > 0]
    total = sum(weights[k] for k in keys)
    if money <= 0 or not total:
        return {k: 0 for k in weights}
    shares = {k: money * weights[k] // total for k in keys}
    by_remainder = sorted(keys, key=lambda k: -(money * weights[k] % total))
    for k in by_remainder[: money - sum(shares.values())]:
        shares[k] += 1
    return {k: shares.get(k, 0) for k in weights}


def share_pro_rata(money: int, weights: Mapping[str, int]) -> dict[str, int]:
    """:func:`pro_rata`, and while the money has at least one fen per debt no share is 0: a token
    fen is moved from the largest share (a platform offered nothing hears no offer at all)."""
    shares = pro_rata(money, weights)
    keys = [k for k, w in weights.items() if w > 0]
    if keys and money >= len(keys):
        for k in keys:
            if shares[k] == 0:
                largest = max(keys, key=lambda key: shares[key])
                shares[largest] -= 1
                shares[k] = 1
    return shares


def offer_months(owed: int, monthly: int) -> int:
    """Months a level ``monthly`` takes to repay ``owed`` with charges stopped (the last one smaller)."""
    if owed <= 0:
        return 0
    if monthly <= 0:
        raise ValueError("monthly must be positive")
    return -(-owed // monthly)


@dataclass(frozen=True)
class RunningCost:
    """What an offer costs if the platform keeps its penalty running: the extra paid and when it
    would end at the same monthly amount (``months`` None: the amount never catches up)."""

    months: int | None
    extra: int


def cost_if_charges_run(owed: int, monthly: int, rate_num: int, rate_den: int) -> RunningCost:
    """Follow ``owed`` paid ``monthly`` with a monthly charge of num/den on what is left, charged
    before each payment (the engine's timing), up to 50 years; ``extra`` is the charges paid."""
    left, extra = owed, 0
    if rate_num == 0:
        return RunningCost(offer_months(owed, monthly), 0)
    for month in range(1, _RUN_HORIZON + 1):
        charge = mul_round(left, rate_num, rate_den)
        if charge >= monthly:
            return RunningCost(None, 0)
        left += charge
        extra += charge
        if left <= monthly:
            return RunningCost(month, extra)
        left -= monthly
    return RunningCost(None, 0)
