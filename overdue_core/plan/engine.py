"""The repayment plan: month by month, every debt, to the fen, under a chosen strategy.

Why: a person behind on several platforms needs to know what to pay where this month, when
each debt is current again, when it is paid off, when its overdue record leaves the credit
report — and, when the money is not enough, to hear that plainly with an offer to negotiate.

How it runs (docs/plan-engine.md has every rule): months are numbered from 1, the month of
``case.as_of``. Each month: what-if events start; every debt accrues (plan_accrual); the
month's budget is spent first on what is *required* (arrears and this month's due) — debt by
debt in the strategy's order, or, for overdue first, keep / cure / lessen in consequence order
(:func:`_protective_pass`) — then, except for ``minimum_only``, the rest goes as *extra* to
prepay debts in the strategy's order, rolling on to the next debt as soon as one is paid off;
finally whatever due stays unpaid becomes overdue, and every debt the month leaves in a worse
bucket is remembered for a ``falls_behind`` / ``falls_further`` warning. The loop works in
integer fen and stops when everything is paid, at the horizon, or when the plan is hopeless: the
total owed has doubled since the start and is still growing, with no event or bullet maturity
left to change it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property, lru_cache
from typing import Any

import pandas as pd

from overdue_core.case.models import Case, Debt, Strategy
from overdue_core.case.money import fmt_money, fmt_pct, from_fen, to_fen
from overdue_core.i18n import t
from overdue_core.plan.accrual import BULLET, EQUAL_INSTALLMENT, DebtState, mul_round, new_state, ratio
from overdue_core.plan.apr import level_payment
from overdue_core.plan.arrangement import pro_rata, share_pro_rata
from overdue_core.case.standing import LAST_BUCKET, add_months, bucket_label, first_due_date
from overdue_core.plan.costs import unenforceable_penalty_line
from overdue_core.plan.events import (
    MAX_MONTHS,
    DebtTerms,
    ExtraPayment,
    IncomeChange,
    IncomePercentChange,
    LumpSum,
    RateChange,
    RecordedPayment,
    WhatIf,
    all_events,
    parse_what_ifs,
)
from overdue_core.plan.figures import headline
from overdue_core.plan.offers import Offer, agreed_offers, plan_offers, true_monthly_rate
from overdue_core.rules import rule_value

__all__ = [
    "CLEAR_MONTHS",
    "SCHEDULE_COLUMNS",
    "DebtOutcome",
    "DebtTerms",
    "ExtraPayment",
    "IncomeChange",
    "IncomePercentChange",
    "LumpSum",
    "PlanResult",
    "PlanWarning",
    "RateChange",
    "RecordedPayment",
    "WhatIf",
    "add_months",
    "first_due_date",
    "bucket_label",
    "build_plan",
    "compare_strategies",
    "default_budget",
    "parse_what_ifs",
    "suggested_offers",
]

#: Months for which we compute "the payment that would clear this debt".
CLEAR_MONTHS: tuple[int, ...] = (12, 24, 36)
#: Columns of the schedule, in order.
SCHEDULE_COLUMNS = [
    "month", "date", "debt_id", "platform", "payment", "interest", "penalty", "fees", "principal", "balance",
    "overdue", "days_overdue", "bucket",
]
_AMOUNT_COLUMNS = ("payment", "interest", "penalty", "fees", "principal", "balance", "overdue")
#: What ``to_json_dict`` tells of the contract simulation beside the plan to follow.
_NOBODY_AGREES_KEYS = (
    "feasible", "months_to_debt_free", "debt_free_date", "total_paid", "total_interest", "total_penalty", "total_fees",
    "unenforceable_penalty", "warnings", "debts",
)
#: How often (months) we check whether a plan has become hopeless (see docs/plan-engine.md).
_STALL_WINDOW = 12


@lru_cache(maxsize=64)
def _calendar(as_of: dt.date, months: int) -> tuple[tuple[dt.date, ...], tuple[int, ...]]:
    """Payment date of months 1..months+1 and its day number relative to ``as_of``."""
    dates = tuple(add_months(as_of, m) for m in range(months + 1))
    return dates, tuple((d - as_of).days for d in dates)


# --- results ---------------------------------------------------------------------------
@dataclass(frozen=True)
class PlanWarning:
    """Something the person should know; the words live in the catalog (plan.warning.<code>)."""

    code: str
    debt_id: str | None = None
    params: dict[str, Any] = field(default_factory=dict)

    #: Params that hold the person's own text (a platform name), escaped by ``message(escape=...)``.
    USER_TEXT = ("platform", "platforms", "debt")
    #: Codes that name a debt the plan lets fall behind (shown beside the schedule, in red).
    SLIP_CODES = ("falls_behind", "falls_further")

    @property
    def is_slip(self) -> bool:
        return self.code in self.SLIP_CODES

    def message(self, lang: str, escape: Callable[[str], str] | None = None) -> str:
        """The words in ``lang``; a param named ``*_key`` is a catalog key for a phrase
        (itself formatted with the other params), so the reason and "until when" are translated too.
        ``escape`` makes the person's own text inert where the words are drawn as markdown. A
        tuple param (several platforms) is joined with ``lang``'s list separator."""
        plain = {k: v for k, v in self.params.items() if not k.endswith("_key")}
        if escape is not None:
            plain = {k: _each(v, escape) if k in self.USER_TEXT else v for k, v in plain.items()}
        plain = {k: t("format.list_sep", lang).join(map(str, v)) if isinstance(v, tuple) else v for k, v in plain.items()}
        phrases = {k.removesuffix("_key"): t(v, lang, **plain) for k, v in self.params.items() if k.endswith("_key")}
        return t(f"plan.warning.{self.code}", lang, **plain, **phrases)


