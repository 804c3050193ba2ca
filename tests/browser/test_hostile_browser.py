"""Real browser: hostile text stays text on every page, and no request leaves the app's origin.

The hostile case puts a markdown or HTML payload in every text field a person or a counselor can
fill (names, platforms, ids, notes, what was said…): an image and a link pointing at a host that
is not the app's (127.0.0.2, port 9: nothing answers there), a raw ``<img>`` tag and a bare URL.
Every page is visited; a page may draw only its own links and images (same origin, or inline
``data:``/``blob:``), and the browser may ask no other host for anything, the tab icon included.
"""

from __future__ import annotations

import datetime as dt
import itertools
import json
import types
import typing
from urllib.parse import urljoin, urlsplit

import pytest
from pydantic import BaseModel

from overdue_core.case import Case, load_demo
from overdue_core.i18n import t
from tests.helpers import assert_no_page_exception, wait_idle
from tests.helpers.origins import Recorder
from ui.nav import PAGES

pytestmark = pytest.mark.browser

EVIL = "127.0.0.2"
PAYLOADS = (
    "![x](http://127.0.0.2:9/{n}.png)",
    "<img src=http://127.0.0.2:9/{n}.png>",
    "[link{n}](http://127.0.0.2:9/{n})",
    "http://127.0.0.2:9/{n} www.example.com me@example.com",
)
#: Fields holding a debt's id elsewhere in the case (they must keep naming the same debt).
DEBT_REFS = {"debt_id"}
#: Text fields that are codes, not free text (validated against fixed lists).
CODES = {"kinds", "custom_order"}


def _text_fields(model: type[BaseModel], prefix: tuple[str, ...] = ()) -> set[tuple[str, ...]]:
    """Every free-text field of a model, as a path of field names (lists are walked through)."""
    found: set[tuple[str, ...]] = set()
    for name, field in model.model_fields.items():
        kinds = [field.annotation, *typing.get_args(field.annotation)]
        for kind in kinds:
            inner = typing.get_args(kind)[0] if typing.get_origin(kind) is list and typing.get_args(kind) else kind
            if isinstance(inner, type) and issubclass(inner, BaseModel):
                found |= _text_fields(inner, (*prefix, name))
        optional_text = typing.get_origin(field.annotation) in (typing.Union, types.UnionType) and str in kinds
        if (field.annotation is str or optional_text) and name not in CODES:
            found.add((*prefix, name))
    return found


TEXT = _text_fields(Case)
LONG = {"notes", "said", "i_promised", "they_conceded", "reason", "description", "text"}


def _fill_everything(case: Case) -> Case:
    """The case with items in every list, so each page has something of each kind to draw."""
    data = json.loads(case.model_dump_json())
    first = data["debts"][0]["id"]
    when = dt.datetime(2026, 10, 20, 23, 30).isoformat()
    data["title"] = "x"
    data["contacts"] = [
        {
            "id": "c1",
            "when": when,
            "debt_id": first,
            "platform": "x",
            "agent": "x",
            "said": "x",
            "i_promised": "x",
            "they_conceded": "x",
            "follow_up": "2026-11-20",
            "account_ref": "x",
        }
    ]
    data["negotiations"] = [
        {"debt_id": first, "status": "offered", "requested_monthly": "300", "requested_months": 12, "reason": "x"}
    ]
    data["payments"] = [{"debt_id": first, "month": "2026-10-01", "amount": "100", "note": "x"}]
    data["collection_incidents"] = [
        {
            "when": when,
            "debt_id": first,
            "platform": "x",
            "kinds": ["night_call"],
            "connected_calls_that_day": 5,
            "description": "x",
        }
    ]
    data["counselor_notes"] = [{"when": when, "author": "x", "text": "x"}]
    for debt in data["debts"]:
        debt["account_ref"] = debt["notes"] = "x"
    return Case.model_validate(data)


def hostile_case() -> Case:
    """Every free-text field of a full case is a payload; debt ids too (consistently)."""
    data = json.loads(_fill_everything(load_demo("family_cards")).model_dump_json())
    counter = itertools.count()
    ids: dict[str, str] = {}

    def payload(limit: int) -> str:
        n = next(counter)
        return PAYLOADS[n % len(PAYLOADS)].format(n=n)[:limit]

    def new_id(old: str) -> str:
        return ids.setdefault(old, PAYLOADS[len(ids) % 3].format(n=f"d{len(ids)}")[:40])

    def walk(node, path: tuple[str, ...]) -> None:
        if isinstance(node, list):
            for item in node:
                walk(item, path)
            return
        if not isinstance(node, dict):
            return
        for key, value in list(node.items()):
            here = (*path, key)
            if here in TEXT and isinstance(value, str):
                if key in DEBT_REFS or here == ("debts", "id"):
                    node[key] = new_id(value)
                else:
                    node[key] = payload(40 if key == "id" else 4000 if key in LONG else 80)
            elif isinstance(value, (dict, list)):
                walk(value, here)

    walk(data, ())
    case = Case.model_validate(data)
    assert all(d.id.startswith(("![", "<img", "[link")) for d in case.debts)
    return case


