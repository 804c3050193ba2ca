"""A counselor's (view) session in AppTest: every page draws without error and offers no input
that changes the case; a revoked link or an expired one empties the session on its next run."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from overdue_core.case.demo import load_demo
from overdue_core.i18n import t
from overdue_core.share.store import LinkRequest, Store
from tests.helpers import APP, assert_no_exception
from ui.nav import PAGES

#: Widgets a counselor may still use: they choose what to look at, never change the case.
VIEW_CHOOSERS = (
    "lang_choice",
    "plan_chart",
    "plan_detail",
    "neg_debt_",
    "comm_debt_",
    "comm_cause_",
    "legal_pack",
    "pack_",
    "report_lang",
    "report_to",
)
NOTE_FORM = "share_note_form"


def counselor_session(store: Store, lang: str = "zh-CN") -> tuple[AppTest, str, str]:
    made = store.create_case(load_demo("family_cards"))
    link = store.create_view_link(made.edit_token, LinkRequest(label="aid"))
    at = AppTest.from_file(str(APP), default_timeout=60)
    at.session_state["lang"] = lang
    at.query_params["share"] = link.token
    at.run()
    assert_no_exception(at)
    assert at.session_state["share_session"].role == "view"
    return at, made.edit_token, link.info.id


def enabled_inputs(at) -> list[str]:
    """Every enabled input on the page, by kind and key (view choosers and the note form aside)."""
    found = []
    for kind in (
        "text_input",
        "text_area",
        "number_input",
        "date_input",
        "time_input",
        "selectbox",
        "multiselect",
        "checkbox",
        "toggle",
        "radio",
        "slider",
        "select_slider",
        "button",
        "color_picker",
    ):
        for widget in at.get(kind):
            key = getattr(widget, "key", None) or ""
            form_id = getattr(widget.proto, "form_id", "") if hasattr(widget, "proto") else ""
            if getattr(widget.proto, "disabled", False):
                continue
            if key.startswith(VIEW_CHOOSERS) or NOTE_FORM in form_id or NOTE_FORM in key:
                continue
            found.append(f"{kind}:{key or getattr(widget, 'label', '')}")
    for kind in ("data_editor", "file_uploader", "segmented_control", "pills", "chat_input"):
        for widget in at.get(kind):
            key = getattr(widget, "key", None) or getattr(widget.proto, "id", "")
            if getattr(widget.proto, "disabled", False) or any(str(key).find(c) >= 0 for c in VIEW_CHOOSERS):
                continue
            found.append(f"{kind}:{key}")
    return found


@pytest.mark.parametrize("spec", PAGES, ids=[p.name for p in PAGES])
def test_counselor_has_no_enabled_input_on_any_page(store, spec):
    at, _edit, _link = counselor_session(store)
    at.switch_page(spec.path).run()
    assert_no_exception(at)
    assert at.session_state["case"] is not None
    assert enabled_inputs(at) == [], spec.name


def test_revoke_empties_the_counselor_session_on_its_next_run(store):
    at, edit, link_id = counselor_session(store)
    at.switch_page("pages/overview.py").run()
    store.revoke_link(edit, link_id)
    at.run()
    assert_no_exception(at)
    assert at.session_state["case"] is None and at.session_state["share_session"] is None
    assert t("keep.ended.counselor_revoked", "zh-CN") in [w.value for w in at.warning]
    at.switch_page("pages/share.py").run()
    assert "share_save_new" not in [b.key for b in at.button], "a counselor's tab never saves a case"


def test_deleted_case_empties_the_counselor_session(store):
    at, edit, _link = counselor_session(store)
    store.delete_case(edit)
    at.run()
    assert at.session_state["case"] is None
    assert t("keep.ended.counselor_unknown", "zh-CN") in [w.value for w in at.warning]
