"""Number fields a person can empty.

Why: Streamlit puts an emptied number field back to its default whenever the default is a number,
so deleting a figure silently restored it. Here the default is always empty and the stored figure
is put in the field's own state instead: emptying gives ``None``, and the page says what that means.
"""

from __future__ import annotations

from typing import Any

import streamlit as st

from .state import tr


def number(where: Any, label: str, stored: float | int | None, *, key: str, **kwargs: Any) -> float | int | None:
    """A ``number_input`` showing ``stored`` that returns ``None`` once emptied."""
    if key not in st.session_state:
        st.session_state[key] = stored
    return where.number_input(label, value=None, key=key, **kwargs)


def emptied(fields: dict[str, float | int | None]) -> list[str]:
    """A translated sentence for each field (label → value) left empty where a figure is needed."""
    _ = tr()
    return [_("errors.empty_field", field=label) for label, value in fields.items() if value is None]
