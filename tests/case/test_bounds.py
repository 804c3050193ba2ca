"""Bounds in the model: the "as of" date, every rule by its unit, numbers no parser can take.

Each bad value here used to validate and then crash pages (or raise while reading the file);
now it is refused with the ordinary translated problem that names the field.
"""

from __future__ import annotations

import json
from decimal import Decimal

import pytest
from pydantic import ValidationError

from overdue_core.case import Case, load_demo, parse_case, problems_from_validation
from overdue_core.rules import RULES, UNIT_BOUNDS, rule_problem


def _case_json(**changes) -> dict:
    data = json.loads(load_demo("gig_driver").model_dump_json())
    for path, value in changes.items():
        target = data
        *parents, last = path.split("__")
        for part in parents:
            target = target[part]
        target[last] = value
    return data


def _problems(raw: str | dict, lang: str = "en"):
    text = raw if isinstance(raw, str) else json.dumps(raw)
    case, problems = parse_case(text.encode(), lang)
    assert case is None
    return problems


@pytest.mark.parametrize("as_of", ["9999-12-01", "1999-12-31", "2101-01-01", "0001-01-01"])
def test_as_of_outside_2000_to_2100_is_refused(as_of):
    (item,) = _problems(_case_json(as_of=as_of))
    assert item.code == "date_out_of_range"
    assert item.path == "Figures dated" and "2000-01-01" in item.message and "2100-12-31" in item.message


@pytest.mark.parametrize("as_of", ["2000-01-01", "2100-12-31"])
def test_as_of_at_the_edges_is_fine(as_of):
    case, problems = parse_case(json.dumps(_case_json(as_of=as_of)).encode())
    assert problems == [] and case is not None


@pytest.mark.parametrize(
    ("key", "value", "code"),
    [
        ("card_min_payment_percent", "2", "rule_out_of_range"),  # 200 %
        ("lpr_1y", "1e999999999", "rule_out_of_range"),
        ("lpr_1y", "-0.01", "rule_out_of_range"),
        ("collection_quiet_start_hour", "24", "rule_out_of_range"),
        ("collection_quiet_start_hour", "21.5", "rule_whole_number"),
        ("card_grace_days", "-1", "rule_out_of_range"),
        ("lpr_1y", "abc", "not_a_number"),
        ("lpr_1y", "NaN", "not_a_number"),
        ("lpr_1y", "1e99999999999999999999", "not_a_number"),
    ],
)
def test_rule_values_are_bounded_by_their_unit(key, value, code):
    problems = _problems(_case_json(settings__rules={key: value}))
    assert [p.code for p in problems] == [code]
    # The rule is named as the Rules page names it, not by its key.
    assert problems[0].path.startswith("Settings › Rules › ") and key not in problems[0].path


def test_every_bad_rule_is_named_once():
    problems = _problems(
        _case_json(settings__rules={"lpr_1y": "5000", "card_min_payment_percent": "2", "card_grace_days": "3"})
    )
    assert len(problems) == 2
    assert {p.code for p in problems} == {"rule_out_of_range"}


def test_rules_in_range_are_kept_and_unknown_rules_dropped():
    case, problems = parse_case(
        json.dumps(_case_json(settings__rules={"lpr_1y": "0.0305", "no_such_rule": "1"})).encode()
    )
    assert problems == [] and case.settings.rules == {"lpr_1y": Decimal("0.0305")}


def test_every_rule_default_is_within_its_own_bounds():
    for key, rule in RULES.items():
        assert rule.unit in UNIT_BOUNDS
        assert rule_problem(key, rule.value) is None, key


def test_model_refuses_bad_rules_outside_files_too():
    data = load_demo("gig_driver").model_dump()
    data["settings"]["rules"] = {"card_min_payment_percent": Decimal("2")}
    with pytest.raises(ValidationError) as exc:
        Case.model_validate(data)
    (item,) = problems_from_validation(exc.value, "zh-CN")
    assert item.path.startswith("设置 › 规则 › ") and "card_min" not in item.path, item.path
    assert "0 到 1" in item.message


@pytest.mark.parametrize(
    "literal",
    ["9" * 5000, "-" + "9" * 5000, "1e999999999", "-1e999999999", "NaN", "Infinity", "-Infinity"],
)
@pytest.mark.parametrize(
    "field", ["household__dependants", "household__liquid_savings", "settings__plan__monthly_budget"]
)
def test_numbers_no_parser_can_take_are_not_a_valid_number(literal, field):
    marker = "__NUMBER__"
    text = json.dumps(_case_json(**{field: marker})).replace(f'"{marker}"', literal)
    (item,) = _problems(text)
    assert item.code == "not_a_number", item
    assert item.message == "Please enter a number, e.g. 1234.50"
