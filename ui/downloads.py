"""One download button for the case file, used wherever the app offers it.

Why: the file is built only when clicked (``data`` is a callable). That callable runs later, in
the server's own thread, where ``st.session_state`` is not available: it reads the session's latest
case from a holder (``latest_case_holder``), so an edit made by a part of a page that reran on its
own (a fragment) is in the file too.
"""

from __future__ import annotations

import streamlit as st

from overdue_core.case import dump_case

from .state import get_case, latest_case_holder


def case_download_button(label: str, key: str, suffix: str = "", container=st) -> None:
    """A download button for the current case as a JSON case file (nothing if no case)."""
    case = get_case()
    if case is None:
        return
    latest = latest_case_holder()
    container.download_button(
        label,
        data=lambda: dump_case(latest.get("case") or case),
        file_name=f"case-{case.as_of.isoformat()}{suffix}.json",
        mime="application/json",
        icon=":material/download:",
        key=key,
        on_click="ignore",
    )
