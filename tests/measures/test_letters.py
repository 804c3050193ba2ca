"""Hardship letter and call script: the advisers' order, the case's real figures, both languages."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

import pytest

from overdue_core.case.demo import load_demo
from overdue_core.case.models import Case, PaymentRecord
from overdue_core.measures.negotiate.letters import hardship_letter, negotiation_script, parse_request

CJK = re.compile(r"[\u3400-\u9fff]")


def request(**changes):
    data = {
        "debt_id": "jiebei",
        "name": "Lin",
        "reason": "I was out of work for two months",
        "since": "2026-08-01",
        "income_before": "8000",
        "income_after": "6500",
        "monthly_offer": "700.50",
        "months": 18,
        "start": "2026-12-12",
        "payment_day": 12,
        "best_time": "after 7 pm",
        "enclosures": ["income_change", "repayment_record"],
    }
    data.update(changes)
    req, problems = parse_request(data, "en")
    assert problems == [], problems
    return req


@pytest.fixture
def case() -> Case:
    case = load_demo("young_worker")
    data = case.model_dump()
    data["payments"] = [PaymentRecord(debt_id="jiebei", month=dt.date(2026, 11, 1), amount=Decimal("500")).model_dump()]
    return Case.model_validate(data)


def test_letter_carries_the_real_figures_in_the_advisers_order(case):
    debt = case.debt("jiebei")
    letter = hardship_letter(case, request(), "en", today=dt.date(2026, 11, 24))
    figures = [
        f"{debt.total_owed:,.2f}",
        f"{debt.overdue_amount:,.2f}",
        f"({debt.days_overdue} {'day' if debt.days_overdue == 1 else 'days'})",
        f"{debt.monthly_due:,.2f}",
    ]
    for figure in figures:
        assert figure in letter
    assert "700.50 yuan a month for 18 months (12,609.00 yuan in all), starting on 2026-12-12, on day 12" in letter
    assert "from 8,000.00 yuan to 6,500.00 yuan" in letter and "1 payment, 500.00 yuan" in letter
    order = [
        "I am writing about my account",
        "my situation has changed",
        "I enclose:",
        "My request:",
        "return to the normal monthly payment",
        "The best time to reach me is after 7 pm",
        "confirm any agreement in writing",
    ]
    positions = [letter.index(part) for part in order]
    assert positions == sorted(positions)
    assert not CJK.search(letter.replace(debt.platform, ""))


def test_chinese_letter_and_optional_parts(case):
    req = request(
        reason="失业两个月",
        income_before=None,
        income_after=None,
        enclosures=[],
        ask_penalty_stop=False,
        resume="明年 3 月起恢复按月还款",
    )
    letter = hardship_letter(case, req, "zh-CN", today=dt.date(2026, 11, 24))
    assert "每月还 700.50 元，共 18 个月（合计 12,609.00 元），从 2026-12-12 开始，每月 12 日还款" in letter
    assert "月收入从" not in letter and "随信附上" not in letter and "停止计收罚息" not in letter
    assert "之后如何恢复正常还款：明年 3 月起恢复按月还款" in letter
    assert "请书面确认" in letter


def test_script_is_numbered_and_short(case):
    script = negotiation_script(case, request(), "en")
    lines = script.strip().splitlines()
    assert lines[0].startswith("1. Hello, my name is Lin.") and len(lines) == 8
    assert "700.50 yuan a month for 18 months" in script


def test_bad_request_names_the_fields():
    req, problems = parse_request(
        {"debt_id": "jiebei", "reason": " ", "monthly_offer": "-1", "months": 0, "start": "soon", "payment_day": 32},
        "en",
    )
    assert req is None
    paths = {p.path for p in problems}
    assert {
        "What happened",
        "Monthly amount you offer",
        "Number of months",
        "First payment date",
        "Payment day of the month",
    } <= paths
    req, problems = parse_request(
        {
            "debt_id": "jiebei",
            "reason": "x",
            "monthly_offer": "0",
            "months": 3,
            "start": "2026-12-01",
            "payment_day": 1,
        },
        "zh-CN",
    )
    assert req is None and problems[0].message == "每月金额要大于 0"


@pytest.mark.parametrize("lang", ["zh-CN", "en"])
def test_the_plans_offer_repays_exactly_what_is_owed_and_the_letter_says_the_last_installment(case, lang):
    from overdue_core.case.money import fmt_money
    from overdue_core.plan import build_plan

    offer = build_plan(case).offers["huabei"]
    assert offer.final is not None and offer.months > 1
    req = request(debt_id="huabei", monthly_offer=str(offer.monthly), months=offer.months, final=str(offer.final))
    letter = hardship_letter(case, req, lang, today=dt.date(2026, 11, 24))
    script = negotiation_script(case, req, lang)
    for text in (letter, script):
        assert fmt_money(offer.final) in text and fmt_money(offer.total) in text
    assert offer.total == case.debt("huabei").total_owed
    # Repaid in full by the offer: the letter says it is cleared, not that contract payments resume.
    cleared = {"zh-CN": "全部还清", "en": "fully repaid"}[lang]
    assert cleared in letter
