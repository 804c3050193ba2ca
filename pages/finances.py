"""My finances: income, spending and savings, with live totals of what is left for debts."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from enum import StrEnum
from typing import Any, TypeVar

import pandas as pd
import streamlit as st
from pydantic import BaseModel

from overdue_core.case import Expense, ExpenseCategory, Income, Problem, Stability, fmt_money
from overdue_core.entry import ExpenseForm, IncomeForm, check_date, exact
from overdue_core.i18n import LANGS, t
from overdue_core.plan import needed_this_month
from ui.frame import open_page
from ui.state import apply_update, is_read_only, lang, rev, update_case
from ui.widgets import (
    INCOME_KINDS,
    cell_decimal,
    check_text,
    clearable,
    count_field,
    draw_add,
    draw_bills_import,
    editable_table,
    keep_unsaved,
    money_field,
    show_problems,
    validate_rows,
)

case, _ = open_page("finances.title", "finances.intro")
read_only = is_read_only()
if read_only:
    st.info(_("guided.read_only"), icon=":material/visibility:")
draw_bills_import()  # from the person's Alipay / WeChat Pay bills, confirmed line by line
#: Common items offered as ready rows: one number each, easy on a phone; everything else goes in the tables.
READY_EXPENSES = [
    ExpenseCategory.HOUSING,
    ExpenseCategory.FOOD,
    ExpenseCategory.TRANSPORT,
    ExpenseCategory.UTILITIES,
    ExpenseCategory.PHONE_INTERNET,
    ExpenseCategory.MEDICAL,
]


M = TypeVar("M", bound=BaseModel)


def _is_ready(name: str, key: str) -> bool:
    """An item made from a ready row keeps that row's name (in either language)."""
    return name in {t(f"ready_rows.{key}", code) for code in LANGS}


def _typed(value: float | None) -> bool:
    """A ready row counts once it holds an amount above zero."""
    return value is not None and value > 0


def _merge(table_items: list, ready_items: list[tuple[int | None, object]]) -> list:
    """Table rows with the ready items back where they were (new ones at the end).

    Why: visiting the page must not reorder the case; an unchanged household stays identical.
    """
    out = list(table_items)
    for position, item in sorted((p, i) for p, i in ready_items if p is not None):
        out.insert(min(position, len(out)), item)
    return out + [item for position, item in ready_items if position is None]


def _money_table(
    name: str, build: Callable[[], pd.DataFrame], columns: dict, model: type[M], more: Callable[[dict], dict]
) -> tuple[list[M], list[Problem]]:
    """A money table (incomes, spending): drawn, its rows checked (name, amount and ``more``), kept while unsaved."""
    frame = editable_table(name, build, columns, disabled=read_only)
    rows, problems = validate_rows(
        frame,
        model,
        lambda row, _pos: {"name": row.get("name"), "amount": cell_decimal(row.get("amount")), **more(row)},
        lang(),
    )
    keep_unsaved(name, frame, bool(problems))
    return rows, problems


def _enum_column(label: str, choices: type[StrEnum], names: str) -> Any:
    """A required column of one of ``choices``, each read as catalog key ``enum.<names>.<value>``."""
    return st.column_config.SelectboxColumn(
        label, options=[c.value for c in choices], format_func=lambda v: _(f"enum.{names}.{v}"), required=True
    )


household_now = case.household
ready_income = next((n for n, i in enumerate(household_now.incomes) if _is_ready(i.name, "salary")), None)
ready_expense = {
    c: next((n for n, e in enumerate(household_now.expenses) if e.category == c and _is_ready(e.name, c.value)), None)
    for c in READY_EXPENSES
}
# A ready row is offered only where the person has not entered that kind of spending another way.
offered = [
    c for c in READY_EXPENSES if ready_expense[c] is not None or all(e.category != c for e in household_now.expenses)
]
table_incomes = [i for n, i in enumerate(household_now.incomes) if n != ready_income]
table_expenses = [e for n, e in enumerate(household_now.expenses) if n not in ready_expense.values()]

# --- about this case --------------------------------------------------------------------
c1, c2 = st.columns([2, 1])
title = c1.text_input(
    _("field.title"),
    value=case.title,
    max_chars=80,
    key=f"fin_title_{rev()}",
    help=_("finances.title_help"),
    disabled=read_only,
)
as_of = c2.date_input(
    _("field.as_of"),
    value=case.as_of,
    min_value=dt.date(2000, 1, 1),
    max_value=dt.date(2100, 12, 31),
    key=f"fin_asof_{rev()}",
    help=_("finances.as_of_help"),
    disabled=read_only,
)
for check in check_date(as_of, dt.date.today(), "as_of"):
    c2.warning(check_text(check), icon=":material/help:")

