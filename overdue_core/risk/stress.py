"""Stress tests: what if things get a little worse? The score, its level and the shortfall under each.

Why: "how bad is it?" is followed by "and if my income drops?". Each scenario changes one thing in
the score's snapshot of the case (:class:`overdue_core.risk.score.RiskInputs`) and scores it again, so
the result is explained by the same factors as the score itself. Amounts stay exact: every
changed amount is rounded half up to the fen with :func:`overdue_core.case.money.round_fen`.

Scenarios:
- ``income_minus_10`` / ``_20`` / ``_30``: every income falls by that share;
- ``one_off_expense``: one month of essential spending comes due at once (a hospital bill, a
  repair); savings pay what they can, the rest adds to this month's bill;
- ``missed_month``: one more month without paying anything: this month's dues join the overdue
  amount (its principal leaves the balance), a month of penalty interest and any late fee is
  added, and every unpaid debt is 30 days further behind.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from decimal import Decimal

from overdue_core.case.models import Case
from overdue_core.case.money import fmt_money, round_fen
from overdue_core.i18n import t
from overdue_core.plan.accrual import DAYS_A_YEAR
from overdue_core.risk.score import ZERO, DebtFacts, Level, RiskInputs, RiskResult, inputs_from_case, score_inputs

SCENARIOS: tuple[str, ...] = (
    "income_minus_10",
    "income_minus_20",
    "income_minus_30",
    "one_off_expense",
    "missed_month",
)
#: Days one more unpaid month adds to how late a debt is.
MONTH_DAYS = 30


@dataclass(frozen=True)
class StressResult:
    scenario: str
    score: int
    level: Level
    #: What cannot be paid this month under the scenario (0.00 when everything can be).
    shortfall: Decimal
    #: Points added compared with the case as it is today.
    delta: int
    result: RiskResult
    #: Factors the scenario moved without changing their points (why an unchanged score is unchanged).
    moved: tuple[str, ...] = ()
    #: True when every factor it moved was already at its maximum.
    capped: bool = False

    def to_dict(self) -> dict[str, object]:
        return {
            "scenario": self.scenario,
            "score": self.score,
            "level": self.level.value,
            "shortfall": f"{self.shortfall:.2f}",
            "delta": self.delta,
            "unchanged_because": list(self.moved) if self.delta == 0 else [],
        }

    def same_score_text(self, lang: str) -> str | None:
        """Why the score did not move under this scenario (None when it did): the page shows it."""
        if self.delta != 0:
            return None
        names = ("、" if lang != "en" else ", ").join(t(f"risk.factor.{code}.name", lang) for code in self.moved)
        key = "nothing" if not self.moved else ("capped" if self.capped else "below")
        return t(
            f"risk_levels.stress_same.{key}",
            lang,
            scenario=t(f"risk.scenario.{self.scenario}", lang),
            score=self.score,
            factors=names,
            shortfall=fmt_money(self.shortfall),
        )


def same_score_summary(results: list[StressResult] | tuple[StressResult, ...], lang: str) -> str | None:
    """Why the score did not move, said once for every scenario that left it where it was.

    Why once: the page lists each scenario with its own shortfall already; repeating "the score
    stays at 62 because…" under each of them read as the same sentence four times.
    """
    same = [r for r in results if r.delta == 0]
    if not same:
        return None
    sep = t("format.list_sep", lang)
    clauses = []
    for key in ("below", "capped", "nothing"):
        group = [r for r in same if ("nothing" if not r.moved else "capped" if r.capped else "below") == key]
        if not group:
            continue
        factors = list(dict.fromkeys(code for r in group for code in r.moved))
        clauses.append(
            t(
                f"risk_levels.stress_once.{key}",
                lang,
                scenarios=sep.join(t(f"risk.scenario.{r.scenario}", lang) for r in group),
                factors=sep.join(t(f"risk.factor.{code}.name", lang) for code in factors),
            )
        )
    return t(
        "risk_levels.stress_once.sentence", lang, score=same[0].score, reasons=t("format.item_sep", lang).join(clauses)
    )


def income_cut(x: RiskInputs, share: Decimal) -> RiskInputs:
    """Every income reduced by ``share`` (0.10 = 10 %), to the fen; the budget for debts loses as much."""
    incomes = tuple((round_fen(amount * (1 - share)), stability) for amount, stability in x.incomes)
    lost = x.income - sum((amount for amount, _ in incomes), ZERO)
    return replace(x, incomes=incomes, budget=x.budget - lost)


def one_off_expense(x: RiskInputs) -> RiskInputs:
    """One month of essential spending due at once: savings first, the rest on this month's bill."""
    cost = x.essential
    from_savings = min(cost, x.savings)
    return replace(x, savings=x.savings - from_savings, extra_required=x.extra_required + (cost - from_savings))


def _missed(debt: DebtFacts) -> DebtFacts:
    interest = round_fen(debt.balance * debt.annual_rate / 12)
    principal = min(debt.balance, max(ZERO, debt.monthly_due - interest))
    # Penalty by the days of the month, as the plan accrues it (``plan.accrual.DAYS_A_YEAR``).
    penalty = round_fen(debt.overdue * debt.penalty_rate * MONTH_DAYS / DAYS_A_YEAR) + round_fen(
        debt.monthly_due * debt.late_fee_rate
    )
    overdue = debt.overdue + debt.monthly_due + penalty
    if debt.overdue > 0:
        days, missed = debt.days_overdue + MONTH_DAYS, debt.missed + 1
    elif overdue > 0:
        days, missed = MONTH_DAYS, 1
    else:
        days, missed = 0, 0
    return replace(debt, balance=debt.balance - principal, overdue=overdue, days_overdue=days, missed=missed)


def missed_month(x: RiskInputs) -> RiskInputs:
    """A month later with nothing paid (next month's dues are the same as this month's)."""
    return replace(x, debts=tuple(_missed(d) for d in x.debts))


TRANSFORMS = {
    "income_minus_10": lambda x: income_cut(x, Decimal("0.10")),
    "income_minus_20": lambda x: income_cut(x, Decimal("0.20")),
    "income_minus_30": lambda x: income_cut(x, Decimal("0.30")),
    "one_off_expense": one_off_expense,
    "missed_month": missed_month,
}


def stress_inputs(x: RiskInputs, base: RiskResult | None = None) -> list[StressResult]:
    base = base or score_inputs(x)
    out: list[StressResult] = []
    for name in SCENARIOS:
        result = score_inputs(TRANSFORMS[name](x))
        moved = tuple(
            f.code
            for f, b in zip(result.factors, base.factors, strict=True)
            if f.value != b.value and f.points == b.points
        )
        capped = bool(moved) and all(result.factor(code).points == result.factor(code).max_points for code in moved)
        out.append(
            StressResult(
                name, result.score, result.level, result.shortfall, result.score - base.score, result, moved, capped
            )
        )
    return out


def stress_tests(case: Case) -> list[StressResult]:
    """Every scenario for one case, in the order of :data:`SCENARIOS`."""
    return stress_inputs(inputs_from_case(case))