def _each(value: Any, escape: Callable[[str], str]) -> Any:
    """``escape`` applied to one text, or to each text of a tuple."""
    return tuple(escape(str(v)) for v in value) if isinstance(value, tuple) else escape(str(value))


@dataclass(frozen=True)
class DebtOutcome:
    """What the plan means for one debt."""

    id: str
    platform: str
    #: First month from which the debt stays current (0: never overdue; None: still overdue at the end).
    current_month: int | None
    paid_off_month: int | None
    #: When its overdue record leaves the credit report: the end of the overdue + credit_record_years.
    credit_record_clears: dt.date | None
    never_amortises: bool
    #: Level monthly payment that would clear what is owed today in 12, 24 or 36 months.
    payment_to_clear: dict[int, Decimal]
    was_overdue: bool = False
    owed_today: Decimal = Decimal("0.00")


@dataclass(frozen=True)
class PlanResult:
    strategy: Strategy
    budget: Decimal  # monthly budget in month 1
    feasible: bool
    shortfall: Decimal  # month 1: required minus budget, 0 if none
    months_to_debt_free: int | None
    debt_free_date: dt.date | None
    total_paid: Decimal
    total_interest: Decimal
    total_penalty: Decimal
    total_fees: Decimal
    warnings: list[PlanWarning]
    debts: list[DebtOutcome]
    suggested_offers: dict[str, Decimal]
    required_first_month: Decimal = Decimal("0.00")
    #: Months in which at least one debt is still overdue after paying.
    overdue_months: int = 0
    #: First month from which every debt is current (0 if none was ever overdue).
    all_current_month: int | None = 0
    total_waived: Decimal = Decimal("0.00")
    months_simulated: int = 0
    #: Debt-months overdue after paying: schedule rows with something still overdue.
    overdue_debt_months: int = 0
    #: Penalty in the plan's costs, per debt, that an unlicensed lender charges above the legal line
    #: (possibly unenforceable; ``plan.costs``). Part of ``total_penalty``, never subtracted from it.
    unenforceable_penalty: dict[str, Decimal] = field(default_factory=dict)
    #: What to offer each platform, from this plan's month 1 (``plan.offers``); ``suggested_offers``
    #: is what each pays in month 1 (0 for a ``later`` offer). Plan, Negotiate, the letter and the
    #: PDF read these.
    offers: dict[str, Offer] = field(default_factory=dict)
    #: True for the plan to follow ("if the platforms agree"); False for the contract simulation
    #: ("if nobody agrees": every debt on its contract, the reason to negotiate, never the plan).
    agreed: bool = False
    #: Debts current today whose due this month's money cannot cover: they need a call too.
    call_needed: tuple[str, ...] = ()
    #: The plan to follow does not clear every debt within the longest hardship installments
    #: (rule ``hardship_installment_max_months``, 5 years) or at all: said plainly, and the next
    #: step is a settlement, a write-off or legal aid, not comfort.
    beyond_five_years: bool = False
    _rows: tuple = field(default=(), repr=False, compare=False)
    _dates: tuple = field(default=(), repr=False, compare=False)
    #: (case, budget, events, horizon) to build ``if_nobody_agrees`` on first use.
    _inputs: tuple = field(default=(), repr=False, compare=False)

    @cached_property
    def if_nobody_agrees(self) -> PlanResult:
        """The same money on every contract as it stands (who falls behind, when, how deep, at
        what cost): shown as the reason to make the calls. The contract plan is its own answer."""
        if not self.agreed or not self._inputs:
            return self
        case, budget, events, horizon = self._inputs
        return _simulate(case, self.strategy, budget, list(events), horizon, _shared(case), agreed=False)


    @property
    def total_cost(self) -> Decimal:
        """Everything paid beyond principal: interest, penalty and fees."""
        return self.total_interest + self.total_penalty + self.total_fees

    def debt(self, debt_id: str) -> DebtOutcome | None:
        return next((d for d in self.debts if d.id == debt_id), None)

    @cached_property
    def schedule(self) -> pd.DataFrame:
        """One row per debt per month while it is owed; amounts as Decimal (built on first use)."""
        platform = {d.id: d.platform for d in self.debts}
        ids = [d.id for d in self.debts]
        records = []
        for m, i, pay, interest, penalty, fees, principal, owed, overdue, days, _required, missed, _slipped, _keep in self._rows:
            records.append(
                (
                    m, self._dates[m - 1], ids[i], platform[ids[i]], from_fen(pay), from_fen(interest),
                    from_fen(penalty), from_fen(fees), from_fen(principal), from_fen(owed), from_fen(overdue),
                    days, bucket_label(missed),
                )
            )
        return pd.DataFrame.from_records(records, columns=SCHEDULE_COLUMNS)

    @cached_property
    def standing(self) -> pd.DataFrame:
        """Per debt and month: ``required`` (arrears + due at the start of the month, what makes
        it current), ``keep`` (what keeps it out of a worse bucket; 0 in M3+, which has none),
        ``missed`` (installments missed after paying; the bucket) and ``slipped`` (the month
        left it in a worse bucket: a current debt fell behind, or an overdue one went deeper)."""
        ids = [d.id for d in self.debts]
        records = [(r[0], ids[r[1]], from_fen(r[10]), from_fen(r[13]), r[11], r[12]) for r in self._rows]
        return pd.DataFrame.from_records(records, columns=["month", "debt_id", "required", "keep", "missed", "slipped"])

    def monthly_totals(self) -> pd.DataFrame:
        """Per month: payment and its parts, total owed and overdue after paying (floats, for charts)."""
        frame = self.schedule
        if frame.empty:
            return pd.DataFrame(columns=["month", "date", *_AMOUNT_COLUMNS])
        numeric = frame[["month", *_AMOUNT_COLUMNS]].copy()
        for col in _AMOUNT_COLUMNS:
            numeric[col] = numeric[col].astype(float)
        totals = numeric.groupby("month", as_index=False).sum()
        totals.insert(1, "date", [self._dates[m - 1] for m in totals["month"]])
        return totals

    def to_json_dict(self, lang: str = "zh-CN", schedule: bool = True) -> dict[str, Any]:
        """The plan as plain JSON data (amounts as two-decimal strings, dates ISO)."""

        def money(value: Decimal) -> str:
            return f"{value:.2f}"

        out: dict[str, Any] = {
            "strategy": self.strategy.value,
            "budget": money(self.budget),
            "feasible": self.feasible,
            "shortfall": money(self.shortfall),
            "months_to_debt_free": self.months_to_debt_free,
            "debt_free_date": self.debt_free_date.isoformat() if self.debt_free_date else None,
            "total_paid": money(self.total_paid),
            "total_interest": money(self.total_interest),
            "total_penalty": money(self.total_penalty),
            "total_fees": money(self.total_fees),
            "unenforceable_penalty": {k: money(v) for k, v in self.unenforceable_penalty.items()},
            "warnings": [
                {"code": w.code, "debt_id": w.debt_id, "month": w.params.get("month"), "message": w.message(lang)}
                for w in self.warnings
            ],
            "debts": [
                {
                    "id": d.id,
                    "current_month": d.current_month,
                    "paid_off_month": d.paid_off_month,
                    "credit_record_clears": d.credit_record_clears.isoformat() if d.credit_record_clears else None,
                    "never_amortises": d.never_amortises,
                    "payment_to_clear": {str(k): money(v) for k, v in d.payment_to_clear.items()},
                }
                for d in self.debts
            ],
            "suggested_offers": {k: money(v) for k, v in self.suggested_offers.items()},
            "scenario": "agreed" if self.agreed else "contract",
            "call_needed": list(self.call_needed),
            "offers": {k: o.to_json_dict() for k, o in self.offers.items()},
            "headline": headline(self).to_dict(),
        }
        if self.agreed and self._inputs:
            # "If nobody agrees": the same money on the contracts as they stand (no schedule).
            contract = self.if_nobody_agrees.to_json_dict(lang, schedule=False)
            out["if_nobody_agrees"] = {key: contract[key] for key in _NOBODY_AGREES_KEYS}
        if schedule:
            rows = []
            for row in self.schedule.itertuples(index=False):
                item = row._asdict()
                item["date"] = item["date"].isoformat()
                for col in _AMOUNT_COLUMNS:
                    item[col] = money(item[col])
                rows.append(item)
            out["schedule"] = rows
        return out


