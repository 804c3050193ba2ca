"""Platform presets: what choosing 花呗, 借呗, a credit card … fills in for the person.

Why: most people know the platform but not its conventions. A preset fills the kind of debt,
the usual repayment method and the publicly stated figures (overdue rate, late fee, card
minimum rule). Every figure carries its public source, the date of that source and how sure we
are of it (grades as in the rules registry: "V" primary text read, "S" secondary source only,
"M" common practice). Where no public source was found the field is left to the person and the
preset says so (``missing``) — a figure is never made up. Every value stays editable.
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
        Source("huabei_overdue", READ, "S"),
        Source("meituan_overdue", dt.date(2024, 9, 28), "S"),
        Source("douyin_overdue", dt.date(2026, 1, 22), "S"),
        Source("card_daily_rate", dt.date(2021, 1, 1), "S"),
        Source("card_minimum", READ, "S"),
        Source("card_late_fee", READ, "S"),
    ]
}

#: A daily rate of 0.05 % (万分之五) as a simple annual rate: 0.0005 × 365.
DAILY_0_05_PCT_ANNUAL = _D("0.1825")

_MISSING_PENALTY_BANK = "preset.missing.penalty_bank_range"
_MISSING_PENALTY_NONE = "preset.missing.penalty_none"
_MISSING_PENALTY_DISAGREE = "preset.missing.penalty_disagree"
_MISSING_RATE = "preset.missing.rate_on_contract"
_MISSING_LATE_FEE = "preset.missing.late_fee_none"


def _bnpl(key: str, source: str | None, disagree: bool = False) -> Preset:
    figures = {"penalty_rate": Figure(DAILY_0_05_PCT_ANNUAL, SOURCES[source])} if source else {}
    missing = {"annual_rate": _MISSING_RATE, "late_fee_rate": _MISSING_LATE_FEE}
    if not source:
        missing["penalty_rate"] = _MISSING_PENALTY_DISAGREE if disagree else _MISSING_PENALTY_NONE
    return Preset(key, DebtKind.BNPL, Repayment.BULLET, True, figures, missing)


def _loan(key: str, licensed: bool = True, hint: str = _MISSING_PENALTY_BANK) -> Preset:
    missing = {"annual_rate": _MISSING_RATE, "penalty_rate": hint, "late_fee_rate": _MISSING_LATE_FEE}
    return Preset(key, DebtKind.INSTALLMENT_LOAN, Repayment.EQUAL_INSTALLMENT, licensed, {}, missing)


PRESETS: dict[str, Preset] = {
    p.key: p
    for p in [
        _bnpl("huabei", "huabei_overdue"),
        _loan("jiebei"),
        _bnpl("baitiao", None, disagree=True),
        _loan("weilidai"),
        _bnpl("meituan", "meituan_overdue"),
        _bnpl("douyin", "douyin_overdue"),
        Preset(
            "bank_card",
            DebtKind.CREDIT_CARD,
            Repayment.MINIMUM_PAYMENT,
            True,
            {
                "annual_rate": Figure(DAILY_0_05_PCT_ANNUAL, SOURCES["card_daily_rate"]),
                "penalty_rate": Figure(DAILY_0_05_PCT_ANNUAL, SOURCES["card_daily_rate"]),
                "late_fee_rate": Figure(_D("0.05"), SOURCES["card_late_fee"]),
                "minimum_percent": Figure(_D("0.10"), SOURCES["card_minimum"]),
            },
            {},
            MinimumRuleKind.INTEREST_FEES_PLUS_PERCENT,
        ),
        _loan("consumer_finance"),
        _loan("online_app", licensed=False, hint=_MISSING_PENALTY_NONE),
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


def sources_in_use() -> list[Source]:
    """Every source some preset figure names, in a stable order (for the Rules page)."""
    seen: dict[str, Source] = {}
    for preset in PRESETS.values():
        for item in preset.figures.values():
            seen.setdefault(item.source.key, item.source)
    return list(seen.values())
