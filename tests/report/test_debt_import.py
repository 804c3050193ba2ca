"""Imports: CSV (UTF-8, BOM, GBK) and XLSX, headers in either language, bad rows by line."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from overdue_core.case.demo import DEMO_IDS, load_demo
from overdue_core.case.models import Debt, DebtKind, MinimumPaymentRule, MinimumRuleKind, Repayment
from overdue_core.report.exports import debts_csv, debts_xlsx, template_csv, template_xlsx
from overdue_core.report.debt_import import MAX_IMPORT_BYTES, MAX_ROWS, merge_debts, read_debts
from tests.helpers import examples

ZH_HEADER = (
    "平台,类型,未到期本金（元）,年利率（0.18 或 18%）,还款方式,剩余期数,本月应还（元）,逾期金额（元）,逾期天数,持牌机构"
)
ZH_ROWS = [
    "花呗,先用后付（花呗、白条等）,3200.00,15%,等额本息（每月一样多）,6,556.91,1120.00,45,是",
    "借呗,分期借款（借呗、消费金融等）,12000,0.18,等额本息（每月一样多）,12,1100.13,0,0,是",
]


def _zh_csv() -> str:
    return "\r\n".join([ZH_HEADER, *ZH_ROWS]) + "\r\n"


def _check_two_debts(result):
    assert result.problems == []
    first, second = result.debts
    assert first.platform == "花呗" and first.kind == DebtKind.BNPL
    assert first.balance == Decimal("3200.00") and first.annual_rate == Decimal("0.15")
    assert first.overdue_amount == Decimal("1120.00") and first.days_overdue == 45
    assert second.balance == Decimal("12000.00") and second.remaining_terms == 12
    assert [first.id, second.id] == ["d1", "d2"]  # no ID column: numbered


@pytest.mark.parametrize(
    "encode",
    [
        pytest.param(lambda s: s.encode("utf-8"), id="utf8"),
        pytest.param(lambda s: s.encode("utf-8-sig"), id="utf8-bom"),
        pytest.param(lambda s: s.encode("gbk"), id="gbk"),
        pytest.param(lambda s: s.encode("gb18030"), id="gb18030"),
    ],
)
def test_csv_encodings(encode):
    _check_two_debts(read_debts(encode(_zh_csv()), "debts.csv", "zh-CN"))


def test_xlsx_with_chinese_headers():
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(ZH_HEADER.split(","))
    for row in ZH_ROWS:
        cells = row.split(",")
        sheet.append(
            [
                cells[0],
                cells[1],
                float(cells[2]),
                cells[3],
                cells[4],
                int(cells[5]),
                float(cells[6]),
                float(cells[7]),
                int(cells[8]),
                cells[9],
            ]
        )
    buffer = io.BytesIO()
    book.save(buffer)
    _check_two_debts(read_debts(buffer.getvalue(), "debts.xlsx", "zh-CN"))


def test_english_labels_and_field_names_are_both_accepted():
    text = (
        "Platform,kind,Balance not yet due (yuan),annual_rate,Repayment method,remaining_terms,monthly_due,"
        "Overdue amount (yuan),days_overdue\n"
        "Card,Credit card,5000,18.25%,Minimum payment (revolving),0,500,500,12\n"
    )
    result = read_debts(text.encode(), "x.csv", "en")
    assert result.problems == []
    (debt,) = result.debts
    assert debt.kind == DebtKind.CREDIT_CARD and debt.repayment == Repayment.MINIMUM_PAYMENT
    assert debt.annual_rate == Decimal("0.1825")


def test_tab_and_semicolon_separated_files():
    for sep in ("\t", ";"):
        text = (
            sep.join(["platform", "balance", "repayment"])
            + "\n"
            + sep.join(["A", "1,200.50" if sep != "," else "1200.50", "bullet"])
            + "\n"
        )
        result = read_debts(text.encode(), "x.csv", "en")
        assert result.problems == [] and result.debts[0].balance == Decimal("1200.50")


def test_bad_rows_are_reported_with_line_and_column_and_good_rows_kept():
    text = (
        "平台,未到期本金（元）,逾期金额（元）,逾期天数,还款方式,借款日期\n"
        "花呗,abc,0,0,到期一次还清,\n"  # line 2: not a number
        "\n"  # an empty line is skipped, but lines keep counting
        "借呗,1000,100,0,到期一次还清,\n"  # line 4: overdue without days (whole-row rule)
        "白条,500,0,0,火箭,\n"  # line 5: unknown repayment
        "京东,800,0,0,到期一次还清,2026年3月5日\n"  # line 6: good, Chinese date
        "美团,700,0,0,到期一次还清,2026-13-40\n"  # line 7: bad date
    )
    result = read_debts(text.encode("gbk"), "x.csv", "zh-CN")
    messages = [str(p) for p in result.problems]
    assert messages[0].startswith("第 2 行 › 未到期本金（元）: ") and "数字" in messages[0]
    assert messages[1].startswith("第 4 行 › 逾期天数: ") and "多少天" in messages[1]
    assert messages[2].startswith("第 5 行 › 还款方式: ") and "到期一次还清" in messages[2]
    assert messages[3].startswith("第 7 行 › 借款日期: ")
    assert len(messages) == 4
    assert [r.line for r in result.rows] == [6]
    assert result.debts[0].contract_date == dt.date(2026, 3, 5)


def test_problems_are_translated_to_english():
    result = read_debts(b"Platform,Balance not yet due (yuan),repayment\nA,-5,bullet\n", "x.csv", "en")
    assert [str(p) for p in result.problems] == ["Row 2 › Balance not yet due (yuan): An amount cannot be negative"]


def test_duplicate_ids_in_the_file():
    result = read_debts(b"id,platform,repayment,balance\na,A,bullet,1\na,B,bullet,2\n", "x.csv", "en")
    assert [r.line for r in result.rows] == [2]
    assert result.problems[0].path == "Row 3 › id" and result.problems[0].code == "duplicate_id"


def test_unknown_columns_are_named_and_ignored():
    result = read_debts("platform,repayment,balance,颜色\nA,bullet,1,红\n".encode(), "x.csv", "zh-CN")
    assert result.problems == [] and result.ignored_columns == ["颜色"]


@pytest.mark.parametrize(
    ("raw", "name", "code"),
    [
        (b"", "x.csv", "empty"),
        (b"x" * (MAX_IMPORT_BYTES + 1), "x.csv", "too_large"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, "x.xls", "old_xls"),
        (b"PK\x03\x04 not really a zip", "x.xlsx", "bad_xlsx"),
        (b"hello", "x.xlsx", "bad_xlsx"),
        (b"\x00\x01\x02binary", "x.csv", "not_text"),
        (b"colour,size\nred,2\n", "x.csv", "no_header"),
        (b"balance\n100\n", "x.csv", "missing_column"),
        (b"platform\n\n\n", "x.csv", "no_rows"),
        (("platform\n" + "A\n" * (MAX_ROWS + 1)).encode(), "x.csv", "too_many_rows"),
    ],
)
def test_unreadable_files_give_one_clear_problem(raw, name, code):
    result = read_debts(raw, name, "zh-CN")
    assert result.rows == []
    assert [p.code for p in result.problems] == [code]
    assert result.problems[0].message and "imports." not in result.problems[0].message


@pytest.mark.parametrize("lang", ["zh-CN", "en"])
def test_templates_import_cleanly(lang):
    for data, name in ((template_csv(lang), "t.csv"), (template_xlsx(lang), "t.xlsx")):
        result = read_debts(data, name, lang)
        assert result.problems == [] and len(result.debts) == 1


@pytest.mark.parametrize("typed", ["=1+1", "'=1+1", "''x", "'plain", "-3", "@home", "+86 138"])
def test_formula_like_text_survives_csv_and_xlsx(typed):
    debt = Debt(id="a", platform=typed, balance="1", repayment="bullet", account_ref=typed)
    for data, name in ((debts_csv([debt], "en"), "d.csv"), (debts_xlsx([debt], "en"), "d.xlsx")):
        assert read_debts(data, name, "en").debts == [debt]


def test_merge_replace_and_append_never_touch_the_given_case():
    case = load_demo("young_worker")
    before = case.model_dump()
    imported = read_debts(
        "id,platform,repayment,balance\nhuabei,新的花呗,bullet,100\n".encode(), "x.csv", "zh-CN"
    ).debts
    replaced, problems = merge_debts(case, imported, "replace", "zh-CN")
    assert problems == [] and [d.platform for d in replaced.debts] == ["新的花呗"]
    appended, problems = merge_debts(case, imported, "append", "zh-CN")
    assert problems == [] and [d.id for d in appended.debts] == ["huabei", "baitiao", "jiebei", "d4"]
    assert case.model_dump() == before


def test_merge_refuses_more_debts_than_a_case_holds():
    case = load_demo("gig_driver")
    many = [Debt(id=f"x{i}", platform="A", balance="1", repayment="bullet") for i in range(MAX_ROWS)]
    merged, problems = merge_debts(case, many, "append", "en")
    assert merged is None and problems and "200" in problems[0].message


@pytest.mark.parametrize("demo", DEMO_IDS)
@pytest.mark.parametrize("lang", ["zh-CN", "en"])
def test_demo_debts_round_trip(demo, lang):
    debts = load_demo(demo).debts
    assert read_debts(debts_csv(debts, lang), "d.csv", lang).debts == debts
    assert read_debts(debts_xlsx(debts, lang), "d.xlsx", lang).debts == debts
    # exported in one language, imported by someone reading the other
    other = "en" if lang == "zh-CN" else "zh-CN"
    assert read_debts(debts_csv(debts, lang), "d.csv", other).debts == debts


# --- property: export -> import gives the same debts ---------------------------------------------
money = st.decimals(min_value=0, max_value=10_000_000, places=2, allow_nan=False, allow_infinity=False)
rates = st.decimals(min_value=0, max_value=5, places=4, allow_nan=False, allow_infinity=False)
fractions = st.decimals(min_value=0, max_value=1, places=4, allow_nan=False, allow_infinity=False)
text = st.text(st.characters(codec="utf-8", exclude_categories=("Cs", "Cc", "Zl", "Zp")), max_size=30)
names = text.map(str.strip).filter(bool)


@st.composite
def debts(draw):
    overdue = draw(money)
    days = draw(st.integers(1, 3650)) if overdue > 0 else 0
    repayment = draw(st.sampled_from(list(Repayment)))
    balance = draw(money)
    terms = (
        draw(st.integers(1, 600))
        if repayment in (Repayment.EQUAL_INSTALLMENT, Repayment.EQUAL_PRINCIPAL)
        else draw(st.integers(0, 600))
    )
    rule = draw(
        st.none()
        | st.builds(
            MinimumPaymentRule,
            kind=st.sampled_from(list(MinimumRuleKind)),
            percent=fractions,
            floor=money,
            fixed_amount=money,
        )
    )
    return Debt(
        id=draw(st.from_regex(r"[a-z][a-z0-9_-]{0,10}", fullmatch=True)),
        platform=draw(names),
        kind=draw(st.sampled_from(list(DebtKind))),
        balance=balance,
        annual_rate=draw(rates),
        repayment=repayment,
        remaining_terms=terms,
        monthly_due=draw(money),
        overdue_amount=overdue,
        days_overdue=days,
        penalty_rate=draw(rates),
        late_fee_rate=draw(fractions),
        lender_licensed=draw(st.booleans()),
        due_day=draw(st.none() | st.integers(1, 31)),
        minimum_rule=rule,
        principal_received=draw(st.none() | money),
        upfront_fee=draw(money),
        monthly_fee=draw(money),
        contract_date=draw(st.none() | st.dates(dt.date(2000, 1, 1), dt.date(2030, 12, 31))),
        account_ref=draw(text),
        notes=draw(text),
    )


def _unique(items: list[Debt]) -> list[Debt]:
    seen, out = set(), []
    for d in items:
        if d.id not in seen:
            seen.add(d.id)
            out.append(d)
    return out


@settings(max_examples=examples(60), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    items=st.lists(debts(), min_size=1, max_size=5).map(_unique),
    lang=st.sampled_from(["zh-CN", "en"]),
    xlsx=st.booleans(),
)
def test_export_then_import_gives_the_same_debts(items, lang, xlsx):
    data = debts_xlsx(items, lang) if xlsx else debts_csv(items, lang)
    result = read_debts(data, "d.xlsx" if xlsx else "d.csv", lang)
    assert result.problems == []
    assert result.debts == items


def test_benchmark_read_debts_csv(benchmark):
    data = debts_csv(load_demo("gig_driver").debts * 1, "zh-CN")
    result = benchmark(read_debts, data, "d.csv", "zh-CN")
    assert len(result.debts) == 6
