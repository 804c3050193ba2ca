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
from overdue_core.case.standing import add_months, bucket_label, first_due_date
from overdue_core.plan.accrual import DebtState
from overdue_core.plan.apr import level_payment
from overdue_core.plan.arrangement import pro_rata
from overdue_core.plan.costs import unenforceable_penalty_line
from overdue_core.plan.events import MAX_MONTHS, WhatIf, all_events
from overdue_core.plan.headline_figures import headline
from overdue_core.plan.month import ROW, MonthOne, PlanRun, ScheduleRow, Slip, new_run, start_states
from overdue_core.plan.offers import (
    MAX_PAUSE_MONTHS,
    Offer,
    agreed_offers,
    installment_offer,
    plan_offers,
    true_monthly_rate,
)
from overdue_core.rules import rule_value

__all__ = [
    "CLEAR_MONTHS",
    "SCHEDULE_COLUMNS",
    "DebtOutcome",
    "PlanResult",
    "PlanWarning",
    "budget_for_debts",
    "build_plan",
    "compare_strategies",
    "default_budget",
    "suggested_offers",
]

#: Months for which we compute "the payment that would clear this debt".
CLEAR_MONTHS: tuple[int, ...] = (12, 24, 36)
#: Columns of the schedule, in order.
SCHEDULE_COLUMNS = [
    "month",
    "date",
    "debt_id",
    "platform",
    "payment",
    "interest",
    "penalty",
    "fees",
    "principal",
    "balance",
    "overdue",
    "days_overdue",
    "bucket",
]
_AMOUNT_COLUMNS = ("payment", "interest", "penalty", "fees", "principal", "balance", "overdue")
#: What ``to_json_dict`` tells of the contract simulation beside the plan to follow.
_NOBODY_AGREES_KEYS = (
    "feasible",
    "months_to_debt_free",
    "debt_free_date",
    "total_paid",
    "total_interest",
    "total_penalty",
    "total_fees",
    "unenforceable_penalty",
    "warnings",
    "debts",
)


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
        plain = {
            k: t("format.list_sep", lang).join(map(str, v)) if isinstance(v, tuple) else v for k, v in plain.items()
        }
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
    #: One row per debt per month while it is owed, in month order: plain tuples in
    #: :class:`~overdue_core.plan.month.ScheduleRow`'s field order (``plan.month``; ``rows`` names them).
    _rows: tuple[tuple, ...] = field(default=(), repr=False, compare=False)
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
        for month, index, paid, interest, penalty, fees, principal, owed, overdue, days, _, missed, _, _ in self._rows:
            debt_id = ids[index]
            records.append(
                (
                    month,
                    self._dates[month - 1],
                    debt_id,
                    platform[debt_id],
                    from_fen(paid),
                    from_fen(interest),
                    from_fen(penalty),
                    from_fen(fees),
                    from_fen(principal),
                    from_fen(owed),
                    from_fen(overdue),
                    days,
                    bucket_label(missed),
                )
            )
        return pd.DataFrame.from_records(records, columns=SCHEDULE_COLUMNS)

    @cached_property
    def rows(self) -> tuple[ScheduleRow, ...]:
        """The schedule's rows with their fields named (:class:`~overdue_core.plan.month.ScheduleRow`)."""
        return tuple(map(ScheduleRow._make, self._rows))

    @cached_property
    def standing(self) -> pd.DataFrame:
        """Per debt and month: ``required`` (arrears + due at the start of the month, what makes
        it current), ``keep`` (what keeps it out of a worse bucket; 0 in M3+, which has none),
        ``missed`` (installments missed after paying; the bucket) and ``slipped`` (the month
        left it in a worse bucket: a current debt fell behind, or an overdue one went deeper)."""
        ids = [d.id for d in self.debts]
        records = [
            (r.month, ids[r.index], from_fen(r.required), from_fen(r.keep), r.missed, r.slipped) for r in self.rows
        ]
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


