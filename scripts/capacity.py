"""Capacity measured, not derived: the protocol load at each level against one app server, then
against several behind nginx with sticky sessions, every server sharing one PostgreSQL.

Why this and not a figure worked out from CPU per action: what limits a Streamlit server under
many sessions (one Python process, queued reruns, the proxy, the database pool) only shows when
the sessions are really there. Each simulated person is ``scripts/protocol_load.py``'s: the page
loaded over HTTP (which is where a sticky proxy picks the server), the WebSocket with the cookie
it was given, a demo opened on the Plan page, then budget changes with a pause to read between.

Everything runs on this machine and is stopped at the end: a throwaway PostgreSQL cluster
(Debian's binaries, as the test suite starts it), the app servers on free loopback ports, and
nginx (Debian's package; ``make capacity`` installs it when run as root) with
``deploy/nginx-overdue.conf``. Each level is bounded in time (``--level-time-limit``); sessions
that have not finished by then are counted as errors. Affinity is checked from nginx's access
log: every route cookie must have reached one server only.

Usage: ``python scripts/capacity.py [--levels 30,100,300] [--servers 1,2] [--changes 3]
[--think 3] [--ramp 20] [--level-time-limit 300] [--json results.json]``. It ends with a table
ready to paste into docs/performance.md.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter, defaultdict
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack, contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
for extra in (ROOT, ROOT / "scripts"):
    if str(extra) not in sys.path:
        sys.path.insert(0, str(extra))

import protocol_load  # noqa: E402

from tests.helpers import free_port, start_server, stop_server, wait_healthy  # noqa: E402
from tests.helpers.postgres import find_pg_bin, start_cluster, stop_cluster  # noqa: E402

NGINX_CONF = ROOT / "deploy" / "nginx-overdue.conf"
P95_TARGET_MS = 1000.0


def find_nginx() -> str | None:
    return shutil.which("nginx") or next((p for p in ("/usr/sbin/nginx",) if Path(p).exists()), None)


def render_nginx_conf(prefix: Path, listen: int, upstreams: list[str]) -> str:
    """deploy/nginx-overdue.conf with its placeholders filled in for these servers."""
    servers = "\n        ".join(f"server {u};" for u in upstreams)
    out = []
    for line in NGINX_CONF.read_text(encoding="utf-8").splitlines():
        if not line.lstrip().startswith("#"):  # the comments name the placeholders too
            line = (
                line.replace("@PREFIX@", str(prefix)).replace("@LISTEN@", str(listen)).replace("@UPSTREAMS@", servers)
            )
        out.append(line)
    return "\n".join(out) + "\n"


@contextmanager
def postgres():
    """A throwaway PostgreSQL cluster and one database in it: its SQLAlchemy URL."""
    pg_bin = find_pg_bin()
    if pg_bin is None:
        raise SystemExit(
            "capacity: PostgreSQL is not installed (Debian package 'postgresql'; `make system-deps` as root)"
        )
    cluster = start_cluster(pg_bin)
    try:
        yield cluster.create_database("capacity")
    finally:
        stop_cluster(cluster)


@contextmanager
def app_servers(count: int, database_url: str, logs: Path):
    """``count`` app servers on free loopback ports sharing the database: (bases, pids)."""
    procs, bases = [], []
    try:
        for n in range(count):
            port = free_port()
            procs.append(
                start_server(port, env={"OVERDUE_DATABASE_URL": database_url}, log_path=logs / f"server-{n + 1}.log")
            )
            bases.append(f"http://127.0.0.1:{port}")
        with ThreadPoolExecutor(count) as pool:
            list(pool.map(wait_healthy, bases))
        yield bases, [p.pid for p in procs]
    finally:
        for proc in procs:
            stop_server(proc)


@contextmanager
def nginx_in_front(bases: list[str], folder: Path):
    """nginx on a free loopback port in front of ``bases``, sticky by cookie: (its base, access log)."""
    binary = find_nginx()
    if binary is None:
        raise SystemExit(
            "capacity: nginx is not installed (Debian package 'nginx'; `make capacity` installs it as root)"
        )
    prefix = folder / "nginx"
    prefix.mkdir(parents=True, exist_ok=True)
    os.chmod(prefix, 0o755)
    port = free_port()
    conf = prefix / "nginx.conf"
    conf.write_text(render_nginx_conf(prefix, port, [b.removeprefix("http://") for b in bases]), encoding="utf-8")
    with open(prefix / "stderr.log", "wb") as out:
        proc = subprocess.Popen(
            [binary, "-p", str(prefix), "-c", str(conf), "-g", "daemon off;"], stdout=out, stderr=subprocess.STDOUT
        )
    base = f"http://127.0.0.1:{port}"
    try:
        try:
            wait_healthy(base, timeout=30)
        except RuntimeError:
            raise SystemExit(
                f"capacity: nginx did not start: {(prefix / 'stderr.log').read_text(errors='replace')[-1500:]}"
            ) from None
        yield base, prefix / "access.log"
    finally:
        stop_server(proc)


_LOG = re.compile(r'"(?P<request>[^"]*)" route=(?P<route>\S+) upstream=(?P<upstream>\S+)')


def affinity(access_log: Path, since: int) -> dict:
    """From nginx's access log (lines after byte ``since``): WebSockets per server, route cookies
    used again after the page load, and route cookies that reached two servers (affinity broken)."""
    servers_of: dict[str, set[str]] = defaultdict(set)
    requests: Counter[str] = Counter()
    streams: Counter[str] = Counter()
    with open(access_log, "rb") as log:
        log.seek(since)
        for raw in log:
            m = _LOG.search(raw.decode(errors="replace"))
            if not m or m["upstream"] == "-":
                continue
            servers_of[m["route"]].add(m["upstream"])
            requests[m["route"]] += 1
            if "/_stcore/stream" in m["request"]:
                streams[m["upstream"]] += 1
    return {
        "streams_per_server": dict(sorted(streams.items())),
        # A page load and its WebSocket under one cookie: the WebSocket followed the page.
        "routes_followed": sum(n > 1 for n in requests.values()),
        "routes_on_two_servers": sum(len(s) > 1 for s in servers_of.values()),
    }


def settled_affinity(access_log: Path, since: int, sessions: int, timeout: float = 15.0) -> dict:
    """:func:`affinity` once nginx has logged the level's WebSockets (it writes a WebSocket's line
    when it closes, and the last ones closed a moment ago), or after ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while True:
        seen = affinity(access_log, since)
        if sum(seen["streams_per_server"].values()) >= sessions or time.monotonic() > deadline:
            return seen
        time.sleep(0.1)


