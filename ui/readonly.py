"""What a counselor sees on the pages where the owner types their figures: tables, no inputs.

Why: a view session must not offer any input that looks as if it changed the case. Finances
and Debts are mostly inputs, so in a view session ``app.py`` draws these plain tables instead
of running those pages (every other page honours :func:`ui.state.is_read_only` itself).
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from overdue_core.case import Case, debt_labels, fmt_money

from ui.state import tr

#: Pages drawn by this module in a view session (URL path -> function name below).
VIEWS = ("finances", "debts")


def notice() -> None:
    st.caption(tr()("keep.read_only.notice"))


def _money_table(rows: list[tuple[str, object]]) -> None:
    _ = tr()
    frame = pd.DataFrame(
        [{_("keep.read_only.name"): name, _("keep.read_only.amount"): fmt_money(amount)} for name, amount in rows]
    )
    st.dataframe(frame, hide_index=True, width="stretch")


def draw(page: str, case: Case | None) -> None:
    """The read-only version of ``page`` (one of :data:`VIEWS`)."""
    _ = tr()
    st.title(_(f"nav.page.{page}"))
    notice()
    if case is None:
        return
    if page == "finances":
        st.header(_("keep.read_only.incomes"))
        _money_table([(i.name, i.amount) for i in case.household.incomes])
        st.header(_("keep.read_only.expenses"))
        _money_table([(e.name, e.amount) for e in case.household.expenses])
        st.text(
            _(
                "keep.read_only.savings",
                amount=fmt_money(case.household.liquid_savings),
                dependants=case.household.dependants,
            )
        )
        return
    st.header(_("keep.read_only.debts"))
    st.dataframe(
        pd.DataFrame(
            [
                {
                    _("field.platform"): debt_labels(case.debts)[d.id],
                    _("field.balance"): fmt_money(d.balance),
                    _("field.monthly_due"): fmt_money(d.monthly_due),
                    _("field.overdue_amount"): fmt_money(d.overdue_amount),
                    _("field.days_overdue"): d.days_overdue,
                }
                for d in case.debts
            ]
        ),
        hide_index=True,
        width="stretch",
    )
