"""Drafts come back from the tab's stored copy, which anyone can edit: a value a widget cannot take
(a word in a number box, a number in a text box) is dropped for the default, never a crash, and is
not written back."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from overdue_core.case.demo import load_demo
from tests.helpers import APP, assert_no_exception

CRAFTED = {
    "letter.income_before": "abc",
    "letter.name": 12345,
    "contact.said": 3.5,
    "contact.platform": True,
    "call.name": "x" * 5000,
}


@pytest.mark.parametrize("page", ["pages/negotiate.py", "pages/communicate.py"])
def test_crafted_drafts_do_not_crash_a_page_and_are_not_kept(page):
    at = AppTest.from_file(str(APP), default_timeout=60)
    at.session_state["lang"] = "en"
    at.session_state["case"] = load_demo("young_worker")
    at.session_state["case_rev"] = 1
    at.session_state["drafts"] = dict(CRAFTED)
    at.run()
    at.switch_page(page).run()
    assert_no_exception(at)
    drafts = at.session_state["drafts"]
    shown = {name for name in CRAFTED if f"draft__{name}" in at.session_state}
    assert shown, "the page draws at least one of these drafts"
    for name in shown:
        assert drafts.get(name) != CRAFTED[name], name
