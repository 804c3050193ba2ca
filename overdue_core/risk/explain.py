"""The score in plain words: each factor's thresholds as a sentence, each stress scenario as
"if your income falls by 20 %: short X this month", and first steps that name the person's own
platforms.

Why separate from the score: the score decides the points; this module only says them, from the
same results (one figure, one function), so the Overview, the report and the CLI can share the
wording. Steps are built from the factors that actually add points: a step that does not apply
(say "stop borrowing to repay" for someone who is not) is never shown.

Platform names are the person's own text: callers that render markdown must escape the result.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from overdue_core.case.models import Case
from overdue_core.case.money import fmt_money, fmt_pct
from overdue_core.i18n import t
from overdue_core.plan.apr import debt_true_apr, rate_blocked
from overdue_core.plan.engine import build_plan
from overdue_core.risk.score import FactorResult, Measure, RiskResult, format_value
from overdue_core.risk.stress import StressResult

#: How many platform names a step lists before "and N more".
MAX_NAMES = 3


def _sep(lang: str) -> str:
    return ", " if lang == "en" else "；"


def band_text(factor: FactorResult, at: Decimal, points: int, lang: str) -> str:
    """One threshold of one factor in words: "reaches 35 %: +8 points"."""
    if factor.unit == "margin":
        if at > 0:
            return t("explain.band.margin_low", lang, pct=fmt_pct(at, 0), points=points)
        if at == 0:
            return t("explain.band.margin_short", lang, points=points)
        return t("explain.band.margin_gap", lang, pct=fmt_pct(-at, 0), points=points)
    if factor.unit == "flag":
        return t("explain.band.flag", lang, points=points)
    if factor.unit == "missed":
        return t(
            "explain.band.missed",
            lang,
            n=int(at),
            bucket=format_value("missed", at, lang, threshold=True),
            points=points,
        )
    if factor.unit == "months":
        value = f"{at.normalize():f}"
        return t(f"explain.band.months_{factor.direction}", lang, n=value, points=points)
    value = format_value(factor.unit, at, lang, threshold=True)
    if factor.unit == "count":
        return t("explain.band.count", lang, at=value, points=points)
    return t(f"explain.band.{factor.direction}", lang, at=value, points=points)


def thresholds_sentence(factor: FactorResult, lang: str) -> str:
    """Every threshold of a factor in one plain sentence, with what the number measures."""
    bands = _sep(lang).join(band_text(factor, b.at, b.points, lang) for b in factor.thresholds)
    return t("explain.thresholds", lang, what=t(f"explain.what.{factor.code}", lang), bands=bands)


def stress_sentence(item: StressResult, lang: str) -> str:
    """One scenario: "If your income falls by 20 %: short 1,234.00 this month (score 80, critical)"."""
    scenario = t(f"explain.scenario.{item.scenario}", lang)
    level = t(f"risk.level.{item.level.value}", lang)
    if item.shortfall > 0:
        return t(
            "explain.stress_short",
            lang,
            scenario=scenario,
            shortfall=fmt_money(item.shortfall),
            score=item.score,
            level=level,
        )
    return t("explain.stress_enough", lang, scenario=scenario, score=item.score, level=level)


@dataclass(frozen=True)
class Step:
    """One of the first things to do: the measure, what to do (in this case's terms), and why."""

    measure: Measure
    title: str
    text: str
    because: str


def _names(names: list[str], lang: str) -> str:
    shown = t("format.list_sep", lang).join(names[:MAX_NAMES])
    if len(names) > MAX_NAMES:
        shown = t("explain.names_more", lang, names=shown, more=len(names) - MAX_NAMES, total=len(names))
    return shown


def _unique(names: list[str]) -> list[str]:
    seen: dict[str, str] = {}
    for name in names:
        seen.setdefault(" ".join(name.split()).casefold(), name)
    return list(seen.values())


def _plan_items(plan, lang: str) -> str:
    """The plan's month 1 in the plan's own order: "借呗 1,835.98（照合同）、花呗 325.88 …"."""
    items = []
    for offer in plan.offers.values():
        if offer.kind == "none" or offer.monthly <= 0:
            continue
        items.append(t(f"explain.item.{offer.kind}", lang, platform=offer.platform, amount=fmt_money(offer.monthly)))
    return t("format.list_sep", lang).join(items)


def _sentences(case: Case, result: RiskResult, measure: Measure, lang: str, plan) -> list[str]:
    """The sentences of one step: one per factor of this measure that adds points. Platforms are
    named in the plan's order and with the plan's figures, so the Overview tells the plan's story."""
    owing = [d for d in case.debts if d.total_owed > 0]
    overdue = _unique([d.platform for d in owing if d.overdue_amount > 0])
    offered = _unique([o.platform for o in plan.offers.values() if o.kind == "installments"])
    by_due = _unique([d.platform for d in owing])
    codes = [f.code for f in sorted(result.factors, key=lambda f: -f.points) if f.points > 0 and f.measure is measure]
    out: list[str] = []
    if measure is Measure.COMMUNICATE:
        if overdue:
            out.append(t("explain.step.communicate", lang, platforms=_names(overdue, lang)))
    elif measure is Measure.PLAN:
        items = _plan_items(plan, lang)
        if items and result.shortfall > 0:
            out.append(t("explain.step.plan_short", lang, gap=fmt_money(result.shortfall), items=items))
        elif items:
            out.append(t("explain.step.plan", lang, items=items))
    elif measure is Measure.NEGOTIATE:
        out.append(t("explain.step.negotiate", lang, platforms=_names(offered or overdue or by_due, lang)))
    elif measure is Measure.PREVENT:
        for code in codes:
            out.append(t(f"explain.step.prevent_{code}", lang, n=len(by_due)))
    elif measure is Measure.LEGAL:
        for reason in result.legal_urgent:
            out.append(t(f"explain.step.legal_{reason}", lang))
        apr = result.factor("costliest_apr")
        if apr.points > 0:
            dearest = max(owing, key=_apr_or_infinite, default=None)
            rate = fmt_pct(apr.value, 1) if apr.value is not None else "—"
            out.append(t("explain.step.legal", lang, apr=rate, platform=dearest.platform if dearest else ""))
    return [s for s in out if s]


def _apr_or_infinite(debt) -> float:
    """The rate the dearest debt is chosen by: a rate fees make infinite counts as the dearest; a
    rate the entries cannot give yet counts as none."""
    if rate_blocked(debt) is not None:
        return float("-inf")
    apr = debt_true_apr(debt)
    return float("inf") if apr is None else apr.nominal


def first_steps(case: Case, result: RiskResult, lang: str, n: int = 3, plan=None) -> list[Step]:
    """The measures that address the most points, in order, each in this case's own terms; the
    plan step reads the plan to follow (``build_plan(case)`` unless given), figure for figure."""
    if plan is None:
        plan = build_plan(case)
    steps = []
    for action in result.top_actions(n):
        sentences = _sentences(case, result, action.measure, lang, plan)
        if not sentences:
            continue  # nothing of this measure applies to this case
        steps.append(
            Step(
                action.measure, action.title(lang), ("" if lang != "en" else " ").join(sentences), action.because(lang)
            )
        )
    return steps
