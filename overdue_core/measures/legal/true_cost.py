"""Each debt's true cost against each legal line: the figures behind the ``legal`` command.

Why one function: the Legal page, the score and the command line must say the same thing about
the same debt. Per debt this gives the all-in APR (``plan.apr.debt_true_apr``, over the whole
contract), the rate a contradicting stated due implies, and every line that applies to the
lender with a status ``within`` or ``above`` (compared at 0.01 %, ``rules.above_line``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from overdue_core.case.models import Case, Debt
from overdue_core.case.money import fmt_money, fmt_pct
from overdue_core.i18n import t
from overdue_core.measures.legal.findings import LineStatus, line_statuses
from overdue_core.plan.apr import Apr, debt_true_apr, due_mismatch, terms_needed
from overdue_core.rules import at_line_precision


@dataclass(frozen=True)
class DebtTrueCost:
    debt_id: str
    platform: str
    stated_rate: Decimal
    apr: Apr | None
    #: The annual rate a stated due implies when it contradicts balance, rate and terms; else None.
    implied_rate: Decimal | None
    lines: tuple[LineStatus, ...]
    #: No rate until the contract's whole length is entered (``plan.apr.terms_needed``).
    terms_needed: bool = False

    def to_dict(self) -> dict[str, Any]:
        """Rates as fractions in strings at 0.01 % (``"0.2400"`` = 24.00 %), as the lines are stated."""

        def rate(value: float | Decimal | None) -> str | None:
            return None if value is None else f"{at_line_precision(value):f}"

        return {
            "id": self.debt_id,
            "platform": self.platform,
            "stated_rate": rate(self.stated_rate),
            "apr_nominal": rate(self.apr.nominal) if self.apr else None,
            "apr_effective": rate(self.apr.effective) if self.apr else None,
            "implied_rate": rate(self.implied_rate),
            "terms_needed": self.terms_needed,
            # "low" is below "value" while the contract date that decides a line is not entered.
            "lines": [
                {"code": line.code, "value": rate(line.value), "low": rate(line.low), "status": line.status}
                for line in self.lines
            ],
        }


def debt_true_cost(debt: Debt, overrides: dict[str, Decimal] | None = None) -> DebtTrueCost:
    apr = debt_true_apr(debt)
    mismatch = due_mismatch(debt)
    return DebtTrueCost(
        debt_id=debt.id,
        platform=debt.platform,
        stated_rate=debt.annual_rate,
        apr=apr,
        implied_rate=mismatch.implied_rate if mismatch else None,
        lines=tuple(line_statuses(debt, apr, overrides)),
        terms_needed=terms_needed(debt),
    )


def true_costs(case: Case) -> list[DebtTrueCost]:
    """Every debt of the case, in case order, against the lines from the case's rules."""
    return [debt_true_cost(debt, case.settings.rules) for debt in case.debts]


def due_warnings(case: Case, lang: str, escape: Callable[[str], str] = str) -> list[str]:
    """One translated warning per debt whose stated due contradicts balance, rate and terms.

    A warning, never an error: the due is trusted (it is what the lender debits); the Debts page
    and ``validate`` show these, and the plan and the true cost use the rate the due implies.
    ``escape`` is applied to the platform name (the page escapes Markdown; the CLI prints plain text).
    """
    out: list[str] = []
    for debt in case.debts:
        mismatch = due_mismatch(debt)
        if mismatch is None:
            continue
        params = {
            "platform": escape(debt.platform),
            "stated": fmt_money(mismatch.stated),
            "computed": fmt_money(mismatch.computed),
        }
        if mismatch.implied_rate is None:
            out.append(t("true_cost.due_warning_small", lang, **params))
        else:
            out.append(t("true_cost.due_warning", lang, **params, implied=fmt_pct(mismatch.implied_rate)))
    return out
