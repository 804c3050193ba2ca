"""The creditor copy and the person's own copy: what each says, checked on the report data and on
the PDF's text layer, for every demo in both languages.

- every creditor's offer is the plan's own offer object (``build_plan(case).offers``), in the
  data and in the printed text;
- what the person wrote on the Negotiate page is printed in their words, for one creditor or
  for all; account numbers (the debt's own, else the contact log's) are printed masked;
- the creditor copy has no legal references, no "if nobody agrees" and no plan details; the
  person's copy has them;
- no rate is printed where none was stated (never 0.00 %), no app terms, and every section with
  figures is dated with the case's as-of date.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

import pytest

from overdue_core.case.demo import DEMO_IDS, load_demo
from overdue_core.case.models import AgreedTerms, ContactEntry, Negotiation
from overdue_core.i18n import Translator, catalog, t
from overdue_core.plan import build_plan, offer_cell
from overdue_core.report.data import COPIES, SECTIONS, Paragraph, Quote, Table, WriteIn, build_report, offer_words
from overdue_core.report.details import account_ref, hardship_for, masked_account, missing_details, with_details
from overdue_core.report.pdf import report_pdf
from tests.helpers import OnDemand
from tests.report.test_statement import drawn_pages

LANGS = ("zh-CN", "en")
STORY = (
    "2026年6月公司裁员，我失业了三个月，9月才找到新工作，工资比以前少了两千。"
    "现在每个月能拿出来还款的钱有限，想和各家商量分期。"
)
OTHER_STORY = "这笔是帮家人周转借的，家人生病住院，钱一直没能还回来。"


def squeeze(value: str) -> str:
    return re.sub(r"\s+", "", value)


def printed_in_row(text: str, first: str, cell: str, after: str = "") -> bool:
    """Whether ``cell`` is printed in the table row that starts with ``first`` (after ``after``):
    its words in order, close behind the row's first cell. A cell that wraps shares its lines
    with the other columns' text, so the words are looked for in order rather than as one run."""
    flat = squeeze(text)
    start = flat.find(squeeze(after)) if after else 0
    position = flat.find(squeeze(first)[:4], max(start, 0))
    if start < 0 or position < 0:
        return False
    for word in re.split(r"\s+|(?<=[（(])", cell):
        if not word:
            continue
        found = flat.find(word, position, position + 260)
        if found < 0:
            return False
        position = found + len(word)
    return True


def _with_story(case, story: str = STORY):
    """The case with the Negotiate page's "what happened" saved for every debt, and an account
    number for the first debt."""
    negotiations = [Negotiation(debt_id=d.id, reason=story) for d in case.debts]
    first = case.debts[0].model_copy(update={"account_ref": "LN2026043000771234"})
    return case.model_copy(update={"negotiations": negotiations, "debts": [first, *case.debts[1:]]})


@pytest.fixture(scope="module")
def texts(tmp_path_factory):
    """PDF text of both copies (and a copy for the first creditor) of every demo with a story,
    each drawn when a test first reads it."""

    def pdf(demo, lang, copy):
        case = _with_story(load_demo(demo))
        if copy == "one":
            return report_pdf(case, lang, creditor=case.debts[0].id)
        return report_pdf(case, lang, copy=copy)

    pages = drawn_pages(tmp_path_factory.mktemp("copies"), (*COPIES, "one"), pdf)
    return OnDemand(pages.keys(), lambda key: "\n".join(pages[key]))


# --- the offers are the plan's own ------------------------------------------------------
@pytest.mark.parametrize("copy", COPIES)
@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("demo", DEMO_IDS)
def test_each_creditors_offer_is_the_plans_offer_object(demo, lang, copy):
    case = load_demo(demo)
    plan = build_plan(case)
    tr = Translator(lang)
    report = build_report(case, lang, copy=copy, plan=plan)
    table = next(b for b in report.section("offers").blocks if isinstance(b, Table))
    with_offer = [d for d in case.debts if d.id in plan.offers]
    assert len(table.rows) == len(with_offer) > 0
    for row, debt in zip(table.rows, with_offer, strict=True):
        offer = plan.offers[debt.id]
        assert row[4] == offer_cell(offer, tr) and row[5] == offer_words(offer, tr)
    assert table.total[4] == f"{sum((o.this_month for o in plan.offers.values()), start=Decimal(0)):,.2f}"


