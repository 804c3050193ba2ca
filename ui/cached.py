"""Every cache of the app: the plan, the Plan page's strategies and what-ifs, the score, the figures.

Why one module: a cache's key decides whether a person ever sees a stale figure; kept together,
every key is read in one place (each holds the case's JSON, so any edit is a new key).

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
import json
from collections.abc import Callable
from decimal import Decimal
from typing import TypeVar

import streamlit as st

from overdue_core.case import Case, Strategy
from overdue_core.measures.prevent import FollowThrough, follow_through
from overdue_core.plan import PlanControls, PlanResult, build_plan, compare_strategies, parse_what_ifs
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


# --- the Plan page: every strategy, and the chosen one with and without its what-ifs -------------
@st.cache_data(scope="session", max_entries=12, show_spinner=False)
def _compare(case_json: str, budget: str, events_json: str) -> dict[Strategy, PlanResult]:
    """Every strategy for one case, budget and set of what-ifs (keyed by their JSON)."""
    events, _problems = parse_what_ifs(json.loads(events_json), "en")
    return compare_strategies(Case.model_validate_json(case_json), Decimal(budget), events)


@st.cache_data(scope="session", max_entries=12, show_spinner=False)
def _one(case_json: str, strategy: str, budget: str, events_json: str, agreed: bool = True) -> PlanResult:
    """One strategy's plan to follow, or with ``agreed=False`` its contract simulation ("if nobody
    agrees"): cached here, since a plan's own ``if_nobody_agrees`` would be worked out again on
    every rerun (each rerun gets a fresh copy of the cached plan)."""
    events, _problems = parse_what_ifs(json.loads(events_json), "en")
    return build_plan(Case.model_validate_json(case_json), Strategy(strategy), Decimal(budget), events, agreed=agreed)


def _engine_key(case: Case) -> str:
    """The case's JSON without the two plan settings the page passes in explicitly.

    Why: the budget and strategy are saved into the case on every change, so the full JSON
    would be a new key on a strategy switch and every strategy would be simulated again, though
    ``compare_strategies`` with an explicit budget reads neither the saved strategy nor the saved
    budget (only the custom order, which stays in the key). Everything else stays in the key.
    """
    plan = case.settings.plan.model_copy(update={"strategy": Strategy.OVERDUE_FIRST, "monthly_budget": None})
    return case.model_copy(update={"settings": case.settings.model_copy(update={"plan": plan})}).model_dump_json()


def _engine_args(case: Case, controls: PlanControls, with_what_ifs: bool) -> tuple[str, str, str]:
    """The cache keys of an engine call: the case (``_engine_key``), the budget and the what-ifs."""
    events = controls.events() if with_what_ifs else []
    events_json = json.dumps([e.model_dump(mode="json") for e in events], sort_keys=True)
    return _engine_key(case), f"{controls.monthly_budget:.2f}", events_json


def plans_for(case: Case, controls: PlanControls, with_what_ifs: bool) -> tuple[dict[Strategy, PlanResult], PlanResult]:
    """Every strategy's plan at the page's budget (and what-ifs), and the chosen strategy's."""
    case_json, budget, events_json = _engine_args(case, controls, with_what_ifs)
    results = _compare(case_json, budget, events_json)
    chosen = results.get(controls.strategy) or _one(case_json, controls.strategy.value, budget, events_json)
    return results, chosen


def contract_plan_for(case: Case, controls: PlanControls) -> PlanResult:
    """The chosen plan's contract simulation with the same budget and what-ifs ("if nobody agrees")."""
    case_json, budget, events_json = _engine_args(case, controls, with_what_ifs=True)
    return _one(case_json, controls.strategy.value, budget, events_json, False)
