"""A throwaway PostgreSQL cluster for the store tests (pytest plugin, see conftest.py).

Why a real server: SQLite and PostgreSQL differ exactly where the store is delicate (row locks
under concurrent saves, binary columns, migrations with several instances). The fixture runs
Debian's PostgreSQL binaries itself: initdb into a temp dir, pg_ctl start on a free loopback
port, one database, then stop and delete everything. initdb refuses to run as root, so as root
it runs them as the ``postgres`` system user. Without PostgreSQL the tests skip with a clear
message — except under ``CI=true``, where that is a failure.
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

IN_CI = os.environ.get("CI", "").lower() == "true"


def find_pg_bin() -> Path | None:
    """The newest installed PostgreSQL's bin folder (Debian layout), or pg_ctl on PATH."""
    found = sorted(
        glob.glob("/usr/lib/postgresql/*/bin/initdb"),
        key=lambda p: int(Path(p).parts[-3]) if Path(p).parts[-3].isdigit() else 0,
    )
    if found:
        return Path(found[-1]).parent
    on_path = shutil.which("initdb")
    return Path(on_path).parent if on_path else None


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class Cluster:
    bin: Path
    root: Path
    port: int
    run_as: str | None

    @property
    def data(self) -> Path:
        return self.root / "data"

    def _cmd(self, *args: str) -> list[str]:
        return ["runuser", "-u", self.run_as, "--", *args] if self.run_as else list(args)

    def run(self, tool: str, *args: str) -> None:
        subprocess.run(self._cmd(str(self.bin / tool), *args), check=True, capture_output=True, timeout=120)

    def url(self, database: str) -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/{database}"

    def create_database(self, name: str) -> str:
        import psycopg

        with psycopg.connect(f"host=127.0.0.1 port={self.port} user=postgres dbname=postgres", autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        return self.url(name)


def start_cluster(pg_bin: Path) -> Cluster:
    root = Path(tempfile.mkdtemp(prefix="overdue-pg-"))
    run_as = None
    if os.geteuid() == 0:
        run_as = "postgres"
        entry = pwd.getpwnam(run_as)
        os.chown(root, entry.pw_uid, entry.pw_gid)
    cluster = Cluster(bin=pg_bin, root=root, port=_free_port(), run_as=run_as)
    cluster.run("initdb", "-D", str(cluster.data), "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-sync")
    options = f"-p {cluster.port} -c listen_addresses=127.0.0.1 -k {root} -c fsync=off"
    cluster.run(
        "pg_ctl", "-D", str(cluster.data), "-o", options, "-l", str(root / "server.log"), "-w", "-t", "60", "start"
    )
    return cluster


def stop_cluster(cluster: Cluster) -> None:
    try:
        cluster.run("pg_ctl", "-D", str(cluster.data), "-m", "fast", "-w", "stop")
    finally:
        shutil.rmtree(cluster.root, ignore_errors=True)


@pytest.fixture(scope="session")
def pg_cluster() -> Iterator[Cluster]:
    pg_bin = find_pg_bin()
    reason = None
    if pg_bin is None:
        reason = "PostgreSQL is not installed (Debian package 'postgresql'; `make test` installs it as root)"
    elif os.geteuid() == 0:
        try:
            pwd.getpwnam("postgres")
        except KeyError:
            reason = "running as root but there is no 'postgres' system user to run initdb as"
    if reason:
        if IN_CI:
            pytest.fail(f"PostgreSQL tests cannot run under CI: {reason}")
        pytest.skip(reason)
    cluster = start_cluster(pg_bin)
    try:
        yield cluster
    finally:
        stop_cluster(cluster)


@pytest.fixture(scope="session")
def pg_url(pg_cluster: Cluster) -> str:
    """One database for the session's store tests (each test makes its own cases)."""
    return pg_cluster.create_database("overdue_store")


@pytest.fixture
def fresh_pg_url(pg_cluster: Cluster) -> Callable[[], str]:
    """A factory for an empty database (migration tests)."""
    counter = iter(range(1, 10_000))

    def make() -> str:
        return pg_cluster.create_database(f"fresh_{os.getpid()}_{next(counter)}_{_free_port()}")

    return make
