"""A very large case's costliest pages take turns with other sessions' (ui.heavy).

Each test here failed before the limit existed: with every place taken by other sessions, the
Legal page of a very large case still ran at once.
"""

from __future__ import annotations

import importlib
import threading

import pytest

from overdue_core.case.models import Case
from overdue_core.i18n import t
from tests.helpers import assert_no_exception

LEGAL = "pages/legal.py"


def large_case(debts: int = 40) -> Case:
    """Enough debts to count as very large, each small, so the test itself stays quick."""
    return Case.model_validate(
        {
            "as_of": "2026-12-01",
            "household": {"incomes": [{"name": "工资", "amount": "9000"}]},
            "debts": [
                {
                    "id": f"d{i}",
                    "platform": f"平台{i}",
                    "kind": "installment_loan",
                    "balance": "1200",
                    "annual_rate": "0.18",
                    "remaining_terms": 6,
                }
                for i in range(debts)
            ],
        }
    )


def _heavy():
    try:
        return importlib.import_module("ui.server.heavy")
    except ImportError:
        return None


@pytest.fixture()
def every_place_taken(monkeypatch):
    """Other sessions hold every place; a page does not wait for one."""
    heavy = _heavy()
    if heavy is None:
        yield
        return
    monkeypatch.setattr(heavy, "WAIT_SECONDS", 0)
    taken = sum(heavy._slots.acquire(blocking=False) for _ in range(heavy.SLOTS))
    try:
        yield
    finally:
        for _ in range(taken):
            heavy._slots.release()


def legal_drawn(at) -> bool:
    return any(e.value == t("legal.title", "zh-CN") for e in at.title)


def test_a_very_large_case_waits_its_turn_and_is_told_when_the_server_stays_busy(make_app, every_place_taken):
    at = make_app(lang="zh-CN", case=large_case(), page=LEGAL)
    assert_no_exception(at)
    assert not legal_drawn(at), "the page did not run while every place was taken"
    assert [e.value for e in at.warning] == [t("heavy.busy", "zh-CN")]
    assert at.button(key="heavy_retry").label == t("heavy.retry", "zh-CN")
    # An ordinary case (the largest demo) never waits, even now.
    ordinary = make_app(lang="zh-CN", demo="gig_driver", page=LEGAL)
    assert_no_exception(ordinary)
    assert legal_drawn(ordinary)


def test_the_page_runs_once_a_place_is_free(make_app, monkeypatch):
    """The wait ends when another session's run ends (its place freed), and the page draws."""
    heavy = _heavy()
    assert heavy is not None
    held = [heavy._slots.acquire(blocking=False) for _ in range(heavy.SLOTS)]
    assert all(held)
    waiting = threading.Event()
    real = heavy._slots

    class Watched:
        def acquire(self, blocking: bool = True, timeout: float | None = None) -> bool:
            if not blocking:
                return real.acquire(blocking=False)
            waiting.set()
            return real.acquire(timeout=timeout)

        def release(self) -> None:
            real.release()

    monkeypatch.setattr(heavy, "_slots", Watched())

    def free_when_waited() -> None:
        if waiting.wait(timeout=60):
            real.release()  # another session's run has ended

    freer = threading.Thread(target=free_when_waited)
    freer.start()
    try:
        at = make_app(lang="zh-CN", case=large_case(), page=LEGAL)
    finally:
        freer.join(timeout=60)
        real.release()
    assert_no_exception(at)
    assert waiting.is_set(), "the page waited for its turn"
    assert legal_drawn(at)
    assert not at.warning or all(e.value != t("heavy.busy", "zh-CN") for e in at.warning)
