"""The Prevent page's follow-through once months have passed: money paid short of the plan is
told in one sentence per language, in that language's typography (it used to be two messages
joined with a space, which read as "元 已经" in Chinese and ran two sentences together in English)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from overdue_core.case.demo import load_demo
from overdue_core.case.models import Case
from overdue_core.i18n import t
from overdue_core.measures.prevent.followthrough import follow_through, record_month
from tests.helpers import assert_no_exception
from tests.helpers.page_text import card_rows


def _behind_case() -> tuple[Case, Decimal]:
    """gig_driver started two months ago, month 1 paid to 借呗 only: the others fell behind."""
    data = load_demo("gig_driver").model_dump()
    start = (dt.date.today().replace(day=1) - dt.timedelta(days=40)).replace(day=1)
    data["as_of"] = start
    case = Case.model_validate(data)
    data["payments"] = record_month(case, start, {"jiebei": Decimal("1000")})
    case = Case.model_validate(data)
    follow = follow_through(case, dt.date.today())
    behind = follow.paid_short_earlier
    assert behind > 0
    return case, behind


@pytest.mark.parametrize("lang", ["zh-CN", "en"])
def test_paid_short_of_the_plan_is_one_sentence(make_app, lang):
    case, behind = _behind_case()
    at = make_app(lang=lang, case=case, page="pages/prevent.py")
    assert_no_exception(at)
    infos = [i.value for i in at.info]
    assert t("followthrough.behind_replanned", lang, amount=f"{behind:,.2f}") in infos


@pytest.mark.parametrize("lang", ["zh-CN", "en"])
def test_an_unknown_due_day_is_asked_for_never_invented(make_app, lang):
    """No due day entered: no date to call before is made up (it used to be the month's last day)."""
    data = load_demo("two_behind").model_dump()
    data["as_of"] = dt.date.today().replace(day=1)
    for debt in data["debts"]:
        debt["due_day"] = None
    case = Case.model_validate(data)
    follow = follow_through(case, dt.date.today())
    assert all(row.due_date is None for row in follow.debts) and follow.warn_first
    assert not [row for row in follow.debts if row.status == "missed"]  # not "missed" on a date nobody knows
    at = make_app(lang=lang, case=case, page="pages/prevent.py")
    assert_no_exception(at)
    warnings = [w.value for w in at.warning]
    names = [row.platform for row in follow.warn_first]
    if len(names) == 1:
        assert t("followthrough.warn_first_no_date", lang, platform=names[0]) in warnings
    else:  # one box names them all, each with "not entered" for its date
        (box,) = [w for w in warnings if all(name in w for name in names)]
        assert box.count(t("followthrough.no_due_day", lang)) == len(names)
    cards = [row for row in card_rows(at, "platform") if t("followthrough.due_col", lang) in row]
    assert cards and {row[t("followthrough.due_col", lang)] for row in cards} == {t("followthrough.no_due_day", lang)}
    month_end = (dt.date.today().replace(day=28) + dt.timedelta(days=4)).replace(day=1) - dt.timedelta(days=1)
    assert month_end.isoformat() not in " ".join(warnings)
