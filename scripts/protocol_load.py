"""The server's capacity: N concurrent sessions over Streamlit's own protocol, no browser.

Each simulated person opens a demo on the Plan page (``/plan?demo=…&lang=en``), reads it, then
changes the monthly budget a few times with a pause to read between changes, as a person would
(``--think`` seconds, jittered). Every message is the browser's own (``BackMsg.rerun_script``
with widget states; ``ForwardMsg`` deltas back, see ``scripts/st_protocol.py``), so the figures
are the server's: from sending the action until the server's ``script_finished``.

Per level (30, 100, 300 sessions by default) it reports p50/p95/max per action, errors, and
sessions that saw someone else's case or budget ("mixed up"), with the server's CPU and memory
sampled by psutil. Sessions arrive spread over ``--ramp`` seconds. Each level is bounded in
time; only a server on this machine (127.0.0.1) is accepted.

Usage: ``python scripts/protocol_load.py [--levels 30,100,300] [--changes 3] [--think 3]
[--ramp 20] [--level-time-limit 300] [--json]`` (``--base http://127.0.0.1:PORT`` to use a
running server; by default one is started and stopped).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import random
import statistics
import sys
import time
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
for extra in (ROOT, ROOT / "scripts"):
    if str(extra) not in sys.path:
        sys.path.insert(0, str(extra))

from loadtest import Sampler, percentile  # noqa: E402
from st_protocol import ProtocolError, StreamlitSession  # noqa: E402

from overdue_core.case.demo import DEMO_IDS, load_demo  # noqa: E402
from overdue_core.case.money import fmt_money  # noqa: E402
from overdue_core.i18n import t  # noqa: E402

LANG = "en"
ACTIONS = ("open", "budget")


@dataclass
class Expect:
    """What each demo must show: its own total owed (the sidebar) — computed once."""

    owed: dict[str, str]
    budget_field: str
    budget_metric: str

    @classmethod
    def build(cls) -> Expect:
        return cls(
            owed={d: fmt_money(load_demo(d).total_owed) for d in DEMO_IDS},
            budget_field=t("plan_page.field.monthly_budget", LANG),
            budget_metric=t("plan_page.metric.budget", LANG),
        )


@dataclass
class SessionResult:
    index: int
    demo: str
    timings: dict[str, list[float]] = field(default_factory=lambda: {a: [] for a in ACTIONS})
    bytes_in: dict[str, list[int]] = field(default_factory=lambda: {a: [] for a in ACTIONS})
    errors: list[str] = field(default_factory=list)
    mixed: list[str] = field(default_factory=list)
    session_id: str = ""


def session_budget(index: int, change: int) -> Decimal:
    """Each session's own budgets, never another's: 1,000 + 37 × session + 500 × change + cents."""
    return Decimal(1000 + 37 * index + 500 * change) + Decimal(index % 89) / 100 + Decimal("0.01")


def check_own(
    session: StreamlitSession, expect: Expect, demo: str, budget: Decimal | None, result: SessionResult, when: str
) -> None:
    """Is the page still this person's? Their demo's total in the sidebar, their budget in the metric."""
    text = session.text()
    own = expect.owed[demo]
    others = [d for d, owed in expect.owed.items() if d != demo and owed != own and owed in text]
    if own not in text or others:
        result.mixed.append(f"session {result.index} ({demo}) {when}: sidebar shows {others or 'not its own total'}")
    if budget is not None:
        shown = session.metric(expect.budget_metric)
        if shown != fmt_money(budget):
            result.mixed.append(f"session {result.index} {when}: budget shown {shown!r}, set {fmt_money(budget)}")


def load_page(url: str, timeout: float) -> str | None:
    """GET the page as a browser's first request does; the cookies it was given ("name=value; …").

    Why: behind a sticky proxy the page load is what picks the server (deploy/nginx-overdue.conf
    sets a route cookie); the WebSocket that follows carries the cookie and reaches the same one.
    """
    import urllib.request

    with urllib.request.urlopen(url, timeout=timeout) as response:
        response.read()
        cookies = [c.split(";", 1)[0].strip() for c in response.headers.get_all("Set-Cookie") or []]
    return "; ".join(cookies) or None


async def one_session(
    base: str,
    result: SessionResult,
    expect: Expect,
    changes: int,
    think: float,
    start_at: float,
    timeout: float,
    rng: random.Random,
    page_load: bool = False,
) -> SessionResult:
    """One person; what it measured stays in ``result`` even if the level's time runs out.

    With ``page_load`` the session first loads the page over HTTP (and keeps its cookies), as a
    browser does before it opens the WebSocket; needed behind a proxy with sticky sessions."""
    index, demo = result.index, result.demo
    await asyncio.sleep(max(0.0, start_at - time.perf_counter()))
    action = "page load"
    session = StreamlitSession(base, timeout=timeout)
    try:
        if page_load:
            session.cookie = await asyncio.to_thread(load_page, f"{base}/plan?demo={demo}&lang={LANG}", timeout)
        action = "connect"
        await session.connect()
        action = "open"
        run = await session.open("plan", f"demo={demo}&lang={LANG}")
        result.session_id = session.session_id
        result.timings["open"].append(run.seconds * 1000)
        result.bytes_in["open"].append(run.bytes_in)
        result.errors.extend(f"session {index} open: {e}" for e in run.exceptions)
        check_own(session, expect, demo, None, result, "after open")
        for n in range(changes):
            await asyncio.sleep(think * rng.uniform(0.5, 1.5))
            action = f"budget {n + 1}"
            budget = session_budget(index, n)
            run = await session.set_widget(expect.budget_field, float(budget))
            result.timings["budget"].append(run.seconds * 1000)
            result.bytes_in["budget"].append(run.bytes_in)
            result.errors.extend(f"session {index} {action}: {e}" for e in run.exceptions)
            check_own(session, expect, demo, budget, result, f"after {action}")
    except (ProtocolError, OSError, TimeoutError) as exc:  # a refused or reset connection, an HTTP error
        result.errors.append(f"session {index} {action}: {type(exc).__name__}: {str(exc)[:160]}")
    except Exception as exc:  # noqa: BLE001 - every failure is counted; none stops the others
        result.errors.append(f"session {index} {action}: {type(exc).__name__}: {str(exc)[:160]}")
    finally:
        try:
            await session.close()
        except Exception:  # noqa: BLE001
            pass
    return result


async def run_level(
    base: str,
    sessions: int,
    changes: int,
    think: float,
    ramp: float,
    time_limit: float,
    seed: int = 15,
    page_load: bool = False,
) -> list[SessionResult]:
    expect = Expect.build()
    rng = random.Random(seed)
    now = time.perf_counter()
    timeout = min(120.0, time_limit)
    results = [SessionResult(i, DEMO_IDS[i % len(DEMO_IDS)]) for i in range(sessions)]
    tasks = [
        asyncio.create_task(
            one_session(
                base,
                r,
                expect,
                changes,
                think,
                now + ramp * r.index / max(1, sessions),
                timeout,
                random.Random(rng.random()),
                page_load,
            )
        )
        for r in results
    ]
    _done, pending = await asyncio.wait(tasks, timeout=time_limit)
    for task in pending:
        task.cancel()
    if pending:
        await asyncio.wait(pending, timeout=10)
        # Their finished actions count; the unfinished ones are errors (the time limit, not the app).
        results.append(
            SessionResult(-1, "-", errors=[f"{len(pending)} session(s) unfinished after {time_limit:.0f} s"])
        )
    ids = [r.session_id for r in results if r.session_id]
    if len(ids) != len(set(ids)):
        results.append(SessionResult(-1, "-", mixed=["two simulated tabs were given the same session id"]))
    return sorted(results, key=lambda r: r.index)


def summarise(
    results: list[SessionResult],
    sampler: Sampler,
    clients: Sampler,
    wall: float,
    sessions: int,
    changes: int,
    think: float,
    ramp: float,
) -> dict:
    report: dict = {
        "sessions": sessions,
        "changes_per_session": changes,
        "think_s": think,
        "ramp_s": ramp,
        "wall_s": wall,
        "errors": [e for r in results for e in r.errors],
        "mixed": [m for r in results for m in r.mixed],
        "server_rss_peak_mb": max(sampler.rss_mb, default=None),
        "server_rss_start_mb": sampler.rss_mb[0] if sampler.rss_mb else None,
        "server_cpu_mean_pct": statistics.mean(sampler.cpu) if sampler.cpu else None,
        "server_cpu_peak_pct": max(sampler.cpu, default=None),
        "client_cpu_mean_pct": statistics.mean(clients.cpu) if clients.cpu else None,
        "load_1min": os.getloadavg()[0],
    }
    for action in ACTIONS:
        values = [x for r in results for x in r.timings[action]]
        sizes = [x for r in results for x in r.bytes_in[action]]
        report[action] = {
            "count": len(values),
            "p50_ms": percentile(values, 0.5),
            "p95_ms": percentile(values, 0.95),
            "max_ms": max(values, default=None),
            "kb_median": statistics.median(sizes) / 1024 if sizes else None,
            "per_s": len(values) / wall if wall else None,
        }
    return report


def _cpu_seconds(pid: int) -> float:
    import psutil

    times = psutil.Process(pid).cpu_times()
    return times.user + times.system


class Combined:
    """Several servers' samples added up, sample by sample (the servers behind one proxy)."""

    def __init__(self, samplers: list[Sampler]) -> None:
        self.rss_mb = [sum(x) for x in zip(*(s.rss_mb for s in samplers))]
        self.cpu = [sum(x) for x in zip(*(s.cpu for s in samplers))]


