"""Hardship letter and negotiation call script, built from the case's own figures.

Why this order: debt advisers write hardship letters the same way because lenders' hardship
teams read them that way — the account; what happened and when, with numbers; the documents
enclosed; one specific request (amount, months, start date, payment day); how and when normal
payments resume; when to reach the person; and a request for written confirmation of any
agreement. One clear, affordable request gets a faster yes than a vague plea.

The letter is plain text (UTF-8) so it can be pasted into an app chat, an email or printed.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from overdue_core.case.form_problems import MustBePositive, parse_form
from overdue_core.case.models import Case, DebtId, LongText, ShortText
from overdue_core.case.money import Money, fmt_money
from overdue_core.case.problems import Problem
from overdue_core.i18n import Translator

#: Documents a hardship team usually asks for (catalog keys under "letters.enclosure.").
ENCLOSURES: tuple[str, ...] = ("income_change", "repayment_record", "medical", "job_loss", "bank_statement")

Reason = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=4000)]


class HardshipRequest(BaseModel):
    """Everything the letter says beyond the case figures; validated like every other input."""

    model_config = ConfigDict(hide_input_in_errors=True, extra="ignore")

    debt_id: DebtId
    name: ShortText = ""
    reason: Reason
    since: dt.date | None = None
    income_before: Money | None = None
    income_after: Money | None = None
    monthly_offer: Money
    months: int = Field(ge=1, le=120)
    #: The last installment when smaller (the plan's offer repays exactly what is owed).
    final: Money | None = None
    start: dt.date
    payment_day: int = Field(ge=1, le=31)
    resume: LongText = ""
    best_time: ShortText = ""
    reach_by: ShortText = ""
    enclosures: list[str] = Field(
        default_factory=lambda: ["income_change", "repayment_record"], max_length=len(ENCLOSURES)
    )
    ask_penalty_stop: bool = True


def parse_request(data: dict, lang: str) -> tuple[HardshipRequest | None, list[Problem]]:
    """Validate the form; problems name the field (never the value typed)."""
    positive = MustBePositive(
        "monthly_offer", "letters.form.offer", "letters.form.offer_positive", "offer_not_positive"
    )
    return parse_form(HardshipRequest, data, lang, "letters.form", positive)


def _paid_so_far(case: Case, debt_id: str) -> tuple[int, Decimal]:
    payments = [p for p in case.payments if p.debt_id == debt_id]
    return len(payments), sum((p.amount for p in payments), Decimal("0.00"))


def _sentence(text: str, lang: str) -> str:
    """End the person's own words with a full stop, so the next sentence of the letter reads right."""
    if not text or text[-1] in '。！？.!?…）)」”"':
        return text
    return text + ("。" if lang != "en" else ".")


def _params(case: Case, req: HardshipRequest, tr: Translator) -> dict[str, str]:
    debt = case.debt(req.debt_id)
    if debt is None:
        raise KeyError(req.debt_id)
    count, paid = _paid_so_far(case, req.debt_id)
    final = req.final if req.final is not None and req.months > 1 and 0 < req.final < req.monthly_offer else None
    total = req.monthly_offer * (req.months - 1) + final if final is not None else req.monthly_offer * req.months
    return {
        "platform": debt.platform,
        "name": req.name or tr("letters.name_placeholder"),
        "ref": debt.masked_ref or tr("letters.ref_placeholder"),
        "owed": fmt_money(debt.total_owed),
        "balance": fmt_money(debt.balance),
        "overdue": fmt_money(debt.overdue_amount),
        "days": str(debt.days_overdue),
        "monthly_due": fmt_money(debt.monthly_due),
        "offer": fmt_money(req.monthly_offer),
        "months": str(req.months),
        "total": fmt_money(total),
        "final": fmt_money(final) if final is not None else "",
        # Only the plan's own offer (with its smaller last installment) is known to repay exactly what is owed.
        "clears": "yes" if final is not None and total >= debt.total_owed else "",
        "start": req.start.isoformat(),
        "day": str(req.payment_day),
        "since": req.since.isoformat() if req.since else tr("letters.since_unknown"),
        "before": fmt_money(req.income_before) if req.income_before is not None else "",
        "after": fmt_money(req.income_after) if req.income_after is not None else "",
        "reason": _sentence(" ".join(req.reason.split()), tr.lang),
        "resume": " ".join(req.resume.split()),
        "best_time": req.best_time or tr("letters.best_time_any"),
        "reach_by": req.reach_by,
        "paid_count": str(count),
        "paid_total": fmt_money(paid),
        "as_of": case.as_of.isoformat(),
    }


def hardship_letter(case: Case, req: HardshipRequest, lang: str, today: dt.date | None = None) -> str:
    """The letter, in the advisers' order, with the case's real figures."""
    tr = Translator(lang)
    p = _params(case, req, tr)
    today = today or dt.date.today()
    parts: list[str] = [
        tr("letters.letter.to", **p),
        tr("letters.letter.date", date=today.isoformat()),
        "",
        tr("letters.letter.subject", **p),
        "",
        tr("letters.letter.greeting", **p),
        "",
        tr("letters.letter.account", **p),
        "",
        tr("letters.letter.what_happened", **p),
    ]
    if req.income_before is not None and req.income_after is not None:
        parts.append(tr("letters.letter.income_change", **p))
    if int(p["paid_count"]) > 0:
        parts.append(tr("letters.letter.paid_so_far", **p))
    parts.append("")
    enclosed = [e for e in req.enclosures if e in ENCLOSURES]
    if enclosed:
        parts.append(tr("letters.letter.enclosed"))
        parts += [f"  - {tr(f'letters.enclosure.{e}')}" for e in enclosed]
        parts.append("")
    parts.append(tr("letters.letter.request_final" if p["final"] else "letters.letter.request", **p))
    if req.ask_penalty_stop:
        parts.append(tr("letters.letter.penalty_stop"))
    parts.append("")
    default = "letters.letter.resume_cleared" if p["clears"] else "letters.letter.resume_default"
    parts.append(tr("letters.letter.resume", **p) if p["resume"] else tr(default, **p))
    parts.append("")
    parts.append(tr("letters.letter.reach", **p) + (" " + tr("letters.letter.reach_by", **p) if p["reach_by"] else ""))
    parts.append("")
    parts.append(tr("letters.letter.confirm_in_writing"))
    parts.append("")
    parts.append(tr("letters.letter.thanks"))
    parts.append(tr("letters.letter.signature", **p))
    return "\n".join(parts) + "\n"


def negotiation_script(case: Case, req: HardshipRequest, lang: str) -> str:
    """The same request, short enough to read out on the phone."""
    tr = Translator(lang)
    p = _params(case, req, tr)
    lines = [
        tr("letters.script.open", **p),
        tr("letters.script.account", **p),
        tr("letters.script.what_happened", **p),
        tr("letters.script.request_final" if p["final"] else "letters.script.request", **p),
    ]
    if req.ask_penalty_stop:
        lines.append(tr("letters.script.penalty_stop"))
    lines += [
        tr("letters.script.if_no", **p),
        tr("letters.script.confirm", **p),
        tr("letters.script.note", **p),
    ]
    return "\n".join(f"{i}. {line}" for i, line in enumerate(lines, 1)) + "\n"


def as_download(text: str) -> bytes:
    """UTF-8 bytes of a letter or script for a .txt download."""
    return text.encode("utf-8")