def test_the_hostile_case_fills_every_text_field():
    case = hostile_case()
    data = json.loads(case.model_dump_json())

    def values(node, path):
        if isinstance(node, list):
            for item in node:
                yield from values(item, path)
        elif isinstance(node, dict):
            for key, value in node.items():
                yield from values(value, (*path, key))
        elif path in TEXT and node is not None:
            yield path, node

    seen = dict(values(data, ()))
    assert set(seen) == TEXT, TEXT - set(seen)
    assert all(EVIL in str(v) for v in seen.values()), {p: v for p, v in seen.items() if EVIL not in str(v)}


_DRAWN = (
    """() => Array.from(document.querySelectorAll("""
    """'a, img, image, iframe, video, audio, source, object, embed, link[rel~="icon"]')).map(el => ({
    tag: el.tagName.toLowerCase(),
    url: el.getAttribute('href') || el.getAttribute('xlink:href') || el.getAttribute('src')"""
    """ || el.getAttribute('data') || '',
    text: (el.textContent || el.getAttribute('alt') || '').slice(0, 80),
}))"""
)


def foreign_elements(pg, base_url: str) -> list[dict]:
    """Links and images on the page that the app did not draw: anything off its origin."""
    origin = urlsplit(base_url).netloc
    out = []
    for item in pg.evaluate(_DRAWN):
        url = item["url"].strip()
        if not url or url.startswith(("#", "data:", "blob:")):
            if EVIL not in item["text"]:
                continue
        elif urlsplit(urljoin(pg.url, url)).netloc == origin and EVIL not in url:
            continue
        out.append(item)
    return out


def visit_every_page(pg, lang: str = "zh-CN") -> typing.Iterator[str]:
    """Click through the sidebar to each page of the app, yielding each page's name once drawn."""
    for spec in PAGES:
        sidebar = pg.locator('[data-testid="stSidebar"]')
        if sidebar.get_attribute("aria-expanded") == "false":
            pg.locator('[data-testid="stExpandSidebarButton"]').first.click()
        label = t(f"nav.page.{spec.name}", lang)
        pg.locator('[data-testid="stSidebarNavLink"]').filter(has=pg.get_by_text(label, exact=True)).first.click()
        wait_idle(pg, timeout=120_000)
        yield spec.name


def test_hostile_text_stays_text_on_every_page(browser, app_server, tmp_path):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    pg = context.new_page()
    pg.set_default_timeout(60_000)
    recorder = Recorder(context, app_server)
    try:
        path = tmp_path / "hostile.json"
        path.write_text(hostile_case().model_dump_json(), encoding="utf-8")
        pg.goto(app_server)
        wait_idle(pg, timeout=120_000)
        pg.locator('[data-testid="stFileUploaderDropzoneInput"]').first.set_input_files(str(path))
        wait_idle(pg, timeout=120_000)
        problems: dict[str, list[dict]] = {}
        shown_as_text: set[str] = set()
        for name in visit_every_page(pg):
            assert_no_page_exception(pg)
            if found := foreign_elements(pg, app_server):
                problems[name] = found
            if "](http://127.0.0.2:9/" in pg.locator("body").inner_text():
                shown_as_text.add(name)
        assert problems == {}, problems
        # The payloads are on the pages, as the characters typed.
        assert {"debts", "communicate", "negotiate", "legal", "prevent"} <= shown_as_text, shown_as_text
        assert recorder.foreign == [], recorder.foreign
    finally:
        context.close()


def test_a_full_session_requests_nothing_off_the_apps_origin(browser, app_server):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    pg = context.new_page()
    pg.set_default_timeout(60_000)
    recorder = Recorder(context, app_server)
    try:
        pg.goto(app_server)
        wait_idle(pg, timeout=120_000)
        pg.locator(".st-key-demo_gig_driver button").click()
        wait_idle(pg, timeout=120_000)
        visited = list(visit_every_page(pg))
        assert visited == [spec.name for spec in PAGES]
        icon = pg.evaluate("() => document.querySelector(\"link[rel='shortcut icon']\").href")
        assert icon.startswith("data:image/svg+xml"), icon[:80]
        assert recorder.foreign == [], recorder.foreign
    finally:
        context.close()
