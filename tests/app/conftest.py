"""Fixtures of the page tests that keep cases: a SQLite store of their own, which the app reads too."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from overdue_core.share.store import Store


@pytest.fixture
def db_url(tmp_path, monkeypatch) -> str:
    """A fresh SQLite database for this test, and the app pointed at it (``OVERDUE_DATABASE_URL``)."""
    url = f"sqlite:///{tmp_path / 'data' / 'cases.sqlite3'}"
    monkeypatch.setenv("OVERDUE_DATABASE_URL", url)
    return url


@pytest.fixture
def store(db_url) -> Iterator[Store]:
    """The store on :func:`db_url`, to make cases and links from outside the app."""
    made = Store(db_url)
    yield made
    made.dispose()