# --- inputs ------------------------------------------------------------------------------
def default_budget(case: Case) -> Decimal:
    """Income minus essential spending, floored at 0: the budget when none is set."""
    return max(case.household.available_for_debts, Decimal("0.00"))


def budget_for_debts(case: Case) -> Decimal:
    """The month's money for debts, before flooring: the budget the person set, else income minus
    essential spending (may be negative). One figure: the plan, the score and every page read it."""
    if case.settings.plan.monthly_budget is not None:
        return case.settings.plan.monthly_budget
    return case.household.available_for_debts


def _base_budget(case: Case, budget: Decimal | None) -> tuple[int, list[PlanWarning]]:
    """The raw monthly budget in fen (may be negative before flooring) and budget warnings."""
    warnings: list[PlanWarning] = []
    if budget is not None:
        return to_fen(Decimal(budget)), warnings
    available = budget_for_debts(case)
    if available < 0 and case.household.incomes and case.settings.plan.monthly_budget is None:
        warnings.append(PlanWarning("budget_negative", None, {"gap": fmt_money(-available)}))
    return to_fen(available), warnings


def suggested_offers(case: Case, budget: Decimal) -> dict[str, Decimal]:
    """Share a monthly budget among debts in proportion to what each is owed today.

    The counselor's "pro rata" offer: each platform gets budget × its share of the total owed,
    rounded down to the fen; the fen left over go one each to the largest remainders (ties:
    case order), so the offers add up to the budget exactly.
    """
    owed = {d.id: to_fen(d.total_owed) for d in case.debts if d.total_owed > 0}
    shares = pro_rata(max(to_fen(Decimal(budget)), 0), owed)
    return {k: from_fen(v) for k, v in shares.items()}


def _payment_to_clear(case: Case) -> dict[str, dict[int, Decimal]]:
    """Level payment clearing each debt's owed today in 12/24/36 months (see docs)."""
    out: dict[str, dict[int, Decimal]] = {}
    for debt in case.debts:
        rate = debt.annual_rate
        if debt.overdue_amount > 0:
            rate = max(rate, debt.penalty_rate)
        out[debt.id] = {
            n: (level_payment(debt.total_owed, rate, n) + debt.monthly_fee if debt.total_owed > 0 else Decimal("0.00"))
            for n in CLEAR_MONTHS
        }
    return out


