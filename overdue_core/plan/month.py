"""One plan run month by month, in integer fen: the phases of a month and what each leaves.

Why its own module: the engine (``plan.engine``) decides what a plan *means* (outcomes, offers,
warnings); this is the loop under it, the hot path of every plan (all strategies, up to 600
months, up to 200 debts), so it works on :class:`~overdue_core.plan.accrual.DebtState` in plain
ints. docs/plan-engine.md has every rule. A month runs in phases:

1. **events** — the what-ifs that start this month (income, lump sums, rates, agreed terms,
   payments already recorded);
2. **accrual** — every debt accrues and says what it requires (arrears and this month's due);
3. **month 1** — today's figures and, for the plan to follow, the arrangement (``_arrange``);
4. **paying** — the required pass in the strategy's order (or keep / cure / lessen), then, except
   for minimum-only, the rest as extra in the strategy's order;
5. **closing** — unpaid dues become arrears; one row per debt (a plain tuple in :class:`ScheduleRow`'s order);
6. every twelfth month, **is it hopeless** — the total owed has doubled and is still growing.

A *covered* month — money for every debt's arrears and due, no event, not month 1 — is one in
which every strategy's required pass would pay every debt in full, so it is paid so directly
(most are months in which nothing but the contracts happen: no arrears anywhere) and closing it
has nothing to carry over (:meth:`PlanRun._covered_month`).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import NamedTuple

from overdue_core.case.models import Case, Strategy
from overdue_core.case.money import to_fen
from overdue_core.case.standing import LAST_BUCKET
from overdue_core.plan.accrual import BULLET, EQUAL_INSTALLMENT, DebtState, Paid, mul_round, new_state, ratio
from overdue_core.plan.arrangement import share_pro_rata
from overdue_core.plan.events import (
    MAX_MONTHS,
    DebtTerms,
    ExtraPayment,
    IncomeChange,
    IncomePercentChange,
    LumpSum,
    RateChange,
    RecordedPayment,
)

#: How often (months) we check whether a plan has become hopeless (see docs/plan-engine.md).
STALL_WINDOW = 12


class ScheduleRow(NamedTuple):
    """One debt in one month of a plan, in fen: what the month paid and where it left the debt."""

    month: int
    #: The debt's place in ``case.debts``.
    index: int
    paid: int
    interest: int
    penalty: int
    fees: int
    principal: int
    #: Balance, bullet interest and arrears after paying.
    owed: int
    overdue: int
    days_overdue: int
    #: Arrears and due at the start of the month: what makes the debt current.
    required: int
    #: Installments missed after paying (the bucket); 0 when current.
    missed: int
    #: The month left the debt in a worse bucket (a current debt fell behind, an overdue one went deeper).
    slipped: bool
    #: What would have kept it out of a worse bucket this month (0 in M3+, which has none).
    keep: int


#: Where a row, kept as a plain tuple, holds each field: ``row[ROW.penalty]`` (ScheduleRow's own order).
ROW = ScheduleRow(*range(len(ScheduleRow._fields)))


@dataclass
class Tally:
    """A plan's running totals in fen."""

    interest: int = 0
    penalty: int = 0
    fees: int = 0
    principal: int = 0
    paid: int = 0
    waived: int = 0


@dataclass
class Slip:
    """When a plan lets one debt fall behind: for the ``falls_behind`` / ``falls_further`` warnings."""

    #: First month a current debt fell behind; first month an overdue one went deeper.
    first_behind: int | None = None
    first_further: int | None = None
    #: Months it ended overdue.
    months_behind: int = 0


#: A debt at the start of a month, after accrual, as its row reports it: (installments missed
#: before paying, what the month requires of it, what keeps it out of a worse bucket). A plain
#: tuple: one is made per debt per month.
_Start = tuple[int, int, int]


