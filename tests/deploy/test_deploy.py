"""Streamlit Community Cloud readiness: the repository deploys as it is.

Cloud reads app.py at the root, the first dependency file it finds (requirements.txt here),
Debian packages from packages.txt and secrets pasted in its settings. The slow test builds a
clean virtual environment from exactly requirements.txt, serves the app from it the way Cloud
does (the repository on the path, not installed) and checks /_stcore/health and the start page.
Its wheels come from a local wheelhouse filled from the package index once per requirements.txt;
to fill it the index must be reachable: offline it skips with a clear message, except under CI=true.
"""

from __future__ import annotations

import hashlib
import os
import platform
import shutil
import subprocess
import sys
import tomllib
import urllib.request
import venv
from pathlib import Path

import pytest

from overdue_core.i18n import t
from tests.helpers import IN_CI, ROOT, free_port, wait_healthy

#: Files Cloud would read before requirements.txt; none may exist or requirements.txt is ignored.
EARLIER_DEPENDENCY_FILES = ("uv.lock", "Pipfile", "environment.yml")


def test_entry_point_and_dependency_file_cloud_reads():
    assert (ROOT / "app.py").is_file()
    assert (ROOT / "requirements.txt").is_file()
    for name in EARLIER_DEPENDENCY_FILES:
        assert not (ROOT / name).exists(), f"{name} would be read instead of requirements.txt"
    assert "streamlit" in (ROOT / "requirements.txt").read_text(encoding="utf-8")


def test_packages_txt_lists_only_debian_package_names():
    lines = [line.strip() for line in (ROOT / "packages.txt").read_text(encoding="utf-8").splitlines()]
    names = [line for line in lines if line and not line.startswith("#")]
    assert "fonts-wqy-microhei" in names  # the CJK font the PDF report needs
    assert all(" " not in name and name == name.lower() for name in names), names


def test_secrets_example_documents_every_secret_and_the_real_file_is_ignored():
    example = ROOT / ".streamlit" / "secrets.toml.example"
    data = tomllib.loads(example.read_text(encoding="utf-8"))
    assert set(data) == {"database_url"}
    assert data["database_url"].startswith("postgresql://")
    assert ".streamlit/secrets.toml" in (ROOT / ".gitignore").read_text(encoding="utf-8").splitlines()
    tracked = subprocess.run(["git", "ls-files", ".streamlit"], cwd=ROOT, capture_output=True, text=True).stdout.split()
    assert ".streamlit/secrets.toml" not in tracked


def test_deploy_docs_name_the_settings_the_code_reads():
    docs = (ROOT / "docs" / "deploy.md").read_text(encoding="utf-8")
    for setting in (
        "OVERDUE_DATABASE_URL",
        "database_url",
        "packages.txt",
        "requirements.txt",
        "/_stcore/health",
        "sticky",
    ):
        assert setting in docs, setting
    source = (ROOT / "ui" / "state" / "share.py").read_text(encoding="utf-8")
    assert "OVERDUE_DATABASE_URL" in source and '"database_url"' in source


# --- a clean environment from exactly requirements.txt ------------------------------------------
def _skip_or_fail(reason: str) -> None:
    if IN_CI:
        pytest.fail(f"cannot run under CI: {reason}")
    pytest.skip(reason)


def _pip(python: Path, *args: str, timeout: float) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(python), "-m", "pip", "--disable-pip-version-check", *args],
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def wheelhouse() -> Path:
    """Where the wheels of exactly requirements.txt are kept between runs: one folder per
    requirements.txt, Python version and machine (``OVERDUE_WHEELHOUSE`` to choose the parent).

    Why: the package index is asked once per change of requirements.txt, not on every run; the
    clean environment is still built from nothing but these wheels. Delete the folder to take
    newer releases of the same bounds.
    """
    key = hashlib.sha256(
        (ROOT / "requirements.txt").read_bytes() + f"{sys.version_info[:2]}{platform.machine()}".encode()
    ).hexdigest()[:16]
    parent = (
        os.environ.get("OVERDUE_WHEELHOUSE")
        or Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "overdue-dashboard"
    )
    return Path(parent) / f"wheelhouse-{key}"


