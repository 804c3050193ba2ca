"""How bad is it? One honest, explainable 0–100 risk score with the reasons behind it.

Why a points model: a worried person (and a counselor) must be able to check every point. Each
factor has a value, fixed thresholds and the points each threshold adds; the score is simply the
sum of the points, and every factor names the measure that addresses it (communicate, plan,
prevent, negotiate, legal). Higher means more risk of staying or falling further behind.

This is a self-assessment aid, not a credit score: no lender uses it, and it is not advice.
The weights and thresholds are documented with their reasoning in docs/risk-model.md.

Properties the tests prove: a worse input never lowers the score, the points add up to the
score, the same case always gives the same score, and missing inputs are named in ``missing``
(no income entered counts as no income, which is the honest worst case, and is said so).

Everything here works on :class:`RiskInputs`, a small snapshot of the case, so the stress tests
(:mod:`overdue_core.risk.stress`) can change one thing and score again without touching the case.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from decimal import Decimal
from enum import StrEnum
from typing import Any

from overdue_core.case.models import Case, Stability
from overdue_core.case.money import fmt_money, fmt_pct, round_fen
from overdue_core.case.standing import bucket_label, missed_installments
from overdue_core.i18n import t
from overdue_core.measures.legal.findings import conduct_flags
from overdue_core.plan.apr import debt_true_apr, rate_blocked
from overdue_core.plan.engine import budget_for_debts
from overdue_core.plan.headline_figures import first_month
from overdue_core.rate_lines import lender_lines
from overdue_core.rules import above_line, at_line_precision

_D = Decimal
ZERO = _D("0.00")


class Level(StrEnum):
    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"
    CRITICAL = "critical"


class Measure(StrEnum):
    """The five measures counselors teach, in the order they are usually taken."""

    COMMUNICATE = "communicate"
    PLAN = "plan"
    PREVENT = "prevent"
    NEGOTIATE = "negotiate"
    LEGAL = "legal"


MEASURE_ORDER: tuple[Measure, ...] = tuple(Measure)

#: Lowest score of each level (a score belongs to the highest level whose floor it reaches).
LEVEL_FLOORS: tuple[tuple[int, Level], ...] = (
    (75, Level.CRITICAL),
    (50, Level.HIGH),
    (25, Level.MEDIUM),
    (0, Level.LOW),
)


def level_for(score: int) -> Level:
    return next(level for floor, level in LEVEL_FLOORS if score >= floor)


# --- inputs -----------------------------------------------------------------------------
@dataclass(frozen=True)
class DebtFacts:
    """What the score needs from one debt (amounts exact, the APR as a float ratio)."""

    debt_id: str
    platform: str
    balance: Decimal
    monthly_due: Decimal
    overdue: Decimal
    days_overdue: int
    annual_rate: Decimal
    penalty_rate: Decimal
    late_fee_rate: Decimal
    #: All-in nominal APR (12 × monthly IRR); None when it cannot be computed (fees eat the loan).
    apr_nominal: float | None
    apr_effective: float | None
    licensed: bool
    #: The entries give no rate yet (``plan.apr.rate_blocked``: the contract's length is missing,
    #: or a due too small): left out of the costliest-rate factor, not counted as above every line.
    apr_blocked: bool = False
    #: Due dates missed (``case.standing.missed_due_dates``): 0 inside a card's grace days.
    missed: int = 0

    @property
    def late(self) -> bool:
        """Reported late: a due date missed (arrears inside a grace period are not)."""
        return self.overdue > 0 and self.missed > 0

    @property
    def total_owed(self) -> Decimal:
        return self.balance + self.overdue

    @property
    def lender_key(self) -> str:
        """Two debts on the same platform are one lender ("借呗" and " 借呗 " alike)."""
        return " ".join(self.platform.split()).casefold()


@dataclass(frozen=True)
class RiskInputs:
    """A snapshot of the case as the score sees it."""

    incomes: tuple[tuple[Decimal, Stability], ...]
    essential: Decimal
    savings: Decimal
    debts: tuple[DebtFacts, ...]
    borrowing_to_repay: bool
    #: Interest-rate lines (fractions) from the case's rules: 4 × LPR, 24 %, 36 %.
    apr_lines: tuple[Decimal, Decimal, Decimal]
    #: A one-off cost this month that savings could not cover (stress test), on top of the dues.
    extra_required: Decimal = ZERO
    has_expenses: bool = True
    #: Why legal help comes first, whatever the points: "lawsuit_threatened" (the person ticked that a
    #: lender said it would sue, or sent a court paper), "abusive_collection" (a recorded collection
    #: contact broke a conduct rule). Empty when neither.
    legal_urgent: tuple[str, ...] = ()
    #: What this month has for debts: the plan's budget (``plan.budget_for_debts``: the budget set,
    #: else income minus essential spending; may be negative), the one "available" figure. A stress
    #: scenario that cuts income cuts it by as much.
    budget: Decimal = ZERO

    @property
    def income(self) -> Decimal:
        return sum((amount for amount, _ in self.incomes), ZERO)

    @property
    def monthly_dues(self) -> Decimal:
        return sum((d.monthly_due for d in self.debts), ZERO)

    @property
    def total_overdue(self) -> Decimal:
        return sum((d.overdue for d in self.debts), ZERO)

    @property
    def total_owed(self) -> Decimal:
        return sum((d.total_owed for d in self.debts), ZERO)

    @property
    def required(self) -> Decimal:
        """What is due this month: contractual dues, everything overdue, any one-off cost."""
        return self.monthly_dues + self.total_overdue + self.extra_required

    @property
    def surplus(self) -> Decimal:
        """Available minus required: negative is the shortfall this month."""
        return self.budget - self.required

    @property
    def shortfall(self) -> Decimal:
        return max(ZERO, -self.surplus)


def debt_facts(
    debt: Any, as_of: dt.date, overrides: dict[str, Decimal] | None = None, monthly_due: Decimal | None = None
) -> DebtFacts:
    """The score's view of one ``models.Debt`` on ``as_of``.

    ``monthly_due``: this month's due as the plan asks for it (``plan.headline_figures.first_month``),
    so "needed this month" is one figure; the entered due when not given.
    """
    apr = debt_true_apr(debt)
    return DebtFacts(
        debt_id=debt.id,
        platform=debt.platform,
        balance=debt.balance,
        monthly_due=debt.monthly_due if monthly_due is None else monthly_due,
        overdue=debt.overdue_amount,
        days_overdue=debt.days_overdue,
        annual_rate=debt.annual_rate,
        penalty_rate=debt.penalty_rate,
        late_fee_rate=debt.late_fee_rate,
        apr_nominal=None if apr is None else apr.nominal,
        apr_effective=None if apr is None else apr.effective,
        licensed=debt.lender_licensed,
        apr_blocked=rate_blocked(debt) is not None,
        missed=missed_installments(debt, as_of, overrides),
    )


def inputs_from_case(case: Case) -> RiskInputs:
    overrides = case.settings.rules
    household = case.household
    dues = first_month(case)
    return RiskInputs(
        incomes=tuple((i.amount, i.stability) for i in household.incomes),
        essential=household.essential_expenses,
        savings=household.liquid_savings,
        debts=tuple(debt_facts(d, case.as_of, overrides, dues[d.id].due) for d in case.debts),
        borrowing_to_repay=case.flags.borrowing_to_repay,
        apr_lines=score_lines(overrides),
        has_expenses=bool(household.expenses),
        legal_urgent=legal_urgency(case),
        budget=budget_for_debts(case),
    )


def score_lines(overrides: dict[str, Decimal] | None = None) -> tuple[Decimal, Decimal, Decimal]:
    """The costliest rate's scale: the lines of a private loan judged today (``rate_lines``)."""
    lines = lender_lines(None, overrides)
    cap, line24, line36 = (lines.by_code(code).line.high for code in ("private_cap", "line_24", "line_36"))
    return cap, line24, line36


