"""Every preset figure names a dated public source with a citation in both languages; gaps say why."""

from decimal import Decimal

import pytest

from overdue_core.case.models import Debt
from overdue_core.entry import PRESETS, preset_values, sources_in_use
from overdue_core.entry.presets import FIGURE_FIELDS
from overdue_core.i18n import LANGS, has, t

ISSUE_PLATFORMS = {
    "huabei",
    "jiebei",
    "baitiao",
    "weilidai",
    "meituan",
    "douyin",
    "bank_card",
    "consumer_finance",
    "online_app",
}


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
    assert PRESETS["baitiao"].figure("penalty_rate") == Decimal("0.1825")  # an estimate, said so: never planned as free
    assert PRESETS["jiebei"].penalty_multiple.value == Decimal("1.5")  # the loan's rate plus 50 %
    assert PRESETS["online_app"].lender_licensed is False and PRESETS["online_app"].penalty_multiple is None


def test_sources_in_use_are_exactly_those_the_presets_name():
    named = {f.source.key for p in PRESETS.values() for f in p.figures.values()}
    named |= {p.penalty_multiple.source.key for p in PRESETS.values() if p.penalty_multiple}
    assert {s.key for s in sources_in_use()} == named
    assert all(t(s.text_key, "zh-CN") != s.text_key for s in sources_in_use())


def test_sources_are_primary_or_marked_as_estimates():
    """No content farm, blog or download site: a source is a regulator's text (or the platform's or
    bank's own page); a figure without one is an estimate ("M"), and its text says so."""
    import re

    for source in sources_in_use():
        for lang in LANGS:
            text = t(source.text_key, lang)
            assert not re.search(r"[a-z0-9-]+\.(com|cn|cc|net|org)\b", text), (source.key, text)
            if source.confidence == "M":
                assert text.startswith("估计值" if lang == "zh-CN" else "Estimate"), (source.key, lang)
            else:
                assert re.search(r"银发〔\d{4}〕\d+号" if lang == "zh-CN" else r"Yinfa \d{4} No\. \d+", text), (
                    source.key,
                    lang,
                )


def test_every_licensed_loan_preset_has_a_penalty_rule_and_no_debt_is_planned_free():
    """A loan preset chosen and the penalty left empty: the loan's rate × 1.5 is kept, with its source."""
    from overdue_core.entry import GuidedDebt
    from tests.helpers.guided import loan_contract

    for key, preset in PRESETS.items():
        if preset.kind.value == "installment_loan" and preset.lender_licensed:
            multiple = preset.penalty_multiple.value
            contract = loan_contract(Decimal("10000"), 12, platform="p", rate_percent=Decimal("18"))
            guided = GuidedDebt(**contract, penalty_rate_multiple=multiple)
            assert guided.penalty_rate == Decimal("0.27"), key
            typed = guided.model_copy(update={"penalty_percent": Decimal("24")})
            assert typed.penalty_rate == Decimal("0.24")  # what the person types wins