# --- priority orders -------------------------------------------------------------------
def _protect_key(d: DebtState) -> tuple:
    """Keep first what costs most to let slip: licensed lenders (they report to the credit
    bureau), then the deepest arrears, the costliest penalty, the highest rate."""
    oldest = d.fifo[0][0] if d.fifo else 1 << 40  # month of the oldest missed due = deepest arrears
    return (not d.licensed, oldest, -d.penalty_rate, -d.annual_rate, d.index)


def _protective_pass(debts: list[DebtState], outs: dict[int, list[int]], left: int, month: int) -> int:
    """Overdue first's required pass; returns the money left (docs/plan-engine.md, *Strategies*).

    When the money covers every debt's arrears and due, all are paid. Otherwise, in
    consequence order (:func:`_protect_key`): 1. *keep* — every debt not yet in the last
    bucket gets what stops it slipping into a worse one (this month's due on a current debt,
    the oldest missed installment on an overdue one) if that fits in what is left; 2. *cure* —
    every debt whose remaining arrears and due fit is brought current; 3. the rest lessens the
    costliest arrears. Step 1 is a greedy pass in a fixed order, so the debts it keeps are the
    first set in that order that the money can keep: no split of the money keeps a debt it
    lets slip without letting slip one that comes before it.
    """
    order = sorted(debts, key=_protect_key)
    if sum(d.overdue + d.due_total() for d in order) <= left:
        for d in order:
            left -= d.pay_required(left, outs[d.index])
        return left
    for d in order:
        if d.missed(month) >= LAST_BUCKET:
            continue  # already M3+: paying its oldest installment keeps no bucket
        keep = d.keep_amount()
        if keep and keep <= left:
            left -= d.pay_required(keep, outs[d.index])
    for d in order:
        need = d.overdue + d.due_total()
        if need and need <= left:
            left -= d.pay_required(need, outs[d.index])
    for d in sorted(order, key=_cost_key):
        if not left:
            break
        left -= d.pay_required(left, outs[d.index])
    return left


def _agreed_pass(debts: list[DebtState], outs: dict[int, list[int]], left: int, month: int, clean: set[str]) -> int:
    """The plan to follow's required pass; returns the money left.

    A month with money for everything pays everything. A short one (an income drop, a bullet
    loan's maturity) first keeps current every loan that was current at the start, in
    consequence order, as long as each one's due fits; then overdue first's keep / cure / lessen
    (:func:`_protective_pass`) shares the rest, so a clean loan never slips while the month's money
    covers the clean loans' dues."""
    if sum(d.overdue + d.due_total() for d in debts) <= left:
        for d in debts:
            left -= d.pay_required(left, outs[d.index])
        return left
    for d in sorted((d for d in debts if d.id in clean), key=_protect_key):
        need = d.overdue + d.due_total()
        if need and need <= left:
            left -= d.pay_required(need, outs[d.index])
    return _protective_pass(debts, outs, left, month)


def _cost_key(d: DebtState) -> tuple:
    """Licensed lenders first (they report to the credit bureau), then the costliest rate now applying."""
    rate = max(d.penalty_rate, d.annual_rate) if d.overdue else d.annual_rate
    return (not d.licensed, -rate, d.index)


def _avalanche_key(d: DebtState) -> tuple:
    return (-d.annual_rate, -d.penalty_rate, d.start_owed, d.index)


def _snowball_key(d: DebtState) -> tuple:
    return (d.start_owed, -d.annual_rate, d.index)


# --- the engine ------------------------------------------------------------------------
@dataclass
class _Shared:
    """Per-case inputs every strategy reuses."""

    to_clear: dict[str, dict[int, Decimal]]
    min_percent: Decimal
    credit_years: Decimal
    #: Each debt's true monthly rate (an IRR over its whole contract), found once for every strategy.
    true_rates: dict[str, Decimal] = field(default_factory=dict)

    def true_rate(self, debt: Debt) -> Decimal:
        """The debt's true monthly rate (``plan.offers.true_monthly_rate``), remembered by debt id."""
        if debt.id not in self.true_rates:
            self.true_rates[debt.id] = true_monthly_rate(debt)
        return self.true_rates[debt.id]


def _shared(case: Case) -> _Shared:
    return _Shared(
        to_clear=_payment_to_clear(case),
        min_percent=rule_value("card_min_payment_percent", case.settings.rules),
        credit_years=rule_value("credit_record_years", case.settings.rules),
    )


def build_plan(
    case: Case,
    strategy: Strategy | None = None,
    budget: Decimal | None = None,
    events: Sequence[WhatIf] = (),
    horizon_months: int = MAX_MONTHS,
    agreed: bool = True,
) -> PlanResult:
    """The plan to follow for the case, month by month under ``strategy`` (default: the case's
    setting). ``agreed=False`` gives the contract simulation instead ("if nobody agrees")."""
    strategy = Strategy(strategy) if strategy is not None else case.settings.plan.strategy
    horizon = max(1, min(int(horizon_months), MAX_MONTHS))
    return _simulate(case, strategy, budget, list(events), horizon, _shared(case), agreed=agreed)


def compare_strategies(
    case: Case, budget: Decimal | None = None, events: Sequence[WhatIf] = (), agreed: bool = True
) -> dict[Strategy, PlanResult]:
    """Every strategy on the same case, budget and what-ifs (custom only when an order is set)."""
    shared = _shared(case)
    out: dict[Strategy, PlanResult] = {}
    for strategy in Strategy:
        if strategy == Strategy.CUSTOM and not case.settings.plan.custom_order:
            continue
        out[strategy] = _simulate(case, strategy, budget, list(events), MAX_MONTHS, shared, agreed=agreed)
    return out