def run_topology(servers: int, database_url: str, levels: list[int], args, folder: Path) -> list[dict]:
    reports = []
    with ExitStack() as stack:
        bases, pids = stack.enter_context(app_servers(servers, database_url, folder))
        base, access_log = bases[0], None
        if servers > 1:
            base, access_log = stack.enter_context(nginx_in_front(bases, folder))
        protocol_load.warm_up(base, sessions=len(protocol_load.DEMO_IDS) * servers * 2, page_load=True)
        for level in levels:
            since = access_log.stat().st_size if access_log else 0
            report = protocol_load.measure(
                base, pids, level, args.changes, args.think, args.ramp, args.level_time_limit, page_load=True
            )
            report["servers"] = servers
            if access_log:
                report["affinity"] = settled_affinity(access_log, since, report["open"]["count"])
                seen = report["affinity"]
                if seen["routes_on_two_servers"]:
                    report["errors"].append(f"{seen['routes_on_two_servers']} route cookie(s) reached two servers")
                if seen["routes_followed"] < report["open"]["count"]:
                    report["errors"].append(
                        f"only {seen['routes_followed']} of {report['open']['count']} WebSockets"
                        " came back with their page's route cookie"
                    )
            print(f"\n— {servers} server(s){' behind nginx' if servers > 1 else ''}:")
            protocol_load.print_report(report)
            if access_log:
                print(f"  WebSockets per server: {report['affinity']['streams_per_server']}")
            reports.append(report)
    return reports


def machine() -> str:
    model = ""
    try:
        model = next(
            (
                line.split(":", 1)[1].strip()
                for line in open("/proc/cpuinfo", encoding="utf-8")
                if line.startswith("model name")
            ),
            "",
        )
    except OSError:
        pass
    return (
        f"{os.cpu_count()} cores ({model or platform.machine()}), Python {platform.python_version()},"
        f" load {os.getloadavg()[0]:.1f} at the end"
    )


