"""The debts a plan lets fall behind, one row per debt: when, how deep, for how long, until when.

Why one row per debt: the plan warns twice for a debt that first falls behind and later slips a
bucket deeper, each warning repeating why and what to do. Read as a list of red boxes that is a
wall of text on a phone; read as one row per debt (and the reasons once) it is a table a person
can take to the phone call. The Plan page and the PDF statement both read :func:`plan_slips`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from overdue_core.plan.engine import PlanResult


@dataclass(frozen=True)
class Slip:
    debt_id: str
    platform: str
    #: First month the plan leaves this current debt unpaid (``None``: it was overdue already).
    falls_behind: dt.date | None
    #: First month the plan lets this debt slip a bucket deeper (``None``: it never does).
    falls_further: dt.date | None
    #: Months behind in all under this plan.
    months_behind: int
    #: The month it is current again (``None``: not within the plan).
    current_again: dt.date | None
    #: Catalog key of why the plan chose this debt to wait (``plan_slip.reason.*``).
    reason_key: str


def plan_slips(plan: PlanResult) -> list[Slip]:
    """One :class:`Slip` per debt the plan lets fall behind or further behind, in the plan's order."""
    grouped: dict[str, dict] = {}
    for warning in plan.warnings:
        if not warning.is_slip:
            continue
        params = warning.params
        row = grouped.setdefault(
            warning.debt_id,
            {
                "platform": params["platform"],
                "months_behind": params["months"],
                "current_again": dt.date.fromisoformat(params["until_date"]) if params["until_date"] else None,
                "reason_key": params["reason_key"],
            },
        )
        row[warning.code] = dt.date.fromisoformat(params["date"])
    return [
        Slip(
            debt_id=debt_id,
            platform=row["platform"],
            falls_behind=row.get("falls_behind"),
            falls_further=row.get("falls_further"),
            months_behind=row["months_behind"],
            current_again=row["current_again"],
            reason_key=row["reason_key"],
        )
        for debt_id, row in grouped.items()
    ]


def slip_sentence(slip: Slip, tr, escape=None) -> str:
    """One debt falling behind as a sentence (when, how deep, how long, until when): a phone shows
    it whole, where a five-column table would scroll sideways. ``escape`` makes the platform name
    (the person's own text) inert where the words are markdown."""
    when = ""
    if slip.falls_behind:
        when += tr("plan_slip.row.behind", date=f"{slip.falls_behind:%Y-%m}")
    if slip.falls_further:
        when += tr("plan_slip.row.further", date=f"{slip.falls_further:%Y-%m}")
    if slip.current_again:
        until = tr("plan_slip.row.until_current", date=f"{slip.current_again:%Y-%m}")
    else:
        until = tr("plan_slip.row.until_never")
    platform = escape(slip.platform) if escape else slip.platform
    return tr("plan_slip.row.line", platform=platform, when=when, months=slip.months_behind, until=until)
