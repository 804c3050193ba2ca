"""One debt, one month at a time, in integer fen: accrual, the month's due, payment, arrears.

Why a separate module: this is the inner loop of the plan engine (all strategies, up to 600
months, up to 200 debts), so it uses plain ints and ``__slots__``, no Decimal. Each rule here
is written down in docs/plan-engine.md:

- interest and penalty accrue once a month, *before* that month's payment, on the amounts
  owed at the start of the month; a payment lowers next month's interest, not this month's;
- every rounding is half up to the fen (:func:`mul_round`), once per amount per month;
- a payment on a debt goes to arrears first (fees, penalty, overdue interest, overdue
  principal), then this month's due (fees, interest, principal), then — only with money the
  strategy sends as extra — to bullet interest accrued and principal not yet due;
- whatever of the month's due stays unpaid becomes overdue and is charged the late fee once.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Sequence
from decimal import Decimal

from overdue_core.case.models import Case, Debt, MinimumPaymentRule, MinimumRuleKind, Repayment
from overdue_core.case.money import to_fen
from overdue_core.case.standing import missed_due_days

# Repayment methods as small ints (comparisons in the inner loop).
EQUAL_INSTALLMENT, EQUAL_PRINCIPAL, INTEREST_ONLY, BULLET, REVOLVING = range(5)
_METHODS = {
    Repayment.EQUAL_INSTALLMENT: EQUAL_INSTALLMENT,
    Repayment.EQUAL_PRINCIPAL: EQUAL_PRINCIPAL,
    Repayment.INTEREST_ONLY: INTEREST_ONLY,
    Repayment.BULLET: BULLET,
    Repayment.MINIMUM_PAYMENT: REVOLVING,
}


def ratio(value: Decimal) -> tuple[int, int]:
    """An exact Decimal as (numerator, denominator) ints."""
    return Decimal(value).as_integer_ratio()


def monthly_ratio(annual_rate: Decimal) -> tuple[int, int]:
    """An annual rate / 12 as an exact fraction (num, den).

    Why not ``ratio(rate / 12)``: Decimal division truncates 0.1 / 12 to 0.00833…3, so an
    interest amount exactly on half a fen came out just below it and rounded down.
    """
    num, den = ratio(annual_rate)
    return num, den * 12


#: Penalty accrues by the actual days: an annual rate over this many days a year (0.05 % a day is
#: 18.25 % a year, as the card and BNPL agreements state their daily rates).
DAYS_A_YEAR = 365


def mul_round(amount: int, num: int, den: int) -> int:
    """``amount × num / den`` rounded half up to the fen (amount, num >= 0, den > 0)."""
    return (2 * amount * num + den) // (2 * den)


def level_payment_fen(principal: int, rate_num: int, rate_den: int, months: int) -> int:
    """等额本息 payment in fen for a monthly rate num/den; same result as apr.level_payment."""
    if months <= 0:
        return principal
    if rate_num == 0:
        return mul_round(principal, 1, months)
    from overdue_core.plan.apr import level_payment  # exact Decimal formula, called once per contract change

    return to_fen(level_payment(Decimal(principal) / 100, Decimal(rate_num * 12) / Decimal(rate_den), months))


class Paid:
    """What one debt's payments in one month went to, in fen (added to as each pass pays)."""

    __slots__ = ("interest", "penalty", "fees", "principal")

    def __init__(self) -> None:
        self.interest = self.penalty = self.fees = self.principal = 0


