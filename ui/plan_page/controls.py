"""The Plan page's controls: budget, strategy (and a custom order), and the what-ifs.

Why together: they are read as one set (``parse_controls``) before anything is worked out, and
the budget and strategy are saved into the case, so a page or language switch keeps them.
"""

from __future__ import annotations

from typing import Any

import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from overdue_core.case import Case, Strategy, debt_labels, fmt_money
from overdue_core.plan import PlanControls, default_budget, parse_controls
from ui.state import (
    apply_update,
    get_case,
    is_read_only,
    keys,
    lang,
    rev,
    session_get,
    session_set,
    share_link,
    tr,
    update_case,
)
from ui.widgets import clearable, money_field, show_problems


def _reset_budget() -> None:
    """Go back to income minus essential spending (and forget the saved budget)."""
    current = get_case()
    if current is None:
        return
    plan_settings = current.settings.plan.model_dump(mode="python") | {"monthly_budget": None}
    updated, _error = apply_update(
        current, settings=current.settings.model_dump(mode="python") | {"plan": plan_settings}
    )
    if updated is not None:
        update_case(updated)
    session_set(keys.plan_budget(rev()), float(default_budget(updated or current)))


def _month_input(label_key: str, key: str, shown: bool) -> int | None:
    """A what-if's "from which month", asked only once the what-if has an amount.

    Why: three month boxes that do nothing until an amount is set crowd a phone and are redrawn
    on every change. The month typed is kept while its box is hidden (Streamlit forgets a widget
    that is not drawn), so setting the amount to zero and back does not lose it. An emptied box is
    empty (``None``: the controls' check names it), not its old month.
    """
    kept = keys.kept_month(key)
    if not shown:
        return session_get(kept, 1)
    month = clearable.number(
        st, tr()(label_key), session_get(kept, 1), min_value=1, max_value=600, key=key, disabled=is_read_only()
    )
    if month is not None:
        session_set(kept, month)
    return month


def _budget_and_strategy(case: Case) -> dict[str, Any]:
    """The budget, the strategy and (for a custom strategy) the order, as the widgets give them."""
    _ = tr()
    suggested_budget = default_budget(case)
    stored_budget = case.settings.plan.monthly_budget
    with st.container(border=True):
        st.header(_("plan_page.controls_heading"))
        left, right = st.columns(2)
        # Emptied, the budget is empty (the controls' check names it), not its old figure.
        raw_budget = clearable.number(
            left,
            _("plan_page.field.monthly_budget"),
            float(stored_budget if stored_budget is not None else suggested_budget),
            **money_field(100.0),
            key=keys.plan_budget(rev()),
            disabled=is_read_only(),
            help=_("plan_page.budget_help"),
        )
        left.caption(
            _(
                "plan_page.budget_from_household",
                income=fmt_money(case.household.total_income),
                essential=fmt_money(case.household.essential_expenses),
                available=fmt_money(suggested_budget),
            )
        )
        if raw_budget != float(suggested_budget) or stored_budget is not None:
            left.button(
                _("plan_page.budget_reset"),
                icon=":material/restart_alt:",
                on_click=_reset_budget,
                key=f"plan_reset_{rev()}",
                disabled=is_read_only(),
            )
        strategies = [s.value for s in Strategy]
        raw_strategy = right.selectbox(
            _("plan_page.field.strategy"),
            strategies,
            index=strategies.index(case.settings.plan.strategy.value),
            format_func=lambda v: _(f"enum.strategy.{v}"),
            key=keys.plan_strategy(rev()),
            disabled=is_read_only(),
            help=_("plan_page.strategy_help"),
        )
        right.caption(_(f"plan_page.strategy_explain.{raw_strategy}"))
        custom_order = case.settings.plan.custom_order
        if raw_strategy == Strategy.CUSTOM.value:
            names = debt_labels(case.debts)
            custom_order = right.multiselect(
                _("plan_page.custom_order"),
                list(names),
                default=[i for i in custom_order if i in names],
                format_func=lambda i: names.get(i, i),
                key=keys.plan_order(rev()),
                disabled=is_read_only(),
                help=_("plan_page.custom_order_help"),
            )
    return {"monthly_budget": raw_budget, "strategy": raw_strategy, "custom_order": list(custom_order)}


