"""A page opened in AppTest on a demo case, with the case loaded afresh for the figures to compare."""

from __future__ import annotations

from overdue_core.case.demo import load_demo
from overdue_core.case.models import Case
from tests.helpers import assert_no_exception


def open_demo(make_app, demo: str, page: str, **options) -> tuple[object, Case]:
    """The page drawn on ``demo`` without an exception, and the demo's case as the core reads it."""
    at = make_app(demo=demo, page=page, **options)
    assert_no_exception(at)
    return at, load_demo(demo)