@dataclass
class MonthOne:
    """What the plan's first month says about today (offers, shortfall and the standing read it)."""

    budget: int = 0
    required: int = 0
    #: Per debt index: this month's contract due, and what it requires (arrears and due).
    dues: dict[int, int] = field(default_factory=dict)
    required_by_debt: dict[int, int] = field(default_factory=dict)
    #: The plan to follow: fen a month offered per debt id, and the clean loans that need a call.
    shares: dict[str, int] = field(default_factory=dict)
    call_needed: set[str] = field(default_factory=set)
    #: Debt ids current today (the plan to follow keeps them current first in a short month).
    clean: set[str] = field(default_factory=set)


@dataclass(eq=False)
class PlanRun:
    """One strategy's plan while it runs: the debts' states and what the months have left."""

    case: Case
    strategy: Strategy
    agreed: bool
    raw_budget: int
    dates: tuple
    days: tuple[int, ...]
    min_percent: Decimal
    states: list[DebtState]
    #: Events by the month they start in (unknown debts already left out by the caller).
    events: dict[int, list]
    custom_rank: dict[str, int] = field(default_factory=dict)
    #: One row per debt per month, a plain tuple in :class:`ScheduleRow`'s field order: the garbage
    #: collector stops tracking a tuple of numbers once it has seen one, never a named tuple's
    #: instance, and a 50-year plan keeps thousands (``PlanResult.rows`` names them).
    rows: list[tuple] = field(default_factory=list)
    tally: Tally = field(default_factory=Tally)
    first: MonthOne = field(default_factory=MonthOne)
    short_months: list[int] = field(default_factory=list)
    overdue_months: int = 0
    overdue_debt_months: int = 0
    slips: dict[int, Slip] = field(default_factory=dict)
    income_delta: int = 0
    extra: int = 0

    def __post_init__(self) -> None:
        self.by_id = {d.id: d for d in self.states}
        self.last_event = max(self.events, default=0)
        self.protective = self.agreed or self.strategy in (Strategy.OVERDUE_FIRST, Strategy.MINIMUM_ONLY)
        self.prepay = self.strategy != Strategy.MINIMUM_ONLY
        self.order = self._static_order()
        self.active = [d for d in self.states if d.owed > 0]
        for d in self.states:
            if d.owed <= 0:
                d.paid_month = 0
        self.owed_history = [sum(d.owed for d in self.active)]

    def _static_order(self) -> list[DebtState]:
        """The strategy's order for required and extra money (snowball, custom or avalanche)."""
        if self.strategy == Strategy.SNOWBALL:
            return sorted(self.states, key=_snowball_key)
        if self.strategy == Strategy.CUSTOM:
            rank = self.custom_rank
            return sorted(self.states, key=lambda d: (rank.get(d.id, len(rank)), *_avalanche_key(d)))
        return sorted(self.states, key=_avalanche_key)

    # --- one month --------------------------------------------------------------------
    def month(self, month: int) -> bool:
        """Run month ``month`` through its phases; True when the plan is hopeless (stop here)."""
        lump, recorded = self._events(month)
        required, start = self._accrue(month)
        money = max(self.raw_budget + self.income_delta, 0) + self.extra + lump
        if month == 1:
            required = self._month_one(money, required, start)
        if required > money and recorded is None:
            self.short_months.append(month)
        if recorded is None and self._covered(month, required, money):
            self._covered_month(month, start, money - required if self.prepay else 0)
        else:
            outs = self._pay(month, money, recorded)
            self._close(month, outs, start)
        return month % STALL_WINDOW == 0 and self._hopeless(month)

    def _covered(self, month: int, required: int, money: int) -> bool:
        """The money covers everything every debt requires (its arrears and its due), there is no
        event and it is not month 1 (today's own rules): every strategy's required pass then pays
        every debt in full, so who comes first does not matter."""
        return required <= money and month > 1 and month not in self.events

    def _events(self, month: int) -> tuple[int, dict[str, int] | None]:
        """Phase 1: apply this month's events; returns the lump sum and the payments recorded (or None)."""
        lump = 0
        recorded: dict[str, int] | None = None
        for event in self.events.get(month, ()):
            if isinstance(event, IncomeChange):
                self.income_delta += to_fen(event.change)
            elif isinstance(event, IncomePercentChange):
                income = self.case.household.total_income
                self.income_delta += to_fen(income * event.percent) if to_fen(income) else 0
            elif isinstance(event, ExtraPayment):
                self.extra += to_fen(event.amount)
            elif isinstance(event, LumpSum):
                lump += to_fen(event.amount)
            elif isinstance(event, RecordedPayment):
                recorded = recorded if recorded is not None else {}
                recorded[event.debt_id] = recorded.get(event.debt_id, 0) + to_fen(event.amount)
            elif isinstance(event, RateChange):
                self.by_id[event.debt_id].set_rate(event.annual_rate)
                self.order = self._static_order()
            elif isinstance(event, DebtTerms):
                d = self.by_id[event.debt_id]
                self.tally.waived += apply_terms(d, event, month)
                if d not in self.active and d.owed > 0:
                    self.active.append(d)
                self.order = self._static_order()
        return lump, recorded

    def _accrue(self, month: int) -> tuple[int, dict[int, _Start]]:
        """Phase 2: every debt accrues; returns what the month requires and each debt's start."""
        day = self.days[month - 1]
        required = 0
        start: dict[int, _Start] = {}
        for d in self.active:
            fifo = d.fifo  # the debt's unpaid amounts, oldest first (changed in place)
            need = d.accrue(day, month)
            if fifo:
                behind = month - fifo[0][0]
                start[d.index] = (behind, need, d.keep_amount() if behind < LAST_BUCKET else 0)
            else:  # current: what it requires is this month's due, which is what keeps it current
                start[d.index] = (0, need, need)
            required += need
        return required, start

    def _month_one(self, money: int, required: int, start: dict[int, _Start]) -> int:
        """Phase 3: today's figures; the plan to follow shares what the clean dues leave (:func:`_arrange`).
        Returns what the month requires after the arrangement."""
        first, active = self.first, self.active
        first.budget, first.required = money, required
        first.dues = {d.index: d.due_total() for d in active}
        clean = [d for d in active if d.overdue == 0]
        first.clean = {d.id for d in clean}
        if self.agreed and required > money:
            reserve = _rounding_reserve(self.case, clean, self.min_percent, self.days)
            first.shares, first.call_needed = _arrange(active, money, self.days[0], 1, reserve)
            for d in active:
                if d.id in first.shares:
                    # Still what the platform asks until it agrees (the standing's "required", which
                    # follow-through compares with): the contract's arrears and due; kept and counted
                    # as current from here on.
                    start[d.index] = (0, start[d.index][1], d.keep_amount())
            required = sum(d.overdue + d.due_total() for d in active)
            self.order = self._static_order()
        first.required_by_debt = {d.index: d.overdue + d.due_total() for d in active}
        return required

    def _pay(self, month: int, money: int, recorded: dict[str, int] | None) -> dict[int, Paid]:
        """Phase 4: the required pass, then the extra pass; returns what each debt was paid."""
        active = self.active
        outs = {d.index: Paid() for d in active}
        left = money
        if recorded is not None:
            # A month already paid: each debt gets what was recorded for it (follow-through).
            left = 0
            for d in active:
                amount = recorded.get(d.id, 0)
                amount -= d.pay_required(amount, outs[d.index])
                d.pay_extra(amount, outs[d.index])
        elif self.agreed:
            if month == 1:  # the arrangement is month 1's allocation: each share is paid first
                shares = self.first.shares
                for d in active:
                    if d.id in shares:
                        left -= d.pay_required(min(left, shares[d.id]), outs[d.index])
            left = _agreed_pass(active, outs, left, month, self.first.clean)
        elif self.protective:
            left = _protective_pass(active, outs, left, month)
        else:
            left = _in_order(self.order, outs, left, DebtState.pay_required)
        if self.prepay and left:
            _in_order(self._extra_order(), outs, left, DebtState.pay_extra)
        return outs

    def _extra_order(self) -> list[DebtState]:
        """Who gets the money left after the required pass, first to last."""
        if self.agreed and self.strategy == Strategy.OVERDUE_FIRST:
            return _arrears_first(self.order, self.first.shares, self.case)
        return self.order

    def _close(self, month: int, outs: dict[int, Paid], start: dict[int, _Start]) -> None:
        """Phase 5: unpaid dues become arrears; one row per debt; debts paid off leave the run."""
        day, next_day = self.days[month - 1], self.days[month]
        tally, rows = self.tally, self.rows
        any_overdue = False
        still_active = []
        for d in self.active:
            overdue = d.close(day, month)
            out = outs[d.index]
            tally.interest += out.interest
            tally.penalty += out.penalty
            tally.fees += out.fees
            tally.principal += out.principal
            pay = out.interest + out.penalty + out.fees + out.principal
            tally.paid += pay
            behind, need, keep = start[d.index]
            days_overdue = missed = 0
            slipped = False
            if overdue:
                any_overdue = True
                self.overdue_debt_months += 1
                fifo_head = d.fifo[0]
                days_overdue = next_day - fifo_head[1]
                missed = month + 1 - fifo_head[0]
                slipped = missed > behind and behind < LAST_BUCKET
                self._note_slip(d.index, month, behind, slipped)
            rows.append(
                (
                    month,
                    d.index,
                    pay,
                    out.interest,
                    out.penalty,
                    out.fees,
                    out.principal,
                    d.bal + d.acc + overdue,
                    overdue,
                    days_overdue,
                    need,
                    missed,
                    slipped,
                    keep,
                )
            )
            if d.paid_month is None:
                still_active.append(d)
        self.active = still_active
        if any_overdue:
            self.overdue_months += 1

    def _covered_month(self, month: int, start: dict[int, _Start], spare: int) -> None:
        """Phases 4 and 5 of a month whose money covers every debt's arrears and due: each is paid in
        full (what every strategy's required pass does then), ``spare`` goes as extra in the strategy's
        order, and nothing is left unpaid to carry over. A debt with no arrears (the usual case: then
        nothing but the contract happens) pays its due directly."""
        active = self.active
        paid: list[tuple[int, int, int, int]] = []  # per debt: fees, penalty, interest, principal
        for d in active:
            if d.fifo:  # arrears: in their order, then the due (``pay_required``)
                out = Paid()
                d.pay_required(start[d.index][1], out)
                paid.append((out.fees, out.penalty, out.interest, out.principal))
            else:
                paid.append((d.due_fee, 0, d.due_int, d.due_prin))
                d.bal -= d.due_prin
                d.due_fee = d.due_int = d.due_prin = 0
        extra: dict[int, Paid] = {}
        if spare:
            for d in self._extra_order():
                if not spare:
                    break
                if d.index in start:  # one of this month's debts
                    spare -= d.pay_extra(spare, extra.setdefault(d.index, Paid()))
        tally, rows = self.tally, self.rows
        still_active = []
        for d, (fees, penalty, interest, principal) in zip(active, paid):
            more = extra.get(d.index)
            if more is not None:
                fees, interest, principal = fees + more.fees, interest + more.interest, principal + more.principal
            pay = fees + penalty + interest + principal
            tally.interest += interest
            tally.penalty += penalty
            tally.fees += fees
            tally.principal += principal
            tally.paid += pay
            _behind, need, keep = start[d.index]
            rows.append(
                (month, d.index, pay, interest, penalty, fees, principal, d.bal + d.acc, 0, 0, need, 0, False, keep)
            )
            if d.paid_month is None and d.bal + d.acc + d.fees_left == 0:
                d.paid_month = month
            if d.paid_month is None:
                still_active.append(d)
        self.active = still_active

    def _note_slip(self, index: int, month: int, behind: int, slipped: bool) -> None:
        """Count a month behind; remember the first month a debt fell behind or went deeper."""
        slip = self.slips.get(index)
        if slip is None:
            slip = self.slips[index] = Slip()
        slip.months_behind += 1
        if slipped:
            if behind == 0 and slip.first_behind is None:
                slip.first_behind = month
            elif behind and slip.first_further is None:
                slip.first_further = month

    def _hopeless(self, month: int) -> bool:
        """Phase 6: no event and no maturity ahead (a bullet loan is judged when it falls due), the
        total owed has doubled and still grew this year."""
        active = self.active
        owed_now = sum(d.owed for d in active)
        history = self.owed_history
        history.append(owed_now)
        maturity_ahead = any(d.method == BULLET and d.terms > 0 for d in active)
        return bool(
            active
            and month > self.last_event
            and not maturity_ahead
            and owed_now >= 2 * max(history[0], 1)
            and owed_now > history[-2]
        )


