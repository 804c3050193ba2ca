"""The two PDFs as statements (modelled on the UK Standard Financial Statement): the creditor
copy a collections officer reads and the person's own copy.

Checked on the text layer (pdftotext) of each demo in both languages and both copies: sober
wording, legal references only (and only in the person's copy), the person's details and a
signature block on the creditor copy, numbered headings never alone at a page's foot, no
near-empty last page, no line starting with a closing mark; round chart ticks; long names kept
inside their box; rare CJK characters drawn with a fallback font and never named in a log. Page
images of every demo, language and copy are kept under test-artifacts/ for a person to look at.
"""

from __future__ import annotations

import logging
import re
import subprocess
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from overdue_core.case.demo import DEMO_IDS, load_demo
from overdue_core.i18n import catalog, t
from overdue_core.report.data import COPIES, LEGAL_RULES, SECTIONS
from overdue_core.report.fonts import find_fallback_font
from overdue_core.report.pdf import nice_axis, numeral, report_pdf
from overdue_core.report.wrap import NO_LINE_END, NO_LINE_START, wrap_lines
from tests.helpers import OnDemand, artifact
from tests.report.test_report_pdf import _need, _need_font

LANGS = ("zh-CN", "en")
RARE = "𠮷田𠀀明"


def _with_person(case, name="张小明", contact="手机 138 0000 1234，工作日 18:00 以后"):
    return case.model_copy(update={"person": case.person.model_copy(update={"name": name, "contact": contact})})


def _pages(data: bytes, tmp_path, name: str) -> list[str]:
    """The text of each page (pdftotext -layout), pages split on form feeds."""
    tool = _need("pdftotext")
    source = tmp_path / f"{name}.pdf"
    source.write_bytes(data)
    out = subprocess.run(
        [tool, "-layout", str(source), "-"], check=True, timeout=60, capture_output=True
    ).stdout.decode("utf-8")
    return [page for page in out.split("\f") if page.strip()]


def _body_lines(page: str, lang: str) -> list[str]:
    """A page's lines without its footer."""
    footer = t("report.footer", lang, as_of="X").split("X")[0].strip()
    return [line.strip() for line in page.splitlines() if line.strip() and not line.strip().startswith(footer[:6])]


def drawn_pages(tmp, copies, pdf) -> OnDemand:
    """The page texts of ``pdf(demo, lang, copy)`` for every demo, language and one of ``copies``,
    each drawn when a test first reads it."""
    _need_font()

    def draw(key):
        demo, lang, copy = key
        return _pages(pdf(demo, lang, copy), tmp, f"{demo}-{copy}-{lang}")

    return OnDemand([(demo, lang, copy) for demo in DEMO_IDS for lang in LANGS for copy in copies], draw)


@pytest.fixture(scope="module")
def statements(tmp_path_factory):
    """Page texts of both copies of every demo in both languages (the PDFs kept as artifacts),
    each drawn when a test first reads it."""

    def pdf(demo, lang, copy):
        data = report_pdf(_with_person(load_demo(demo)), lang, copy=copy)
        (artifact(f"statement-{demo}-{copy}-{lang}.pdf")).write_bytes(data)
        return data

    return drawn_pages(tmp_path_factory.mktemp("statements"), COPIES, pdf)


def headings(copy: str, lang: str) -> list[str]:
    """The numbered section headings of a copy, as drawn."""
    return [
        t("report.heading", lang, n=numeral(n, lang), title=t(f"report.section.{key}", lang))
        for n, key in enumerate(SECTIONS[copy], 1)
    ]


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("demo", DEMO_IDS)
def test_statement_reads_as_a_statement(statements, demo, lang):
    text = "\n".join(statements[(demo, lang, "creditor")])
    # who it is from, and a signature block filled from the case
    assert "张小明" in text and "138 0000 1234" in text
    for key in ("report.sign.signature", "report.sign.date", "report.section.sign"):
        assert t(key, lang) in text, key
    squeeze = lambda value: re.sub(r"\s+", "", value)  # noqa: E731 - lines break at spaces in English
    assert squeeze(t("report.sign.declaration", lang, as_of=load_demo(demo).as_of.isoformat()))[:30] in squeeze(text)
    # sober: no encouragement addressed to the reader, no note about what the authors did not find
    for phrase in ("不是你一个人", "很多人", "我们没有找到", "not alone", "we know of no"):
        assert phrase not in text
    # the self-assessment score is not put before a creditor
    assert t("risk.not_credit_score", lang)[:10] not in text
    # every section, numbered, in order
    found = [text.find(heading) for heading in headings("creditor", lang)]
    assert -1 not in found and found == sorted(found), headings("creditor", lang)


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("demo", DEMO_IDS)
def test_own_copy_cites_legal_references_only_and_asks_for_no_signature(statements, demo, lang):
    text = "\n".join(statements[(demo, lang, "own")])
    found = [text.find(heading) for heading in headings("own", lang)]
    assert -1 not in found and found == sorted(found), headings("own", lang)
    # legal references only: laws, regulations and court interpretations, never the press
    for phrase in ("媒体", "press", "银行惯例", "bank practice"):
        assert phrase not in text
    assert t("report.sign.signature", lang) not in text  # the person's own copy is not signed
    assert t("risk.not_credit_score", lang)[:10] not in text


