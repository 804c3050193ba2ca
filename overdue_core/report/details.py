"""What a statement needs from the case beyond its figures: the person's own explanation and
each creditor's account number, where they come from, and writing a missing one into the case.

Why here and not on a page: the Report page asks for what is missing and the statement prints
it, so both must agree on what "missing" means.

- **What happened** is the person's own words on the Negotiate page ("发生了什么", saved with a
  debt's negotiation as ``reason``). People write one story to every creditor, or one each; a
  statement for one creditor prints the words written for it (else the first written for any),
  a statement for all prints each distinct text once, with the creditors it was written for.
- **Account numbers** are the debt's own ``account_ref``, else the latest one written in the
  contact log for that debt (the Communicate page asks for it on every call). They are printed
  masked (last four characters).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pydantic import ValidationError

from overdue_core.case.models import Case, Debt, Negotiation, mask_identifier
from overdue_core.case.problems import Problem, problems_from_validation


@dataclass(frozen=True)
class Hardship:
    """One text the person wrote, and the debts (ids, case order) it was written for."""

    text: str
    debt_ids: tuple[str, ...]


def _same(text: str) -> str:
    return " ".join(text.split())


def hardship_texts(case: Case) -> list[Hardship]:
    """Every distinct explanation saved with a negotiation, in the case's debt order."""
    reasons = {n.debt_id: n.reason for n in case.negotiations if n.reason.strip()}
    found: dict[str, tuple[str, list[str]]] = {}
    for debt in case.debts:
        text = reasons.get(debt.id)
        if not text:
            continue
        key = _same(text)
        if key in found:
            found[key][1].append(debt.id)
        else:
            found[key] = (text.strip(), [debt.id])
    return [Hardship(text, tuple(ids)) for text, ids in found.values()]


def hardship_for(case: Case, creditor: str | None = None) -> list[Hardship]:
    """The explanation a statement prints: for one creditor, the text written for it (else the
    first written for any creditor); for all creditors, every distinct text."""
    texts = hardship_texts(case)
    if creditor is None or not texts:
        return texts
    own = next((h for h in texts if creditor in h.debt_ids), None)
    return [own or texts[0]]


def account_ref(case: Case, debt: Debt) -> str:
    """The debt's account or order number in full: its own, else the latest from the contact log."""
    if debt.account_ref.strip():
        return debt.account_ref.strip()
    logged = [c for c in case.contacts if c.debt_id == debt.id and c.account_ref.strip()]
    return max(logged, key=lambda c: c.when).account_ref.strip() if logged else ""


def masked_account(case: Case, debt: Debt) -> str:
    """The account number as a statement prints it: the last four characters ("" when unknown)."""
    return mask_identifier(account_ref(case, debt))


@dataclass(frozen=True)
class Missing:
    """What a creditor's statement still lacks: the explanation, and debts without an account number."""

    hardship: bool
    accounts: tuple[str, ...]

    def __bool__(self) -> bool:
        return self.hardship or bool(self.accounts)


def missing_details(case: Case) -> Missing:
    return Missing(
        hardship=bool(case.debts) and not hardship_texts(case),
        accounts=tuple(d.id for d in case.debts if not account_ref(case, d)),
    )


def with_details(
    case: Case, lang: str, *, hardship: str | None = None, accounts: dict[str, str] | None = None
) -> tuple[Case | None, list[Problem]]:
    """The case with the explanation and account numbers the Report page asked for.

    The explanation is saved with the negotiation of every debt that has none yet (the Negotiate
    page then shows it too); a negotiation's status and terms are kept. An account number is
    saved as the debt's own ``account_ref``; blank ones change nothing.
    """
    dumped: dict[str, Any] = case.model_dump()
    text = (hardship or "").strip()
    if text:
        kept = {n["debt_id"]: n for n in dumped["negotiations"]}
        for debt in case.debts:
            item = kept.get(debt.id)
            if item is None:
                kept[debt.id] = Negotiation(debt_id=debt.id, reason=text).model_dump()
            elif not str(item.get("reason") or "").strip():
                item["reason"] = text
        dumped["negotiations"] = list(kept.values())
    for item in dumped["debts"]:
        ref = ((accounts or {}).get(item["id"]) or "").strip()
        if ref:
            item["account_ref"] = ref
    try:
        return Case.model_validate(dumped), []
    except ValidationError as exc:
        return None, problems_from_validation(exc, lang)