def new_run(
    case: Case,
    strategy: Strategy,
    agreed: bool,
    raw_budget: int,
    events: dict[int, list],
    custom_rank: dict[str, int],
    calendar: tuple[tuple, tuple[int, ...]],
    min_percent: Decimal,
    start: list[DebtState] | None = None,
) -> PlanRun:
    """A run at the start of month 1: every debt's state as the case stands today (copies of
    ``start`` when given: :func:`start_states`, built once for every strategy)."""
    states = [d.copy() for d in start] if start is not None else start_states(case, min_percent)
    dates, days = calendar
    return PlanRun(case, strategy, agreed, raw_budget, dates, days, min_percent, states, events, custom_rank)


def start_states(case: Case, min_percent: Decimal) -> list[DebtState]:
    """Every debt's state as the case stands today, in case order."""
    return [new_state(case, debt, i, min_percent) for i, debt in enumerate(case.debts)]


# --- priority orders ---------------------------------------------------------------------
def _protect_key(d: DebtState) -> tuple:
    """Keep first what costs most to let slip: licensed lenders (they report to the credit
    bureau), then the deepest arrears, the costliest penalty, the highest rate."""
    oldest = d.fifo[0][0] if d.fifo else 1 << 40  # month of the oldest missed due = deepest arrears
    return (not d.licensed, oldest, -d.penalty_rate, -d.annual_rate, d.index)


