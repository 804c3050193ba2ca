"""Many people at once: N concurrent browser sessions against one local app server.

Modelled on Streamlit's own load-testing harness: a pool of headless Chromium contexts (one
browser process, one context per person, so no cookies or storage are shared), each opening the
Plan page with a demo case and changing the monthly budget a few times, while psutil samples the
server's memory and CPU. Page loads go a few at a time (``--open-at-once``); the budget changes
start once every session is open, so all N sessions are connected and active together. Reports
p50/p95 rerun latency (from pressing Enter in the budget box until the new budget is drawn),
errors, and the server's peak memory.

Nothing may be lost or mixed between sessions: sessions open different demos, and after every
change each one checks it still sees its own case (the total owed in the sidebar) and its own
budget. Bounded in count and time, loopback only.

Usage: ``python scripts/loadtest.py [--sessions 30] [--changes 4] [--time-limit 600] [--json]``.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import sys
import threading
import time
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from overdue_core.case.demo import DEMO_IDS, load_demo  # noqa: E402
from overdue_core.case.money import fmt_money  # noqa: E402
from overdue_core.i18n import t  # noqa: E402

LANG = "en"
IDLE = '[data-test-script-state="notRunning"]'


@dataclass
class SessionResult:
    index: int
    demo: str
    latencies_ms: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    open_ms: float | None = None


class Sampler:
    """psutil samples of a process and its children: resident memory (MB) and CPU (% of one core)."""

    def __init__(self, pid: int, every: float = 0.5) -> None:
        import psutil

        self.proc = psutil.Process(pid)
        self.every = every
        self.rss_mb: list[float] = []
        self.cpu: list[float] = []
        self._known: dict[int, object] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _procs(self):
        """The process and its children, the same psutil objects each time (CPU is a difference)."""
        import psutil

        try:
            found = [self.proc, *self.proc.children(recursive=True)]
        except psutil.Error:
            found = [self.proc]
        for p in found:
            self._known.setdefault(p.pid, p)
        alive = {p.pid for p in found}
        return [p for pid, p in self._known.items() if pid in alive]

    def _run(self) -> None:
        import psutil

        for p in self._procs():
            p.cpu_percent(None)
        while not self._stop.wait(self.every):
            rss = cpu = 0.0
            for p in self._procs():
                try:
                    rss += p.memory_info().rss
                    cpu += p.cpu_percent(None)
                except psutil.Error:
                    continue
            self.rss_mb.append(rss / 2**20)
            self.cpu.append(cpu)

    def __enter__(self) -> Sampler:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join(timeout=5)


def percentile(values: list[float], q: float) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    k = (len(ordered) - 1) * q
    lo, hi = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


async def _idle(page, timeout: float) -> None:
    await page.wait_for_selector('[data-testid="stAppViewContainer"]', timeout=timeout)
    await page.wait_for_selector(IDLE, state="attached", timeout=timeout)


class Gates:
    """Who may do what at once: page loads (``open_at_once``), budget changes (``active``), and a
    barrier so the changes start only once every session is open (all N really concurrent)."""

    def __init__(self, sessions: int, open_at_once: int, active: int) -> None:
        self.opening = asyncio.Semaphore(open_at_once)
        self.clicking = asyncio.Semaphore(active)
        self.waiting = sessions
        self.all_open = asyncio.Event()

    def opened(self) -> None:
        self.waiting -= 1
        if self.waiting <= 0:
            self.all_open.set()


async def one_session(browser, base: str, index: int, changes: int, timeout_ms: float, gates: Gates) -> SessionResult:
    """One person: open the Plan page with a demo, check it is theirs, change the budget ``changes`` times."""
    demo = DEMO_IDS[index % len(DEMO_IDS)]
    case = load_demo(demo)
    result = SessionResult(index, demo)
    owed = fmt_money(case.total_owed)
    budget_label = t("plan_page.field.monthly_budget", LANG)
    metric_label = t("plan_page.metric.budget", LANG)
    context = await browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-US")
    page = await context.new_page()
    page.set_default_timeout(timeout_ms)
    counted = False
    try:
        async with gates.opening:
            started = time.perf_counter()
            await page.goto(f"{base}/plan?demo={demo}&lang={LANG}", wait_until="domcontentloaded")
            box = page.get_by_label(budget_label, exact=True)
            await box.wait_for(state="visible")
            await _idle(page, timeout_ms)
            result.open_ms = (time.perf_counter() - started) * 1000
        gates.opened()
        counted = True
        await gates.all_open.wait()
        sidebar = page.locator('[data-testid="stSidebar"]')
        metric = page.locator('[data-testid="stMetric"]').filter(has_text=metric_label)
        expected = ""
        for n in range(changes):
            # Each session its own budgets: 1,000 + 37 × session + 500 × change (+ session/100).
            budget = f"{1000 + 37 * index + 500 * n + (index % 89) / 100:.2f}"
            expected = fmt_money(Decimal(budget))
            async with gates.clicking:
                await box.fill(budget)
                started = time.perf_counter()
                await box.press("Enter")
                await metric.filter(has_text=expected).wait_for(state="visible")
                result.latencies_ms.append((time.perf_counter() - started) * 1000)
                await _idle(page, timeout_ms)
            if owed not in await sidebar.inner_text():
                result.errors.append(f"session {index}: total owed {owed} of {demo} not in the sidebar")
            if await page.locator('[data-testid="stException"]').count():
                result.errors.append(f"session {index}: an exception is shown")
        # Nothing lost: after all changes the last budget is still the one shown.
        if expected and expected not in await metric.inner_text():
            result.errors.append(f"session {index}: budget {expected} lost")
    except Exception as exc:  # noqa: BLE001 - every failure is counted, none stops the others
        result.errors.append(f"session {index}: {type(exc).__name__}: {str(exc).splitlines()[0][:160]}")
    finally:
        if not counted:
            gates.opened()
        await context.close()
    return result


async def run_sessions(
    base: str, sessions: int, changes: int, time_limit: float, open_at_once: int = 5, active: int | None = None
) -> list[SessionResult]:
    from playwright.async_api import async_playwright

    from tests.helpers import CHROMIUM, CHROMIUM_ARGS

    gates = Gates(sessions, open_at_once, active or sessions)
    async with async_playwright() as pw:
        browser = await pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        try:
            timeout_ms = min(180_000, time_limit * 1000)
            tasks = [
                asyncio.create_task(one_session(browser, base, i, changes, timeout_ms, gates)) for i in range(sessions)
            ]
            done, pending = await asyncio.wait(tasks, timeout=time_limit)
            for task in pending:
                task.cancel()
            results = [task.result() for task in done if not task.cancelled() and task.exception() is None]
            missing = sessions - len(results)
            if missing:
                results.append(
                    SessionResult(-1, "-", errors=[f"{missing} session(s) did not finish within {time_limit:.0f} s"])
                )
            return sorted(results, key=lambda r: r.index)
        finally:
            await browser.close()


def run_in_thread(coro):
    """Run a coroutine on its own event loop in a new thread (the caller may already have a loop,
    as a test does that also uses Playwright's sync API)."""
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, coro).result()


