"""A case: the person's household, debts and notes, as one validated model — the public case format.

``models`` (the pydantic case: incomes, expenses, debts, contacts, negotiations…), ``money``
(exact Decimal amounts, half-up rounding to the fen in one place), ``casefile`` (reading and
writing case files, their JSON Schema), ``problems`` (translated messages by field path),
``demo`` (the made-up demo cases), ``standing`` (due dates missed, buckets, grace days) and
``urlparams`` (validated URL parameters).
"""

from __future__ import annotations

from overdue_core.case.casefile import MAX_FILE_BYTES, dump_case, parse_case, schema_text
from overdue_core.case.demo import DEMO_IDS, demo_bytes, load_demo
from overdue_core.case.debt_names import debt_labels, debt_numbers
from overdue_core.case.models import (
    AgreedTermsKind,
    Case,
    CollectionIncident,
    ContactChannel,
    ContactEntry,
    CounselorNote,
    Debt,
    DebtKind,
    Expense,
    ExpenseCategory,
    Income,
    MinimumPaymentRule,
    MinimumRuleKind,
    Negotiation,
    NegotiationStatus,
    OverdueCause,
    PaymentRecord,
    PersonDetails,
    Repayment,
    Stability,
    Strategy,
    mask_identifier,
    new_case,
)
from overdue_core.case.money import Money, fmt_money, fmt_pct, from_fen, round_fen, to_fen
from overdue_core.case.problems import Problem, problem, problems_from_validation
from overdue_core.case.standing import debt_bucket, missed_installments
from overdue_core.case.urlparams import UrlParams, parse_url_params

__all__ = [
    "debt_bucket",
    "missed_installments",
    "debt_labels",
    "debt_numbers",
    "DEMO_IDS",
    "MAX_FILE_BYTES",
    "AgreedTermsKind",
    "Case",
    "PersonDetails",
    "CollectionIncident",
    "ContactChannel",
    "ContactEntry",
    "CounselorNote",
    "Debt",
    "DebtKind",
    "Expense",
    "ExpenseCategory",
    "Income",
    "MinimumPaymentRule",
    "MinimumRuleKind",
    "Money",
    "Negotiation",
    "NegotiationStatus",
    "OverdueCause",
    "PaymentRecord",
    "Problem",
    "Repayment",
    "Stability",
    "Strategy",
    "UrlParams",
    "demo_bytes",
    "dump_case",
    "fmt_money",
    "fmt_pct",
    "from_fen",
    "load_demo",
    "mask_identifier",
    "new_case",
    "parse_case",
    "parse_url_params",
    "problem",
    "problems_from_validation",
    "round_fen",
    "schema_text",
    "to_fen",
]
