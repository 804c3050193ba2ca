"""Exports: Excel-friendly CSV (BOM, CRLF), exact decimals, XLSX readable back, no formulas."""

from __future__ import annotations

import csv
import io
import zipfile
from decimal import Decimal

import openpyxl
import pytest

from overdue_core.case.demo import DEMO_IDS, load_demo
from overdue_core.case.models import Debt
from overdue_core.plan.engine import build_plan
from overdue_core.report.exports import (
    DEBT_COLUMNS,
    debts_csv,
    debts_xlsx,
    schedule_csv,
    schedule_xlsx,
    table_csv,
    template_csv,
    template_xlsx,
)
from overdue_core.user_text import escape_formula


def _csv_rows(data: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))


@pytest.mark.parametrize("lang", ["zh-CN", "en"])
def test_debts_csv_starts_with_bom_and_uses_crlf(lang):
    data = debts_csv(load_demo("gig_driver").debts, lang)
    assert data.startswith(b"\xef\xbb\xbf")
    assert b"\r\n" in data and b"\n" not in data.replace(b"\r\n", b"")


def test_debts_csv_headers_follow_the_language():
    zh = _csv_rows(debts_csv([], "zh-CN"))[0]
    en = _csv_rows(debts_csv([], "en"))[0]
    assert zh[:2] == ["编号", "平台"] and en[:2] == ["ID", "Platform"]
    assert len(zh) == len(en) == len(DEBT_COLUMNS)


def test_amounts_are_written_as_exact_two_place_decimals():
    case = load_demo("family_cards")
    rows = _csv_rows(debts_csv(case.debts, "en"))
    header = rows[0]
    balance = header.index("Balance not yet due (yuan)")
    rate = header.index("Annual rate (0.18 or 18%)")
    due = header.index("Due this month (yuan)")
    assert [r[balance] for r in rows[1:]] == [f"{d.balance:.2f}" for d in case.debts]
    assert [r[due] for r in rows[1:]] == ["2800.00", "1200.00", "1860.51"]
    assert [Decimal(r[rate]) for r in rows[1:]] == [d.annual_rate for d in case.debts]


def test_xlsx_reads_back_with_openpyxl_and_keeps_exact_amounts():
    case = load_demo("family_cards")
    data = debts_xlsx(case.debts, "zh-CN")
    book = openpyxl.load_workbook(io.BytesIO(data))
    assert book.sheetnames == ["欠款", "填写说明"]
    rows = list(book["欠款"].iter_rows(values_only=True))
    assert rows[0][1] == "平台"
    assert [r[1] for r in rows[1:]] == [d.platform for d in case.debts]
    due_col = rows[0].index("本月应还（元）")
    assert [Decimal(repr(r[due_col])) for r in rows[1:]] == [d.monthly_due for d in case.debts]
    # the stored cell text is the exact decimal, not a binary approximation
    sheet_xml = zipfile.ZipFile(io.BytesIO(data)).read("xl/worksheets/sheet1.xml").decode()
    assert "<v>1860.51</v>" in sheet_xml
    assert book["欠款"].cell(row=2, column=due_col + 1).number_format == "#,##0.00"


def test_guide_sheet_lists_allowed_values():
    book = openpyxl.load_workbook(io.BytesIO(debts_xlsx([], "en")))
    guide = list(book["How to fill in"].iter_rows(values_only=True))
    kind_row = next(r for r in guide if r[1] == "kind")
    assert "Credit card" in kind_row[3]


def test_text_that_looks_like_a_formula_stays_text():
    debt = Debt(id="x", platform='=HYPERLINK("http://evil")', balance="0", repayment="bullet")
    rows = _csv_rows(debts_csv([debt], "en"))
    assert rows[1][1].startswith("'=")
    book = openpyxl.load_workbook(io.BytesIO(debts_xlsx([debt], "en")))
    cell = book.worksheets[0].cell(row=2, column=2)
    assert cell.data_type == "s" and cell.value == debt.platform
    assert escape_formula("-1") == "'-1" and escape_formula("花呗") == "花呗"


@pytest.mark.parametrize("demo", DEMO_IDS)
def test_schedule_files_match_the_plan_to_the_fen(demo):
    plan = build_plan(load_demo(demo))
    records = plan.schedule.to_dict("records")
    rows = _csv_rows(schedule_csv(records, "en"))
    assert len(rows) == len(records) + 1
    payments = sum((Decimal(r[3]) for r in rows[1:]), Decimal("0"))
    assert payments == plan.total_paid
    book = openpyxl.load_workbook(io.BytesIO(schedule_xlsx(records, "zh-CN")))
    xrows = list(book.worksheets[0].iter_rows(values_only=True))
    assert xrows[0][0] == "第几个月" and len(xrows) == len(records) + 1
    assert sum((Decimal(repr(r[3])) for r in xrows[1:]), Decimal("0")) == plan.total_paid


def test_table_csv_writes_each_python_type_plainly():
    import datetime as dt

    data = table_csv(["a", "b", "c", "d", "e"], [[Decimal("1.5"), dt.date(2026, 1, 2), True, 3, "=x"]], "zh-CN")
    assert _csv_rows(data)[1] == ["1.50", "2026-01-02", "是", "3", "'=x"]


@pytest.mark.parametrize("lang", ["zh-CN", "en"])
def test_templates_have_one_example_row(lang):
    assert len(_csv_rows(template_csv(lang))) == 2
    book = openpyxl.load_workbook(io.BytesIO(template_xlsx(lang)))
    assert len(list(book.worksheets[0].iter_rows(values_only=True))) == 2


def test_benchmark_debts_xlsx(benchmark):
    debts = load_demo("gig_driver").debts
    data = benchmark(debts_xlsx, debts, "zh-CN")
    assert data.startswith(b"PK")
