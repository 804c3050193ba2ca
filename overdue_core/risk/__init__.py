"""The risk score: how bad is it, why, and what if things get a little worse.

``score`` (a 0–100 points score over ten explained factors), ``stress`` (the same score under
worse scenarios) and ``assess`` (both together: what the Overview page and the ``risk`` command
show).
"""

from __future__ import annotations

from overdue_core.risk.assess import assess, assessment_dict
from overdue_core.risk.explain import Step, first_steps, stress_sentence, thresholds_sentence
from overdue_core.risk.score import (
    LEVEL_FLOORS,
    SPECS,
    Level,
    Measure,
    RiskInputs,
    RiskResult,
    inputs_from_case,
    score_case,
    score_inputs,
)
from overdue_core.risk.stress import SCENARIOS, StressResult, same_score_summary, stress_inputs, stress_tests

__all__ = [
    "LEVEL_FLOORS",
    "SCENARIOS",
    "SPECS",
    "Level",
    "Measure",
    "RiskInputs",
    "RiskResult",
    "Step",
    "StressResult",
    "assess",
    "assessment_dict",
    "first_steps",
    "inputs_from_case",
    "score_case",
    "score_inputs",
    "stress_inputs",
    "stress_sentence",
    "same_score_summary",
    "stress_tests",
    "thresholds_sentence",
]
