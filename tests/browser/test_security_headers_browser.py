"""The security headers the app's own server sends, checked over HTTP and in a real browser.

Each test here failed before the headers existed:
- every response (the page, its scripts, styles and fonts, the health check, a missing file)
  carries a Content-Security-Policy with frame-ancestors 'self', X-Frame-Options, a no-referrer
  Referrer-Policy and X-Content-Type-Options;
- a page on another origin cannot show the app in a frame (clickjacking);
- every page still draws under the policy, charts included, with no policy violation reported.
"""

from __future__ import annotations

import urllib.error
import urllib.request

import pytest

from overdue_core.i18n import t
from tests.helpers import assert_no_page_exception, policy_refusals, wait_idle, warm
from ui.nav import PAGES

pytestmark = pytest.mark.browser

EXPECTED = {
    "x-frame-options": "SAMEORIGIN",
    "referrer-policy": "no-referrer",
    "x-content-type-options": "nosniff",
}
#: Collects every policy violation the page reports (installed before the app's own code).
VIOLATIONS = """
window.__csp = [];
document.addEventListener('securitypolicyviolation', (e) => {
  window.__csp.push(`${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`);
});
"""


@pytest.fixture
def app_base(db_server) -> str:
    return db_server["base"]


def assert_secure(url: str, headers) -> None:
    lowered = {name.lower(): value for name, value in headers.items()}
    for name, value in EXPECTED.items():
        assert lowered.get(name) == value, (url, name, lowered.get(name))
    policy = lowered.get("content-security-policy", "")
    assert "frame-ancestors 'self'" in policy, (url, policy)
    assert "default-src 'self'" in policy and "object-src 'none'" in policy, (url, policy)


def http_headers(url: str):
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.headers
    except urllib.error.HTTPError as error:  # a 404 must carry them too
        return error.headers


def test_every_response_carries_the_security_headers(browser, app_base):
    # The app's first run puts the layer in place (see ui.server.security_headers and docs/deploy.md);
    # a second browser then loads everything afresh (nothing from the first one's cache).
    warm(browser, app_base, "/?demo=young_worker")
    context = browser.new_context(locale="zh-CN")
    try:
        pg = context.new_page()
        seen = []
        pg.on("response", lambda r: seen.append((r.url, r.all_headers())))
        pg.goto(f"{app_base}/?demo=young_worker")
        wait_idle(pg)
        own = [(url, headers) for url, headers in seen if url.startswith(app_base)]
        assert any(url.endswith(".js") for url, _h in own) and any(".woff2" in url for url, _h in own), [
            u for u, _h in own
        ]
        for url, headers in own:
            assert_secure(url, headers)
    finally:
        context.close()
    for path in ("/", "/plan", "/_stcore/health", "/no-such-file.png"):
        assert_secure(path, http_headers(app_base + path))


def test_another_site_cannot_frame_the_app(browser, app_base):
    context = browser.new_context(locale="zh-CN")
    # A page on another origin (answered by the test itself, nothing leaves the machine).
    body = f'<iframe id="app" src="{app_base}/" width="800" height="600" onload="window.framed = true"></iframe>'
    context.route(
        "http://other-site.test/**", lambda route: route.fulfill(status=200, content_type="text/html", body=body)
    )
    try:
        # First make sure the layer is in place, as a person's visit would have.
        own = context.new_page()
        own.goto(f"{app_base}/")
        wait_idle(own)
        pg = context.new_page()
        pg.goto("http://other-site.test/")
        pg.wait_for_function("() => window.framed === true")  # the frame finished, drawn or refused
        inner = [frame.url for frame in pg.frames if frame is not pg.main_frame]
        assert inner and not any(url.startswith(app_base) for url in inner), inner
    finally:
        context.close()


@pytest.mark.parametrize("lang", ["zh-CN"])
def test_every_page_draws_under_the_policy(browser, app_base, lang):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale=lang)
    context.add_init_script(VIOLATIONS)
    pg = context.new_page()
    console = policy_refusals(pg)
    try:
        pg.goto(f"{app_base}/?demo=gig_driver")
        wait_idle(pg)
        document = pg.reload()  # the first load may precede the layer; this one is under the policy
        wait_idle(pg)
        assert "frame-ancestors 'self'" in (document.all_headers().get("content-security-policy") or ""), (
            "the pages below draw under the policy"
        )
        pg.locator(".main-svg").first.wait_for()  # the Overview's charts are drawn
        for spec in PAGES:
            label = t(f"nav.page.{spec.name}", lang)
            pg.locator('[data-testid="stSidebarNavLink"]').filter(has=pg.get_by_text(label, exact=True)).first.click()
            wait_idle(pg)
            assert_no_page_exception(pg)
            if spec.name in ("overview", "plan", "legal"):
                pg.locator(".main-svg").first.wait_for()
        assert pg.evaluate("window.__csp") == [], pg.evaluate("window.__csp")
        assert console == [], console
    finally:
        context.close()
