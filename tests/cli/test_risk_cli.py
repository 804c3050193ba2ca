"""`python -m overdue_core risk`: one case as text or JSON, a folder or JSON-lines file as a batch."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from overdue_core.case.demo import DEMO_IDS, demo_bytes, load_demo
from overdue_core.cli import main
from overdue_core.risk.score import score_case
from overdue_core.risk.stress import SCENARIOS
from tests.helpers.cli import ROOT, run_cli, run_module

GIG = ROOT / "overdue_core" / "case" / "demo_cases" / "gig_driver.json"


def run(*args):
    return run_cli("risk", *args)


def test_json_output_has_score_factors_and_stress():
    result = run(str(GIG), "--format", "json", "--lang", "en")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    expected = score_case(load_demo("gig_driver"))
    assert data["score"] == expected.score and data["level"] == "critical"
    assert sum(f["points"] for f in data["factors"]) == data["score"]
    for factor in data["factors"]:
        assert {"code", "value", "points", "explanation", "measure", "thresholds"} <= set(factor)
        assert factor["measure"] in {"communicate", "plan", "prevent", "negotiate", "legal"}
    assert [s["scenario"] for s in data["stress"]] == list(SCENARIOS)
    assert all({"scenario", "score", "level", "shortfall"} <= set(s) for s in data["stress"])
    assert data["figures"]["total_owed"] == "66610.00"


def test_text_output_in_chinese_and_english():
    zh = run(str(GIG))
    assert (
        zh.returncode == 0
        and "风险分 86 / 100 · 危急" in zh.stdout
        and "借新还旧" in zh.stdout
        and "不是征信分" in zh.stdout
    )
    en = run(str(GIG), "--lang", "en")
    assert en.returncode == 0 and "Risk score 86 / 100 · Critical" in en.stdout and "Borrowing to repay" in en.stdout
    assert not any("\u4e00" <= ch <= "\u9fff" for ch in en.stdout)


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"not json", "not valid JSON"),
        (b'{"as_of": "2026-11-01", "debts": [{"id": "a", "platform": "x", "balance": "-1"}]}', "Debt 1"),
    ],
)
def test_bad_file_exits_2_like_validate(tmp_path, content, expected):
    path = tmp_path / "case.json"
    path.write_bytes(content)
    result = run(str(path), "--lang", "en", "--format", "json")
    assert result.returncode == 2 and result.stdout == ""
    assert expected in result.stderr and "Traceback" not in result.stderr


def test_missing_file_exits_2(tmp_path):
    """In a new interpreter: the real ``python -m overdue_core`` ends a bad call with exit 2 and no traceback."""
    result = run_module("risk", str(tmp_path / "nope.json"))
    assert result.returncode == 2 and "Traceback" not in result.stderr


def test_folder_batch_one_line_per_case_with_problems_for_bad_ones(tmp_path):
    for demo_id in DEMO_IDS:
        (tmp_path / f"{demo_id}.json").write_bytes(demo_bytes(demo_id))
    (tmp_path / "broken.json").write_text('{"as_of": "yesterday"}', encoding="utf-8")
    (tmp_path / "notes.txt").write_text("not a case", encoding="utf-8")
    result = run(str(tmp_path), "--lang", "en")
    assert result.returncode == 2
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [Path(line["source"]).name for line in lines] == [
        "broken.json",
        "family_cards.json",
        "gig_driver.json",
        "two_behind.json",
        "young_worker.json",
    ]
    assert lines[0]["ok"] is False and lines[0]["problems"][0]["code"] == "bad_date"
    assert {Path(l["source"]).stem: l["level"] for l in lines[1:]} == {
        "family_cards": "high",
        "gig_driver": "critical",
        "two_behind": "medium",
        "young_worker": "medium",
    }
    assert "5 cases processed (1 with problems)" in result.stderr and "per second" in result.stderr


def test_jsonl_batch_names_the_line_and_skips_blank_lines(tmp_path):
    cases = [json.dumps(json.loads(demo_bytes(d))) for d in DEMO_IDS]
    path = tmp_path / "cases.jsonl"
    path.write_text("\n".join([cases[0], "", "{oops", cases[1], cases[2]]) + "\n", encoding="utf-8")
    result = run(str(path))
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [line["source"].rsplit(":", 1)[1] for line in lines] == ["1", "3", "4", "5"]
    assert [line["ok"] for line in lines] == [True, False, True, True]
    assert result.returncode == 2
    clean = tmp_path / "clean.jsonl"
    clean.write_text("\n".join(cases) + "\n", encoding="utf-8")
    ok = run(str(clean))
    assert ok.returncode == 0 and len(ok.stdout.splitlines()) == len(DEMO_IDS)


def test_empty_folder_says_so(tmp_path, capsys):
    assert main(["risk", str(tmp_path), "--lang", "en"]) == 2
    assert "No case files" in capsys.readouterr().err
