"""Both catalogs are complete, consistent and written in their own language."""

import re

import pytest

from overdue_core.i18n import LANGS, Translator, catalog, normalize_lang, placeholders, t

CJK = re.compile(r"[\u3400-\u9fff\uff00-\uffef\u3000-\u303f]")
#: English catalog entries that are Chinese on purpose (the name of the language in its own script).
EN_MAY_CONTAIN_CJK = {"enum.lang.zh-CN"}


def fields(text: str) -> set[str]:
    return placeholders(text)


def test_both_catalogs_have_the_same_keys():
    zh, en = set(catalog("zh-CN")), set(catalog("en"))
    assert zh - en == set(), f"missing in en: {sorted(zh - en)}"
    assert en - zh == set(), f"missing in zh-CN: {sorted(en - zh)}"
    assert len(zh) > 300


def test_placeholders_match():
    zh, en = catalog("zh-CN"), catalog("en")
    mismatched = {k: (fields(zh[k]), fields(en[k])) for k in zh if fields(zh[k]) != fields(en[k])}
    assert mismatched == {}


def test_english_has_no_chinese():
    offenders = {k: v for k, v in catalog("en").items() if CJK.search(v) and k not in EN_MAY_CONTAIN_CJK}
    assert offenders == {}


def test_chinese_is_written_in_chinese():
    zh, en = catalog("zh-CN"), catalog("en")
    copied = [
        k for k, v in zh.items() if v == en[k] and re.search(r"[A-Za-z]{4,}", v) and not k.startswith("enum.lang.")
    ]
    assert copied == [], "Chinese entries left in English"


def test_no_empty_messages():
    for lang in LANGS:
        assert [k for k, v in catalog(lang).items() if not v.strip()] == []


@pytest.mark.parametrize(
    ("raw", "lang"),
    [
        ("en-US", "en"),
        ("en", "en"),
        ("zh-CN", "zh-CN"),
        ("zh-TW", "zh-CN"),
        ("fr-FR", "zh-CN"),
        (None, "zh-CN"),
        ("", "zh-CN"),
    ],
)
def test_language_choice(raw, lang):
    assert normalize_lang(raw) == lang


def test_translate_with_params_and_fallbacks():
    assert t("start.upload_ok", "en", debts=3) == "Case file opened: 3 debts"
    assert t("no.such.key", "en") == "no.such.key"
    assert Translator("en").enum("kind", "bnpl").startswith("Buy now")
    # a wrong parameter never crashes a page
    assert t("start.upload_ok", "en") == "Case file opened: {debts} {debts|debt|debts}"


def test_an_escaped_brace_reads_as_one_brace_even_without_params():
    from overdue_core.case.problems import problem

    for lang in ("zh-CN", "en"):
        message = problem("not_a_case", lang).message
        assert "{{" not in message and "{…}" in message


def test_english_counts_read_as_singular_or_plural():
    assert t("prevent.ics.due_alarm", "en", platform="Huabei", days=1) == "Huabei is due in 1 day"
    assert t("prevent.ics.due_alarm", "en", platform="Huabei", days=3) == "Huabei is due in 3 days"
    assert t("plan_slip.summary", "en", count=1).startswith(
        "In this plan 1 debt falls behind or deeper behind. It is named"
    )
    assert t("plan_slip.summary", "en", count=2).startswith(
        "In this plan 2 debts fall behind or deeper behind. Each is named"
    )
    assert t("app.case_glance", "en", debts="1", owed="1,000.00", overdue="0.00", as_of="2026-11-01").startswith(
        "1 debt ·"
    )
    # A message shown without its count keeps the choice visible rather than crashing.
    assert t("prevent.ics.due_alarm", "en") == "{platform} is due in {days} {days|day|days}"
    assert "(s)" not in "".join(catalog("en").values())


def test_placeholders_read_a_plural_choice_as_its_count():
    assert placeholders("{n} {n|day|days} and {m}") == {"n", "m"}


def test_rule_sources_in_one_line_cite_each_text_once():
    from overdue_core.rules import sources_text

    line = sources_text(("lpr_1y", "private_lending_lpr_multiple", "reference_line_24", "reference_line_36"), "zh-CN")
    assert line.count("第26条") == 1
    assert sources_text(("reference_line_24",), "en") == t("rule_source.reference_line_24", "en")
