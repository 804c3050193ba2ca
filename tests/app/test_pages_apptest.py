"""Every page in the navigation renders in both languages, with and without a case, and the
English UI carries no untranslated Chinese (user data aside)."""

from __future__ import annotations

import pytest

from overdue_core.case.demo import DEMO_IDS, load_demo
from tests.helpers import assert_no_exception
from tests.helpers.page_text import ALLOWED_IN_ENGLISH, CJK, page_text, strip_user_data, user_strings
from ui.nav import PAGES

PAGE_PATHS = [spec.path for spec in PAGES]


@pytest.mark.parametrize("path", PAGE_PATHS)
@pytest.mark.parametrize("lang", ["zh-CN", "en"])
def test_page_without_a_case(make_app, path, lang):
    at = make_app(lang=lang, page=path)
    assert_no_exception(at)
    assert at.main.children, "the page draws something"


@pytest.mark.parametrize("path", PAGE_PATHS)
@pytest.mark.parametrize("demo", DEMO_IDS)
def test_page_with_each_demo_in_chinese(make_app, path, demo):
    at = make_app(lang="zh-CN", demo=demo, page=path)
    assert_no_exception(at)


@pytest.mark.parametrize("path", PAGE_PATHS)
@pytest.mark.parametrize("demo", DEMO_IDS)
def test_english_page_has_no_untranslated_chinese(make_app, path, demo):
    at = make_app(lang="en", demo=demo, page=path)
    assert_no_exception(at)
    text = strip_user_data(page_text(at), user_strings(load_demo(demo)))
    for allowed in ALLOWED_IN_ENGLISH:
        text = text.replace(allowed, " ")
    leftovers = sorted({line.strip()[:120] for line in text.splitlines() if CJK.search(line)})
    assert leftovers == [], f"untranslated Chinese on {path}: {leftovers[:10]}"


def test_english_check_would_catch_chinese(make_app):
    """The check above is not vacuous: Chinese UI text is found in a page's text."""
    at = make_app(lang="zh-CN", demo="young_worker", page="pages/debts.py")
    text = strip_user_data(page_text(at), user_strings(load_demo("young_worker")))
    assert CJK.search(text)


def test_every_page_runs_through_the_app_entry():
    """A page opened by its own URL right after a server start must still go through app.py
    (language, sidebar, links): each page calls ensure_app_entry() before drawing anything."""
    import ast

    from tests.helpers import ROOT

    for path in PAGE_PATHS:
        tree = ast.parse((ROOT / path).read_text(encoding="utf-8"))
        body = [
            node
            for node in tree.body
            if not isinstance(node, (ast.Import, ast.ImportFrom))
            and not (isinstance(node, ast.If) and getattr(node.test, "id", "") == "TYPE_CHECKING")
            and not (
                isinstance(node, ast.Expr)
                and isinstance(node.value, ast.Constant)
                and isinstance(node.value.value, str)
            )
        ]
        first = body[0]
        call = first.value if isinstance(first, (ast.Expr, ast.Assign)) else None
        # A case page opens with ui.frame.open_page, whose first step is ensure_app_entry().
        assert isinstance(call, ast.Call) and getattr(call.func, "id", "") in {"ensure_app_entry", "open_page"}, (
            f"{path} must call ensure_app_entry() or open_page() first"
        )
