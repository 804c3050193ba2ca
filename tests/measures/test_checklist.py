"""The prevent checklist: built from the case, progress counted, ticks kept beside other keys."""

from __future__ import annotations

from overdue_core.case.demo import load_demo
from overdue_core.i18n import catalog
from overdue_core.measures.prevent.checklist import BORROWING_ITEM, GENERAL_ITEMS, items_for, progress, with_ticks


def test_items_follow_the_case():
    young = load_demo("young_worker")
    keys = [item.key for item in items_for(young)]
    assert keys[: len(GENERAL_ITEMS)] == list(GENERAL_ITEMS)
    assert keys[len(GENERAL_ITEMS) :] == [f"rules_read:{d.id}" for d in young.debts]
    assert BORROWING_ITEM not in keys
    driver = load_demo("gig_driver")
    assert [i.key for i in items_for(driver)][1] == BORROWING_ITEM  # borrowing to repay: right after the budget


def test_progress_and_ticks_keep_evidence_keys():
    case = load_demo("young_worker")
    total = len(GENERAL_ITEMS) + len(case.debts)
    assert progress(case) == (0, total)  # the demo stores budget_set = False
    case = case.model_copy(update={"checklist": {**case.checklist, "evidence_contract": True, "rules_read:gone": True}})
    ticked = with_ticks(case, {"budget_set": True, "rules_read:huabei": True})
    assert progress(ticked) == (2, total)  # stale and evidence keys do not count
    assert ticked.checklist["evidence_contract"] is True


def test_every_item_has_a_label_and_help_in_both_languages():
    for case in (load_demo("gig_driver"), load_demo("family_cards")):
        for item in items_for(case):
            for lang in ("zh-CN", "en"):
                assert item.label_key in catalog(lang) and item.help_key in catalog(lang)
