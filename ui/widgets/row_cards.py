"""Small tables as cards: one bordered card per row, readable on a phone without sideways scrolling.

Why: a grid of five or six columns is wider than a 390 px phone; it scrolls sideways and hides
the column that matters ("计划里暂时还不上"), and its cells cut long text. A card per row puts the
row's name on top and every other column under it as "label：value", which wraps on any width.
Long numeric tables (the month-by-month schedule) stay grids, with their downloads.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import streamlit as st

from ui.state import tr
from ui.user_text import md_escape


def row_cards(rows: Sequence[Mapping[str, object]]) -> None:
    """Each row as a card: the first column's value in bold, the others one per line.

    The first column is the row's name and may be the person's text (a platform as typed): it is
    escaped. The other columns are the app's own words and figures (catalog text, amounts,
    dates), drawn as they are, so a figure reads "2,112.30" in the page's text too.
    """
    _ = tr()
    for row in rows:
        (_first, title), *rest = list(row.items())
        with st.container(border=True):
            st.markdown(f"**{md_escape(str(title))}**")
            st.markdown("  \n".join(_("format.label_value", label=label, value=value) for label, value in rest))
