"""From bill rows to proposals: monthly income, spending by category, debts, and the
"borrowing to repay" signal — each with the rows behind it, for the person to confirm.

Why proposals and not figures: a bill shows what moved, not what it was for. Everything here is
a suggestion the person sees (amount, months, rows), changes or drops; only
:func:`add_to_case` puts what they kept into a new case. Money stays exact: totals are sums of
Decimals and a monthly figure is the total over the months covered, rounded half up to the fen.

How the rows count:
- closed rows (交易关闭, 支付失败) and pending ones (等待付款) moved no money: left out;
- a WeChat row refunded in full is left out, a partial refund ("已退款(￥12.00)") is subtracted;
  an Alipay refund row is subtracted from the purchase it refunds (same other side, earlier,
  still counted); if that purchase was closed the refund is already accounted for;
- repayments to credit platforms become debts, not spending; money lent by a platform is
  borrowing, not income; moves between the person's own pockets (余额宝, 零钱通, 提现) are neither.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Literal

from pydantic import ValidationError

from overdue_core.bills.categorize import (
    BANKS,
    OPTIONAL,
    OWN_MONEY,
    bank_of,
    category_of,
    income_kind,
    is_payout,
    is_repayment,
)
from overdue_core.bills.readers import BillReading
from overdue_core.bills.rows import BillRow
from overdue_core.case.models import Case, Debt, DebtKind, Expense, ExpenseCategory, Income, Repayment, Stability
from overdue_core.case.money import round_fen
from overdue_core.case.problems import Problem, problems_from_validation
from overdue_core.i18n import t

#: A repayment this many days or fewer after a loan paid out, to another platform, is "borrowing to repay".
BORROW_TO_REPAY_DAYS = 7
#: Days in an average month, for counting the months a bill covers.
DAYS_A_MONTH = Decimal("30.4375")

Mode = Literal["append", "replace"]


@dataclass(frozen=True)
class HouseholdLine:
    """A proposed income or spending line: a monthly figure and the rows it comes from."""

    key: str  # "salary", "food", … (catalog bills.income.<key> or enum.category.<key>)
    is_income: bool
    total: Decimal
    months: int
    rows: tuple[BillRow, ...]
    stability: Stability = Stability.FIXED
    category: ExpenseCategory = ExpenseCategory.OTHER
    essential: bool = True

    @property
    def monthly(self) -> Decimal:
        return round_fen(self.total / self.months)


@dataclass(frozen=True)
class DebtLine:
    """A proposed debt: a platform repaid in the bills, its usual due day and usual monthly amount."""

    key: str  # platform key, with the bank for a card: "credit_card:5"
    platform: str  # catalog key under bills.platform / bills.bank
    kind: DebtKind
    due_day: int
    usual_amount: Decimal
    months: int  # months with a repayment
    rows: tuple[BillRow, ...]
    bank: int | None = None

    def name(self, lang: str) -> str:
        if self.bank is not None:
            return t("bills.card_of", lang, bank=t(f"bills.bank.{self.bank}", lang))
        return t(f"bills.platform.{self.platform}", lang)


@dataclass(frozen=True)
class BorrowingPair:
    """A loan paid out, then within days a repayment to another platform."""

    payout: BillRow
    repayment: BillRow
    payout_key: str
    repayment_key: str

    @property
    def days(self) -> int:
        return (self.repayment.when.date() - self.payout.when.date()).days


@dataclass
class BillProposals:
    """Everything proposed from one or more bills, and what was left out and why."""

    layouts: list[str] = field(default_factory=list)
    first: dt.date | None = None
    last: dt.date | None = None
    months: int = 0
    incomes: list[HouseholdLine] = field(default_factory=list)
    spending: list[HouseholdLine] = field(default_factory=list)
    debts: list[DebtLine] = field(default_factory=list)
    borrowing: list[BorrowingPair] = field(default_factory=list)
    left_out: dict[str, int] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)

    @property
    def borrowing_to_repay(self) -> bool:
        return bool(self.borrowing)

    @property
    def found_anything(self) -> bool:
        return bool(self.incomes or self.spending or self.debts)


def months_between(first: dt.date, last: dt.date) -> int:
    """Whole months a period covers, at least one (91 days are 3 months)."""
    days = Decimal((last - first).days + 1)
    return max(1, int(round_fen(days / DAYS_A_MONTH).to_integral_value(rounding="ROUND_HALF_UP")))


def _platform_key(row: BillRow, platform_key: str) -> tuple[str, int | None]:
    if platform_key != "credit_card":
        return platform_key, None
    bank = bank_of(row)
    return (f"credit_card:{bank}" if bank is not None else "credit_card"), bank


def _usual(values: list[Decimal]) -> Decimal:
    """The amount paid most months; with no repeat, the middle one (an actual amount, never an average)."""
    counts = Counter(values).most_common()
    if counts and counts[0][1] > 1 and (len(counts) == 1 or counts[0][1] > counts[1][1]):
        return counts[0][0]
    ordered = sorted(values)
    return ordered[(len(ordered) - 1) // 2]


def _due_day(rows: list[BillRow]) -> int:
    """The day of the month the platform is usually paid (the earliest of equally common days)."""
    counts = Counter(row.when.day for row in rows)
    best = max(counts.values())
    return min(day for day, n in counts.items() if n == best)


def _refunds(rows: list[BillRow], left_out: Counter[str]) -> dict[int, Decimal]:
    """Alipay refund rows subtracted from the purchase they refund: id(row) -> amount given back."""
    back: dict[int, Decimal] = defaultdict(lambda: Decimal("0.00"))
    # A purchase that states its own refund (the website layout's column, WeChat's status) is not matched again.
    purchases = sorted(
        (r for r in rows if r.direction == "out" and r.state == "done" and r.refunded == 0 and r.provider == "alipay"),
        key=lambda p: p.when,
        reverse=True,
    )
    for refund in sorted((r for r in rows if r.state == "refund"), key=lambda r: r.when):
        if refund.provider != "alipay":  # WeChat's refund rows: the purchase's own status already says so
            left_out["refund"] += 1
            continue
        match = next(
            (
                p
                for p in purchases
                if p.counterparty == refund.counterparty
                and p.when <= refund.when
                and p.net - back[id(p)] >= refund.amount
            ),
            None,
        )
        if match is None:  # its purchase was closed (refunded in full), says so itself, or is not in these files
            left_out["refund"] += 1
        else:
            back[id(match)] += refund.amount
    return back


def propose(readings: list[BillReading]) -> BillProposals:
    """Proposals from the rows of every reading (several files of one person: both apps, several exports)."""
    out = BillProposals(layouts=[r.layout for r in readings if r.layout])
    rows = sorted((row for r in readings for row in r.rows), key=lambda r: (r.when, r.file, r.line))
    out.problems = [p for r in readings for p in r.problems]
    periods = [r.period for r in readings if r.period]
    if not rows:
        return out
    out.first = min([rows[0].when.date(), *(p[0] for p in periods)])
    out.last = max([rows[-1].when.date(), *(p[1] for p in periods)])
    out.months = months_between(out.first, out.last)
    left_out: Counter[str] = Counter()
    refunded = _refunds(rows, left_out)
    incomes: dict[str, list[BillRow]] = defaultdict(list)
    spending: dict[ExpenseCategory, list[BillRow]] = defaultdict(list)
    repaid: dict[str, list[BillRow]] = defaultdict(list)
    banks: dict[str, int | None] = {}
    platforms: dict[str, tuple[str, DebtKind]] = {}
    payouts: list[tuple[BillRow, str]] = []
    stabilities: dict[str, Stability] = {}
    for row in rows:
        if row.state in ("closed", "pending", "refunded"):
            left_out[row.state] += 1
        elif row.state == "refund":
            continue  # counted by _refunds
        elif (platform := is_payout(row)) is not None:
            payouts.append((row, platform.key))
            left_out["borrowed"] += 1
        elif (platform := is_repayment(row)) is not None:
            key, bank = _platform_key(row, platform.key)
            repaid[key].append(row)
            banks[key], platforms[key] = bank, (platform.key, platform.kind)
        elif OWN_MONEY.search(row.text) or row.direction == "neutral":
            left_out["own_money"] += 1
        elif row.direction == "in":
            kind, stability = income_kind(row)
            incomes[kind].append(row)
            stabilities[kind] = stability
        else:
            spending[category_of(row)].append(row)

    def total(group: list[BillRow]) -> Decimal:
        return sum((r.net - refunded.get(id(r), Decimal(0)) for r in group), Decimal("0.00"))

    out.incomes = [
        HouseholdLine(key, True, total(group), out.months, tuple(group), stability=stabilities[key])
        for key, group in sorted(incomes.items(), key=lambda kv: -total(kv[1]))
        if total(group) > 0
    ]
    out.spending = [
        HouseholdLine(c.value, False, total(group), out.months, tuple(group), category=c, essential=c not in OPTIONAL)
        for c, group in sorted(spending.items(), key=lambda kv: -total(kv[1]))
        if total(group) > 0
    ]
    for key, group in repaid.items():
        by_month: dict[tuple[int, int], Decimal] = defaultdict(lambda: Decimal("0.00"))
        for row in group:
            by_month[(row.when.year, row.when.month)] += row.amount
        platform_key, kind = platforms[key]
        out.debts.append(
            DebtLine(
                key,
                platform_key,
                kind,
                _due_day(group),
                _usual(list(by_month.values())),
                len(by_month),
                tuple(group),
                banks[key],
            )
        )
    out.debts.sort(key=lambda d: -d.usual_amount)
    out.borrowing = _borrowing(payouts, repaid)
    out.left_out = dict(left_out)
    return out


def _borrowing(payouts: list[tuple[BillRow, str]], repaid: dict[str, list[BillRow]]) -> list[BorrowingPair]:
    pairs: list[BorrowingPair] = []
    window = dt.timedelta(days=BORROW_TO_REPAY_DAYS)
    for payout, payout_key in payouts:
        after = sorted(
            (
                (row, key)
                for key, group in repaid.items()
                if key != payout_key
                for row in group
                if payout.when <= row.when <= payout.when + window
            ),
            key=lambda pair: pair[0].when,
        )
        if after:
            pairs.append(BorrowingPair(payout, after[0][0], payout_key, after[0][1]))
    return pairs


# --- into the case -----------------------------------------------------------------------------
def line_name(line: HouseholdLine | DebtLine, lang: str) -> str:
    """The name a proposed line is shown by, and the name it gets in the case (always from the catalog)."""
    if isinstance(line, DebtLine):
        return line.name(lang)
    if line.is_income:
        return t(f"bills.income.{line.key}", lang)
    return t("bills.from_bills", lang, name=t(f"enum.category.{line.key}", lang))


def _checked(model: type, data: dict, label: str, lang: str) -> tuple[object | None, list[Problem]]:
    """A model from what the person kept, or the problems, each path starting with the line's name."""
    try:
        return model.model_validate(data), []
    except ValidationError as exc:
        return None, [
            Problem(path=f"{label} › {p.path}" if p.path else label, message=p.message, code=p.code)
            for p in problems_from_validation(exc, lang)
        ]


