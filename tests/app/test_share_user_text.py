"""Share page: a counselor's name and a link's label stay text in captions and messages."""

from __future__ import annotations

import html

from streamlit.testing.v1 import AppTest

from overdue_core.case.demo import load_demo
from overdue_core.i18n import t
from overdue_core.share.store import LinkRequest
from tests.helpers import APP, assert_no_exception
from ui.user_text import WORD_JOINER

PAGE = "pages/share.py"
PAYLOAD = "[Ms Li](http://127.0.0.2:9/x) ![i](http://127.0.0.2:9/i.png)"


def _open(token: str) -> AppTest:
    at = AppTest.from_file(str(APP), default_timeout=60)
    at.session_state["lang"] = "en"
    at.query_params["share"] = token
    at.run()
    at.switch_page(PAGE).run()
    assert_no_exception(at)
    return at


def _markdown_strings(at) -> list[str]:
    return [e.value for e in [*at.caption, *at.markdown, *at.success, *at.info, *at.warning]]


def test_counselor_name_and_link_label_are_escaped(store):
    made = store.create_case(load_demo("family_cards"))
    link = store.create_view_link(made.edit_token, LinkRequest(label=PAYLOAD[:80]))
    counselor = _open(link.token)
    counselor.text_input[0].input(PAYLOAD[:80])
    counselor.text_area[0].input("note")
    counselor.button(key="FormSubmitter:share_note_form-" + t("share.note_submit", "en")).click().run()
    assert_no_exception(counselor)

    owner = _open(made.edit_token)
    shown = _markdown_strings(owner)
    meta = [s for s in shown if "Ms Li" in s]
    assert meta, shown
    for text in meta:
        assert "[" not in text and "](" not in text and "http://" not in text, text
        assert html.unescape(text).replace(WORD_JOINER, "").count("[Ms Li](http://127.0.0.2:9/x)") == 1
    owner.button(key=f"share_revoke_{store.list_links(made.edit_token)[0].id}").click().run()
    assert_no_exception(owner)
    revoked = [s for s in _markdown_strings(owner) if "Ms Li" in s]
    assert revoked and all("](" not in s for s in revoked), revoked