def legal_urgency(case: Case) -> tuple[str, ...]:
    """Why legal help comes first (see ``RiskInputs.legal_urgent``): a lawsuit threatened or a court
    paper, or collection that broke a conduct rule. Deadlines in a lawsuit do not wait for a plan."""
    reasons = []
    if case.flags.lawsuit_threatened:
        reasons.append("lawsuit_threatened")
    if case.collection_incidents and conduct_flags(case):
        reasons.append("abusive_collection")
    return tuple(reasons)


# --- factor specifications --------------------------------------------------------------
@dataclass(frozen=True)
class Band:
    """``points`` apply once the value passes ``at`` in the worse direction."""

    at: Decimal
    points: int


@dataclass(frozen=True)
class FactorSpec:
    code: str
    measure: Measure
    #: "higher": value ≥ at is worse; "lower": value < at is worse; "above": value > at is worse.
    direction: str
    bands: tuple[Band, ...]
    unit: str  # how values and thresholds are shown: ratio, months, count, days, flag, apr

    @property
    def max_points(self) -> int:
        return max(b.points for b in self.bands)

    def points_for(self, value: Decimal | None) -> int:
        """Points for a value; None means "as bad as it gets" (e.g. dues with no income)."""
        if value is None:
            return self.max_points
        hits = [b.points for b in self.bands if _passes(value, b.at, self.direction)]
        return max(hits, default=0)


