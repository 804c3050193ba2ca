"""The statement's layout decisions and the consequences it must not hide.

Month labels under the balance chart never collide; the debts the plan lets fall behind (the
plan's ``falls_behind`` / ``falls_further`` warnings) are named with their dates; short tables and
lists of facts are never split over two pages (a total row alone under a repeated header); the
debt types in the table are short names. Checked on the functions and on the text layer.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from overdue_core.case.demo import DEMO_IDS, load_demo
from overdue_core.case.models import Case, DebtKind, new_case
from overdue_core.i18n import Translator, t
from overdue_core.plan import build_plan
from overdue_core.report.data import COPIES, Paragraph, build_report, slip_rows
from overdue_core.report.pdf import X_LABEL_W, report_pdf, x_label_positions
from tests.helpers import OnDemand
from tests.report.test_report_pdf import _need_font
from tests.report.test_statement import _pages

LANGS = ("zh-CN", "en")
FOUR_DEBTS = Path(__file__).parents[1] / "browser" / "guided_four_debts.json"


def four_debt_case() -> Case:
    """The four debts a person enters with guided entry, in a case with nothing else filled in."""
    data = new_case(dt.date(2026, 11, 30)).model_dump(mode="json")
    data["debts"] = json.loads(FOUR_DEBTS.read_text(encoding="utf-8"))
    return Case.model_validate(data)


# --- month labels under the balance chart ------------------------------------------------
@given(st.integers(min_value=1, max_value=120), st.floats(min_value=60, max_value=180))
def test_month_labels_never_collide_and_the_first_and_last_month_are_labelled(count, width):
    left, right = 35.0, 35.0 + width + 2
    placed = x_label_positions(count, left, width, X_LABEL_W, right)
    indices = [i for i, _x in placed]
    assert indices[0] == 0 and indices == sorted(set(indices))
    if count > 1 and width / (count - 1) * (count - 1) >= X_LABEL_W * 1.1:
        assert indices[-1] == count - 1
    for (_i, a), (_j, b) in zip(placed, placed[1:]):
        assert b - a >= X_LABEL_W, placed  # labels never overlap
    assert all(left - X_LABEL_W / 2 <= x <= right - X_LABEL_W for _i, x in placed)
    assert len(placed) <= 7


def test_the_36_month_chart_has_evenly_spaced_labels_and_the_last_month():
    placed = x_label_positions(36, 35.0, 158.0, X_LABEL_W, 195.0)
    assert [i for i, _x in placed] == [0, 7, 14, 21, 28, 35]


# --- debts the plan lets fall behind ----------------------------------------------------
def _shown(plan):
    """The plan whose slips the statement prints, and its intro: the plan's own when it lets a debt
    fall behind, else (the plan to follow) the contract simulation, "if nobody agrees"."""
    if any(w.is_slip for w in plan.warnings):
        return plan, "report_slip.intro"
    return plan.if_nobody_agrees, "report.nobody_agrees.slips"


def _case(name: str) -> Case:
    return four_debt_case() if name == "four_debts" else load_demo(name)


def _slipping_cases() -> dict[str, Case]:
    cases = {name: _case(name) for name in (*DEMO_IDS, "four_debts")}
    return {name: case for name, case in cases.items() if any(w.is_slip for w in _shown(build_plan(case))[0].warnings)}


@pytest.fixture(scope="module")
def statement_pages(tmp_path_factory):
    """A statement's page texts by (case, language, copy), each drawn once in this module when
    first read (two tests read the person's copy of the same cases)."""
    folder = tmp_path_factory.mktemp("layout")

    def draw(key):
        name, lang, copy = key
        return _pages(report_pdf(_case(name), lang, copy=copy), folder, f"{name}-{copy}-{lang}")

    return OnDemand(
        [(name, lang, copy) for name in (*DEMO_IDS, "four_debts") for lang in LANGS for copy in COPIES], draw
    )


def test_the_demos_and_the_four_debt_case_have_debts_that_fall_behind():
    assert {"gig_driver", "family_cards", "two_behind", "four_debts"} <= set(_slipping_cases())


@pytest.mark.parametrize("lang", LANGS)
def test_slip_rows_are_the_plans_own_warnings(lang):
    for case in _slipping_cases().values():
        plan, _intro = _shown(build_plan(case))
        rows = dict(slip_rows(plan, Translator(lang)))
        slipped = {w.debt_id for w in plan.warnings if w.is_slip}
        assert set(rows) == slipped
        for warning in plan.warnings:
            if warning.is_slip:
                cells = rows[warning.debt_id]
                column = 1 if warning.code == "falls_behind" else 2
                assert warning.params["date"] in cells[column]
                assert cells[3] == str(warning.params["months"])
                assert cells[4] == (warning.params["until_date"] or t("report_slip.never", lang))


def test_no_slip_table_when_nothing_falls_behind(tmp_path):
    _need_font()
    case = load_demo("young_worker")
    settings = case.settings.model_copy(
        update={"plan": case.settings.plan.model_copy(update={"monthly_budget": Decimal("20000")})}
    )
    case = case.model_copy(update={"settings": settings})
    plan = build_plan(case)
    assert not any(w.is_slip for w in plan.warnings + plan.if_nobody_agrees.warnings)
    text = "\n".join(_pages(report_pdf(case, "zh-CN", copy="own"), tmp_path, "noslip"))
    assert t("report_slip.falls_behind", "zh-CN") not in text


@pytest.mark.parametrize("lang", LANGS)
def test_the_statement_names_each_debt_that_falls_behind_with_its_date(lang, statement_pages):
    _need_font()
    squeeze = lambda value: re.sub(r"\s+", "", value)  # noqa: E731 - table cells wrap at spaces
    for name, case in _slipping_cases().items():
        plan, intro = _shown(build_plan(case))
        text = "\n".join(statement_pages[(name, lang, "own")])
        assert squeeze(t(intro, lang))[:20] in squeeze(text)
        lines = [squeeze(line) for line in text.splitlines()]
        for _debt_id, cells in slip_rows(plan, Translator(lang)):
            platform, first = cells[0], cells[1] if cells[1] != "—" else cells[2]
            date = first.split()[0].split("（")[0]
            assert any(squeeze(platform)[:4] in line and date in line for line in lines), (name, platform, date)


# --- short tables and lists kept on one page ---------------------------------------------
def _cells(page: str) -> list[str]:
    return [cell.strip() for line in page.splitlines() for cell in re.split(r"\s{2,}", line) if cell.strip()]


@pytest.mark.parametrize("copy", COPIES)
@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("name", [*DEMO_IDS, "four_debts"])
def test_short_tables_and_facts_are_never_split_over_two_pages(name, lang, copy, statement_pages):
    _need_font()
    case = _case(name)
    report = build_report(case, lang, copy=copy)
    pages = statement_pages[(name, lang, copy)]
    squeeze = lambda value: re.sub(r"\s+", "", value)  # noqa: E731
    # a split table repeats its header on the next page: each header cell appears once
    share = t("report.offers.share", lang)
    assert sum(_cells(page).count(share) for page in pages) == 1
    # the rule that shares the money on the same page as the offers table
    rule = next(b.text for b in report.section("offers").blocks if isinstance(b, Paragraph))
    assert any(squeeze(rule)[:16] in squeeze(page) and share in _cells(page) for page in pages)
    # the plan's facts, first and last line, on one page
    if copy == "own":
        first, last = t("report.plan.budget", lang), t("report.plan.total_fees", lang)
        assert any(first in page and last in page for page in pages)
    # the debts table's total row and its note on the same page as its first debt (a footnote
    # once broke onto the top of the next page)
    total = t("report.total", lang)
    debts_page = next(page for page in pages if t("report.section.debts", lang) in page)
    assert case.debts[0].platform in debts_page
    after = debts_page.split(t("report.section.debts", lang), 1)[1]
    note = t("report.debts.note_own" if copy == "own" else "report.debts.note", lang)
    assert total in after and squeeze(note)[:12] in squeeze(after)


def test_debt_types_in_the_table_are_short():
    for kind in DebtKind:
        assert len(t(f"report_kind.{kind.value}", "zh-CN")) <= 8
        assert "（" not in t(f"report_kind.{kind.value}", "zh-CN")
        assert len(t(f"report_kind.{kind.value}", "en")) <= 26
