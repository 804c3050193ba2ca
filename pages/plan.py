"""② Repayment plan: how much to pay where, month by month, and what changes if things change.

Thin on purpose: the controls are validated by ``overdue_core.plan.inputs``, the plans come
from ``overdue_core.plan.engine`` (cached per session), the figures from ``ui.plan_charts`` and the
files from ``overdue_core.report.exports``. Budget and strategy are saved into the case.
"""

from __future__ import annotations

import json
from dataclasses import replace
from decimal import Decimal

import streamlit as st

from overdue_core.case import Case, Strategy, debt_labels, fmt_money
from overdue_core.palette import debt_colours
from overdue_core.plan import (
    SCHEDULE_COLUMNS,
    PlanControls,
    PlanResult,
    add_months,
    build_plan,
    compare_strategies,
    default_budget,
    headline,
    offer_cell,
    parse_controls,
    parse_what_ifs,
    plan_slips,
    running_text,
    slip_sentence,
)
from overdue_core.report import table_csv, table_xlsx
from overdue_core.rules import RULES, rule_value
from ui import clearable, plan_charts, share_state
from ui.cached import case_key, figure
from ui.editors import show_problems
from ui.guards import require_case
from ui.nav import PAGES
from ui.plotly_component import figure_spec, plotly_chart
from ui.share_state import is_read_only
from ui.state import apply_update, ensure_app_entry, get_case, lang, rev, tr, update_case
from ui.tables import row_cards
from ui.user_text import md_escape

ensure_app_entry()

_ = tr()
st.title(_("nav.page.plan"))
st.caption(_("plan_page.intro"))
case = require_case()

if not case.debts:
    st.info(_("plan_page.no_debts"), icon=":material/info:")
    st.page_link("pages/debts.py", label=_("nav.page.debts"), icon=":material/receipt_long:")
    st.stop()


# --- cached engine calls ---------------------------------------------------------------------
@st.cache_data(scope="session", max_entries=12, show_spinner=False)
def _compare(case_json: str, budget: str, events_json: str) -> dict[Strategy, PlanResult]:
    """Every strategy for one case, budget and set of what-ifs (keyed by their JSON)."""
    events, _problems = parse_what_ifs(json.loads(events_json), "en")
    return compare_strategies(Case.model_validate_json(case_json), Decimal(budget), events)


@st.cache_data(scope="session", max_entries=12, show_spinner=False)
def _one(case_json: str, strategy: str, budget: str, events_json: str, agreed: bool = True) -> PlanResult:
    """One strategy's plan to follow, or with ``agreed=False`` its contract simulation ("if nobody
    agrees"): cached here, since a plan's own ``if_nobody_agrees`` would be worked out again on
    every rerun (each rerun gets a fresh copy of the cached plan)."""
    events, _problems = parse_what_ifs(json.loads(events_json), "en")
    return build_plan(Case.model_validate_json(case_json), Strategy(strategy), Decimal(budget), events, agreed=agreed)


def _engine_key(case: Case) -> str:
    """The case's JSON without the two plan settings the page passes in explicitly.

    Why: the budget and strategy are saved into the case on every change, so the full JSON
    would be a new key on a strategy switch and every strategy would be simulated again, though
    ``compare_strategies`` with an explicit budget reads neither the saved strategy nor the saved
    budget (only the custom order, which stays in the key). Everything else stays in the key.
    """
    plan = case.settings.plan.model_copy(update={"strategy": Strategy.OVERDUE_FIRST, "monthly_budget": None})
    return case.model_copy(update={"settings": case.settings.model_copy(update={"plan": plan})}).model_dump_json()


def _engine_args(case: Case, controls: PlanControls, with_what_ifs: bool) -> tuple[str, str, str]:
    """The cache keys of an engine call: the case (``_engine_key``), the budget and the what-ifs."""
    events = controls.events() if with_what_ifs else []
    events_json = json.dumps([e.model_dump(mode="json") for e in events], sort_keys=True)
    return _engine_key(case), f"{controls.monthly_budget:.2f}", events_json


