"""My finances: income, spending and savings, with live totals of what is left for debts."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pandas as pd
import streamlit as st

from overdue_core.case import Expense, ExpenseCategory, Income, Stability, fmt_money
from ui.editors import cell_decimal, editable_table, show_problems, validate_rows
from ui.guards import require_case
from ui.state import apply_update, ensure_app_entry, lang, rev, tr, update_case

ensure_app_entry()

_ = tr()
st.title(_("finances.title"))
st.caption(_("finances.intro"))
case = require_case()

# --- about this case --------------------------------------------------------------------
c1, c2 = st.columns([2, 1])
title = c1.text_input(_("field.title"), value=case.title, max_chars=80, key=f"fin_title_{rev()}", help=_("finances.title_help"))
as_of = c2.date_input(_("field.as_of"), value=case.as_of, min_value=dt.date(2000, 1, 1), max_value=dt.date(2100, 12, 31), key=f"fin_asof_{rev()}", help=_("finances.as_of_help"))

# --- income -----------------------------------------------------------------------------
st.header(_("finances.income_heading"))
st.caption(_("finances.income_hint"))
income_frame = editable_table(
    "incomes",
    lambda: pd.DataFrame(
        [{"name": i.name, "amount": float(i.amount), "stability": i.stability.value} for i in case.household.incomes],
        columns=["name", "amount", "stability"],
    ),
    {
        "name": st.column_config.TextColumn(_("field.name"), required=True, max_chars=80),
        "amount": st.column_config.NumberColumn(_("finances.monthly_amount"), min_value=0, step=0.01, format="%.2f", required=True),
        "stability": st.column_config.SelectboxColumn(
            _("field.stability"), options=[s.value for s in Stability], format_func=lambda v: _(f"enum.stability.{v}"), required=True
        ),
    },
)
incomes, income_problems = validate_rows(
    income_frame,
    Income,
    lambda row, _pos: {"name": row.get("name"), "amount": cell_decimal(row.get("amount")), "stability": row.get("stability") or "fixed"},
    lang(),
)

# --- spending ---------------------------------------------------------------------------
st.header(_("finances.expense_heading"))
st.caption(_("finances.expense_hint"))
expense_frame = editable_table(
    "expenses",
    lambda: pd.DataFrame(
        [{"name": e.name, "category": e.category.value, "amount": float(e.amount), "essential": e.essential} for e in case.household.expenses],
        columns=["name", "category", "amount", "essential"],
    ),
    {
        "name": st.column_config.TextColumn(_("field.name"), required=True, max_chars=80),
        "category": st.column_config.SelectboxColumn(
            _("field.category"), options=[c.value for c in ExpenseCategory], format_func=lambda v: _(f"enum.category.{v}"), required=True
        ),
        "amount": st.column_config.NumberColumn(_("finances.monthly_amount"), min_value=0, step=0.01, format="%.2f", required=True),
        "essential": st.column_config.CheckboxColumn(_("field.essential"), help=_("finances.essential_help"), default=True),
    },
)
expenses, expense_problems = validate_rows(
    expense_frame,
    Expense,
    lambda row, _pos: {
        "name": row.get("name"),
        "category": row.get("category") or "other",
        "amount": cell_decimal(row.get("amount")),
        "essential": bool(row.get("essential")) if row.get("essential") is not None else True,
    },
    lang(),
)

# --- savings ----------------------------------------------------------------------------
st.header(_("finances.savings_heading"))
s1, s2 = st.columns(2)
savings = s1.number_input(
    _("field.liquid_savings"), min_value=0.0, max_value=1e9, value=float(case.household.liquid_savings), step=100.0, format="%.2f",
    key=f"fin_savings_{rev()}", help=_("finances.savings_help"),
)
dependants = s2.number_input(_("field.dependants"), min_value=0, max_value=20, value=case.household.dependants, step=1, key=f"fin_dep_{rev()}")

# --- commit ----------------------------------------------------------------------------
problems = income_problems + expense_problems
if problems:
    show_problems(problems)
else:
    household = {
        "incomes": [i.model_dump() for i in incomes],
        "expenses": [e.model_dump() for e in expenses],
        "liquid_savings": Decimal(repr(savings)),
        "dependants": int(dependants),
    }
    updated, error = apply_update(case, title=title, as_of=as_of, household=household)
    if error is not None:
        from overdue_core.case import problems_from_validation

        show_problems(problems_from_validation(error, lang()))
    elif updated != case:
        update_case(updated)
        case = updated

# --- live totals ------------------------------------------------------------------------
st.header(_("finances.totals_heading"))
h = case.household
m1, m2, m3 = st.columns(3)
m1.metric(_("finances.total_income"), fmt_money(h.total_income))
m2.metric(_("finances.essential_spend"), fmt_money(h.essential_expenses))
m3.metric(_("finances.left_for_debts"), fmt_money(h.available_for_debts))
if h.total_expenses > h.essential_expenses:
    st.caption(_("finances.optional_note", amount=fmt_money(h.total_expenses - h.essential_expenses)))
if h.available_for_debts <= 0 and h.incomes:
    st.warning(_("finances.nothing_left"))
elif case.debts and h.available_for_debts < case.required_this_month:
    st.info(_("finances.short_of_required", required=fmt_money(case.required_this_month), available=fmt_money(h.available_for_debts)))
st.page_link("pages/debts.py", label=_("finances.next_debts"), icon=":material/arrow_forward:")
