"""What a person is typing but has not saved yet: kept across page and language switches.

Why: Streamlit forgets a widget's value when the widget is not drawn in a run (another page)
and may draw it afresh when its label changes (another language). A draft widget copies its
value into our own dict on every change and is seeded from that dict whenever Streamlit has
forgotten it, so nothing typed is lost. Drafts also travel with the browser copy of the case
(see :mod:`ui.state.browser_copy`), so a reload keeps them too.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

import streamlit as st

from . import keys


#: Every text draft a page keeps, with the most characters its box takes. A name ending in "."
#: is one draft per debt: the debt's id follows it.
TEXT_DRAFTS = {
    "call.name": 80,
    "contact.platform": 80,
    "contact.agent": 80,
    "contact.said": 4000,
    "contact.i_promised": 4000,
    "contact.they_conceded": 4000,
    "contact.account_ref": 80,
    "letter.name": 80,
    "letter.reason.": 4000,
    "letter.resume": 400,
    "letter.best_time": 80,
    "letter.reach_by": 80,
}
#: Every number draft, with the bounds of its box.
NUMBER_DRAFTS = {"letter.income_before": (0.0, 1e9)}
#: The longest debt id (``Case.debts[].id``).
_ID_CHARS = 40


def all_drafts() -> dict[str, Any]:
    return dict(st.session_state.get(keys.DRAFTS) or {})


def _store() -> dict[str, Any]:
    store = st.session_state.get(keys.DRAFTS)
    if not isinstance(store, dict):
        store = {}
        st.session_state[keys.DRAFTS] = store
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
        st.session_state.pop(keys.DRAFT_WIDGET_PREFIX + name, None)


def _declared(name: str) -> str | None:
    """The declared draft ``name`` is (its key in TEXT_DRAFTS or NUMBER_DRAFTS), or None."""
    if name in NUMBER_DRAFTS or (name in TEXT_DRAFTS and not name.endswith(".")):
        return name
    for prefix in TEXT_DRAFTS:
        rest = name[len(prefix) :]
        if prefix.endswith(".") and name.startswith(prefix) and rest.strip() == rest and 0 < len(rest) <= _ID_CHARS:
            return prefix
    return None


def valid_drafts(values: Any) -> dict[str, Any]:
    """The drafts of a browser copy a page could have written: anything else is dropped.

    The copy comes back from the browser, where anyone can edit it, so it is checked like any
    input: a known name, a text no longer than its box takes, a finite number within its box's
    bounds (or nothing). A page's own widget checks the value again when it draws it.
    """
    if not isinstance(values, dict):
        return {}
    out: dict[str, Any] = {}
    for name, value in values.items():
        declared = _declared(name) if isinstance(name, str) else None
        if declared is None:
            continue
        if value is None:
            out[name] = None
        elif declared in NUMBER_DRAFTS:
            low, high = NUMBER_DRAFTS[declared]
            if (
                isinstance(value, (int, float))
                and not isinstance(value, bool)
                and math.isfinite(value)
                and low <= value <= high
            ):
                out[name] = value
        elif isinstance(value, str) and len(value) <= TEXT_DRAFTS[declared]:
            out[name] = value
    return out


def restore_drafts(values: dict[str, Any]) -> None:
    """Drafts from the browser copy, checked by :func:`valid_drafts`; drafts typed in this session win."""
    store = _store()
    for name, value in valid_drafts(values).items():
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
            isinstance(value, (int, float))
            and not isinstance(value, bool)
            and value == value
            and (low is None or value >= low)
            and (high is None or value <= high)
        )
    if name in ("text_input", "text_area"):
        return isinstance(value, str) and len(value) <= options.get("max_chars", 4000)
    return True


def draft_widget(widget: Callable[..., Any], label: str, name: str, default: Any = None, **options: Any) -> Any:
    """Draw ``widget`` (st.text_input, st.number_input …) whose value is kept as draft ``name``.

    A stored draft the widget cannot take (a word in a number box) is dropped for the default,
    so a crafted browser copy can neither crash the page nor be written back."""
    key = keys.DRAFT_WIDGET_PREFIX + name
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