def _plans(case: Case, controls: PlanControls, with_what_ifs: bool) -> tuple[dict[Strategy, PlanResult], PlanResult]:
    case_json, budget, events_json = _engine_args(case, controls, with_what_ifs)
    results = _compare(case_json, budget, events_json)
    chosen = results.get(controls.strategy) or _one(case_json, controls.strategy.value, budget, events_json)
    return results, chosen


def _contract_plan(case: Case, controls: PlanControls) -> PlanResult:
    """The chosen plan's contract simulation with the same budget and what-ifs ("if nobody agrees")."""
    case_json, budget, events_json = _engine_args(case, controls, with_what_ifs=True)
    return _one(case_json, controls.strategy.value, budget, events_json, False)


#: Plan warnings drawn as warnings (a consequence or a verdict); the rest are notes.
WARNING_CODES = (
    "infeasible", "never_amortises", "stalled", "budget_zero", "beyond_five_years", "call_needed", "call_needed_soon",
    "offer_too_long",
)


# --- budget and strategy ---------------------------------------------------------------------
BUDGET_KEY = f"plan_budget_{rev()}"
STRATEGY_KEY = f"plan_strategy_{rev()}"
ORDER_KEY = f"plan_order_{rev()}"
#: The chart on show; not tied to the case revision, so a new case keeps the chosen view.
CHART_KEY = "plan_chart"
#: The drawn chart's own key (one node for every chart the picker shows).
PLOT_KEY = "plan_chart_drawn"
#: The part shown in detail (debt by debt, orders side by side, the schedule); kept the same way.
DETAIL_KEY = "plan_detail"


def _reset_budget() -> None:
    """Go back to income minus essential spending (and forget the saved budget)."""
    current = get_case()
    if current is None:
        return
    plan_settings = current.settings.plan.model_dump(mode="python") | {"monthly_budget": None}
    updated, _error = apply_update(current, settings=current.settings.model_dump(mode="python") | {"plan": plan_settings})
    if updated is not None:
        update_case(updated)
    st.session_state[BUDGET_KEY] = float(default_budget(updated or current))


def _month_input(label_key: str, key: str, shown: bool) -> int | None:
    """A what-if's "from which month", asked only once the what-if has an amount.

    Why: three month boxes that do nothing until an amount is set crowd a phone and are redrawn
    on every change. The month typed is kept while its box is hidden (Streamlit forgets a widget
    that is not drawn), so setting the amount to zero and back does not lose it. An emptied box is
    empty (``None``: the controls' check names it), not its old month.
    """
    kept = f"{key}_kept"
    if not shown:
        return st.session_state.get(kept, 1)
    month = clearable.number(st, _(label_key), st.session_state.get(kept, 1), min_value=1, max_value=600, key=key, disabled=is_read_only())
    if month is not None:
        st.session_state[kept] = month
    return month


@st.fragment
def _offers_block(case: Case, plan: PlanResult) -> None:
    """What to offer each platform: the plan's month-1 payments, the share rule in one sentence,
    and what each offer costs if the platform keeps its charges running."""
    st.markdown(f"**{_('plan_page.offers_heading')}**")
    st.caption(_("plan_page.offers_explain"))
    labels = debt_labels(case.debts)
    row_cards(
        [
            # The offer's words say the months, the smaller last one, and "on contract".
            {_("field.platform"): labels[d.id], _("plan_page.col.offer"): offer_cell(plan.offers[d.id], _)}
            for d in plan.debts
            if d.id in plan.offers
        ]
    )
    running = [line for o in plan.offers.values() if (line := running_text(o, _, escape=md_escape))]
    if running:
        # Behind one tap, as on Negotiate: one note per platform was most of a phone screen.
        with st.expander(_("negotiate.running_detail", count=len(running)), icon=":material/trending_up:"):
            st.caption("\n\n".join(running))
    if any(p.path == "pages/negotiate.py" for p in PAGES):
        st.page_link("pages/negotiate.py", label=_("plan_page.go_negotiate"), icon=":material/handshake:")
    else:
        st.caption(_("plan_page.negotiate_in_words"))


