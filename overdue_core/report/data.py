"""What the printable statement says, computed from the case, in the chosen language.

Why separate from the PDF drawing: every figure is decided here (exact Decimals, formatted once
with ``fmt_money``), so tests can check the content without reading a PDF, and ``pdf`` only lays
it out. The statement is written for a creditor or a counselor, modelled on the UK Standard
Financial Statement: who it is from, income, spending, what is left for debts, the debts, the
offer to each creditor (pro rata to what is owed, from the plan engine's offers), the plan,
negotiations and contacts so far, the legal references, and a declaration with the person's
signature and date. The wording is sober: nothing is addressed to the reader as encouragement,
and references are laws, regulations and court interpretations only (never press reports).

Spending has no "reference figures" column: we know of no dated, sourced national spending
shares to print beside a person's own figures, and inventing some would mislead a creditor.

Account and order numbers are printed masked (last four characters), and long digit runs in
free text are masked the same way.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Literal, Union

from overdue_core.case.labels import debt_labels
from overdue_core.case.models import Case, ExpenseCategory, mask_identifier
from overdue_core.case.money import fmt_money, fmt_pct
from overdue_core.i18n import Translator
from overdue_core.palette import debt_colours
from overdue_core.plan.apr import debt_true_apr
from overdue_core.plan.figures import Headline, first_month, headline
from overdue_core.plan.offers import Offer, offer_cell
from overdue_core.plan.slips import plan_slips
from overdue_core.rules import RULES, rule_value

Align = Literal["L", "R", "C"]

#: How many months of the plan the balance chart shows (the rest is in the schedule export).
CHART_MONTHS = 36
#: Longest piece of free text (a contact note) printed in the report.
MAX_NOTE_CHARS = 160


@dataclass
class Paragraph:
    text: str
    muted: bool = False


@dataclass
class Facts:
    """Label → value pairs, printed in two columns."""

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


Block = Union[Paragraph, Facts, Table, BarChart, LineChart, Signature]


@dataclass
class Section:
    title: str
    blocks: list[Block] = field(default_factory=list)


@dataclass
class Report:
    lang: str
    title: str
    subtitle: str
    sections: list[Section]
    footer: str


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


# --- sections -----------------------------------------------------------------------------
def _summary(case: Case, _: Translator, figures: Headline) -> Section:
    """Who the statement is from and the figures at a glance (UK SFS: personal details)."""
    person = case.person
    items = [
        (_("report.summary.name"), person.name or _("report.summary.blank")),
        (_("report.summary.contact"), person.contact or _("report.summary.blank")),
        (_("report.summary.as_of"), case.as_of.isoformat()),
        (_("field.dependants"), str(case.household.dependants)),
        (_("report.summary.debts"), str(len(case.debts))),
        (_("report.summary.total_owed"), fmt_money(figures.total_owed)),
        (_("report.summary.total_overdue"), fmt_money(case.total_overdue)),
        (_("report.summary.required"), fmt_money(figures.needed_this_month)),
        (_("report.summary.budget"), fmt_money(figures.budget)),
    ]
    return Section(_("report.section.summary"), [Facts(items)])


def _finances(case: Case, _: Translator, budget: Decimal) -> Section:
    hh = case.household
    income = hh.total_income
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
            total = sum((e.amount for e in items), Decimal("0.00"))
            rows.append([_.enum("category", category), fmt_money(essential), fmt_money(total), _share(total, income)])
        blocks.append(
            Table(
                header=[_("report.finances.category"), _("report.finances.essential"), _("report.finances.all_spending"), _("report.finances.share_of_income")],
                rows=rows,
                align=["L", "R", "R", "R"],
                widths=[3, 2, 2, 2],
                total=[_("report.total"), fmt_money(hh.essential_expenses), fmt_money(hh.total_expenses), _share(hh.total_expenses, income)],
            )
        )
    surplus_items = [
        (_("report.finances.total_income"), fmt_money(income)),
        (_("report.finances.essential_total"), fmt_money(hh.essential_expenses)),
        (_("report.finances.available"), fmt_money(hh.available_for_debts)),
        (_("report.finances.offered"), fmt_money(budget)),
        (_("field.liquid_savings"), fmt_money(hh.liquid_savings)),
    ]
    blocks.append(Facts(surplus_items))
    if case.settings.plan.monthly_budget is not None:
        blocks.append(Paragraph(_("report.finances.budget_own"), muted=True))
    return Section(_("report.section.finances"), blocks)


def _offers(case: Case, _: Translator, figures: Headline, offers: dict[str, Offer], colours: dict[str, str]) -> Section:
    owed_total = case.total_owed
    required = first_month(case)
    rows, swatches = [], []
    for debt in case.debts:
        if debt.id not in offers:
            continue
        offer = offers[debt.id]
        cell = offer_cell(offer, _)
        rows.append([debt_labels(case.debts)[debt.id], fmt_money(debt.total_owed), _share(debt.total_owed, owed_total), fmt_money(required[debt.id].required), cell])
        swatches.append(colours[debt.id])
    blocks: list[Block] = [Paragraph(_("report.offers.intro"))]
    if rows:
        blocks.append(
            Table(
                header=[_("field.platform"), _("report.col.owed"), _("report.offers.share"), _("report.offers.required"), _("report.offers.offer")],
                rows=rows,
                align=["L", "R", "R", "R", "R"],
                widths=[3, 2, 1.4, 2, 2],
                total=[_("report.total"), fmt_money(owed_total), "100.0%" if owed_total > 0 else "—", fmt_money(figures.needed_this_month), fmt_money(sum((o.this_month for o in offers.values()), Decimal("0.00")))],
                swatches=swatches,
            )
        )
    else:
        blocks.append(Paragraph(_("report.offers.none"), muted=True))
    return Section(_("report.section.offers"), blocks)


def _debts(case: Case, _: Translator, colours: dict[str, str]) -> Section:
    if not case.debts:
        return Section(_("report.section.debts"), [Paragraph(_("report.debts.none"), muted=True)])
    rows, swatches = [], []
    for debt in case.debts:
        apr = debt_true_apr(debt)
        rows.append(
            [
                debt_labels(case.debts)[debt.id],
                _(f"report_kind.{debt.kind.value}"),
                fmt_money(debt.balance),
                fmt_money(debt.overdue_amount),
                str(debt.days_overdue) if debt.days_overdue else "—",
                fmt_pct(debt.annual_rate, 2),
                fmt_pct(apr.nominal, 2) if apr is not None else "—",
                fmt_money(debt.monthly_due),
                debt.masked_ref or "—",
            ]
        )
        swatches.append(colours[debt.id])
    table = Table(
        header=[
            _("field.platform"), _("field.kind"), _("field.balance"), _("field.overdue_amount"), _("report.debts.days"),
            _("field.annual_rate"), _("report.debts.apr"), _("field.monthly_due"), _("report.debts.account"),
        ],
        rows=rows,
        align=["L", "L", "R", "R", "R", "R", "R", "R", "L"],
        widths=[2.4, 2.3, 1.9, 1.8, 1.4, 1.3, 1.5, 1.7, 1.9],
        total=[_("report.total"), "", fmt_money(sum((d.balance for d in case.debts), Decimal("0.00"))), fmt_money(case.total_overdue), "", "", "", fmt_money(sum((d.monthly_due for d in case.debts), Decimal("0.00"))), ""],
        swatches=swatches,
    )
    chart = BarChart(
        title=_("report.debts.chart"),
        labels=list(debt_labels(case.debts).values()),
        values=[d.total_owed for d in case.debts],
        colours=[colours[d.id] for d in case.debts],
    )
    notes = Paragraph(_("report.debts.apr_note", total=fmt_money(case.total_owed)), muted=True)
    return Section(_("report.section.debts"), [table, notes, chart])


def _plan(case: Case, plan, _: Translator, colours: dict[str, str]) -> Section:
    def month_text(month: int | None) -> str:
        if month is None:
            return _("report.plan.not_within")
        if month == 0:
            return _("report.plan.already")
        return _("report.plan.month_n", n=month)

    items = [
        (_("field.strategy"), _.enum("strategy", plan.strategy)),
        (_("report.plan.budget"), fmt_money(plan.budget)),
        (_("report.plan.feasible"), _("report.yes") if plan.feasible else _("report.plan.shortfall", amount=fmt_money(plan.shortfall))),
        (_("report.plan.debt_free"), plan.debt_free_date.isoformat() if plan.debt_free_date else _("report.plan.not_within")),
        (_("report.plan.total_paid"), fmt_money(plan.total_paid)),
        (_("report.plan.total_interest"), fmt_money(plan.total_interest)),
        (_("report.plan.total_penalty"), fmt_money(plan.total_penalty)),
        (_("report.plan.total_fees"), fmt_money(plan.total_fees)),
    ]
    blocks: list[Block] = [Facts(items)]
    rows, swatches = [], []
    for outcome in plan.debts:
        rows.append(
            [
                debt_labels(case.debts).get(outcome.id, outcome.platform),
                month_text(outcome.current_month) if outcome.was_overdue else _("report.plan.already"),
                month_text(outcome.paid_off_month),
                outcome.credit_record_clears.isoformat() if outcome.credit_record_clears else "—",
            ]
        )
        swatches.append(colours.get(outcome.id))
    if rows:
        blocks.append(
            Table(
                header=[_("field.platform"), _("report.plan.current_again"), _("report.plan.paid_off"), _("report.plan.record_clears")],
                rows=rows,
                align=["L", "L", "L", "L"],
                widths=[3, 2.5, 2.5, 2.5],
                swatches=swatches,
            )
        )
    blocks.extend(_slips(case, plan, _, colours))
    frame = plan.schedule
    if not frame.empty:
        months = sorted(set(int(m) for m in frame["month"]))[:CHART_MONTHS]
        dates = {int(m): d for m, d in zip(frame["month"], frame["date"], strict=True)}
        series = []
        for debt in case.debts:
            part = frame[frame["debt_id"] == debt.id]
            by_month = {int(m): b for m, b in zip(part["month"], part["balance"], strict=True)}
            series.append((debt_labels(case.debts)[debt.id], colours[debt.id], [by_month.get(m, Decimal("0.00")) for m in months]))
        blocks.append(LineChart(title=_("report.plan.chart", months=len(months)), x_labels=[dates[m].strftime("%Y-%m") for m in months], series=series))
    return Section(_("report.section.plan"), blocks)


def slip_rows(plan, _: Translator, names: dict[str, str] | None = None) -> list[tuple[str, list[str]]]:
    """(debt id, cells) per debt the plan lets fall behind or further behind (``plan_slips``).

    Why in the statement: the plan's ``falls_behind`` / ``falls_further`` warnings are a
    consequence a creditor must see, not only the person. The rows are the Plan page's own
    (``overdue_core.plan.slips``): first month behind, first month a bucket deeper, months
    behind in all, the month it is current again.
    """

    def day(value) -> str:
        return value.isoformat() if value else "—"

    return [
        (
            slip.debt_id,
            [(names or {}).get(slip.debt_id, slip.platform), day(slip.falls_behind), day(slip.falls_further), str(slip.months_behind), day(slip.current_again) if slip.current_again else _("report_slip.never")],
        )
        for slip in plan_slips(plan)
    ]


def _slips(case: Case, plan, _: Translator, colours: dict[str, str]) -> list[Block]:
    """The debts that fall behind: under the plan itself (a short later month), else, for the plan
    to follow, if nobody agrees to it (the contract simulation: the reason the offers are made)."""
    intro = "report_slip.intro"
    rows = slip_rows(plan, _, debt_labels(case.debts))
    if not rows and getattr(plan, "agreed", False):
        intro = "report_slip.intro_nobody_agrees"
        rows = slip_rows(plan.if_nobody_agrees, _, debt_labels(case.debts))
    if not rows:
        return []
    return [
        Paragraph(_(intro)),
        Table(
            header=[_("field.platform"), _("report_slip.falls_behind"), _("report_slip.falls_further"), _("report_slip.months"), _("report_slip.current_again")],
            rows=[cells for _id, cells in rows],
            align=["L", "L", "L", "R", "L"],
            widths=[3, 2.6, 2.6, 1.6, 2.2],
            swatches=[colours.get(debt_id) for debt_id, _cells in rows],
        ),
    ]


def _negotiations(case: Case, _: Translator) -> Section:
    if not case.negotiations:
        return Section(_("report.section.negotiations"), [Paragraph(_("report.negotiations.none"), muted=True)])
    rows = []
    for item in case.negotiations:
        debt = case.debt(item.debt_id)
        terms = ""
        if item.terms is not None:
            terms = _("report.negotiations.terms", kind=_.enum("terms_kind", item.terms.kind), months=item.terms.months, start=item.terms.start.isoformat(), rate=fmt_pct(item.terms.annual_rate, 2))
        rows.append(
            [
                debt_labels(case.debts)[debt.id] if debt else "—",  # never the internal id
                _.enum("negotiation_status", item.status),
                fmt_money(item.requested_monthly) if item.requested_monthly is not None else "—",
                str(item.requested_months) if item.requested_months else "—",
                terms or "—",
                item.updated.isoformat() if item.updated else "—",
            ]
        )
    return Section(
        _("report.section.negotiations"),
        [Table(header=[_("field.platform"), _("field.status"), _("field.requested_monthly"), _("field.requested_months"), _("field.terms"), _("report.negotiations.updated")], rows=rows, align=["L", "L", "R", "R", "L", "L"], widths=[2.4, 1.8, 1.8, 1.4, 4, 1.6])],
    )


def _contacts(case: Case, _: Translator) -> Section:
    from overdue_core.measures.communicate.contacts import timeline

    entries = timeline(case)
    if not entries:
        return Section(_("report.section.contacts"), [Paragraph(_("report.contacts.none"), muted=True)])
    rows = []
    for c in entries:
        said = " / ".join(x for x in (c.said, c.i_promised, c.they_conceded) if x)
        ref = mask_identifier(c.account_ref)
        rows.append(
            [
                c.when.strftime("%Y-%m-%d %H:%M"),
                c.platform + (f" ({ref})" if ref else ""),
                _.enum("channel", c.channel),
                mask_digits(_clip(said)) or "—",
                (c.follow_up.isoformat() + (" ✓" if c.follow_up_done else "")) if c.follow_up else "—",
            ]
        )
    return Section(
        _("report.section.contacts"),
        [Table(header=[_("field.when"), _("field.platform"), _("field.channel"), _("report.contacts.what"), _("field.follow_up")], rows=rows, align=["L", "L", "L", "L", "L"], widths=[2, 2.4, 1.6, 6, 1.6])],
    )


#: Rules whose source is a law, a regulation or a court interpretation (the only references a
#: statement to a creditor cites; bank practice and press reports are left out).
LEGAL_RULES: tuple[str, ...] = (
    "private_lending_lpr_multiple",
    "reference_line_24",
    "reference_line_36",
    "credit_record_years",
    "objection_reply_days",
    "complaint_reply_days",
    "limitation_years",
)


def _sources(case: Case, _: Translator) -> Section:
    rows = []
    overrides = case.settings.rules
    for key in LEGAL_RULES:
        rule = RULES[key]
        value = rule_value(rule.key, overrides)
        shown = _format_rule(value, rule.unit)
        if rule.key in overrides:
            shown += " *"
        rows.append([_(rule.label_key), shown, _(rule.source_key)])
    blocks: list[Block] = [
        Table(header=[_("report.sources.rule"), _("report.sources.value"), _("report.sources.source")], rows=rows, align=["L", "R", "L"], widths=[3.4, 1.2, 7]),
    ]
    if any(key in overrides for key in LEGAL_RULES):
        blocks.append(Paragraph(_("report.sources.override_note"), muted=True))
    return Section(_("report.section.sources"), blocks)


def _signature(case: Case, _: Translator) -> Section:
    person = case.person
    items = [
        (_("report.sign.name"), person.name),
        (_("report.sign.contact"), person.contact),
        (_("report.sign.signature"), ""),
        (_("report.sign.date"), ""),
    ]  # drawn in two columns: name and contact on the left, signature and date on the right
    return Section(_("report.section.sign"), [Signature(_("report.sign.declaration", as_of=case.as_of.isoformat()), items)])


def _format_rule(value: Decimal, unit: str) -> str:
    if unit in ("rate", "fraction"):
        return fmt_pct(value, 2 if value * 100 == (value * 100).to_integral_value() else 4)
    return format(value.normalize(), "f")


# --- the whole report ------------------------------------------------------------------------
def build_report(case: Case, lang: str, *, plan=None, risk=None) -> Report:
    """Everything the PDF prints, in ``lang``; the plan is computed when not given.

    ``risk`` is accepted for callers that pass it but not printed: the score is a self-check
    for the person, not something a creditor is asked to weigh.
    """
    from overdue_core.plan.engine import build_plan

    del risk
    _ = Translator(lang)
    plan = plan if plan is not None else build_plan(case)
    budget = plan.budget
    figures = headline(plan)
    offers = plan.offers
    colours = debt_colours(d.id for d in case.debts)
    sections = [
        _summary(case, _, figures),
        _finances(case, _, budget),
        _debts(case, _, colours),
        _offers(case, _, figures, offers, colours),
        _plan(case, plan, _, colours),
        _negotiations(case, _),
        _contacts(case, _),
        _sources(case, _),
        _signature(case, _),
    ]
    return Report(
        lang=_.lang,
        title=_("report.title"),
        subtitle=_("report.subtitle"),
        sections=sections,
        footer=_("report.footer", as_of=case.as_of.isoformat()),
    )
