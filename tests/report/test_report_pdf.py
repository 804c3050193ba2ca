"""The PDF report: Chinese renders, figures are exact, accounts masked, English stays English.

Text is checked with pdftotext and a page is rendered with pdftoppm (poppler-utils). Where
poppler is missing these tests skip with a message, except under CI=true, where they fail.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from overdue_core.case.demo import load_demo
from overdue_core.case.models import ContactEntry, Negotiation
from overdue_core.i18n import t
from overdue_core.plan.engine import build_plan
from overdue_core.report.data import SECTIONS, BarChart, LineChart, Table, build_report, mask_digits
from overdue_core.report.fonts import find_cjk_font
from overdue_core.report.pdf import render_pdf, report_pdf
from tests.helpers import artifact

IN_CI = os.environ.get("CI", "").lower() == "true"
CJK = re.compile(r"[\u3400-\u9fff]")


def _need(tool: str) -> str:
    path = shutil.which(tool)
    if path is None:
        message = f"{tool} not found (install Debian's poppler-utils; `make test` does as root)"
        if IN_CI:
            pytest.fail(message)
        pytest.skip(message)
    return path


def _need_font() -> Path:
    font = find_cjk_font()
    if font is None:
        message = "no CJK TrueType font found (install fonts-wqy-microhei)"
        if IN_CI:
            pytest.fail(message)
        pytest.skip(message)
    return font


def pdf_text(data: bytes, tmp_path: Path) -> str:
    tool = _need("pdftotext")
    source = tmp_path / "report.pdf"
    source.write_bytes(data)
    subprocess.run([tool, "-layout", str(source), str(tmp_path / "report.txt")], check=True, timeout=60)
    return (tmp_path / "report.txt").read_text(encoding="utf-8")


def _busy_case():
    """family_cards with a negotiation and a contact whose note holds a card number."""
    case = load_demo("family_cards")
    contact = ContactEntry(
        id="c9",
        when="2026-10-20T10:30:00",
        platform="招商银行",
        channel="phone",
        said="客服说卡号 6225 8800 1234 5678 可以申请分期",
        account_ref="6225880012345678",
    )
    negotiation = Negotiation(debt_id="cmb-card", status="asked", requested_monthly="800.00", requested_months=36)
    return case.model_copy(update={"contacts": [*case.contacts, contact], "negotiations": [negotiation]})


@pytest.fixture(scope="module")
def zh_pdf() -> bytes:
    _need_font()
    return report_pdf(load_demo("gig_driver"), "zh-CN")


def test_chinese_report_has_labels_and_exact_figures(zh_pdf, tmp_path):
    text = pdf_text(zh_pdf, tmp_path)
    for key in SECTIONS["creditor"]:
        assert t(f"report.section.{key}", "zh-CN") in text, key
    assert t("report.title", "zh-CN") in text
    assert "66,610.00" in text  # the demo's total owed
    assert "借呗" in text and "美团月付" in text
    plan = build_plan(load_demo("gig_driver"))
    for amount in plan.suggested_offers.values():  # every pro-rata offer, to the fen
        assert f"{amount:,.2f}" in text
    assert "1,750.00" in text  # the offers add up to the budget
    assert t("report.sign.signature", "zh-CN") in text and t("report.sign.date", "zh-CN") in text
    own = pdf_text(report_pdf(load_demo("gig_driver"), "zh-CN", copy="own"), tmp_path)
    for key in SECTIONS["own"]:
        assert t(f"report.section.{key}", "zh-CN") in own, key
    assert t("report.title_own", "zh-CN") in own and "66,610.00" in own


def test_page_renders_to_png_and_is_kept_as_an_artifact(zh_pdf, tmp_path):
    tool = _need("pdftoppm")
    source = tmp_path / "report.pdf"
    source.write_bytes(zh_pdf)
    subprocess.run(
        [tool, "-png", "-r", "70", "-f", "1", "-l", "2", str(source), str(tmp_path / "page")], check=True, timeout=60
    )
    pages = sorted(tmp_path.glob("page-*.png"))
    assert len(pages) == 2  # pages 1 and 2 of the statement
    for page in pages:
        data = page.read_bytes()
        assert data.startswith(b"\x89PNG") and len(data) > 20_000  # a drawn page, not a blank one
    shutil.copy(pages[1], artifact("report-gig_driver-zh-page2.png"))


@pytest.mark.parametrize("copy", ["creditor", "own"])
def test_english_report_is_english_apart_from_user_data(tmp_path, copy):
    _need_font()
    case = load_demo("gig_driver")
    text = pdf_text(report_pdf(case, "en", copy=copy), tmp_path)
    assert "Financial statement" in text and "66,610.00" in text
    assert "Monthly offer to each creditor" in text
    assert ("Declaration and signature" in text) == (copy == "creditor")
    user_text = " ".join(
        [
            case.title,
            *(d.platform for d in case.debts),
            *(d.notes for d in case.debts),
            *(i.name for i in case.household.incomes),
            *(e.name for e in case.household.expenses),
        ]
    )
    runs = re.findall(r"[\u3400-\u9fff\uff00-\uffef\u3000-\u303f]+", text)
    assert runs, "the user's Chinese platform names should be printed"
    assert [run for run in runs if run not in user_text] == []


@pytest.mark.parametrize("copy", ["creditor", "own"])
def test_account_numbers_are_masked_everywhere(tmp_path, copy):
    _need_font()
    text = pdf_text(report_pdf(_busy_case(), "zh-CN", copy=copy), tmp_path)
    assert "6225880012345678" not in text and "6225 8800 1234 5678" not in text
    assert "****5678" in text
    if copy == "own":  # negotiations so far are in the person's copy only
        assert t("enum.negotiation_status.asked", "zh-CN") in text and "800.00" in text


def test_pdf_without_a_cjk_font_is_still_made(monkeypatch, tmp_path):
    monkeypatch.setattr("overdue_core.report.pdf.find_cjk_font", lambda: None)
    data = report_pdf(load_demo("young_worker"), "en")
    assert data.startswith(b"%PDF")
    text = pdf_text(data, tmp_path)
    assert "19,080.00" in text and "no CJK font installed" in text


def test_report_data_offers_are_the_plans_own():
    from overdue_core.plan import build_plan

    case = load_demo("family_cards")
    plan = build_plan(case)
    report = build_report(case, "en", plan=plan)
    offers = next(b for b in report.section("offers").blocks if isinstance(b, Table))
    total = offers.total
    monthly = [plan.offers[d.id].this_month for d in case.debts]
    assert total is not None and total[4] == f"{sum(monthly):,.2f}"
    # The whole budget is shared: every creditor gets its part, which is the plan's month-1 payment.
    assert sum(monthly) == plan.budget
    first = plan.schedule[plan.schedule["month"] == 1].set_index("debt_id")["payment"]
    for row, debt in zip(offers.rows, case.debts, strict=True):
        offer = plan.offers[debt.id]
        assert offer.kind == "installments" and f"{offer.monthly:,.2f}" in row[4] and offer.monthly == first[debt.id]
        assert offer.total <= offer.cap
    assert offers.swatches == ["#E69F00", "#56B4E9", "#009E73"]


def test_report_has_a_chart_per_debt_in_palette_colours():
    case = load_demo("gig_driver")
    report = build_report(case, "zh-CN", copy="own")
    blocks = [b for s in report.sections for b in s.blocks]
    bars = next(b for b in blocks if isinstance(b, BarChart))
    lines = next(b for b in blocks if isinstance(b, LineChart))
    assert bars.values == [d.total_owed for d in case.debts]
    assert len(bars.colours) == len(set(bars.colours)) == 6
    assert [s[1] for s in lines.series] == bars.colours


def test_empty_case_report():
    from overdue_core.case.models import new_case

    data = report_pdf(new_case(locale="en"), "en")
    assert data.startswith(b"%PDF")


def test_spending_has_no_invented_reference_figures():
    report = build_report(load_demo("young_worker"), "zh-CN")
    finances = report.section("finances")
    spending = [b for b in finances.blocks if isinstance(b, Table)][1]
    assert spending.header[-1] == t("report.finances.share_of_income", "zh-CN")
    assert len(spending.header) == 4  # category, essential, other, share of income: no invented column


@pytest.mark.parametrize(
    ("raw", "masked"),
    [
        ("卡号 6225 8800 1234 5678 分期", "卡号 ****5678 分期"),
        ("电话 13800138000", "电话 ****8000"),
        ("还 500 元", "还 500 元"),
        ("2026-11-01", "2026-11-01"),
    ],
)
def test_mask_digits(raw, masked):
    assert mask_digits(raw) == masked


def test_benchmark_pdf(benchmark):
    _need_font()
    case = load_demo("gig_driver")
    plan = build_plan(case)
    data = benchmark.pedantic(render_pdf, args=(build_report(case, "zh-CN", plan=plan),), rounds=3, iterations=1)
    assert data.startswith(b"%PDF")