def _slips_table(case: Case, rows: list) -> None:
    """One sentence per debt that falls behind (when, how deep, how long, until when), then the
    reasons once: sentences wrap on a phone, where five columns would scroll sideways."""
    labels = debt_labels(case.debts)
    named = [replace(row, platform=labels.get(row.debt_id, row.platform)) for row in rows]
    st.markdown("\n".join(f"- {slip_sentence(row, _, escape=md_escape)}" for row in named))
    reasons = [_("plan_slip.why")]
    for reason_key in dict.fromkeys(row.reason_key for row in named):
        names = _("format.list_sep").join(md_escape(row.platform) for row in named if row.reason_key == reason_key)
        reasons.append(_("format.label_value", label=names, value=_(reason_key)))
    reasons.append(_("plan_slip.what_to_do"))
    st.caption("\n\n".join(reasons))


def _nobody_agrees_block(case: Case, contract: PlanResult) -> None:
    """If nobody agrees: the same money on the contracts as they stand — who falls behind, when, and
    what it costs. Shown as the reason to make the calls, never as the plan."""
    rows = plan_slips(contract)
    with st.container(border=True):
        st.markdown(f"**{_('plan_page.nobody.heading')}**")
        cost = fmt_money(contract.total_cost)
        if contract.debt_free_date is not None:
            st.write(_("plan_page.nobody.summary", when=f"{contract.debt_free_date:%Y-%m}", cost=cost))
        else:
            st.write(_("plan_page.nobody.summary_never", cost=cost))
        if rows:
            _slips_table(case, rows)


