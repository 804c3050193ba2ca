"""Entry point: navigation, the shared sidebar (language, case), then the chosen page.

Thin on purpose: everything computed comes from ``overdue_core``; pages only read inputs and draw.
"""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from overdue_core.case import load_demo
from ui import chrome, readonly, sidebar
from ui.nav import LANDING_PATH, PAGES, SECTION_ORDER, show_navigation
from ui.server import heavy, security_headers
from ui.state import (
    browser_copy,
    get_case,
    init_session,
    keys,
    open_case,
    session_get,
    session_set,
    session_setdefault,
    share_link,
    show_flash,
    tr,
    url_params,
)

FAVICON = Path(__file__).parent / "ui" / "assets" / "favicon.svg"

# Security headers on every later response of this server (once per process; ui.server.security_headers).
security_headers.install()
init_session()
_ = tr()
# The tab icon is bundled: Streamlit turns an SVG file into an inline data: URI, where a
# ":material/…:" icon would be fetched from a font server, off the app's origin (and blocked in
# mainland China). Set here, it also keeps the pages' own icons out of the tab.
st.set_page_config(page_title=_("app.title"), page_icon=str(FAVICON), layout="wide")
# Links in the current form (#share=…) reach the server through the browser script
# (ui.state.browser_copy). An older link (?share=…) is moved into that form by the server layer before
# the app loads (ui.server.security_headers); only on the first load after a start, before that layer
# exists, does it reach this run, and then it opens here on the session's first run.
share_link.open_from_url()
# Every run of a shared session checks its link: revoked, expired or deleted ends it here.
share_link.recheck()

# A demo named in the link (?demo=…) opens once, only when the session has no case yet.
params = url_params()
if params.demo and get_case() is None and not session_get(keys.DEMO_FROM_URL_DONE):
    session_set(keys.DEMO_FROM_URL_DONE, True)
    open_case(load_demo(params.demo))
    browser_copy.mark_url_demo()
# A saved case's link lets go once another case is open (a demo, a file, a new case): saving
# must never write that other case over the saved one.
share_link.follow_case()

# Once a case is open, the Overview ("how bad is it, what first") is where the app lands. Decided
# once a session: the root keeps its page while the person is on it (a demo opened on Start shows
# its confirmation there, and a copy restored after a reload does not swap the page underneath).
# Once no case is open (cleared on Start, a shared case let go), the root goes back to Start:
# an Overview with nothing in it would be the first thing seen.
if get_case() is None:
    session_set(keys.LANDING, "start")
landing = session_setdefault(keys.LANDING, "overview")
sections: dict[str, list] = {key: [] for key in SECTION_ORDER}
for spec in PAGES:
    sections[spec.section].append(
        st.Page(spec.path, title=_(f"nav.page.{spec.name}"), icon=spec.icon, url_path=spec.name)
    )
# The app's root runs the landing page through a hidden page of its own, so every page keeps its
# address whichever page lands: a reload of /start or /overview always finds its page (a default
# page has no address of its own, and Streamlit would say "Page not found", in English).
sections[SECTION_ORDER[-1]].append(
    st.Page(
        next(spec.path for spec in PAGES if spec.name == landing),
        title=_(f"nav.page.{landing}"),
        url_path=LANDING_PATH,
        default=True,
        visibility="hidden",
    )
)
# .streamlit/config.toml hides the sidebar navigation until this point (see ui.nav.show_navigation).
show_navigation()
navigation = st.navigation({_(f"nav.section.{key}"): pages for key, pages in sections.items() if pages})
page_name = navigation.url_path or landing  # the root is the landing page

glance = sidebar.draw(page_name)
with st.sidebar:
    browser_copy.mount_early()
    chrome.mount(page_name)
show_flash()
share_link.draw_status()
share_link.watch()
if share_link.is_read_only() and page_name in readonly.VIEWS:
    readonly.draw(page_name, get_case())  # a counselor sees tables, not inputs
else:
    # A very large case's costliest pages take turns with other sessions' (ui.server.heavy).
    with heavy.turn(page_name, get_case()) as may_run:
        if may_run:
            navigation.run()
# Reached when the page ran to its end: show and keep what the page itself changed.
sidebar.refresh(glance)
with st.sidebar:
    browser_copy.mount_late()
