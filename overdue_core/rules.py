"""Legal and industry figures the app applies, each dated, sourced and editable.

Why a registry: rates, limits and fee schedules change (the LPR moves, notices expire). Every
figure the app uses comes from here, carries its source and how sure we are of it, and can be
overridden per case in ``case.settings.rules`` by the user or a counselor. Nothing here is legal
advice; the UI says so wherever a rule is shown.

Confidence: "V" primary text read, "S" secondary source only, "M" common practice, unverified.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Literal

Unit = Literal["rate", "fraction", "yuan", "days", "years", "count", "hour"]


@dataclass(frozen=True)
class Rule:
    key: str
    value: Decimal
    unit: Unit
    as_of: dt.date
    confidence: Literal["V", "S", "M"]

    @property
    def source_key(self) -> str:
        """Catalog key of the source citation (``rule_source.<key>``), shown beside the rule."""
        return f"rule_source.{self.key}"

    @property
    def label_key(self) -> str:
        return f"rule_label.{self.key}"


_D = Decimal

RULES: dict[str, Rule] = {
    r.key: r
    for r in [
        Rule("lpr_1y", _D("0.030"), "rate", dt.date(2026, 8, 20), "S"),
        Rule("private_lending_lpr_multiple", _D("4"), "count", dt.date(2020, 12, 29), "V"),
        Rule("reference_line_24", _D("0.24"), "rate", dt.date(2015, 9, 1), "S"),
        Rule("reference_line_36", _D("0.36"), "rate", dt.date(2015, 9, 1), "S"),
        Rule("licensed_lender_ceiling", _D("0.24"), "rate", dt.date(2025, 10, 1), "S"),
        Rule("credit_card_daily_rate", _D("0.0005"), "rate", dt.date(2021, 1, 1), "S"),
        Rule("card_min_payment_percent", _D("0.10"), "fraction", dt.date(2017, 1, 1), "M"),
        Rule("card_grace_days", _D("3"), "days", dt.date(2017, 1, 1), "M"),
        Rule("card_penalty_fraction", _D("0.05"), "fraction", dt.date(2017, 1, 1), "M"),
        Rule("hardship_installment_max_months", _D("60"), "count", dt.date(2011, 1, 13), "S"),
        Rule("credit_record_years", _D("5"), "years", dt.date(2013, 3, 15), "V"),
        Rule("objection_reply_days", _D("20"), "days", dt.date(2013, 3, 15), "V"),
        Rule("complaint_reply_days", _D("30"), "days", dt.date(2013, 3, 15), "V"),
        Rule("free_reports_per_year", _D("2"), "count", dt.date(2013, 3, 15), "V"),
        Rule("collection_quiet_start_hour", _D("22"), "hour", dt.date(2023, 1, 1), "S"),
        Rule("collection_quiet_end_hour", _D("8"), "hour", dt.date(2023, 1, 1), "S"),
        Rule("collection_max_calls_per_day", _D("3"), "count", dt.date(2023, 1, 1), "S"),
        Rule("limitation_years", _D("3"), "years", dt.date(2021, 1, 1), "V"),
        Rule("court_fee_simple_factor", _D("0.5"), "fraction", dt.date(2007, 4, 1), "V"),
        Rule("court_fee_payment_order_factor", _D("0.3333333333"), "fraction", dt.date(2007, 4, 1), "V"),
    ]
}


#: What a value of each unit may be: (lowest, highest, whole numbers only). A rate is a decimal
#: fraction a year (0.18 = 18 %, at most 1000 % like every rate of the case), a fraction a share
#: (0.05 = 5 %, at most 1), an hour a clock hour of the day. Nothing is negative.
UNIT_BOUNDS: dict[Unit, tuple[Decimal, Decimal, bool]] = {
    "rate": (Decimal(0), Decimal(10), False),
    "fraction": (Decimal(0), Decimal(1), False),
    "yuan": (Decimal(0), Decimal(1_000_000_000), False),
    "days": (Decimal(0), Decimal(3650), True),
    "years": (Decimal(0), Decimal(100), True),
    "count": (Decimal(0), Decimal(1000), True),
    "hour": (Decimal(0), Decimal(23), True),
}


def rule_problem(key: str, value: Decimal) -> tuple[str, dict[str, str]] | None:
    """Why ``value`` cannot stand for rule ``key`` (an error code and its parameters), or None.

    Why here: the case model refuses such an override and the Rules page says the same thing
    before storing it, so a bad value never reaches a page, the plan or the PDF.
    """
    low, high, whole = UNIT_BOUNDS[RULES[key].unit]
    if not value.is_finite():
        return "not_a_number", {}
    if value < low or value > high:
        return "rule_out_of_range", {"low": f"{low.normalize():f}", "high": f"{high.normalize():f}"}
    if whole and value != value.to_integral_value():
        return "rule_whole_number", {}
    return None


def rule_value(key: str, overrides: dict[str, Decimal] | None = None) -> Decimal:
    """The value in force for ``key``: the case's override if any, else the default."""
    if overrides and key in overrides:
        return Decimal(overrides[key])
    return RULES[key].value


#: Rate lines are stated to 0.01 % (24 %, 36 %, 4 × LPR = 12.00 %); rates are compared with them
#: at that precision, so a loan priced exactly at a line is within it even when a payment rounded
#: to the fen puts its IRR a hair above.
LINE_PLACES = Decimal("0.0001")


def at_line_precision(rate: float | Decimal) -> Decimal:
    """A rate (fraction) rounded half up to 0.01 %, the precision the legal lines are stated in."""
    return Decimal(str(rate)).quantize(LINE_PLACES, rounding=ROUND_HALF_UP)


def above_line(rate: float | Decimal, line: Decimal) -> bool:
    """Whether ``rate`` is above ``line``, both at 0.01 % (the one comparison legal checks and the score use)."""
    return at_line_precision(rate) > at_line_precision(line)


def private_lending_cap(overrides: dict[str, Decimal] | None = None) -> Decimal:
    """4 × one-year LPR: the protected ceiling for private lending (12 % at LPR 3.0 %)."""
    return rule_value("lpr_1y", overrides) * rule_value("private_lending_lpr_multiple", overrides)


# Court fee schedule, 诉讼费用交纳办法 Art.13 (V): cumulative on each slice of the claim.
#: (upper bound of the slice in yuan, rate); the first slice is a flat 50 yuan.
COURT_FEE_SLICES: list[tuple[Decimal | None, Decimal]] = [
    (_D("100000"), _D("0.025")),
    (_D("200000"), _D("0.02")),
    (_D("500000"), _D("0.015")),
    (_D("1000000"), _D("0.01")),
    (_D("2000000"), _D("0.009")),
    (_D("5000000"), _D("0.008")),
    (_D("10000000"), _D("0.007")),
    (_D("20000000"), _D("0.006")),
    (None, _D("0.005")),
]
COURT_FEE_SOURCE_KEY = "rule_source.court_fee_schedule"

#: Complaint and help lines with what each is for (rules-cn.md, "Complaint and help channels").
HELP_LINES: list[tuple[str, str, Literal["V", "S", "M"]]] = [
    ("12363", "pboc", "S"),
    ("12378", "nfra", "S"),
    ("12315", "market", "M"),
    ("12348", "legal_aid", "M"),
    ("110", "police", "V"),  # threats, violence, posing as police: a crime, not a complaint
]