@pytest.mark.parametrize("copy", [*COPIES, "one"])
@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("demo", DEMO_IDS)
def test_the_printed_offers_are_the_plans(texts, demo, lang, copy):
    case = _with_story(load_demo(demo))
    plan = build_plan(case)
    text = texts[(demo, lang, copy)]
    tr = Translator(lang)
    heading = t("report.section.offers", lang)
    for debt in case.debts:
        if debt.id in plan.offers:
            assert printed_in_row(text, debt.platform, offer_cell(plan.offers[debt.id], tr), after=heading), (
                debt.platform,
                offer_cell(plan.offers[debt.id], tr),
            )
    text = squeeze(text)
    if copy == "one":  # the copy for one creditor names its offer in a sentence of its own
        first = case.debts[0]
        offer = plan.offers[first.id]
        key = "report.offers.to_you_none" if offer.kind == "none" else "report.offers.to_you"
        assert (
            squeeze(t(key, lang, platform=first.platform, cell=offer_cell(offer, tr), words=offer_words(offer, tr)))
            in text
        )


# --- the person's words and the account numbers ------------------------------------------
@pytest.mark.parametrize("copy", [*COPIES, "one"])
@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("demo", DEMO_IDS)
def test_the_hardship_text_and_masked_account_numbers_are_printed(texts, demo, lang, copy):
    text = texts[(demo, lang, copy)]
    assert squeeze(STORY) in squeeze(text)
    assert "****1234" in text and "LN2026043000771234" not in text
    # the first debt's row carries its masked number
    platform = load_demo(demo).debts[0].platform
    assert any(squeeze(platform)[:3] in squeeze(line) and "****1234" in line for line in text.splitlines())


def test_one_text_per_creditor_or_each_distinct_one_for_all():
    case = load_demo("young_worker")
    a, b, c = (d.id for d in case.debts)
    case = case.model_copy(
        update={
            "negotiations": [
                Negotiation(debt_id=a, reason=STORY),
                Negotiation(debt_id=b, reason=f"  {STORY} "),
                Negotiation(debt_id=c, reason=OTHER_STORY),
            ]
        }
    )
    everyone = hardship_for(case)
    assert [(h.text, h.debt_ids) for h in everyone] == [(STORY, (a, b)), (OTHER_STORY, (c,))]
    assert [h.text for h in hardship_for(case, c)] == [OTHER_STORY]
    report = build_report(case, "zh-CN")
    quotes = [q for q in report.section("hardship").blocks if isinstance(q, Quote)]
    assert [q.text for q in quotes] == [STORY, OTHER_STORY]
    assert quotes[0].caption == t("report.hardship.written_for", "zh-CN", platforms="花呗、京东白条")
    one = build_report(case, "zh-CN", creditor=c)
    assert [q.text for q in one.section("hardship").blocks if isinstance(q, Quote)] == [OTHER_STORY]
    # a creditor nobody wrote for gets the first text written
    lone = case.model_copy(update={"negotiations": case.negotiations[2:]})
    assert [h.text for h in hardship_for(lone, a)] == [OTHER_STORY]


def test_long_digit_runs_in_the_persons_words_are_masked():
    case = load_demo("young_worker")
    case = case.model_copy(
        update={
            "negotiations": [Negotiation(debt_id=case.debts[0].id, reason="卡号 6225 8800 1234 5678 的还款日我记错了")]
        }
    )
    quote = next(b for b in build_report(case, "zh-CN").section("hardship").blocks if isinstance(b, Quote))
    assert quote.text == "卡号 ****5678 的还款日我记错了"


def test_without_a_text_the_statement_leaves_lines_to_write_on():
    report = build_report(load_demo("gig_driver"), "zh-CN")
    blocks = report.section("hardship").blocks
    assert [type(b) for b in blocks] == [WriteIn]


def test_an_account_number_comes_from_the_debt_else_the_latest_contact():
    case = load_demo("gig_driver")
    debt = case.debts[1]
    about = {"debt_id": debt.id, "platform": debt.platform}
    older = ContactEntry(id="c1", when=dt.datetime(2026, 9, 1, 9), account_ref="MT0000111122223333", **about)
    newer = ContactEntry(id="c2", when=dt.datetime(2026, 10, 1, 9), account_ref="MT0000111122224444", **about)
    other = ContactEntry(
        id="c3", when=dt.datetime(2026, 10, 2, 9), debt_id=case.debts[0].id, platform="x", account_ref=""
    )
    case = case.model_copy(update={"contacts": [older, newer, other]})
    assert account_ref(case, debt) == "MT0000111122224444" and masked_account(case, debt) == "****4444"
    assert masked_account(case, case.debts[0]) == ""
    own = debt.model_copy(update={"account_ref": "OWN000099"})
    assert masked_account(case, own) == "****0099"
    row = next(b for b in build_report(case, "en").section("debts").blocks if isinstance(b, Table)).rows[1]
    assert row[2] == "****4444"


