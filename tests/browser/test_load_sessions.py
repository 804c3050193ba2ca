"""A small run of the load-test harness (scripts/loadtest.py): proves it works, in CI too.

Three concurrent browser sessions on one local server, each with a different demo, each changing
the Plan page budget twice; each checks after every change that it still sees its own case and
its own budget. The full 30-session run is the script; its figures are in docs/performance.md.
"""

from __future__ import annotations

import pytest

from tests.helpers import IN_CI, _browser_missing_reason, load_script, running_app

loadtest = load_script("loadtest")

pytestmark = pytest.mark.browser


@pytest.fixture
def own_server(tmp_path):
    """A server of our own (its process id is sampled); skips as the other browser tests do."""
    reason = _browser_missing_reason()
    if reason:
        if IN_CI:
            pytest.fail(f"browser tests cannot run under CI: {reason}")
        pytest.skip(reason)
    with running_app(env={"OVERDUE_DATA_DIR": str(tmp_path)}, log_path=tmp_path / "server.log") as (base, proc):
        yield base, proc


@pytest.mark.timeout(600)
def test_three_sessions_change_the_budget_and_never_mix(own_server):
    # A bound on a stuck run, not a speed check: under two busy loops beside the suite three
    # browsers took longer than 150 s.
    base, proc = own_server
    report = loadtest.run_load(base, proc.pid, sessions=3, changes=2, time_limit=480)
    assert report["errors"] == []
    assert report["reruns"] == 6 and report["p50_ms"] is not None and report["p95_ms"] >= report["p50_ms"]
    assert report["demos"] == sorted(["young_worker", "gig_driver", "family_cards"])
    assert report["server_rss_peak_mb"] >= report["server_rss_before_mb"] > 0
    assert report["server_cpu_peak_pct"] is not None


def test_the_harness_refuses_a_remote_server():
    with pytest.raises(ValueError, match="loopback"):
        loadtest.run_load("http://example.com", 1, sessions=1, changes=1, time_limit=1)


def test_percentiles():
    assert loadtest.percentile([], 0.5) is None
    assert loadtest.percentile([10.0, 20.0, 30.0, 40.0], 0.5) == 25.0
    assert loadtest.percentile(list(map(float, range(1, 101))), 0.95) == pytest.approx(95.05)
