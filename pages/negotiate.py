"""Negotiate: what to offer each platform, the options' true cost, a letter and script, and the status."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import streamlit as st
from pydantic import ValidationError

from overdue_core.case import AgreedTermsKind, NegotiationStatus, fmt_money, fmt_pct, problems_from_validation
from overdue_core.entry import debt_labels, debt_numbers, exact, percent_for_widget, rate_from_percent
from overdue_core.i18n import LANGS
from overdue_core.measures.negotiate import (
    ENCLOSURES,
    hardship_letter,
    negotiation_for,
    negotiation_script,
    next_payment_date,
    parse_request,
    suggested_months,
    upsert,
)
from overdue_core.plan import first_month, headline, offer_cell, options_for_debt, running_text
from ui import readonly
from ui.cached import plan_for
from ui.frame import open_page
from ui.state import draft_widget, flash, is_read_only, lang, rev, update_case
from ui.user_text import md_escape
from ui.widgets import (
    clearable,
    count_field,
    debt_from_link,
    download_row,
    money_field,
    percent_field,
    pick_debt,
    row_cards,
    show_problems,
    text_download,
)

case, _ = open_page("negotiate.title", "negotiate.intro")
if not case.debts:
    st.info(_("negotiate.no_debts"), icon=":material/info:")
    st.stop()
linked = debt_from_link(case)
labels = debt_labels(case.debts)  # what a person reads for each debt (never its id)
#: The page's fields for months (a letter asks for at most 120), an annual rate and a monthly fee.
MONTHS = count_field(1, 120)
RATE = percent_field(1000.0, 0.1)
FEE = percent_field(100.0, 0.05)

# --- what each platform can be offered --------------------------------------------------------
plan = plan_for(case)  # cached per session, keyed by the case
offers = plan.offers  # the plan's own month-1 allocation: the same object the Plan page and the PDF read
figures = headline(plan)
needed = first_month(case)
st.header(_("negotiate.offers_heading"))
st.caption(_("negotiate.offers_hint", budget=fmt_money(figures.budget)))
if not plan.feasible:
    st.info(
        _("negotiate.offers_short", required=fmt_money(figures.needed_this_month), budget=fmt_money(figures.budget)),
        icon=":material/handshake:",
    )
row_cards(
    [
        {
            _("field.platform"): labels[d.id],
            _("negotiate.offer_col"): offer_cell(offers[d.id], _) if d.id in offers else "—",
            _("negotiate.owed_col"): fmt_money(d.total_owed),
            _("negotiate.asked_col"): fmt_money(needed[d.id].required),
            _("negotiate.status_col"): _(f"enum.negotiation_status.{negotiation_for(case, d.id).status.value}"),
        }
        for d in case.debts
    ]
)

# What each offer costs if the platform keeps its charges running: the reason to ask for them to stop.
running = [line for o in offers.values() if (line := running_text(o, _, escape=md_escape))]
if running:
    # Behind one tap: six such notes were a phone screen before the first thing to choose.
    with st.expander(_("negotiate.running_detail", count=len(running)), icon=":material/trending_up:"):
        st.caption("\n\n".join(running))

# Without a link, the first platform the plan asks to agree to something (a loan on contract needs no letter).
to_ask = next((d.id for d in case.debts if d.id in offers and offers[d.id].kind == "installments"), None)
debt_id = pick_debt(st, _("negotiate.pick"), case, linked or to_ask, key=f"neg_debt_{rev()}")
debt = case.debt(debt_id)
offer_item = offers.get(debt_id)
offer = offer_item.monthly if offer_item is not None else Decimal("0.00")


# --- options compared by true APR ---------------------------------------------------------------
# A fragment: changing these four inputs reruns only this table, not the whole page.
@st.fragment
def _option_fields(debt) -> tuple[float | None, float | None, float | None, float | None]:
    """The four terms of the options: extension months, installments, their rate and fee."""
    # Emptied, a field is empty (and named below), not its old figure; an emptied fee is no fee.
    # One row of columns per pair, so a phone (where columns stack) reads them in this order too.
    installments = min(offer_item.months, 120) if offer_item is not None and offer_item.months else 12
    fields = (
        (_("negotiate.extension_months"), 3, MONTHS, "neg_ext"),
        (_("negotiate.installments"), installments, MONTHS, "neg_inst"),
        (_("negotiate.installment_rate"), percent_for_widget(debt.annual_rate), RATE, "neg_rate"),
        (_("negotiate.installment_fee"), 0.0, FEE, "neg_fee"),
    )
    cells = [*st.columns(2), *st.columns(2)]
    ext_months, inst_months, inst_rate, inst_fee = (
        clearable.number(cell, label, stored, **bounds, key=f"{name}_{debt.id}", disabled=is_read_only())
        for cell, (label, stored, bounds, name) in zip(cells, fields, strict=True)
    )
    return ext_months, inst_months, inst_rate, inst_fee


def _options(debt, offer: Decimal) -> None:
    st.header(_("negotiate.options_heading"))
    st.caption(_("negotiate.options_hint"))
    ext_months, inst_months, inst_rate, inst_fee = _option_fields(debt)
    empty = clearable.emptied(
        {
            _("negotiate.extension_months"): ext_months,
            _("negotiate.installments"): inst_months,
            _("negotiate.installment_rate"): inst_rate,
        }
    )
    if empty:
        for line in empty:
            st.info(line, icon=":material/edit_note:")
        return
    inst_fee = inst_fee or 0.0
    try:
        options = options_for_debt(
            debt,
            extension_months=int(ext_months),
            installments=int(inst_months),
            installment_rate=rate_from_percent(inst_rate),
            installment_fee_rate=rate_from_percent(inst_fee),
        )
    except ValidationError as exc:
        st.caption(_("negotiate.options_unavailable"))
        show_problems(problems_from_validation(exc, lang()))
        options = []
    if options:
        row_cards(
            [
                {
                    _("negotiate.option_col"): _(o.label_key),
                    _("negotiate.monthly_col"): fmt_money(o.monthly_payment),
                    _("negotiate.months_col"): o.months,
                    _("negotiate.total_col"): fmt_money(o.total_paid),
                    _("negotiate.cost_col"): fmt_money(o.total_cost),
                    _("negotiate.apr_col"): f"{fmt_pct(o.apr.nominal)} / {fmt_pct(o.apr.effective)}"
                    if o.apr
                    else _("negotiate.apr_none"),
                }
                for o in options
            ]
        )


_options(debt, offer)
if is_read_only():
    # A counselor reads the offers and options; the letter and the status are the owner's.
    readonly.notice()
    st.caption(_("app.not_advice"))
    st.stop()

# --- letter and call script ---------------------------------------------------------------------
st.header(_("negotiate.letter_heading"))
st.caption(_("negotiate.letter_hint"))
key = f"{debt_id}_{rev()}"
letter_lang = st.segmented_control(
    _("negotiate.letter_lang"),
    options=list(LANGS),
    default=lang(),
    format_func=lambda code: _(f"enum.lang.{code}"),
    key=f"letter_lang_{key}",
    required=True,
)
stored = negotiation_for(case, debt_id)
# One row of columns per pair: on a phone, where columns stack, the form reads in this order too
# (what happened and since when first, then the incomes, then the offer and its days).
c1, c2 = st.columns(2)
# The person's own words are drafts: kept across page and language switches (ui.state.drafts).
name = draft_widget(c1.text_input, _("letters.form.name"), "letter.name", "", max_chars=80)
# The case's own bounds (2000–2100): Streamlit's default lower bound, ten years before today, is above
# the upper one for a case dated further back.
since = c2.date_input(
    _("letters.form.since"), value=None, min_value=dt.date(2000, 1, 1), max_value=case.as_of, key=f"letter_since_{key}"
)
reason = draft_widget(
    st.text_area, _("letters.form.reason"), f"letter.reason.{debt_id}", stored.reason, max_chars=4000, height=90
)
income_now = float(case.household.total_income)
c1, c2 = st.columns(2)
before = draft_widget(
    c1.number_input,
    _("letters.form.income_before"),
    "letter.income_before",
    None,
    **money_field(100.0),
)
# Emptied, these fields are empty (the letter's check names them), not their old figures.
after = clearable.number(
    c2,
    _("letters.form.income_after"),
    income_now if income_now > 0 else None,
    **money_field(100.0),
    key=f"letter_after_{key}",
)
c1, c2 = st.columns(2)
monthly_offer = clearable.number(
    c1,
    _("letters.form.offer"),
    float(stored.requested_monthly or offer),
    **money_field(50.0),
    help=_("negotiate.offer_hint", offer=fmt_money(offer)),
    key=f"letter_offer_{key}",
)
offer_typed = exact(monthly_offer) if monthly_offer is not None else Decimal(0)
planned_months = stored.requested_months or (
    offer_item.months
    if offer_item is not None and offer_item.months and offer_typed == offer
    else suggested_months(debt.total_owed, offer_typed)
)
# A letter asks for at most 120 months (a 20-year loan kept on contract has more terms left than that).
months = clearable.number(
    c2,
    _("letters.form.months"),
    max(1, min(int(planned_months), 120)),
    **MONTHS,
    key=f"letter_months_{key}",
)
c1, c2 = st.columns(2)
payment_day = clearable.number(
    c1, _("letters.form.payment_day"), debt.due_day or 10, **count_field(1, 31), key=f"letter_day_{key}"
)
# An offer the plan starts later (a pause first) starts the letter's payments in that month too.
first_start = next_payment_date(
    offer_item.start if offer_item is not None and offer_item.start is not None else case.as_of,
    int(payment_day or debt.due_day or 10),
)
start = c2.date_input(_("letters.form.start"), value=first_start, key=f"letter_start_{key}")
resume = draft_widget(st.text_input, _("letters.form.resume"), "letter.resume", "", max_chars=400)
c3, c4 = st.columns(2)
best_time = draft_widget(c3.text_input, _("letters.form.best_time"), "letter.best_time", "", max_chars=80)
reach_by = draft_widget(c4.text_input, _("letters.form.reach_by"), "letter.reach_by", "", max_chars=80)
enclosures = st.multiselect(
    _("letters.form.enclosures"),
    list(ENCLOSURES),
    default=["income_change", "repayment_record"],
    format_func=lambda v: _(f"letters.enclosure.{v}"),
    key=f"letter_enc_{key}",
    placeholder=_("format.choose"),
)
penalty_stop = st.checkbox(_("letters.form.ask_penalty_stop"), value=True, key=f"letter_pen_{key}")
request, problems = parse_request(
    {
        "debt_id": debt_id,
        "name": name,
        "reason": reason,
        "since": since,
        "income_before": repr(before) if before is not None else None,
        "income_after": repr(after) if after is not None else None,
        "monthly_offer": repr(monthly_offer) if monthly_offer is not None else None,
        "months": months,
        "start": start,
        "payment_day": payment_day,
        "resume": resume,
        "best_time": best_time,
        "reach_by": reach_by,
        "enclosures": enclosures,
        "ask_penalty_stop": penalty_stop,
        # The plan's offer repays exactly what is owed, its last installment smaller: the letter says so
        # while the amount and months are the plan's own.
        "final": str(offer_item.final)
        if offer_item is not None
        and offer_item.final is not None
        and offer_typed == offer_item.monthly
        and months == offer_item.months
        else None,
    },
    lang(),
)
if not reason.strip():
    st.info(_("negotiate.letter_need_reason"), icon=":material/edit_note:")
elif problems:
    st.warning(_("negotiate.letter_fix"), icon=":material/edit_off:")
    for item in problems:
        st.text(f"• {item}")
else:
    letter = hardship_letter(case, request, letter_lang)
    script = negotiation_script(case, request, letter_lang)
    tab_letter, tab_script = st.tabs([_("negotiate.letter_preview"), _("negotiate.script_preview")])
    tab_letter.code(letter, language=None, wrap_lines=True)
    tab_script.code(script, language=None, wrap_lines=True)
    number = debt_numbers(case.debts)[debt_id]
    download_row(
        text_download(
            _("negotiate.letter_download"), letter, f"letter-{number}-{letter_lang}.txt", "letter_dl", primary=True
        ),
        text_download(_("negotiate.script_download"), script, f"call-script-{number}-{letter_lang}.txt", "script_dl"),
    )

# --- status and agreed terms ---------------------------------------------------------------------
st.header(_("negotiate.status_heading"))
st.caption(_("negotiate.status_hint"))
if stored.status == NegotiationStatus.AGREED and stored.terms is not None:
    st.success(
        _(
            "negotiate.agreed_note",
            kind=_(f"enum.terms_kind.{stored.terms.kind.value}"),
            months=stored.terms.months,
            start=stored.terms.start.isoformat(),
        ),
        icon=":material/handshake:",
    )
statuses = [s.value for s in NegotiationStatus]
status = st.selectbox(
    _("negotiate.status_label", platform=md_escape(labels[debt_id])),
    statuses,
    index=statuses.index(stored.status.value),
    format_func=lambda v: _(f"enum.negotiation_status.{v}"),
    key=f"neg_status_{key}",
)
with st.form(key=f"neg_form_{key}_{status}"):
    terms = None
    if status == NegotiationStatus.AGREED.value:
        st.markdown(f"**{_('negotiate.terms_heading')}**")
        agreed = stored.terms
        kinds = [k.value for k in AgreedTermsKind]
        t1, t2 = st.columns(2)
        kind = t1.selectbox(
            _("negotiate.terms_kind"),
            kinds,
            index=kinds.index(agreed.kind.value) if agreed else 0,
            format_func=lambda v: _(f"enum.terms_kind.{v}"),
        )
        t_start = t2.date_input(_("negotiate.terms_start"), value=agreed.start if agreed else start)
        # Emptied, the months are empty (named when saving); an emptied rate, fee or amount is none.
        shown = {
            "months": agreed.months if agreed else int(months or 12),
            "rate": percent_for_widget(agreed.annual_rate) if agreed else 0.0,
            "fee": percent_for_widget(agreed.monthly_fee_rate) if agreed else 0.0,
            "amount": float(agreed.amount or 0) if agreed else 0.0,
        }
        t_months, t_rate, t_fee, t_amount = (
            clearable.number(where, label, shown[name], **bounds, key=f"terms_{name}_{key}")
            for where, label, bounds, name in (
                (t1, _("negotiate.terms_months"), MONTHS, "months"),
                (t2, _("negotiate.terms_rate"), RATE, "rate"),
                (t1, _("negotiate.terms_fee"), FEE, "fee"),
                (t2, _("negotiate.terms_amount"), money_field(100.0), "amount"),
            )
        )
        t_waived = st.checkbox(_("negotiate.terms_waived"), value=agreed.penalty_waived if agreed else False)
        terms = {
            "kind": kind,
            "start": t_start,
            "months": t_months,
            "annual_rate": rate_from_percent(t_rate or 0.0),
            "monthly_fee_rate": rate_from_percent(t_fee or 0.0),
            "penalty_waived": t_waived,
            "amount": exact(t_amount) if t_amount else None,
        }
    save = st.form_submit_button(_("negotiate.save_status"), type="primary", icon=":material/save:")
if save:
    updated, errors = upsert(
        case,
        {
            "debt_id": debt_id,
            "status": status,
            "requested_monthly": exact(monthly_offer) if monthly_offer else None,
            "requested_months": int(months) if months else None,
            "reason": reason,
            "terms": terms,
            "updated": dt.date.today(),
        },
        lang(),
    )
    if errors:
        show_problems(errors)
    else:
        update_case(updated)
        flash(
            "success",
            _("negotiate.saved", platform=md_escape(labels[debt_id]), status=_(f"enum.negotiation_status.{status}")),
        )
        st.rerun()
st.caption(_("app.not_advice"))