def _cost_key(d: DebtState) -> tuple:
    """Licensed lenders first (they report to the credit bureau), then the costliest rate now applying."""
    rate = max(d.penalty_rate, d.annual_rate) if d.overdue else d.annual_rate
    return (not d.licensed, -rate, d.index)


def _avalanche_key(d: DebtState) -> tuple:
    return (-d.annual_rate, -d.penalty_rate, d.start_owed, d.index)


def _snowball_key(d: DebtState) -> tuple:
    return (d.start_owed, -d.annual_rate, d.index)


def _in_order(order: Iterable[DebtState], outs: dict[int, Paid], left: int, pay) -> int:
    """Pay debts of this month (those in ``outs``) one after another with ``pay`` while money is left."""
    for d in order:
        if not left:
            break
        if d.index in outs:
            left -= pay(d, left, outs[d.index])
    return left


def _protective_pass(debts: list[DebtState], outs: dict[int, Paid], left: int, month: int) -> int:
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


def _agreed_pass(debts: list[DebtState], outs: dict[int, Paid], left: int, month: int, clean: set[str]) -> int:
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


def _arrears_first(order: list[DebtState], shares: dict[str, int], case: Case) -> list[DebtState]:
    """Overdue first's extra money in the plan to follow: the arrangements first (what was in
    arrears today, dearest contract first: what it costs if the arrangement fails), then the rest
    in the strategy's order."""

    def key(d: DebtState) -> tuple:
        debt = case.debts[d.index]
        return (0, -debt.penalty_rate, -debt.annual_rate) if d.id in shares else (1, 0, 0)

    return sorted(order, key=key)


# --- month 1 of the plan to follow --------------------------------------------------------
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
            twin.pay_required(need, Paid())
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


# --- agreed terms -------------------------------------------------------------------------
def apply_terms(d: DebtState, event: DebtTerms, month: int) -> int:
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
