"""The plan in detail, one part at a time: debt by debt, the repayment orders side by side, or the schedule.

Why one at a time: picked as the charts are, only the part on show is built, sent and drawn (the
schedule is a row per debt per month, hundreds of rows), and the choice stays across a language
switch and a new case. The schedule's files are offered whichever part is on show.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from overdue_core.case import Case, Strategy, debt_labels, fmt_money
from overdue_core.plan import SCHEDULE_COLUMNS, PlanResult
from overdue_core.report import table_csv, table_xlsx
from ui.state import keys, lang, tr
from ui.widgets import row_cards, table_downloads

from .months import month_text

PARTS = {
    "debts": "plan_page.debts_heading",
    "strategies": "plan_page.compare_heading",
    "schedule": "plan_page.schedule_heading",
}
MONEY_COLUMNS = ("payment", "interest", "penalty", "fees", "principal", "balance", "overdue")


def _first_cured(result: PlanResult) -> int | None:
    months = [d.current_month for d in result.debts if d.was_overdue and d.current_month]
    return min(months) if months else None


def _strategies(case: Case, results: dict[Strategy, PlanResult]) -> None:
    _ = tr()
    st.caption(_("plan_page.compare_intro"))
    row_cards(
        [
            {
                _("plan_page.field.strategy"): _(f"enum.strategy.{s.value}"),
                _("plan_page.col.debt_free"): month_text(case.as_of, r.months_to_debt_free)
                if r.months_to_debt_free
                else _("plan_page.not_within"),
                _("plan_page.col.months"): r.months_to_debt_free,
                _("plan_page.col.total_cost"): fmt_money(r.total_cost),
                _("plan_page.col.overdue_months"): r.overdue_months,
                _("plan_page.col.first_cured"): month_text(case.as_of, _first_cured(r)),
            }
            for s, r in results.items()
        ]
    )


def _debts(case: Case, plan: PlanResult) -> None:
    _ = tr()

    def current_text(month: int | None) -> str:
        if month == 0:
            return _("plan_page.already_current")
        return month_text(case.as_of, month) if month else _("plan_page.not_yet")

    row_cards(
        [
            {
                _("field.platform"): debt_labels(case.debts)[d.id],
                _("plan_page.col.owed_today"): fmt_money(d.owed_today),
                _("plan_page.col.current_again"): current_text(d.current_month),
                _("plan_page.col.paid_off"): month_text(case.as_of, d.paid_off_month)
                if d.paid_off_month
                else _("plan_page.not_yet"),
                _("plan_page.col.record_clears"): d.credit_record_clears.strftime("%Y-%m")
                if d.credit_record_clears
                else "—",
                **{_("plan_page.col.clear_in", months=n): fmt_money(v) for n, v in d.payment_to_clear.items()},
            }
            for d in plan.debts
        ]
    )
    st.caption(_("plan_page.clear_in_explain"))


def _downloads(case: Case, schedule: pd.DataFrame, headers: list[str]) -> None:
    """The schedule's files (built when clicked)."""
    _ = tr()

    def rows() -> list[list]:
        return [list(row) for row in schedule.itertuples(index=False)]

    sheet = _("plan_page.schedule_sheet")
    table_downloads(
        f"plan-{case.as_of.isoformat()}",
        (_("plan_page.download_csv"), lambda current=lang(): table_csv(headers, rows(), current), "plan_download_csv"),
        (
            _("plan_page.download_xlsx"),
            lambda current=lang(): table_xlsx(sheet, headers, rows(), current),
            "plan_download_xlsx",
        ),
        icons=(":material/download:", ":material/table:"),
    )


def draw_details(case: Case, plan: PlanResult, results: dict[Strategy, PlanResult]) -> None:
    """The part picker, the part on show, and the schedule's downloads."""
    _ = tr()
    st.header(_("plan_view.details_heading"))
    detail = (
        st.segmented_control(
            _("plan_view.detail_pick"),
            list(PARTS),
            format_func=lambda name: _(PARTS[name]),
            default="debts",
            key=keys.PLAN_DETAIL,
            required=True,
            label_visibility="collapsed",
            wrap=True,
        )
        or "debts"
    )
    # The debt is named as everywhere else (two on one platform told apart); its id stays out.
    shown_columns = [c for c in SCHEDULE_COLUMNS if c != "debt_id"]
    schedule = plan.schedule.assign(platform=plan.schedule["debt_id"].map(debt_labels(case.debts)))[shown_columns]
    headers = [_(f"plan_page.col.{c}") for c in shown_columns]
    if detail == "strategies":
        _strategies(case, results)
    elif detail == "schedule":
        st.caption(_("plan_page.schedule_intro"))
        money_format = {
            col: st.column_config.NumberColumn(_(f"plan_page.col.{col}"), format="%.2f") for col in MONEY_COLUMNS
        }
        st.dataframe(
            schedule,
            hide_index=True,
            height=320,
            column_config={c: money_format.get(c, _(f"plan_page.col.{c}")) for c in shown_columns},
        )
    else:
        _debts(case, plan)
    _downloads(case, schedule, headers)
