"""What a person waits for in the browser: from an action to the page finished and drawn.

For each control that matters — the Plan page's budget step and strategy, a what-if, the
Debts form's save, the language switch, switching pages — and for a demo link's first chart,
this times the same action on the app and on a bare page (one Plotly chart and the same kind of
control) in the same run, alternating, so a busy machine slows both sides alike.

How the clock works, inside the page: a capturing ``pointerdown``/``keydown`` listener stamps the
person's action; a MutationObserver on Streamlit's ``data-test-script-state`` attribute (what
Streamlit's own end-to-end tests wait on) records each change between ``running`` and
``notRunning``, and two animation frames after each change the time it was painted. The
latency is from the action to the paint after the last change to ``notRunning`` (a run that
calls ``st.rerun()`` runs twice; the page is done only when it stays idle). A demo link's first
chart is timed from ``goto`` to its chart drawn with the run finished (a warm server; a cold
server is ``scripts/cold_start.py``).

Usage: ``python scripts/bench_browser.py [--rounds 5] [--demo gig_driver] [--before DIR]
[--only link,budget] [--json]`` (``--before`` serves another checkout of the app beside this one,
e.g. the main branch, so a before/after comparison shares one run and one machine load;
``--only`` times just the demo link and the budget step, the two figures the targets name, so a
shared machine can give more rounds of them).
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

LANG = "en"
QUIET_MS = 300  # idle this long after a run = the action is over
#: A drawn chart: Streamlit's own chart element (the bare page) or the app's chart drawn in place
#: (ui.charts.plotly_component), once Plotly has drawn its SVG.
CHART = '[data-testid="stPlotlyChart"] .main-svg, .overdue-chart .main-svg'

#: Bare app: one chart, and the same kinds of control as the app's (each redraws the chart).
BARE_APP = """
import plotly.graph_objects as go
import streamlit as st


def chart(*values: float) -> None:
    st.plotly_chart(go.Figure(go.Bar(x=["a", "b", "c"], y=list(values))), theme="streamlit")


def main_page() -> None:
    st.title("Bare page")
    budget = st.number_input("Budget", value=1000.0, step=100.0, format="%.2f")
    order = st.selectbox("Order", ["first", "second", "third"])
    drop = st.slider("Drop", 0, 100, 0, step=5)
    with st.form("save"):
        value = st.number_input("Value", value=1.0)
        saved = st.form_submit_button("Save")
    if saved:
        st.session_state["saved"] = st.session_state.get("saved", 0) + 1
    chart(budget, drop + 1, len(order) + st.session_state.get("saved", 0) + value)


def other_page() -> None:
    st.title("Other page")
    chart(3, 1, 2)


with st.sidebar:
    st.segmented_control("Language", ["zh-CN", "en"], key="lang", default="en", required=True)