def measure(
    base: str,
    server_pid: int | list[int],
    sessions: int,
    changes: int,
    think: float,
    ramp: float,
    time_limit: float,
    page_load: bool = False,
) -> dict:
    """One level. Besides wall-clock latencies (which a machine shared with other jobs inflates),
    the server's own CPU seconds per action: what each action costs wherever it runs. With
    several server pids (servers behind a proxy) CPU and memory are their sums."""
    pids = server_pid if isinstance(server_pid, list) else [server_pid]
    cpu_before = sum(_cpu_seconds(pid) for pid in pids)
    samplers = [Sampler(pid, every=0.5) for pid in pids]
    with contextlib.ExitStack() as stack, Sampler(os.getpid(), every=0.5) as clients:
        for sampler in samplers:
            stack.enter_context(sampler)
        started = time.perf_counter()
        results = asyncio.run(run_level(base, sessions, changes, think, ramp, time_limit, page_load=page_load))
        wall = time.perf_counter() - started
    report = summarise(results, Combined(samplers), clients, wall, sessions, changes, think, ramp)
    report["server_cpu_s"] = sum(_cpu_seconds(pid) for pid in pids) - cpu_before
    actions = sum(report[a]["count"] for a in ACTIONS)
    report["server_cpu_ms_per_action"] = 1000 * report["server_cpu_s"] / actions if actions else None
    return report


