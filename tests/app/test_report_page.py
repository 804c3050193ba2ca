"""The "Report and files" page: both statements and every file offered, what the creditor's
statement lacks asked for and saved into the case, imports checked before anything changes.

AppTest exposes a download only as a media URL, so the file bytes are tested through the core
(test_exports, test_debt_import, test_report_pdf, test_statement_copies); here we check what the
person sees and does.
"""

from __future__ import annotations

import re

import pytest

from overdue_core.i18n import t
from overdue_core.report.exports import debts_csv, template_xlsx
from tests.helpers import (
    artifact,
    assert_no_exception,
    assert_no_page_exception,
    full_screenshot,
    open_sidebar,
    wait_idle,
    wait_sidebar,
)

PAGE = "pages/report.py"
CJK = re.compile(r"[\u3400-\u9fff]")
BAD_CSV = (
    "平台,未到期本金（元）,还款方式,剩余期数\n"
    "新花呗,1200,等额本息（每月一样多）,6\n"
    "坏的一行,abc,到期一次还清,\n"
    "另一笔,300,到期一次还清,\n"
).encode("gbk")


def _upload(at, name: str, data: bytes, mime: str = "text/csv"):
    at.file_uploader[0].set_value((name, data, mime)).run()
    assert_no_exception(at)
    return at


def _texts(at) -> list[str]:
    return [e.value for e in at.main.text]


@pytest.mark.parametrize("lang", ["zh-CN", "en"])
def test_page_offers_every_file_in_both_languages(make_app, lang):
    at = make_app(lang=lang, demo="family_cards", page=PAGE)
    assert_no_exception(at)
    assert at.title[0].value == t("report.page.title", lang)
    labels = [b.proto.label for b in at.get("download_button")]
    for key in (
        "pdf_button",
        "pdf_own_button",
        "case_json",
        "debts_csv",
        "debts_xlsx",
        "schedule_csv",
        "schedule_xlsx",
    ):
        assert t(f"report.page.{key}", lang) in labels, key
    assert t("imports.page.template_csv", lang) in labels and t("imports.page.template_xlsx", lang) in labels
    assert at.file_uploader[0].label == t("imports.page.upload_label", lang)


def test_english_page_shows_no_chinese_besides_the_language_name(make_app):
    at = make_app(lang="en", demo="gig_driver", page=PAGE)
    shown = [
        at.title[0].value,
        *(m.value for m in at.markdown),
        *(c.value for c in at.caption),
        *(b.proto.label for b in at.get("download_button")),
    ]
    assert [s for s in shown if CJK.search(s)] == []


def test_without_debts_only_the_case_file_is_offered(make_app):
    from overdue_core.case.models import new_case

    at = make_app(lang="en", case=new_case(locale="en"), page=PAGE)
    assert_no_exception(at)
    labels = [b.proto.label for b in at.get("download_button")]
    assert t("report.page.case_json", "en") in labels and t("report.page.debts_csv", "en") not in labels
    assert at.info[0].value == t("report.page.no_debts", "en")


@pytest.mark.parametrize("lang", ["zh-CN", "en"])
def test_import_with_a_bad_row_shows_line_and_reason_and_keeps_the_case(make_app, lang):
    at = make_app(lang=lang, demo="young_worker", page=PAGE)
    before = at.session_state["case"]
    _upload(at, "debts.csv", BAD_CSV)
    assert any(w.value == t("imports.page.bad_rows", lang, count=1) for w in at.warning)
    row = t("item.row", lang, n=3)
    assert _texts(at)[0].startswith(f"• {row} › 未到期本金（元）: ")  # the column as the file names it
    assert at.success[0].value == t("imports.page.good_rows", lang, count=2)
    assert at.session_state["case"] == before  # nothing changes before "Confirm import"
    assert any(w.value == t("imports.page.mode_replace_warning", lang, count=3) for w in at.warning)


def test_confirm_replace(make_app):
    at = make_app(lang="zh-CN", demo="young_worker", page=PAGE)
    household = at.session_state["case"].household
    _upload(at, "debts.csv", BAD_CSV)
    at.button(key="import_confirm_0").click().run()
    assert_no_exception(at)
    assert [d.platform for d in at.session_state["case"].debts] == ["新花呗", "另一笔"]
    assert at.session_state["case"].household == household  # only the debts were replaced
    assert at.file_uploader[0].value is None  # the uploader is emptied for the next file