def _passes(value: Decimal, at: Decimal, direction: str) -> bool:
    if direction == "higher":
        return value >= at
    if direction == "above":
        return value > at
    return value < at


def _bands(*pairs: tuple[str, int]) -> tuple[Band, ...]:
    return tuple(Band(_D(at), points) for at, points in pairs)


#: The model. Weights add up to 100; reasoning per line in docs/risk-model.md.
SPECS: dict[str, FactorSpec] = {
    s.code: s
    for s in [
        FactorSpec(
            "debt_service",
            Measure.NEGOTIATE,
            "higher",
            _bands(("0.20", 4), ("0.35", 8), ("0.50", 12), ("0.70", 15)),
            "ratio",
        ),
        FactorSpec("debt_to_income", Measure.PLAN, "higher", _bands(("0.5", 3), ("1.0", 6), ("2.0", 10)), "ratio"),
        FactorSpec(
            "overdue_depth", Measure.COMMUNICATE, "higher", _bands(("1", 6), ("2", 11), ("3", 16), ("4", 20)), "missed"
        ),
        FactorSpec(
            "overdue_platforms", Measure.COMMUNICATE, "higher", _bands(("1", 2), ("2", 4), ("3", 6), ("4", 7)), "count"
        ),
        FactorSpec("lender_count", Measure.PREVENT, "higher", _bands(("3", 2), ("4", 4), ("5", 6), ("6", 8)), "count"),
        FactorSpec("savings_buffer", Measure.PREVENT, "lower", _bands(("3", 2), ("1", 5), ("0.25", 7)), "months"),
        FactorSpec(
            "monthly_surplus",
            Measure.PLAN,
            "lower",
            _bands(("0.10", 3), ("0", 6), ("-0.25", 9), ("-0.50", 12)),
            "margin",
        ),
        FactorSpec("borrowing_to_repay", Measure.PREVENT, "higher", _bands(("1", 8)), "flag"),
        FactorSpec("income_stability", Measure.PLAN, "lower", _bands(("1", 2), ("0.75", 4), ("0.5", 5)), "ratio"),
        FactorSpec("costliest_apr", Measure.NEGOTIATE, "above", _bands(("0", 2), ("0", 5), ("0", 8)), "apr"),
    ]
}
MAX_SCORE = sum(s.max_points for s in SPECS.values())
assert MAX_SCORE == 100, MAX_SCORE

