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


# --- the drafts of a stored copy, checked when the copy comes back ------------------------------
def test_only_drafts_a_page_could_write_come_back_from_a_stored_copy():
    from ui.state.drafts import valid_drafts

    crafted = {
        "letter.name": "王小明",
        "letter.reason.jiebei": "今年三月公司裁员",
        "letter.income_before": 8000.0,
        "contact.said": "",
        "call.name": None,
        # dropped: names no page uses, too long for their box, numbers out of bounds or not finite
        "x" * 100: "y" * 4000,
        "__proto__": "z",
        "letter.reason.": "no debt id",
        "letter.reason." + "d" * 41: "an id longer than any debt's",
        "letter.resume": "r" * 401,
        "letter.income_before_2": 1.0,
        "contact.agent": 5,
    }
    assert valid_drafts(crafted) == {
        "letter.name": "王小明",
        "letter.reason.jiebei": "今年三月公司裁员",
        "letter.income_before": 8000.0,
        "contact.said": "",
        "call.name": None,
    }
    for bad in (-1.0, 2e9, float("nan"), float("inf"), True, "8000"):
        assert valid_drafts({"letter.income_before": bad}) == {}, bad


def test_every_draft_a_page_keeps_is_declared():
    """A draft the check does not know would be dropped after a reload: every page's draft is declared."""
    import re

    from tests.helpers import ROOT
    from ui.state.drafts import valid_drafts

    names = set()
    for path in (ROOT / "pages").glob("*.py"):
        for name in re.findall(r'draft_widget\([^,]+,\s*_\("[^"]+"\),\s*f?"([^"]+)"', path.read_text(encoding="utf-8")):
            names.add(re.sub(r"\{[^}]*\}", "d1", name))  # one draft per debt: any debt's id
    assert len(names) >= 12, names
    assert set(valid_drafts(dict.fromkeys(names))) == names


def _restore_script():
    import streamlit as st

    from ui.state import browser_copy

    raw = st.session_state.pop("raw", None)
    if raw:
        browser_copy._restore(raw)


def test_a_crafted_stored_copy_restores_only_valid_drafts():
    import json

    case = json.loads(load_demo("young_worker").model_dump_json())
    raw = json.dumps(
        {"v": 1, "case": case, "drafts": {"letter.name": "王小明", "junk": "j" * 4000, "letter.income_before": -5}}
    )
    at = AppTest.from_function(_restore_script, default_timeout=60)
    at.session_state["raw"] = raw
    at.run()
    assert_no_exception(at)
    assert at.session_state["drafts"] == {"letter.name": "王小明"}
