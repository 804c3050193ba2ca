"""Where the browser spends a Plan-page change: a profile, beside the bare page's.

``bench_browser.py`` says how long a person waits; this says what the browser's main thread does
in that time. For ``--steps`` budget steps (+) on the Plan page with a demo, and the same number
on the bare one-chart page, it records Chromium's timeline trace (style, layout, paint, garbage
collection, script) and V8's sampling profile (which script the JavaScript time is in: Streamlit's
chunks are named for what they hold, e.g. ``PlotlyChart``, ``DataFrame``, ``protobuf``, ``index``;
the app's charts drawn in place run in ``plotly.min.js``)
and prints, per side, milliseconds per step.

Usage: ``python scripts/profile_browser.py [--steps 8] [--demo gig_driver] [--json]``.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import tempfile
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
for extra in (ROOT, ROOT / "scripts"):
    if str(extra) not in sys.path:
        sys.path.insert(0, str(extra))

from bench_browser import LANG, budget_step, new_page, start_app_and_bare, timed  # noqa: E402

#: Main-thread work by kind, from the timeline trace's event names (self time, no double count).
KINDS = {
    "script": (
        "FunctionCall",
        "EvaluateScript",
        "v8.callFunction",
        "TimerFire",
        "EventDispatch",
        "FireAnimationFrame",
        "RunMicrotasks",
        "v8.evaluateModule",
        "V8.Execute",
    ),
    "style": ("UpdateLayoutTree", "RecalculateStyles", "ParseAuthorStyleSheet"),
    "layout": (
        "Layout",
        "UpdateLayerTree",
        "PrePaint",
        "Layerize",
        "IntersectionObserverController::computeIntersections",
        "ScrollLayer",
    ),
    "paint": ("Paint", "PaintImage", "Rasterize", "CompositeLayers", "Commit"),
    "garbage collection": (
        "MinorGC",
        "MajorGC",
        "V8.GCScavenger",
        "V8.GCFinalizeMC",
        "V8.GCIncrementalMarking",
        "BlinkGC.AtomicPhase",
        "ThreadState::performIdleLazySweep",
        "V8.GC_MC_BACKGROUND_MARKING",
        "MinorMS",
        "V8.GCCompactor",
    ),
    "parse": ("ParseHTML", "v8.compile", "v8.compileModule", "V8.ScriptCompiler", "v8.parseOnBackground"),
}
KIND_OF = {name: kind for kind, names in KINDS.items() for name in names}


def main_thread_self_times(trace: dict) -> Counter:
    """Self time (ms) per event name on the page's main thread (CrRendererMain), nested events
    subtracted from their parent so that each millisecond is counted once."""
    events = trace["traceEvents"] if isinstance(trace, dict) else trace
    main = {
        (e["pid"], e["tid"])
        for e in events
        if e.get("ph") == "M" and e.get("name") == "thread_name" and e.get("args", {}).get("name") == "CrRendererMain"
    }
    per_thread: dict[tuple, list] = defaultdict(list)
    for e in events:
        if e.get("ph") == "X" and (e.get("pid"), e.get("tid")) in main and "dur" in e:
            per_thread[(e["pid"], e["tid"])].append(e)
    self_ms: Counter = Counter()
    for items in per_thread.values():
        items.sort(key=lambda e: (e["ts"], -e["dur"]))
        stack: list[list] = []  # [end, name, child time]
        for e in items:
            while stack and e["ts"] >= stack[-1][0]:
                end, name, children, dur = stack.pop()
                self_ms[name] += (dur - children) / 1000
            if stack:
                stack[-1][2] += e["dur"]
            stack.append([e["ts"] + e["dur"], e["name"], 0, e["dur"]])
        while stack:
            end, name, children, dur = stack.pop()
            self_ms[name] += (dur - children) / 1000
    return self_ms


def script_of(url: str, function: str) -> str:
    """A sampled frame's owner: Streamlit's chunk name (``PlotlyChart.D9Z0_fxz.js`` → PlotlyChart),
    or V8's own buckets ((program), (garbage collector), (idle))."""
    if not url:
        return function or "(anonymous)"
    name = url.rsplit("/", 1)[-1].split("?")[0]
    return re.sub(r"\.[-\w]{8}\.js$", "", name) or name


