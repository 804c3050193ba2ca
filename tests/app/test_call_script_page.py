"""The call script asks for the reason and says only what the person chose.

A distressed person reads the script aloud as given; a default of "platform system fault" made
it claim "I paid on time but it failed" and threaten a credit dispute for everyone.
"""

from __future__ import annotations

import pytest

from overdue_core.case.demo import load_demo
from overdue_core.case.models import OverdueCause
from overdue_core.i18n import t
from overdue_core.measures.communicate.call_script import preparation_sheet
from tests.helpers import assert_no_exception

PAGE = "pages/communicate.py"


@pytest.mark.parametrize("lang", ["zh-CN", "en"])
def test_no_script_until_a_reason_is_chosen(make_app, lang):
    at = make_app(lang=lang, demo="gig_driver", page=PAGE)
    assert_no_exception(at)
    cause = next(s for s in at.selectbox if s.label == t("communicate.prep.pick_cause", lang))
    assert cause.value is None and cause.proto.placeholder == t("communicate.prep.pick_cause_placeholder", lang)
    assert not at.code  # no script yet
    assert any(i.value == t("communicate.prep.pick_cause_first", lang) for i in at.info)
    cause.set_value("hardship").run()
    script = at.code[0].value
    assert t("communicate.script.cause.hardship", lang) in script
    assert t("communicate.script.cause.system_fault", lang) not in script


@pytest.mark.parametrize("lang", ["zh-CN", "en"])
@pytest.mark.parametrize("cause", [c for c in OverdueCause if c is not OverdueCause.SYSTEM_FAULT])
def test_only_the_platform_error_script_claims_a_platform_error(cause, lang):
    case = load_demo("young_worker")
    script = preparation_sheet(case, case.debts[0].id, cause, lang).script
    for marker in ("平台系统", "按时操作") if lang == "zh-CN" else ("platform's system", "on time"):
        assert marker not in script, (cause, script)
    platform_error = preparation_sheet(case, case.debts[0].id, OverdueCause.SYSTEM_FAULT, lang).script
    assert t("communicate.script.cause.system_fault", lang) in platform_error


def test_statement_details_are_saved_in_the_case(make_app):
    """The Report page's name and contact go into the case (and so into the statement's signature block)."""
    at = make_app(lang="zh-CN", demo="young_worker", page="pages/report.py")
    assert_no_exception(at)
    name = next(x for x in at.text_input if x.label == t("report.summary.name", "zh-CN"))
    contact = next(x for x in at.text_input if x.label == t("report.summary.contact", "zh-CN"))
    name.input("𠮷田明")
    contact.input("手机 138 0000 1234")
    next(b for b in at.button if b.label == t("report.page.person_save", "zh-CN")).click().run()
    assert_no_exception(at)
    person = at.session_state["case"].person
    assert (person.name, person.contact) == ("𠮷田明", "手机 138 0000 1234")