def kept_income(line: HouseholdLine, amount: object, lang: str) -> tuple[Income | None, list[Problem]]:
    """The income line as the person kept it (``amount`` as typed, validated as money)."""
    name = line_name(line, lang)
    return _checked(Income, {"name": name, "amount": amount, "stability": line.stability}, name, lang)  # type: ignore[return-value]


def kept_expense(
    line: HouseholdLine, amount: object, essential: bool, lang: str
) -> tuple[Expense | None, list[Problem]]:
    """The spending line as the person kept it."""
    name = line_name(line, lang)
    data = {"name": name, "category": line.category, "amount": amount, "essential": essential}
    return _checked(Expense, data, name, lang)  # type: ignore[return-value]


def kept_debt(
    line: DebtLine, platform: str, amount: object, due_day: object, balance: object, lang: str
) -> tuple[Debt | None, list[Problem]]:
    """A debt with what the bills show: who, the usual payment, the due day; and what is owed, if the person knows.

    A bill shows payments, not contracts, so the debt is paid as the bills show it: the usual
    amount each month (a fixed monthly payment) until what is owed is paid. The person can make
    it a loan with terms or a card with its minimum rule on the debt's card later.
    """
    data = {
        "id": "d1",
        "platform": platform,
        "kind": line.kind,
        "balance": Decimal("0.00") if balance is None else balance,
        "repayment": Repayment.MINIMUM_PAYMENT,
        "minimum_rule": {"kind": "fixed", "fixed_amount": amount},
        "monthly_due": amount,
        "due_day": due_day,
    }
    return _checked(Debt, data, line_name(line, lang), lang)  # type: ignore[return-value]


