"""Shared fixtures: AppTest factories, a real app server, and headless Chromium via Playwright.

Browser tests need Debian's Chromium (``make test`` installs it as root). Where it is missing
they skip with a clear message, except under ``CI=true``, where a missing browser fails. The
helpers these fixtures use live in :mod:`tests.helpers`.
"""

from __future__ import annotations

import shutil
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from hypothesis import settings

from tests.helpers import (
    APP,
    BROWSER_TIMEOUT_MS,
    CHROMIUM,
    CHROMIUM_ARGS,
    FAST_TIER,
    IN_CI,
    _browser_missing_reason,
    _run_entrypoint_every_time,
    examples,
    running_app,
    watch_runs,
)

#: The throwaway PostgreSQL cluster used by the store tests.
pytest_plugins = ["tests.helpers.postgres"]

_run_entrypoint_every_time()

# Properties that name no number of examples try Hypothesis's default 100, a third in the inner loop.
settings.register_profile("fast", max_examples=examples(100))
if FAST_TIER:
    settings.load_profile("fast")


#: The files that take longest, slowest first (measured with ``--durations``; docs/performance.md).
#: They start first, so no worker is left running one alone at the end: xdist hands each worker
#: the next file when it is free, in this order (``--no-loadscope-reorder``, in the Makefile).
LONGEST_FIRST = (
    "tests/deploy/test_deploy.py",  # the clean install, minutes on its own
    "tests/browser/test_screens_browser.py",
    "tests/browser/test_foundation_browser.py",
    "tests/browser/test_keep_and_share_browser.py",
    "tests/deploy/test_deploy_logs.py",
    "tests/deploy/test_deploy_scale.py",
    "tests/report/test_statement.py",
    "tests/report/test_statement_layout.py",
    "tests/report/test_statement_copies.py",
    "tests/report/test_import_guard.py",
    "tests/app/test_pages_apptest.py",
    "tests/app/test_report_page.py",
    "tests/plan/test_true_cost.py",
)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """The longest files first, then the rest by number of tests (as xdist would order them alone);
    each file's own tests keep their order."""
    files = [item.nodeid.split("::")[0] for item in items]
    count = Counter(files)
    rank = {name: index for index, name in enumerate(LONGEST_FIRST)}
    order = {id(item): (rank.get(name, len(rank)), -count[name], name) for item, name in zip(items, files, strict=True)}
    items.sort(key=lambda item: order[id(item)])


@pytest.fixture
def make_app() -> Callable[..., "AppTest"]:  # noqa: F821
    """``make_app(lang='en', demo='gig_driver', page='pages/plan.py')`` -> a run AppTest."""
    from streamlit.testing.v1 import AppTest

    from overdue_core.case.demo import load_demo

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


@pytest.fixture(scope="session")
def app_server(tmp_path_factory) -> Iterator[str]:
    with running_app(log_path=tmp_path_factory.mktemp("server") / "server.log") as (base, _proc):
        yield base


@pytest.fixture(scope="session")
def db_server(tmp_path_factory) -> Iterator[dict[str, str]]:
    """The app with its own SQLite database, so a test can make, save and revoke links from outside
    the browser: one server for every browser test that needs one (each starts in seconds, and the
    tests tell their cases apart by their own titles and tokens)."""
    root = tmp_path_factory.mktemp("db-server")
    url = f"sqlite:///{root / 'data' / 'cases.sqlite3'}"
    with running_app(env={"OVERDUE_DATABASE_URL": url}, log_path=root / "server.log") as (base, _proc):
        yield {"base": base, "db": url}


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
        # Every context a test opens watches the app's runs, so wait_idle waits on state, not time.
        new_context = chromium.new_context

        def watched_context(*args, **kwargs):
            context = new_context(*args, **kwargs)
            watch_runs(context)
            context.set_default_timeout(BROWSER_TIMEOUT_MS)
            return context

        chromium.new_context = watched_context
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN", accept_downloads=True)
    pg = context.new_page()
    pg.set_default_timeout(BROWSER_TIMEOUT_MS)
    yield pg
    context.close()


@pytest.fixture
def phone_page(browser):
    context = browser.new_context(
        viewport={"width": 390, "height": 844},
        device_scale_factor=2,
        is_mobile=True,
        has_touch=True,
        locale="zh-CN",
        accept_downloads=True,
    )
    pg = context.new_page()
    pg.set_default_timeout(BROWSER_TIMEOUT_MS)
    yield pg
    context.close()