def test_confirm_append_keeps_current_debts(make_app):
    at = make_app(lang="en", demo="young_worker", page=PAGE)
    before = [d.id for d in at.session_state["case"].debts]
    _upload(at, "debts.csv", BAD_CSV)
    at.radio(key="import_mode_0").set_value("append").run()
    assert not any(w.value.startswith("Your 3 current") for w in at.warning)
    at.button(key="import_confirm_0").click().run()
    assert_no_exception(at)
    ids = [d.id for d in at.session_state["case"].debts]
    assert ids[:3] == before and len(ids) == 5


def test_cancel_leaves_the_case_alone(make_app):
    at = make_app(lang="en", demo="young_worker", page=PAGE)
    before = at.session_state["case"]
    _upload(at, "debts.csv", BAD_CSV)
    at.button(key="import_cancel_0").click().run()
    assert_no_exception(at)
    assert at.session_state["case"] == before
    assert "_debt_import" not in at.session_state


def test_unreadable_file_is_one_calm_message(make_app):
    at = make_app(lang="en", demo="young_worker", page=PAGE)
    _upload(at, "old.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 64, "application/vnd.ms-excel")
    assert at.error[0].value == t("imports.page.reading_problem", "en")
    assert _texts(at) == [f"• {t('imports.error.old_xls', 'en')}"]
    assert all(b.key != "import_confirm_0" for b in at.button)


def test_xlsx_template_round_trip_through_the_page(make_app):
    at = make_app(lang="zh-CN", demo="gig_driver", page=PAGE)
    _upload(
        at, "template.xlsx", template_xlsx("zh-CN"), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    assert at.success[0].value == t("imports.page.good_rows", "zh-CN", count=1)
    at.radio(key="import_mode_0").set_value("append").run()
    at.button(key="import_confirm_0").click().run()
    assert len(at.session_state["case"].debts) == 7


def test_exported_debts_reimport_unchanged_through_the_page(make_app):
    at = make_app(lang="en", demo="family_cards", page=PAGE)
    debts = at.session_state["case"].debts
    _upload(at, "debts.csv", debts_csv(debts, "zh-CN"))
    at.button(key="import_confirm_0").click().run()
    assert at.session_state["case"].debts == debts


# --- the two statements, and what the creditor's one still lacks -----------------------------------
def _label(_at, key: str, lang: str, **params) -> str:
    return t(f"report.page.{key}", lang, **params)


@pytest.mark.parametrize("lang", ["zh-CN", "en"])
def test_both_statements_are_offered_for_all_creditors_or_one(make_app, lang):
    at = make_app(lang=lang, demo="two_behind", page=PAGE)
    assert_no_exception(at)
    buttons = {b.proto.label: b for b in at.get("download_button")}
    assert _label(at, "pdf_button", lang) in buttons and _label(at, "pdf_own_button", lang) in buttons
    to = at.selectbox(key="report_to")
    case = at.session_state["case"]
    assert to.label == _label(at, "pdf_to", lang)
    assert to.options == [_label(at, "pdf_to_all", lang), *(d.platform for d in case.debts)]
    to.set_value(case.debts[1].id).run()
    assert_no_exception(at)
    assert {b.proto.label for b in at.get("download_button")} >= {
        _label(at, "pdf_button", lang),
        _label(at, "pdf_own_button", lang),
    }


@pytest.mark.parametrize("lang", ["zh-CN", "en"])
def test_missing_hardship_text_and_account_numbers_are_asked_for_and_saved_into_the_case(make_app, lang):
    at = make_app(lang=lang, demo="young_worker", page=PAGE)  # 花呗 has an account number, the others none
    case = at.session_state["case"]
    hardship = [a for a in at.text_area if a.label == _label(at, "hardship_label", lang)]
    assert len(hardship) == 1 and hardship[0].value == ""
    account_labels = {_label(at, "account_label", lang, platform=d.platform) for d in case.debts}
    asked = {i.label: i for i in at.text_input if i.label in account_labels}
    assert set(asked) == {_label(at, "account_label", lang, platform=p) for p in ("京东白条", "借呗")}
    missing = _label(
        at,
        "missing_left",
        lang,
        what=_label(at, "missing_sep", lang).join(
            [
                _label(at, "missing_hardship_item", lang),
                _label(
                    at, "missing_accounts_item", lang, platforms=t("format.list_sep", lang).join(["京东白条", "借呗"])
                ),
            ]
        ),
    )
    assert any(w.value == missing for w in at.warning)

    hardship[0].input("今年六月被裁员，九月才找到新工作，收入少了两千。")
    asked[_label(at, "account_label", lang, platform="借呗")].input("JB2026110100998877")
    next(b for b in at.button if b.label == _label(at, "missing_save", lang)).click().run()
    assert_no_exception(at)
    saved = at.session_state["case"]
    assert {n.debt_id: n.reason for n in saved.negotiations} == {
        d.id: "今年六月被裁员，九月才找到新工作，收入少了两千。" for d in case.debts
    }
    assert saved.debt("jiebei").account_ref == "JB2026110100998877" and saved.debt("baitiao").account_ref == ""
    assert saved.debts[0].account_ref == case.debts[0].account_ref
    # asked again only for what is still missing; the text now comes from the case
    assert not [a for a in at.text_area if a.label == _label(at, "hardship_label", lang)]
    labels = [i.label for i in at.text_input]
    assert (
        _label(at, "account_label", lang, platform="京东白条") in labels
        and _label(at, "account_label", lang, platform="借呗") not in labels
    )
    assert any(c.value == _label(at, "hardship_from", lang) for c in at.caption)


def test_the_negotiate_pages_unsaved_text_fills_the_field(make_app):
    from overdue_core.case.demo import load_demo

    at = make_app(lang="zh-CN", demo="gig_driver")
    at.session_state["drafts"] = {"letter.reason.yuefu": "跑车收入从九千掉到五千五。"}
    at.switch_page(PAGE).run()
    assert_no_exception(at)
    field = next(a for a in at.text_area if a.label == t("report.page.hardship_label", "zh-CN"))
    assert field.value == "跑车收入从九千掉到五千五。"
    assert at.session_state["case"] == load_demo("gig_driver")  # nothing saved before the person asks


def test_a_case_with_everything_asks_for_nothing(make_app):
    from overdue_core.case.demo import load_demo
    from overdue_core.case.models import Negotiation

    case = load_demo("young_worker")
    debts = [d.model_copy(update={"account_ref": d.account_ref or f"ACC{i:08d}"}) for i, d in enumerate(case.debts)]
    case = case.model_copy(
        update={"debts": debts, "negotiations": [Negotiation(debt_id=debts[0].id, reason="收入下降。")]}
    )
    at = make_app(lang="en", case=case, page=PAGE)
    assert_no_exception(at)
    assert not [a for a in at.text_area if a.label == t("report.page.hardship_label", "en")]
    assert not any(b.label == t("report.page.missing_save", "en") for b in at.button)
    assert not any(w.value.startswith(t("report.page.missing_left", "en", what="")[:20]) for w in at.warning)


# --- in a real browser ----------------------------------------------------------------------------
def _full_screenshot(pg, name: str, width: int) -> None:
    full_screenshot(pg, artifact(name), width, max_height=8000)


def _open_report(pg, app_server: str) -> None:
    """Open a demo by link, then the page from the navigation (opening the sidebar on a phone)."""
    pg.goto(f"{app_server}/?demo=gig_driver")
    wait_idle(pg)
    link = pg.get_by_test_id("stSidebarNav").get_by_text(t("nav.page.report", "zh-CN"), exact=True)
    if pg.viewport_size["width"] < 640:  # on a phone the sidebar starts closed
        open_sidebar(pg)
    link.click()
    wait_idle(pg)
    if pg.viewport_size["width"] < 640:
        pg.locator(
            '[data-testid="stSidebarCollapseButton"] button, [data-testid="stSidebarCollapseButton"]'
        ).first.click()
        wait_sidebar(pg, expanded=False)
    assert_no_page_exception(pg)
    pg.get_by_role("heading", name=t("report.page.title", "zh-CN")).wait_for()


def _pdf_text(path) -> str:
    import shutil
    import subprocess

    tool = shutil.which("pdftotext")
    if tool is None:
        pytest.skip("pdftotext not found")
    return subprocess.run([tool, "-layout", str(path), "-"], check=True, timeout=60, capture_output=True).stdout.decode(
        "utf-8"
    )


@pytest.mark.browser
def test_browser_pdf_download_and_import(page, app_server, tmp_path):
    _open_report(page, app_server)
    # what happened, typed on the Report page and saved into the case before the download
    story = "今年六月被裁员，九月才找到新工作，收入少了两千。"
    page.get_by_role("textbox", name=t("report.page.hardship_label", "zh-CN")).fill(story)
    page.get_by_role("textbox", name=t("report.page.account_label", "zh-CN", platform="借呗")).fill(
        "JB2026110100998877"
    )
    page.get_by_role("button", name=t("report.page.missing_save", "zh-CN")).click()
    wait_idle(page)
    page.get_by_text(t("report.page.hardship_from", "zh-CN")).wait_for()
    with page.expect_download() as info:
        page.get_by_role("button", name=t("report.page.pdf_button", "zh-CN")).click()
    pdf = tmp_path / "report.pdf"
    info.value.save_as(pdf)
    assert pdf.read_bytes().startswith(b"%PDF")
    text = _pdf_text(pdf)
    assert story in text.replace(" ", "").replace("\n", "") and "****8877" in text
    assert t("report.section.sources", "zh-CN") not in text and t("report.sign.signature", "zh-CN") in text
    with page.expect_download() as info:
        page.get_by_role("button", name=t("report.page.pdf_own_button", "zh-CN")).click()
    own = tmp_path / "own.pdf"
    info.value.save_as(own)
    own_text = _pdf_text(own)
    assert t("report.title_own", "zh-CN") in own_text and t("report.section.sources", "zh-CN") in own_text
    with page.expect_download() as info:
        page.get_by_role("button", name=t("report.page.debts_csv", "zh-CN")).click()
    csv_file = tmp_path / "debts.csv"
    info.value.save_as(csv_file)
    assert csv_file.read_bytes().startswith(b"\xef\xbb\xbf")
    bad = tmp_path / "bad.csv"
    bad.write_bytes(BAD_CSV)
    page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(str(bad))
    wait_idle(page)
    page.get_by_text(t("imports.page.good_rows", "zh-CN", count=2)).wait_for()
    assert page.get_by_text("第 3 行 › 未到期本金（元）", exact=False).count() == 1
    assert_no_page_exception(page)
    _full_screenshot(page, "report-page-desktop.png", 1280)


@pytest.mark.browser
def test_browser_phone_report_page(phone_page, app_server):
    _open_report(phone_page, app_server)
    phone_page.get_by_role("button", name=t("report.page.pdf_button", "zh-CN")).wait_for()
    _full_screenshot(phone_page, "report-page-phone.png", 390)


@pytest.fixture()
def every_place_taken(monkeypatch):
    """Every place for reading an import is taken (by other sessions), and nobody waits for one."""
    from overdue_core.report import limits

    monkeypatch.setattr(limits, "BUSY_WAIT_SECONDS", 0, raising=False)
    places = getattr(limits, "_places", None)
    taken = [places.acquire(blocking=False) for _ in range(limits.MAX_CHILDREN)] if places else []
    holder = {"taken": sum(taken)}
    yield holder
    for _ in range(holder["taken"]):
        places.release()


def test_a_busy_import_says_try_again_and_reads_the_file_when_tried_again(make_app, every_place_taken):
    from overdue_core.report import limits

    at = make_app(lang="zh-CN", demo="young_worker", page=PAGE)
    _upload(at, "debts.csv", BAD_CSV)
    assert [e.value for e in at.main.info] == [t("import_guard.busy", "zh-CN")]
    assert not at.main.dataframe, "nothing was read"
    for _ in range(every_place_taken["taken"]):
        limits._places.release()
    every_place_taken["taken"] = 0
    at.button(key="import_retry_0").click().run()
    assert_no_exception(at)
    assert any(t("imports.page.good_rows", "zh-CN", count=2) == e.value for e in at.main.success), (
        "the same file, read now"
    )


def test_the_import_command_says_busy_without_a_traceback(tmp_path, capsys, every_place_taken):
    from overdue_core.cli import main

    path = tmp_path / "debts.csv"
    path.write_bytes(BAD_CSV)
    assert main(["import", str(path), "--lang", "en"]) == 2
    out = capsys.readouterr()
    assert t("import_guard.busy", "en") in out.err
    assert "Traceback" not in out.out + out.err
