"""Demo cases shipped as package data: four different, realistic stories (in Chinese).

Why: a worried person can see what the app does before typing a single private figure, and the
tests run every page against cases a counselor would recognise.
"""

from __future__ import annotations

from importlib import resources

from overdue_core.case.casefile import parse_case
from overdue_core.case.models import Case

#: Demo ids in the order the Start page offers them.
DEMO_IDS: tuple[str, ...] = ("young_worker", "gig_driver", "family_cards", "two_behind")


def demo_bytes(demo_id: str) -> bytes:
    if demo_id not in DEMO_IDS:
        raise KeyError(demo_id)
    return (resources.files("overdue_core.case") / "demo_cases" / f"{demo_id}.json").read_bytes()


def load_demo(demo_id: str) -> Case:
    """A fresh copy of a demo case (each call parses again, so sessions never share one)."""
    case, problems = parse_case(demo_bytes(demo_id))
    if case is None:  # pragma: no cover - the demo files are tested to be valid
        raise ValueError(f"demo case {demo_id} is invalid: {problems}")
    return case