#: How much of each kind of income counts as "income you can count on" (income_stability).
DEPENDABLE_SHARE: dict[Stability, Decimal] = {
    Stability.FIXED: _D("1"),
    Stability.VARIABLE: _D("0.6"),
    Stability.IRREGULAR: _D("0.25"),
}
#: APRs are compared with the legal lines at 0.01 % precision (``rules.above_line``, the helper the
#: legal checks use too): a fen of rounding in a payment must not push a 24.00 % loan "above 24 %".


# --- results ----------------------------------------------------------------------------
@dataclass(frozen=True)
class FactorResult:
    """One reason: its value, the points it adds, the thresholds and what to do about it."""

    code: str
    value: Decimal | None
    points: int
    max_points: int
    measure: Measure
    thresholds: tuple[Band, ...]
    direction: str
    unit: str
    #: Which explanation applies: "ok" (no points), "high" (points) or "unknown" (not computable).
    state: str
    #: The figures behind the explanation, raw (formatted only when shown; never user text).
    facts: dict[str, Decimal | int | str | None] = field(default_factory=dict)

    @property
    def params(self) -> dict[str, str]:
        """The facts formatted for the explanation (amounts to the fen, shares in %)."""
        return {key: _format_fact(key, value) for key, value in self.facts.items()}

    def name(self, lang: str) -> str:
        return t(f"risk.factor.{self.code}.name", lang)

    def explanation(self, lang: str) -> str:
        return t(f"risk.factor.{self.code}.{self.state}", lang, **self.params)

    def value_text(self, lang: str) -> str:
        if self.unit == "margin" and self.state in ("short", "spare"):
            return t(f"risk.unit.{self.state}", lang, amount=self.params["amount"])
        return format_value(self.unit, self.value, lang)

    def thresholds_text(self, lang: str) -> str:
        sign = "" if self.unit in ("flag", "missed") else {"higher": "≥", "above": ">", "lower": "<"}[self.direction]
        return " · ".join(
            f"{sign}{format_value(self.unit, b.at, lang, threshold=True)}: +{b.points}" for b in self.thresholds
        )

    def to_dict(self, lang: str) -> dict[str, Any]:
        return {
            "code": self.code,
            "name": self.name(lang),
            "value": _json_number(self.value),
            "value_text": self.value_text(lang),
            "points": self.points,
            "max_points": self.max_points,
            "thresholds": [{"at": _json_number(b.at), "points": b.points} for b in self.thresholds],
            "direction": self.direction,
            "explanation": self.explanation(lang),
            "measure": self.measure.value,
        }


#: Reasons that put legal help first whatever the points (``legal_urgency``).
URGENT_REASONS = ("lawsuit_threatened", "abusive_collection")


@dataclass(frozen=True)
class Action:
    """A measure worth taking now, with the points it addresses and the reasons behind it."""

    measure: Measure
    points: int
    factors: tuple[str, ...]

    def title(self, lang: str) -> str:
        return t(f"risk.measure.{self.measure.value}.name", lang)

    def text(self, lang: str) -> str:
        return t(f"risk.measure.{self.measure.value}.do", lang)

    def because(self, lang: str) -> str:
        names = "、" if lang != "en" else ", "
        keys = (f"risk.urgent.{c}" if c in URGENT_REASONS else f"risk.factor.{c}.name" for c in self.factors)
        return t("risk.because", lang, reasons=names.join(t(key, lang) for key in keys))


#: The key figures a result carries from its snapshot (written so in JSON): the result's name, then
#: the snapshot's. Only "available" is named otherwise there: it is the snapshot's ``budget``.
FIGURES: dict[str, str] = {
    "income": "income",
    "essential": "essential",
    "monthly_dues": "monthly_dues",
    "required": "required",
    "available": "budget",
    "surplus": "surplus",
    "total_owed": "total_owed",
    "total_overdue": "total_overdue",
    "savings": "savings",
}