# --- the engine ------------------------------------------------------------------------
@dataclass
class _Shared:
    """Per-case inputs every strategy reuses."""

    to_clear: dict[str, dict[int, Decimal]]
    min_percent: Decimal
    credit_years: Decimal
    #: Every debt's state today (``plan.month.start_states``): each strategy's run starts from a copy.
    start: list[DebtState] = field(default_factory=list)
    #: Installment offers made so far, by debt id and monthly payment: strategies that pay a debt
    #: the same in month 1 offer it the same installments, worked out once.
    installments: dict[tuple[str, Decimal], Offer] = field(default_factory=dict)
    #: Each debt's true monthly rate (an IRR over its whole contract), found once for every strategy.
    true_rates: dict[str, Decimal] = field(default_factory=dict)

    def installment_offer(self, debt: Debt, payment: Decimal) -> Offer:
        """``plan.offers.installment_offer`` at the debt's true rate, remembered."""
        key = (debt.id, payment)
        if key not in self.installments:
            if debt.id not in self.true_rates:
                self.true_rates[debt.id] = true_monthly_rate(debt)
            self.installments[key] = installment_offer(debt, payment, self.true_rates[debt.id])
        return self.installments[key]


def _shared(case: Case) -> _Shared:
    min_percent = rule_value("card_min_payment_percent", case.settings.rules)
    return _Shared(
        to_clear=_payment_to_clear(case),
        min_percent=min_percent,
        credit_years=rule_value("credit_record_years", case.settings.rules),
        start=start_states(case, min_percent),
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
    case: Case,
    strategy: Strategy,
    budget: Decimal | None,
    events: list,
    horizon: int,
    shared: _Shared,
    agreed: bool = True,
) -> PlanResult:
    """One strategy's plan: set the run up, run its months (``plan.month``), then read what they mean."""
    run, warnings = _new_run(case, strategy, budget, events, horizon, shared, agreed)
    month = 0
    for month in range(1, horizon + 1):
        if not run.active:
            month -= 1
            break
        if run.month(month):
            break
    return _result(run, month, horizon, warnings, shared, (budget, tuple(events)))


def _new_run(
    case: Case, strategy: Strategy, budget: Decimal | None, events: list, horizon: int, shared: _Shared, agreed: bool
) -> tuple[PlanRun, list[PlanWarning]]:
    """The run at the start of month 1, and the warnings its inputs already call for (a negative
    budget, an event for a debt the case does not have, a custom order that names no debt)."""
    raw_budget, warnings = _base_budget(case, budget)
    ids = {debt.id for debt in case.debts}
    by_month: dict[int, list] = {}
    for event in all_events(case, events):
        debt_id = getattr(event, "debt_id", None)
        if debt_id is not None and debt_id not in ids:
            warnings.append(PlanWarning("unknown_debt", None, {"debt": debt_id}))
            continue
        by_month.setdefault(event.month, []).append(event)
    custom_rank: dict[str, int] = {}
    if strategy == Strategy.CUSTOM:
        custom_rank = {debt_id: i for i, debt_id in enumerate(case.settings.plan.custom_order) if debt_id in ids}
        if not custom_rank:
            warnings.append(PlanWarning("custom_order_empty"))
    calendar = _calendar(case.as_of, horizon)
    run = new_run(case, strategy, agreed, raw_budget, by_month, custom_rank, calendar, shared.min_percent, shared.start)
    return run, warnings


def _outcomes(run: PlanRun, months_simulated: int, shared: _Shared) -> tuple[list[DebtOutcome], list[PlanWarning]]:
    """What the plan means for each debt, and the warnings it calls for (not cleared, falls behind)."""
    years_in_months = int((shared.credit_years * 12).to_integral_value())
    debts: list[DebtOutcome] = []
    warnings: list[PlanWarning] = []
    for d, debt in zip(run.states, run.case.debts):
        current: int | None
        if d.overdue:
            current = None
        elif d.was_overdue:
            current = d.last_overdue_month + 1
        else:
            current = 0
        clears = add_months(run.dates[current - 1], years_in_months) if current and d.was_overdue else None
        never = d.paid_month is None and d.owed >= d.start_owed
        if d.paid_month is None:
            code = "never_amortises" if never else "not_cleared"
            warnings.append(PlanWarning(code, d.id, {"platform": d.platform, "months": months_simulated}))
        debts.append(
            DebtOutcome(
                id=d.id,
                platform=d.platform,
                current_month=current,
                paid_off_month=d.paid_month,
                credit_record_clears=clears,
                never_amortises=never,
                payment_to_clear=shared.to_clear[debt.id],
                was_overdue=d.was_overdue,
                owed_today=debt.total_owed,
            )
        )
        slip = run.slips.get(d.index)
        if slip is not None and (slip.first_behind or slip.first_further):
            warnings += _slip_warnings(d, slip, current, run.dates, run.strategy, run.protective)
    return debts, warnings


