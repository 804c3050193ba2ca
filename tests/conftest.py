"""Shared fixtures: AppTest factories, a real app server, and headless Chromium via Playwright.

Browser tests need Debian's Chromium (``make test`` installs it as root). Where it is missing
they skip with a clear message, except under ``CI=true``, where a missing browser fails.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

#: The throwaway PostgreSQL cluster used by the store tests.
pytest_plugins = ["tests.conftest_pg"]

ROOT = Path(__file__).resolve().parents[1]
APP = ROOT / "app.py"
ARTIFACTS = ROOT / "test-artifacts"
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    "--no-first-run",
]
IN_CI = os.environ.get("CI", "").lower() == "true"


# --- AppTest ---------------------------------------------------------------------------
def _run_entrypoint_every_time() -> None:
    """Make AppTest run app.py on every run, as the real server does.

    AppTest builds a fresh PagesManager per run and resets its class-wide "uses a pages/
    directory" flag; because our page scripts live in pages/, the flag comes back True and
    AppTest then runs only the page script, skipping app.py (the sidebar, flash messages,
    URL handling). The real server sets the flag to False once st.navigation is called and
    keeps it; we do the same here.
    """
    from streamlit.runtime.pages_manager import PagesManager

    if getattr(PagesManager.__init__, "_runs_entrypoint", False):
        return
    original = PagesManager.__init__

    def init(self, *args, **kwargs):
        original(self, *args, **kwargs)
        PagesManager.uses_pages_directory = False

    init._runs_entrypoint = True  # type: ignore[attr-defined]
    PagesManager.__init__ = init


_run_entrypoint_every_time()


@pytest.fixture
def make_app() -> Callable[..., "AppTest"]:  # noqa: F821
    """``make_app(lang='en', demo='gig_driver', page='pages/plan.py')`` -> a run AppTest."""
    from streamlit.testing.v1 import AppTest

    from overdue_core.demo import load_demo

    def factory(lang: str = "zh-CN", demo: str | None = None, page: str | None = None, case=None) -> AppTest:
        at = AppTest.from_file(str(APP), default_timeout=60)
        at.session_state["lang"] = lang
        if demo is not None:
            at.session_state["case"] = load_demo(demo)
            at.session_state["case_rev"] = 1
        if case is not None:
            at.session_state["case"] = case
            at.session_state["case_rev"] = 1
        at.run()
        if page is not None:
            at.switch_page(page).run()
        return at

    return factory


def assert_no_exception(at) -> None:
    """No exception element on the page (a traceback would be a defect)."""
    assert not at.exception, [e.value for e in at.exception]


# --- a real server ---------------------------------------------------------------------
def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_healthy(base_url: str, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"{base_url}/_stcore/health", timeout=2) as response:
                if response.read().decode().strip() == "ok":
                    return
        except OSError:
            pass
        time.sleep(0.3)
    raise RuntimeError(f"app at {base_url} did not become healthy")


def start_server(port: int, env: dict[str, str] | None = None, log_path: Path | None = None) -> subprocess.Popen:
    """Start the app the way `make run` does (bound to 127.0.0.1), on the given port."""
    streamlit = Path(sys.executable).with_name("streamlit")
    cmd = [
        str(streamlit) if streamlit.exists() else "streamlit", "run", str(APP),
        "--server.address", "127.0.0.1", "--server.port", str(port), "--server.headless", "true",
        "--server.fileWatcherType", "none", "--browser.gatherUsageStats", "false",
    ]
    log = open(log_path, "wb") if log_path else subprocess.DEVNULL
    return subprocess.Popen(cmd, cwd=ROOT, env={**os.environ, **(env or {})}, stdout=log, stderr=subprocess.STDOUT)


def stop_server(proc: subprocess.Popen) -> None:
    """Stop a server started by :func:`start_server`: terminate, then kill if it hangs."""
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=10)


@pytest.fixture(scope="session")
def app_server(tmp_path_factory) -> Iterator[str]:
    port = free_port()
    log_path = tmp_path_factory.mktemp("server") / "server.log"
    proc = start_server(port, log_path=log_path)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_healthy(base)
        yield base
    finally:
        stop_server(proc)


# --- Chromium via Playwright -----------------------------------------------------------
def _browser_missing_reason() -> str | None:
    if not (Path(CHROMIUM).exists() or shutil.which("chromium")):
        return f"Chromium not found at {CHROMIUM} (install Debian's 'chromium' package; `make test` does as root)"
    try:
        import playwright  # noqa: F401
    except ImportError:
        return "the playwright Python package is not installed (pip install -e '.[test]')"
    return None


@pytest.fixture(scope="session")
def browser():
    reason = _browser_missing_reason()
    if reason:
        if IN_CI:
            pytest.fail(f"browser tests cannot run under CI: {reason}")
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        chromium = pw.chromium.launch(
            executable_path=CHROMIUM if Path(CHROMIUM).exists() else shutil.which("chromium"),
            headless=True,
            args=CHROMIUM_ARGS,
        )
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN", accept_downloads=True)
    pg = context.new_page()
    pg.set_default_timeout(30_000)
    yield pg
    context.close()


@pytest.fixture
def phone_page(browser):
    context = browser.new_context(viewport={"width": 390, "height": 844}, device_scale_factor=2, is_mobile=True, has_touch=True, locale="zh-CN", accept_downloads=True)
    pg = context.new_page()
    pg.set_default_timeout(30_000)
    yield pg
    context.close()


def wait_idle(pg, timeout: float = 30_000) -> None:
    """Wait until the app finished its run: as Streamlit's own e2e suite does."""
    pg.wait_for_selector('[data-testid="stAppViewContainer"]', timeout=timeout)
    pg.wait_for_selector('[data-test-script-state="notRunning"]', state="attached", timeout=timeout)
    pg.wait_for_function("() => !document.querySelector('[data-testid=\"stSkeleton\"]')", timeout=timeout)
    pg.wait_for_timeout(300)
    pg.wait_for_selector('[data-test-script-state="notRunning"]', state="attached", timeout=timeout)


def assert_no_page_exception(pg) -> None:
    assert pg.locator('[data-testid="stException"]').count() == 0, pg.locator('[data-testid="stException"]').all_inner_texts()


def artifact(name: str) -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS / name