def _simulate(
    case: Case, strategy: Strategy, budget: Decimal | None, events: list, horizon: int, shared: _Shared, agreed: bool = True
) -> PlanResult:
    raw_budget, warnings = _base_budget(case, budget)
    states = [new_state(case, debt, i, shared.min_percent) for i, debt in enumerate(case.debts)]
    by_id = {d.id: d for d in states}
    dates, days = _calendar(case.as_of, horizon)
    total_income = to_fen(case.household.total_income)

    # Events by month; unknown debts are reported, not applied.
    schedule_events: dict[int, list] = {}
    for event in all_events(case, events):
        debt_id = getattr(event, "debt_id", None)
        if debt_id is not None and debt_id not in by_id:
            warnings.append(PlanWarning("unknown_debt", None, {"debt": debt_id}))
            continue
        schedule_events.setdefault(event.month, []).append(event)
    last_event = max(schedule_events, default=0)

    custom_rank: dict[str, int] = {}
    if strategy == Strategy.CUSTOM:
        custom_rank = {debt_id: i for i, debt_id in enumerate(case.settings.plan.custom_order) if debt_id in by_id}
        if not custom_rank:
            warnings.append(PlanWarning("custom_order_empty"))

    def static_order() -> list[DebtState]:
        if strategy == Strategy.SNOWBALL:
            return sorted(states, key=_snowball_key)
        if strategy == Strategy.CUSTOM:
            return sorted(states, key=lambda d: (custom_rank.get(d.id, len(custom_rank)), *_avalanche_key(d)))
        return sorted(states, key=_avalanche_key)

    order = static_order()
    protective = agreed or strategy in (Strategy.OVERDUE_FIRST, Strategy.MINIMUM_ONLY)
    prepay = strategy != Strategy.MINIMUM_ONLY
    #: The plan to follow: fen a month offered per debt id, and the clean loans that need a call.
    shares: dict[str, int] = {}
    call_needed: set[str] = set()
    month_one_required: dict[int, int] = {}
    clean_at_start: set[str] = set()

    active = [d for d in states if d.owed > 0]
    for d in states:
        if d.owed <= 0:
            d.paid_month = 0
    income_delta = extra = 0
    rows: list[tuple] = []
    totals = [0, 0, 0, 0]  # interest, penalty, fees, principal
    paid_total = waived = 0
    first_budget = first_required = 0
    first_dues: dict[int, int] = {}
    short_months: list[int] = []
    overdue_months = overdue_debt_months = 0
    #: Per debt index: [first month it fell behind while current, first month it fell further
    #: behind while overdue, months it slipped] — for the falls_behind / falls_further warnings.
    slips: dict[int, list] = {}
    owed_history: list[int] = [sum(d.owed for d in active)]
    month = 0
    for month in range(1, horizon + 1):
        if not active:
            month -= 1
            break
        lump = 0
        recorded: dict[str, int] | None = None
        for event in schedule_events.get(month, ()):
            if isinstance(event, IncomeChange):
                income_delta += to_fen(event.change)
            elif isinstance(event, IncomePercentChange):
                income_delta += to_fen(case.household.total_income * event.percent) if total_income else 0
            elif isinstance(event, ExtraPayment):
                extra += to_fen(event.amount)
            elif isinstance(event, LumpSum):
                lump += to_fen(event.amount)
            elif isinstance(event, RecordedPayment):
                recorded = recorded if recorded is not None else {}
                recorded[event.debt_id] = recorded.get(event.debt_id, 0) + to_fen(event.amount)
            elif isinstance(event, RateChange):
                by_id[event.debt_id].set_rate(event.annual_rate)
                order = static_order()
            elif isinstance(event, DebtTerms):
                waived += _apply_terms(by_id[event.debt_id], event, month)
                if by_id[event.debt_id] not in active and by_id[event.debt_id].owed > 0:
                    active.append(by_id[event.debt_id])
                order = static_order()
        day, next_day = days[month - 1], days[month]
        required = 0
        # Per debt: (installments missed, required this month, keep amount; 0 in M3+).
        before: dict[int, tuple[int, int, int]] = {}
        for d in active:
            behind = month - d.fifo[0][0] if d.fifo else 0
            need = d.accrue(day, month)
            before[d.index] = (behind, need, d.keep_amount() if behind < LAST_BUCKET else 0)
            required += need
        money = max(raw_budget + income_delta, 0) + extra + lump
        if month == 1:
            first_budget, first_required = money, required
            first_dues = {d.index: d.due_total() for d in active}
            clean = [d for d in active if d.overdue == 0]
            clean_at_start = {d.id for d in clean}
            if agreed and required > money:
                reserve = _rounding_reserve(case, clean, shared.min_percent, days)
                shares, call_needed = _arrange(active, money, day, month, reserve)
                for d in active:
                    if d.id in shares:
                        # Still what the platform asks until it agrees (the standing's "required", which
                        # follow-through compares with): the contract's arrears and due; kept and
                        # counted as current from here on.
                        before[d.index] = (0, before[d.index][1], d.keep_amount())
                required = sum(d.overdue + d.due_total() for d in active)
                order = static_order()
            month_one_required = {d.index: d.overdue + d.due_total() for d in active}
        if required > money and recorded is None:
            short_months.append(month)

        outs = {d.index: [0, 0, 0, 0] for d in active}
        left = money
        if recorded is not None:
            # A month already paid: each debt gets what was recorded for it (follow-through).
            left = 0
            for d in active:
                amount = recorded.get(d.id, 0)
                amount -= d.pay_required(amount, outs[d.index])
                d.pay_extra(amount, outs[d.index])
        elif agreed:
            if month == 1:  # the arrangement is month 1's allocation: each share is paid first
                for d in active:
                    if d.id in shares:
                        left -= d.pay_required(min(left, shares[d.id]), outs[d.index])
            left = _agreed_pass(active, outs, left, month, clean_at_start)
        elif protective:
            left = _protective_pass(active, outs, left, month)
        else:
            for d in order:
                if not left:
                    break
                if d.index in outs:
                    left -= d.pay_required(left, outs[d.index])
        if prepay and left:
            for d in (_arrears_first(order, shares, case) if agreed and strategy == Strategy.OVERDUE_FIRST else order):
                if not left:
                    break
                if d.index in outs:
                    left -= d.pay_extra(left, outs[d.index])

        any_overdue = False
        still_active = []
        for d in active:
            overdue = d.close(day, month)
            i, p, f, pr = outs[d.index]
            pay = i + p + f + pr
            totals[0] += i
            totals[1] += p
            totals[2] += f
            totals[3] += pr
            paid_total += pay
            behind, need, keep = before[d.index]
            if overdue:
                any_overdue = True
                overdue_debt_months += 1
                fifo_head = d.fifo[0]
                days_overdue = next_day - fifo_head[1]
                missed = month + 1 - fifo_head[0]
                # Slipped: the month left the debt in a worse bucket (current -> M1, ... M3 -> M3+).
                slipped = missed > behind and behind < LAST_BUCKET
                slip = slips.get(d.index)
                if slip is None:
                    slip = slips[d.index] = [None, None, 0]
                slip[2] += 1
                if slipped:
                    kind = 0 if behind == 0 else 1
                    if slip[kind] is None:
                        slip[kind] = month
            else:
                days_overdue = missed = 0
                slipped = False
            rows.append((month, d.index, pay, i, p, f, pr, d.bal + d.acc + overdue, overdue, days_overdue, need, missed, slipped, keep))
            if d.paid_month is None:
                still_active.append(d)
        active = still_active
        if any_overdue:
            overdue_months += 1
        if month % _STALL_WINDOW == 0:
            owed_now = sum(d.owed for d in active)
            owed_history.append(owed_now)
            # Hopeless: no event and no maturity ahead (a bullet loan is judged when it falls
            # due), the total owed has doubled and still grew this year.
            maturity_ahead = any(d.method == BULLET and d.terms > 0 for d in active)
            if (
                active and month > last_event and not maturity_ahead
                and owed_now >= 2 * max(owed_history[0], 1) and owed_now > owed_history[-2]
            ):
                break
    months_simulated = month
    stalled = bool(active) and month < horizon

    # Outcomes per debt.
    years = shared.credit_years
    debts: list[DebtOutcome] = []
    for d, debt in zip(states, case.debts):
        current: int | None
        if d.overdue:
            current = None
        elif d.was_overdue:
            current = d.last_overdue_month + 1
        else:
            current = 0
        clears = None
        if current and d.was_overdue:
            clears = add_months(dates[current - 1], int((years * 12).to_integral_value()))
        never = d.paid_month is None and d.owed >= d.start_owed
        if d.paid_month is None:
            code = "never_amortises" if never else "not_cleared"
            warnings.append(PlanWarning(code, d.id, {"platform": d.platform, "months": months_simulated}))
        debts.append(
            DebtOutcome(
                id=d.id, platform=d.platform, current_month=current, paid_off_month=d.paid_month,
                credit_record_clears=clears, never_amortises=never, payment_to_clear=shared.to_clear[debt.id],
                was_overdue=d.was_overdue, owed_today=debt.total_owed,
            )
        )
        if d.index in slips and (slips[d.index][0] or slips[d.index][1]):
            warnings += _slip_warnings(d, slips[d.index], current, dates, strategy, protective)

    all_paid = all(d.paid_month is not None for d in states)
    months_to_free = max((d.paid_month or 0 for d in states), default=0) if all_paid else None
    shortfall = max(first_required - first_budget, 0)
    if stalled:
        warnings.insert(0, PlanWarning("stalled", None, {"months": months_simulated}))
    if case.debts and first_budget == 0:
        warnings.insert(0, PlanWarning("budget_zero"))
    if shortfall:
        warnings.insert(0, PlanWarning("infeasible", None, {"shortfall": fmt_money(shortfall, fen=True), "required": fmt_money(first_required, fen=True), "budget": fmt_money(first_budget, fen=True)}))
    elif short_months:
        warnings.insert(0, PlanWarning("short_later", None, {"month": short_months[0], "date": dates[short_months[0] - 1].isoformat()}))
    if agreed:
        limit = int(rule_value("hardship_installment_max_months", case.settings.rules))
        offers = _agreed_offers(case, rows, first_dues, month_one_required, shares, call_needed, dates, limit)
        beyond = bool(case.debts) and (months_to_free is None or months_to_free > limit)
        warnings.extend(_arrangement_warnings(case, offers, first_dues, dates, beyond, limit))
        if beyond:
            # An honest verdict, first: no plan of instalments clears this within five years.
            verdict = {"months": months_to_free or 0, "limit": limit}
            warnings.insert(0, PlanWarning("beyond_five_years", None, verdict))
    else:
        beyond = False
        offers = _offers(case, rows, first_dues, dates, shared.true_rate)
    questionable, penalty_warnings = _unenforceable_penalties(case, rows)
    warnings.extend(penalty_warnings)
    currents = [o.current_month for o in debts]
    all_current = None if any(c is None for c in currents) else max(currents, default=0)
    return PlanResult(
        strategy=strategy,
        budget=from_fen(max(first_budget, 0)) if case.debts else from_fen(max(raw_budget, 0)),
        feasible=not short_months and all_paid and not shortfall,
        shortfall=from_fen(shortfall),
        months_to_debt_free=months_to_free,
        debt_free_date=dates[months_to_free - 1] if months_to_free else (case.as_of if months_to_free == 0 else None),
        total_paid=from_fen(paid_total),
        total_interest=from_fen(totals[0]),
        total_penalty=from_fen(totals[1]),
        total_fees=from_fen(totals[2]),
        warnings=warnings,
        debts=debts,
        suggested_offers={debt_id: offer.this_month for debt_id, offer in offers.items()},
        offers=offers,
        required_first_month=from_fen(first_required),
        overdue_months=overdue_months,
        all_current_month=all_current,
        total_waived=from_fen(waived),
        months_simulated=months_simulated,
        unenforceable_penalty=questionable,
        overdue_debt_months=overdue_debt_months,
        agreed=agreed,
        call_needed=tuple(d.id for d in case.debts if d.id in call_needed),
        beyond_five_years=beyond,
        _rows=tuple(rows),
        _dates=dates,
        _inputs=(case, budget, tuple(events), horizon) if agreed else (),
    )


