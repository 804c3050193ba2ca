"""Report and files: the two printable statements, the case file and tables to download, and debt imports.

Thin: the PDFs, the files and the import all come from ``overdue_core`` (report_pdf, exports,
imports); this page only offers them. Files are built when their button is clicked. What the
creditor's statement still lacks (what happened, in the person's words; account numbers) is
asked for here, before the download, and saved into the case. An import is read and checked
first and changes the case only after the person confirms.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from overdue_core.case import debt_labels, fmt_money
from overdue_core.entry import debt_numbers
from overdue_core.i18n import LANGS, Translator
from overdue_core.plan import build_plan
from overdue_core.report import (
    FONT_PACKAGE,
    IMPORT_BUSY,
    DebtImport,
    debts_csv,
    debts_xlsx,
    find_cjk_font,
    merge_debts,
    missing_details,
    read_debts_limited,
    report_pdf,
    schedule_csv,
    schedule_xlsx,
    template_csv,
    template_xlsx,
    with_details,
)
from ui import readonly
from ui.frame import open_page
from ui.state import (
    apply_update,
    flash,
    get_draft,
    is_read_only,
    keys,
    lang,
    replace_case,
    rev,
    session_get,
    session_pop,
    session_set,
    update_case,
)
from ui.user_text import md_escape
from ui.widgets import PDF_MIME, Download, case_download_button, download_row, show_problems, table_downloads

case, _ = open_page("report.page.title", "report.page.intro")

ALL_CREDITORS = ""  # the "to" choice for one statement addressed to every creditor

stamp = case.as_of.isoformat()
labels = debt_labels(case.debts)  # what a person reads for each debt (never its id)


def _current_case():
    """The case as drawn: download callables run later, in a thread without session state."""
    return case


def _schedule_records() -> list[dict]:
    return build_plan(_current_case()).schedule.to_dict("records")


def _negotiate_draft() -> str:
    """What the person typed as "what happened" on the Negotiate page but has not saved yet."""
    for debt in case.debts:
        text = get_draft(f"letter.reason.{debt.id}")
        if isinstance(text, str) and text.strip():
            return text
    return ""


def _missing_text(missing) -> str:
    parts = [_("report.page.missing_hardship_item")] if missing.hardship else []
    if missing.accounts:
        parts.append(
            _(
                "report.page.missing_accounts_item",
                platforms=_("format.list_sep").join(labels[d] for d in missing.accounts),
            )
        )
    return _("report.page.missing_sep").join(parts)


# --- the statements ----------------------------------------------------------------------------
st.header(_("report.page.pdf_heading"), divider="gray")
st.write(_("report.page.pdf_hint"))
report_lang = (
    st.segmented_control(
        _("report.page.pdf_lang"),
        options=list(LANGS),
        default=lang(),
        format_func=lambda code: _(f"enum.lang.{code}"),
        key="report_lang",
    )
    or lang()
)
# Who the statement is from: printed in its signature block (kept in the case, nowhere else).
with st.form(key=f"person_form_{rev()}", border=True):
    st.markdown(f"**{_('report.page.person_heading')}**")
    st.caption(_("report.page.person_hint"))
    p1, p2 = st.columns(2)
    person_name = p1.text_input(_("report.summary.name"), value=case.person.name, max_chars=80, disabled=is_read_only())
    person_contact = p2.text_input(
        _("report.summary.contact"), value=case.person.contact, max_chars=200, disabled=is_read_only()
    )
    if st.form_submit_button(_("report.page.person_save"), icon=":material/save:", disabled=is_read_only()):
        updated, error = apply_update(case, person={"name": person_name, "contact": person_contact})
        if error is not None:
            from overdue_core.case import problems_from_validation

            show_problems(problems_from_validation(error, lang()))
        else:
            update_case(updated)
            case = updated
            st.success(_("report.page.person_saved"), icon=":material/check:")

# What the creditor's statement still lacks, asked for before the download and saved into the case.
missing = missing_details(case)
if case.debts and not missing.hardship:
    st.caption(_("report.page.hardship_from"))
if missing and not is_read_only():
    with st.form(key=f"statement_details_{rev()}", border=True):
        st.markdown(f"**{_('report.page.missing_heading')}**")
        st.caption(_("report.page.missing_hint"))
        hardship = None
        if missing.hardship:
            hardship = st.text_area(
                _("report.page.hardship_label"),
                value=_negotiate_draft(),
                max_chars=4000,
                height=140,
                help=_("report.page.hardship_help"),
                key=f"statement_hardship_{rev()}",
            )
        refs: dict[str, str] = {}
        for debt_id in missing.accounts:
            refs[debt_id] = st.text_input(
                _("report.page.account_label", platform=md_escape(labels[debt_id])),
                max_chars=80,
                help=_("report.page.account_help"),
                key=f"statement_ref_{debt_id}_{rev()}",
            )
        if st.form_submit_button(_("report.page.missing_save"), icon=":material/save:", type="primary"):
            updated, problems = with_details(case, lang(), hardship=hardship, accounts=refs)
            if problems:
                show_problems(problems)
            elif updated is not None and updated != case:
                update_case(updated)
                flash("success", _("report.page.missing_saved"))
                st.rerun()
            else:
                st.info(_("report.page.missing_nothing"), icon=":material/info:")

if case.debts:
    to = st.selectbox(
        _("report.page.pdf_to"),
        [ALL_CREDITORS, *(d.id for d in case.debts)],
        format_func=lambda v: _("report.page.pdf_to_all") if v == ALL_CREDITORS else labels[v],
        key="report_to",
    )
else:
    to = ALL_CREDITORS
to = to if to and case.debt(to) is not None else None
if missing:
    st.warning(_("report.page.missing_left", what=_missing_text(missing)), icon=":material/edit_note:")
if find_cjk_font() is None:
    st.warning(_("report.page.pdf_font_missing", package=FONT_PACKAGE), icon=":material/font_download_off:")
name = f"statement-{debt_numbers(case.debts)[to]}" if to else "statement"
download_row(
    Download(
        _("report.page.pdf_button"),
        lambda: report_pdf(_current_case(), report_lang, copy="creditor", creditor=to),
        f"{name}-{stamp}-{report_lang}.pdf",
        PDF_MIME,
        "download_pdf",
        ":material/print:",
        primary=True,
    ),
    Download(
        _("report.page.pdf_own_button"),
        lambda: report_pdf(_current_case(), report_lang, copy="own"),
        f"statement-own-{stamp}-{report_lang}.pdf",
        PDF_MIME,
        "download_pdf_own",
        ":material/folder_shared:",
    ),
)
st.caption(_("report.page.pdf_own_hint"))

# --- files -----------------------------------------------------------------------------------
st.header(_("report.page.files_heading"), divider="gray")
st.caption(_("report.page.files_hint"))
case_download_button(_("report.page.case_json"), key="download_case_json")
st.caption(_("report.page.case_json_hint"))
if case.debts:
    current = lang()
    table_downloads(
        f"debts-{stamp}",
        (_("report.page.debts_csv"), lambda: debts_csv(_current_case().debts, current), "download_debts_csv"),
        (_("report.page.debts_xlsx"), lambda: debts_xlsx(_current_case().debts, current), "download_debts_xlsx"),
        icons=(":material/table:", ":material/table_view:"),
    )
    table_downloads(
        f"schedule-{stamp}",
        (
            _("report.page.schedule_csv"),
            lambda: schedule_csv(_schedule_records(), current, debt_labels(_current_case().debts)),
            "download_schedule_csv",
        ),
        (
            _("report.page.schedule_xlsx"),
            lambda: schedule_xlsx(_schedule_records(), current, debt_labels(_current_case().debts)),
            "download_schedule_xlsx",
        ),
        icons=(":material/calendar_month:",) * 2,
    )
else:
    st.info(_("report.page.no_debts"), icon=":material/info:")
st.caption(_("report.page.privacy"))

# --- import ----------------------------------------------------------------------------------
if is_read_only():
    readonly.notice()  # a counselor cannot import into the case
    st.caption(_("app.not_advice"))
    st.stop()
st.header(_("imports.page.heading"), divider="gray")
st.write(_("imports.page.intro"))
table_downloads(
    "debts-template",
    (_("imports.page.template_csv"), lambda current=lang(): template_csv(current), "download_template_csv"),
    (_("imports.page.template_xlsx"), lambda current=lang(): template_xlsx(current), "download_template_xlsx"),
)

nonce = int(session_get(keys.DEBT_IMPORT_NONCE, 0))
upload = st.file_uploader(_("imports.page.upload_label"), type=["csv", "xlsx", "xls"], key=f"debts_upload_{nonce}")


def _checked(upload) -> DebtImport | None:
    """The checked import of the uploaded file (read once per file and language)."""
    if upload is None:
        session_pop(keys.DEBT_IMPORT)
        return None
    stored = session_get(keys.DEBT_IMPORT)
    if stored is None or stored[0] != upload.file_id or stored[1] != lang():
        result = read_debts_limited(upload.getvalue(), upload.name, lang())
        if _busy(result):
            session_pop(keys.DEBT_IMPORT)  # not kept: the next run reads the file again
            return result
        stored = (upload.file_id, lang(), result)
        session_set(keys.DEBT_IMPORT, stored)
    return stored[2]


def _busy(result: DebtImport) -> bool:
    """Every place for reading a file was taken: nothing was read, and trying again will."""
    return any(p.code == IMPORT_BUSY for p in result.problems)


def _finish(message: str, kind: str = "success") -> None:
    session_pop(keys.DEBT_IMPORT)
    session_set(keys.DEBT_IMPORT_NONCE, nonce + 1)
    flash(kind, message)
    st.rerun()


def _preview(result: DebtImport, tr_: Translator) -> pd.DataFrame:
    """The good rows as a read-only table (user text stays text in a dataframe)."""
    return pd.DataFrame(
        [
            {
                tr_("imports.page.line"): row.line,
                tr_("field.platform"): row.debt.platform,
                tr_("field.kind"): tr_.enum("kind", row.debt.kind),
                tr_("field.balance"): fmt_money(row.debt.balance),
                tr_("field.overdue_amount"): fmt_money(row.debt.overdue_amount),
                tr_("field.days_overdue"): row.debt.days_overdue,
                tr_("field.monthly_due"): fmt_money(row.debt.monthly_due),
            }
            for row in result.rows
        ]
    )


result = _checked(upload)
if result is not None and _busy(result):
    st.info(_("import_guard.busy"), icon=":material/hourglass_top:")
    st.button(
        _("import_guard.retry"), icon=":material/refresh:", key=f"import_retry_{nonce}"
    )  # a click runs the page again
elif result is not None:
    if result.problems and not result.rows and all(not p.path for p in result.problems):
        st.error(_("imports.page.reading_problem"), icon=":material/error:")
        for item in result.problems:
            st.text(f"• {item}")
    else:
        if result.problems:
            st.warning(_("imports.page.bad_rows", count=len(result.problems)), icon=":material/edit_note:")
            for item in result.problems:
                st.text(f"• {item}")
        if result.ignored_columns:
            st.text(_("imports.page.ignored_columns", columns=_("imports.page.separator").join(result.ignored_columns)))
        if result.rows:
            st.success(_("imports.page.good_rows", count=len(result.rows)), icon=":material/fact_check:")
            st.dataframe(_preview(result, _), hide_index=True, width="stretch")
            mode = st.radio(
                _("imports.page.mode_label"),
                options=["replace", "append"],
                format_func=lambda m: _(f"imports.page.mode_{m}"),
                horizontal=True,
                key=f"import_mode_{nonce}",
            )
            if mode == "replace" and case.debts:
                st.warning(_("imports.page.mode_replace_warning", count=len(case.debts)), icon=":material/warning:")
            st.caption(_("imports.page.untouched"))
            b1, b2 = st.columns(2)
            if b1.button(
                _("imports.page.confirm"), type="primary", icon=":material/check:", key=f"import_confirm_{nonce}"
            ):
                merged, problems = merge_debts(case, result.debts, mode, lang())
                if merged is None:
                    st.error(_("imports.page.merge_failed"))
                    for item in problems:
                        st.text(f"• {item}")
                else:
                    replace_case(merged)
                    _finish(_("imports.page.done", count=len(result.rows)))
            if b2.button(_("imports.page.cancel"), icon=":material/close:", key=f"import_cancel_{nonce}"):
                _finish(_("imports.page.cancelled"), "info")
        else:
            st.info(_("imports.page.nothing_good"), icon=":material/info:")

st.divider()
st.caption(_("app.not_advice"))
