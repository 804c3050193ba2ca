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

from overdue_core.i18n import t

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
    """4 × today's one-year LPR (12 % at LPR 3.0 %): the line for a private loan made today, and
    the score's first band. A loan's own line depends on its contract date (:func:`private_lending_line`)."""
    return rule_value("lpr_1y", overrides) * rule_value("private_lending_lpr_multiple", overrides)


#: The one-year LPR from each date it changed, since the reform that made it a market quote
#: (2019-08-20), as published monthly by the National Interbank Funding Center on the PBOC's
#: authority (全国银行间同业拆借中心受权公布贷款市场报价利率公告). Historical facts, not settings;
#: the value after the last change is the editable rule ``lpr_1y``. Confidence "M": written from
#: the announcements as remembered, to be checked against them (docs/risk-model.md says so).
LPR_1Y_HISTORY: tuple[tuple[dt.date, Decimal], ...] = (
    (dt.date(2019, 8, 20), _D("0.0425")),
    (dt.date(2019, 9, 20), _D("0.0420")),
    (dt.date(2019, 11, 20), _D("0.0415")),
    (dt.date(2020, 2, 20), _D("0.0405")),
    (dt.date(2020, 4, 20), _D("0.0385")),
    (dt.date(2021, 12, 20), _D("0.0380")),
    (dt.date(2022, 1, 20), _D("0.0370")),
    (dt.date(2022, 8, 22), _D("0.0365")),
    (dt.date(2023, 6, 20), _D("0.0355")),
    (dt.date(2023, 8, 21), _D("0.0345")),
    (dt.date(2024, 7, 22), _D("0.0335")),
    (dt.date(2024, 10, 21), _D("0.0310")),
    (dt.date(2025, 5, 20), _D("0.0300")),
)
LPR_HISTORY_CONFIDENCE = "M"
#: The 2020 revision of the private-lending provisions applies to interest from this day on; for
#: a contract made before it, that interest is held to 4 × the LPR when the suit is filed (Art. 31).
PRIVATE_LENDING_LPR_FROM = dt.date(2020, 8, 20)


def lpr_on(day: dt.date, overrides: dict[str, Decimal] | None = None) -> Decimal:
    """The one-year LPR in force on ``day`` (the editable current value from its last change on)."""
    last_change, _value = LPR_1Y_HISTORY[-1]
    if day >= last_change:
        return rule_value("lpr_1y", overrides)
    value = LPR_1Y_HISTORY[0][1]
    for changed, rate in LPR_1Y_HISTORY:
        if changed > day:
            break
        value = rate
    return value


@dataclass(frozen=True)
class LineRange:
    """A rate line that may depend on a date: ``low`` = ``high`` when the date is known.

    ``basis``: "contract_date" (4 × the LPR on that date, Art. 25), "filing" (a contract made
    before 2020-08-20: 4 × the LPR when a suit is filed, taken as today's, Art. 31), "unknown"
    (no contract date: every value since the reform is possible) or "fixed" (not an LPR line).
    """

    low: Decimal
    high: Decimal
    basis: Literal["contract_date", "filing", "unknown", "fixed"]
    lpr_date: dt.date | None = None

    @property
    def known(self) -> bool:
        return self.low == self.high

    def status(self, rate: float | Decimal | None) -> str:
        """ "above" (above every possible value; also a rate that cannot be computed), "within"
        (at or below every possible value) or "depends" (on the contract date)."""
        if rate is None or above_line(rate, self.high):
            return "above"
        return "within" if not above_line(rate, self.low) else "depends"


def private_lending_line(contract_date: dt.date | None, overrides: dict[str, Decimal] | None = None) -> LineRange:
    """4 × the one-year LPR *at the time the contract was made* (SPC private-lending provisions,
    2020 revision, Art. 25): a 15 % loan of 2021 (LPR 3.85 %, line 15.40 %) is within it, though
    15 % is above today's 12 %. Unknown date: the lowest and highest lines since the reform."""
    multiple = rule_value("private_lending_lpr_multiple", overrides)
    if contract_date is None:
        rates = [rate for _day, rate in LPR_1Y_HISTORY] + [rule_value("lpr_1y", overrides)]
        return LineRange(min(rates) * multiple, max(rates) * multiple, "unknown")
    if contract_date < PRIVATE_LENDING_LPR_FROM:
        cap = private_lending_cap(overrides)
        return LineRange(cap, cap, "filing")
    cap = lpr_on(contract_date, overrides) * multiple
    return LineRange(cap, cap, "contract_date", contract_date)


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


def sources_text(keys: list[str] | tuple[str, ...], lang: str) -> str:
    """The sources of several rules in one line, each text cited once.

    Why: two rules often rest on the same article (the 24 % and 36 % lines both cite the 2015
    private-lending interpretation, art. 26); joined as they are, one line cited it twice.
    """
    sep = t("format.item_sep", lang)
    parts = dict.fromkeys(
        part.strip() for key in keys for part in t(f"rule_source.{key}", lang).split(sep) if part.strip()
    )
    return sep.join(parts)
