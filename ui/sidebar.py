"""The sidebar every page shares: language switch, the case at a glance, the not-advice note."""

from __future__ import annotations

from typing import Any

import streamlit as st

from overdue_core.case import fmt_money
from overdue_core.i18n import LANGS

from ui.state import get_case, keys, lang, relabel_choices, session_get, session_set, set_lang, tr
from ui.widgets import case_download_button


def _on_lang_change() -> None:
    choice = session_get(keys.LANG_CHOICE)
    if choice and choice != lang():
        set_lang(choice)
        relabel_choices()


def _glance(case) -> None:
    """The case at a glance (text only: it may be drawn twice in a run, see :func:`refresh`)."""
    _ = tr()
    if case is None:
        st.caption(_("app.no_case"))
        return
    st.markdown(f"**{_('app.current_case')}**")
    if case.title:
        st.text(case.title)
    st.caption(
        _(
            "app.case_glance",
            debts=len(case.debts),
            owed=fmt_money(case.total_owed),
            overdue=fmt_money(case.total_overdue),
            as_of=case.as_of.isoformat(),
        )
    )


#: Pages that show the not-advice note themselves, at the top: the sidebar does not say it twice.
OWN_NOTICE = {"legal", "rules"}


def draw(page: str = "") -> tuple[Any, Any]:
    """Draw the sidebar; returns the glance's slot and the case drawn in it (for :func:`refresh`)."""
    _ = tr()
    with st.sidebar:
        session_set(keys.LANG_CHOICE, lang())
        st.segmented_control(
            _("app.language"),
            options=list(LANGS),
            format_func=lambda code: _(f"enum.lang.{code}"),
            key=keys.LANG_CHOICE,
            on_change=_on_lang_change,
            required=True,
        )
        case = get_case()
        slot = st.empty()
        with slot.container():
            _glance(case)
        # The file is built at click time from the latest case, so one button is enough.
        case_download_button(_("app.download_case"), key="sidebar_download")
        st.divider()
        if page not in OWN_NOTICE:
            st.caption(_("app.not_advice"))
        st.caption(_("app.privacy_short"))
        _set_page_language()
    return slot, case


def refresh(drawn: tuple[Any, Any]) -> None:
    """After the page: if it changed the case (an edited table), the glance shows the change now."""
    slot, case = drawn
    current = get_case()
    if current is not case:
        with slot.container():
            _glance(current)


#: Sets ``<html lang>``. A component's script is loaded from the app itself, which the page's
#: security policy allows; an inline ``<script>`` (what ``st.html`` would insert) it refuses.
_page_language = st.components.v2.component(
    "overdue_page_language",
    js="export default function ({ data }) { if (data && data.lang) document.documentElement.lang = data.lang; }",
)


def _set_page_language() -> None:
    """Tell the browser (and screen readers) the page's language: ``<html lang="zh-CN">``.

    Streamlit's page always says ``lang="en"``; a screen reader would read Chinese with English
    rules. The value is one of our own language codes, never user text.
    """
    code = lang() if lang() in LANGS else LANGS[0]
    _page_language(key="page_language", data={"lang": code})