@dataclass(frozen=True)
class RiskResult:
    score: int
    level: Level
    factors: tuple[FactorResult, ...]
    #: Inputs that were not entered ("income", "expenses", "debts"); the score says how it treated them.
    missing: tuple[str, ...]
    #: The key figures the score read (exact money).
    income: Decimal
    essential: Decimal
    monthly_dues: Decimal
    required: Decimal
    available: Decimal
    surplus: Decimal
    total_owed: Decimal
    total_overdue: Decimal
    savings: Decimal
    #: Why the level is what it is: "score" (its band) or the definition that raised it (``level_definitions``).
    level_reason: str = "score"
    #: Why legal help is the first action whatever the points (``RiskInputs.legal_urgent``).
    legal_urgent: tuple[str, ...] = ()

    @property
    def shortfall(self) -> Decimal:
        return max(ZERO, -self.surplus)

    def factor(self, code: str) -> FactorResult:
        return next(f for f in self.factors if f.code == code)

    def level_text(self, lang: str) -> str:
        return t(f"risk.level.{self.level.value}", lang)

    def top_actions(self, n: int = 3) -> list[Action]:
        """The ``n`` measures that address the most points, in the order to take them; legal help
        before them when a lawsuit is threatened or collection broke the rules (``legal_urgent``):
        a court's deadline does not wait, and it does not push out one of the usual steps."""
        by_measure: dict[Measure, list[FactorResult]] = {}
        for f in self.factors:
            if f.points > 0:
                by_measure.setdefault(f.measure, []).append(f)
        ranked = sorted(by_measure, key=lambda m: (-sum(f.points for f in by_measure[m]), MEASURE_ORDER.index(m)))
        urgent = [Measure.LEGAL] if self.legal_urgent else []
        chosen = urgent + sorted([m for m in ranked if m not in urgent][:n], key=MEASURE_ORDER.index)
        return [
            Action(
                measure=m,
                points=sum(f.points for f in by_measure.get(m, [])),
                factors=(self.legal_urgent if m in urgent else ())
                + tuple(f.code for f in sorted(by_measure.get(m, []), key=lambda f: -f.points)),
            )
            for m in chosen
        ]

    def to_dict(self, lang: str) -> dict[str, Any]:
        return {
            "score": self.score,
            "level": self.level.value,
            "level_text": self.level_text(lang),
            "level_reason": self.level_reason,
            "factors": [f.to_dict(lang) for f in self.factors],
            "missing": list(self.missing),
            "figures": {name: f"{getattr(self, name):.2f}" for name in FIGURES},
            "actions": [a.measure.value for a in self.top_actions()],
            "legal_urgent": list(self.legal_urgent),
        }


_MONEY_FACTS = frozenset(
    {"dues", "income", "owed", "annual", "savings", "essential", "available", "required", "amount", "dependable"}
)
_PCT_PLACES = {"ratio": 0, "line24": 0, "line36": 0, "apr": 1, "cap": 1}


def _format_fact(key: str, value: Decimal | int | str | None) -> str:
    if value is None:
        return "—"
    if key in _MONEY_FACTS:
        return fmt_money(Decimal(value))
    if key in _PCT_PLACES:
        return fmt_pct(Decimal(value), _PCT_PLACES[key])
    if key == "months":
        return f"{round_fen(Decimal(value)).normalize():f}"
    return str(value)


def _json_number(value: Decimal | None) -> float | int | None:
    if value is None:
        return None
    if value == value.to_integral_value():
        return int(value)
    return float(round(value, 4))


def format_value(unit: str, value: Decimal | None, lang: str, *, threshold: bool = False) -> str:
    """A factor value (or, with ``threshold``, a band's starting point) as a person reads it."""
    if value is None:
        return "—"
    if unit == "margin":
        return fmt_pct(value, 0) if threshold else t("risk.unit.of_income", lang, pct=fmt_pct(value, 0))
    if unit in ("ratio", "apr"):
        return fmt_pct(value, 0 if unit == "ratio" else 1)
    if unit == "months":
        return t("risk.unit.months", lang, n=f"{round_fen(value).normalize():f}")
    if unit == "missed":
        bucket = bucket_label(int(value))
        return bucket if threshold else t("risk.unit.missed", lang, n=int(value), bucket=bucket)
    if unit == "flag":
        return t("risk.unit.yes", lang) if value else t("risk.unit.no", lang)
    return f"{int(value)}"


