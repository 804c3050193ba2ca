"""`python -m overdue_core validate`: exit 0 and a summary, or exit 2 and every problem; never a traceback.

The first test starts the real module; the others call the command in this process.
"""

import pytest

from tests.helpers.cli import ROOT, run_cli, run_module


def test_valid_file(tmp_path):
    result = run_module("validate", str(ROOT / "overdue_core" / "case" / "demo_cases" / "gig_driver.json"))
    assert result.returncode == 0
    assert "6 笔欠款" in result.stdout and "66,610.00" in result.stdout


def test_valid_file_in_english():
    result = run_cli(
        "validate", str(ROOT / "overdue_core" / "case" / "demo_cases" / "family_cards.json"), "--lang", "en"
    )
    assert result.returncode == 0 and "3 debts" in result.stdout


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b'{"as_of": "2026-11-01", "debts": [', "near line 1"),
        (b"not json at all", "not valid JSON"),
        (
            (
                b'{"as_of": "2026-11-01", "debts": [{"id": "a", "platform": "x", "balance": "-1",'
                b' "annual_rate": "20", "kind": "loan"}]}'
            ),
            "Debt 1 › Balance not yet due",
        ),
        (
            (
                b'{"as_of": "2026-11-01", "title": "<script>alert(1)</script>", "debts": ['
                b'{"id": "a", "platform": "x", "balance": 1, "repayment": "bullet"},'
                b' {"id": "a", "platform": "y", "balance": 1, "repayment": "bullet"}]}'
            ),
            "same ID",
        ),
    ],
)
def test_invalid_files_exit_2_with_reasons(tmp_path, content, expected):
    path = tmp_path / "case.json"
    path.write_bytes(content)
    result = run_cli("validate", str(path), "--lang", "en")
    assert result.returncode == 2
    assert expected in result.stderr
    assert "Traceback" not in result.stderr + result.stdout


def test_every_problem_is_listed(tmp_path):
    path = tmp_path / "case.json"
    path.write_bytes(
        b'{"as_of": "x", "debts": [{"id": "a", "platform": "x", "balance": "-1",'
        b' "annual_rate": "20", "kind": "loan", "remaining_terms": 1}]}'
    )
    result = run_cli("validate", str(path), "--lang", "en")
    assert result.returncode == 2
    assert result.stderr.count("\n  - ") == 4, result.stderr


def test_large_and_missing_files(tmp_path):
    big = tmp_path / "big.json"
    big.write_bytes(b" " * (2 * 1024 * 1024 + 1))
    assert run_cli("validate", str(big)).returncode == 2
    missing = run_cli("validate", str(tmp_path / "nope.json"), "--lang", "en")
    assert missing.returncode == 2 and "File not found: " in missing.stderr and "nope.json" in missing.stderr
    folder = run_cli("validate", str(tmp_path), "--lang", "en")
    assert folder.returncode == 2 and "Traceback" not in folder.stderr


def test_validate_warns_about_a_due_that_contradicts_the_terms(tmp_path, capsys):
    from overdue_core.case.models import Case
    from overdue_core.cli import main

    case = Case.model_validate(
        {
            "as_of": "2026-11-01",
            "debts": [
                {
                    "id": "fq",
                    "platform": "某分期",
                    "balance": "12000",
                    "annual_rate": "0",
                    "remaining_terms": 12,
                    "monthly_due": "1072",
                }
            ],
        }
    )
    path = tmp_path / "fenqi.json"
    path.write_text(case.model_dump_json(), encoding="utf-8")
    assert main(["validate", str(path), "--lang", "en"]) == 0  # a warning, not an error
    out = capsys.readouterr().out
    assert "Warning: 某分期: the monthly due 1,072.00 does not match" in out and "13.03%" in out