#: The most a clean loan's later installment may exceed this month's by rounding and still be set
#: aside when sharing (a last installment a few fen larger); a larger rise (a bullet loan's
#: maturity) is a short month, warned about when it comes.
ROUNDING_RESERVE_CAP = 100


def _rounding_reserve(case: Case, clean: list[DebtState], min_percent: Decimal, days: tuple[int, ...]) -> int:
    """Fen set aside each month so that a clean loan whose later installment is a few fen larger
    than this month's (the last one clears the balance) never leaves an agreed installment short."""
    reserve = 0
    for d in clean:
        twin = new_state(case, case.debts[d.index], d.index, min_percent)
        first = highest = 0
        for month in range(1, min(len(days), MAX_MONTHS + 1)):
            need = twin.accrue(days[month - 1], month)
            due = twin.due_total()
            first = first or due
            highest = max(highest, due)
            twin.pay_required(need, [0, 0, 0, 0])
            twin.close(days[month - 1], month)
            if twin.paid_month is not None:
                break
        rise = highest - first
        if 0 < rise <= ROUNDING_RESERVE_CAP:
            reserve += rise
    return reserve


def _arrange(
    active: list[DebtState], money: int, day: int, month: int, reserve: int = 0
) -> tuple[dict[str, int], set[str]]:
    """Month 1 of the plan to follow (``plan.arrangement``): loans current today keep their due
    while the money covers them all; the rest is shared pro rata to what each debt in arrears owes,
    and each share becomes that debt's installment with charges stopped. When the money does not
    cover the clean dues, every debt shares it and the clean ones are named as needing a call.

    ``reserve`` (:func:`_rounding_reserve`) is kept out of the shares while it leaves at least a fen
    per debt in arrears; it goes to the strategy's extra pass each month instead."""
    clean = [d for d in active if d.overdue == 0]
    behind = [d for d in active if d.overdue > 0]
    clean_due = sum(d.due_total() for d in clean)
    if money >= clean_due:
        spare = money - clean_due
        if spare - reserve >= len(behind):
            spare -= reserve
        pool, offered, call_needed = spare, behind, set()
    else:
        pool, offered, call_needed = money, active, {d.id for d in clean if d.due_total() > 0}
    # What each owes today (before this month's interest) is the weight of its share, what its offer
    # repays and the amount frozen. A share is never more than that (a fee can make a month ask
    # more); the difference stays in the month's money for the strategy's extra pass.
    owed = {d.id: d.start_owed for d in offered}
    shares = {k: min(v, owed[k]) for k, v in share_pro_rata(pool, owed).items()}
    for d in offered:
        if shares[d.id] > 0:
            d.freeze(owed[d.id], shares[d.id], day, month)
    return {k: v for k, v in shares.items() if v > 0}, call_needed


