"""Every preset figure names a dated public source with a citation in both languages; gaps say why."""

from decimal import Decimal

import pytest

from overdue_core.case.models import Debt
from overdue_core.entry import PRESETS, preset_values, sources_in_use
from overdue_core.entry.presets import FIGURE_FIELDS
from overdue_core.i18n import LANGS, has, t

ISSUE_PLATFORMS = {"huabei", "jiebei", "baitiao", "weilidai", "meituan", "douyin", "bank_card", "consumer_finance", "online_app"}


def test_the_platforms_the_issue_names_have_presets():
    assert set(PRESETS) == ISSUE_PLATFORMS


@pytest.mark.parametrize("key", sorted(PRESETS))
def test_every_figure_has_a_source_and_every_gap_a_reason(key):
    preset = PRESETS[key]
    for name, figure in preset.figures.items():
        assert name in FIGURE_FIELDS
        assert figure.source.confidence in {"V", "S", "M"}
        for lang in LANGS:
            assert has(figure.source.text_key, lang), (key, name, lang)
    for name, reason_key in preset.missing.items():
        assert name not in preset.figures, "a field is either filled with a source or left to the person"
        for lang in LANGS:
            assert has(reason_key, lang)
    for lang in LANGS:
        assert has(preset.name_key, lang)


def test_no_figure_without_a_source_reaches_the_debt():
    for key, preset in PRESETS.items():
        values = preset_values(key)
        for name in ("annual_rate", "penalty_rate", "late_fee_rate"):
            assert (name in values) == (name in preset.figures), (key, name)


def test_preset_values_make_a_valid_debt():
    for key in PRESETS:
        data = {"id": "x", "platform": "p", "balance": "0", **preset_values(key)}
        Debt.model_validate(data)


def test_known_figures():
    assert PRESETS["huabei"].figure("penalty_rate") == Decimal("0.1825")  # 0.05 % a day
    assert PRESETS["bank_card"].figure("late_fee_rate") == Decimal("0.05")
    assert PRESETS["bank_card"].figure("minimum_percent") == Decimal("0.10")
    assert PRESETS["baitiao"].figure("penalty_rate") is None  # sources disagree: left to the person
    assert PRESETS["online_app"].lender_licensed is False


def test_sources_in_use_are_exactly_those_the_presets_name():
    named = {f.source.key for p in PRESETS.values() for f in p.figures.values()}
    assert {s.key for s in sources_in_use()} == named
    assert all(t(s.text_key, "zh-CN") != s.text_key for s in sources_in_use())