@pytest.mark.parametrize("copy", COPIES)
@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("demo", DEMO_IDS)
def test_layout_headings_kept_no_near_empty_last_page_no_line_starts_with_a_mark(statements, demo, lang, copy):
    pages = statements[(demo, lang, copy)]
    titles = set(headings(copy, lang))
    for number, page in enumerate(pages, 1):
        lines = _body_lines(page, lang)
        assert lines[-1] not in titles, f"page {number} ends with the heading {lines[-1]!r}"
        for line in lines:
            for cell in re.split(r"\s{2,}", line):
                assert cell[:1] not in NO_LINE_START - set("-.%—·…"), (
                    f"page {number}: a line starts with a closing mark: {line!r}"
                )
        if number > 1:  # a table's note is never the first line of a page, apart from its table
            assert not lines[0].startswith(t("report.debts.note", lang)[:8]) and not lines[0].startswith(
                t("report.debts.note_own", lang)[:8]
            ), lines[0]
    if len(pages) > 1:
        assert len(_body_lines(pages[-1], lang)) >= 8, f"near-empty last page: {_body_lines(pages[-1], lang)}"


def test_legal_references_are_laws_rules_or_court_interpretations():
    for key in LEGAL_RULES:
        source = catalog("zh-CN")[f"rule_source.{key}"]
        assert any(word in source for word in ("条例", "规定", "解释", "民法典", "法发")), source
        assert "媒体" not in source and "惯例" not in source


def test_rare_characters_are_drawn_and_never_named_in_a_log(tmp_path, caplog):
    _need_font()
    if find_fallback_font() is None:
        pytest.skip("no font with CJK Extension B (install fonts-hanazono)")
    case = _with_person(load_demo("young_worker"), name=RARE)
    case = case.model_copy(
        update={"debts": [case.debts[0].model_copy(update={"platform": "𠀀𠮷消费金融"}), *case.debts[1:]]}
    )
    with caplog.at_level(logging.DEBUG):
        data = report_pdf(case, "zh-CN")
    text = "\n".join(_pages(data, tmp_path, "rare"))
    assert RARE in text and "𠀀𠮷消费金融" in text
    fonts = subprocess.run([_need("pdffonts"), "-"], input=data, capture_output=True, timeout=60).stdout.decode()
    assert "HanaMinB" in fonts
    assert not any(ch in record.getMessage() for record in caplog.records for ch in "𠮷𠀀")
    artifact("statement-rare-characters.pdf").write_bytes(data)


def test_without_the_fallback_font_the_statement_is_still_made_and_the_log_stays_clean(monkeypatch, tmp_path, caplog):
    _need_font()
    monkeypatch.setattr("overdue_core.report.pdf.find_fallback_font", lambda: None)
    case = _with_person(load_demo("young_worker"), name=RARE)
    with caplog.at_level(logging.DEBUG):
        data = report_pdf(case, "zh-CN")
    assert data.startswith(b"%PDF") and "19,080.00" in "\n".join(_pages(data, tmp_path, "nofallback"))
    assert not any(ch in record.getMessage() for record in caplog.records for ch in "𠮷𠀀")


@pytest.mark.parametrize("value", ["1", "7", "950", "19480", "25000", "66610", "123456.78", "24999.99"])
def test_chart_ticks_are_round(value):
    top, step = nice_axis(Decimal(value))
    assert top >= Decimal(value) and top / step <= 5
    leading = step.normalize().as_tuple().digits
    assert leading in ((1,), (2,), (5,)), step  # 1, 2 or 5 times a power of ten: never 6,250


@pytest.mark.parametrize("copy", COPIES)
def test_a_long_platform_name_stays_inside_the_page(tmp_path, copy):
    _need_font()
    case = load_demo("young_worker")
    long_name = "某某某某网络小额贷款有限公司旗下的超长名字消费分期借款产品（备用金）"
    case = case.model_copy(
        update={"debts": [case.debts[0].model_copy(update={"platform": long_name}), *case.debts[1:]]}
    )
    data = report_pdf(case, "zh-CN", copy=copy, creditor=case.debts[0].id if copy == "creditor" else None)
    tool = _need("pdftotext")
    (tmp_path / "long.pdf").write_bytes(data)
    bbox = subprocess.run(
        [tool, "-bbox", str(tmp_path / "long.pdf"), "-"], capture_output=True, timeout=60, check=True
    ).stdout.decode()
    right_edges = [float(x) for x in re.findall(r'xMax="([\d.]+)"', bbox)]
    assert right_edges and max(right_edges) <= 595.3 - 15 * 72 / 25.4 + 2  # A4 width minus the right margin (pt)


@given(
    st.text(alphabet="中文句子逗号，。、）（“”《》12345 abc", min_size=1, max_size=120),
    st.integers(min_value=8, max_value=60),
)
def test_wrapped_lines_never_start_with_a_closing_mark(text, width):
    measure = lambda s: sum(2 if ord(c) > 0x2E80 else 1 for c in s)  # noqa: E731
    lines = wrap_lines(text, width, measure)
    assert "".join(lines).replace(" ", "") == text.replace(" ", "")
    for i, line in enumerate(lines):
        if i > 0 and line:
            assert line[0] not in NO_LINE_START or lines[i - 1] == "" or len(lines[i - 1]) <= 1, lines
        if i < len(lines) - 1 and line:
            assert line[-1] not in NO_LINE_END or len(line) == 1, lines


def test_page_images_are_kept_for_a_person_to_look_at(statements, tmp_path):
    """Every page of both copies of every demo in both languages, as PNG (a drawn page each)."""
    tool = _need("pdftoppm")
    for (demo, lang, copy), pages in statements.items():
        stem = f"statement-{demo}-{copy}-{lang}"
        for old in artifact("x").parent.glob(f"{stem}-*.png"):
            old.unlink()
        subprocess.run(
            [tool, "-png", "-r", "60", str(artifact(f"{stem}.pdf")), str(artifact(stem))], check=True, timeout=120
        )
        images = sorted(artifact("x").parent.glob(f"{stem}-*.png"))
        assert len(images) == len(pages), stem
        assert all(image.read_bytes().startswith(b"\x89PNG") and image.stat().st_size > 8_000 for image in images)
