"""Which legal rate lines hold a lender's rates: chosen here once, for the score, Legal and the plan.

Why one place: the score grades the costliest rate, the Legal measures compare each debt's rates
with its lines, and the plan's costs flag penalties a court may not uphold. When each chose its own
lines they could disagree about the same loan; now all three ask :func:`lender_lines`.

- A private lender, or a lender without a licence: 4 × the one-year LPR on the contract date
  (``rules.private_lending_line``: a range while the date is not entered); its overdue interest and
  penalties are held to the same line.
- A licensed lender: the licensed lenders' ceiling; its penalties are held to the 24 % reference.
- Every lender: the 24 % and 36 % reference lines.
- No lender named (the score's scale for the costliest rate): the line of a private loan judged
  today (4 × today's LPR), then 24 % and 36 %.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from overdue_core.case.models import Debt, DebtKind
from overdue_core.rules import LineRange, private_lending_cap, private_lending_line, rule_value

_PRIVATE_KEYS = ("lpr_1y", "private_lending_lpr_multiple")


@dataclass(frozen=True)
class RateLine:
    """One rate line that applies to a lender: its code, its value (a range while the contract
    date that decides it is unknown) and the rules it comes from."""

    code: str
    line: LineRange
    rule_keys: tuple[str, ...]


@dataclass(frozen=True)
class LenderLines:
    """The lines that hold one lender's rates."""

    #: The lender's own cap (``private_cap`` or ``licensed_ceiling``), then ``line_24`` and ``line_36``.
    apr: tuple[RateLine, ...]
    #: What overdue interest and penalties are held to.
    penalty: RateLine
    #: Private lending rules apply (a person or an unlicensed lender).
    private: bool

    def by_code(self, code: str) -> RateLine:
        return next(line for line in self.apr if line.code == code)

    @property
    def lowest_first(self) -> list[RateLine]:
        """The APR lines lowest first (a private line above 24 % comes after it)."""
        return sorted(self.apr, key=lambda item: (item.line.high, item.line.low))


def is_private_lender(debt: Debt) -> bool:
    """Private lending rules (the 4 × LPR cap) apply to people and unlicensed lenders only."""
    return debt.kind == DebtKind.PRIVATE_LOAN or not debt.lender_licensed


def _fixed(code: str, key: str, overrides: dict[str, Decimal] | None) -> RateLine:
    value = rule_value(key, overrides)
    return RateLine(code, LineRange(value, value, "fixed"), (key,))


def lender_lines(debt: Debt | None, overrides: dict[str, Decimal] | None = None) -> LenderLines:
    """The lines for ``debt``'s lender under the case's rules (``overrides``); ``None``: the score's
    scale, a private loan judged today."""
    references = (_fixed("line_24", "reference_line_24", overrides), _fixed("line_36", "reference_line_36", overrides))
    if debt is None:
        cap = private_lending_cap(overrides)
        own = RateLine("private_cap", LineRange(cap, cap, "filing"), _PRIVATE_KEYS)
        return LenderLines((own, *references), own, private=True)
    if is_private_lender(debt):
        own = RateLine("private_cap", private_lending_line(debt.contract_date, overrides), _PRIVATE_KEYS)
        return LenderLines((own, *references), own, private=True)
    own = _fixed("licensed_ceiling", "licensed_lender_ceiling", overrides)
    return LenderLines((own, *references), references[0], private=False)