async def _cost(base: str, server_pid: int, sessions: int, changes: int) -> dict[str, list[float]]:
    expect = Expect.build()
    out: dict[str, list[float]] = {"open": [], "budget": []}
    for index in range(sessions):
        async with StreamlitSession(base, timeout=300) as session:
            before = _cpu_seconds(server_pid)
            await session.open("plan", f"demo=gig_driver&lang={LANG}")
            out["open"].append(_cpu_seconds(server_pid) - before)
            for n in range(changes):
                before = _cpu_seconds(server_pid)
                await session.set_widget(expect.budget_field, float(session_budget(index, n)))
                out["budget"].append(_cpu_seconds(server_pid) - before)
    return out


def cost_per_action(base: str, server_pid: int, sessions: int = 3, changes: int = 4) -> dict[str, list[float]]:
    """The server's CPU seconds for each action, one session acting at a time (so each figure
    belongs to one action): what an action costs, whatever else the machine is doing."""
    return asyncio.run(_cost(base, server_pid, sessions, changes))


def warm_up(base: str, sessions: int | None = None, page_load: bool = False) -> None:
    """One session of each demo first (per server, behind a proxy: ``sessions``), so imports and
    shared caches are not counted per level."""
    asyncio.run(run_level(base, sessions or len(DEMO_IDS), 1, 0.0, 0.0, 120.0, page_load=page_load))


def _fmt(value: float | None, unit: str = "") -> str:
    return "—" if value is None else f"{value:,.0f}{unit}"


