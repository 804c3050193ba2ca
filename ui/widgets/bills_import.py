"""The bills import: read the person's own Alipay and WeChat Pay exports, show what they propose,
and add to the case only the lines the person kept, as they changed them.

Why one module for two pages: Finances and Debts both offer it with one call, and one file gives
both household lines and debts. The files stay in this session: they are read in the limited
child (``overdue_core.bills``), their proposals live in the session (``ui.state.keys.BILLS_IMPORT``) until added or
dropped, and nothing is written anywhere. Every name a line is added under comes from the
catalog; text from the files is shown only in tables and plain text, never as markup.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pandas as pd
import streamlit as st

from overdue_core.bills import (
    BillProposals,
    BillReading,
    BillRow,
    add_to_case,
    kept_debt,
    kept_expense,
    kept_income,
    line_name,
    read_bills_limited,
)
from overdue_core.case import Case, Problem, fmt_money
from overdue_core.entry import exact
from overdue_core.i18n import Translator
from overdue_core.report import IMPORT_BUSY

from ui.state import flash, get_case, is_read_only, keys, lang, replace_case, session_get, session_pop, session_set, tr
from ui.user_text import md_escape

from .figures import money_field

#: Row problems listed per file; the rest are counted.
SHOWN_PROBLEMS = 10


def _nonce() -> int:
    return int(session_get(keys.BILLS_IMPORT_NONCE, 0))


def _read(files: list[Any]) -> tuple[list[BillReading], BillProposals] | None:
    """The readings and proposals of the chosen files (read once per set of files and language)."""
    if not files:
        session_pop(keys.BILLS_IMPORT)
        return None
    ids = (tuple(f.file_id for f in files), lang())
    stored = session_get(keys.BILLS_IMPORT)
    if stored is None or stored[0] != ids:
        readings, proposals = read_bills_limited([(f.name, f.getvalue()) for f in files], lang())
        if any(p.code == IMPORT_BUSY for r in readings for p in r.problems):
            return readings, proposals  # not kept: the next run reads the files again
        stored = (ids, readings, proposals)
        session_set(keys.BILLS_IMPORT, stored)
    return stored[1], stored[2]


def _finish(message: str, kind: str = "success") -> None:
    session_pop(keys.BILLS_IMPORT)
    session_set(keys.BILLS_IMPORT_NONCE, _nonce() + 1)
    flash(kind, message)
    st.rerun()


def _rows_frame(rows: tuple[BillRow, ...], _: Translator) -> pd.DataFrame:
    """The transactions behind a line, as a table (text from the files stays text there)."""
    return pd.DataFrame(
        [
            {
                _("bills.page.col_time"): r.when.strftime("%Y-%m-%d %H:%M"),
                _("bills.page.col_other"): r.counterparty,
                _("bills.page.col_item"): r.item,
                _("bills.page.col_amount"): fmt_money(r.net),
                _("bills.page.col_status"): r.status,
            }
            for r in rows
        ]
    )


def _rows_behind(rows: tuple[BillRow, ...], _: Translator) -> None:
    with st.expander(_("bills.page.rows_behind", count=len(rows))):
        st.dataframe(_rows_frame(rows, _), hide_index=True, width="stretch")


def _show_problems(readings: list[BillReading], names: list[str], _: Translator) -> None:
    for name, reading in zip(names, readings, strict=True):
        if not reading.problems:
            continue
        if reading.rows:
            st.warning(
                _("bills.page.row_problems", name=md_escape(name), count=len(reading.problems)),
                icon=":material/edit_note:",
            )
        else:
            st.error(_("bills.page.file_problem", name=md_escape(name)), icon=":material/error:")
        for item in reading.problems[:SHOWN_PROBLEMS]:
            st.text(f"• {item}")
        if len(reading.problems) > SHOWN_PROBLEMS:
            st.caption(_("bills.page.more_problems", count=len(reading.problems) - SHOWN_PROBLEMS))


def _money(value: float | None) -> Decimal | None:
    return exact(value)


def _household_lines(proposals: BillProposals, _: Translator, nonce: int) -> list[tuple[Any, Any, list[Problem]]]:
    kept: list[tuple[Any, Any, list[Problem]]] = []
    for heading, lines in (("income_heading", proposals.incomes), ("spending_heading", proposals.spending)):
        if lines:
            st.subheader(_(f"bills.page.{heading}"))
        for n, line in enumerate(lines):
            key = f"{line.key}_{n}_{nonce}"
            with st.container(border=True):
                keep = st.checkbox(line_name(line, lang()), value=True, key=f"bills_keep_{key}")
                amount = st.number_input(
                    _("bills.page.monthly_amount"),
                    **money_field(10.0),
                    value=float(line.monthly),
                    key=f"bills_amount_{key}",
                )
                essential = line.is_income or st.checkbox(
                    _("bills.page.essential"), value=line.essential, key=f"bills_essential_{key}"
                )
                st.caption(
                    _("bills.page.line_caption", months=line.months, total=fmt_money(line.total), count=len(line.rows))
                )
                _rows_behind(line.rows, _)
            if keep:
                made, problems = (
                    kept_income(line, _money(amount), lang())
                    if line.is_income
                    else kept_expense(line, _money(amount), bool(essential), lang())
                )
                kept.append((line, made, problems))
    return kept


def _debt_lines(proposals: BillProposals, _: Translator, nonce: int) -> list[tuple[Any, Any, list[Problem]]]:
    kept: list[tuple[Any, Any, list[Problem]]] = []
    if proposals.debts:
        st.subheader(_("bills.page.debts_heading"))
        st.caption(_("bills.page.debts_caption"))
    for n, line in enumerate(proposals.debts):
        key = f"{line.key}_{n}_{nonce}"
        with st.container(border=True):
            keep = st.checkbox(line.name(lang()), value=True, key=f"bills_keep_{key}")
            platform = st.text_input(
                _("bills.page.platform"), value=line.name(lang()), max_chars=80, key=f"bills_platform_{key}"
            )
            c1, c2 = st.columns(2)
            amount = c1.number_input(
                _("bills.page.usual_amount"),
                **money_field(10.0),
                value=float(line.usual_amount),
                key=f"bills_amount_{key}",
            )
            day = c2.number_input(
                _("bills.page.due_day"), min_value=1, max_value=31, value=line.due_day, step=1, key=f"bills_day_{key}"
            )
            balance = st.number_input(
                _("bills.page.balance"),
                **money_field(100.0),
                value=None,
                key=f"bills_balance_{key}",
            )
            st.caption(
                _(
                    "bills.page.debt_line_caption",
                    months=line.months,
                    day=line.due_day,
                    amount=fmt_money(line.usual_amount),
                )
            )
            _rows_behind(line.rows, _)
        if keep:
            made, problems = kept_debt(line, platform, _money(amount), day, _money(balance), lang())
            kept.append((line, made, problems))
    return kept


def _borrowing(proposals: BillProposals, _: Translator, nonce: int) -> bool:
    if not proposals.borrowing:
        return False
    st.subheader(_("bills.page.borrowing_heading"))
    names = {d.key: d.name(lang()) for d in proposals.debts}
    for pair in proposals.borrowing:
        st.warning(
            _(
                "bills.page.borrowing_found",
                date=pair.payout.when.date().isoformat(),
                payout=_(f"bills.platform.{pair.payout_key}"),
                amount=fmt_money(pair.payout.amount),
                days=pair.days,
                repaid=names[pair.repayment_key],
            ),
            icon=":material/sync_problem:",
        )
    st.caption(_("bills.page.borrowing_explain"))
    return st.checkbox(_("bills.page.borrowing_keep"), value=True, key=f"bills_flag_{nonce}")


def draw_bills_import() -> None:
    """The import section: how to export, the upload, then the proposals to change, drop and add."""
    if is_read_only():
        return  # a counselor's view: nothing is added to the case
    _ = tr()
    nonce = _nonce()
    st.header(_("bills.page.heading"), divider="gray")
    st.caption(_("bills.page.intro"))
    with st.popover(_("bills.page.how_heading"), icon=":material/help:"):
        st.markdown(_("bills.page.how_alipay"))
        st.markdown(_("bills.page.how_wechat"))
    st.caption(_("bills.page.privacy"))
    files = st.file_uploader(
        _("bills.page.upload_label"),
        type=["csv", "xlsx", "xls"],
        accept_multiple_files=True,
        key=f"bills_upload_{nonce}",
    )
    found = _read(list(files or []))
    if found is None:
        return
    readings, proposals = found
    if any(p.code == IMPORT_BUSY for r in readings for p in r.problems):
        st.info(_("import_guard.busy"), icon=":material/hourglass_top:")
        st.button(_("import_guard.retry"), icon=":material/refresh:", key=f"bills_retry_{nonce}")  # a click reads again
        return
    _show_problems(readings, [f.name for f in files or []], _)
    if proposals.first is None:
        return
    _summary(readings, proposals, _)
    if not proposals.found_anything and not proposals.borrowing:
        st.info(_("bills.page.nothing_found"), icon=":material/info:")
        return
    # Enter (a phone keyboard's "go") only commits the number typed: adding is a tap on the button.
    with st.form(f"bills_form_{nonce}", border=False, enter_to_submit=False):
        household = _household_lines(proposals, _, nonce)
        debts = _debt_lines(proposals, _, nonce)
        flag = _borrowing(proposals, _, nonce)
        case = get_case()
        mode = "append"
        if (
            case is not None
            and (proposals.incomes or proposals.spending)
            and (case.household.incomes or case.household.expenses)
        ):
            mode = st.radio(
                _("bills.page.mode_label"),
                options=["append", "replace"],
                format_func=lambda m: _(f"bills.page.mode_{m}"),
                key=f"bills_mode_{nonce}",
            )
        b1, b2 = st.columns(2)
        confirmed = b1.form_submit_button(_("bills.page.confirm"), type="primary", icon=":material/check:")
        cancelled = b2.form_submit_button(_("bills.page.cancel"), icon=":material/close:")
    if cancelled:
        _finish(_("bills.page.cancelled"), "info")
    if confirmed and case is not None:
        _add(case, household, debts, bool(flag), mode, _)


def _summary(readings: list[BillReading], proposals: BillProposals, _: Translator) -> None:
    """What was read: rows, the period and months covered, and what was left out and why."""
    st.success(
        _(
            "bills.page.summary",
            rows=sum(len(r.rows) for r in readings),
            first=proposals.first.isoformat(),
            last=proposals.last.isoformat() if proposals.last else "",
            months=proposals.months,
        ),
        icon=":material/fact_check:",
    )
    if proposals.left_out:
        st.caption(
            _("bills.page.left_out_heading")
            + _("bills.page.separator")
            + _("bills.page.list_separator").join(
                _(f"bills.left_out.{key}", count=count) for key, count in proposals.left_out.items()
            )
        )


def _add(
    case: Case,
    household: list[tuple[Any, Any, list[Problem]]],
    debts: list[tuple[Any, Any, list[Problem]]],
    borrowing: bool,
    mode: str,
    _: Translator,
) -> None:
    """Add the confirmed lines to the case, or name what must be fixed first."""
    problems = [p for _line, _made, found_problems in household + debts for p in found_problems]
    if problems:
        st.error(_("bills.page.fix_first"), icon=":material/edit_note:")
        for item in problems:
            st.text(f"• {item}")
        return
    incomes = [made for line, made, _p in household if line.is_income]
    expenses = [made for line, made, _p in household if not line.is_income]
    new_debts = [made for _line, made, _p in debts]
    updated, problems = add_to_case(
        case,
        incomes=incomes,
        expenses=expenses,
        debts=new_debts,
        borrowing_to_repay=borrowing,
        mode=mode,
        lang=lang(),
    )
    if updated is None:
        st.error(_("bills.page.fix_first"), icon=":material/edit_note:")
        for item in problems:
            st.text(f"• {item}")
        return
    replace_case(updated)
    _finish(_("bills.page.done", incomes=len(incomes), expenses=len(expenses), debts=len(new_debts)))
