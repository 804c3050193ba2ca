"""The repayment plan: month by month, every debt, to the fen, under a chosen strategy.

Why: a person behind on several platforms needs to know what to pay where this month, when
each debt is current again, when it is paid off, when its overdue record leaves the credit
report — and, when the money is not enough, to hear that plainly with an offer to negotiate.

How it runs (docs/plan-engine.md has every rule): months are numbered from 1, the month of
``case.as_of``. Each month: what-if events start; every debt accrues (plan_accrual); the
month's budget is spent first on what is *required* (arrears and this month's due), debt by
debt in the strategy's priority order, then — except for ``minimum_only`` — the rest goes as
*extra* to prepay debts in the strategy's order, rolling on to the next debt as soon as one is
paid off; finally whatever due stays unpaid becomes overdue. The loop works in integer fen
and stops when everything is paid, at the horizon, or when the plan is hopeless: the total owed
has doubled since the start and is still growing, with no event left to change it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property, lru_cache
from typing import Any

import pandas as pd

from overdue_core.case.models import Case, Strategy, overdue_bucket
from overdue_core.case.money import fmt_money, fmt_pct, from_fen, to_fen
from overdue_core.i18n import t
from overdue_core.plan.accrual import EQUAL_INSTALLMENT, DebtState, mul_round, ratio
from overdue_core.plan.apr import level_payment
from overdue_core.plan.costs import unenforceable_penalty_line
from overdue_core.plan.figures import headline
from overdue_core.plan.offers import Offer, plan_offers
from overdue_core.plan.events import (
    MAX_MONTHS,
    DebtTerms,
    ExtraPayment,
    IncomeChange,
    IncomePercentChange,
    LumpSum,
    RateChange,
    WhatIf,
    all_events,
    parse_what_ifs,
)
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
    "WhatIf",
    "add_months",
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
#: How often (months) we check whether a plan has become hopeless (see docs/plan-engine.md).
_STALL_WINDOW = 12


def add_months(day: dt.date, months: int) -> dt.date:
    """``day`` moved by whole months, clamped to the month's last day (31 Jan + 1 -> 28/29 Feb)."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    for last in (31, 30, 29, 28):
        try:
            return dt.date(year, month, min(day.day, last))
        except ValueError:
            continue
    raise AssertionError("unreachable")


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

    def message(self, lang: str) -> str:
        return t(f"plan.warning.{self.code}", lang, **self.params)


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
    #: Penalty in the plan's costs, per debt, that an unlicensed lender charges above the legal line
    #: (possibly unenforceable; ``plan.costs``). Part of ``total_penalty``, never subtracted from it.
    unenforceable_penalty: dict[str, Decimal] = field(default_factory=dict)
    #: What to offer each platform, from this plan's month 1 (``plan.offers``); ``suggested_offers``
    #: is their monthly amounts. Plan, Negotiate, the letter and the PDF read these.
    offers: dict[str, Offer] = field(default_factory=dict)
    _rows: tuple = field(default=(), repr=False, compare=False)
    _dates: tuple = field(default=(), repr=False, compare=False)

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
        for m, i, pay, interest, penalty, fees, principal, owed, overdue, days in self._rows:
            records.append(
                (
                    m, self._dates[m - 1], ids[i], platform[ids[i]], from_fen(pay), from_fen(interest),
                    from_fen(penalty), from_fen(fees), from_fen(principal), from_fen(owed), from_fen(overdue),
                    days, overdue_bucket(days),
                )
            )
        return pd.DataFrame.from_records(records, columns=SCHEDULE_COLUMNS)

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
            "warnings": [{"code": w.code, "debt_id": w.debt_id, "message": w.message(lang)} for w in self.warnings],
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
            "offers": {
                k: {"kind": o.kind, "monthly": money(o.monthly), "months": o.months, "total": money(o.total), "cap": money(o.cap)}
                for k, o in self.offers.items()
            },
            "headline": headline(self).to_dict(),
        }
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


def _base_budget(case: Case, budget: Decimal | None) -> tuple[int, list[PlanWarning]]:
    """The raw monthly budget in fen (may be negative before flooring) and budget warnings."""
    warnings: list[PlanWarning] = []
    if budget is not None:
        return to_fen(Decimal(budget)), warnings
    if case.settings.plan.monthly_budget is not None:
        return to_fen(case.settings.plan.monthly_budget), warnings
    available = case.household.available_for_debts
    if available < 0 and case.household.incomes:
        warnings.append(PlanWarning("budget_negative", None, {"gap": fmt_money(-available)}))
    return to_fen(available), warnings


def suggested_offers(case: Case, budget: Decimal) -> dict[str, Decimal]:
    """Share a monthly budget among debts in proportion to what each is owed today.

    The counselor's "pro rata" offer: each platform gets budget × its share of the total owed,
    rounded down to the fen; the fen left over go one each to the largest remainders (ties:
    case order), so the offers add up to the budget exactly.
    """
    owed = {d.id: to_fen(d.total_owed) for d in case.debts if d.total_owed > 0}
    total = sum(owed.values())
    money = max(to_fen(Decimal(budget)), 0)
    if not total or not money:
        return {debt_id: Decimal("0.00") for debt_id in owed}
    shares = {k: money * v // total for k, v in owed.items()}
    remainders = sorted(owed, key=lambda k: -(money * owed[k] % total))
    for k in remainders[: money - sum(shares.values())]:
        shares[k] += 1
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
    """Keep current first what matters most: licensed lenders (they report to the credit
    bureau), then the deepest arrears, the costliest penalty, the highest rate."""
    days = d.fifo[0][0] if d.fifo else 1 << 40  # earliest due day = deepest arrears
    return (not d.licensed, days, -d.penalty_rate, -d.annual_rate, d.index)


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
) -> PlanResult:
    """Simulate the case month by month under ``strategy`` (default: the case's setting)."""
    strategy = Strategy(strategy) if strategy is not None else case.settings.plan.strategy
    return _simulate(case, strategy, budget, list(events), max(1, min(int(horizon_months), MAX_MONTHS)), _shared(case))


