"""Debts: one debt at a time on a guided form with a card per debt; the full table for table people."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pandas as pd
import streamlit as st

from overdue_core.case import Debt, DebtKind, Repayment, fmt_money, problem, problems_from_validation
from overdue_core.entry import check_debt, debt_labels, next_debt_id, percent_for_widget, rate_from_percent
from overdue_core.measures.legal import due_warnings
from overdue_core.plan import needed_this_month
from ui.frame import open_page, require_case
from ui.state import apply_update, is_read_only, lang, rev, update_case
from ui.user_text import md_escape
from ui.widgets import (
    cell_decimal,
    check_text,
    count_field,
    draft,
    draw_bills_import,
    draw_cards,
    draw_form,
    editable_table,
    show_problems,
    validate_rows,
)

case, _ = open_page("debts.title", "debts.intro")
read_only = is_read_only()
today = dt.date.today()
if read_only:
    st.info(_("guided.read_only"), icon=":material/visibility:")

# --- one card per debt, and the guided form ------------------------------------------------
draw_cards(case, today, read_only)
if not read_only and draft()["editing"] is None:
    draw_form(today)
with st.expander(_("debts.where_to_find"), icon=":material/help:"):
    st.markdown(_("debts.where_to_find_text"))
draw_bills_import()  # debts found in the repayments of the person's own bills

case = require_case()  # a form button may have changed it in a callback
if case.debts:
    m1, m2, m3 = st.columns(3)
    m1.metric(_("debts.total_owed"), fmt_money(case.total_owed))
    m2.metric(_("debts.total_overdue"), fmt_money(case.total_overdue))
    m3.metric(_("debts.required_month"), fmt_money(needed_this_month(case)))
    # A stated due that contradicts balance, rate and terms is trusted; say so (a warning, not an error).
    for warning in due_warnings(case, lang(), escape=md_escape):
        st.warning(warning, icon=":material/calculate:")
    st.page_link("pages/overview.py", label=_("guided.next_overview"), icon=":material/arrow_forward:")

# --- the situation flags ----------------------------------------------------------------
st.header(_("debts.flags_heading"))
f1, f2, f3 = st.columns(3)
flags = {
    "borrowing_to_repay": f1.checkbox(
        _("debts.flag.borrowing_to_repay"),
        value=case.flags.borrowing_to_repay,
        key=f"flag_b_{rev()}",
        help=_("debts.flag.borrowing_to_repay_help"),
        disabled=read_only,
    ),
    "collection_calls": f2.checkbox(
        _("debts.flag.collection_calls"), value=case.flags.collection_calls, key=f"flag_c_{rev()}", disabled=read_only
    ),
    "lawsuit_threatened": f3.checkbox(
        _("debts.flag.lawsuit_threatened"),
        value=case.flags.lawsuit_threatened,
        key=f"flag_l_{rev()}",
        disabled=read_only,
    ),
}
if not read_only and flags != case.flags.model_dump():
    updated, error = apply_update(case, flags=flags)
    if updated is not None:
        update_case(updated)
        case = updated

# --- the full table ---------------------------------------------------------------------
TABLE_COLUMNS = [
    "id",
    "platform",
    "kind",
    "balance",
    "annual_rate_pct",
    "repayment",
    "remaining_terms",
    "monthly_due",
    "overdue_amount",
    "days_overdue",
    "penalty_rate_pct",
    "late_fee_rate_pct",
    "lender_licensed",
]


def _row(debt: Debt) -> dict[str, Any]:
    return {
        "id": debt.id,
        "platform": debt.platform,
        "kind": debt.kind.value,
        "balance": float(debt.balance),
        "annual_rate_pct": percent_for_widget(debt.annual_rate),
        "repayment": debt.repayment.value,
        "remaining_terms": debt.remaining_terms,
        "monthly_due": float(debt.monthly_due),
        "overdue_amount": float(debt.overdue_amount),
        "days_overdue": debt.days_overdue,
        "penalty_rate_pct": percent_for_widget(debt.penalty_rate),
        "late_fee_rate_pct": percent_for_widget(debt.late_fee_rate),
        "lender_licensed": debt.lender_licensed,
    }


def _pct(value: Any) -> Any:
    value = cell_decimal(value)
    return rate_from_percent(value)


existing = {d.id: d for d in case.debts}
taken_ids: set[str] = set(existing)


def _to_data(row: dict[str, Any], position: int) -> dict[str, Any]:
    """A table row merged over the stored debt with the same id (keeps the fields not shown)."""
    debt_id = (row.get("id") or "").strip() if isinstance(row.get("id"), str) else row.get("id")
    if not debt_id:
        debt_id = next_debt_id(taken_ids)
        taken_ids.add(debt_id)
    base = existing[debt_id].model_dump() if debt_id in existing else {}
    base.update(
        {
            "id": debt_id,
            "platform": row.get("platform"),
            "kind": row.get("kind") or "installment_loan",
            "balance": cell_decimal(row.get("balance")) if row.get("balance") is not None else Decimal(0),
            "annual_rate": _pct(row.get("annual_rate_pct")) if row.get("annual_rate_pct") is not None else Decimal(0),
            "repayment": row.get("repayment") or "equal_installment",
            "remaining_terms": row.get("remaining_terms") if row.get("remaining_terms") is not None else 0,
            "monthly_due": cell_decimal(row.get("monthly_due")) if row.get("monthly_due") is not None else Decimal(0),
            "overdue_amount": cell_decimal(row.get("overdue_amount"))
            if row.get("overdue_amount") is not None
            else Decimal(0),
            "days_overdue": row.get("days_overdue") if row.get("days_overdue") is not None else 0,
            "penalty_rate": _pct(row.get("penalty_rate_pct"))
            if row.get("penalty_rate_pct") is not None
            else Decimal(0),
            "late_fee_rate": _pct(row.get("late_fee_rate_pct"))
            if row.get("late_fee_rate_pct") is not None
            else Decimal(0),
            "lender_licensed": bool(row.get("lender_licensed")) if row.get("lender_licensed") is not None else True,
        }
    )
    return base


def _percent_column(label: str, help_text: str, high: int) -> Any:
    """A rate column in percent, to the hundredth, up to ``high`` (a Streamlit column config)."""
    return st.column_config.NumberColumn(label, help=help_text, min_value=0, max_value=high, step=0.01, format="%.2f%%")


# Keyed, so it stays open when the first saved row adds the cards above and shifts the page.
with st.expander(_("guided.table_expander"), icon=":material/table:", key="debts_table", on_change="rerun"):
    st.caption(_("debts.table_hint"))
    money = dict(min_value=0, step=0.01, format="%.2f")
    frame = editable_table(
        "debts",
        lambda: pd.DataFrame([_row(d) for d in case.debts], columns=TABLE_COLUMNS),
        # The id ties a row to its stored debt; it stays on the server, never in the grid.
        hidden="id",
        column_order=TABLE_COLUMNS[1:],
        disabled=read_only,
        column_config={
            "platform": st.column_config.TextColumn(
                _("field.platform"), required=True, max_chars=80, help=_("debts.help.platform")
            ),
            "kind": st.column_config.SelectboxColumn(
                _("field.kind"), options=[k.value for k in DebtKind], format_func=lambda v: _(f"enum.kind.{v}")
            ),
            "balance": st.column_config.NumberColumn(_("field.balance"), help=_("debts.help.balance"), **money),
            "annual_rate_pct": _percent_column(_("debts.rate_pct"), _("debts.help.annual_rate"), 1000),
            "repayment": st.column_config.SelectboxColumn(
                _("field.repayment"),
                options=[r.value for r in Repayment],
                format_func=lambda v: _(f"enum.repayment.{v}"),
            ),
            "remaining_terms": st.column_config.NumberColumn(
                _("field.remaining_terms"), **count_field(0, 600), help=_("debts.help.remaining_terms")
            ),
            "monthly_due": st.column_config.NumberColumn(
                _("field.monthly_due"), help=_("debts.help.monthly_due"), **money
            ),
            "overdue_amount": st.column_config.NumberColumn(
                _("field.overdue_amount"), help=_("debts.help.overdue_amount"), **money
            ),
            "days_overdue": st.column_config.NumberColumn(
                _("field.days_overdue"), **count_field(0, 3650), help=_("debts.help.days_overdue")
            ),
            "penalty_rate_pct": _percent_column(_("debts.penalty_pct"), _("debts.help.penalty_rate"), 1000),
            "late_fee_rate_pct": _percent_column(_("debts.late_fee_pct"), _("debts.help.late_fee_rate"), 100),
            "lender_licensed": st.column_config.CheckboxColumn(
                _("field.lender_licensed"), help=_("debts.help.lender_licensed"), default=True
            ),
        },
    )
    if not read_only:
        debts, problems = validate_rows(frame, Debt, _to_data, lang())
        if not problems:
            ids = [d.id for d in debts]
            if len(ids) != len(set(ids)):
                problems = [problem("duplicate_debt_id", lang(), path=_("field.debts"))]
        if problems:
            show_problems(problems)
        else:
            updated, error = apply_update(case, debts=[d.model_dump() for d in debts])
            if error is not None:
                show_problems(problems_from_validation(error, lang()))
            elif updated != case:
                update_case(updated)
                case = updated
        # Plausibility warnings for what the table holds, by the name a person reads.
        labels = debt_labels(case.debts)
        for debt in case.debts:
            for check in check_debt(debt, today):
                st.caption(f"{md_escape(labels[debt.id])}{'：' if lang() == 'zh-CN' else ': '}{check_text(check)}")