def js_self_times(profile: dict) -> Counter:
    """Self time (ms) per script from V8's sampling profile."""
    nodes = {n["id"]: n for n in profile["nodes"]}
    self_ms: Counter = Counter()
    for node_id, delta in zip(profile["samples"], profile["timeDeltas"], strict=True):
        frame = nodes[node_id]["callFrame"]
        self_ms[script_of(frame.get("url", ""), frame.get("functionName", ""))] += delta / 1000
    return self_ms


def step(page) -> float | None:
    """One budget step and its wait (ms), or None when the page's clock missed the run.

    Why tolerate a miss: a run as short as the bare page's can go from running to finished
    within one render, so the page never shows it running and the clock waits in vain; the work
    was still done and is in the profile, which is what this script is for.
    """
    try:
        return timed(page, lambda: budget_step(page), timeout=15_000)
    except Exception:  # noqa: BLE001 - a missed clock, not a failed step
        page.wait_for_timeout(1_000)
        return None


def profile_side(browser, url: str, steps: int) -> dict:
    """``steps`` budget steps on the page at ``url``: waits, main-thread kinds and scripts, per step."""
    context, page = new_page(browser, url)
    try:
        for _warm in range(2):
            step(page)
        cdp = context.new_cdp_session(page)
        cdp.send("Profiler.enable")
        cdp.send("Profiler.setSamplingInterval", {"interval": 200})
        browser.start_tracing(
            page=page,
            categories=["devtools.timeline", "disabled-by-default-devtools.timeline", "v8", "blink.user_timing"],
        )
        cdp.send("Profiler.start")
        waits = [step(page) for _step in range(steps)]
        profile = cdp.send("Profiler.stop")["profile"]
        trace = json.loads(browser.stop_tracing())
    finally:
        context.close()
    names = main_thread_self_times(trace)
    kinds: Counter = Counter()
    for name, ms in names.items():
        kinds[KIND_OF.get(name, "other")] += ms
    scripts = js_self_times(profile)
    scripts.pop("(idle)", None)
    per_step = lambda counter: {k: round(v / steps, 1) for k, v in counter.most_common()}  # noqa: E731
    return {
        "wait_ms": sorted(round(w) for w in waits if w is not None),
        "clock_missed": sum(w is None for w in waits),
        "main_thread_ms": per_step(kinds),
        "top_events_ms": per_step(Counter(dict(names.most_common(12)))),
        "scripts_ms": per_step(Counter(dict(scripts.most_common(12)))),
    }


def run(steps: int, demo: str) -> dict:
    from playwright.sync_api import sync_playwright

    from tests.helpers import CHROMIUM, CHROMIUM_ARGS, stop_server, wait_healthy

    with tempfile.TemporaryDirectory() as tmp:
        ports, servers = start_app_and_bare(Path(tmp))
        try:
            for port in ports.values():
                wait_healthy(f"http://127.0.0.1:{port}")
            with sync_playwright() as pw:
                browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
                try:
                    return {
                        "app": profile_side(
                            browser, f"http://127.0.0.1:{ports['app']}/plan?demo={demo}&lang={LANG}", steps
                        ),
                        "bare": profile_side(browser, f"http://127.0.0.1:{ports['bare']}/", steps),
                    }
                finally:
                    browser.close()
        finally:
            for server in servers.values():
                stop_server(server)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--steps", type=int, default=8)
    parser.add_argument("--demo", default="gig_driver")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    result = run(args.steps, args.demo)
    if args.json:
        print(json.dumps(result, indent=2, ensure_ascii=False))
        return
    for side, figures in result.items():
        print(f"\n## {side}: waits {figures['wait_ms']} ms ({figures['clock_missed']} missed)")
        for section in ("main_thread_ms", "scripts_ms", "top_events_ms"):
            print(f"  {section} (per step): " + ", ".join(f"{k} {v}" for k, v in figures[section].items()))


if __name__ == "__main__":
    main()
