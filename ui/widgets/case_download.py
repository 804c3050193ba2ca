"""One download button for the case file, used wherever the app offers it.

Why: the file must be what the page shows at the moment of the click, after any edit that was
still on its way (a table cell left by clicking the button). The file is built only when
clicked (``data`` is a callable), in a server thread where ``st.session_state`` is not
available. So each session keeps a small box with its latest case and language
(:func:`ui.state.live_box`); the callable first waits (bounded) until the session's run that
the click may have overtaken has finished, then reads the box.
"""

from __future__ import annotations

import time

import streamlit as st

from overdue_core.case import dump_case
from ui.state import LiveBox, get_case, live_box

from .downloads import Download, download_button

#: How long a click waits for a run still applying an edit (a run takes well under a second).
SETTLE_SECONDS = 10.0


def _session_running(session_id: str | None) -> bool:
    """Whether the session's script is running now (Streamlit internals, read defensively)."""
    if not session_id:
        return False
    try:
        from streamlit.runtime import Runtime

        info = Runtime.instance()._session_mgr.get_session_info(session_id)  # noqa: SLF001
        runner = getattr(info.session, "_scriptrunner", None) if info is not None else None
        thread = getattr(runner, "_script_thread", None) if runner is not None else None
        return bool(thread is not None and thread.is_alive())
    except Exception:  # noqa: BLE001 - no runtime (tests) or a changed internal: do not wait
        return False


def latest_case_bytes(box: LiveBox, session_id: str | None) -> bytes:
    """The case file of the session's latest case, once any run in progress has finished."""
    deadline = time.monotonic() + SETTLE_SECONDS
    while _session_running(session_id) and time.monotonic() < deadline:
        time.sleep(0.05)
    case = box.case
    return dump_case(case) if case is not None else b""


def _session_id() -> str | None:
    try:
        from streamlit.runtime.scriptrunner import get_script_run_ctx

        ctx = get_script_run_ctx()
        return ctx.session_id if ctx is not None else None
    except Exception:  # noqa: BLE001
        return None


def case_download_button(label: str, key: str, suffix: str = "", container=st) -> None:
    """A download button for the current case as a JSON case file (nothing if no case)."""
    case = get_case()
    if case is None:
        return
    box, session_id = live_box(), _session_id()
    file_name = f"case-{case.as_of.isoformat()}{suffix}.json"
    download_button(
        Download(label, lambda: latest_case_bytes(box, session_id), file_name, "application/json", key), container
    )
