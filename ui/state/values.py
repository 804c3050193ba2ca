"""The one door to Streamlit's session state for code outside this package.

Why: widgets keep their values in session state under their keys, and a page sometimes has to
read or re-set one (a form's field, a confirmation flag). Going through these functions, with
a key from :mod:`ui.state.keys`, keeps every access to session state in this package, where a
test can see them all.
"""

from __future__ import annotations

from typing import Any

import streamlit as st


def session_get(key: str, default: Any = None) -> Any:
    """The value under ``key``, or ``default``."""
    return st.session_state.get(key, default)


def session_set(key: str, new: Any) -> None:
    st.session_state[key] = new


def session_setdefault(key: str, default: Any) -> Any:
    """The value under ``key``, set to ``default`` first if there is none."""
    return st.session_state.setdefault(key, default)


def session_pop(key: str) -> Any:
    """Remove ``key`` (a one-shot notice, a form's field); what it held, or None."""
    return st.session_state.pop(key, None)


def session_has(key: str) -> bool:
    return key in st.session_state


def session_keys() -> list[str]:
    """Every key held now (a copy: the caller may change values while going through them)."""
    return list(st.session_state.keys())
