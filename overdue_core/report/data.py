"""What the printable statements say, computed from the case, in the chosen language.

Why separate from the PDF drawing: every figure is decided here (exact Decimals, formatted once
with ``fmt_money``), so tests can check the content without reading a PDF, and ``pdf`` only lays
it out.

Two documents come from the same sections (``build_report(case, lang, copy=...)``):

- **the creditor copy** (``copy="creditor"``), for a collections officer, addressed to one
  creditor or to all of them: who it is from; what happened, in the person's own words; income
  and spending (essential and other); savings and other assets; every creditor with its masked
  account number and what is owed; the offer to each (the plan's own ``plan.offers``, never
  recomputed) with the rule that shares the money in one sentence; notes on the figures; the
  declaration and signature. It has no legal references, no "if nobody agrees" and no plan
  details: a request, not an argument.
- **the person's own copy** (``copy="own"``), to keep and show a counselor: the same, plus the
  rates, the plan, what happens if nobody agrees, negotiations and contacts so far, and the
  legal references (laws, regulations and court interpretations only).

The structure follows the UK Standard Financial Statement (personal details, household,
income, spending, assets, creditors and offers, declaration) and what Chinese banks are said to
ask with a 个性化分期 / 停息挂账 application (the reason for the hardship, proof of income, a
repayment proposal); see docs/report.md for what could and could not be checked.

Wording is plain: the app's own terms (strategy names, IRR) are not printed, a rate nobody
stated is "not stated" (never 0.00 %), and every section with figures carries the date they
are as of. Account and order numbers are printed masked (last four characters), and long digit
runs in free text are masked the same way. Spending has no "reference figures" column: we know
of no dated, sourced national spending shares to print beside a person's own figures.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Literal, Union

from overdue_core.case.debt_names import debt_labels
from overdue_core.case.models import Case, Debt, ExpenseCategory, NegotiationStatus, mask_identifier
from overdue_core.case.money import fmt_money, fmt_pct
from overdue_core.i18n import Translator
from overdue_core.palette import debt_colours
from overdue_core.plan.apr import debt_true_apr
from overdue_core.plan.headline_figures import Headline, first_month, headline
from overdue_core.plan.offers import Offer, offer_cell
from overdue_core.plan.slips import plan_slips
from overdue_core.report.details import Hardship, hardship_for, masked_account
from overdue_core.rules import RULES, rule_value

Align = Literal["L", "R", "C"]
Copy = Literal["creditor", "own"]
COPIES: tuple[str, ...] = ("creditor", "own")

#: How many months of the plan the balance chart shows (the rest is in the schedule export).
CHART_MONTHS = 36
#: Longest piece of free text (a contact note) printed in a table.
MAX_NOTE_CHARS = 160


@dataclass
class Paragraph:
    text: str
    muted: bool = False


@dataclass
class Quote:
    """The person's own words, printed as written (long digit runs masked), set off by a rule."""

    text: str
    #: Who it was written for ("" when for everyone), printed small above the text.
    caption: str = ""


@dataclass
class WriteIn:
    """Ruled lines for a person to write on by hand, with a short line saying what goes there."""

    hint: str
    lines: int = 4


@dataclass
class Facts:
    """Label → value pairs, printed in two columns. An empty value gets a line to write on."""

    items: list[tuple[str, str]]


@dataclass
class Table:
    header: list[str]
    rows: list[list[str]]
    align: list[Align]
    widths: list[float]  # relative widths
    total: list[str] | None = None
    #: A colour swatch before the first cell of each row (one colour per debt), or None.
    swatches: list[str | None] | None = None
    #: A small note printed under the table, kept on the same page as it.
    note: str = ""
    #: Rows (indexes) printed on a tinted background: the creditor a statement is addressed to.
    highlight: tuple[int, ...] = ()


@dataclass
class BarChart:
    title: str
    labels: list[str]
    values: list[Decimal]
    colours: list[str]


@dataclass
class LineChart:
    title: str
    x_labels: list[str]
    #: (label, colour, one value per x label)
    series: list[tuple[str, str, list[Decimal]]]


@dataclass
class Signature:
    """The declaration, the person's details and lines to sign and date: kept on one page."""

    declaration: str
    items: list[tuple[str, str]]


