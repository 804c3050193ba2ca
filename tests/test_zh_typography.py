"""Chinese text reads as Chinese: full-width punctuation, no spaces between Chinese characters,
and placeholders that render without stray spaces.

Why a test: ASCII commas and colons inside Chinese sentences ("依据: ", "花呗, 招商银行信用卡"),
spaces between characters ("从 最近 开始") and a text placeholder spaced off its sentence
("账号 【账号或订单号】 的") kept coming back. Two checks: every zh-CN catalog message, and the
text the pages actually draw (where code joins catalog pieces), walked in AppTest with a demo.
"""

from __future__ import annotations

import re

import pytest

from overdue_core.i18n import catalog

CJK = "\u3400-\u4dbf\u4e00-\u9fff\U00020000-\U0003134f"
FULL_PUNCT = "，。、；：？！（）「」『』【】《》“”‘’…—"
_CJK_OR_FULL = f"[{CJK}{FULL_PUNCT}]"
#: ASCII punctuation next to a Chinese character (spaces between them allowed in the match).
ASCII_PUNCT_NEAR_CJK = re.compile(f"[{CJK}] *[,;:!?()]|[,;:!?(] *[{CJK}]|[{CJK}] *\\)")
#: A space between two Chinese characters (or a character and a full-width mark).
SPACE_BETWEEN_CJK = re.compile(f"{_CJK_OR_FULL} +{_CJK_OR_FULL}")
#: Placeholders whose value is text (names, platforms, references, dates in words):
#: they sit inside the sentence with no space around them.
TEXT_PLACEHOLDERS = {
    "name",
    "platform",
    "platforms",
    "ref",
    "since",
    "title",
    "author",
    "kind",
    "level",
    "scenario",
    "reason",
    "reasons",
    "measure",
    "status",
    "step",
    "label",
    "promised",
    "debt",
    "procedure",
    "source",
    "sources",
    "thresholds",
    "resume",
    "best_time",
    "reach_by",
    "what",
    "who",
}
SPACED_TEXT_PLACEHOLDER = re.compile(
    r"(?P<before>" + _CJK_OR_FULL + r" +)?\{(?P<name>\w+)[^{}]*\}(?P<after> +" + _CJK_OR_FULL + r")?"
)


def typography_problems(text: str) -> list[str]:
    """What is wrong with one piece of Chinese text (empty when it reads correctly)."""
    found = []
    for match in ASCII_PUNCT_NEAR_CJK.finditer(text):
        found.append(f"ASCII punctuation in a Chinese sentence: {match.group()!r}")
    for match in SPACE_BETWEEN_CJK.finditer(text):
        found.append(f"space between Chinese characters: {match.group()!r}")
    for match in SPACED_TEXT_PLACEHOLDER.finditer(text):
        if match.group("name") in TEXT_PLACEHOLDERS and (match.group("before") or match.group("after")):
            found.append(f"text placeholder spaced off its sentence: {match.group()!r}")
    return found


@pytest.mark.parametrize(
    "text",
    [
        "依据: 民法典",
        "花呗, 招商银行信用卡",
        "从 最近 开始",
        "账号 {ref} 的借款人",
        "致：{platform} 客服",
        "客服姓名/工号: 小王",
    ],
)
def test_the_check_catches_the_reported_mistakes(text):
    assert typography_problems(text)


@pytest.mark.parametrize(
    "text", ["逾期 30 天，共 1,234.56 元。", "时间：22:00–08:00", "账号{ref}的借款人", "“花呗”和“借呗”"]
)
def test_the_check_accepts_correct_text(text):
    assert typography_problems(text) == []


def test_every_chinese_message_reads_as_chinese():
    problems = [f"{key}: {p}" for key, text in catalog("zh-CN").items() for p in typography_problems(text)]
    assert not problems, "\n".join(problems)


# --- what the pages draw -----------------------------------------------------------------------
def _strings(message) -> list[str]:
    """Every string field of a protobuf message, recursively (a chart spec is parsed as JSON)."""
    import json

    out: list[str] = []
    for field, value in message.ListFields():
        values = (
            list(value) if isinstance(value, (list, tuple)) or type(value).__name__.startswith("Repeated") else [value]
        )
        for item in values:
            if isinstance(item, str):
                if field.name == "spec" and item.startswith("{"):
                    _json_strings(json.loads(item), out)
                else:
                    out.append(item)
            elif hasattr(item, "ListFields"):
                out.extend(_strings(item))
    return out


def _json_strings(value, out: list[str]) -> None:
    if isinstance(value, str):
        out.append(value)
    elif isinstance(value, dict):
        for item in value.values():
            _json_strings(item, out)
    elif isinstance(value, list):
        for item in value:
            _json_strings(item, out)


def _page_ids() -> list[str]:
    from ui.nav import PAGES

    return [spec.path for spec in PAGES]


@pytest.mark.parametrize("path", _page_ids())
def test_every_page_draws_chinese_without_ascii_punctuation_or_stray_spaces(make_app, path):
    """Text joined in code (labels and values, lists of platforms) follows the same rules."""
    from overdue_core.case.demo import load_demo
    from tests.helpers.page_text import leaves, user_strings

    at = make_app(lang="zh-CN", demo="gig_driver", page=path)
    mine = user_strings(load_demo("gig_driver"))
    problems = []
    for node in leaves(at._tree):
        proto = getattr(node, "proto", None)
        if proto is None or not hasattr(proto, "ListFields") or type(node).__name__ == "Dataframe":
            continue
        for text in _strings(proto):
            if text in mine or text.startswith("{") or "%{" in text:
                continue
            problems += [f"{p} in {text[:80]!r}" for p in typography_problems(text)]
    assert not problems, "\n".join(sorted(set(problems)))