def _month_one_warnings(run: PlanRun, stalled: bool, months_simulated: int) -> list[PlanWarning]:
    """The warnings that lead the list, most important first: no money, a short first month or a
    short later one, a plan that stalls."""
    first, out = run.first, []
    shortfall = max(first.required - first.budget, 0)
    if shortfall:
        money = {
            k: fmt_money(v, fen=True)
            for k, v in (("shortfall", shortfall), ("required", first.required), ("budget", first.budget))
        }
        out.append(PlanWarning("infeasible", None, money))
    elif run.short_months:
        month = run.short_months[0]
        out.append(PlanWarning("short_later", None, {"month": month, "date": run.dates[month - 1].isoformat()}))
    if run.case.debts and first.budget == 0:
        out.append(PlanWarning("budget_zero"))
    if stalled:
        out.append(PlanWarning("stalled", None, {"months": months_simulated}))
    return out


def _result(
    run: PlanRun, month: int, horizon: int, warnings: list[PlanWarning], shared: _Shared, inputs: tuple
) -> PlanResult:
    """The plan as the pages read it, from what its months left."""
    case, first, dates = run.case, run.first, run.dates
    debts, outcome_warnings = _outcomes(run, month, shared)
    warnings = _month_one_warnings(run, bool(run.active) and month < horizon, month) + warnings + outcome_warnings
    all_paid = all(d.paid_month is not None for d in run.states)
    months_to_free = max((d.paid_month or 0 for d in run.states), default=0) if all_paid else None
    shortfall = max(first.required - first.budget, 0)
    beyond = False
    if run.agreed:
        limit = int(rule_value("hardship_installment_max_months", case.settings.rules))
        offers = _agreed_offers(case, run.rows, first, dates, limit)
        beyond = bool(case.debts) and (months_to_free is None or months_to_free > limit)
        warnings.extend(_arrangement_warnings(case, offers, first.dues, dates, beyond, limit))
        if beyond:
            # An honest verdict, first: no plan of instalments clears this within five years.
            warnings.insert(0, PlanWarning("beyond_five_years", None, {"months": months_to_free or 0, "limit": limit}))
    else:
        offers = _offers(case, run.rows, first.dues, dates, shared.installment_offer)
    questionable, penalty_warnings = _unenforceable_penalties(case, run.rows)
    warnings.extend(penalty_warnings)
    currents = [o.current_month for o in debts]
    tally = run.tally
    budget, events = inputs
    return PlanResult(
        strategy=run.strategy,
        budget=from_fen(max(first.budget if case.debts else run.raw_budget, 0)),
        feasible=not run.short_months and all_paid and not shortfall,
        shortfall=from_fen(shortfall),
        months_to_debt_free=months_to_free,
        debt_free_date=dates[months_to_free - 1] if months_to_free else (case.as_of if months_to_free == 0 else None),
        total_paid=from_fen(tally.paid),
        total_interest=from_fen(tally.interest),
        total_penalty=from_fen(tally.penalty),
        total_fees=from_fen(tally.fees),
        warnings=warnings,
        debts=debts,
        suggested_offers={debt_id: offer.this_month for debt_id, offer in offers.items()},
        offers=offers,
        required_first_month=from_fen(first.required),
        overdue_months=run.overdue_months,
        all_current_month=None if any(c is None for c in currents) else max(currents, default=0),
        total_waived=from_fen(tally.waived),
        months_simulated=month,
        unenforceable_penalty=questionable,
        overdue_debt_months=run.overdue_debt_months,
        agreed=run.agreed,
        call_needed=tuple(d.id for d in case.debts if d.id in first.call_needed),
        beyond_five_years=beyond,
        _rows=tuple(run.rows),
        _dates=dates,
        _inputs=(case, budget, events, horizon) if run.agreed else (),
    )


def _agreed_offers(case: Case, rows: list[tuple], first: MonthOne, dates: tuple, limit: int) -> dict[str, Offer]:
    """The offers of the plan to follow, read from its month 1 (``plan.offers.agreed_offers``)."""
    month_one = {}
    for row in _month_one_rows(rows):
        paid = from_fen(row.paid)
        due, asked = from_fen(first.dues.get(row.index, 0)), from_fen(first.required_by_debt.get(row.index, 0))
        month_one[case.debts[row.index].id] = (paid, due, min(paid, asked))
    return agreed_offers(case, month_one, first.shares, first.call_needed, dates[0], limit)