Block = Union[Paragraph, Quote, WriteIn, Facts, Table, BarChart, LineChart, Signature]


@dataclass
class Section:
    title: str
    blocks: list[Block] = field(default_factory=list)
    #: Which section this is (``SECTIONS``), so tests and callers never match on a title.
    key: str = ""
    #: The date its figures are as of, printed at the right of the heading ("" for none).
    dated: str = ""


@dataclass
class Report:
    lang: str
    title: str
    subtitle: str
    sections: list[Section]
    footer: str
    #: "creditor" or "own".
    copy: str = "creditor"
    #: The debt id a creditor copy is addressed to (None: every creditor).
    creditor: str | None = None

    def section(self, key: str) -> Section | None:
        return next((s for s in self.sections if s.key == key), None)


#: The sections of each copy, in order (numbered when drawn).
SECTIONS: dict[str, tuple[str, ...]] = {
    "creditor": ("summary", "hardship", "finances", "assets", "debts", "offers", "notes", "sign"),
    "own": (
        "summary",
        "hardship",
        "finances",
        "assets",
        "debts",
        "offers",
        "plan",
        "nobody_agrees",
        "negotiations",
        "contacts",
        "sources",
        "notes",
    ),
}

_DIGITS = re.compile(r"\d(?:[\d -]{6,})\d")


#: Fewest digits in a run that is masked: phone numbers have 11, cards 16–19; dates only 8.
MIN_MASKED_DIGITS = 9


def mask_digits(text: str) -> str:
    """Mask long runs of digits (card, account, phone numbers) in free text: ****5678."""

    def mask(match: re.Match[str]) -> str:
        digits = re.sub(r"[ -]", "", match.group())
        return mask_identifier(digits) if len(digits) >= MIN_MASKED_DIGITS else match.group()

    return _DIGITS.sub(mask, text)


def _clip(text: str, limit: int = MAX_NOTE_CHARS) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _share(part: Decimal, whole: Decimal) -> str:
    return fmt_pct(part / whole, 1) if whole > 0 else "—"


def stated_rate(debt: Debt, _: Translator) -> str:
    """The contract's annual rate as entered; "not stated" when none was (a bill with no rate
    written down is not a 0 % loan)."""
    return fmt_pct(debt.annual_rate, 2) if debt.annual_rate > 0 else _("report.rate_not_stated")


def all_in_rate(debt: Debt, _: Translator) -> str:
    """The yearly cost with fees counted (12 × the monthly IRR); "not stated" when nothing
    entered has a cost (no rate and no fee), never 0.00 %."""
    apr = debt_true_apr(debt)
    return fmt_pct(apr.nominal, 2) if apr is not None and apr.nominal > 0 else _("report.rate_not_stated")


def offer_words(offer: Offer, _: Translator) -> str:
    """What the offer asks the creditor, in a creditor's words (one phrase per offer kind)."""
    if offer.kind == "later" and offer.start is not None:
        return _("report.offer_kind.later", start=f"{offer.start:%Y-%m}")
    return _(f"report.offer_kind.{offer.kind}")


@dataclass
class _Context:
    """What every section reads: computed once per statement."""

    case: Case
    _: Translator
    plan: object
    figures: Headline
    offers: dict[str, Offer]
    colours: dict[str, str]
    labels: dict[str, str]
    copy: str
    creditor: str | None

    @property
    def as_of(self) -> str:
        return self.case.as_of.isoformat()

    @property
    def dated(self) -> str:
        return self._("report.dated", as_of=self.as_of)

    def highlight(self, ids: list[str]) -> tuple[int, ...]:
        return tuple(i for i, debt_id in enumerate(ids) if debt_id == self.creditor)


# --- sections -----------------------------------------------------------------------------
def _summary(c: _Context) -> Section:
    """Who the statement is from and the figures at a glance (UK SFS: personal details)."""
    _, case, person = c._, c.case, c.case.person
    items = [
        (_("report.summary.name"), person.name or _("report.summary.blank")),
        (_("report.summary.contact"), person.contact or _("report.summary.blank")),
        (_("report.summary.as_of"), c.as_of),
        (_("field.dependants"), str(case.household.dependants)),
        (_("report.summary.debts"), str(len(case.debts))),
        (_("report.summary.total_owed"), fmt_money(c.figures.total_owed)),
        (_("report.summary.total_overdue"), fmt_money(case.total_overdue)),
        (_("report.summary.required"), fmt_money(c.figures.needed_this_month)),
        (_("report.summary.budget"), fmt_money(c.figures.budget)),
    ]
    return Section(_("report.section.summary"), [Facts(items)], key="summary")