# --- income -----------------------------------------------------------------------------
st.header(_("finances.income_heading"))
st.caption(_("ready_rows.hint"))
stored_salary = household_now.incomes[ready_income] if ready_income is not None else None
salary = clearable.number(
    st,
    _("ready_rows.salary"),
    float(stored_salary.amount) if stored_salary else None,
    **money_field(100.0),
    key=f"ready_salary_{rev()}",
    disabled=read_only,
)
salary_stability = st.segmented_control(
    _("field.stability"),
    options=[s.value for s in Stability],
    format_func=lambda v: _(f"enum.stability.{v}"),
    required=True,
    default=stored_salary.stability.value if stored_salary else Stability.FIXED.value,
    key=f"ready_salary_stability_{rev()}",
    disabled=read_only,
)
ready_incomes: list[tuple[int | None, Income]] = []
if _typed(salary):
    salary_form = IncomeForm(
        name=stored_salary.name if stored_salary else _("ready_rows.salary"),
        amount=salary,
        stability=salary_stability or "fixed",
    )
    ready_incomes.append((ready_income, salary_form.to_case()))
# Anything else, one item at a time (the same items are in the table below).
draw_add(
    "income", list(INCOME_KINDS), [(n, i) for n, i in enumerate(household_now.incomes) if n != ready_income], read_only
)
st.caption(_("finances.income_hint"))
# The columns both money tables share: a row's name and its monthly amount.
name_column = st.column_config.TextColumn(_("field.name"), required=True, max_chars=80)
amount_column = st.column_config.NumberColumn(
    _("finances.monthly_amount"), min_value=0, step=0.01, format="%.2f", required=True
)
incomes, income_problems = _money_table(
    "incomes",
    lambda: pd.DataFrame(
        [{"name": i.name, "amount": float(i.amount), "stability": i.stability.value} for i in table_incomes],
        columns=["name", "amount", "stability"],
    ),
    {
        "name": name_column,
        "amount": amount_column,
        "stability": _enum_column(_("field.stability"), Stability, "stability"),
    },
    Income,
    lambda row: {"stability": row.get("stability") or "fixed"},
)

# --- spending ---------------------------------------------------------------------------
st.header(_("finances.expense_heading"))
ready_expenses: list[tuple[int | None, Expense]] = []
for category in offered:
    stored = household_now.expenses[ready_expense[category]] if ready_expense[category] is not None else None
    value = clearable.number(
        st,
        _(f"ready_rows.{category.value}"),
        float(stored.amount) if stored else None,
        **money_field(10.0),
        key=f"ready_{category.value}_{rev()}",
        disabled=read_only,
    )
    if _typed(value):
        ready_expenses.append(
            (
                ready_expense[category],
                ExpenseForm(
                    name=stored.name if stored else _(f"ready_rows.{category.value}"),
                    category=category,
                    amount=value,
                    essential=stored.essential if stored else True,
                ).to_case(),
            )
        )
draw_add(
    "expense",
    [c.value for c in ExpenseCategory if c not in offered],
    [(n, e) for n, e in enumerate(household_now.expenses) if n not in ready_expense.values()],
    read_only,
)
st.caption(_("finances.expense_hint"))
expenses, expense_problems = _money_table(
    "expenses",
    lambda: pd.DataFrame(
        [
            {"name": e.name, "category": e.category.value, "amount": float(e.amount), "essential": e.essential}
            for e in table_expenses
        ],
        columns=["name", "category", "amount", "essential"],
    ),
    {
        "name": name_column,
        "category": _enum_column(_("field.category"), ExpenseCategory, "category"),
        "amount": amount_column,
        "essential": st.column_config.CheckboxColumn(
            _("field.essential"), help=_("finances.essential_help"), default=True
        ),
    },
    Expense,
    lambda row: {
        "category": row.get("category") or "other",
        "essential": bool(row.get("essential")) if row.get("essential") is not None else True,
    },
)

# --- savings ----------------------------------------------------------------------------
st.header(_("finances.savings_heading"))
s1, s2 = st.columns(2)
savings = clearable.number(
    s1,
    _("field.liquid_savings"),
    float(case.household.liquid_savings),
    **money_field(100.0),
    key=f"fin_savings_{rev()}",
    help=_("finances.savings_help"),
    disabled=read_only,
)
dependants = clearable.number(
    s2,
    _("field.dependants"),
    case.household.dependants,
    **count_field(0, 20),
    key=f"fin_dep_{rev()}",
    disabled=read_only,
)
# An emptied field is empty, not its old figure: say which one, and keep the case as it was.
emptied = [
    _("finances.empty_field", field=_(f"field.{name}"))
    for name, value in (("liquid_savings", savings), ("dependants", dependants))
    if value is None
]

# --- commit ----------------------------------------------------------------------------
problems = income_problems + expense_problems + emptied
if read_only:
    pass  # a counselor's view: nothing typed here reaches the case
elif problems:
    show_problems(problems)
else:
    household = {
        "incomes": [i.model_dump() for i in _merge(incomes, ready_incomes)],
        "expenses": [e.model_dump() for e in _merge(expenses, ready_expenses)],
        "liquid_savings": exact(savings),
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
elif case.debts and h.available_for_debts < (needed := needed_this_month(case)):
    st.info(_("finances.short_of_required", required=fmt_money(needed), available=fmt_money(h.available_for_debts)))
st.page_link("pages/debts.py", label=_("finances.next_debts"), icon=":material/arrow_forward:")
