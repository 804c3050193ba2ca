"""What a person is typing but has not saved yet: kept across page and language switches.

Why: Streamlit forgets a widget's value when the widget is not drawn in a run (another page)
and may draw it afresh when its label changes (another language). A draft widget copies its
value into our own dict on every change and is seeded from that dict whenever Streamlit has
forgotten it, so nothing typed is lost. Drafts also travel with the browser copy of the case
(see :mod:`ui.browser_copy`), so a reload keeps them too.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import streamlit as st

DRAFTS_KEY = "drafts"
WIDGET_PREFIX = "draft__"


def all_drafts() -> dict[str, Any]:
    return dict(st.session_state.get(DRAFTS_KEY) or {})


def _store() -> dict[str, Any]:
    store = st.session_state.get(DRAFTS_KEY)
    if not isinstance(store, dict):
        store = {}
        st.session_state[DRAFTS_KEY] = store
    return store


def get_draft(name: str, default: Any = None) -> Any:
    return _store().get(name, default)


def set_draft(name: str, value: Any) -> None:
    _store()[name] = value


def clear_drafts(*names: str) -> None:
    """Forget drafts once they are saved into the case (the widgets start empty again)."""
    store = _store()
    for name in names:
        store.pop(name, None)
        st.session_state.pop(WIDGET_PREFIX + name, None)


def restore_drafts(values: dict[str, Any]) -> None:
    """Drafts from the browser copy: only short plain values, never more than we would keep."""
    store = _store()
    for name, value in values.items():
        if not isinstance(name, str) or len(name) > 120:
            continue
        if isinstance(value, str) and len(value) > 4000:
            continue
        if value is None or isinstance(value, (str, int, float, bool)):
            store.setdefault(name, value)


def _fits(widget: Callable[..., Any], value: Any, default: Any, options: dict[str, Any]) -> bool:
    """Whether a stored draft can seed ``widget``: a draft comes back from the browser copy, which
    anyone can edit, so a number box gets a number within its bounds and a text box a short text."""
    if value is None or value == default:
        return True
    name = getattr(widget, "__name__", "")
    if name == "number_input":
        low, high = options.get("min_value"), options.get("max_value")
        return (
            isinstance(value, (int, float)) and not isinstance(value, bool) and value == value
            and (low is None or value >= low) and (high is None or value <= high)
        )
    if name in ("text_input", "text_area"):
        return isinstance(value, str) and len(value) <= options.get("max_chars", 4000)
    return True


def draft_widget(widget: Callable[..., Any], label: str, name: str, default: Any = None, **options: Any) -> Any:
    """Draw ``widget`` (st.text_input, st.number_input …) whose value is kept as draft ``name``.

    A stored draft the widget cannot take (a word in a number box) is dropped for the default,
    so a crafted browser copy can neither crash the page nor be written back."""
    key = WIDGET_PREFIX + name
    if key not in st.session_state:
        stored = get_draft(name, default)
        if not _fits(widget, stored, default, options):
            stored = default
            set_draft(name, default)
        st.session_state[key] = stored

    def copy() -> None:
        set_draft(name, st.session_state.get(key))

    value = widget(label, key=key, on_change=copy, **options)
    set_draft(name, value)
    return value


def clear_all_drafts() -> None:
    """Forget every draft (a counselor's tab whose link ended keeps nothing of the case)."""
    for name in list(_store()):
        clear_drafts(name)