def _hardship(c: _Context) -> Section:
    """What happened, in the person's own words from the Negotiate page; lines to write on when
    nothing was written (the Report page asks for it before the download)."""
    _ = c._
    texts: list[Hardship] = hardship_for(c.case, c.creditor)
    if not texts:
        return Section(_("report.section.hardship"), [WriteIn(_("report.hardship.write_in"), lines=5)], key="hardship")
    blocks: list[Block] = [Paragraph(_("report.hardship.intro"), muted=True)]
    for item in texts:
        caption = ""
        if len(texts) > 1:
            caption = _(
                "report.hardship.written_for", platforms=_("format.list_sep").join(c.labels[d] for d in item.debt_ids)
            )
        blocks.append(Quote(mask_digits(item.text), caption))
    return Section(_("report.section.hardship"), blocks, key="hardship")


def _finances(c: _Context) -> Section:
    """Income, then spending by category split into essential and other (UK SFS: income and
    expenditure), then how the monthly money for debts follows from them."""
    _, hh = c._, c.case.household
    income = hh.total_income
    other_total = hh.total_expenses - hh.essential_expenses
    blocks: list[Block] = []
    if hh.incomes:
        blocks.append(
            Table(
                header=[_("report.finances.income"), _("field.stability"), _("report.col.per_month")],
                rows=[[i.name, _.enum("stability", i.stability), fmt_money(i.amount)] for i in hh.incomes],
                align=["L", "L", "R"],
                widths=[3, 3, 2],
                total=[_("report.total"), "", fmt_money(income)],
            )
        )
    else:
        blocks.append(Paragraph(_("report.finances.no_income"), muted=True))
    if hh.expenses:
        rows = []
        for category in ExpenseCategory:
            items = [e for e in hh.expenses if e.category == category]
            if not items:
                continue
            essential = sum((e.amount for e in items if e.essential), Decimal("0.00"))
            other = sum((e.amount for e in items if not e.essential), Decimal("0.00"))
            rows.append(
                [
                    _.enum("category", category),
                    fmt_money(essential),
                    fmt_money(other),
                    _share(essential + other, income),
                ]
            )
        blocks.append(
            Table(
                header=[
                    _("report.finances.category"),
                    _("report.finances.essential"),
                    _("report.finances.other"),
                    _("report.finances.share_of_income"),
                ],
                rows=rows,
                align=["L", "R", "R", "R"],
                widths=[3, 2, 2, 2],
                total=[
                    _("report.total"),
                    fmt_money(hh.essential_expenses),
                    fmt_money(other_total),
                    _share(hh.total_expenses, income),
                ],
            )
        )
    blocks.append(
        Facts(
            [
                (_("report.finances.total_income"), fmt_money(income)),
                (_("report.finances.essential_total"), fmt_money(hh.essential_expenses)),
                (_("report.finances.other_total"), fmt_money(other_total)),
                (_("report.finances.available"), fmt_money(hh.available_for_debts)),
                (_("report.finances.offered"), fmt_money(c.figures.budget)),
            ]
        )
    )
    return Section(_("report.section.finances"), blocks, key="finances", dated=c.dated)


def _assets(c: _Context) -> Section:
    """Savings the person can reach (UK SFS: assets); other assets are not asked by the app, so
    the statement leaves a line to write them on rather than implying there are none."""
    _ = c._
    items = [
        (_("report.assets.savings"), fmt_money(c.case.household.liquid_savings)),
        (_("report.assets.other"), ""),
    ]
    return Section(_("report.section.assets"), [Facts(items)], key="assets", dated=c.dated)