def test_a_missing_account_number_is_said_never_a_dash():
    report = build_report(load_demo("gig_driver"), "zh-CN")
    table = next(b for b in report.section("debts").blocks if isinstance(b, Table))
    assert {row[2] for row in table.rows} == {t("report.debts.account_missing", "zh-CN")}
    notes = " ".join(b.text for b in report.section("notes").blocks if isinstance(b, Paragraph))
    assert "借呗、美团月付" in notes


# --- saving what the Report page asks for ---------------------------------------------------
def test_missing_details_and_saving_them_into_the_case():
    case = load_demo("young_worker")
    missing = missing_details(case)
    assert missing.hardship and missing.accounts == ("baitiao", "jiebei")
    agreed = Negotiation(
        debt_id="jiebei", status="agreed", reason="", terms=AgreedTerms(start=dt.date(2026, 12, 1), months=12)
    )
    case = case.model_copy(update={"negotiations": [agreed]})
    updated, problems = with_details(
        case, "zh-CN", hardship=f"  {STORY}\n", accounts={"jiebei": " JB-88776655 ", "baitiao": "   "}
    )
    assert problems == [] and updated is not None
    by_debt = {n.debt_id: n for n in updated.negotiations}
    assert {d.id for d in updated.debts} == set(by_debt)
    assert all(n.reason == STORY for n in by_debt.values())
    assert by_debt["jiebei"].status == "agreed" and by_debt["jiebei"].terms == agreed.terms  # kept as negotiated
    assert updated.debt("jiebei").account_ref == "JB-88776655" and updated.debt("baitiao").account_ref == ""
    assert missing_details(updated).accounts == ("baitiao",) and not missing_details(updated).hardship
    # a text already written for a debt is never overwritten
    again, _ = with_details(updated, "zh-CN", hardship=OTHER_STORY)
    assert again == updated
    # too long: a problem naming the field, the case unchanged
    failed, problems = with_details(case, "en", accounts={"jiebei": "9" * 81})
    assert failed is None and problems


# --- what each copy says and does not say --------------------------------------------------
LEGAL_WORDS = (
    "reference_line_24",
    "reference_line_36",
    "limitation_years",
    "private_lending_lpr_multiple",
    "credit_record_years",
)


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("demo", DEMO_IDS)
def test_the_creditor_copy_has_no_legal_threat_section(texts, demo, lang):
    for copy in ("creditor", "one"):
        text = texts[(demo, lang, copy)]
        for key in ("sources", "nobody_agrees", "plan", "negotiations", "contacts"):
            assert t(f"report.section.{key}", lang) not in text, (copy, key)
        for rule in LEGAL_WORDS:
            assert squeeze(t(f"rule_label.{rule}", lang))[:12] not in squeeze(text), (copy, rule)
        assert (
            t("report.nobody_agrees.slips", lang)[:12] not in text
            and t("report.nobody_agrees.intro", lang)[:12] not in text
        )
        assert "24%" not in squeeze(text) and "36%" not in squeeze(text)
        assert t("report.sign.signature", lang) in text
    own = texts[(demo, lang, "own")]
    for key in ("sources", "nobody_agrees", "plan"):
        assert t(f"report.section.{key}", lang) in own
    assert all(squeeze(t(f"rule_label.{rule}", lang))[:12] in squeeze(own) for rule in LEGAL_WORDS)


@pytest.mark.parametrize("copy", [*COPIES, "one"])
@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("demo", DEMO_IDS)
def test_plain_words_no_invented_rates_and_dated_figures(texts, demo, lang, copy):
    text = texts[(demo, lang, copy)]
    assert "0.00%" not in text
    for word in (
        "IRR",
        "综合年化",
        "推荐",
        "recommended",
        t("enum.strategy.overdue_first", lang),
        t("enum.strategy.avalanche", lang),
    ):
        assert word not in text, word
    as_of = load_demo(demo).as_of.isoformat()
    assert text.count(t("report.dated", lang, as_of=as_of)) >= 4  # income, assets, debts, offers
    assert t("report.notes.source", lang, as_of=as_of)[:12] in text


