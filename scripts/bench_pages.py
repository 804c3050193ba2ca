"""Server-side rerun time of every page with the largest demo case, beside a bare one-chart page.

Why AppTest: it runs the real scripts (app.py, the sidebar, the page) in-process on Streamlit's
own script runner, so the time is the server's work for one rerun without the browser or the
network. The bare page (one Plotly chart, nothing else) is measured the same way in the same run,
so a busy machine slows both and the ratio stays meaningful.

Usage: ``python scripts/bench_pages.py [--runs 15] [--lang zh-CN] [--json]``.
Prints one line per page: min and median rerun time in ms and the ratio to the bare page.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from overdue_core.case.demo import DEMO_IDS, load_demo  # noqa: E402
from tests.helpers import _run_entrypoint_every_time  # noqa: E402
from ui.nav import PAGES  # noqa: E402

#: Targets from the issue: each page within this many times the bare page, and under this many ms.
RATIO_TARGET = 4.0
MS_TARGET = 150.0

BARE_PAGE = """
import plotly.graph_objects as go
import streamlit as st

st.title("Bare page")
fig = go.Figure(go.Bar(x=["a", "b", "c"], y=[3, 1, 2]))
st.plotly_chart(fig, theme="streamlit")
"""


def largest_demo() -> str:
    """The demo with the most debts (ties: the most owed): the heaviest case we ship."""
    return max(DEMO_IDS, key=lambda d: (len(load_demo(d).debts), load_demo(d).total_owed))


class _SharedScriptCache:
    """One bytecode cache for every run, as the real server keeps (AppTest compiles each run).

    Without it every AppTest rerun reads and compiles app.py and the page again (several ms for
    a long page), work a running server does once per script.
    """

    _shared: object | None = None

    def __new__(cls):
        from streamlit.runtime.scriptrunner.script_cache import ScriptCache

        if cls._shared is None:
            cls._shared = ScriptCache()
        return cls._shared


def use_shared_script_cache() -> None:
    from streamlit.testing.v1 import app_test, local_script_runner

    app_test.ScriptCache = _SharedScriptCache
    local_script_runner.ScriptCache = _SharedScriptCache


def bare_app(folder: Path):
    """AppTest for the bare one-chart page, already run once (imports and first run done)."""
    from streamlit.testing.v1 import AppTest

    script = folder / "bare_page.py"
    script.write_text(BARE_PAGE, encoding="utf-8")
    at = AppTest.from_file(str(script), default_timeout=60)
    at.run()
    return at


def page_app(path: str, demo: str, lang: str = "zh-CN"):
    """AppTest on one page of the app with a demo case open, already run twice (warm)."""
    from streamlit.testing.v1 import AppTest

    _run_entrypoint_every_time()
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.session_state["lang"] = lang
    at.session_state["case"] = load_demo(demo)
    at.session_state["case_rev"] = 1
    at.run()
    at.switch_page(path).run()
    at.run()  # the first rerun on a page fills its session caches
    if at.exception:
        raise RuntimeError(f"{path} raised: {[e.value for e in at.exception]}")
    return at


def time_reruns(at, runs: int, before: Callable[[object, int], None] | None = None) -> list[float]:
    """Wall time in ms of ``runs`` reruns (``before(at, i)`` may change a widget first)."""
    times = []
    for i in range(runs):
        if before is not None:
            before(at, i)
        started = time.perf_counter()
        at.run()
        times.append((time.perf_counter() - started) * 1000)
    return times


def change_budget(at, i: int) -> None:
    """The Plan page's budget control set to a new value: a cache miss for the plan."""
    box = next(n for n in at.number_input if n.key and n.key.startswith("plan_budget_"))
    box.set_value(float(3000 + 250 * (i % 40)))


def measure(runs: int, lang: str) -> dict:
    demo = largest_demo()
    use_shared_script_cache()
    with tempfile.TemporaryDirectory() as tmp:
        bare = time_reruns(bare_app(Path(tmp)), runs)
    rows = []
    for spec in PAGES:
        at = page_app(spec.path, demo, lang)
        rows.append({"page": spec.name, "what": "rerun", "ms": time_reruns(at, runs)})
        if spec.name == "plan":
            rows.append({"page": "plan", "what": "new budget", "ms": time_reruns(at, runs, change_budget)})
    return {"demo": demo, "lang": lang, "runs": runs, "bare": bare, "pages": rows}


def summary(ms: list[float]) -> tuple[float, float]:
    return min(ms), statistics.median(ms)


def print_table(result: dict) -> None:
    bare_min, bare_median = summary(result["bare"])
    print(f"demo case: {result['demo']}  language: {result['lang']}  reruns per page: {result['runs']}")
    print(
        f"{'page':<12}{'what':<12}{'min ms':>9}{'median ms':>11}{'× bare':>8}"
        f"  target (≤{RATIO_TARGET:g}× and <{MS_TARGET:g} ms)"
    )
    print(f"{'bare':<12}{'rerun':<12}{bare_min:>9.1f}{bare_median:>11.1f}{1.0:>8.1f}")
    for row in result["pages"]:
        lo, median = summary(row["ms"])
        ratio = median / bare_median
        ok = "met" if ratio <= RATIO_TARGET and median < MS_TARGET else "MISSED"
        print(f"{row['page']:<12}{row['what']:<12}{lo:>9.1f}{median:>11.1f}{ratio:>8.1f}  {ok}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--lang", default="zh-CN")
    parser.add_argument("--json", action="store_true", help="print the raw timings as JSON")
    args = parser.parse_args(argv)
    result = measure(args.runs, args.lang)
    if args.json:
        print(json.dumps(result, indent=1))
    else:
        print_table(result)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