def _month_one_rows(rows: list[tuple]) -> list[ScheduleRow]:
    """The rows of month 1, named (they come first: rows are in month order)."""
    out = []
    for row in rows:
        if row[ROW.month] != 1:
            break
        out.append(ScheduleRow._make(row))
    return out


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
    case: Case,
    rows: list[tuple],
    first_dues: dict[int, int],
    dates: tuple,
    installments: Callable[[Debt, Decimal], Offer],
) -> dict[str, Offer]:
    """The offers of this plan: month 1's payment, contract due and whether the debt is current after
    it; and for a debt month 1 pays nothing, the first later month the plan pays it."""
    month_one = {
        case.debts[row.index].id: (from_fen(row.paid), from_fen(first_dues.get(row.index, 0)), row.overdue == 0)
        for row in _month_one_rows(rows)
    }
    unpaid = {debt_id for debt_id, (payment, _due, _current) in month_one.items() if payment <= 0}
    first_paid: dict[str, tuple[int, dt.date, Decimal]] = {}
    if unpaid:
        month_at, index_at, paid_at = ROW.month, ROW.index, ROW.paid
        for row in rows:
            month, paid = row[month_at], row[paid_at]
            if month > MAX_PAUSE_MONTHS + 1:
                break  # a later first payment makes no offer (``plan_offers``): the rest need not be read
            debt_id = case.debts[row[index_at]].id
            if month > 1 and paid > 0 and debt_id in unpaid and debt_id not in first_paid:
                first_paid[debt_id] = (month, dates[month - 1], from_fen(paid))
    return plan_offers(case, month_one, first_paid, installments)


def _unenforceable_penalties(case: Case, rows: list[tuple]) -> tuple[dict[str, Decimal], list[PlanWarning]]:
    """Penalty the plan pays to unlicensed lenders whose penalty rate is above the legal line, per debt."""
    out: dict[str, Decimal] = {}
    warnings: list[PlanWarning] = []
    lines = {i: unenforceable_penalty_line(debt, case.settings.rules) for i, debt in enumerate(case.debts)}
    lines = {i: line for i, line in lines.items() if line is not None}
    if not lines:
        return out, warnings
    penalties = dict.fromkeys(lines, 0)
    index_at, penalty_at = ROW.index, ROW.penalty
    for row in rows:
        if row[penalty_at] and row[index_at] in penalties:
            penalties[row[index_at]] += row[penalty_at]
    for index, line in lines.items():
        debt, penalty = case.debts[index], penalties[index]
        if penalty:
            out[debt.id] = from_fen(penalty)
            warnings.append(
                PlanWarning(
                    "penalty_unenforceable",
                    debt.id,
                    {
                        "platform": debt.platform,
                        "amount": fmt_money(penalty, fen=True),
                        "rate": fmt_pct(debt.penalty_rate),
                        "line": fmt_pct(line),
                    },
                )
            )
    return out, warnings


def _slip_warnings(
    d: DebtState, slip: Slip, current: int | None, dates: tuple[dt.date, ...], strategy: Strategy, protective: bool
) -> list[PlanWarning]:
    """``falls_behind`` (a current debt the plan lets fall behind) and ``falls_further`` (an
    overdue debt the plan lets slip into a worse bucket), each with its first month, why this
    debt, how many months it is behind in all and until when — so no consequence stays hidden."""
    reason = f"plan_slip.reason.{strategy.value}"
    if protective and not d.licensed:
        reason = "plan_slip.reason.unlicensed"
    params: dict[str, Any] = {
        "platform": d.platform,
        "months": slip.months_behind,
        "reason_key": reason,
        "until_key": "plan_slip.until.current" if current else "plan_slip.until.never",
        "until_date": dates[current - 1].isoformat() if current else "",
    }
    out = []
    for code, month in (("falls_behind", slip.first_behind), ("falls_further", slip.first_further)):
        if month is not None:
            out.append(PlanWarning(code, d.id, {**params, "month": month, "date": dates[month - 1].isoformat()}))
    return out
