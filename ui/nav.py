"""The app's pages, grouped the way counselors teach: your situation, then the five measures.

Why one list: ``app.py`` builds the navigation from it, and the tests render every page in it
in both languages, so a page cannot be added without being tested.
"""

from __future__ import annotations

from dataclasses import dataclass

import streamlit as st


@dataclass(frozen=True)
class PageSpec:
    section: str  # catalog key under "nav.section."
    path: str  # script under pages/
    name: str  # catalog key under "nav.page." and the URL path
    icon: str


PAGES: list[PageSpec] = [
    PageSpec("start", "pages/start.py", "start", ":material/home:"),
    PageSpec("start", "pages/overview.py", "overview", ":material/dashboard:"),
    PageSpec("situation", "pages/finances.py", "finances", ":material/account_balance_wallet:"),
    PageSpec("situation", "pages/debts.py", "debts", ":material/receipt_long:"),
    PageSpec("measures", "pages/communicate.py", "communicate", ":material/call:"),
    PageSpec("measures", "pages/plan.py", "plan", ":material/event_repeat:"),
    PageSpec("measures", "pages/prevent.py", "prevent", ":material/checklist:"),
    PageSpec("measures", "pages/negotiate.py", "negotiate", ":material/handshake:"),
    PageSpec("measures", "pages/legal.py", "legal", ":material/balance:"),
    PageSpec("share", "pages/share.py", "share", ":material/share:"),
    PageSpec("share", "pages/report.py", "report", ":material/print:"),
    PageSpec("settings", "pages/rules.py", "rules", ":material/gavel:"),
]

SECTION_ORDER = ["start", "situation", "measures", "share", "settings"]
#: The hidden page that serves the app's root (its own address is never shown or linked).
LANDING_PATH = "home"
#: Session key of the page the root shows this session ("start" or "overview").
LANDING_KEY = "_landing"


def show_navigation() -> None:
    """Let ``st.navigation`` draw the sidebar menu (off in .streamlit/config.toml).

    Why: on the first run after a server start, Streamlit treats the ``pages/`` folder the old
    way and lists its files ("app, communicate, debts…") in the sidebar until ``app.py`` has
    built the real navigation. With the option off in the config that list is never drawn; the
    first ``app.py`` run turns it on before building the real menu.
    """
    if st.get_option("client.showSidebarNavigation") is not True:
        st.set_option("client.showSidebarNavigation", True)