def print_report(report: dict) -> None:
    print(
        f"{report['sessions']} sessions (arriving over {report['ramp_s']:.0f} s,"
        f" {report['changes_per_session']} budget changes each, ~{report['think_s']:.0f} s apart)"
        f" in {report['wall_s']:.1f} s; load {report['load_1min']:.1f}"
    )
    for action in ACTIONS:
        a = report[action]
        print(
            f"  {action:<7} n={a['count']:<5} p50 {_fmt(a['p50_ms'], ' ms')}, p95 {_fmt(a['p95_ms'], ' ms')},"
            f" max {_fmt(a['max_ms'], ' ms')};"
            f" {a['kb_median'] or 0:.0f} KB received (median); {a['per_s'] or 0:.1f}/s"
        )
    print(
        f"  server CPU mean {_fmt(report['server_cpu_mean_pct'], ' %')}"
        f" (peak {_fmt(report['server_cpu_peak_pct'], ' %')}) of one core;"
        f" RSS {_fmt(report['server_rss_start_mb'], ' MB')} → peak {_fmt(report['server_rss_peak_mb'], ' MB')};"
        f" load generator CPU mean {_fmt(report['client_cpu_mean_pct'], ' %')}"
    )
    print(
        f"  server CPU time {report['server_cpu_s']:.1f} s in all,"
        f" {_fmt(report['server_cpu_ms_per_action'], ' ms')} per action (open or budget change)"
    )
    print(f"  errors: {len(report['errors'])}, mixed-up sessions: {len(report['mixed'])}")
    for line in (report["errors"] + report["mixed"])[:10]:
        print(f"    - {line}")


def main(argv: list[str] | None = None) -> int:
    from tests.helpers import free_port, start_server, stop_server, wait_healthy

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--levels", default="30,100,300", help="session counts, comma-separated (at most 500 each)")
    parser.add_argument("--changes", type=int, default=3)
    parser.add_argument("--think", type=float, default=3.0, help="seconds between a session's changes (±50 %%)")
    parser.add_argument("--ramp", type=float, default=20.0, help="seconds over which sessions arrive")
    parser.add_argument("--level-time-limit", type=float, default=300.0)
    parser.add_argument("--base", default=None, help="a running server on 127.0.0.1 (its pid via --pid)")
    parser.add_argument("--pid", type=int, default=None)
    parser.add_argument(
        "--cost", action="store_true", help="only the server's CPU time per action, one session at a time"
    )
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    levels = [int(x) for x in args.levels.split(",") if x.strip()]
    if not levels or not all(1 <= n <= 500 for n in levels):
        parser.error("--levels: 1 to 500 sessions each (a bounded local test)")
    server = None
    if args.base:
        base, pid = args.base, args.pid or os.getpid()
    else:
        port = free_port()
        server = start_server(port)
        base, pid = f"http://127.0.0.1:{port}", server.pid
    if not base.startswith("http://127.0.0.1"):
        parser.error("only a server on 127.0.0.1")
    reports = []
    try:
        wait_healthy(base)
        warm_up(base)
        if args.cost:
            cost = cost_per_action(base, pid)
            for action, values in cost.items():
                print(
                    f"{action}: server CPU {statistics.median(values) * 1000:.0f} ms median,"
                    f" {min(values) * 1000:.0f} ms min ({len(values)} actions)"
                )
            return 0
        for n in levels:
            report = measure(base, pid, n, args.changes, args.think, args.ramp, args.level_time_limit)
            reports.append(report)
            if not args.json:
                print_report(report)
    finally:
        if server is not None:
            stop_server(server)
    if args.json:
        print(json.dumps(reports, indent=1))
    else:
        ok = [
            r
            for r in reports
            if r["budget"]["p95_ms"] is not None and r["budget"]["p95_ms"] < 1000 and not r["errors"] and not r["mixed"]
        ]
        if ok:
            best = max(ok, key=lambda r: r["sessions"])
            print(
                "largest level with budget-change p95 under 1 s and no errors:"
                f" {best['sessions']} sessions on one server process"
                f" (CPU mean {best['server_cpu_mean_pct']:.0f} % of a core)"
            )
        else:
            print("no level had a budget-change p95 under 1 s without errors")
    return 1 if any(r["errors"] or r["mixed"] for r in reports) else 0


if __name__ == "__main__":
    raise SystemExit(main())
