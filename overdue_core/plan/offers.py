"""What to offer each platform, read from the chosen plan's own first month.

The plan to follow (``build_plan``, "if the platforms agree") makes the offers with
:func:`agreed_offers`: a loan current today keeps its contract due (``contract``); every debt
in arrears is offered its pro-rata share of what is left (``installments``: that share a month
until what it owes today is repaid, the last month smaller, penalties and interest asked to
stop, with what it would cost if they keep running); a debt the month can bring fully current is
paid in full (``catch_up``). Each offer is the plan's month-1 payment to the fen.

The contract simulation ("if nobody agrees") keeps the older reading below, for comparison:

Why from the plan: an offer the plan does not keep is a promise the person will break, and a
letter that contradicts the Plan page loses the lender's trust. So the offers are the plan's
month-1 allocation, debt by debt:

- a lender the person is current with is offered its contract due (``contract``) — the plan
  keeps it current first, so nothing needs negotiating;
- an overdue debt the plan brings current this month is paid in full (``catch_up``);
- an overdue debt the plan can only part-pay gets what the plan pays it in month 1 (the money
  left after the current lenders, by the strategy's order) as installments (``installments``):
  the fewest months that repay what is owed today at the debt's own true cost, a level amount
  that never exceeds the plan's payment, and a total that never exceeds the amount owed plus its
  true cost over that term (the installment is rounded *down* to the fen, so the months ×
  installment never asks for more);
- a debt the plan pays nothing this month but starts paying later gets installments of what the
  plan pays it in that later month, starting then (``later``, after at most ``MAX_PAUSE_MONTHS``
  of pause): the letter asks for a pause until then, and the offer says so, rather than leaving
  the person without a figure to write down;
- a debt the plan does not pay within ``MAX_PAUSE_MONTHS`` has no offer (``none``): the person
  writes their own figure.

Plan, Negotiate, the letter and the PDF all read ``PlanResult.offers`` (one object).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from decimal import ROUND_DOWN, Decimal
from typing import Callable

from overdue_core.case.models import Case, Debt
from overdue_core.case.money import fmt_money, fmt_pct, from_fen, to_fen
from overdue_core.plan.accrual import monthly_ratio
from overdue_core.plan.apr import contractual_payments, debt_true_apr, level_payment
from overdue_core.plan.arrangement import MAX_OFFER_MONTHS, cost_if_charges_run, offer_months

ZERO = Decimal("0.00")
CENT = Decimal("0.01")
#: The longest pause before a ``later`` offer starts: a lender may hear "nothing for a few
#: months, then this"; a pause of years is not an offer, so such a debt gets ``none``.
MAX_PAUSE_MONTHS = 12


@dataclass(frozen=True)
class Offer:
    debt_id: str
    platform: str
    #: "contract", "catch_up", "installments", "later" or "none" (see the module docstring).
    kind: str
    #: What to offer each month (the whole payment for ``catch_up``).
    monthly: Decimal
    months: int
    #: Everything the offer asks: months × monthly, never above owed + true cost over the term.
    total: Decimal
    #: What is owed today (balance + overdue).
    owed: Decimal
    #: The most the offer may ask in total: owed plus its true cost over the offered term.
    cap: Decimal
    #: The plan month the first payment falls in (1 = this month) and that month's date.
    start_month: int = 1
    start: date | None = None
    #: The last installment when smaller than ``monthly`` (``installments`` of the plan to follow).
    final: Decimal | None = None
    #: Money beyond the offer the plan puts on this debt in month 1 (the strategy's extra).
    prepay: Decimal = ZERO
    #: If the platform keeps its charges running at ``running_rate`` a year: the months the same
    #: monthly amount would take (None: it never catches up) and the extra it would cost.
    running_rate: Decimal | None = None
    running_months: int | None = None
    running_extra: Decimal | None = None
    #: A loan paid on time today whose due this month's money cannot cover: call it too.
    call_needed: bool = False
    #: Longer than a card issuer's hardship installments may run (rule
    #: ``hardship_installment_max_months``): it needs another route.
    too_long: bool = False

    @property
    def this_month(self) -> Decimal:
        """What the offer pays in the plan's first month (nothing for a ``later`` offer)."""
        return self.monthly if self.start_month == 1 else ZERO

    def to_json_dict(self) -> dict:
        def money(value: Decimal | None) -> str | None:
            return None if value is None else f"{value:.2f}"

        return {
            "kind": self.kind,
            "monthly": money(self.monthly),
            "months": self.months,
            "total": money(self.total),
            "final": money(self.final),
            "cap": money(self.cap),
            "prepay": money(self.prepay),
            "start_month": self.start_month,
            "start": self.start.isoformat() if self.start else None,
            "call_needed": self.call_needed,
            "too_long": self.too_long,
            "if_charges_run": None
            if self.running_rate is None
            else {
                "annual_rate": f"{self.running_rate}",
                "months": self.running_months,
                "extra": money(self.running_extra),
            },
        }