def _arrears_first(order: list[DebtState], shares: dict[str, int], case: Case) -> list[DebtState]:
    """Overdue first's extra money in the plan to follow: the arrangements first (what was in
    arrears today, dearest contract first: what it costs if the arrangement fails), then the rest
    in the strategy's order."""

    def key(d: DebtState) -> tuple:
        debt = case.debts[d.index]
        return (0, -debt.penalty_rate, -debt.annual_rate) if d.id in shares else (1, 0, 0)

    return sorted(order, key=key)


def _agreed_offers(
    case: Case, rows: list[tuple], first_dues: dict[int, int], required: dict[int, int],
    shares: dict[str, int], call_needed: set[str], dates: tuple, limit: int,
) -> dict[str, Offer]:
    """The offers of the plan to follow, read from its month 1 (``plan.offers.agreed_offers``)."""
    month_one = {}
    for row in rows:
        if row[0] != 1:
            continue
        index = row[1]
        paid = from_fen(row[2])
        due, asked = from_fen(first_dues.get(index, 0)), from_fen(required.get(index, 0))
        month_one[case.debts[index].id] = (paid, due, min(paid, asked))
    return agreed_offers(case, month_one, shares, call_needed, dates[0], limit)


def _arrangement_warnings(
    case: Case, offers: dict[str, Offer], first_dues: dict[int, int], dates: tuple, beyond: bool, limit: int
) -> list[PlanWarning]:
    """Name every clean loan that needs a call (with its due date when known), and, once, the
    offers longer than 60 months (not when the whole plan already runs past five years: that
    verdict says it)."""
    out = []
    index = {debt.id: i for i, debt in enumerate(case.debts)}
    for offer in offers.values():
        if offer.call_needed:
            debt = case.debts[index[offer.debt_id]]
            due = fmt_money(first_dues.get(index[offer.debt_id], 0), fen=True)
            params = {"platform": offer.platform, "monthly": fmt_money(offer.monthly), "due": due}
            if debt.due_day:
                when = first_due_date(debt.due_day, case.as_of).isoformat()
                out.append(PlanWarning("call_needed", offer.debt_id, {**params, "date": when}))
            else:
                out.append(PlanWarning("call_needed_soon", offer.debt_id, params))
    long = [o for o in offers.values() if o.too_long]
    if long and not beyond:
        params = {"platforms": tuple(o.platform for o in long), "months": max(o.months for o in long), "limit": limit}
        out.append(PlanWarning("offer_too_long", None, params))
    return out


