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
    name: str  # catalog key under "nav.page.", the URL path, and the script's name under pages/
    icon: str

    @property
    def path(self) -> str:
        """The page's script."""
        return f"pages/{self.name}.py"


#: The menu, section by section in its order: each page's name and icon.
SECTIONS: dict[str, list[tuple[str, str]]] = {
    "start": [("start", ":material/home:"), ("overview", ":material/dashboard:")],
    "situation": [("finances", ":material/account_balance_wallet:"), ("debts", ":material/receipt_long:")],
    "measures": [
        ("communicate", ":material/call:"),
        ("plan", ":material/event_repeat:"),
        ("prevent", ":material/checklist:"),
        ("negotiate", ":material/handshake:"),
        ("legal", ":material/balance:"),
    ],
    "share": [("share", ":material/share:"), ("report", ":material/print:")],
    "settings": [("rules", ":material/gavel:")],
}
PAGES: list[PageSpec] = [PageSpec(section, name, icon) for section, pages in SECTIONS.items() for name, icon in pages]
SECTION_ORDER = list(SECTIONS)
#: The hidden page that serves the app's root (its own address is never shown or linked).
LANDING_PATH = "home"


def show_navigation() -> None:
    """Let ``st.navigation`` draw the sidebar menu (off in .streamlit/config.toml).

    Why: on the first run after a server start, Streamlit treats the ``pages/`` folder the old
    way and lists its files ("app, communicate, debts…") in the sidebar until ``app.py`` has
    built the real navigation. With the option off in the config that list is never drawn; the
    first ``app.py`` run turns it on before building the real menu.
    """
    if st.get_option("client.showSidebarNavigation") is not True:
        st.set_option("client.showSidebarNavigation", True)