def _plan_section() -> None:
    """Everything the controls change. A control reruns this part only: not ``app.py``, the
    navigation, the sidebar or the page's title (a budget step used to run all of them)."""
    case = get_case()
    if case is None:
        return
    suggested_budget = default_budget(case)
    stored_budget = case.settings.plan.monthly_budget
    with st.container(border=True):
        st.header(_("plan_page.controls_heading"))
        left, right = st.columns(2)
        # Emptied, the budget is empty (the controls' check names it), not its old figure.
        raw_budget = clearable.number(
            left, _("plan_page.field.monthly_budget"), float(stored_budget if stored_budget is not None else suggested_budget),
            min_value=0.0, max_value=1e9, step=100.0, format="%.2f", key=BUDGET_KEY, disabled=is_read_only(), help=_("plan_page.budget_help"),
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
            left.button(_("plan_page.budget_reset"), icon=":material/restart_alt:", on_click=_reset_budget, key=f"plan_reset_{rev()}", disabled=is_read_only())
        strategies = [s.value for s in Strategy]
        raw_strategy = right.selectbox(
            _("plan_page.field.strategy"), strategies, index=strategies.index(case.settings.plan.strategy.value),
            format_func=lambda v: _(f"enum.strategy.{v}"), key=STRATEGY_KEY, disabled=is_read_only(), help=_("plan_page.strategy_help"),
        )
        right.caption(_(f"plan_page.strategy_explain.{raw_strategy}"))
        custom_order = case.settings.plan.custom_order
        if raw_strategy == Strategy.CUSTOM.value:
            names = debt_labels(case.debts)
            custom_order = right.multiselect(
                _("plan_page.custom_order"), list(names), default=[i for i in custom_order if i in names],
                format_func=lambda i: names.get(i, i), key=ORDER_KEY, disabled=is_read_only(), help=_("plan_page.custom_order_help"),
            )

    # --- what-ifs (drawn beside the charts, read before computing) --------------------------------
    chart_col, what_col = st.columns([3, 1])
    with what_col.container(border=True):
        st.markdown(f"**{_('plan_page.what_if_heading')}**")
        st.caption(_("plan_page.what_if_intro"))
        raw_drop = st.slider(_("plan_page.field.income_drop_percent"), 0, 100, 0, step=5, format="%d%%", key=f"plan_drop_{rev()}", disabled=is_read_only())
        raw_drop_month = _month_input("plan_page.field.income_drop_month", f"plan_drop_month_{rev()}", shown=bool(raw_drop))
        # An emptied what-if is no what-if (nothing extra), not its old figure.
        raw_lump = clearable.number(st, _("plan_page.field.lump_sum"), 0.0, min_value=0.0, max_value=1e9, step=500.0, format="%.2f", key=f"plan_lump_{rev()}", disabled=is_read_only())
        raw_lump_month = _month_input("plan_page.field.lump_sum_month", f"plan_lump_month_{rev()}", shown=bool(raw_lump))
        raw_extra = clearable.number(st, _("plan_page.field.extra_monthly"), 0.0, min_value=0.0, max_value=1e9, step=100.0, format="%.2f", key=f"plan_extra_{rev()}", disabled=is_read_only())
        raw_extra_month = _month_input("plan_page.field.extra_from_month", f"plan_extra_month_{rev()}", shown=bool(raw_extra))

    controls, problems = parse_controls(
        {
            # Widget floats go through repr so 1234.5 stays Decimal('1234.5').
            "monthly_budget": repr(raw_budget) if raw_budget is not None else None,
            "strategy": raw_strategy,
            "income_drop_percent": raw_drop,
            "income_drop_month": raw_drop_month,
            "lump_sum": repr(raw_lump) if raw_lump is not None else "0",
            "lump_sum_month": raw_lump_month,
            "extra_monthly": repr(raw_extra) if raw_extra is not None else "0",
            "extra_from_month": raw_extra_month,
        },
        lang(),
    )
    if controls is None:
        show_problems(problems)
        return

    # Save the budget and strategy into the case (the budget only once it differs from the default).
    plan_settings = case.settings.plan.model_dump(mode="python")
    wanted = dict(plan_settings)
    wanted["strategy"] = controls.strategy
    wanted["custom_order"] = list(custom_order)
    if stored_budget is not None or controls.monthly_budget != suggested_budget:
        wanted["monthly_budget"] = controls.monthly_budget
    if wanted != plan_settings:
        updated, error = apply_update(case, settings=case.settings.model_dump(mode="python") | {"plan": wanted})
        if updated is not None:
            unsaved_before = share_state.has_unsaved_changes()
            update_case(updated)
            case = updated
            if share_state.has_unsaved_changes() != unsaved_before:
                # The sidebar's "saved / not saved" note for a shared case lies outside this part.
                st.rerun(scope="app")

    results, plan = _plans(case, controls, with_what_ifs=True)
    colours = debt_colours(d.id for d in case.debts)

    def _month_date(month: int | None) -> str:
        return add_months(case.as_of, month - 1).strftime("%Y-%m") if month else "—"

    # --- the answer first ------------------------------------------------------------------------------
    with chart_col:
        m1, m2 = st.columns(2)
        if plan.months_to_debt_free is None:
            m1.metric(_("plan_page.metric.debt_free"), _("plan_page.not_within"))
        else:
            m1.metric(
                _("plan_page.metric.debt_free"), _month_date(plan.months_to_debt_free),
                help=_("plan_page.metric.debt_free_help", months=plan.months_to_debt_free),
            )
        m2.metric(_("plan_page.metric.cost"), fmt_money(plan.total_cost), help=_("plan_page.metric.cost_help"))
        m3, m4 = st.columns(2)
        headline_figures = headline(plan)  # the same four figures as the Overview, Negotiate, the PDF and the CLIs
        m3.metric(_("plan_page.metric.needed"), fmt_money(headline_figures.needed_this_month), help=_("plan_page.metric.needed_help"))
        m4.metric(_("plan_page.metric.budget"), fmt_money(plan.budget))
        if controls.has_what_ifs:
            _base, base_plan = _plans(case, controls, with_what_ifs=False)
            st.info(
                _(
                    "plan_page.what_if_effect",
                    before=_month_date(base_plan.months_to_debt_free) if base_plan.months_to_debt_free else _("plan_page.not_within"),
                    after=_month_date(plan.months_to_debt_free) if plan.months_to_debt_free else _("plan_page.not_within"),
                    cost_before=fmt_money(base_plan.total_cost),
                    cost_after=fmt_money(plan.total_cost),
                ),
                icon=":material/science:",
            )

        # Warnings in plain words, each with what to do next.
        for warning in plan.warnings:
            if warning.is_slip:
                continue  # named one by one beside the schedule below
            box = st.warning if warning.code in WARNING_CODES else st.info
            box(warning.message(lang(), escape=md_escape), icon=":material/lightbulb:")
        slips = [w for w in plan.warnings if w.is_slip]
        if slips:
            st.error(_("plan_slip.summary", count=len({w.debt_id for w in slips})), icon=":material/warning:")
        if plan.shortfall > 0:
            _offers_block(case, plan)

        # --- charts ------------------------------------------------------------------------------------
        names = ("balances", "split", "strategies", "timeline")
        # One chart at a time, picked by name: only that chart is built, sent and drawn. The
        # choice is kept under its own key, so it stays across a language switch (tabs named by
        # their translated labels would become a new container, draw the chart twice and open
        # the first tab again).
        chosen = st.segmented_control(
            _("plan_page.chart_pick"), names, format_func=lambda name: _(f"plan_page.tab.{name}"),
            default=names[0], key=CHART_KEY, required=True, label_visibility="collapsed", wrap=True,
        ) or names[0]
        figures = {
            "balances": lambda: plan_charts.balances_figure(plan, colours, _, debt_labels(case.debts)),
            "split": lambda: plan_charts.payment_split_figure(plan, _),
            "strategies": lambda: plan_charts.strategy_figure(results, _),
            "timeline": lambda: plan_charts.timeline_figure(plan, case.as_of, colours, _, debt_labels(case.debts)),
        }
        title = _(plan_charts.TITLES[chosen])
        st.markdown(f"**{title}**")
        # Built once per session for the same case, controls and language (ui.cached), and drawn
        # under one key whichever chart is picked: the browser keeps the chart and updates it in
        # place (ui.plotly_component), on a budget step, a chart pick or a language switch alike.
        spec = figure(f"plan_{chosen}", lambda: figure_spec(figures[chosen]()), case_key(case), controls.model_dump_json(), lang())
        plotly_chart(spec, key=PLOT_KEY, title=title, unavailable=_("chart.unavailable"))
        if chosen == "timeline":
            years = rule_value("credit_record_years", case.settings.rules)
            st.caption(_("plan_page.record_rule", years=f"{years:g}", source=_(RULES["credit_record_years"].source_key)))

    # --- what this plan lets fall behind: always in view, never behind a choice ---------------------------
    if slips:
        with st.container(border=True):
            st.markdown(f"**{_('plan_slip.heading')}**")
            _slips_table(case, plan_slips(plan))
    # --- if nobody agrees: the contract simulation, the reason to make the calls ---------------------------
    if plan.shortfall > 0:
        _nobody_agrees_block(case, _contract_plan(case, controls))

    # --- in detail: one part at a time ----------------------------------------------------------------
    # Debt by debt, the repayment orders side by side, or the month-by-month schedule, picked as the
    # charts are: only the part on show is built, sent and drawn (the schedule is a row per debt per
    # month, hundreds of rows), and the choice stays across a language switch and a new case.
    st.header(_("plan_view.details_heading"))
    details = {"debts": "plan_page.debts_heading", "strategies": "plan_page.compare_heading", "schedule": "plan_page.schedule_heading"}
    detail = st.segmented_control(
        _("plan_view.detail_pick"), list(details), format_func=lambda name: _(details[name]),
        default="debts", key=DETAIL_KEY, required=True, label_visibility="collapsed", wrap=True,
    ) or "debts"

    # The debt is named as everywhere else (two on one platform told apart); its id stays out.
    shown_columns = [c for c in SCHEDULE_COLUMNS if c != "debt_id"]
    schedule = plan.schedule.assign(platform=plan.schedule["debt_id"].map(debt_labels(case.debts)))[shown_columns]
    headers = [_(f"plan_page.col.{c}") for c in shown_columns]

    if detail == "strategies":
        st.caption(_("plan_page.compare_intro"))

        def _first_cured(result: PlanResult) -> int | None:
            months = [d.current_month for d in result.debts if d.was_overdue and d.current_month]
            return min(months) if months else None

        row_cards(
            [
                {
                    _("plan_page.field.strategy"): _(f"enum.strategy.{s.value}"),
                    _("plan_page.col.debt_free"): _month_date(r.months_to_debt_free) if r.months_to_debt_free else _("plan_page.not_within"),
                    _("plan_page.col.months"): r.months_to_debt_free,
                    _("plan_page.col.total_cost"): fmt_money(r.total_cost),
                    _("plan_page.col.overdue_months"): r.overdue_months,
                    _("plan_page.col.first_cured"): _month_date(_first_cured(r)),
                }
                for s, r in results.items()
            ]
        )
    elif detail == "schedule":
        st.caption(_("plan_page.schedule_intro"))
        money_format = {col: st.column_config.NumberColumn(_(f"plan_page.col.{col}"), format="%.2f") for col in ("payment", "interest", "penalty", "fees", "principal", "balance", "overdue")}
        st.dataframe(
            schedule, hide_index=True, height=320,
            column_config={c: money_format.get(c, _(f"plan_page.col.{c}")) for c in shown_columns},
        )
    else:

        def _current_text(month: int | None) -> str:
            if month == 0:
                return _("plan_page.already_current")
            return _month_date(month) if month else _("plan_page.not_yet")

        row_cards(
            [
                {
                    _("field.platform"): debt_labels(case.debts)[d.id],
                    _("plan_page.col.owed_today"): fmt_money(d.owed_today),
                    _("plan_page.col.current_again"): _current_text(d.current_month),
                    _("plan_page.col.paid_off"): _month_date(d.paid_off_month) if d.paid_off_month else _("plan_page.not_yet"),
                    _("plan_page.col.record_clears"): d.credit_record_clears.strftime("%Y-%m") if d.credit_record_clears else "—",
                    **{_("plan_page.col.clear_in", months=n): fmt_money(v) for n, v in d.payment_to_clear.items()},
                }
                for d in plan.debts
            ]
        )
        st.caption(_("plan_page.clear_in_explain"))

    # The schedule's files, whichever part is on show (built when clicked).
    def _rows() -> list[list]:
        return [list(row) for row in schedule.itertuples(index=False)]

    d1, d2 = st.columns(2)
    d1.download_button(
        _("plan_page.download_csv"), data=lambda current=lang(): table_csv(headers, _rows(), current),
        file_name=f"plan-{case.as_of.isoformat()}.csv", mime="text/csv", icon=":material/download:",
        key="plan_download_csv", on_click="ignore",
    )
    d2.download_button(
        _("plan_page.download_xlsx"), data=lambda current=lang(): table_xlsx(_("plan_page.schedule_sheet"), headers, _rows(), current),
        file_name=f"plan-{case.as_of.isoformat()}.xlsx",
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", icon=":material/table:",
        key="plan_download_xlsx", on_click="ignore",
    )


_plan_section()
# Outside the part the controls rerun: these never change with them.
st.divider()
st.caption(_("plan_page.how_it_counts"))
st.caption(_("app.not_advice"))