class DebtState:
    """Everything the engine tracks about one debt, in fen."""

    __slots__ = (
        "index",
        "id",
        "platform",
        "licensed",
        "method",
        "annual_rate",
        "penalty_rate",
        "rn",
        "rd",
        "pn",
        "pd",
        "ln",
        "ld",
        "fee",
        "pmt",
        "part",
        "terms",
        "bal",
        "acc",
        "arrears",
        "fifo",
        "min_rule",
        "ext_left",
        "post_terms",
        "due_fee",
        "due_int",
        "due_prin",
        "was_overdue",
        "last_overdue_month",
        "paid_month",
        "start_owed",
        "stated_due",
        "first_month",
        "accrued_day",
        "fees_left",
        "fees_waived",
    )

    def __init__(self, debt: Debt, index: int, min_percent_default: Decimal, missed: Sequence[int] = ()) -> None:
        """``missed``: the day (relative to ``as_of``) of each due date the debt has missed, oldest
        first (``case.standing.missed_due_dates``); none for arrears inside a grace period."""
        self.index = index
        self.id = debt.id
        self.platform = debt.platform
        self.licensed = debt.lender_licensed
        self.method = _METHODS[debt.repayment]
        self.penalty_rate = debt.penalty_rate
        self.pn, self.pd = ratio(debt.penalty_rate)  # annual: accrues by the days of each month
        self.accrued_day = 0
        self.ln, self.ld = ratio(debt.late_fee_rate)
        self.fee = to_fen(debt.monthly_fee)
        self.terms = debt.remaining_terms
        #: The installment fees still to be billed (分期手续费): a prepayment does not cancel them
        #: unless the debt says so (``fees_waived_on_prepayment``); a credit line has no schedule.
        self.fees_waived = debt.fees_waived_on_prepayment
        self.fees_left = self.fee * self.terms if debt.repayment != Repayment.MINIMUM_PAYMENT else 0
        self.bal = to_fen(debt.balance)
        self.acc = 0  # bullet interest accrued, due at maturity
        self.ext_left = 0  # months of interest-only left under an extension
        self.post_terms = 0  # installments after the extension
        self.stated_due = to_fen(debt.monthly_due)
        self.first_month = True  # month 1 is today: see _accrue_first
        rule = debt.minimum_rule or MinimumPaymentRule(percent=min_percent_default)
        self.min_rule = (rule.kind, ratio(rule.percent), to_fen(rule.floor), to_fen(rule.fixed_amount))
        overdue = to_fen(debt.overdue_amount)
        self.arrears = [0, 0, 0, overdue]  # fees, penalty, interest, principal (paid in that order)
        #: Unpaid amounts, oldest first: [plan month it fell due, day relative to as_of, amount].
        #: The month counts missed installments (the bucket); the day counts days overdue.
        self.fifo: deque[list[int]] = deque(_initial_arrears(overdue, tuple(missed), debt.days_overdue))
        self.was_overdue = overdue > 0
        self.last_overdue_month = 0
        self.paid_month: int | None = None
        self.due_fee = self.due_int = self.due_prin = 0
        # A stated due that contradicts balance, rate and terms is trusted: interest at the rate it implies.
        from overdue_core.plan.apr import contract_rate

        self.set_rate(contract_rate(debt), use_stated=True)
        self.part = mul_round(self.bal, 1, self.terms) if self.terms and self.method == EQUAL_PRINCIPAL else 0
        self.start_owed = self.owed

    # --- contract --------------------------------------------------------------------
    def set_rate(self, annual_rate: Decimal, use_stated: bool = False) -> None:
        """Set the annual rate; an equal-installment payment is recomputed for the terms left.

        At the start the stated monthly due is used when entered (the contract's figure).
        """
        self.annual_rate = Decimal(annual_rate)
        self.rn, self.rd = monthly_ratio(self.annual_rate)
        if self.method == EQUAL_INSTALLMENT:
            if use_stated and self.stated_due > 0:
                self.pmt = self.stated_due
            else:
                self.pmt = level_payment_fen(self.bal, self.rn, self.rd, self.terms)
        else:
            self.pmt = 0

    def restructure(
        self, principal: int, method: int, months: int, annual_rate: Decimal, fee: int, ext: int = 0
    ) -> None:
        """Replace the contract (agreed installments or extension); arrears are folded in."""
        self.bal, self.acc = principal, 0
        self.arrears = [0, 0, 0, 0]
        self.fifo.clear()
        self.fee = fee
        self.fees_left = fee * (ext + months if ext else months)
        self.method = method
        self.ext_left = ext
        self.post_terms = months
        self.terms = ext if ext else months
        self.set_rate(annual_rate)
        if ext:
            self.method = INTEREST_ONLY
        self.part = mul_round(self.bal, 1, self.terms) if self.terms and method == EQUAL_PRINCIPAL else 0

    def freeze(self, principal: int, monthly: int, day: int, month: int) -> None:
        """The plan's offer is taken: ``principal`` (what the debt owes today) becomes one amount
        repaid ``monthly`` a month with penalty, interest, fees and late fees stopped; the debt is
        current from this month, and this month's due is the first installment (called after this
        month's accrual, which it replaces, so this month's interest is asked to stop too)."""
        self.bal, self.acc = principal, 0
        self.arrears = [0, 0, 0, 0]
        self.fifo.clear()
        self.fee = self.fees_left = 0
        self.method = REVOLVING
        self.ext_left = self.post_terms = self.terms = 0  # a fixed amount a month has no term count
        self.annual_rate = self.penalty_rate = Decimal(0)
        self.rn, self.rd, self.pn, self.pd, self.ln, self.ld = 0, 1, 0, 1, 0, 1
        self.pmt = self.part = 0
        self.min_rule = (MinimumRuleKind.FIXED, (0, 1), 0, monthly)
        self.first_month = False
        self.accrue(day, month)

    # --- amounts -----------------------------------------------------------------------
    @property
    def overdue(self) -> int:
        a = self.arrears
        return a[0] + a[1] + a[2] + a[3]

    @property
    def owed(self) -> int:
        return self.bal + self.acc + self.overdue

    def due_total(self) -> int:
        return self.due_fee + self.due_int + self.due_prin

    def missed(self, month: int) -> int:
        """Installments missed as of month ``month``'s payment day: payment days passed since
        the oldest unpaid amount fell due (0 when current). One missed due is 1 (M1)."""
        return month - self.fifo[0][0] if self.fifo else 0

    def keep_amount(self) -> int:
        """What this month keeps the debt from falling further behind: this month's due on a
        current debt; on an overdue one its oldest missed installment (all amounts of that month)."""
        fifo = self.fifo
        if not fifo:
            return self.due_fee + self.due_int + self.due_prin
        oldest = fifo[0][0]
        total = 0
        for month, _day, amount in fifo:
            if month != oldest:
                break
            total += amount
        return total

    # --- one month -----------------------------------------------------------------------
    def accrue(self, day: int, month: int) -> int:
        """Start of a month: penalty on arrears, interest on the balance, and this month's due.

        Returns what is required this month: arrears plus the due. (The inner loop of every plan:
        plain ints and conditionals, no ``min``/``max`` calls.)
        """
        if self.first_month:
            return self._accrue_first(day, month)
        arrears = self.arrears
        od = arrears[2] + arrears[3]
        days, self.accrued_day = day - self.accrued_day, day
        if od and self.pn and days > 0:
            # By the actual days since the last accrual: 1,000 at 0.05 % a day over February is 14.00.
            penalty = mul_round(od, self.pn * days, self.pd * DAYS_A_YEAR)
            if penalty:
                arrears[1] += penalty
                self.fifo.append([month, day, penalty])
        bal, terms = self.bal, self.terms
        if bal <= 0:
            # Principal prepaid, fees not waived: the fee schedule runs on until it is paid.
            fee = min(self.fees_left, self.fee)
            self.fees_left -= fee
            self.due_fee, self.due_int, self.due_prin = fee, 0, 0
            self.terms = terms - 1 if terms > 1 else 0
            return arrears[0] + arrears[1] + arrears[2] + arrears[3] + fee
        interest = (2 * bal * self.rn + self.rd) // (2 * self.rd) if self.rn else 0  # mul_round
        method, fee = self.method, self.fee
        self.fees_left = max(self.fees_left - fee, 0)
        if method == REVOLVING:  # a credit line has no term to count down
            self._revolving_due(bal, interest, fee)
            return arrears[0] + arrears[1] + arrears[2] + arrears[3] + self.due_fee + self.due_int + self.due_prin
        self.terms = terms - 1 if terms > 1 else 0
        if method == BULLET:
            self.acc += interest
            if terms <= 1:
                self.due_fee, self.due_int, self.due_prin, self.acc = fee, self.acc, bal, 0
            else:
                self.due_fee, self.due_int, self.due_prin = fee, 0, 0
        else:
            last = terms <= 1
            if method == EQUAL_INSTALLMENT:
                principal = bal if last else self.pmt - interest
                if principal < 0:
                    principal = 0
                elif principal > bal:
                    principal = bal
            elif method == EQUAL_PRINCIPAL:
                principal = bal if last or self.part > bal else self.part
            else:  # interest only
                principal = bal if last and not self.ext_left else 0
            self.due_fee, self.due_int, self.due_prin = fee, interest, principal
            if self.ext_left:
                self._extension_month(bal)
        return arrears[0] + arrears[1] + arrears[2] + arrears[3] + self.due_fee + self.due_int + self.due_prin

    def _accrue_first(self, day: int, month: int) -> int:
        """Month 1 is today (docs/plan-engine.md, "Month 1"): the overdue amount entered already
        holds the penalty so far, so none is added before the first payment; a revolving account's
        entered minimum (its ``monthly_due``) is what month 1 asks for."""
        self.first_month = False
        penalty, rule = self.pn, self.min_rule
        self.pn = 0
        if self.method == REVOLVING and self.stated_due > 0:
            self.min_rule = (MinimumRuleKind.FIXED, rule[1], rule[2], self.stated_due)
        try:
            return self.accrue(day, month)
        finally:
            self.pn, self.min_rule = penalty, rule

    def _extension_month(self, bal: int) -> None:
        """A month of an extension has passed; when it ends, installments over the remaining terms."""
        self.ext_left -= 1
        if self.ext_left == 0:
            self.method, self.terms = EQUAL_INSTALLMENT, max(self.post_terms, 1)
            self.pmt = level_payment_fen(bal, self.rn, self.rd, self.terms)

    def _revolving_due(self, bal: int, interest: int, due_fee: int) -> None:
        """Minimum payment by the account's rule; interest the minimum leaves unpaid is capitalised."""
        kind, (pct_n, pct_d), floor, fixed = self.min_rule
        statement = bal + interest + due_fee
        if kind == MinimumRuleKind.FIXED:
            minimum = fixed
        else:
            if kind == MinimumRuleKind.PERCENT_WITH_FLOOR:
                minimum = mul_round(statement, pct_n, pct_d)
            else:  # interest and fees plus a percent of the principal
                minimum = interest + due_fee + mul_round(bal, pct_n, pct_d)
            # Both percent forms have the floor (at least one fen, so a balance always ends);
            # below the floor the whole statement is asked for.
            minimum = max(minimum, floor, 1)
        minimum = min(minimum, statement)
        fee = min(due_fee, minimum)
        # Interest and fees the minimum does not cover are added to the balance (capitalised).
        capitalised = (interest - min(interest, minimum - fee)) + (due_fee - fee)
        self.due_fee = fee
        self.due_int = min(interest, minimum - fee)
        self.due_prin = minimum - fee - self.due_int
        self.bal = bal + capitalised

    def pay_required(self, amount: int, out: Paid) -> int:
        """Pay arrears then this month's due, up to ``amount``; add the parts to ``out``.

        Returns what was used.
        """
        left = amount
        arrears = self.arrears
        if left and (arrears[0] or arrears[1] or arrears[2] or arrears[3]):
            # Arrears in their order: fees, penalty, interest, principal.
            fees = min(arrears[0], left)
            left -= fees
            penalty = min(arrears[1], left)
            left -= penalty
            interest = min(arrears[2], left)
            left -= interest
            principal = min(arrears[3], left)
            left -= principal
            arrears[0] -= fees
            arrears[1] -= penalty
            arrears[2] -= interest
            arrears[3] -= principal
            out.fees += fees
            out.penalty += penalty
            out.interest += interest
            out.principal += principal
            paid_overdue = fees + penalty + interest + principal
            fifo = self.fifo
            while paid_overdue and fifo:
                head = fifo[0]
                if head[2] <= paid_overdue:
                    paid_overdue -= head[2]
                    fifo.popleft()
                else:
                    head[2] -= paid_overdue
                    paid_overdue = 0
        if left and (self.due_fee or self.due_int or self.due_prin):
            take = min(self.due_fee, left)
            self.due_fee -= take
            out.fees += take
            left -= take
            take = min(self.due_int, left)
            self.due_int -= take
            out.interest += take
            left -= take
            take = min(self.due_prin, left)
            self.due_prin -= take
            self.bal -= take
            out.principal += take
            left -= take
        return amount - left

    def pay_extra(self, amount: int, out: Paid) -> int:
        """Prepay: bullet interest accrued, then principal not yet due. Returns what was used."""
        left = amount
        if self.acc and left:
            take = min(self.acc, left)
            self.acc -= take
            out.interest += take
            left -= take
        # Principal still in this month's due (unpaid) is not prepaid here: it is required money.
        free = self.bal - self.due_prin
        if free > 0 and left:
            take = min(free, left)
            self.bal -= take
            out.principal += take
            left -= take
        if self.fees_left and self.bal == 0:
            if self.fees_waived:
                self.fees_left = 0  # the agreement waives the fees still to come
            elif left:  # settling early: the installment fees still to come are collected
                take = min(self.fees_left, left)
                self.fees_left -= take
                out.fees += take
                left -= take
        return amount - left

    def close(self, day: int, month: int) -> int:
        """End of a month: the unpaid due becomes arrears and is charged the late fee once.

        Returns the overdue total after the month.
        """
        unpaid = self.due_fee + self.due_int + self.due_prin
        if unpaid:
            arrears = self.arrears
            arrears[0] += self.due_fee
            arrears[2] += self.due_int
            arrears[3] += self.due_prin
            self.bal -= self.due_prin
            late = mul_round(unpaid, self.ln, self.ld) if self.ln else 0
            arrears[0] += late
            self.fifo.append([month, day, unpaid + late])
            self.due_fee = self.due_int = self.due_prin = 0
        a = self.arrears
        overdue = a[0] + a[1] + a[2] + a[3]
        if overdue:
            self.was_overdue = True
            self.last_overdue_month = month
        elif self.paid_month is None and self.bal + self.acc + self.fees_left == 0:
            self.paid_month = month
        return overdue

    def copy(self) -> DebtState:
        """A state of its own with the same figures: each strategy starts from the same states,
        built once per case (the contract rate and missed due dates are worked out once)."""
        twin = DebtState.__new__(DebtState)
        for name in DebtState.__slots__:
            setattr(twin, name, getattr(self, name))
        twin.arrears = list(self.arrears)
        twin.fifo = deque([list(item) for item in self.fifo])
        return twin

    def days_overdue(self, next_day: int) -> int:
        """Days since the oldest unpaid amount fell due, as of the next month's payment day."""
        return next_day - self.fifo[0][1] if self.fifo else 0


def _initial_arrears(overdue: int, missed: tuple[int, ...], days_overdue: int) -> list[list[int]]:
    """The case's arrears as the installments they stand for, oldest first.

    A debt that has missed two due dates (M2) has its arrears split in two equal parts (the odd
    fen on the oldest), each dated on its due date, the last in month 0 (the month before the
    plan's first). Paying one part lifts the debt one bucket, as a lender counts it. Arrears with
    no missed due (a card inside its grace days) fall due in month 1: paid then, never late.
    """
    if overdue <= 0:
        return []
    if not missed:
        return [[1, -days_overdue, overdue]]
    count = min(len(missed), overdue)
    part, odd = divmod(overdue, count)
    return [[1 - count + j, missed[j], part + (odd if j == 0 else 0)] for j in range(count)]


def new_state(case: Case, debt: Debt, index: int, min_percent: Decimal) -> DebtState:
    """One debt's state at the start of the plan, its arrears dated on the due dates it missed."""
    return DebtState(debt, index, min_percent, missed_due_days(debt, case.as_of, case.settings.rules))