def _ms(value: float | None) -> str:
    return "—" if value is None else f"{value:,.0f}"


def table(reports: list[dict]) -> str:
    """A Markdown table of every level, for docs/performance.md."""
    rows = [
        (
            "| servers | sessions | open p50 / p95 (ms) | budget change p50 / p95 (ms) | actions done | errors"
            " | mixed up | server CPU (cores, mean) | wall (s) |"
        ),
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for r in reports:
        o, b = r["open"], r["budget"]
        cores = (r["server_cpu_mean_pct"] or 0) / 100
        where = f"{r['servers']} behind nginx" if r["servers"] > 1 else "1"
        rows.append(
            f"| {where} | {r['sessions']} | {_ms(o['p50_ms'])} / {_ms(o['p95_ms'])}"
            f" | {_ms(b['p50_ms'])} / {_ms(b['p95_ms'])} |"
            f" {o['count'] + b['count']} of {r['sessions'] * (1 + r['changes_per_session'])}"
            f" | {len(r['errors'])} | {len(r['mixed'])} |"
            f" {cores:.2f} | {r['wall_s']:.0f} |"
        )
    return "\n".join(rows)


def verdict(reports: list[dict]) -> list[str]:
    """Per topology, the largest level whose budget-change p95 stayed under 1 s with no error."""
    lines = []
    for servers in sorted({r["servers"] for r in reports}):
        ok = [
            r
            for r in reports
            if r["servers"] == servers
            and not r["errors"]
            and not r["mixed"]
            and r["budget"]["p95_ms"] is not None
            and r["budget"]["p95_ms"] < P95_TARGET_MS
        ]
        if ok:
            best = max(ok, key=lambda r: r["sessions"])
            lines.append(
                f"{servers} server(s): {best['sessions']} sessions with budget-change p95 < 1 s and no errors"
                f" (≈ {best['sessions'] / min(servers, os.cpu_count() or 1):.0f} per core)"
            )
        else:
            lines.append(f"{servers} server(s): no level had budget-change p95 < 1 s without errors")
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--levels", default="30,100,300", help="session counts, comma-separated (1 to 500 each)")
    parser.add_argument(
        "--servers", default="1,2", help="app servers per run, comma-separated (more than one: behind nginx)"
    )
    parser.add_argument("--changes", type=int, default=3)
    parser.add_argument("--think", type=float, default=3.0, help="seconds between a session's changes (±50 %%)")
    parser.add_argument("--ramp", type=float, default=20.0, help="seconds over which sessions arrive")
    parser.add_argument("--level-time-limit", type=float, default=300.0)
    parser.add_argument("--json", type=Path, default=None, help="also write every figure to this file")
    args = parser.parse_args(argv)
    levels = [int(x) for x in args.levels.split(",") if x.strip()]
    topologies = [int(x) for x in args.servers.split(",") if x.strip()]
    if not levels or not all(1 <= n <= 500 for n in levels):
        parser.error("--levels: 1 to 500 sessions each (a bounded local test)")
    if not topologies or not all(1 <= n <= 8 for n in topologies):
        parser.error("--servers: 1 to 8 servers each")
    if any(n > 1 for n in topologies) and find_nginx() is None:
        parser.error("nginx is not installed (Debian package 'nginx'; `make capacity` installs it as root)")

    reports: list[dict] = []
    with tempfile.TemporaryDirectory(prefix="overdue-capacity-") as tmp, postgres() as database_url:
        for servers in topologies:
            folder = Path(tmp) / f"servers-{servers}"
            folder.mkdir()
            reports += run_topology(servers, database_url, levels, args, folder)
    if args.json:
        args.json.write_text(json.dumps(reports, indent=1), encoding="utf-8")
    print(
        f"\nMachine: {machine()}; {args.changes} budget changes per session, ~{args.think:g} s apart,"
        f" arriving over {args.ramp:g} s;"
        f" each level bounded to {args.level_time_limit:g} s; PostgreSQL shared by the servers.\n"
    )
    print(table(reports))
    print()
    for line in verdict(reports):
        print(line)
    return 1 if any(r["errors"] or r["mixed"] for r in reports) else 0


if __name__ == "__main__":
    raise SystemExit(main())
