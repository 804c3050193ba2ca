"""The costliest pages of a very large case take turns: at most a few run at once in one server.

Why: with the largest case the app accepts (200 debts of 600 months, 2,000 collection incidents),
one run of the Legal page costs about 2.5 s of server CPU every time, and the first run of the
Overview, Plan and Prevent pages about 4 to 4.5 s (docs/performance.md). Nothing stopped a few
sessions from doing that at once, each taking a core and slowing every other session on the
server. Those pages now run a very large case only when one of :data:`SLOTS` places is free;
meanwhile the person reads that their case is large and will be worked out in its turn. Past
:data:`WAIT_SECONDS` they are told the server is busy, with a button to try again; nothing of
their case is lost. Ordinary cases (far below the line) never wait.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

import streamlit as st

from overdue_core.case import Case

from ui.state import tr

#: Pages whose run with the largest case costs seconds of CPU (measured; docs/performance.md).
HEAVY_PAGES = frozenset({"overview", "plan", "prevent", "legal"})
#: A case is very large from this many debts (a cold run of those pages: about 0.25–0.5 s here)…
HEAVY_DEBTS = 40
#: …or this many collection incidents (the Legal page draws each one).
HEAVY_INCIDENTS = 400
#: Very large cases worked out at once in one server (the machine measured has 2 cores).
SLOTS = 2
#: How long a page waits for its turn before it says the server is busy (seconds).
WAIT_SECONDS = 30.0
#: How often the waiting page looks again; each look also lets a click elsewhere end the wait.
_POLL_SECONDS = 0.5

_slots = threading.BoundedSemaphore(SLOTS)


def is_heavy(case: Case | None) -> bool:
    return case is not None and (len(case.debts) >= HEAVY_DEBTS or len(case.collection_incidents) >= HEAVY_INCIDENTS)


@contextmanager
def turn(page: str, case: Case | None) -> Iterator[bool]:
    """True inside when ``page`` may run now (its place is held until the block ends, however it
    ends); False when the server stayed busy, after saying so with a button to try again."""
    if page not in HEAVY_PAGES or not is_heavy(case):
        yield True
        return
    _ = tr()
    got = _slots.acquire(blocking=False)
    if not got:
        note = st.empty()
        deadline = time.monotonic() + WAIT_SECONDS
        try:
            while not got and (left := deadline - time.monotonic()) > 0:
                # Drawing is also where Streamlit ends a run the person left: a click elsewhere
                # is not kept waiting (it raises here).
                note.info(_("heavy.waiting"), icon=":material/hourglass_top:")
                got = _slots.acquire(timeout=min(_POLL_SECONDS, left))
            note.empty()
        except BaseException:
            if got:  # the run ended just after its place came: the place goes back
                _slots.release()
            raise
    if not got:
        st.warning(_("heavy.busy"), icon=":material/hourglass_disabled:")
        st.button(_("heavy.retry"), icon=":material/refresh:", key="heavy_retry")  # a click runs the page again
        yield False
        return
    try:
        yield True
    finally:
        _slots.release()
