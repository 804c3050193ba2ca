"""The debt cards: one card per debt with what is owed, its warnings, and change or delete.

Why apart from the form: a card shows a saved debt (names, never ids); changing one opens the
guided form inside its card, through the shared draft of ``ui.widgets.debt_form``.
"""

from __future__ import annotations

import streamlit as st

from overdue_core.case import Case, fmt_money
from overdue_core.entry import annual_percent_text, check_debt, debt_form_values, debt_labels
from overdue_core.plan import first_month

from .debt_form import (
    check_text,
    draft,
    draw_form,
    reset_draft,
    set_values,
    show_notice,
)
from ui.state import apply_update, get_case, keys, replace_case, session_get, session_pop, session_set, tr
from ui.user_text import md_escape


def _on_edit(debt_id: str) -> None:
    case = get_case()
    debt = case.debt(debt_id) if case else None
    if debt is None:
        return
    reset_draft()
    values = debt_form_values(debt)  # the core's inverse of the form
    set_values(values)
    draft()["editing"] = debt_id
    session_pop(keys.DEBT_NOTICE)


def _on_delete(debt_id: str, confirmed: bool) -> None:
    if not confirmed:
        session_set(keys.DEBT_CONFIRM_DELETE, debt_id)
        return
    session_pop(keys.DEBT_CONFIRM_DELETE)
    case = get_case()
    if case is None or case.debt(debt_id) is None:
        return
    name = debt_labels(case.debts)[debt_id]
    updated, _err = apply_update(case, debts=[d.model_dump() for d in case.debts if d.id != debt_id])
    if updated is not None:
        replace_case(updated)
        session_set(keys.DEBT_NOTICE, ("cards", "success", [tr()("guided.deleted", name=md_escape(name))]))
        if draft()["editing"] == debt_id:
            reset_draft()


def draw_cards(case: Case, today, read_only: bool) -> None:
    """One card per debt: name, what is owed, overdue, due, rate; change or delete."""
    _ = tr()
    st.header(_("guided.cards_heading"))
    if not case.debts:
        st.caption(_("guided.cards_empty"))
    labels = debt_labels(case.debts)
    dues = first_month(case)
    editing = draft()["editing"]
    confirm = session_get(keys.DEBT_CONFIRM_DELETE)
    for debt in case.debts:
        name = labels[debt.id]
        with st.container(border=True):
            st.markdown(f"**{md_escape(name)}** · {_(f'enum.kind.{debt.kind.value}')}")
            parts = [_("guided.card_line", owed=fmt_money(debt.total_owed))]
            if debt.overdue_amount > 0:
                parts.append(_("guided.card_overdue", overdue=fmt_money(debt.overdue_amount), days=debt.days_overdue))
            # This month's due as the plan asks for it (one figure): a 花呗 bill due at maturity or
            # a loan computed from its terms is never shown as "0.00 a month".
            due = dues[debt.id].due if debt.id in dues else debt.monthly_due
            parts.append(_("guided.card_due", due=fmt_money(due)) if due > 0 else _("guided.card_due_none"))
            if debt.annual_rate > 0:
                parts.append(_("guided.card_rate", rate=annual_percent_text(debt.annual_rate)))
            st.markdown(" · ".join(parts))  # our own sentences and figures only, no user text
            for check in check_debt(debt, today):
                st.warning(check_text(check), icon=":material/help:")
            if read_only:
                continue
            if editing == debt.id:
                draw_form(today, anchor=debt.id)
                continue
            asked = confirm == debt.id  # the delete button was clicked once: ask before deleting
            if asked:
                st.warning(_("guided.confirm_delete", name=md_escape(name)))
            with st.container(horizontal=True):
                st.button(
                    _("guided.edit"), key=f"edit_{debt.id}", icon=":material/edit:", on_click=_on_edit, args=(debt.id,)
                )
                # One delete button in two states: the first click asks, the second (primary) deletes.
                st.button(
                    _("guided.confirm_delete_yes" if asked else "guided.delete"),
                    key=f"delete_yes_{debt.id}" if asked else f"delete_{debt.id}",
                    icon=None if asked else ":material/delete:",
                    type="primary" if asked else "secondary",
                    on_click=_on_delete,
                    args=(debt.id, asked),
                )
    show_notice("cards")