def _debts(c: _Context) -> Section:
    """Every creditor: what kind of debt, the masked account number and what is owed; the
    person's own copy adds the rates (the stated one, and with fees counted)."""
    _, case = c._, c.case
    if not case.debts:
        return Section(_("report.section.debts"), [Paragraph(_("report.debts.none"), muted=True)], key="debts")
    own = c.copy == "own"
    rows, swatches = [], []
    for debt in case.debts:
        row = [
            c.labels[debt.id],
            _(f"report_kind.{debt.kind.value}"),
            masked_account(case, debt) or _("report.debts.account_missing"),
            fmt_money(debt.balance),
            fmt_money(debt.overdue_amount),
            str(debt.days_overdue) if debt.days_overdue else "—",
            fmt_money(debt.total_owed),
        ]
        if own:
            row += [stated_rate(debt, _), all_in_rate(debt, _)]
        rows.append(row)
        swatches.append(c.colours[debt.id])
    header = [
        _("report.col.creditor"),
        _("field.kind"),
        _("report.debts.account"),
        _("field.balance"),
        _("field.overdue_amount"),
        _("report.debts.days"),
        _("report.col.owed"),
    ]
    align: list[Align] = ["L", "L", "L", "R", "R", "R", "R"]
    widths = [2.4, 2.2, 1.9, 1.9, 1.8, 1.3, 1.9]
    total = [
        _("report.total"),
        "",
        "",
        fmt_money(sum((d.balance for d in case.debts), Decimal("0.00"))),
        fmt_money(case.total_overdue),
        "",
        fmt_money(case.total_owed),
    ]
    if own:
        header += [_("report.debts.rate"), _("report.debts.all_in")]
        align += ["R", "R"]
        widths += [1.5, 1.7]
        total += ["", ""]
    note = _("report.debts.note_own" if own else "report.debts.note")
    table = Table(
        header,
        rows,
        align,
        widths,
        total=total,
        swatches=swatches,
        note=note,
        highlight=c.highlight([d.id for d in case.debts]),
    )
    blocks: list[Block] = [table]
    if own:
        blocks.append(
            BarChart(
                title=_("report.debts.chart"),
                labels=list(c.labels.values()),
                values=[d.total_owed for d in case.debts],
                colours=[c.colours[d.id] for d in case.debts],
            )
        )
    return Section(_("report.section.debts"), blocks, key="debts", dated=c.dated)


def _offers(c: _Context) -> Section:
    """The offer to each creditor: the plan's own offer objects (``plan.offers``), the rule that
    shares the money in one sentence, and, in a copy for one creditor, that creditor's offer first."""
    _, case = c._, c.case
    required = first_month(case)
    rows, swatches, ids = [], [], []
    for debt in case.debts:
        if debt.id not in c.offers:
            continue
        offer = c.offers[debt.id]
        rows.append(
            [
                c.labels[debt.id],
                fmt_money(debt.total_owed),
                _share(debt.total_owed, case.total_owed),
                fmt_money(required[debt.id].required),
                offer_cell(offer, _),
                offer_words(offer, _),
            ]
        )
        swatches.append(c.colours[debt.id])
        ids.append(debt.id)
    blocks: list[Block] = []
    if c.creditor is not None and c.creditor in c.offers:
        offer = c.offers[c.creditor]
        key = "report.offers.to_you_none" if offer.kind == "none" else "report.offers.to_you"
        blocks.append(
            Paragraph(_(key, platform=c.labels[c.creditor], cell=offer_cell(offer, _), words=offer_words(offer, _)))
        )
    if not rows:
        blocks.append(Paragraph(_("report.offers.none"), muted=True))
        return Section(_("report.section.offers"), blocks, key="offers", dated=c.dated)
    blocks.append(Paragraph(share_rule(c.case, c.offers, c.figures.budget, _)))
    blocks.append(
        Table(
            header=[
                _("report.col.creditor"),
                _("report.col.owed"),
                _("report.offers.share"),
                _("report.offers.required"),
                _("report.offers.offer"),
                _("report.offers.how"),
            ],
            rows=rows,
            align=["L", "R", "R", "R", "R", "L"],
            widths=[2.0, 1.6, 0.9, 1.8, 3.6, 2.3],
            total=[
                _("report.total"),
                fmt_money(case.total_owed),
                "100.0%" if case.total_owed > 0 else "—",
                fmt_money(c.figures.needed_this_month),
                fmt_money(sum((o.this_month for o in c.offers.values()), Decimal("0.00"))),
                "",
            ],
            swatches=swatches,
            note=_offers_note(c),
            highlight=c.highlight(ids),
        )
    )
    return Section(_("report.section.offers"), blocks, key="offers", dated=c.dated)


