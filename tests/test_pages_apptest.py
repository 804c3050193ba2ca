"""Every page in the navigation renders in both languages, with and without a case, and the
English UI carries no untranslated Chinese (user data aside)."""

from __future__ import annotations

import json
import re

import pytest
from google.protobuf import text_format

from overdue_core.demo import DEMO_IDS, load_demo
from ui.nav import PAGES

from .conftest import assert_no_exception

CJK = re.compile(r"[\u3400-\u9fff]")
ALLOWED_IN_ENGLISH = {"中文"}  # the language switch names Chinese in its own script


def leaves(node):
    children = getattr(node, "children", None)
    if children:
        for child in children.values():
            yield from leaves(child)
    else:
        yield node


def page_text(at) -> str:
    """All text the page shows: labels, help, options, markdown, chart specs (unescaped)."""
    parts = []
    for node in leaves(at._tree):
        proto = getattr(node, "proto", None)
        if proto is None or type(node).__name__ in {"Dataframe"}:
            continue
        spec = getattr(proto, "spec", "")
        if isinstance(spec, str) and spec.startswith("{"):
            # a Plotly chart: its figure JSON, with \uXXXX escapes turned back into characters
            parts.append(json.dumps(json.loads(spec), ensure_ascii=False))
            continue
        parts.append(text_format.MessageToString(proto, as_utf8=True))
    return "\n".join(parts)


def user_strings(case) -> set[str]:
    """Every string the person (or the demo) typed: these may be Chinese in an English UI."""
    found: set[str] = set()

    def walk(value):
        if isinstance(value, str):
            if value.strip():
                found.add(value)
        elif isinstance(value, dict):
            for k, v in value.items():
                walk(k) if isinstance(k, str) and CJK.search(k) else None
                walk(v)
        elif isinstance(value, (list, tuple)):
            for v in value:
                walk(v)

    walk(case.model_dump(mode="json"))
    return found


def strip_user_data(text: str, strings: set[str]) -> str:
    for value in sorted(strings, key=len, reverse=True):
        text = text.replace(value, " ")
        # also the JSON-escaped form used in chart specs and the truncated/masked forms
        text = text.replace(value.replace('"', '\\"'), " ")
    return text


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

    from .conftest import ROOT

    for path in PAGE_PATHS:
        tree = ast.parse((ROOT / path).read_text(encoding="utf-8"))
        body = [
            node for node in tree.body
            if not isinstance(node, (ast.Import, ast.ImportFrom))
            and not (isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant) and isinstance(node.value.value, str))
        ]
        first = body[0]
        assert (
            isinstance(first, ast.Expr) and isinstance(first.value, ast.Call) and getattr(first.value.func, "id", "") == "ensure_app_entry"
        ), f"{path} must call ensure_app_entry() first"
