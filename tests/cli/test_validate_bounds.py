"""``validate`` on each bad value of the hostile-input report: exit 2, a message, no traceback."""

from __future__ import annotations

import json

import pytest

from overdue_core.case import load_demo
from tests.helpers.cli import run_cli

CASES = {
    "5000-digit integer": (
        '"dependants": 1',
        '"dependants": ' + "9" * 5000,
        "Household › Dependants: Please enter a number",
    ),
    "as_of in year 9999": (
        '"as_of": "2026-11-01"',
        '"as_of": "9999-12-01"',
        "Figures dated: The date must be between 2000-01-01 and 2100-12-31",
    ),
    "card minimum of 200 %": (
        '"rules": {}',
        '"rules": {"card_min_payment_percent": "2"}',
        "Rules › Credit-card minimum",
    ),
    "1e999999999 as a rule": (
        '"rules": {}',
        '"rules": {"lpr_1y": 1e999999999}',
        "Rules › One-year loan prime rate (LPR): Please enter a number",
    ),
    "1e999999999 as a string rule": ('"rules": {}', '"rules": {"lpr_1y": "1e999999999"}', "between 0 and 10"),
    "negative rule": ('"rules": {}', '"rules": {"card_grace_days": "-3"}', "between 0 and 3650"),
    "NaN": ('"dependants": 1', '"dependants": NaN', "Dependants: Please enter a number"),
    "Infinity": ('"dependants": 1', '"dependants": Infinity', "Dependants: Please enter a number"),
}


@pytest.mark.parametrize("name", list(CASES))
def test_validate_refuses_with_exit_2_and_a_message(tmp_path, name):
    old, new, expected = CASES[name]
    text = json.dumps(json.loads(load_demo("gig_driver").model_dump_json()), ensure_ascii=False, indent=1).replace(
        "\n", " "
    )
    text = " ".join(text.split())
    assert old in text, old
    path = tmp_path / "case.json"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    done = run_cli("validate", str(path), "--lang", "en")
    assert done.returncode == 2, done.stderr
    assert "Traceback" not in done.stderr + done.stdout
    assert expected in done.stderr, done.stderr
