"""The browser profile's arithmetic (scripts/profile_browser.py): each millisecond of the page's
main thread is counted once, under the event that spent it, and JavaScript time goes to the
Streamlit chunk it ran in. Synthetic traces; the browser run itself is the script's business."""

from __future__ import annotations

import pytest

from tests.helpers import load_script


profile_browser = load_script("profile_browser")

MAIN, OTHER = (1, 10), (1, 11)


def _meta(pid_tid, name):
    return {"ph": "M", "name": "thread_name", "pid": pid_tid[0], "tid": pid_tid[1], "args": {"name": name}}


def _x(pid_tid, name, ts_ms, dur_ms):
    return {"ph": "X", "name": name, "pid": pid_tid[0], "tid": pid_tid[1], "ts": ts_ms * 1000, "dur": dur_ms * 1000}


def test_nested_events_count_their_own_time_once():
    trace = {
        "traceEvents": [
            _meta(MAIN, "CrRendererMain"),
            _meta(OTHER, "Compositor"),
            # A task of 100 ms: a script call of 60 ms holding a 15 ms layout, then 20 ms of paint.
            _x(MAIN, "RunTask", 0, 100),
            _x(MAIN, "FunctionCall", 5, 60),
            _x(MAIN, "Layout", 20, 15),
            _x(MAIN, "Paint", 70, 20),
            # A later task on its own, and work on another thread that is not the page's.
            _x(MAIN, "MinorGC", 200, 4),
            _x(OTHER, "Paint", 0, 500),
        ]
    }
    self_ms = profile_browser.main_thread_self_times(trace)
    assert self_ms == {"RunTask": 20, "FunctionCall": 45, "Layout": 15, "Paint": 20, "MinorGC": 4}
    assert sum(self_ms.values()) == 104  # the main thread's busy time, nothing twice


@pytest.mark.parametrize(
    ("url", "function", "owner"),
    [
        ("http://127.0.0.1:8501/static/js/PlotlyChart.D9Z0_fxz.js", "draw", "PlotlyChart"),
        ("http://127.0.0.1:8501/static/js/DataFrame.-f9-1zS0.js", "x", "DataFrame"),
        ("http://127.0.0.1:8501/static/js/index.DormvYxC.js?v=1", "y", "index"),
        ("", "(garbage collector)", "(garbage collector)"),
        ("", "", "(anonymous)"),
    ],
)
def test_script_time_goes_to_the_chunk_it_ran_in(url, function, owner):
    assert profile_browser.script_of(url, function) == owner


def test_samples_add_up_per_script():
    profile = {
        "nodes": [
            {"id": 1, "callFrame": {"url": "", "functionName": "(root)"}},
            {"id": 2, "callFrame": {"url": "http://h/static/js/PlotlyChart.D9Z0_fxz.js", "functionName": "a"}},
            {"id": 3, "callFrame": {"url": "http://h/static/js/PlotlyChart.D9Z0_fxz.js", "functionName": "b"}},
            {"id": 4, "callFrame": {"url": "", "functionName": "(idle)"}},
        ],
        "samples": [2, 3, 4, 2],
        "timeDeltas": [1000, 500, 9000, 250],
    }
    assert profile_browser.js_self_times(profile) == {"PlotlyChart": 1.75, "(idle)": 9.0}