def share_rule(case: Case, offers: dict[str, Offer], budget: Decimal, _: Translator) -> str:
    """The rule that shares the month's money among the creditors, in one sentence, as the plan
    to follow applies it (docs/plan-engine.md, "The plan to follow"): loans paid on time keep
    their contract and the rest is shared pro rata among the debts in arrears; when the money
    does not even cover the loans paid on time, every debt shares it; when it covers every
    contract, nothing is shared."""
    shared = [d for d in case.debts if d.id in offers and offers[d.id].kind in ("installments", "later")]
    kinds = {o.kind for o in offers.values()}
    if not shared:
        key = "report.offers.rule_nothing" if kinds <= {"none"} else "report.offers.rule_full"
    elif any(d.overdue_amount <= 0 for d in shared):
        key = "report.offers.rule_everyone"
    elif "contract" in kinds:
        key = "report.offers.rule"
    else:
        key = "report.offers.rule_arrears"
    start = next((offers[d.id].start for d in shared if offers[d.id].start is not None), case.as_of)
    return _(key, budget=fmt_money(budget), start=f"{start:%Y-%m}")


def _offers_note(c: _Context) -> str:
    """How to read an offer cell, with the first installment offer's own figures ("" when none)."""
    offer = next((o for o in c.offers.values() if o.kind in ("installments", "later") and o.months > 1), None)
    if offer is None:
        return ""
    key = "report.offers.note_final" if offer.final is not None else "report.offers.note"
    return c._(
        key, monthly=fmt_money(offer.monthly), months=offer.months, final=fmt_money(offer.final or offer.monthly)
    )


def _plan(c: _Context) -> Section:
    """The plan to follow in figures (the person's copy): when each debt is current and paid off,
    what it all costs, the balances month by month, and any debt the plan itself lets slip."""
    _, case, plan = c._, c.case, c.plan

    def month_text(month: int | None) -> str:
        if month is None:
            return _("report.plan.not_within")
        if month == 0:
            return _("report.plan.already")
        return _("report.plan.month_n", n=month)

    items = [
        (_("report.plan.budget"), fmt_money(plan.budget)),
        (_("report.plan.contract_short"), _("report.plan.none_short") if plan.feasible else fmt_money(plan.shortfall)),
        (
            _("report.plan.debt_free"),
            plan.debt_free_date.isoformat() if plan.debt_free_date else _("report.plan.not_within"),
        ),
        (_("report.plan.total_paid"), fmt_money(plan.total_paid)),
        (_("report.plan.total_interest"), fmt_money(plan.total_interest)),
        (_("report.plan.total_penalty"), fmt_money(plan.total_penalty)),
        (_("report.plan.total_fees"), fmt_money(plan.total_fees)),
    ]
    blocks: list[Block] = [Paragraph(_("report.plan.intro"), muted=True), Facts(items)]
    # The plan's honest verdicts (a plan beyond five years, an offer longer than card issuers allow)
    blocks += [Paragraph(w.message(_.lang)) for w in plan.warnings if w.code in VERDICTS]
    rows, swatches = [], []
    for outcome in plan.debts:
        rows.append(
            [
                c.labels.get(outcome.id, outcome.platform),
                month_text(outcome.current_month) if outcome.was_overdue else _("report.plan.already"),
                month_text(outcome.paid_off_month),
                outcome.credit_record_clears.isoformat() if outcome.credit_record_clears else "—",
            ]
        )
        swatches.append(c.colours.get(outcome.id))
    if rows:
        blocks.append(
            Table(
                header=[
                    _("report.col.creditor"),
                    _("report.plan.current_again"),
                    _("report.plan.paid_off"),
                    _("report.plan.record_clears"),
                ],
                rows=rows,
                align=["L", "L", "L", "L"],
                widths=[3, 2.5, 2.5, 2.5],
                swatches=swatches,
            )
        )
    blocks.extend(_slip_blocks(plan, "report_slip.intro", c))
    frame = plan.schedule
    if not frame.empty:
        months = sorted(set(int(m) for m in frame["month"]))[:CHART_MONTHS]
        dates = {int(m): d for m, d in zip(frame["month"], frame["date"], strict=True)}
        series = []
        for debt in case.debts:
            part = frame[frame["debt_id"] == debt.id]
            by_month = {int(m): b for m, b in zip(part["month"], part["balance"], strict=True)}
            series.append((c.labels[debt.id], c.colours[debt.id], [by_month.get(m, Decimal("0.00")) for m in months]))
        blocks.append(
            LineChart(
                title=_("report.plan.chart", months=len(months)),
                x_labels=[dates[m].strftime("%Y-%m") for m in months],
                series=series,
            )
        )
    return Section(_("report.section.plan"), blocks, key="plan", dated=c.dated)