# --- the factors ------------------------------------------------------------------------
def _ratio(numerator: Decimal, denominator: Decimal) -> Decimal | None:
    """numerator / denominator; 0 when there is nothing to divide; None (= infinite) on x / 0."""
    if numerator <= 0:
        return _D(0)
    if denominator <= 0:
        return None
    return numerator / denominator


def _factor(
    code: str,
    value: Decimal | None,
    points: int | None = None,
    *,
    state: str | None = None,
    unknown: bool = False,
    **facts: Decimal | int | str | None,
) -> FactorResult:
    """A factor's result; ``state`` picks the explanation (default: "ok", "high" or "unknown")."""
    spec = SPECS[code]
    pts = spec.points_for(value) if points is None else points
    if state is None:
        state = "unknown" if unknown else ("high" if pts > 0 else "ok")
    return FactorResult(
        code=code,
        value=value,
        points=pts,
        max_points=spec.max_points,
        measure=spec.measure,
        thresholds=spec.bands,
        direction=spec.direction,
        unit=spec.unit,
        state=state,
        facts=facts,
    )


def _debt_service(x: RiskInputs) -> FactorResult:
    value = _ratio(x.monthly_dues, x.income)
    return _factor("debt_service", value, unknown=value is None, dues=x.monthly_dues, income=x.income, ratio=value)


def _debt_to_income(x: RiskInputs) -> FactorResult:
    value = _ratio(x.total_owed, x.income * 12)
    return _factor("debt_to_income", value, unknown=value is None, owed=x.total_owed, annual=x.income * 12, ratio=value)


def _overdue_depth(x: RiskInputs) -> FactorResult:
    """Due dates missed by the debt furthest behind (its bucket), with its days late."""
    missed = max((d.missed for d in x.debts if d.late), default=0)
    days = max((d.days_overdue for d in x.debts if d.late), default=0)
    return _factor("overdue_depth", _D(missed), days=days, bucket=bucket_label(missed))


def _overdue_platforms(x: RiskInputs) -> FactorResult:
    count = len({d.lender_key for d in x.debts if d.late})
    return _factor("overdue_platforms", _D(count), n=count)


def _lender_count(x: RiskInputs) -> FactorResult:
    count = len({d.lender_key for d in x.debts if d.total_owed > 0})
    return _factor("lender_count", _D(count), n=count)


def _savings_buffer(x: RiskInputs) -> FactorResult:
    if x.essential <= 0:
        # No essential spending entered: months of cover cannot be worked out; named in ``missing``.
        return _factor("savings_buffer", None, 0, unknown=True, savings=x.savings)
    months = x.savings / x.essential
    return _factor("savings_buffer", months, savings=x.savings, essential=x.essential, months=months)


def _monthly_surplus(x: RiskInputs) -> FactorResult:
    surplus = x.surplus
    facts = dict(available=x.budget, required=x.required, amount=abs(surplus))
    if x.required <= 0 and surplus >= 0:
        return _factor("monthly_surplus", _D(1), state="spare", **facts)  # nothing due at all
    if x.income <= 0:
        return _factor("monthly_surplus", None, state="unknown", **facts)
    margin = surplus / x.income
    return _factor("monthly_surplus", margin, state="short" if surplus < 0 else "spare", **facts)


def _borrowing(x: RiskInputs) -> FactorResult:
    return _factor("borrowing_to_repay", _D(1 if x.borrowing_to_repay else 0))


def _income_stability(x: RiskInputs) -> FactorResult:
    dependable = sum((amount * DEPENDABLE_SHARE[stability] for amount, stability in x.incomes), ZERO)
    if x.essential <= 0:
        return _factor("income_stability", None, 0, unknown=True, dependable=dependable)
    cover = dependable / x.essential
    return _factor("income_stability", cover, dependable=dependable, essential=x.essential, ratio=cover)


