"""Income and spending one item at a time: a kind, an amount, "add" — phone first.

Why: beyond the ready rows, the tables are grids a phone shows two columns of, where a new row
is added from a toolbar. Here a person picks what the money is (the common kinds are offered),
types the monthly amount and taps add; the confirmation appears right under the button, and
the item is listed with a remove button. The table below shows the same items and stays there
for people who like tables: it is drawn afresh after each add or remove so the two never
disagree, and while a table row cannot be saved yet, an added item joins those rows (nothing
typed is lost).
"""

from __future__ import annotations

from typing import Any, Literal

import pandas as pd
import streamlit as st
from pydantic import ValidationError

from overdue_core.case import Expense, ExpenseCategory, Income, Stability, fmt_money, problems_from_validation
from overdue_core.entry import ExpenseForm, IncomeForm, amount_for_widget

from .editable_tables import redraw_table, set_unsaved_rows, unsaved_rows
from .figures import money_field
from ui.state import (
    apply_update,
    get_case,
    keys,
    lang,
    rev,
    session_get,
    session_set,
    session_setdefault,
    tr,
    update_case,
)
from ui.user_text import md_escape

Kind = Literal["income", "expense"]

#: Common kinds of income besides the main one (which is a ready row), with their usual stability.
INCOME_KINDS: dict[str, Stability] = {
    "part_time": Stability.IRREGULAR,
    "bonus": Stability.VARIABLE,
    "family": Stability.IRREGULAR,
    "pension": Stability.FIXED,
    "rent": Stability.FIXED,
    "benefit": Stability.FIXED,
    "other": Stability.VARIABLE,
}
#: Spending a person can cut first is not essential by default.
NOT_ESSENTIAL = {ExpenseCategory.LEISURE}
TABLE = {"income": "incomes", "expense": "expenses"}


def _key(kind: Kind, name: str) -> str:
    return keys.money_field(kind, name, rev())


def _kind_label(kind: Kind, value: str, _=None) -> str:
    _ = _ or tr()
    return _(f"money_entry.income_kind.{value}") if kind == "income" else _(f"enum.category.{value}")


def _on_category(kind: Kind) -> None:
    """A new kind brings its usual stability (income) or essential flag (spending); both stay changeable."""
    value = session_get(_key(kind, "cat"))
    if value is None:
        return
    if kind == "income":
        session_set(_key(kind, "stability"), INCOME_KINDS.get(value, Stability.VARIABLE).value)
    else:
        session_set(_key(kind, "essential"), ExpenseCategory(value) not in NOT_ESSENTIAL)


def _notice(kind: Kind, level: str, lines: list[str]) -> None:
    session_set(keys.MONEY_NOTICE, (kind, level, lines))


def _on_add(kind: Kind) -> None:
    _ = tr()
    case = get_case()
    if case is None:
        return
    category = session_get(_key(kind, "cat"))
    amount = session_get(_key(kind, "amount"))
    if category is None or amount is None or amount <= 0:
        _notice(kind, "warning", [_("money_entry.need_amount")])
        return
    name = (session_get(_key(kind, "name")) or "").strip() or _kind_label(kind, category)
    # The core's form edge turns the widget's float into the exact amount typed (and checks it).
    if kind == "income":
        form: type[IncomeForm] | type[ExpenseForm] = IncomeForm
        data: dict[str, Any] = {
            "name": name,
            "amount": amount,
            "stability": session_get(_key(kind, "stability")) or INCOME_KINDS[category].value,
        }
    else:
        form = ExpenseForm
        data = {
            "name": name,
            "category": category,
            "amount": amount,
            "essential": bool(session_get(_key(kind, "essential"), True)),
        }
    try:
        item = form.model_validate(data).to_case()
    except ValidationError as exc:
        _notice(kind, "warning", [str(p) for p in problems_from_validation(exc, lang())])
        return
    value = item.amount
    row = item.model_dump(mode="python") | {"amount": amount_for_widget(value)}
    if kind == "income":
        row["stability"] = item.stability.value
    else:
        row["category"] = item.category.value
    table = TABLE[kind]
    pending = unsaved_rows(table)
    if pending is not None:
        # Some table row cannot be saved yet: the new item joins those rows, all saved together.
        set_unsaved_rows(table, pd.concat([pending, pd.DataFrame([row])], ignore_index=True))
    else:
        household = case.household.model_dump(mode="python")
        household[TABLE[kind]].append(item.model_dump(mode="python"))
        updated, error = apply_update(case, household=household)
        if error is not None:
            _notice(kind, "warning", [str(p) for p in problems_from_validation(error, lang())])
            return
        update_case(updated)
    redraw_table(table)
    session_set(_key(kind, "amount"), None)
    session_set(_key(kind, "name"), "")
    _notice(kind, "success", [_("money_entry.added", name=md_escape(name), amount=fmt_money(value))])