def _nobody_agrees(c: _Context) -> Section:
    """The contract simulation (``plan.if_nobody_agrees``): the same money with every debt on its
    contract, who falls behind and when, and what it costs: the reason the offers are made."""
    _, plan = c._, c.plan
    if not getattr(plan, "agreed", False):
        return Section(
            _("report.section.nobody_agrees"),
            [Paragraph(_("report.nobody_agrees.not_needed"), muted=True)],
            key="nobody_agrees",
        )
    other = plan.if_nobody_agrees
    items = [
        (
            _("report.plan.debt_free"),
            other.debt_free_date.isoformat() if other.debt_free_date else _("report.plan.not_within"),
        ),
        (_("report.plan.total_paid"), fmt_money(other.total_paid)),
        (_("report.nobody_agrees.cost"), fmt_money(other.total_cost)),
        (_("report.nobody_agrees.cost_plan"), fmt_money(plan.total_cost)),
    ]
    blocks: list[Block] = [Paragraph(_("report.nobody_agrees.intro"), muted=True), Facts(items)]
    slips = _slip_blocks(other, "report.nobody_agrees.slips", c)
    blocks.extend(slips or [Paragraph(_("report.nobody_agrees.no_slips"), muted=True)])
    return Section(_("report.section.nobody_agrees"), blocks, key="nobody_agrees", dated=c.dated)


#: Plan warnings the person's copy repeats beside the plan: the verdicts that say it needs another route.
VERDICTS = ("beyond_five_years", "offer_too_long")


def slip_rows(plan, _: Translator, names: dict[str, str] | None = None) -> list[tuple[str, list[str]]]:
    """(debt id, cells) per debt the plan lets fall behind or further behind (``plan_slips``).

    The rows are the Plan page's own (``overdue_core.plan.slips``): first month behind, first
    month a bucket deeper, months behind in all, the month it is current again.
    """

    def day(value) -> str:
        return value.isoformat() if value else "—"

    return [
        (
            slip.debt_id,
            [
                (names or {}).get(slip.debt_id, slip.platform),
                day(slip.falls_behind),
                day(slip.falls_further),
                str(slip.months_behind),
                day(slip.current_again) if slip.current_again else _("report_slip.never"),
            ],
        )
        for slip in plan_slips(plan)
    ]


def _slip_blocks(plan, intro: str, c: _Context) -> list[Block]:
    """The debts ``plan`` lets fall behind, with their dates ([] when none does)."""
    _ = c._
    rows = slip_rows(plan, _, c.labels)
    if not rows:
        return []
    return [
        Paragraph(_(intro)),
        Table(
            header=[
                _("report.col.creditor"),
                _("report_slip.falls_behind"),
                _("report_slip.falls_further"),
                _("report_slip.months"),
                _("report_slip.current_again"),
            ],
            rows=[cells for _id, cells in rows],
            align=["L", "L", "L", "R", "L"],
            widths=[3, 2.6, 2.6, 1.6, 2.2],
            swatches=[c.colours.get(debt_id) for debt_id, _cells in rows],
        ),
    ]