def _amount_and_month(name: str, label_key: str, step: float, month_label_key: str) -> tuple[float, int | None]:
    """A what-if's amount in yuan and, once it has one, the month it starts.

    An emptied what-if is no what-if (nothing extra, 0), not its old figure.
    """
    amount = clearable.number(
        st,
        tr()(label_key),
        0.0,
        **money_field(step),
        key=keys.plan_what_if(name, rev()),
        disabled=is_read_only(),
    )
    month = _month_input(month_label_key, keys.plan_what_if(f"{name}_month", rev()), shown=bool(amount))
    return (0.0 if amount is None else amount), month


def _what_ifs() -> dict[str, Any]:
    """The what-ifs (drawn beside the charts, read before computing), as the widgets give them."""
    _ = tr()
    st.markdown(f"**{_('plan_page.what_if_heading')}**")
    st.caption(_("plan_page.what_if_intro"))
    read_only = is_read_only()
    drop = st.slider(
        _("plan_page.field.income_drop_percent"),
        0,
        100,
        0,
        step=5,
        format="%d%%",
        key=keys.plan_what_if("drop", rev()),
        disabled=read_only,
    )
    drop_month = _month_input(
        "plan_page.field.income_drop_month", keys.plan_what_if("drop_month", rev()), shown=bool(drop)
    )
    lump, lump_month = _amount_and_month("lump", "plan_page.field.lump_sum", 500.0, "plan_page.field.lump_sum_month")
    extra, extra_month = _amount_and_month(
        "extra", "plan_page.field.extra_monthly", 100.0, "plan_page.field.extra_from_month"
    )
    return {
        "income_drop_percent": drop,
        "income_drop_month": drop_month,
        "lump_sum": lump,
        "lump_sum_month": lump_month,
        "extra_monthly": extra,
        "extra_from_month": extra_month,
    }


def _save_settings(case: Case, controls: PlanControls, custom_order: list[str]) -> Case:
    """Save the budget and strategy into the case (the budget only once it differs from the default)."""
    plan_settings = case.settings.plan.model_dump(mode="python")
    wanted = dict(plan_settings)
    wanted["strategy"] = controls.strategy
    wanted["custom_order"] = list(custom_order)
    if case.settings.plan.monthly_budget is not None or controls.monthly_budget != default_budget(case):
        wanted["monthly_budget"] = controls.monthly_budget
    if wanted == plan_settings:
        return case
    updated, _error = apply_update(case, settings=case.settings.model_dump(mode="python") | {"plan": wanted})
    if updated is None:
        return case
    unsaved_before = share_link.has_unsaved_changes()
    update_case(updated)
    if share_link.has_unsaved_changes() != unsaved_before:
        # The sidebar's "saved / not saved" note for a shared case lies outside this part.
        st.rerun(scope="app")
    return updated


def draw_controls(case: Case) -> tuple[Case, PlanControls, DeltaGenerator] | None:
    """Draw the controls; the case (with the settings saved), the valid controls and the column
    the answer goes in, or None (problems shown) while a control cannot be used."""
    chosen = _budget_and_strategy(case)
    answer_col, what_col = st.columns([3, 1])
    with what_col.container(border=True):
        what_ifs = _what_ifs()
    # The widgets' floats go in as they are: the controls' money fields read a float as the
    # figure typed (1234.5 stays Decimal('1234.5')).
    raw = {"monthly_budget": chosen["monthly_budget"], "strategy": chosen["strategy"], **what_ifs}
    controls, problems = parse_controls(raw, lang())
    if controls is None:
        show_problems(problems)
        return None
    return _save_settings(case, controls, chosen["custom_order"]), controls, answer_col
