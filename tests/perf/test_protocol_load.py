"""A small run of the protocol-level load generator (scripts/protocol_load.py): it works, and it
would see a session that shows someone else's case or budget.

Four sessions over Streamlit's own websocket protocol (no browser), each opening a demo on the
Plan page and changing the budget twice, on the suite's shared server; correctness only — times
are the script's business.
"""

from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor
from decimal import Decimal

from overdue_core.case import fmt_money
from tests.helpers import load_script


st_protocol = load_script("st_protocol")
protocol_load = load_script("protocol_load")


def _run(coro):
    """asyncio.run on a thread of its own: a browser test earlier in the same process can leave an
    event loop running on the main thread, where asyncio.run refuses to start."""
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, coro).result()


def test_sessions_each_see_their_own_case_and_budget(app_server):
    base = app_server
    results = _run(protocol_load.run_level(base, sessions=4, changes=2, think=0.0, ramp=0.5, time_limit=240))
    assert [r.errors for r in results] == [[]] * 4
    assert [r.mixed for r in results] == [[]] * 4
    assert all(len(r.timings["open"]) == 1 and len(r.timings["budget"]) == 2 for r in results)
    assert len({r.session_id for r in results}) == 4
    assert {r.demo for r in results} == set(protocol_load.DEMO_IDS)


def test_the_client_reads_the_page_and_a_wrong_budget_is_caught(app_server):
    base = app_server
    expect = protocol_load.Expect.build()

    async def run():
        async with st_protocol.StreamlitSession(base) as session:
            await session.open("plan", "demo=young_worker&lang=en")
            await session.set_widget(expect.budget_field, 2345.6)
            return session

    session = _run(run())
    assert session.metric(expect.budget_metric) == "2,345.60"
    assert expect.owed["young_worker"] in session.text()
    result = protocol_load.SessionResult(0, "young_worker")
    protocol_load.check_own(session, expect, "young_worker", Decimal("2345.60"), result, "right")
    assert result.mixed == []
    protocol_load.check_own(session, expect, "young_worker", Decimal("2345.61"), result, "wrong budget")
    protocol_load.check_own(session, expect, "gig_driver", None, result, "wrong case")
    assert len(result.mixed) == 2 and fmt_money(Decimal("2345.61")) in result.mixed[0]
