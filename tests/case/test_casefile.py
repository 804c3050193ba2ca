"""Case files: every kind of bad file gets clear problems; good files load; old ones keep loading."""

import json
from pathlib import Path

import pytest

from overdue_core.case.casefile import MAX_FILE_BYTES, case_from_data, dump_case, migrate, parse_case, schema_text
from overdue_core.case.demo import DEMO_IDS, demo_bytes, load_demo

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("demo_id", DEMO_IDS)
def test_demo_cases_are_valid_and_in_chinese(demo_id):
    case, problems = parse_case(demo_bytes(demo_id))
    assert problems == [] and case is not None
    assert case.locale == "zh-CN"
    assert len(case.debts) >= 3
    assert any(d.overdue_amount > 0 for d in case.debts)
    assert any("\u4e00" <= ch <= "\u9fff" for ch in case.title)
    assert dump_case(case) == demo_bytes(demo_id), "demo files are stored in canonical form"


def test_demo_stories_differ():
    cases = [load_demo(d) for d in DEMO_IDS]
    assert len({c.title for c in cases}) == len(DEMO_IDS)
    assert len({len(c.debts) for c in cases}) >= 2
    assert any(d.kind == "credit_card" for c in cases for d in c.debts)
    assert any(c.flags.borrowing_to_repay for c in cases)
    assert max(d.days_overdue for c in cases for d in c.debts) > 100


@pytest.mark.parametrize(
    ("raw", "code"),
    [
        (b"", "empty_file"),
        (b'{"as_of": "2026-11-01", "debts": [', "bad_json"),
        (b"\xff\xfe\x00garbage", "not_utf8"),
        (b"[1, 2, 3]", "not_a_case"),
        (b'"just text"', "not_a_case"),
        (b'{"schema_version": 99, "as_of": "2026-11-01"}', "newer_schema"),
        (b'{"as_of": "yesterday"}', "bad_date"),
        (b'{"debts": []}', "missing"),
    ],
)
def test_bad_files_give_problems_not_exceptions(raw, code):
    case, problems = parse_case(raw, "en")
    assert case is None
    assert code in [p.code for p in problems]


def test_file_over_two_megabytes_is_refused_before_parsing():
    raw = b'{"as_of": "2026-11-01", "title": "' + b"x" * (MAX_FILE_BYTES + 1) + b'"}'
    case, problems = parse_case(raw, "zh-CN")
    assert case is None and problems[0].code == "file_too_large"
    assert "2 MB" in problems[0].message


def test_deeply_nested_json_is_a_problem_not_a_crash():
    raw = ("[" * 100_000 + "]" * 100_000).encode()
    case, problems = parse_case(raw)
    assert case is None and problems


def test_every_problem_is_listed_with_its_path():
    bad = {
        "as_of": "2026-11-01",
        "household": {"incomes": [{"name": "工资", "amount": "-5"}], "liquid_savings": "lots"},
        "debts": [
            {"id": "a", "platform": "花呗", "balance": "100", "annual_rate": "12", "kind": "x", "remaining_terms": 1}
        ],
    }
    _, problems = case_from_data(bad, "zh-CN")
    paths = [p.path for p in problems]
    assert "收支情况 › 第 1 项收入 › 金额" in paths
    assert "收支情况 › 可动用存款" in paths
    assert "第 1 笔欠款 › 年利率" in paths
    assert "第 1 笔欠款 › 类型" in paths


def test_bom_and_number_amounts_are_accepted():
    raw = "\ufeff" + json.dumps({"as_of": "2026-11-01", "household": {"liquid_savings": 1200.5}})
    case, problems = parse_case(raw.encode("utf-8"))
    assert problems == [] and str(case.household.liquid_savings) == "1200.50"


def test_file_without_schema_version_is_migrated():
    assert migrate({"as_of": "2026-11-01"})["schema_version"] == 1
    case, problems = parse_case(b'{"as_of": "2026-11-01"}')
    assert problems == [] and case.schema_version == 1


def test_unknown_fields_are_ignored_not_fatal():
    case, problems = parse_case(b'{"as_of": "2026-11-01", "made_by": "another tool"}')
    assert problems == [] and case is not None


def test_checked_in_json_schema_is_current():
    checked_in = (ROOT / "docs" / "case-file.schema.json").read_text(encoding="utf-8")
    assert checked_in == schema_text(), "regenerate with: python -m overdue_core schema > docs/case-file.schema.json"


def test_documented_example_is_a_valid_case():
    text = (ROOT / "docs" / "case-file.md").read_text(encoding="utf-8")
    start = text.index("```json\n") + len("```json\n")
    example = text[start : text.index("```", start)]
    case, problems = parse_case(example.encode())
    assert problems == [] and case is not None and case.debts


def test_a_json_number_amount_stays_exact():
    """1.00499999999999999999 through a binary float becomes 1.005 and rounds to 1.01; exact, it is 1.00."""
    from overdue_core.case.casefile import parse_case

    raw = json.dumps(
        {"as_of": "2026-11-01", "debts": [{"id": "d1", "platform": "P", "balance": "0", "remaining_terms": 3}]}
    ).replace('"balance": "0"', '"balance": 1.00499999999999999999')
    case, problems = parse_case(raw.encode(), "en")
    assert problems == [] and case is not None
    assert str(case.debts[0].balance) == "1.00"