def test_a_bill_with_no_stated_rate_says_so():
    case = load_demo("gig_driver")  # 美团月付 has no rate entered
    table = next(b for b in build_report(case, "zh-CN", copy="own").section("debts").blocks if isinstance(b, Table))
    row = next(r for r in table.rows if r[0] == "美团月付")
    assert row[7] == t("report.rate_not_stated", "zh-CN")
    assert "%" in next(r for r in table.rows if r[0] == "借呗")[7]
    creditor = next(b for b in build_report(case, "zh-CN").section("debts").blocks if isinstance(b, Table))
    assert all("%" not in cell for row in creditor.rows for cell in row)  # the creditor knows its own rate


@pytest.mark.parametrize("copy", COPIES)
def test_assets_income_and_spending_and_notes_are_in_both_copies(copy):
    case = load_demo("family_cards")
    report = build_report(case, "en", copy=copy)
    assert [s.key for s in report.sections] == list(SECTIONS[copy])
    assets = report.section("assets").blocks[0]
    assert assets.items[0] == (t("report.assets.savings", "en"), "5,000.00")
    spending = [b for b in report.section("finances").blocks if isinstance(b, Table)][1]
    assert spending.header[1:3] == [t("report.finances.essential", "en"), t("report.finances.other", "en")]
    hh = case.household
    assert (
        spending.total[1] == f"{hh.essential_expenses:,.2f}"
        and spending.total[2] == f"{hh.total_expenses - hh.essential_expenses:,.2f}"
    )
    dated = t("report.dated", "en", as_of=case.as_of.isoformat())
    assert all(report.section(key).dated == dated for key in ("finances", "assets", "debts", "offers"))


def test_a_copy_for_one_creditor_is_addressed_to_it_and_marks_its_rows():
    case = _with_story(load_demo("two_behind"))
    first = case.debts[0]
    report = build_report(case, "zh-CN", creditor=first.id)
    assert report.subtitle == t("report.to_one_ref", "zh-CN", platform=first.platform, ref="****1234")
    for key in ("debts", "offers"):
        table = next(b for b in report.section(key).blocks if isinstance(b, Table))
        assert table.highlight == (0,)
    assert build_report(case, "zh-CN").subtitle == t("report.to_all", "zh-CN")
    with pytest.raises(ValueError):
        build_report(case, "zh-CN", copy="own", creditor=first.id)
    with pytest.raises(ValueError):
        build_report(case, "zh-CN", creditor="no-such-debt")


def test_catalog_has_no_app_terms_in_the_statements():
    for lang in LANGS:
        for key, text in catalog(lang).items():
            if key.startswith("report.") and not key.startswith("report.page."):
                assert "IRR" not in text and "推荐" not in text, key


def _budget(case, amount: str):
    plan_settings = case.settings.plan.model_copy(update={"monthly_budget": Decimal(amount)})
    return case.model_copy(update={"settings": case.settings.model_copy(update={"plan": plan_settings})})


@pytest.mark.parametrize(
    ("case", "key"),
    [
        (load_demo("two_behind"), "rule"),  # loans paid on time keep their contract, arrears share the rest
        (load_demo("young_worker"), "rule_arrears"),  # every debt is in arrears
        (load_demo("family_cards"), "rule_everyone"),  # not even the card paid on time can keep its contract
        (_budget(load_demo("two_behind"), "20000"), "rule_full"),  # the money covers every contract
        (_budget(load_demo("two_behind"), "0"), "rule_nothing"),
    ],
)
def test_the_share_rule_says_what_the_plan_does(case, key):
    plan = build_plan(case)
    rule = next(
        b.text for b in build_report(case, "en", plan=plan).section("offers").blocks if isinstance(b, Paragraph)
    )
    assert rule == t(f"report.offers.{key}", "en", budget=f"{plan.budget:,.2f}", start=f"{case.as_of:%Y-%m}")


def test_the_persons_copy_repeats_the_plans_verdicts():
    case = load_demo("family_cards")  # 79 months: longer than a card issuer's hardship installments
    plan = build_plan(case)
    verdicts = [w.message("zh-CN") for w in plan.warnings if w.code in ("beyond_five_years", "offer_too_long")]
    assert verdicts
    own = [
        b.text
        for b in build_report(case, "zh-CN", copy="own", plan=plan).section("plan").blocks
        if isinstance(b, Paragraph)
    ]
    assert all(v in own for v in verdicts)
