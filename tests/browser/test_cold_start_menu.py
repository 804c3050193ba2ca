"""On the first visit after a server start, the sidebar never shows the raw list of page files.

Why: until app.py has built the navigation, Streamlit runs the first request the old
"pages/ folder" way and listed "app, communicate, debts…" for about a second. The option that
hides that list is off in .streamlit/config.toml and turned on by app.py (ui.nav.show_navigation).
The menu is sampled every 50 ms from the first byte until the page is drawn.
"""

from __future__ import annotations

import pytest

from tests.helpers import running_app, wait_idle
from ui.nav import PAGES

pytestmark = pytest.mark.browser

RAW_NAMES = {spec.path.split("/")[-1].removesuffix(".py") for spec in PAGES} | {"app"}
SAMPLER = (
    """
() => {
  window.__menus = [];
  const sample = () => {
    const links = [...document.querySelectorAll('[data-testid="stSidebarNavLink"]')]"""
    """.map(a => a.innerText.trim().split(String.fromCharCode(10)).pop().trim());
    if (links.length) window.__menus.push(links);
  };
  window.__sampler = setInterval(sample, 50);
  new MutationObserver(sample).observe(document, {subtree: true, childList: true});
}
"""
)


def test_cold_start_shows_no_raw_file_list(browser, tmp_path):
    with running_app(log_path=tmp_path / "server.log") as (base, _proc):
        context = browser.new_context(viewport={"width": 1280, "height": 800}, locale="zh-CN")
        context.add_init_script(f"({SAMPLER})()")
        pg = context.new_page()
        pg.goto(base)
        wait_idle(pg, timeout=120_000)
        menus = pg.evaluate("() => window.__menus")
        context.close()
    assert menus, "the menu was never drawn"
    seen = {entry for menu in menus for entry in menu}
    assert not seen & RAW_NAMES, f"raw page files shown in the menu: {sorted(seen & RAW_NAMES)}"
    assert "开始" in seen
