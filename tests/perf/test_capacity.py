"""The capacity run's own arithmetic (scripts/capacity.py): the proxy configuration it writes, and
how it reads affinity from nginx's access log. The run itself (servers, nginx, PostgreSQL,
hundreds of sessions) is `make capacity`'s business, not the suite's."""

from __future__ import annotations

import re
from pathlib import Path

from tests.helpers import load_script


capacity = load_script("capacity")


def test_the_proxy_config_names_every_server_and_keeps_sessions_sticky(tmp_path):
    conf = capacity.render_nginx_conf(tmp_path, 18080, ["127.0.0.1:8501", "127.0.0.1:8502", "127.0.0.1:8503"])
    body = [line for line in conf.splitlines() if not line.lstrip().startswith("#")]
    assert not [line for line in body if "@" in line], "a placeholder was left unfilled"
    assert re.findall(r"server (127\.0\.0\.1:\d+);", "\n".join(body)) == [
        "127.0.0.1:8501",
        "127.0.0.1:8502",
        "127.0.0.1:8503",
    ]
    assert "listen 127.0.0.1:18080;" in conf and f"pid {tmp_path}/nginx.pid;" in conf
    # Affinity by the route cookie, handed out with the first response; WebSockets pass through.
    assert "hash $route_key consistent;" in conf and 'Set-Cookie "overdue_route=$route_key' in conf
    assert "proxy_set_header Upgrade $http_upgrade;" in conf and "proxy_read_timeout 3600s;" in conf
    # The access log never holds a query string: an older share link carries its secret there.
    assert '"$request_method $uri"' in conf and "$request " not in conf and "$args" not in conf


def _log(path: Path, lines: list[tuple[str, str, str]]) -> None:
    with open(path, "a", encoding="utf-8") as out:
        for request, route, upstream in lines:
            out.write(f'1733600000.123 200 "{request}" route={route} upstream={upstream}\n')


def test_affinity_counts_websockets_per_server_and_catches_a_route_on_two(tmp_path):
    log = tmp_path / "access.log"
    _log(log, [("GET /plan", "old", "127.0.0.1:9")])  # an earlier level: not counted
    since = log.stat().st_size
    _log(
        log,
        [
            ("GET /plan", "r1", "127.0.0.1:1"),
            ("GET /_stcore/stream", "r1", "127.0.0.1:1"),
            ("GET /plan", "r2", "127.0.0.1:2"),
            ("GET /_stcore/stream", "r2", "127.0.0.1:2"),
            ("GET /plan", "r3", "127.0.0.1:2"),  # a page load whose WebSocket never came
            ("GET /_stcore/health", "r4", "-"),  # nginx answered itself: no server to count
        ],
    )
    seen = capacity.affinity(log, since)
    assert seen == {
        "streams_per_server": {"127.0.0.1:1": 1, "127.0.0.1:2": 1},
        "routes_followed": 2,
        "routes_on_two_servers": 0,
    }
    _log(log, [("GET /_stcore/stream", "r1", "127.0.0.1:2")])  # the same cookie on another server
    assert capacity.affinity(log, since)["routes_on_two_servers"] == 1


def test_the_table_has_one_row_per_level_and_the_verdict_needs_p95_under_a_second():
    def report(servers, sessions, p95, errors=()):
        action = {"count": sessions, "p50_ms": p95 / 2, "p95_ms": p95}
        return {
            "servers": servers,
            "sessions": sessions,
            "changes_per_session": 1,
            "open": action,
            "budget": action,
            "errors": list(errors),
            "mixed": [],
            "server_cpu_mean_pct": 150.0,
            "wall_s": 30.0,
        }

    reports = [report(1, 30, 400), report(1, 100, 1500), report(2, 30, 300), report(2, 100, 900, errors=["x"])]
    rows = capacity.table(reports).splitlines()
    assert (
        len(rows) == 2 + 4
        and rows[2].startswith("| 1 | 30 | 200 / 400 |")
        and rows[4].startswith("| 2 behind nginx | 30 |")
    )
    verdict = capacity.verdict(reports)
    assert verdict[0].startswith("1 server(s): 30 sessions") and verdict[1].startswith("2 server(s): 30 sessions")
