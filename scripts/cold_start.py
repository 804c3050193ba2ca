"""Cold start: from starting the server (the command `make run` runs) to the first page fully drawn
in headless Chromium, beside the same for a bare one-chart Streamlit app.

Why: the first visitor after a deploy, a restart or a Community Cloud wake-up waits for exactly
this. The browser is started first and not counted; the clock starts when the server process is
launched and stops when the page has finished its run with nothing still loading: the start page
with its demo buttons; a demo link (``?demo=gig_driver``, the Overview with its first chart);
the bare app with its chart. Runs alternate.

Usage: ``python scripts/cold_start.py [--runs 3] [--json]``.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

BARE_APP = """
import plotly.graph_objects as go
import streamlit as st

st.title("Bare app")
st.plotly_chart(go.Figure(go.Bar(x=["a", "b", "c"], y=[3, 1, 2])), theme="streamlit")
"""


def first_draw(page, script: Path, drawn_selector: str, port: int, query: str = "") -> float:
    """Seconds from launching the server to ``drawn_selector`` shown with the run finished."""
    from tests.helpers import stop_server, streamlit_command

    base = f"http://127.0.0.1:{port}"
    started = time.perf_counter()
    # Exactly what `make run` runs (the file watcher on, as a person's server has it).
    server = subprocess.Popen(
        streamlit_command(script, port), cwd=script.parent, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    try:
        while True:  # the browser retries until the server listens, as a person reloading would
            try:
                page.goto(base + query, wait_until="domcontentloaded", timeout=5_000)
                break
            except Exception:  # noqa: BLE001 - connection refused until the server is up
                if time.perf_counter() - started > 120:
                    raise
                time.sleep(0.1)
        page.wait_for_selector(drawn_selector, timeout=120_000)
        page.wait_for_selector('[data-test-script-state="notRunning"]', state="attached", timeout=120_000)
        page.wait_for_function("() => !document.querySelector('[data-testid=\"stSkeleton\"]')", timeout=120_000)
        return time.perf_counter() - started
    finally:
        stop_server(server)


def measure(runs: int) -> dict:
    from playwright.sync_api import sync_playwright

    from tests.helpers import CHROMIUM, CHROMIUM_ARGS, free_port

    app_times, overview_times, bare_times = [], [], []
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as pw:
        bare = Path(tmp) / "bare_app.py"
        bare.write_text(BARE_APP, encoding="utf-8")
        browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        try:
            for _ in range(runs):
                # the bare page's, or the app's (drawn in place)
                chart = '[data-testid="stPlotlyChart"] .main-svg, .overdue-chart .main-svg'
                for script, query, selector, sink in (
                    (ROOT / "app.py", "", ".st-key-demo_gig_driver button", app_times),
                    (ROOT / "app.py", "/?demo=gig_driver", chart, overview_times),
                    (bare, "", chart, bare_times),
                ):
                    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
                    try:
                        sink.append(first_draw(context.new_page(), script, selector, free_port(), query))
                    finally:
                        context.close()
        finally:
            browser.close()
    return {"runs": runs, "app_s": app_times, "overview_s": overview_times, "bare_s": bare_times}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    result = measure(args.runs)
    if args.json:
        print(json.dumps(result, indent=1))
        return 0
    for name, key in (("app, start page", "app_s"), ("app, demo link", "overview_s"), ("bare one-chart app", "bare_s")):
        times = result[key]
        print(
            f"{name:<20} min {min(times):.2f} s, median {statistics.median(times):.2f} s"
            f"  ({', '.join(f'{x:.2f}' for x in times)})"
        )
    for key in ("app_s", "overview_s"):
        ratio = statistics.median(result[key]) / statistics.median(result["bare_s"])
        print(f"{key[:-2]} / bare, ratio of medians: {ratio:.2f}×")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