def _negotiations(c: _Context) -> Section:
    _, case = c._, c.case
    started = [
        n
        for n in case.negotiations
        if n.status != NegotiationStatus.NOT_STARTED or n.requested_monthly is not None or n.terms is not None
    ]
    if not started:
        return Section(
            _("report.section.negotiations"), [Paragraph(_("report.negotiations.none"), muted=True)], key="negotiations"
        )
    rows = []
    for item in started:
        debt = case.debt(item.debt_id)
        terms = ""
        if item.terms is not None:
            rate = fmt_pct(item.terms.annual_rate, 2) if item.terms.annual_rate > 0 else _("report.rate_not_stated")
            terms = _(
                "report.negotiations.terms",
                kind=_.enum("terms_kind", item.terms.kind),
                months=item.terms.months,
                start=item.terms.start.isoformat(),
                rate=rate,
            )
        rows.append(
            [
                c.labels[debt.id] if debt else "—",  # never the internal id
                _.enum("negotiation_status", item.status),
                fmt_money(item.requested_monthly) if item.requested_monthly is not None else "—",
                str(item.requested_months) if item.requested_months else "—",
                terms or "—",
                item.updated.isoformat() if item.updated else "—",
            ]
        )
    return Section(
        _("report.section.negotiations"),
        [
            Table(
                header=[
                    _("report.col.creditor"),
                    _("field.status"),
                    _("field.requested_monthly"),
                    _("field.requested_months"),
                    _("field.terms"),
                    _("report.negotiations.updated"),
                ],
                rows=rows,
                align=["L", "L", "R", "R", "L", "L"],
                widths=[2.4, 1.8, 1.8, 1.4, 4, 1.6],
            )
        ],
        key="negotiations",
    )


def _contacts(c: _Context) -> Section:
    from overdue_core.measures.communicate.contacts import timeline

    _ = c._
    entries = timeline(c.case)
    if not entries:
        return Section(_("report.section.contacts"), [Paragraph(_("report.contacts.none"), muted=True)], key="contacts")
    rows = []
    for entry in entries:
        said = " / ".join(x for x in (entry.said, entry.i_promised, entry.they_conceded) if x)
        ref = mask_identifier(entry.account_ref)
        rows.append(
            [
                entry.when.strftime("%Y-%m-%d %H:%M"),
                entry.platform + (f" ({ref})" if ref else ""),
                _.enum("channel", entry.channel),
                mask_digits(_clip(said)) or "—",
                (entry.follow_up.isoformat() + (" ✓" if entry.follow_up_done else "")) if entry.follow_up else "—",
            ]
        )
    return Section(
        _("report.section.contacts"),
        [
            Table(
                header=[
                    _("field.when"),
                    _("report.col.creditor"),
                    _("field.channel"),
                    _("report.contacts.what"),
                    _("field.follow_up"),
                ],
                rows=rows,
                align=["L", "L", "L", "L", "L"],
                widths=[2, 2.4, 1.6, 6, 1.6],
            )
        ],
        key="contacts",
    )


#: Rules whose source is a law, a regulation or a court interpretation (the only references the
#: person's copy cites; bank practice and press reports are left out). Never in the creditor copy.
LEGAL_RULES: tuple[str, ...] = (
    "private_lending_lpr_multiple",
    "reference_line_24",
    "reference_line_36",
    "credit_record_years",
    "objection_reply_days",
    "complaint_reply_days",
    "limitation_years",
)


def _sources(c: _Context) -> Section:
    _ = c._
    rows = []
    overrides = c.case.settings.rules
    for key in LEGAL_RULES:
        rule = RULES[key]
        value = rule_value(rule.key, overrides)
        shown = _format_rule(value, rule.unit)
        if rule.key in overrides:
            shown += " *"
        rows.append([_(rule.label_key), shown, _(rule.source_key)])
    blocks: list[Block] = [
        Paragraph(_("report.sources.intro"), muted=True),
        Table(
            header=[_("report.sources.rule"), _("report.sources.value"), _("report.sources.source")],
            rows=rows,
            align=["L", "R", "L"],
            widths=[3.4, 1.2, 7],
        ),
    ]
    if any(key in overrides for key in LEGAL_RULES):
        blocks.append(Paragraph(_("report.sources.override_note"), muted=True))
    return Section(_("report.section.sources"), blocks, key="sources")


