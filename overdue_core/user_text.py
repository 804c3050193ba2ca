"""User text made inert wherever it meets an element that renders markup.

Why one helper: Streamlit renders markdown in labels, expanders, tabs, captions, messages,
page links, radio options and ``st.table`` cells, and Plotly reads a few HTML tags (links,
bold…) and ``$…$`` TeX in chart labels. A platform name, a note or a counselor's name typed as
``![x](http://…)``, ``<img src=…>``, ``[link](http://…)`` or a bare ``http://…`` must show as
those characters, never as an image, a link or a request to another host.

How: every ASCII punctuation mark becomes a numeric character reference (``&#91;`` for ``[``).
CommonMark and Plotly both decode those to the character itself *as text*, never as markup.
Streamlit's markdown also turns URLs and e-mail addresses found in the decoded text into links
(GitHub-style autolinks), so a word joiner (U+2060, invisible) is put after every ``:`` and
``@`` and inside ``www.``; the text still reads the same. Line breaks and runs of spaces
collapse to one space (a label is one line; a new line could start a heading or a list).

It lives in the core because the core writes Markdown too (the evidence pack a person downloads
from the Legal page); the app's ``ui.user_text`` is this same function.

Use it only where markup is rendered. Plain-text places (``st.text``, ``st.code``,
``st.dataframe`` cells, selectbox and multiselect options, text inputs) show user text as it is.
"""

from __future__ import annotations

import re
import string

#: Invisible, and not a word character: breaks the autolink patterns without changing the text.
WORD_JOINER = "\u2060"

_ENTITY = {ord(ch): f"&#{ord(ch)};" for ch in string.punctuation}
_WWW = re.compile(r"(?i)(www)(&#46;)")


def md_escape(text: object) -> str:
    """User text that renders as exactly its characters in markdown and in Plotly labels."""
    flat = " ".join(str(text).split())
    escaped = flat.translate(_ENTITY)
    escaped = escaped.replace("&#58;", "&#58;" + WORD_JOINER).replace("&#64;", "&#64;" + WORD_JOINER)
    return _WWW.sub(r"\1" + WORD_JOINER + r"\2", escaped)


#: What a spreadsheet reads as the start of a formula, full-width forms included (Excel and WPS
#: take ＝＋－＠ as their ASCII twins): a cell of user text starting with one gets an apostrophe.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "＝", "＋", "－", "＠")


def escape_formula(text: str) -> str:
    """User text a spreadsheet will show, never run: an apostrophe before a formula start.

    Why here, beside ``md_escape``: every CSV the core writes (the contact log, the debts and
    schedule tables, ``plan --format csv``) uses this one rule. Text that already starts with an
    apostrophe gets one more, so :func:`unescape_formula` (the CSV import) gives back exactly what
    was typed.
    """
    return "'" + text if text.startswith(FORMULA_STARTS + ("'",)) else text


def unescape_formula(text: str) -> str:
    """Undo :func:`escape_formula` (CSV cells only: XLSX text cells are never escaped)."""
    if text.startswith("'") and text[1:2] and text[1] in FORMULA_STARTS + ("'",):
        return text[1:]
    return text