def compare_strategies(case: Case, budget: Decimal | None = None, events: Sequence[WhatIf] = ()) -> dict[Strategy, PlanResult]:
    """Every strategy on the same case, budget and what-ifs (custom only when an order is set)."""
    shared = _shared(case)
    out: dict[Strategy, PlanResult] = {}
    for strategy in Strategy:
        if strategy == Strategy.CUSTOM and not case.settings.plan.custom_order:
            continue
        out[strategy] = _simulate(case, strategy, budget, list(events), MAX_MONTHS, shared)
    return out


def _simulate(case: Case, strategy: Strategy, budget: Decimal | None, events: list, horizon: int, shared: _Shared) -> PlanResult:
    raw_budget, warnings = _base_budget(case, budget)
    states = [DebtState(debt, i, shared.min_percent) for i, debt in enumerate(case.debts)]
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
    protective = strategy in (Strategy.OVERDUE_FIRST, Strategy.MINIMUM_ONLY)
    prepay = strategy != Strategy.MINIMUM_ONLY

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
    overdue_months = 0
    owed_history: list[int] = [sum(d.owed for d in active)]
    month = 0
    for month in range(1, horizon + 1):
        if not active:
            month -= 1
            break
        lump = 0
        for event in schedule_events.get(month, ()):
            if isinstance(event, IncomeChange):
                income_delta += to_fen(event.change)
            elif isinstance(event, IncomePercentChange):
                income_delta += to_fen(case.household.total_income * event.percent) if total_income else 0
            elif isinstance(event, ExtraPayment):
                extra += to_fen(event.amount)
            elif isinstance(event, LumpSum):
                lump += to_fen(event.amount)
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
        for d in active:
            required += d.accrue(day)
        money = max(raw_budget + income_delta, 0) + extra + lump
        if month == 1:
            first_budget, first_required = money, required
            first_dues = {d.index: d.due_total() for d in active}
        if required > money:
            short_months.append(month)

        outs = {d.index: [0, 0, 0, 0] for d in active}
        left = money
        if protective:
            required_order = sorted(active, key=_protect_key)
            # Short month: a part payment cures nothing. Bring current every debt that can
            # be (in priority order), then the rest goes to the costliest arrears.
            if sum(d.overdue + d.due_total() for d in required_order) > left:
                cured = []
                for d in required_order:
                    need = d.overdue + d.due_total()
                    if need <= left:
                        left -= d.pay_required(need, outs[d.index])
                        cured.append(d)
                required_order = sorted((d for d in required_order if d not in cured), key=_cost_key)
        else:
            required_order = [d for d in order if d.index in outs]
        for d in required_order:
            if not left:
                break
            left -= d.pay_required(left, outs[d.index])
        if prepay and left:
            for d in order:
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
            if overdue:
                any_overdue = True
                days_overdue = next_day - d.fifo[0][0]
            else:
                days_overdue = 0
            rows.append((month, d.index, pay, i, p, f, pr, d.bal + d.acc + overdue, overdue, days_overdue))
            if d.paid_month is None:
                still_active.append(d)
        active = still_active
        if any_overdue:
            overdue_months += 1
        if month % _STALL_WINDOW == 0:
            owed_now = sum(d.owed for d in active)
            owed_history.append(owed_now)
            # Hopeless: no event ahead, the total owed has doubled and still grew this year.
            if active and month > last_event and owed_now >= 2 * max(owed_history[0], 1) and owed_now > owed_history[-2]:
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
    offers = _offers(case, rows, first_dues)
    questionable, penalty_warnings = _unenforceable_penalties(case, rows)
    warnings.extend(penalty_warnings)
    currents = [o.current_month for o in debts]
    all_current = None if any(c is None for c in currents) else max(currents, default=0)
    return PlanResult(
        strategy=strategy,
        budget=from_fen(max(first_budget, 0)) if case.debts else from_fen(max(raw_budget, 0)),
        feasible=not short_months and all_paid,
        shortfall=from_fen(shortfall),
        months_to_debt_free=months_to_free,
        debt_free_date=dates[months_to_free - 1] if months_to_free else (case.as_of if months_to_free == 0 else None),
        total_paid=from_fen(paid_total),
        total_interest=from_fen(totals[0]),
        total_penalty=from_fen(totals[1]),
        total_fees=from_fen(totals[2]),
        warnings=warnings,
        debts=debts,
        suggested_offers={debt_id: offer.monthly for debt_id, offer in offers.items()},
        offers=offers,
        required_first_month=from_fen(first_required),
        overdue_months=overdue_months,
        all_current_month=all_current,
        total_waived=from_fen(waived),
        months_simulated=months_simulated,
        unenforceable_penalty=questionable,
        _rows=tuple(rows),
        _dates=dates,
    )


def _offers(case: Case, rows: list[tuple], first_dues: dict[int, int]) -> dict[str, Offer]:
    """The offers of this plan: month 1's payment, contract due and whether the debt is current after it."""
    month_one = {
        case.debts[row[1]].id: (from_fen(row[2]), from_fen(first_dues.get(row[1], 0)), row[8] == 0)
        for row in rows
        if row[0] == 1
    }
    return plan_offers(case, month_one)


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
