"""One helper keeps user text as text in markdown and chart labels (ui.user_text.md_escape)."""

from __future__ import annotations

import html
import re
import string

from hypothesis import given
from hypothesis import strategies as st

from ui.user_text import WORD_JOINER, md_escape

#: The patterns Streamlit's markdown (GitHub autolinks) turns into links, applied to the decoded
#: text the way its renderer does (copied from the renderer's autolink-literal transform).
URL = re.compile(r"(https?://|www(?=\.))([-.\w]+)([^ \t\r\n]*)", re.IGNORECASE)
EMAIL = re.compile(r"([-.\w+]+)@([-\w]+(?:\.[-\w]+)+)")

PAYLOADS = [
    "![x](http://127.0.0.2:9/x.png)",
    "<img src=http://127.0.0.2:9/x.png>",
    "[link](http://127.0.0.2:9/l)",
    "see http://127.0.0.2:9/bare and www.example.com or me@example.com",
    "$x^2$ :red[red] :material/home: **bold** `code` # heading",
    "1. list\n- item\n> quote\n\n<script>alert(1)</script>",
]


def _decoded(escaped: str) -> str:
    return html.unescape(escaped)


def test_no_markup_character_is_left_raw():
    for payload in PAYLOADS:
        escaped = md_escape(payload)
        raw = re.sub(r"&#\d+;", "", escaped)
        assert not set(raw) & set(string.punctuation), (payload, escaped)


def test_decoded_text_has_no_autolink():
    for payload in PAYLOADS:
        decoded = _decoded(md_escape(payload))
        assert not URL.search(decoded), decoded
        assert not EMAIL.search(decoded), decoded


def test_text_reads_the_same():
    assert md_escape("  借呗\n(花呗)  ") == "借呗 &#40;花呗&#41;"
    assert _decoded(md_escape("http://a.b")).replace(WORD_JOINER, "") == "http://a.b"


@given(st.text(max_size=200).map(lambda s: s.replace(WORD_JOINER, "")))
def test_round_trip(text):
    decoded = _decoded(md_escape(text)).replace(WORD_JOINER, "")
    assert decoded == " ".join(text.split())
