"""One download button for the case file, used wherever the app offers it.

Why: the file is built from the session's case only when clicked (``data`` is a callable), so
the bytes are always the latest case; every place that offers it behaves the same.
"""

from __future__ import annotations

import streamlit as st

from overdue_core.casefile import dump_case

from .state import get_case


def case_download_button(label: str, key: str, suffix: str = "", container=st) -> None:
    """A download button for the current case as a JSON case file (nothing if no case)."""
    case = get_case()
    if case is None:
        return
    container.download_button(
        label,
        data=lambda: dump_case(get_case()) if get_case() is not None else b"",
        file_name=f"case-{case.as_of.isoformat()}{suffix}.json",
        mime="application/json",
        icon=":material/download:",
        key=key,
        on_click="ignore",
    )