st.navigation([
    st.Page(main_page, title="Main", url_path="main", default=True),
    st.Page(other_page, title="Other", url_path="other"),
]).run()
"""

#: Runs in every page before Streamlit's own code.
OBSERVER = """
(() => {
  const log = {actions: [], events: []};
  window.__latency = log;
  const stamp = () => log.actions.push(performance.now());
  document.addEventListener('pointerdown', stamp, true);
  document.addEventListener('keydown', stamp, true);
  const seen = new WeakMap();
  const record = (el) => {
    const state = el.getAttribute('data-test-script-state');
    if (seen.get(el) === state) return;
    seen.set(el, state);
    const t = performance.now();
    const entry = {state, t, painted: null};
    log.events.push(entry);
    requestAnimationFrame(() => requestAnimationFrame(() => { entry.painted = performance.now(); }));
  };
  new MutationObserver((mutations) => {
    for (const m of mutations) {
      if (m.type === 'attributes') record(m.target);
      else for (const node of m.addedNodes) {
        if (node.nodeType !== 1) continue;
        if (node.hasAttribute('data-test-script-state')) record(node);
        node.querySelectorAll?.('[data-test-script-state]').forEach(record);
      }
    }
  }).observe(document, {subtree: true, childList: true, attributes: true, attributeFilter: ['data-test-script-state']});
})();
"""

#: True once the last action's run is over: a running → notRunning change after it, painted,
#: and nothing since for QUIET_MS.
SETTLED = """
(quiet) => {
  const log = window.__latency;
  const start = log.since;
  const events = log.events.filter(e => e.t >= start);
  const running = events.findIndex(e => e.state === 'running');
  if (running < 0) return false;
  const last = events[events.length - 1];
  if (last.state !== 'notRunning' || last.painted === null) return false;
  return performance.now() - last.t >= quiet;
}
"""

RESULT = """
() => {
  const log = window.__latency;
  const actions = log.actions.filter(a => a >= log.since);
  if (!actions.length) return null;
  // The first run that starts after the person acted (a run still finishing from before is not it).
  const events = log.events.filter(e => e.t >= actions[0]);
  const first = events.find(e => e.state === 'running');
  if (!first) return null;
  const action = Math.max(...actions.filter(a => a <= first.t));
  const last = events[events.length - 1];
  return {ms: last.painted - action, runs: events.filter(e => e.state === 'running').length};
}
"""


def idle(page, timeout: float = 120_000) -> None:
    """The run is over and nothing is loading (Streamlit's own e2e wait)."""
    page.wait_for_selector('[data-testid="stAppViewContainer"]', timeout=timeout)
    page.wait_for_selector('[data-test-script-state="notRunning"]', state="attached", timeout=timeout)
    page.wait_for_function("() => !document.querySelector('[data-testid=\"stSkeleton\"]')", timeout=timeout)


def timed(page, action: Callable[[], None], timeout: float = 90_000) -> float:
    """Milliseconds from the person's action (inside ``action``) to the page idle and painted."""
    page.evaluate("() => { window.__latency.since = performance.now(); }")
    action()
    page.wait_for_function(SETTLED, arg=QUIET_MS, timeout=timeout, polling=50)
    result = page.evaluate(RESULT)
    if result is None:
        raise RuntimeError("no run started after the action")
    return float(result["ms"])


# --- the actions -------------------------------------------------------------------------------
def budget_step(page) -> None:
    page.locator('[data-testid="stMain"] [data-testid="stNumberInput"]').first.locator(
        '[data-testid="stNumberInputStepUp"]'
    ).click()


def pick_option(page, label: str | None = None) -> None:
    """Open a selectbox (the main area's first, or the one labelled ``label`` in either
    language) and choose the option after the current one."""
    boxes = page.locator('[data-testid="stMain"] [data-testid="stSelectbox"]')
    if label is not None:
        from overdue_core.i18n import LANGS, t

        names = "|".join(re.escape(t(label, lang)) for lang in LANGS)
        boxes = boxes.filter(has=page.get_by_text(re.compile(f"^({names})$")))
    boxes.first.click()
    options = page.locator('[role="option"]')
    options.first.wait_for(state="visible")
    selected = options.evaluate_all("els => els.findIndex(e => e.getAttribute('aria-selected') === 'true')")
    options.nth((selected + 1) % options.count()).click()


def make_slider_nudge():
    """One step of the main area's first slider, away from its ends.

    Why not simply alternate: a key press that the page drops (it lands while the widget is
    being redrawn) leaves the slider where it was, and alternating would then press towards the
    end it already sits at, a change that never reruns anything. The direction comes from the
    slider's own value, and a press that did not move the value is made again (the clock starts
    at the last key press before the run, so the retry is not counted as waiting).
    """
    direction = {"key": "ArrowRight"}

    def nudge(page) -> None:
        thumb = page.locator('[data-testid="stMain"] [data-testid="stSlider"] input[type="range"]').first
        value, low, high = (float(thumb.get_attribute(name) or 0) for name in ("value", "min", "max"))
        if value <= low:
            direction["key"] = "ArrowRight"
        elif value >= high:
            direction["key"] = "ArrowLeft"
        for _attempt in range(3):
            thumb.focus()
            page.keyboard.press(direction["key"])
            try:
                page.wait_for_function(
                    "([el, v]) => Number(el.value) !== v",
                    arg=[thumb.element_handle(), value],
                    timeout=2_000,
                    polling=50,
                )
                break
            except Exception:  # noqa: BLE001 - the press was lost: press again
                continue
        direction["key"] = "ArrowLeft" if direction["key"] == "ArrowRight" else "ArrowRight"

    return nudge


def switch_language(page) -> None:
    buttons = page.locator('[data-testid="stSidebar"] [data-testid="stButtonGroup"] button')
    for i in range(buttons.count()):
        if buttons.nth(i).get_attribute("aria-checked") != "true" and "Active" not in (
            buttons.nth(i).get_attribute("data-testid") or ""
        ):
            buttons.nth(i).click()
            return
    buttons.last.click()


def save_form(page) -> None:
    page.locator('[data-testid="stMain"] [data-testid="stFormSubmitButton"] button').first.click()


def edit_first_debt(page) -> None:
    """Open the Debts page's first debt for editing (its card's edit button)."""
    page.locator('[data-testid="stMain"] [class*="st-key-edit_"] button').first.click()


def save_debt(page) -> None:
    """Save the debt open for editing, unchanged (the guided form's save button)."""
    page.locator('[data-testid="stMain"] [class*="st-key-save_"] button').first.click()


def nav_to(page, url_path: str) -> None:
    """Click the sidebar link to ``url_path`` ("" is the default page, whose link is the root)."""
    from urllib.parse import urlparse

    links = page.locator('[data-testid="stSidebarNav"] a')
    hrefs = links.evaluate_all("els => els.map(e => e.getAttribute('href'))")
    paths = [urlparse(h).path.strip("/") for h in hrefs]
    links.nth(paths.index(url_path)).click()


def first_chart_ms(browser, url: str) -> tuple[float, float]:
    """A new visitor (fresh context) following a link: milliseconds until its first chart is
    drawn, and until the whole page has finished its run."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-US")
    try:
        page = context.new_page()
        started = time.perf_counter()
        page.goto(url, wait_until="domcontentloaded", timeout=120_000)
        page.wait_for_selector(CHART, timeout=120_000)
        chart = (time.perf_counter() - started) * 1000
        idle(page)
        return chart, (time.perf_counter() - started) * 1000
    finally:
        context.close()


def start_app_and_bare(tmp: Path) -> tuple[dict[str, int], dict[str, Any]]:
    """The app and the bare page (:data:`BARE_APP`, written into ``tmp``), each on a free port:
    ({side: port}, {side: server}). The bare page runs with the app's own server settings (no forced
    garbage collection after each run), so the comparison is of the pages, not of the settings."""
    from tests.helpers import free_port, start_server

    bare_script = tmp / "bare_app.py"
    bare_script.write_text(BARE_APP, encoding="utf-8")
    ports = {"app": free_port(), "bare": free_port()}
    servers = {
        "app": start_server(ports["app"]),
        "bare": start_server(ports["bare"], script=bare_script, options=("--runner.postScriptGC", "false")),
    }
    return ports, servers


# --- the run -----------------------------------------------------------------------------------
def new_page(browser, url: str):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-US")
    context.add_init_script(OBSERVER)
    page = context.new_page()
    page.set_default_timeout(120_000)
    page.goto(url, wait_until="domcontentloaded")
    idle(page)
    return context, page


#: What ``--only`` can name: the demo link's first chart and the Plan page's budget step.
SHORT_ROWS = {"link": "demo link: first chart drawn", "budget": "Plan: budget step (+)"}


def measure(
    rounds: int, demo: str, before: Path | None = None, only: set[str] | None = None
) -> dict[str, dict[str, list[float]]]:
    """{row: {side: [ms…]}} for every action, ``rounds`` times each, the sides taking turns:
    "app" (this checkout), "bare" (one chart), and "before" (another checkout, if given).
    ``only`` (keys of :data:`SHORT_ROWS`) limits the run to those actions."""
    wanted = {SHORT_ROWS[key] for key in only} if only else None

    def timing(row: str) -> bool:
        return wanted is None or row in wanted

    from playwright.sync_api import sync_playwright

    from tests.helpers import CHROMIUM, CHROMIUM_ARGS, free_port, start_server, stop_server, wait_healthy

    results: dict[str, dict[str, list[float]]] = {}
    failures: list[str] = []

    def add(row: str, side: str, action: Callable[[], float]) -> None:
        """Time one action; a failed or stuck action is counted, not fatal (the run goes on)."""
        try:
            ms = action()
        except Exception as exc:  # noqa: BLE001
            failures.append(f"{row} [{side}]: {type(exc).__name__}")
            print(f"  {row} [{side}]: FAILED {type(exc).__name__}", file=sys.stderr, flush=True)
            return
        results.setdefault(row, {}).setdefault(side, []).append(ms)
        print(f"  {row} [{side}]: {ms:.0f} ms", file=sys.stderr, flush=True)

    with tempfile.TemporaryDirectory() as tmp:
        ports, servers = start_app_and_bare(Path(tmp))
        if before is not None:
            ports["before"] = free_port()
            servers["before"] = start_server(ports["before"], script=before / "app.py")
        url = {side: f"http://127.0.0.1:{port}" for side, port in ports.items()}
        apps = [side for side in ("before", "app") if side in url]
        contexts = []
        try:
            for base in url.values():
                wait_healthy(base)
            with sync_playwright() as pw:
                browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
                try:
                    link = {side: f"{url[side]}/?demo={demo}&lang={LANG}" for side in apps} | {
                        "bare": f"{url['bare']}/"
                    }
                    for side in link:  # warm each server (imports, first compile) before timing
                        first_chart_ms(browser, link[side])
                    pages = {}
                    for side in apps:
                        context, pages[side] = new_page(browser, f"{url[side]}/plan?demo={demo}&lang={LANG}")
                        contexts.append(context)
                    context, pages["bare"] = new_page(browser, f"{url['bare']}/")
                    contexts.append(context)
                    nudges = {side: make_slider_nudge() for side in pages}
                    for n in range(rounds):
                        print(f"round {n + 1} of {rounds}", file=sys.stderr, flush=True)
                        for side in link if timing(SHORT_ROWS["link"]) else ():
                            loads = {}
                            add(
                                "demo link: first chart drawn",
                                side,
                                lambda: loads.setdefault("x", first_chart_ms(browser, link[side]))[0],
                            )
                            if "x" in loads:
                                results.setdefault("demo link: page finished", {}).setdefault(side, []).append(
                                    loads["x"][1]
                                )
                        for row, action in (
                            ("Plan: budget step (+)", budget_step),
                            ("Plan: strategy", pick_option),
                            ("Plan: what-if (income drop slider)", None),
                            ("language switch (on Plan)", switch_language),
                        ):
                            if not timing(row):
                                continue
                            for side, pg in pages.items():
                                act = nudges[side] if action is None else action
                                add(row, side, lambda: timed(pg, lambda: act(pg)))
                        if wanted is not None:
                            continue  # the page switches and the Debts save are timed in a full run only
                        for side in apps:
                            pg = pages[side]
                            add("page switch: Plan → Overview", side, lambda: timed(pg, lambda: nav_to(pg, "")))
                            add("page switch: Overview → Debts", side, lambda: timed(pg, lambda: nav_to(pg, "debts")))
                            try:  # the Debts page: open the first debt (not timed), then save it
                                edit_first_debt(pg)
                                idle(pg)
                            except Exception as exc:  # noqa: BLE001
                                failures.append(f"open a debt [{side}]: {type(exc).__name__}")
                            add("Debts: save a debt", side, lambda: timed(pg, lambda: save_debt(pg)))
                            add("page switch: Debts → Plan", side, lambda: timed(pg, lambda: nav_to(pg, "plan")))
                        pg = pages["bare"]  # the same sequence on the bare app's two pages
                        add("page switch: Plan → Overview", "bare", lambda: timed(pg, lambda: nav_to(pg, "other")))
                        add("page switch: Overview → Debts", "bare", lambda: timed(pg, lambda: nav_to(pg, "")))
                        add("Debts: save a debt", "bare", lambda: timed(pg, lambda: save_form(pg)))
                        add("page switch: Debts → Plan", "bare", lambda: timed(pg, lambda: nav_to(pg, "other")))
                        add("(bare back to its main page)", "bare", lambda: timed(pg, lambda: nav_to(pg, "")))
                finally:
                    for context in contexts:
                        context.close()
                    browser.close()
        finally:
            for server in servers.values():
                stop_server(server)
    results.pop("(bare back to its main page)", None)
    results["_failures"] = failures  # type: ignore[assignment]
    return results


def summary(results: dict[str, dict[str, list[float]]]) -> list[dict]:
    """Per action and side: median, min, max (ms) and the ratio of medians to the bare page."""
    rows = []
    for row, sides in results.items():
        if row.startswith("_"):
            continue
        out: dict = {"action": row}
        for side, values in sides.items():
            out[side] = {
                "median_ms": statistics.median(values),
                "min_ms": min(values),
                "max_ms": max(values),
                "runs": len(values),
            }
        bare = out.get("bare", {}).get("median_ms")
        for side in ("before", "app"):
            if side in out and bare:
                out[side]["x_bare"] = out[side]["median_ms"] / bare
        rows.append(out)
    return rows


def _cell(side: dict | None) -> str:
    if not side:
        return "—"
    ratio = f" · {side['x_bare']:.1f}×" if "x_bare" in side else ""
    return f"{side['median_ms'] / 1000:.2f} s ({side['min_ms'] / 1000:.2f}–{side['max_ms'] / 1000:.2f}){ratio}"


def main(argv: list[str] | None = None) -> int:
    import os

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--demo", default="gig_driver")
    parser.add_argument(
        "--before", type=Path, default=None, help="another checkout of the app, measured in the same run"
    )
    parser.add_argument("--only", default="", help="comma-separated: " + ", ".join(SHORT_ROWS))
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    only = {key.strip() for key in args.only.split(",") if key.strip()}
    if unknown := only - set(SHORT_ROWS):
        parser.error(f"--only takes {', '.join(SHORT_ROWS)}, not {', '.join(sorted(unknown))}")
    # The machine's load through the run (1-minute average every 5 s): the figures mean little without it.
    import threading

    samples = [os.getloadavg()[0]]
    done = threading.Event()

    def sample() -> None:
        while not done.wait(5):
            samples.append(os.getloadavg()[0])

    threading.Thread(target=sample, daemon=True).start()
    try:
        results = measure(args.rounds, args.demo, args.before, only)
    finally:
        done.set()
    failures = results.pop("_failures", [])
    rows = summary(results)
    load = [min(samples), statistics.median(samples), max(samples)]
    if args.json:
        print(
            json.dumps(
                {
                    "demo": args.demo,
                    "rounds": args.rounds,
                    "load_1min": load,
                    "rows": rows,
                    "raw": results,
                    "failures": failures,
                },
                indent=1,
            )
        )
        return 0
    print(
        f"demo {args.demo}, {args.rounds} rounds; machine load (1 min) {load[0]:.1f}–{load[2]:.1f},"
        f" median {load[1]:.1f}; median (min–max) · × bare"
    )
    sides = [s for s in ("before", "app", "bare") if any(s in r for r in rows)]
    print("| action | " + " | ".join(sides) + " |\n|---|" + "---|" * len(sides))
    for r in rows:
        print(f"| {r['action']} | " + " | ".join(_cell(r.get(s)) for s in sides) + " |")
    if failures:
        print(f"{len(failures)} action(s) failed or timed out: " + "; ".join(failures))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