def _fill_wheelhouse(python: Path, folder: Path) -> None:
    """Download every wheel requirements.txt resolves to, from the index, into ``folder``."""
    probe = _pip(python, "index", "versions", "streamlit", "--timeout", "15", "--retries", "1", timeout=120)
    if probe.returncode != 0:
        last = (probe.stderr.strip().splitlines() or ["no answer"])[-1][:200]
        _skip_or_fail(f"the package index cannot be reached, so a clean environment cannot be built ({last})")
    partial = folder.with_name(folder.name + f".partial-{os.getpid()}")
    shutil.rmtree(partial, ignore_errors=True)
    done = _pip(python, "download", "--quiet", "-r", str(ROOT / "requirements.txt"), "-d", str(partial), timeout=900)
    assert done.returncode == 0, done.stderr[-2000:]
    (partial / "requirements.txt").write_bytes((ROOT / "requirements.txt").read_bytes())
    try:
        partial.rename(folder)
    except OSError:  # another run filled it meanwhile
        shutil.rmtree(partial, ignore_errors=True)


@pytest.fixture(scope="module")
def clean_venv(tmp_path_factory) -> Path:
    """A new virtual environment with exactly requirements.txt installed (nothing from this one),
    from the local wheelhouse (filled from the index the first time)."""
    folder = tmp_path_factory.mktemp("clean-venv")
    venv.EnvBuilder(with_pip=True, clear=True).create(folder)
    python = folder / "bin" / "python"
    wheels = wheelhouse()
    if not (wheels / "requirements.txt").is_file():
        wheels.parent.mkdir(parents=True, exist_ok=True)
        _fill_wheelhouse(python, wheels)
    done = _pip(
        python,
        "install",
        "--quiet",
        "--no-index",
        "--find-links",
        str(wheels),
        "-r",
        str(ROOT / "requirements.txt"),
        timeout=900,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return python


def test_the_wheelhouse_is_per_requirements_and_python(monkeypatch, tmp_path):
    monkeypatch.setenv("OVERDUE_WHEELHOUSE", str(tmp_path))
    here = wheelhouse()
    assert here.parent == tmp_path and here.name.startswith("wheelhouse-")
    monkeypatch.setattr(sys, "version_info", (2, 7, 0))
    assert wheelhouse() != here, "another Python needs other wheels"


@pytest.mark.timeout(1200)
def test_clean_venv_from_requirements_serves_the_app(clean_venv, tmp_path, browser):
    python = clean_venv
    # Nothing of the project is installed: Cloud runs app.py from the checked-out repository.
    listed = _pip(python, "list", "--format=freeze", timeout=120).stdout.lower()
    assert "overdue-dashboard" not in listed and "streamlit==" in listed
    port = free_port()
    log = tmp_path / "server.log"
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    env["OVERDUE_DATA_DIR"] = str(tmp_path / "data")
    with open(log, "wb") as out:
        server = subprocess.Popen(
            [
                str(python),
                "-m",
                "streamlit",
                "run",
                "app.py",
                "--server.port",
                str(port),
                "--server.address",
                "127.0.0.1",
                "--server.headless",
                "true",
                "--server.fileWatcherType",
                "none",
            ],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_healthy(base, timeout=120)
        with urllib.request.urlopen(f"{base}/_stcore/health", timeout=10) as response:
            assert response.read().decode().strip() == "ok"
        with urllib.request.urlopen(base, timeout=10) as response:
            assert response.status == 200 and b'<div id="root">' in response.read()
        _start_page_renders(base, browser)
    finally:
        server.terminate()
        server.wait(timeout=15)
    assert b"Traceback" not in log.read_bytes(), log.read_text(errors="replace")[-3000:]


def _start_page_renders(base: str, browser) -> None:
    """One headless Chromium load of the start page: the demo buttons are drawn, no exception.

    Uses the suite's shared browser: a second Playwright instance cannot start while the first
    one's event loop runs in this process.
    """
    from tests.helpers import wait_idle

    context = browser.new_context(locale="zh-CN")
    try:
        pg = context.new_page()
        pg.set_default_timeout(60_000)
        pg.goto(base)
        wait_idle(pg, timeout=60_000)
        assert pg.locator('[data-testid="stException"]').count() == 0
        assert pg.locator(".st-key-demo_gig_driver button").is_visible()
        assert pg.get_by_text(t("app.not_advice", "zh-CN")).first.is_visible()
    finally:
        context.close()