def add_to_case(
    case: Case,
    *,
    incomes: list[Income],
    expenses: list[Expense],
    debts: list[Debt],
    borrowing_to_repay: bool,
    mode: Mode = "append",
    lang: str,
) -> tuple[Case | None, list[Problem]]:
    """A new case with what the person kept from the bills; the given case is never modified.

    ``append`` adds the lines to the household; ``replace`` puts them in place of its incomes and
    spending. Debts are always added, each with a free id; the flag is only ever turned on.
    """
    data = case.model_dump(mode="python")
    household = data["household"]
    kept_in = [] if mode == "replace" else household["incomes"]
    kept_out = [] if mode == "replace" else household["expenses"]
    household["incomes"] = kept_in + [i.model_dump() for i in incomes]
    household["expenses"] = kept_out + [e.model_dump() for e in expenses]
    taken = {d["id"] for d in data["debts"]}
    for debt in debts:
        n = len(taken) + 1
        while f"d{n}" in taken:
            n += 1
        taken.add(f"d{n}")
        data["debts"].append({**debt.model_dump(), "id": f"d{n}"})
    if borrowing_to_repay:
        data["flags"]["borrowing_to_repay"] = True
    try:
        return Case.model_validate(data), []
    except ValidationError as exc:
        return None, problems_from_validation(exc, lang)


