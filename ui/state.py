"""Session state for the app: the case, the language, and the revision of the case.

Why here: every page reads the same three things. The case lives under our own key (not a
widget key), so Streamlit's clean-up of widget keys on page switches never touches it. The
``case_rev`` counter changes whenever the case is replaced as a whole (demo, upload, clear):
editors key their widgets on it so they redraw from the new case.
"""

from __future__ import annotations

from typing import Any

import streamlit as st
from pydantic import ValidationError

from overdue_core.case import Case, UrlParams, parse_url_params
from overdue_core.i18n import Translator, normalize_lang

CASE_KEY = "case"
REV_KEY = "case_rev"
LANG_KEY = "lang"
FLASH_KEY = "flash"
LATEST_KEY = "_latest_case"


def init_session() -> None:
    """First run of a session: language from the URL, else the browser, else Chinese."""
    if LANG_KEY not in st.session_state:
        params = url_params()
        if params.lang:
            st.session_state[LANG_KEY] = params.lang
        else:
            st.session_state[LANG_KEY] = normalize_lang(getattr(st.context, "locale", None))
    st.session_state.setdefault(REV_KEY, 0)
    st.session_state.setdefault(CASE_KEY, None)


def url_params() -> UrlParams:
    """The URL's query parameters, validated; anything invalid is dropped, never trusted."""
    return parse_url_params({k: st.query_params.get(k) for k in st.query_params.keys()})


def lang() -> str:
    return st.session_state.get(LANG_KEY, "zh-CN")


def set_lang(value: str) -> None:
    st.session_state[LANG_KEY] = normalize_lang(value)


def tr() -> Translator:
    """Translator for the session's language."""
    return Translator(lang())


def get_case() -> Case | None:
    return st.session_state.get(CASE_KEY)


def rev() -> int:
    return int(st.session_state.get(REV_KEY, 0))


def replace_case(case: Case | None) -> None:
    """Put a whole new case in place (demo, upload, clear): editors redraw from it."""
    st.session_state[CASE_KEY] = case
    st.session_state[REV_KEY] = rev() + 1
    _keep_latest(case)


def update_case(case: Case) -> None:
    """Store an edited case; editors keep their widget state."""
    st.session_state[CASE_KEY] = case
    _keep_latest(case)


def latest_case_holder() -> dict[str, Case | None]:
    """A holder whose ``"case"`` is always the session's latest case.

    Why: a download's file is built later, in the server's own thread, without session state.
    A button drawn before a part of the page reran on its own (``st.fragment``: the Plan page
    saves its budget that way) must still give the case as it is now, not as it was drawn.
    """
    holder = st.session_state.setdefault(LATEST_KEY, {})
    holder["case"] = get_case()
    return holder


def _keep_latest(case: Case | None) -> None:
    holder = st.session_state.get(LATEST_KEY)
    if holder is not None:
        holder["case"] = case


def apply_update(case: Case, **changes: Any) -> tuple[Case | None, ValidationError | None]:
    """A copy of ``case`` with ``changes`` applied, validated again as a whole.

    ``model_copy(update=…)`` does not validate, so we round-trip through a dict: an edit can
    never put an invalid case into the session.
    """
    data = case.model_dump(mode="python")
    data.update(changes)
    try:
        return Case.model_validate(data), None
    except ValidationError as exc:
        return None, exc


def flash(kind: str, message: str) -> None:
    """A message to show once on the next run (after a button changed the case)."""
    st.session_state[FLASH_KEY] = (kind, message)


def show_flash() -> None:
    item = st.session_state.pop(FLASH_KEY, None)
    if item:
        kind, message = item
        {"success": st.success, "warning": st.warning, "error": st.error}.get(kind, st.info)(message)


def ensure_app_entry() -> None:
    """Run the page through ``app.py`` even when it is the very first request after a start.

    Why: until some script has called ``st.navigation``, Streamlit treats the ``pages/``
    folder the old way and runs a deep-linked page (``/share?share=…``) on its own, without
    ``app.py`` — so the link would not be opened. The first request after a server restart is
    exactly when a saved link is likely to be used. ``app.py`` always sets the language; if it
    has not, switch the old mode off and rerun through ``app.py`` (same URL, same page).
    """
    if LANG_KEY in st.session_state:
        return
    from streamlit.runtime.pages_manager import PagesManager  # internal: no public switch exists

    PagesManager.uses_pages_directory = False
    st.rerun()