def _notes(c: _Context) -> Section:
    """How the figures were arrived at, so a reader can weigh them: the date, where they come
    from, how the money for debts follows from income and spending, what is not known. The
    person's copy adds the notes the person wrote on each debt."""
    _, case, hh = c._, c.case, c.case.household
    notes = [_("report.notes.source", as_of=c.as_of)]
    if case.settings.plan.monthly_budget is not None:
        notes.append(_("report.notes.budget_own", budget=fmt_money(c.figures.budget)))
    elif case.debts:
        other = hh.total_expenses - hh.essential_expenses
        key = "report.notes.budget_other" if other > 0 else "report.notes.budget"
        if hh.available_for_debts < 0:
            key = "report.notes.budget_negative"
        notes.append(
            _(
                key,
                budget=fmt_money(c.figures.budget),
                income=fmt_money(hh.total_income),
                essential=fmt_money(hh.essential_expenses),
                other=fmt_money(other),
            )
        )
    missing = [c.labels[d.id] for d in case.debts if not masked_account(case, d)]
    notes.append(_("report.notes.accounts"))
    if missing:
        notes.append(_("report.notes.accounts_missing", platforms=_("format.list_sep").join(missing)))
    if c.copy == "own":
        unknown = [c.labels[d.id] for d in case.debts if d.annual_rate <= 0]
        if unknown:
            notes.append(_("report.notes.rates_unknown", platforms=_("format.list_sep").join(unknown)))
    blocks: list[Block] = [Paragraph(text) for text in notes]
    if c.copy == "own":
        for debt in case.debts:
            if debt.notes.strip():
                blocks.append(Quote(mask_digits(debt.notes.strip()), c.labels[debt.id]))
    return Section(_("report.section.notes"), blocks, key="notes")


def _signature(c: _Context) -> Section:
    _, person = c._, c.case.person
    items = [
        (_("report.sign.name"), person.name),
        (_("report.sign.contact"), person.contact),
        (_("report.sign.signature"), ""),
        (_("report.sign.date"), ""),
    ]  # drawn in two columns: name and contact on the left, signature and date on the right
    return Section(
        _("report.section.sign"), [Signature(_("report.sign.declaration", as_of=c.as_of), items)], key="sign"
    )


def _format_rule(value: Decimal, unit: str) -> str:
    if unit in ("rate", "fraction"):
        return fmt_pct(value, 2 if value * 100 == (value * 100).to_integral_value() else 4)
    return format(value.normalize(), "f")


_BUILDERS = {
    "summary": _summary,
    "hardship": _hardship,
    "finances": _finances,
    "assets": _assets,
    "debts": _debts,
    "offers": _offers,
    "plan": _plan,
    "nobody_agrees": _nobody_agrees,
    "negotiations": _negotiations,
    "contacts": _contacts,
    "sources": _sources,
    "notes": _notes,
    "sign": _signature,
}


# --- the whole report ------------------------------------------------------------------------
def build_report(case: Case, lang: str, *, copy: str = "creditor", creditor: str | None = None, plan=None) -> Report:
    """One statement, in ``lang``: ``copy`` is "creditor" (addressed to the debt ``creditor``, or
    to every creditor when None) or "own" (the person's copy). The plan is computed when not given.
    The score is not printed: it is a self-check for the person, not something a creditor weighs.
    """
    from overdue_core.plan.engine import build_plan

    if copy not in COPIES:
        raise ValueError(f"unknown copy {copy!r}")
    if creditor is not None and (copy != "creditor" or case.debt(creditor) is None):
        raise ValueError("a statement is addressed to one of the case's debts, and only the creditor copy")
    _ = Translator(lang)
    plan = plan if plan is not None else build_plan(case)
    labels = debt_labels(case.debts)
    context = _Context(
        case=case,
        _=_,
        plan=plan,
        figures=headline(plan),
        offers=plan.offers,
        colours=debt_colours(d.id for d in case.debts),
        labels=labels,
        copy=copy,
        creditor=creditor,
    )
    sections = [_BUILDERS[key](context) for key in SECTIONS[copy]]
    if copy == "own":
        subtitle = _("report.subtitle_own")
    elif creditor is not None:
        ref = masked_account(case, case.debt(creditor))
        subtitle = _("report.to_one_ref" if ref else "report.to_one", platform=labels[creditor], ref=ref)
    else:
        subtitle = _("report.to_all")
    return Report(
        lang=_.lang,
        title=_("report.title_own" if copy == "own" else "report.title"),
        subtitle=subtitle,
        sections=sections,
        footer=_("report.footer_own" if copy == "own" else "report.footer", as_of=context.as_of),
        copy=copy,
        creditor=creditor,
    )