def offer_amount_text(offer: Offer) -> str:
    """The monthly amount as a table shows it: "—" where there is no offer, never a bare 0.00 that
    reads like "offer nothing"."""
    return "—" if offer.kind == "none" else fmt_money(offer.monthly)


def offer_cell(offer: Offer, tr: Callable[..., str]) -> str:
    """The offer as one cell: "325.88 × 26 months (the last 153.00)", one wording for the Plan
    page, Negotiate and the statement."""
    if offer.months <= 1 or offer.kind == "none":
        cell = offer_amount_text(offer)
    elif offer.final is not None:
        monthly, final = fmt_money(offer.monthly), fmt_money(offer.final)
        cell = tr("offers.cell_final", monthly=monthly, months=offer.months, final=final)
    else:
        cell = tr("offers.cell", monthly=fmt_money(offer.monthly), months=offer.months)
    if offer.kind == "later" and offer.start is not None:
        cell = tr("offers.cell_later", start=f"{offer.start:%Y-%m}", cell=cell)
    elif offer.kind == "contract":
        cell = tr("offers.cell_contract", cell=cell)
    return cell


def running_text(offer: Offer, tr: Callable[..., str], escape: Callable[[str], str] | None = None) -> str:
    """What the offer costs if the platform keeps its charges running, in words ("" for no offer).
    ``escape`` makes the platform name (the person's own text) inert where the words are markdown."""
    if offer.kind != "installments":
        return ""
    platform = escape(offer.platform) if escape else offer.platform
    if offer.running_rate is None:
        return tr("offers.running.unknown", platform=platform)
    rate = fmt_pct(offer.running_rate)
    if offer.running_months is None:
        return tr("offers.running.never", platform=platform, rate=rate, monthly=fmt_money(offer.monthly))
    return tr(
        "offers.running.costs",
        platform=platform,
        rate=rate,
        months=offer.running_months,
        extra=fmt_money(offer.running_extra or ZERO),
    )


def describe_offer(offer: Offer, tr: Callable[..., str]) -> str:
    """The words for an offer's kind (with its start month for ``later``), one wording everywhere."""
    if offer.kind == "later" and offer.start is not None:
        return tr("offers.kind.later", start=f"{offer.start:%Y-%m}")
    return tr(f"offers.kind.{offer.kind}")


def true_monthly_rate(debt) -> Decimal:
    """The debt's true monthly cost (its IRR, to 12 places; 0 when none): what an installment
    offer carries. It depends on the debt alone, so the engine computes it once per case."""
    apr = debt_true_apr(debt)
    if apr is None or apr.monthly_irr <= 0:
        return Decimal(0)
    return Decimal(repr(apr.monthly_irr)).quantize(Decimal("1E-12"))


def _first_installment(owed: Decimal, rate: Decimal, months: int) -> Decimal:
    """The first of ``months`` level installments of ``owed`` at ``rate`` a year.

    The same figure as ``contractual_payments(...)[0]``: from two months on, the first payment is
    the level payment itself; a single month is the owed amount and its month of interest."""
    if months == 1:
        return contractual_payments(owed, rate, 1, "equal_installment")[0]
    return level_payment(owed, rate, months)


def installment_offer(debt, payment: Decimal, monthly_rate: Decimal | None = None) -> Offer:
    """Installments a plan payment of ``payment`` a month can carry for ``debt`` (owed today at its true cost).

    The fewest months whose first installment fits the payment. A level installment never rises
    with the term (the rate is never negative), so the fewest months are found by halving, not by
    building every term's schedule. ``monthly_rate``: :func:`true_monthly_rate`, when known."""
    owed = debt.total_owed
    rate = (true_monthly_rate(debt) if monthly_rate is None else monthly_rate) * 12
    months = MAX_OFFER_MONTHS
    if owed > 0 and _first_installment(owed, rate, MAX_OFFER_MONTHS) <= payment:
        low, high = 1, MAX_OFFER_MONTHS  # the answer is in [low, high]
        while low < high:
            middle = (low + high) // 2
            if _first_installment(owed, rate, middle) <= payment:
                high = middle
            else:
                low = middle + 1
        months = low
    stream = contractual_payments(owed, rate, months, "equal_installment")
    cap = sum(stream, ZERO)
    monthly = min(payment, (cap / months).quantize(CENT, rounding=ROUND_DOWN))
    return Offer(debt.id, debt.platform, "installments", monthly, months, monthly * months, owed, cap)


