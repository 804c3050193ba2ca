"""Platform presets: what choosing 花呗, 借呗, a credit card … fills in for the person.

Why: most people know the platform but not its conventions. A preset fills the kind of debt,
the usual repayment method and the publicly stated figures (overdue rate, late fee, card
minimum rule). Every figure carries its public source, the date of that source and how sure we
are of it (grades as in the rules registry: "V" primary text read, "S" secondary source only,
"M" common practice). Where no public source was found the field is left to the person and the
preset says so (``missing``) — a figure is never made up; a figure from common practice rather
than a primary text is an estimate ("M") and the form says so. Every value stays editable.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Literal

from overdue_core.case.models import DebtKind, MinimumRuleKind, Repayment

Confidence = Literal["V", "S", "M"]
#: Debt fields a preset may fill with a sourced figure.
FIGURE_FIELDS = ("annual_rate", "penalty_rate", "late_fee_rate", "minimum_percent")


@dataclass(frozen=True)
class Source:
    """A public source: its citation lives in the catalogs under ``preset_source.<key>``."""

    key: str
    as_of: dt.date  # the date the source carries, or the day it was read when it carries none
    confidence: Confidence

    @property
    def text_key(self) -> str:
        return f"preset_source.{self.key}"


@dataclass(frozen=True)
class Figure:
    """One preset value and where it comes from."""

    value: Decimal
    source: Source


@dataclass(frozen=True)
class Preset:
    key: str  # catalog: preset.name.<key>, and the platform name filled in
    kind: DebtKind
    repayment: Repayment
    lender_licensed: bool
    figures: dict[str, Figure] = field(default_factory=dict)
    #: Fields deliberately left to the person (no public figure found) -> catalog key of the reason.
    missing: dict[str, str] = field(default_factory=dict)
    minimum_rule_kind: MinimumRuleKind | None = None
    #: The overdue rate as a multiple of the loan's own rate, when the preset knows the rule but
    #: not the rate (a bank-type loan: the contract rate plus 30–50 %); used while the penalty
    #: field is left empty, so an overdue loan is never planned as free.
    penalty_multiple: Figure | None = None

    @property
    def name_key(self) -> str:
        return f"preset.name.{self.key}"

    def figure(self, name: str) -> Decimal | None:
        item = self.figures.get(name)
        return item.value if item else None


_D = Decimal
READ = dt.date(2026, 11, 30)  # the day the undated pages were read

SOURCES: dict[str, Source] = {
    s.key: s
    for s in [
        # Primary texts only (a platform's own agreement or fee page, a bank's fee schedule, a
        # regulator's text). None of the platforms' own agreements could be read here: those
        # figures are estimates ("M"), said to be so, and the person is asked to check the contract.
        Source("bnpl_overdue_estimate", READ, "M"),
        Source("card_daily_rate", dt.date(2021, 1, 1), "S"),
        Source("card_minimum_estimate", READ, "M"),
        Source("card_late_fee_estimate", READ, "M"),
        Source("pboc_2003_251", dt.date(2004, 1, 1), "S"),
    ]
}

#: A daily rate of 0.05 % (万分之五) as a simple annual rate: 0.0005 × 365.
DAILY_0_05_PCT_ANNUAL = _D("0.1825")

_MISSING_PENALTY_NONE = "preset.missing.penalty_none"
_MISSING_RATE = "preset.missing.rate_on_contract"
_MISSING_LATE_FEE = "preset.missing.late_fee_none"


def _bnpl(key: str) -> Preset:
    """A pay-later account: its overdue rate estimated at 0.05 % a day (the common figure; the
    platform's own agreement could not be read), marked as an estimate."""
    figures = {"penalty_rate": Figure(DAILY_0_05_PCT_ANNUAL, SOURCES["bnpl_overdue_estimate"])}
    missing = {"annual_rate": _MISSING_RATE, "late_fee_rate": _MISSING_LATE_FEE}
    return Preset(key, DebtKind.BNPL, Repayment.BULLET, True, figures, missing)


def _loan(key: str, licensed: bool = True) -> Preset:
    """An installment loan: a licensed lender's overdue rate is its loan rate plus 30–50 %
    (PBOC 银发〔2003〕251号); 1.5 × is used until the contract's figure is typed. An unlicensed
    app has no rule to go by: left to the person."""
    missing = {"annual_rate": _MISSING_RATE, "late_fee_rate": _MISSING_LATE_FEE}
    if not licensed:
        missing["penalty_rate"] = _MISSING_PENALTY_NONE
        return Preset(key, DebtKind.INSTALLMENT_LOAN, Repayment.EQUAL_INSTALLMENT, licensed, {}, missing)
    multiple = Figure(_D("1.5"), SOURCES["pboc_2003_251"])
    return Preset(
        key, DebtKind.INSTALLMENT_LOAN, Repayment.EQUAL_INSTALLMENT, licensed, {}, missing, penalty_multiple=multiple
    )


PRESETS: dict[str, Preset] = {
    p.key: p
    for p in [
        _bnpl("huabei"),
        _loan("jiebei"),
        _bnpl("baitiao"),
        _loan("weilidai"),
        _bnpl("meituan"),
        _bnpl("douyin"),
        Preset(
            "bank_card",
            DebtKind.CREDIT_CARD,
            Repayment.MINIMUM_PAYMENT,
            True,
            {
                "annual_rate": Figure(DAILY_0_05_PCT_ANNUAL, SOURCES["card_daily_rate"]),
                "penalty_rate": Figure(DAILY_0_05_PCT_ANNUAL, SOURCES["card_daily_rate"]),
                "late_fee_rate": Figure(_D("0.05"), SOURCES["card_late_fee_estimate"]),
                "minimum_percent": Figure(_D("0.10"), SOURCES["card_minimum_estimate"]),
            },
            {},
            MinimumRuleKind.INTEREST_FEES_PLUS_PERCENT,
        ),
        _loan("consumer_finance"),
        _loan("online_app", licensed=False),
    ]
}
#: The choice for a platform not in the list: nothing is filled but the kind.
OTHER = "other"


def preset_values(key: str) -> dict[str, object]:
    """The debt fields a preset fills (kind, repayment, licensed and the sourced figures).

    ``minimum_rule`` is given as a model-ready dict; figures not publicly known are absent.
    """
    preset = PRESETS.get(key)
    if preset is None:
        return {}
    values: dict[str, object] = {
        "kind": preset.kind,
        "repayment": preset.repayment,
        "lender_licensed": preset.lender_licensed,
    }
    for name in ("annual_rate", "penalty_rate", "late_fee_rate"):
        if name in preset.figures:
            values[name] = preset.figures[name].value
    if preset.minimum_rule_kind is not None and "minimum_percent" in preset.figures:
        values["minimum_rule"] = {"kind": preset.minimum_rule_kind, "percent": preset.figures["minimum_percent"].value}
    return values


def is_estimate(figure: Figure) -> bool:
    """A figure from common practice, not from a primary text: shown as an estimate to check."""
    return figure.source.confidence == "M"


def sources_in_use() -> list[Source]:
    """Every source some preset figure names, in a stable order (for the Rules page)."""
    seen: dict[str, Source] = {}
    for preset in PRESETS.values():
        for item in [*preset.figures.values(), *([preset.penalty_multiple] if preset.penalty_multiple else [])]:
            seen.setdefault(item.source.key, item.source)
    return list(seen.values())