# --- as JSON (the command line) --------------------------------------------------------------------
def _row_ref(row: BillRow) -> dict[str, object]:
    return {"file": row.file, "line": row.line, "when": row.when.isoformat(sep=" "), "amount": str(row.amount)}


def proposals_to_json(proposals: BillProposals, lang: str) -> dict[str, object]:
    """What ``python -m overdue_core bills --format json`` prints: every proposal with the rows behind it."""

    def household(line: HouseholdLine) -> dict[str, object]:
        extra = (
            {"stability": line.stability.value}
            if line.is_income
            else {"category": line.category.value, "essential": line.essential}
        )
        return {
            "name": line_name(line, lang),
            "monthly": str(line.monthly),
            "total": str(line.total),
            "months": line.months,
            **extra,
            "rows": [_row_ref(r) for r in line.rows],
        }

    return {
        "period": {
            "first": proposals.first.isoformat() if proposals.first else None,
            "last": proposals.last.isoformat() if proposals.last else None,
            "months": proposals.months,
        },
        "incomes": [household(line) for line in proposals.incomes],
        "spending": [household(line) for line in proposals.spending],
        "debts": [
            {
                "platform": d.name(lang),
                "kind": d.kind.value,
                "due_day": d.due_day,
                "usual_amount": str(d.usual_amount),
                "months": d.months,
                "rows": [_row_ref(r) for r in d.rows],
            }
            for d in proposals.debts
        ],
        "borrowing_to_repay": proposals.borrowing_to_repay,
        "borrowing": [
            {"payout": _row_ref(p.payout), "repayment": _row_ref(p.repayment), "days": p.days}
            for p in proposals.borrowing
        ],
        "left_out": proposals.left_out,
    }