def _offers(
    case: Case, rows: list[tuple], first_dues: dict[int, int], dates: tuple, true_rate: Callable[[Debt], Decimal]
) -> dict[str, Offer]:
    """The offers of this plan: month 1's payment, contract due and whether the debt is current after
    it; and for a debt month 1 pays nothing, the first later month the plan pays it."""
    month_one = {
        case.debts[row[1]].id: (from_fen(row[2]), from_fen(first_dues.get(row[1], 0)), row[8] == 0)
        for row in rows
        if row[0] == 1
    }
    unpaid = {debt_id for debt_id, (payment, _due, _current) in month_one.items() if payment <= 0}
    first_paid: dict[str, tuple[int, dt.date, Decimal]] = {}
    for row in rows:
        debt_id = case.debts[row[1]].id
        if row[0] > 1 and row[2] > 0 and debt_id in unpaid and debt_id not in first_paid:
            first_paid[debt_id] = (row[0], dates[row[0] - 1], from_fen(row[2]))
    return plan_offers(case, month_one, first_paid, true_rate)


def _unenforceable_penalties(case: Case, rows: list[tuple]) -> tuple[dict[str, Decimal], list[PlanWarning]]:
    """Penalty the plan pays to unlicensed lenders whose penalty rate is above the legal line, per debt."""
    out: dict[str, Decimal] = {}
    warnings: list[PlanWarning] = []
    for index, debt in enumerate(case.debts):
        line = unenforceable_penalty_line(debt, case.settings.rules)
        if line is None:
            continue
        penalty = sum(row[4] for row in rows if row[1] == index)
        if penalty:
            out[debt.id] = from_fen(penalty)
            warnings.append(
                PlanWarning(
                    "penalty_unenforceable", debt.id,
                    {"platform": debt.platform, "amount": fmt_money(penalty, fen=True), "rate": fmt_pct(debt.penalty_rate), "line": fmt_pct(line)},
                )
            )
    return out, warnings


def _slip_warnings(
    d: DebtState, slip: list, current: int | None, dates: tuple[dt.date, ...], strategy: Strategy, protective: bool
) -> list[PlanWarning]:
    """``falls_behind`` (a current debt the plan lets fall behind) and ``falls_further`` (an
    overdue debt the plan lets slip into a worse bucket), each with its first month, why this
    debt, how many months it is behind in all and until when — so no consequence stays hidden."""
    first_behind, first_further, months_behind = slip
    reason = f"plan_slip.reason.{strategy.value}"
    if protective and not d.licensed:
        reason = "plan_slip.reason.unlicensed"
    params: dict[str, Any] = {
        "platform": d.platform,
        "months": months_behind,
        "reason_key": reason,
        "until_key": "plan_slip.until.current" if current else "plan_slip.until.never",
        "until_date": dates[current - 1].isoformat() if current else "",
    }
    out = []
    for code, month in (("falls_behind", first_behind), ("falls_further", first_further)):
        if month is not None:
            out.append(PlanWarning(code, d.id, {**params, "month": month, "date": dates[month - 1].isoformat()}))
    return out


def _apply_terms(d: DebtState, event: DebtTerms, month: int) -> int:
    """Restructure a debt under agreed terms; returns the fen waived (see docs/plan-engine.md).

    The terms cover everything owed (arrears folded in; accrued penalty dropped when waived).
    An ``amount`` below that is what the person will repay: the rest counts as waived.
    """
    owed = d.owed - (d.arrears[1] if event.penalty_waived else 0)
    principal = min(to_fen(event.amount), owed) if event.amount is not None else owed
    waived = d.owed - principal
    fee = mul_round(principal, *ratio(event.monthly_fee_rate))
    if event.terms_kind.value == "extension":
        d.restructure(principal, EQUAL_INSTALLMENT, max(d.terms, 1), event.annual_rate, fee, ext=event.months)
    else:
        d.restructure(principal, EQUAL_INSTALLMENT, event.months, event.annual_rate, fee)
    if principal == 0 and d.paid_month is None:
        d.paid_month = month
    return waived