def agreed_offers(
    case: Case,
    month_one: dict[str, tuple[Decimal, Decimal, Decimal]],
    shares: dict[str, int],
    call_needed: set[str],
    when: date,
    limit: int = MAX_OFFER_MONTHS,
) -> dict[str, Offer]:
    """Offers of the plan to follow, from its month 1.

    ``month_one`` gives per debt id (payment, contract due, required part paid); ``shares`` the fen
    each debt in the arrangement is offered a month (frozen at what it owes today). A debt in arrears
    with no share (no money left after the clean dues) gets ``none``.
    """
    out: dict[str, Offer] = {}
    for debt in case.debts:
        if debt.id not in month_one or debt.total_owed <= 0:
            continue
        payment, due, required_paid = month_one[debt.id]
        prepay = payment - required_paid
        owed = debt.total_owed
        share = shares.get(debt.id, 0)
        if share > 0:
            owed_fen = to_fen(owed)
            months = offer_months(owed_fen, share)
            final = owed_fen - share * (months - 1)
            rate = debt.penalty_rate if debt.overdue_amount > 0 and debt.penalty_rate > 0 else debt.annual_rate
            # No rate entered is not a free debt: the offer then says to ask, rather than "costs 0".
            running = cost_if_charges_run(owed_fen, share, *monthly_ratio(rate)) if rate > 0 else None
            out[debt.id] = Offer(
                debt.id,
                debt.platform,
                "installments",
                from_fen(share),
                months,
                owed,
                owed,
                owed,
                start=when,
                final=from_fen(final) if final != share else None,
                prepay=prepay,
                running_rate=rate if running else None,
                running_months=running.months if running else None,
                running_extra=from_fen(running.extra) if running and running.months is not None else None,
                call_needed=debt.id in call_needed,
                too_long=months > limit,
            )
        elif debt.overdue_amount <= 0 and required_paid >= due:
            months = max(debt.remaining_terms, 1)
            out[debt.id] = Offer(
                debt.id,
                debt.platform,
                "contract",
                due,
                months,
                due * months,
                owed,
                due * months,
                start=when,
                prepay=prepay,
                call_needed=debt.id in call_needed,
            )
        elif required_paid > 0:
            out[debt.id] = Offer(
                debt.id,
                debt.platform,
                "catch_up",
                required_paid,
                1,
                required_paid,
                owed,
                required_paid,
                start=when,
                prepay=prepay,
            )
        else:  # no money reaches it this month (a budget of 0): the person must call, with no figure yet
            out[debt.id] = Offer(
                debt.id, debt.platform, "none", ZERO, 0, ZERO, owed, ZERO, call_needed=debt.id in call_needed
            )
    return out


def plan_offers(
    case: Case,
    month_one: dict[str, tuple[Decimal, Decimal, bool]],
    first_paid: dict[str, tuple[int, date, Decimal]] | None = None,
    installments: Callable[[Debt, Decimal], Offer] = installment_offer,
) -> dict[str, Offer]:
    """Offers from the plan's month 1: per debt id, (payment, contract due, current after paying).

    ``first_paid`` gives, for a debt the plan pays nothing in month 1, the first later month it
    pays (month, date, payment); without it such a debt gets ``none``. ``installments`` makes an
    installment offer (the engine passes one that remembers each across strategies).
    """
    first_paid = first_paid or {}
    out: dict[str, Offer] = {}
    for debt in case.debts:
        if debt.id not in month_one or debt.total_owed <= 0:
            continue
        payment, due, current = month_one[debt.id]
        if debt.overdue_amount <= 0 and current:
            months = max(debt.remaining_terms, 1)
            out[debt.id] = Offer(
                debt.id, debt.platform, "contract", due, months, due * months, debt.total_owed, due * months
            )
        elif current:
            out[debt.id] = Offer(debt.id, debt.platform, "catch_up", payment, 1, payment, debt.total_owed, payment)
        elif payment <= 0 and debt.id in first_paid and first_paid[debt.id][0] <= MAX_PAUSE_MONTHS + 1:
            month, when, later_payment = first_paid[debt.id]
            offer = installments(debt, later_payment)
            out[debt.id] = replace(offer, kind="later", start_month=month, start=when)
        elif payment <= 0:
            out[debt.id] = Offer(debt.id, debt.platform, "none", ZERO, 0, ZERO, debt.total_owed, ZERO)
        else:
            out[debt.id] = installments(debt, payment)
    return out
