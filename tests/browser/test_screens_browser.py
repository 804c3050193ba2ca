"""Every page, with a demo, at 1280×800 and 390×844, in Chinese and English: drawn without an
error, nothing forcing sideways scrolling on a phone, the menu never showing raw file names, and
a full-page screenshot kept under test-artifacts/screens/ for a person to look at.
"""

from __future__ import annotations

import pytest

from tests.helpers import artifact, assert_no_page_exception, full_screenshot, wait_idle
from ui.nav import PAGES

pytestmark = pytest.mark.browser


def _path(name: str) -> str:
    """The page's URL path: with a demo open the Overview is the landing page, served at "/"."""
    return "" if name == "overview" else name


SIZES = {"desktop": (1280, 800), "phone": (390, 844)}
#: Script names of the page files: none may appear as a menu entry (the raw list on a cold start).
RAW_NAMES = {spec.path.split("/")[-1].removesuffix(".py") for spec in PAGES} | {"app"}


@pytest.mark.parametrize("lang", ["zh-CN", "en"])
@pytest.mark.parametrize("name", [spec.name for spec in PAGES])
def test_page_at_both_sizes(browser, app_server, name, lang):
    for size, (width, height) in SIZES.items():
        phone = size == "phone"
        context = browser.new_context(
            viewport={"width": width, "height": height},
            locale=lang,
            is_mobile=phone,
            has_touch=phone,
            device_scale_factor=2 if phone else 1,
        )
        pg = context.new_page()
        pg.set_default_timeout(120_000)
        try:
            pg.goto(f"{app_server}/{_path(name)}?demo=gig_driver&lang={lang}")
            wait_idle(pg, timeout=120_000)
            assert_no_page_exception(pg)
            menu = [text.strip() for text in pg.locator('[data-testid="stSidebarNavLink"]').all_inner_texts()]
            assert not RAW_NAMES & set(menu), menu
            if phone:
                assert pg.evaluate("() => document.documentElement.scrollWidth") <= width + 1, (
                    f"{name} scrolls sideways on a phone"
                )
            folder = artifact("screens")
            folder.mkdir(exist_ok=True)
            full_screenshot(pg, folder / f"{name}-{lang}-{size}.png", width, min_height=height, max_height=9000)
        finally:
            context.close()
