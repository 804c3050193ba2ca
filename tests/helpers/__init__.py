"""What the tests share: paths, running the app in AppTest or as a real server, and the browser helpers.

Why one place: page tests, browser tests, deployment tests and the benchmark scripts all start
the app and wait for it the same way; fixtures that use these live in ``tests/conftest.py``.
"""

from __future__ import annotations

import importlib.util
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Hashable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


APP = ROOT / "app.py"


ARTIFACTS = ROOT / "test-artifacts"


def load_script(name: str):
    """Import ``scripts/<name>.py`` as module ``name`` (registered in ``sys.modules``), run afresh.

    Why: scripts/ is not a package; the tests of a script's arithmetic load it by path, and a
    dataclass in it needs its module registered under its own name.
    """
    spec = importlib.util.spec_from_file_location(name, ROOT / "scripts" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


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

#: The inner loop (`make test-fast` sets ``OVERDUE_TEST_TIER=fast``): property tests try a third of
#: their examples there. `make test`, and so CI, always tries them all.
FAST_TIER = os.environ.get("OVERDUE_TEST_TIER", "").lower() == "fast" and not IN_CI


def examples(n: int) -> int:
    """A property's ``max_examples``: ``n`` in `make test` and CI, a third (at least 20) in the inner loop.

    Why: the slowest properties build hundreds of plans; the inner loop wants an answer in
    minutes, and every example still runs in every `make test`.
    """
    return max(20, n // 3) if FAST_TIER else n


#: How long a browser test waits for the app (ms): a bound, never a speed check. On a machine
#: busy with other jobs the first page of a session with four charts can take a minute to draw;
#: a test must fail only when something is wrong, not when the machine is slow.
BROWSER_TIMEOUT_MS = 120_000


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


def assert_no_exception(at) -> None:
    """No exception element on the page (a traceback would be a defect)."""
    assert not at.exception, [e.value for e in at.exception]


class OnDemand(Mapping):
    """A mapping whose values are made when first read, each once.

    Why: a module fixture that renders every PDF up front makes its first test pay for all of
    them (minutes on a busy machine, past the per-test time bound) and every selected test pay
    for the ones it never reads; made on demand, each test pays for its own.
    """

    def __init__(self, keys: Iterable[Hashable], make: Callable[[Hashable], object]) -> None:
        self._keys = list(keys)
        self._make = make
        self._made: dict[Hashable, object] = {}

    def __getitem__(self, key: Hashable) -> object:
        if key not in self._made:
            if key not in self._keys:
                raise KeyError(key)
            self._made[key] = self._make(key)
        return self._made[key]

    def __iter__(self) -> Iterator[Hashable]:
        return iter(self._keys)

    def __len__(self) -> int:
        return len(self._keys)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_healthy(base_url: str, timeout: float = 120.0) -> None:
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


def streamlit_command(script: Path, port: int, *options: str) -> list[str]:
    """``streamlit run`` as `make run` runs it (bound to 127.0.0.1, headless) on ``port``, then ``options``."""
    streamlit = Path(sys.executable).with_name("streamlit")
    return [
        str(streamlit) if streamlit.exists() else "streamlit",
        "run",
        str(script),
        "--server.address",
        "127.0.0.1",
        "--server.port",
        str(port),
        "--server.headless",
        "true",
        *options,
    ]


def start_server(
    port: int,
    env: dict[str, str] | None = None,
    log_path: Path | None = None,
    script: Path = APP,
    options: Iterable[str] = (),
) -> subprocess.Popen:
    """Start ``script`` (the app unless given) the way `make run` does, on the given port, without the
    file watcher or usage statistics (nothing edits the code while it runs); from the script's folder,
    so its own ``.streamlit`` settings apply. ``options``: further ``--section.option value`` pairs."""
    suite = ("--server.fileWatcherType", "none", "--browser.gatherUsageStats", "false")
    cmd = streamlit_command(script, port, *suite, *options)
    log = open(log_path, "wb") if log_path else subprocess.DEVNULL
    return subprocess.Popen(
        cmd, cwd=script.parent, env={**os.environ, **(env or {})}, stdout=log, stderr=subprocess.STDOUT
    )


def stop_server(proc: subprocess.Popen) -> None:
    """Stop a server process (:func:`start_server`, or a proxy in front of it): terminate, then kill if it hangs."""
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=10)


@contextmanager
def running_app(
    env: dict[str, str] | None = None, log_path: Path | None = None
) -> Iterator[tuple[str, subprocess.Popen]]:
    """The app on a free port (:func:`start_server`), healthy: ``(base URL, process)``; stopped after."""
    port = free_port()
    proc = start_server(port, env=env, log_path=log_path)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_healthy(base)
        yield base, proc
    finally:
        stop_server(proc)


def _browser_missing_reason() -> str | None:
    if not (Path(CHROMIUM).exists() or shutil.which("chromium")):
        return f"Chromium not found at {CHROMIUM} (install Debian's 'chromium' package; `make test` does as root)"
    try:
        import playwright  # noqa: F401
    except ImportError:
        return "the playwright Python package is not installed (pip install -e '.[test]')"
    return None


#: Added to every browser context the suite opens (``watch_runs``): stamps each action a person
#: takes (pointer or key) and each change of Streamlit's script state, so a test can wait for
#: the run its own action started instead of sleeping and hoping it has begun.
RUN_WATCH = (
    """
(() => {
  // Loading the page counts as an action: its first run must come before the page is idle.
  const w = {lastAction: performance.now(), lastChange: -1, runs: 0};
  window.__stRuns = w;
  const act = () => { w.lastAction = performance.now(); };
  document.addEventListener('pointerdown', act, true);
  document.addEventListener('keydown', act, true);
  // Choosing a file is neither a tap nor a key.
  document.addEventListener('change', (e) => { if (e.target && e.target.type === 'file') act(); }, true);
  let state = null;
  const seen = () => {
    const el = document.querySelector('[data-test-script-state]');
    const now = el ? el.getAttribute('data-test-script-state') : null;
    if (now !== state) {
      state = now;
      w.lastChange = performance.now();
      if (now === 'running') w.runs += 1;
    }
  };
  new MutationObserver(seen).observe(document, {subtree: true, childList: true, attributes: true,"""
    """ attributeFilter: ['data-test-script-state']});
})();
"""
)

#: Idle: the run is over and has stayed over for 300 ms, nothing is loading, and no action is
#: still waiting for the run it starts. An action that starts no run (a click on a tab or an
#: expander) is given ``grace`` ms.
_IDLE = """
(grace) => {
  const el = document.querySelector('[data-test-script-state]');
  if (!el || el.getAttribute('data-test-script-state') !== 'notRunning') return false;
  if (document.querySelector('[data-testid="stSkeleton"]')) return false;
  const w = window.__stRuns;
  if (!w) return true;
  const now = performance.now();
  // Idle for 300 ms since the last change: a run that ends in st.rerun() is followed by another.
  if (now - w.lastChange < 300) return false;
  return w.lastAction < w.lastChange || now - w.lastAction >= grace;
}
"""


def watch_runs(context) -> None:
    """Install :data:`RUN_WATCH` in every page of ``context`` (before the app's own code)."""
    context.add_init_script(RUN_WATCH)


def wait_idle(pg, timeout: float = BROWSER_TIMEOUT_MS, grace: float = 2_000) -> None:
    """Wait until the app finished its run (as Streamlit's own e2e suite does) and, in a watched
    page, until the run started by the test's last action has started and finished."""
    pg.wait_for_selector('[data-testid="stAppViewContainer"]', timeout=timeout)
    pg.wait_for_selector('[data-test-script-state="notRunning"]', state="attached", timeout=timeout)
    watched = pg.evaluate("() => Boolean(window.__stRuns)")
    pg.wait_for_function(_IDLE, arg=grace, timeout=timeout, polling=50)
    if not watched:  # a page opened without the watch: the old settle-and-check
        pg.wait_for_timeout(300)
        pg.wait_for_selector('[data-test-script-state="notRunning"]', state="attached", timeout=timeout)


#: Drawn and still: no element is faded as stale, and no finite CSS animation or transition is
#: under way (a spinner's endless one does not count). Colours read mid-fade are a blend.
_STILL = """
() => !document.querySelector('[data-stale="true"]')
  && document.getAnimations().every(a => a.playState !== 'running'
    || (a.effect && a.effect.getTiming && a.effect.getTiming().iterations === Infinity))
"""


def wait_still(pg, timeout: float = BROWSER_TIMEOUT_MS) -> None:
    """Wait until what the page shows has stopped changing by itself: no stale fade, no fade-in.

    Why: after a run, Streamlit brings the previous elements back from their stale fade, and new
    elements fade in; on a busy machine a colour read in the middle of that is a blend of the text
    and its background (an axe contrast check once read the warning text at 4.34:1 instead of 4.59:1).
    """
    pg.wait_for_function(_STILL, timeout=timeout, polling=100)


#: Laid out: the main container's size and every chart's drawn width have not changed for
#: ``quiet`` ms (checked each animation frame), or ``bound`` ms have passed.
_LAID_OUT = """
async ([quiet, bound]) => {
  const frame = () => new Promise(r => requestAnimationFrame(() => r()));
  const shape = () => {
    const main = document.querySelector('[data-testid=stMain]');
    const charts = [...document.querySelectorAll('.main-svg')].map(s => Math.round(s.getBoundingClientRect().width));
    return (main ? main.scrollHeight + 'x' + main.clientWidth : '') + '|' + charts.join(',');
  };
  const start = performance.now();
  let last = shape(), since = start;
  while (performance.now() - since < quiet && performance.now() - start < bound) {
    await frame();
    const now = shape();
    if (now !== last) { last = now; since = performance.now(); }
  }
  return performance.now() - since >= quiet;
}
"""


def wait_laid_out(pg, quiet_ms: float = 200, bound_ms: float = 10_000) -> None:
    """Wait until the page has stopped moving after a change of viewport: no fade, and the page's
    size and its charts' widths unchanged for ``quiet_ms``.

    Why: a screenshot taken right after a resize can catch the charts at their old width; waiting
    on the layout itself replaces a fixed pause that was too long on a quiet machine and could be
    too short on a busy one. Screenshots are for people to look at, so after ``bound_ms`` it goes on.
    """
    wait_still(pg)
    pg.evaluate(_LAID_OUT, [quiet_ms, bound_ms])


def full_screenshot(pg, path: Path, width: int, min_height: int = 800, max_height: int = 12_000) -> None:
    """The whole page in one image: Streamlit scrolls inside its own container, so the viewport
    is grown to the page's height first (within ``max_height``), and the layout left to settle."""
    height = pg.evaluate("() => document.querySelector('[data-testid=stMain]').scrollHeight")
    pg.set_viewport_size({"width": width, "height": min(max(height, min_height), max_height)})
    wait_laid_out(pg)
    pg.screenshot(path=str(path))


#: Streamlit's own transient states drawn at rest: no transition or animation, no stale fade.
_AT_REST_CSS = """
*, *::before, *::after { transition: none !important; animation: none !important; }
[data-stale] { opacity: 1 !important; }
"""


def hold_at_rest(pg, timeout: float = BROWSER_TIMEOUT_MS) -> None:
    """Draw the page as it looks at rest, for checks that read colours (axe's contrast).

    Why: a run that starts while the check reads the page (the check itself takes seconds on a
    busy machine) fades the elements for a moment, and a colour read then is a blend of the text
    and its background. Those fades are Streamlit's and last under a second; the colours the app
    chooses are the ones at rest, and those are what the check must judge.
    """
    wait_still(pg, timeout)
    pg.add_style_tag(content=_AT_REST_CSS)
    pg.evaluate("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")


def wait_sidebar(pg, expanded: bool, timeout: float = BROWSER_TIMEOUT_MS) -> None:
    """Wait until the sidebar is open (its navigation shown) or closed (moved off the page, or
    marked closed) by its own state, not for a fixed time (Playwright's clicks then wait for the
    links to stop moving)."""
    if expanded:
        # On the page, not just drawn: a closed sidebar keeps its links, off to the left.
        pg.wait_for_function(
            "() => { const s = document.querySelector('[data-testid=\"stSidebar\"]');"
            " if (!s) return false; const r = s.getBoundingClientRect(); return r.width > 0 && r.left >= -1; }",
            timeout=timeout,
        )
        return
    pg.wait_for_function(
        "() => { const s = document.querySelector('[data-testid=\"stSidebar\"]');"
        " return !s || s.getAttribute('aria-expanded') === 'false' || s.getBoundingClientRect().right <= 1; }",
        timeout=timeout,
    )


def save_on_share_page(pg, url: str, say: Callable[..., str]) -> None:
    """Open the share page by an example's link and save the case there, until version 1 is said
    (``say``: the page language's text for a key)."""
    pg.goto(url)
    wait_idle(pg)
    assert_no_page_exception(pg)
    pg.get_by_role("button", name=say("share.save_button")).click()
    wait_idle(pg)
    pg.get_by_text(say("share.status_saved", version=1)).wait_for()


def policy_refusals(pg) -> list[str]:
    """The console messages, from now on, in which the browser refuses something under the security
    policy (the list fills as they come)."""
    refused: list[str] = []
    policy = ("Refused to", "Content Security Policy")
    pg.on("console", lambda m: refused.append(m.text) if any(word in m.text for word in policy) else None)
    return refused


def open_sidebar(pg) -> None:
    """Open a closed sidebar (a phone's starts closed) by its own button, and wait until it is on the page."""
    pg.locator('[data-testid="stExpandSidebarButton"], [data-testid="stSidebarCollapsedControl"] button').first.click()
    wait_sidebar(pg, expanded=True)


def warm(browser, base: str, path: str = "/") -> None:
    """A first visit, as any person's: the app's first run puts its server layer (security
    headers, the older-link forwarding) in place; a later context then loads everything afresh."""
    context = browser.new_context(locale="zh-CN")
    try:
        pg = context.new_page()
        pg.goto(f"{base}{path}")
        wait_idle(pg)
    finally:
        context.close()


def assert_no_page_exception(pg) -> None:
    assert pg.locator('[data-testid="stException"]').count() == 0, pg.locator(
        '[data-testid="stException"]'
    ).all_inner_texts()


def artifact(name: str) -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS / name
