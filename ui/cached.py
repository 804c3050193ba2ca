"""Per-session caches for what pages derive from the case: the plan, the score, the figures.

Why: a rerun (any click) runs the whole page again, and most of that time went into work whose
inputs had not changed — above all building Plotly figures (plotly validates every property,
about 5–14 ms a figure). Entries are keyed by the case's JSON (plus the language and the page's
own inputs), so any edit to the case is a new key, never a stale answer.

Why ``scope="session"``: the key is one person's case, and their figures must never be kept for,
or handed to, another session; session entries are dropped when the session ends, which also
bounds memory. Plans and scores use ``st.cache_data`` (each rerun gets its own copy, so a page
cannot change the cached value). Figures use ``st.cache_resource``: ``cache_data`` would pickle
them, and unpickling a Plotly figure validates it again, costing as much as building it;
``st.plotly_chart`` only reads the figure (it copies it with ``to_dict``); the Plan and Overview
cache the figure's JSON as sent to the browser (``ui.plotly_component``), a plain string.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TypeVar

import streamlit as st

from overdue_core.case import Case
from overdue_core.measures.prevent import FollowThrough, follow_through
from overdue_core.plan import PlanResult, build_plan
from overdue_core.risk import RiskResult, StressResult, assess

F = TypeVar("F")


@st.cache_data(scope="session", max_entries=8, show_spinner=False)
def _plan(case_json: str) -> PlanResult:
    return build_plan(Case.model_validate_json(case_json))


@st.cache_data(scope="session", max_entries=8, show_spinner=False)
def _risk(case_json: str) -> tuple[RiskResult, list[StressResult]]:
    return assess(Case.model_validate_json(case_json))


@st.cache_data(scope="session", max_entries=8, show_spinner=False)
def _follow(case_json: str, on: dt.date) -> FollowThrough:
    return follow_through(Case.model_validate_json(case_json), on)


def case_key(case: Case) -> str:
    """The cache key for a case: its full JSON (every field, so every edit changes it)."""
    return case.model_dump_json()


def plan_for(case: Case) -> PlanResult:
    """The case's plan at its own budget and strategy (as ``build_plan(case)``), once per case."""
    return _plan(case_key(case))


def risk_for(case: Case) -> tuple[RiskResult, list[StressResult]]:
    """The case's score and stress tests (as ``score_case`` and ``stress_tests``), once per case."""
    return _risk(case_key(case))


def follow_through_for(case: Case, on: dt.date) -> FollowThrough:
    """This month's follow-through (as ``follow_through``; it runs the plan twice), once per case and day."""
    return _follow(case_key(case), on)


@st.cache_resource(scope="session", max_entries=24, show_spinner=False)
def _figure(name: str, key: tuple[str, ...], _build: Callable[[], F]) -> F:
    return _build()


def figure(name: str, build: Callable[[], F], *key: str) -> F:
    """``build()`` once per session for the same ``name`` and ``key``.

    ``key`` must hold everything the figure depends on (usually ``case_key(case)``, the language
    and the page's inputs as text): the builder itself is not part of the key.
    """
    return _figure(name, tuple(key), build)