def run_load(
    base: str,
    server_pid: int,
    sessions: int,
    changes: int,
    time_limit: float,
    open_at_once: int = 5,
    active: int | None = None,
) -> dict:
    """The whole run against a running server: sessions, latencies, errors, server memory and CPU."""
    if not base.startswith(("http://127.0.0.1", "http://localhost")):
        raise ValueError("the load test only runs against a server on this machine (loopback)")
    import os

    # The load generator too (this process, Playwright's driver, Chromium): where else the CPU went.
    with Sampler(server_pid) as sampler, Sampler(os.getpid()) as clients:
        baseline = sampler.proc.memory_info().rss / 2**20
        started = time.perf_counter()
        results = run_in_thread(run_sessions(base, sessions, changes, time_limit, open_at_once, active))
        wall = time.perf_counter() - started
    latencies = [x for r in results for x in r.latencies_ms]
    opens = [r.open_ms for r in results if r.open_ms is not None]
    return {
        "sessions": sessions,
        "changes_per_session": changes,
        "open_at_once": open_at_once,
        "active": active or sessions,
        "wall_seconds": wall,
        "reruns": len(latencies),
        "p50_ms": percentile(latencies, 0.5),
        "p95_ms": percentile(latencies, 0.95),
        "max_ms": max(latencies, default=None),
        "open_p50_ms": percentile(opens, 0.5),
        "open_p95_ms": percentile(opens, 0.95),
        "errors": [e for r in results for e in r.errors],
        "server_rss_before_mb": baseline,
        "server_rss_peak_mb": max(sampler.rss_mb, default=baseline),
        "server_cpu_mean_pct": statistics.mean(sampler.cpu) if sampler.cpu else None,
        "server_cpu_peak_pct": max(sampler.cpu, default=None),
        "browsers_cpu_mean_pct": statistics.mean(clients.cpu) if clients.cpu else None,
        "browsers_rss_peak_mb": max(clients.rss_mb, default=None),
        "machine_load_1min": os.getloadavg()[0],
        "demos": sorted({r.demo for r in results if r.index >= 0}),
    }


def main(argv: list[str] | None = None) -> int:
    from tests.helpers import running_app

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=30)
    parser.add_argument("--changes", type=int, default=4)
    parser.add_argument("--open-at-once", type=int, default=5, help="page loads at the same time")
    parser.add_argument(
        "--active", type=int, default=None, help="sessions changing the budget at the same time (default: all)"
    )
    parser.add_argument("--time-limit", type=float, default=600.0, help="seconds for the whole run")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    if not 1 <= args.sessions <= 60:
        parser.error("--sessions must be 1 to 60 (this is a bounded local test)")
    with running_app() as (base, server):
        report = run_load(
            base, server.pid, args.sessions, args.changes, args.time_limit, args.open_at_once, args.active
        )
    if args.json:
        print(json.dumps(report, indent=1))
    else:
        print(
            f"{report['sessions']} sessions open together × {report['changes_per_session']} budget changes"
            f" ({report['active']} changing at once; {report['open_at_once']} page loads at once)"
            f" in {report['wall_seconds']:.1f} s ({report['reruns']} reruns measured)"
        )
        print(
            f"rerun latency (Enter → new budget drawn): p50 {report['p50_ms']:.0f} ms,"
            f" p95 {report['p95_ms']:.0f} ms, max {report['max_ms']:.0f} ms"
        )
        print(
            f"page open (goto → Plan page idle): p50 {report['open_p50_ms']:.0f} ms, p95 {report['open_p95_ms']:.0f} ms"
        )
        print(
            f"server memory: {report['server_rss_before_mb']:.0f} MB before,"
            f" {report['server_rss_peak_mb']:.0f} MB peak;"
            f" CPU mean {report['server_cpu_mean_pct']:.0f} %, peak {report['server_cpu_peak_pct']:.0f} % of one core"
        )
        print(
            f"load generator (Chromium and driver): CPU mean {report['browsers_cpu_mean_pct']:.0f} % of one core,"
            f" {report['browsers_rss_peak_mb']:.0f} MB peak; machine load {report['machine_load_1min']:.1f}"
        )
        print(f"errors: {len(report['errors'])}")
        for error in report["errors"]:
            print(f"  - {error}")
    return 1 if report["errors"] else 0


if __name__ == "__main__":
    raise SystemExit(main())