def _costliest_apr(x: RiskInputs) -> FactorResult:
    """The dearest debt's all-in APR against 4 × LPR, 24 % and 36 % (from the case's rules)."""
    cap, line24, line36 = x.apr_lines
    bands = tuple(Band(at, b.points) for at, b in zip((cap, line24, line36), SPECS["costliest_apr"].bands))
    aprs = [
        None if d.apr_nominal is None else at_line_precision(d.apr_nominal)
        for d in x.debts
        if d.total_owed > 0 and not d.apr_blocked
    ]
    # An APR that cannot be computed (fees take all the cash) is treated as above every line.
    value: Decimal | None = None if None in aprs else max(aprs, default=_D(0))  # type: ignore[type-var]
    points = max((b.points for b in bands if value is None or above_line(value, b.at)), default=0)
    measure = Measure.LEGAL if value is None or above_line(value, line24) else Measure.NEGOTIATE
    result = _factor(
        "costliest_apr",
        value,
        points,
        unknown=value is None,
        apr=value,
        cap=cap,
        line24=line24,
        line36=line36,
    )
    return replace(result, thresholds=bands, measure=measure)


FACTORS: tuple[Callable[[RiskInputs], FactorResult], ...] = (
    _overdue_depth,
    _overdue_platforms,
    _debt_service,
    _monthly_surplus,
    _debt_to_income,
    _lender_count,
    _borrowing,
    _savings_buffer,
    _income_stability,
    _costliest_apr,
)


# --- levels, as docs/risk-model.md defines them -------------------------------------------
#: Order of the levels, lowest first (a level is never lowered by a definition, only raised).
LEVEL_ORDER: tuple[Level, ...] = (Level.LOW, Level.MEDIUM, Level.HIGH, Level.CRITICAL)
#: More than this many days late is beyond M3: lawsuits and outsourced collection become likely.
M3_DAYS = 90


def level_definitions(x: RiskInputs) -> list[tuple[Level, str]]:
    """The situations the docs name for a level whatever the points: (level, code), in doc order.

    - critical ``m3_platforms_short``: two or more platforms more than 90 days late, and the money
      left after essential spending does not cover what is due this month;
    - high ``m3_overdue``: a platform more than 90 days late;
    - medium ``overdue_short``: a debt overdue, and the money left after essential spending does
      not cover what is due this month.
    """
    late = {d.lender_key for d in x.debts if d.late and d.days_overdue > M3_DAYS}
    short = x.shortfall > 0
    overdue = any(d.late for d in x.debts)
    found: list[tuple[Level, str]] = []
    if len(late) >= 2 and short:
        found.append((Level.CRITICAL, "m3_platforms_short"))
    if late:
        found.append((Level.HIGH, "m3_overdue"))
    if overdue and short:
        found.append((Level.MEDIUM, "overdue_short"))
    return found


def level_of(score: int, x: RiskInputs) -> tuple[Level, str]:
    """The level: the score's band, raised to the highest definition that applies; and why ("score" or its code)."""
    level, reason = level_for(score), "score"
    for defined, code in level_definitions(x):
        if LEVEL_ORDER.index(defined) > LEVEL_ORDER.index(level):
            level, reason = defined, code
    return level, reason


def score_inputs(x: RiskInputs) -> RiskResult:
    """The score of a snapshot (the stress tests call this on changed snapshots)."""
    factors = tuple(factor(x) for factor in FACTORS)
    score = sum(f.points for f in factors)
    missing = tuple(
        name
        for name, absent in (
            ("income", not x.incomes or x.income <= 0),
            ("expenses", not x.has_expenses or x.essential <= 0),
            ("debts", not x.debts),
        )
        if absent
    )
    level, level_reason = level_of(score, x)
    return RiskResult(
        score=score,
        level=level,
        level_reason=level_reason,
        factors=factors,
        missing=missing,
        legal_urgent=x.legal_urgent,
        **{name: getattr(x, source) for name, source in FIGURES.items()},
    )


def score_case(case: Case) -> RiskResult:
    """How bad is it: the score, its level and every reason, for one case."""
    return score_inputs(inputs_from_case(case))
