"""One case's score and its stress tests together: what the Overview page and the ``risk`` command show.

Why here and not in the command line: the app and the CLI must read the very same assessment
(one figure, one function), and scoring once from a single snapshot means the APRs behind it
are computed once.
"""

from __future__ import annotations

from typing import Any

from overdue_core.case.models import Case
from overdue_core.risk.score import RiskResult, inputs_from_case, score_inputs
from overdue_core.risk.stress import StressResult, stress_inputs


def assess(case: Case) -> tuple[RiskResult, list[StressResult]]:
    """Score and stress-test one case from a single snapshot (the APRs are computed once)."""
    inputs = inputs_from_case(case)
    result = score_inputs(inputs)
    return result, stress_inputs(inputs, result)


def assessment_dict(case: Case, lang: str) -> dict[str, Any]:
    """The JSON form of a case's score: score, level, factors, stress tests, missing inputs."""
    result, stress = assess(case)
    data = result.to_dict(lang)
    data["stress"] = [s.to_dict() for s in stress]
    return data
