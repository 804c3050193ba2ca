"""Session state for the app: the case, the language, and the revision of the case.

Why here: every page reads the same three things. The case lives under our own key (not a
widget key), so Streamlit's clean-up of widget keys on page switches never touches it. The
``case_rev`` counter changes whenever the case is replaced as a whole (demo, upload, clear):
editors key their widgets on it so they redraw from the new case.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import streamlit as st
from pydantic import ValidationError

from overdue_core.case import Case, UrlParams, parse_url_params
from overdue_core.i18n import Translator, normalize_lang

from . import keys


@dataclass
class LiveBox:
    """The session's latest case and language, readable outside a script run.

    Why: a download built on click runs in a server thread without session state; it reads
    this box, which every change of the case updates (see :mod:`ui.widgets.case_download`).
    """

    case: Case | None = None
    lang: str = "zh-CN"


def live_box() -> LiveBox:
    """This session's box, brought up to date with the case and language."""
    box = st.session_state.get(keys.LIVE)
    if not isinstance(box, LiveBox):
        box = LiveBox()
        st.session_state[keys.LIVE] = box
    box.case = st.session_state.get(keys.CASE)
    box.lang = lang()
    return box


def init_session() -> None:
    """First run of a session: language from the URL, else the browser, else Chinese."""
    if keys.LANG not in st.session_state:
        params = url_params()
        if params.lang:
            st.session_state[keys.LANG] = params.lang
        else:
            st.session_state[keys.LANG] = normalize_lang(getattr(st.context, "locale", None))
    st.session_state.setdefault(keys.REV, 0)
    st.session_state.setdefault(keys.ORIGIN, 0)
    st.session_state.setdefault(keys.CASE, None)
    live_box()


def url_params() -> UrlParams:
    """The URL's query parameters, validated; anything invalid is dropped, never trusted."""
    return parse_url_params({k: st.query_params.get(k) for k in st.query_params.keys()})


def lang() -> str:
    return st.session_state.get(keys.LANG, "zh-CN")


def set_lang(value: str) -> None:
    st.session_state[keys.LANG] = normalize_lang(value)
    live_box()


def tr() -> Translator:
    """Translator for the session's language."""
    return Translator(lang())


def get_case() -> Case | None:
    return st.session_state.get(keys.CASE)


def rev() -> int:
    return int(st.session_state.get(keys.REV, 0))


def replace_case(case: Case | None) -> None:
    """Put a whole new case in place (demo, upload, clear): editors redraw from it."""
    st.session_state[keys.CASE] = case
    st.session_state[keys.REV] = rev() + 1
    live_box()


def case_origin() -> int:
    return int(st.session_state.get(keys.ORIGIN, 0))


def open_case(case: Case | None) -> None:
    """Put another case in place (a demo, a file, a new or no case): not an edit of the one open.

    Like :func:`replace_case`, and the case counts as a different one from then on (see
    ``ui.state.follow_case``: a saved case's link lets go of it).
    """
    replace_case(case)
    st.session_state[keys.ORIGIN] = case_origin() + 1


def update_case(case: Case) -> None:
    """Store an edited case; editors keep their widget state."""
    st.session_state[keys.CASE] = case
    live_box()


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
    st.session_state[keys.FLASH] = (kind, message)


def show_flash() -> None:
    item = st.session_state.pop(keys.FLASH, None)
    if item:
        kind, message = item
        {"success": st.success, "warning": st.warning, "error": st.error}.get(kind, st.info)(message)


#: Widget keys whose value is not a label to re-draw (the switch itself).
_NOT_RELABELLED = {keys.LANG_CHOICE}


def relabel_choices() -> None:
    """Re-set every chosen value (selectbox, multiselect, segmented control, radio) to itself.

    Why: the browser keeps a chosen option as the text it showed ("还没联系", "收入变化证明"),
    so after a language switch the chips and boxes kept the old language. Setting the value
    again makes Streamlit send it drawn with the new language's labels. Only text and lists of
    text are re-set: buttons, uploads, tables and dates have nothing to re-label.
    """
    for key in list(st.session_state.keys()):
        if not isinstance(key, str) or key.startswith("_") or key in _NOT_RELABELLED:
            continue
        value = st.session_state[key]
        relabel = isinstance(value, str) or (
            isinstance(value, list) and value and all(isinstance(v, str) for v in value)
        )
        if not relabel:
            continue
        try:
            st.session_state[key] = value
        except Exception:  # noqa: BLE001 - a widget that takes no value from code keeps its own
            pass


def ensure_app_entry() -> None:
    """Run the page through ``app.py`` even when it is the very first request after a start.

    Why: until some script has called ``st.navigation``, Streamlit treats the ``pages/``
    folder the old way and runs a deep-linked page (``/share?share=…``) on its own, without
    ``app.py`` — so the link would not be opened. The first request after a server restart is
    exactly when a saved link is likely to be used. ``app.py`` always sets the language; if it
    has not, switch the old mode off and rerun through ``app.py`` (same URL, same page).
    """
    if keys.LANG in st.session_state:
        return
    from streamlit.runtime.pages_manager import PagesManager  # internal: no public switch exists

    PagesManager.uses_pages_directory = False
    st.rerun()
