"""Preparation sheets and short call scripts for the first contact with a platform.

Why: a call goes better when the figures are at hand and the request is decided beforehand.
What to ask for depends on why the payment was missed: a platform fault or a failed debit is
not the person's doing (ask to waive the penalty and correct the credit record — an objection
must be answered within the rule's number of days); a first mistake earns a goodwill request;
hardship is a negotiation (see :mod:`overdue_core.measures.negotiate.letters`); a disputed charge needs the
breakdown in writing first.
"""

from __future__ import annotations

from dataclasses import dataclass

from overdue_core.case.models import Case, Debt, OverdueCause
from overdue_core.case.money import fmt_money
from overdue_core.i18n import Translator
from overdue_core.rules import rule_value

#: What to ask for, by cause: catalog keys under "communicate.ask.".
ASKS: dict[OverdueCause, tuple[str, ...]] = {
    OverdueCause.SYSTEM_FAULT: ("pay_now", "waive_penalty_fault", "correct_record", "objection", "written"),
    OverdueCause.PAYMENT_CHANNEL: (
        "proof_failed_debit",
        "pay_now",
        "waive_penalty_fault",
        "correct_record",
        "objection",
        "written",
    ),
    OverdueCause.OWN_MISTAKE: ("pay_now", "goodwill", "no_report", "written"),
    OverdueCause.HARDSHIP: ("tell_early", "negotiate", "stop_penalty", "written"),
    OverdueCause.DISPUTED_CHARGE: ("breakdown", "pay_undisputed", "dispute", "complaint", "written"),
}


@dataclass(frozen=True)
class PrepSheet:
    """What to have at hand, what to ask for, and a short script, all in one language."""

    platform: str
    facts: list[tuple[str, str]]
    asks: list[str]
    script: str
    to_negotiation: bool


def _facts(debt: Debt, tr: Translator) -> list[tuple[str, str]]:
    return [
        (tr("field.platform"), debt.platform),
        (tr("field.account_ref"), debt.masked_ref or tr("communicate.prep.ref_missing")),
        (tr("communicate.prep.owed"), fmt_money(debt.total_owed)),
        (tr("field.overdue_amount"), fmt_money(debt.overdue_amount)),
        (tr("field.days_overdue"), str(debt.days_overdue)),
        (tr("field.monthly_due"), fmt_money(debt.monthly_due)),
        (tr("field.due_day"), str(debt.due_day) if debt.due_day else tr("communicate.prep.due_day_missing")),
    ]


def preparation_sheet(case: Case, debt_id: str, cause: OverdueCause | str, lang: str, name: str = "") -> PrepSheet:
    """The sheet for one debt and one cause, with the case's real figures."""
    tr = Translator(lang)
    debt = case.debt(debt_id)
    if debt is None:
        raise KeyError(debt_id)
    cause = OverdueCause(cause)
    days = f"{rule_value('objection_reply_days', case.settings.rules).normalize():f}"
    complaint_days = f"{rule_value('complaint_reply_days', case.settings.rules).normalize():f}"
    asks = [
        tr(f"communicate.ask.{key}", days=days, complaint_days=complaint_days, overdue=fmt_money(debt.overdue_amount))
        for key in ASKS[cause]
    ]
    params = {
        "platform": debt.platform,
        "name": name.strip() or tr("communicate.script.name_placeholder"),
        "ref": debt.masked_ref or tr("communicate.script.ref_placeholder"),
        "overdue": fmt_money(debt.overdue_amount),
        "days": debt.days_overdue,
        "objection_days": days,
    }
    lines = [
        tr("communicate.script.open", **params),
        tr("communicate.script.account", **params),
        tr(f"communicate.script.cause.{cause.value}", **params),
        tr(f"communicate.script.ask.{cause.value}", **params),
        tr("communicate.script.record", **params),
        tr("communicate.script.close", **params),
    ]
    return PrepSheet(
        platform=debt.platform,
        facts=_facts(debt, tr),
        asks=asks,
        script="\n".join(lines),
        to_negotiation=cause == OverdueCause.HARDSHIP,
    )
