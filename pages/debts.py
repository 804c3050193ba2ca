"""Debts: every debt in one editable table, and a form for one debt that explains each field."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pandas as pd
import streamlit as st
from pydantic import ValidationError

from overdue_core.case import Debt, DebtKind, Repayment, fmt_money, problem, problems_from_validation
from ui.action_helpers import md_escape
from ui.editors import cell_decimal, editable_table, show_problems, validate_rows
from ui.guards import require_case
from ui.state import apply_update, ensure_app_entry, flash, lang, replace_case, rev, tr, update_case

ensure_app_entry()

_ = tr()
st.title(_("debts.title"))
st.caption(_("debts.intro"))
case = require_case()

PCT = Decimal(100)
TABLE_COLUMNS = [
    "id", "platform", "kind", "balance", "annual_rate_pct", "repayment", "remaining_terms", "monthly_due",
    "overdue_amount", "days_overdue", "penalty_rate_pct", "late_fee_rate_pct", "lender_licensed",
]


def _row(debt: Debt) -> dict[str, Any]:
    return {
        "id": debt.id, "platform": debt.platform, "kind": debt.kind.value, "balance": float(debt.balance),
        "annual_rate_pct": float(debt.annual_rate * PCT), "repayment": debt.repayment.value,
        "remaining_terms": debt.remaining_terms, "monthly_due": float(debt.monthly_due),
        "overdue_amount": float(debt.overdue_amount), "days_overdue": debt.days_overdue,
        "penalty_rate_pct": float(debt.penalty_rate * PCT), "late_fee_rate_pct": float(debt.late_fee_rate * PCT),
        "lender_licensed": debt.lender_licensed,
    }


def _pct(value: Any) -> Any:
    value = cell_decimal(value)
    return None if value is None else Decimal(value) / PCT


def _next_id(taken: set[str]) -> str:
    n = len(taken) + 1
    while f"d{n}" in taken:
        n += 1
    return f"d{n}"


existing = {d.id: d for d in case.debts}
taken_ids: set[str] = set(existing)


def _to_data(row: dict[str, Any], position: int) -> dict[str, Any]:
    """A table row merged over the stored debt with the same id (keeps the fields not shown)."""
    debt_id = (row.get("id") or "").strip() if isinstance(row.get("id"), str) else row.get("id")
    if not debt_id:
        debt_id = _next_id(taken_ids)
        taken_ids.add(debt_id)
    base = existing[debt_id].model_dump() if debt_id in existing else {}
    base.update(
        {
            "id": debt_id, "platform": row.get("platform"), "kind": row.get("kind") or "installment_loan",
            "balance": cell_decimal(row.get("balance")) if row.get("balance") is not None else Decimal(0),
            "annual_rate": _pct(row.get("annual_rate_pct")) if row.get("annual_rate_pct") is not None else Decimal(0),
            "repayment": row.get("repayment") or "equal_installment",
            "remaining_terms": row.get("remaining_terms") if row.get("remaining_terms") is not None else 0,
            "monthly_due": cell_decimal(row.get("monthly_due")) if row.get("monthly_due") is not None else Decimal(0),
            "overdue_amount": cell_decimal(row.get("overdue_amount")) if row.get("overdue_amount") is not None else Decimal(0),
            "days_overdue": row.get("days_overdue") if row.get("days_overdue") is not None else 0,
            "penalty_rate": _pct(row.get("penalty_rate_pct")) if row.get("penalty_rate_pct") is not None else Decimal(0),
            "late_fee_rate": _pct(row.get("late_fee_rate_pct")) if row.get("late_fee_rate_pct") is not None else Decimal(0),
            "lender_licensed": bool(row.get("lender_licensed")) if row.get("lender_licensed") is not None else True,
        }
    )
    return base


# --- the table --------------------------------------------------------------------------
st.header(_("debts.table_heading"))
st.caption(_("debts.table_hint"))
money = dict(min_value=0, step=0.01, format="%.2f")
frame = editable_table(
    "debts",
    lambda: pd.DataFrame([_row(d) for d in case.debts], columns=TABLE_COLUMNS),
    # The platform first: on a phone it is the column a person recognises; the id comes last.
    column_order=TABLE_COLUMNS[1:] + ["id"],
    column_config={
        "id": st.column_config.TextColumn(_("field.id"), help=_("debts.help.id"), max_chars=40),
        "platform": st.column_config.TextColumn(_("field.platform"), required=True, max_chars=80, help=_("debts.help.platform")),
        "kind": st.column_config.SelectboxColumn(_("field.kind"), options=[k.value for k in DebtKind], format_func=lambda v: _(f"enum.kind.{v}")),
        "balance": st.column_config.NumberColumn(_("field.balance"), help=_("debts.help.balance"), **money),
        "annual_rate_pct": st.column_config.NumberColumn(_("debts.rate_pct"), help=_("debts.help.annual_rate"), min_value=0, max_value=1000, step=0.01, format="%.2f%%"),
        "repayment": st.column_config.SelectboxColumn(_("field.repayment"), options=[r.value for r in Repayment], format_func=lambda v: _(f"enum.repayment.{v}")),
        "remaining_terms": st.column_config.NumberColumn(_("field.remaining_terms"), min_value=0, max_value=600, step=1, help=_("debts.help.remaining_terms")),
        "monthly_due": st.column_config.NumberColumn(_("field.monthly_due"), help=_("debts.help.monthly_due"), **money),
        "overdue_amount": st.column_config.NumberColumn(_("field.overdue_amount"), help=_("debts.help.overdue_amount"), **money),
        "days_overdue": st.column_config.NumberColumn(_("field.days_overdue"), min_value=0, max_value=3650, step=1, help=_("debts.help.days_overdue")),
        "penalty_rate_pct": st.column_config.NumberColumn(_("debts.penalty_pct"), help=_("debts.help.penalty_rate"), min_value=0, max_value=1000, step=0.01, format="%.2f%%"),
        "late_fee_rate_pct": st.column_config.NumberColumn(_("debts.late_fee_pct"), help=_("debts.help.late_fee_rate"), min_value=0, max_value=100, step=0.01, format="%.2f%%"),
        "lender_licensed": st.column_config.CheckboxColumn(_("field.lender_licensed"), help=_("debts.help.lender_licensed"), default=True),
    },
)
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

if case.debts:
    m1, m2, m3 = st.columns(3)
    m1.metric(_("debts.total_owed"), fmt_money(case.total_owed))
    m2.metric(_("debts.total_overdue"), fmt_money(case.total_overdue))
    m3.metric(_("debts.required_month"), fmt_money(case.required_this_month))

# --- the situation flags ----------------------------------------------------------------
st.header(_("debts.flags_heading"))
f1, f2, f3 = st.columns(3)
flags = {
    "borrowing_to_repay": f1.checkbox(_("debts.flag.borrowing_to_repay"), value=case.flags.borrowing_to_repay, key=f"flag_b_{rev()}", help=_("debts.flag.borrowing_to_repay_help")),
    "collection_calls": f2.checkbox(_("debts.flag.collection_calls"), value=case.flags.collection_calls, key=f"flag_c_{rev()}"),
    "lawsuit_threatened": f3.checkbox(_("debts.flag.lawsuit_threatened"), value=case.flags.lawsuit_threatened, key=f"flag_l_{rev()}"),
}
if flags != case.flags.model_dump():
    updated, error = apply_update(case, flags=flags)
    if updated is not None:
        update_case(updated)
        case = updated

# --- one debt, every field explained ----------------------------------------------------
st.header(_("debts.form_heading"))
st.caption(_("debts.form_hint"))
NEW = "__new__"
choice = st.selectbox(
    _("debts.form_pick"),
    options=[NEW] + [d.id for d in case.debts],
    format_func=lambda v: _("debts.form_new") if v == NEW else _("format.aside", text=case.debt(v).platform, note=v),
    key=f"form_pick_{rev()}",
)
debt = case.debt(choice) if choice != NEW else None
with st.expander(_("debts.where_to_find"), icon=":material/help:"):
    st.markdown(_("debts.where_to_find_text"))
with st.form(key=f"debt_form_{rev()}_{choice}"):
    a, b = st.columns(2)
    f_platform = a.text_input(_("field.platform"), value=debt.platform if debt else "", max_chars=80, help=_("debts.help.platform"))
    f_kind = b.selectbox(_("field.kind"), [k.value for k in DebtKind], index=[k.value for k in DebtKind].index(debt.kind.value) if debt else 2, format_func=lambda v: _(f"enum.kind.{v}"))
    f_balance = a.number_input(_("field.balance"), min_value=0.0, max_value=1e9, value=float(debt.balance) if debt else 0.0, step=100.0, format="%.2f", help=_("debts.help.balance"))
    f_rate = b.number_input(_("debts.rate_pct"), min_value=0.0, max_value=1000.0, value=float(debt.annual_rate * PCT) if debt else 0.0, step=0.1, format="%.2f", help=_("debts.help.annual_rate"))
    f_repay = a.selectbox(_("field.repayment"), [r.value for r in Repayment], index=[r.value for r in Repayment].index(debt.repayment.value) if debt else 0, format_func=lambda v: _(f"enum.repayment.{v}"), help=_("debts.help.repayment"))
    f_terms = b.number_input(_("field.remaining_terms"), min_value=0, max_value=600, value=debt.remaining_terms if debt else 0, step=1, help=_("debts.help.remaining_terms"))
    f_due = a.number_input(_("field.monthly_due"), min_value=0.0, max_value=1e9, value=float(debt.monthly_due) if debt else 0.0, step=10.0, format="%.2f", help=_("debts.help.monthly_due"))
    f_due_day = b.number_input(_("field.due_day"), min_value=0, max_value=31, value=debt.due_day or 0 if debt else 0, step=1, help=_("debts.help.due_day"))
    f_overdue = a.number_input(_("field.overdue_amount"), min_value=0.0, max_value=1e9, value=float(debt.overdue_amount) if debt else 0.0, step=10.0, format="%.2f", help=_("debts.help.overdue_amount"))
    f_days = b.number_input(_("field.days_overdue"), min_value=0, max_value=3650, value=debt.days_overdue if debt else 0, step=1, help=_("debts.help.days_overdue"))
    f_penalty = a.number_input(_("debts.penalty_pct"), min_value=0.0, max_value=1000.0, value=float(debt.penalty_rate * PCT) if debt else 0.0, step=0.1, format="%.2f", help=_("debts.help.penalty_rate"))
    f_late = b.number_input(_("debts.late_fee_pct"), min_value=0.0, max_value=100.0, value=float(debt.late_fee_rate * PCT) if debt else 0.0, step=0.5, format="%.2f", help=_("debts.help.late_fee_rate"))
    f_licensed = a.checkbox(_("field.lender_licensed"), value=debt.lender_licensed if debt else True, help=_("debts.help.lender_licensed"))
    f_received = b.number_input(_("field.principal_received"), min_value=0.0, max_value=1e9, value=float(debt.principal_received or 0) if debt else 0.0, step=100.0, format="%.2f", help=_("debts.help.principal_received"))
    f_upfront = a.number_input(_("field.upfront_fee"), min_value=0.0, max_value=1e9, value=float(debt.upfront_fee) if debt else 0.0, step=10.0, format="%.2f", help=_("debts.help.upfront_fee"))
    f_monthly_fee = b.number_input(_("field.monthly_fee"), min_value=0.0, max_value=1e9, value=float(debt.monthly_fee) if debt else 0.0, step=10.0, format="%.2f", help=_("debts.help.monthly_fee"))
    f_ref = a.text_input(_("field.account_ref"), value=debt.account_ref if debt else "", max_chars=80, help=_("debts.help.account_ref"))
    f_notes = st.text_area(_("field.notes"), value=debt.notes if debt else "", max_chars=4000)
    saved = st.form_submit_button(_("debts.form_save"), type="primary")
if saved:
    data = debt.model_dump() if debt else {"id": _next_id(set(existing))}
    data.update(
        platform=f_platform, kind=f_kind, balance=Decimal(repr(f_balance)), annual_rate=Decimal(repr(f_rate)) / PCT,
        repayment=f_repay, remaining_terms=int(f_terms), monthly_due=Decimal(repr(f_due)), due_day=int(f_due_day) or None,
        overdue_amount=Decimal(repr(f_overdue)), days_overdue=int(f_days), penalty_rate=Decimal(repr(f_penalty)) / PCT,
        late_fee_rate=Decimal(repr(f_late)) / PCT, lender_licensed=f_licensed,
        principal_received=Decimal(repr(f_received)) if f_received else None, upfront_fee=Decimal(repr(f_upfront)),
        monthly_fee=Decimal(repr(f_monthly_fee)), account_ref=f_ref, notes=f_notes,
    )
    try:
        new_debt = Debt.model_validate(data)
    except ValidationError as exc:
        show_problems(problems_from_validation(exc, lang(), prefix=()))
    else:
        debts_data = [d.model_dump() for d in case.debts if d.id != new_debt.id]
        position = next((i for i, d in enumerate(case.debts) if d.id == new_debt.id), len(debts_data))
        debts_data.insert(position, new_debt.model_dump())
        updated, error = apply_update(case, debts=debts_data)
        if error is not None:
            show_problems(problems_from_validation(error, lang()))
        else:
            replace_case(updated)
            flash("success", _("debts.form_saved", platform=md_escape(new_debt.platform)))
            st.rerun()

if debt is not None:
    if st.button(_("debts.remove", platform=md_escape(debt.platform)), icon=":material/delete:", key=f"remove_{choice}"):
        updated, _err = apply_update(case, debts=[d.model_dump() for d in case.debts if d.id != debt.id])
        if updated is not None:
            replace_case(updated)
            flash("success", _("debts.removed", platform=md_escape(debt.platform)))
            st.rerun()
if debt is not None and debt.account_ref:
    st.caption(_("debts.masked_ref", ref=debt.masked_ref))