def _on_remove(kind: Kind, index: int) -> None:
    _ = tr()
    case = get_case()
    if case is None:
        return
    household = case.household.model_dump(mode="python")
    items = household[TABLE[kind]]
    if not 0 <= index < len(items):
        return
    removed = items.pop(index)
    updated, error = apply_update(case, household=household)
    if error is None:
        update_case(updated)
        redraw_table(TABLE[kind])
        _notice(kind, "success", [_("money_entry.removed", name=md_escape(removed["name"]))])


def _show_notice(kind: Kind) -> None:
    item = session_get(keys.MONEY_NOTICE)
    if not item or item[0] != kind:
        return
    _kind, level, lines = item
    if level == "success":
        st.success(lines[0], icon=":material/check_circle:")  # the name in it is escaped (ui.user_text)
    else:
        for line in lines:
            st.text("• " + line)


def draw_add(kind: Kind, categories: list[str], items: list[tuple[int, Income | Expense]], read_only: bool) -> None:
    """The one-at-a-time entry for ``kind`` and the items it manages (``(index in the case, item)``)."""
    _ = tr()
    with st.container(border=True):
        st.markdown(f"**{_(f'money_entry.heading_{kind}')}**")
        if session_get(_key(kind, "cat")) not in categories:
            session_set(_key(kind, "cat"), categories[0] if categories else None)
            _on_category(kind)
        session_setdefault(_key(kind, "name"), "")
        session_setdefault(_key(kind, "amount"), None)
        st.selectbox(
            _(f"money_entry.kind_{kind}"),
            categories,
            format_func=lambda v, _=_: _kind_label(kind, v, _),
            key=_key(kind, "cat"),
            on_change=_on_category,
            args=(kind,),
            disabled=read_only,
        )
        st.number_input(
            _("money_entry.amount"),
            **money_field(10.0),
            key=_key(kind, "amount"),
            placeholder=_("money_entry.amount_placeholder"),
            disabled=read_only,
        )
        st.text_input(
            _("money_entry.name"),
            max_chars=80,
            key=_key(kind, "name"),
            placeholder=_kind_label(kind, session_get(_key(kind, "cat"))) if session_get(_key(kind, "cat")) else "",
            disabled=read_only,
        )
        if kind == "income":
            st.segmented_control(
                _("field.stability"),
                options=[s.value for s in Stability],
                format_func=lambda v: _(f"enum.stability.{v}"),
                required=True,
                key=_key(kind, "stability"),
                disabled=read_only,
            )
        else:
            st.checkbox(
                _("field.essential"), key=_key(kind, "essential"), help=_("finances.essential_help"), disabled=read_only
            )
        st.button(
            _("money_entry.add"),
            key=_key(kind, "add"),
            type="primary",
            icon=":material/add:",
            on_click=_on_add,
            args=(kind,),
            disabled=read_only,
        )
        _show_notice(kind)
        if items:
            _draw_items(kind, items, read_only)


def _draw_items(kind: Kind, items: list[tuple[int, Income | Expense]], read_only: bool) -> None:
    """The items entered so far, one line each with its remove button (none while the table is
    being edited: a removal then would fight the table's own unsaved rows)."""
    _ = tr()
    pending = unsaved_rows(TABLE[kind]) is not None
    for index, item in items:
        left, right = st.columns([4, 1], vertical_alignment="center")
        detail = (
            _(f"enum.stability.{item.stability.value}")
            if isinstance(item, Income)
            else _(f"enum.category.{item.category.value}")
        )
        left.text(_("money_entry.item_line", name=item.name, amount=fmt_money(item.amount), detail=detail))
        if not read_only and not pending:
            right.button(
                _("money_entry.remove"),
                key=f"me_{kind}_rm_{index}_{rev()}",
                type="tertiary",
                icon=":material/delete:",
                on_click=_on_remove,
                args=(kind, index),
                help=_("money_entry.remove_help", name=md_escape(item.name)),
            )
    if pending:
        st.caption(_("money_entry.table_pending"))
