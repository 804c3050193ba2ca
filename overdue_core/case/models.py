"""The case: everything a person tells the app, as one validated pydantic model.

Why one model: the case file (JSON) that people save and hand to a counselor, the pages, the
plan engine, the risk score and the report all read the same object, so a field means the same
thing everywhere. Field names of the core (see docs/case-file.md) are a public format; add
fields freely, never rename them.

Every model hides input values in its errors (``hide_input_in_errors``) so that a validation
message can never leak a name or an amount into a log.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from enum import StrEnum
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationError,
    ValidatorFunctionWrapHandler,
    WrapValidator,
    field_validator,
    model_validator,
)
from pydantic_core import InitErrorDetails, PydanticCustomError

from overdue_core.case.money import Fraction, Money, Rate
from overdue_core.rules import RULES, rule_problem

SCHEMA_VERSION = 1

#: Plain text, trimmed, bounded. HTML in it stays text: the UI never renders it as markup.
ShortText = Annotated[str, StringConstraints(strip_whitespace=True, max_length=80)]
LongText = Annotated[str, StringConstraints(strip_whitespace=True, max_length=4000)]
Name = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=80)]
DebtId = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=40)]


class Strict(BaseModel):
    """Base for every case model: no input echoed in errors, unknown fields ignored."""

    model_config = ConfigDict(hide_input_in_errors=True, extra="ignore", validate_assignment=False)


class Stability(StrEnum):
    FIXED = "fixed"  # salary, pension
    VARIABLE = "variable"  # commission, overtime, gig work with a steady base
    IRREGULAR = "irregular"  # odd jobs, help from family


class ExpenseCategory(StrEnum):
    HOUSING = "housing"
    FOOD = "food"
    TRANSPORT = "transport"
    UTILITIES = "utilities"
    PHONE_INTERNET = "phone_internet"
    MEDICAL = "medical"
    EDUCATION = "education"
    CHILDCARE = "childcare"
    INSURANCE = "insurance"
    FAMILY_SUPPORT = "family_support"
    CLOTHING = "clothing"
    LEISURE = "leisure"
    OTHER = "other"


class DebtKind(StrEnum):
    CREDIT_CARD = "credit_card"
    BNPL = "bnpl"  # 花呗, 白条 and other buy-now-pay-later
    INSTALLMENT_LOAN = "installment_loan"  # 借呗, consumer-finance loans
    BULLET_LOAN = "bullet_loan"  # principal due at the end
    PRIVATE_LOAN = "private_loan"  # from a person or a non-licensed lender


class Repayment(StrEnum):
    EQUAL_INSTALLMENT = "equal_installment"  # 等额本息
    EQUAL_PRINCIPAL = "equal_principal"  # 等额本金
    INTEREST_ONLY = "interest_only"  # 先息后本
    MINIMUM_PAYMENT = "minimum_payment"  # revolving, pay the minimum
    BULLET = "bullet"  # 到期一次还本付息


class MinimumRuleKind(StrEnum):
    FIXED = "fixed"  # a fixed amount each month
    PERCENT_WITH_FLOOR = "percent_with_floor"  # percent of the balance, at least a floor
    INTEREST_FEES_PLUS_PERCENT = "interest_fees_plus_percent"  # interest + fees + percent


class MinimumPaymentRule(Strict):
    """How a revolving account's minimum payment is computed (issuers use one of three forms)."""

    kind: MinimumRuleKind = MinimumRuleKind.PERCENT_WITH_FLOOR
    percent: Fraction = Decimal("0.10")
    floor: Money = Decimal("100.00")
    fixed_amount: Money = Decimal("0.00")


class Income(Strict):
    name: Name
    amount: Money
    stability: Stability = Stability.FIXED


class Expense(Strict):
    name: Name
    category: ExpenseCategory = ExpenseCategory.OTHER
    amount: Money
    essential: bool = True


class Household(Strict):
    incomes: list[Income] = Field(default_factory=list, max_length=50)
    expenses: list[Expense] = Field(default_factory=list, max_length=100)
    liquid_savings: Money = Decimal("0.00")
    dependants: int = Field(default=0, ge=0, le=20)

    @property
    def total_income(self) -> Decimal:
        return sum((i.amount for i in self.incomes), Decimal("0.00"))

    @property
    def essential_expenses(self) -> Decimal:
        return sum((e.amount for e in self.expenses if e.essential), Decimal("0.00"))

    @property
    def total_expenses(self) -> Decimal:
        return sum((e.amount for e in self.expenses), Decimal("0.00"))

    @property
    def available_for_debts(self) -> Decimal:
        """Income minus essential spending: the default monthly budget for debts (may be < 0)."""
        return self.total_income - self.essential_expenses


class Debt(Strict):
    id: DebtId
    platform: Name
    kind: DebtKind = DebtKind.INSTALLMENT_LOAN
    balance: Money = Field(description="Outstanding principal not yet due")
    annual_rate: Rate = Decimal("0")
    repayment: Repayment = Repayment.EQUAL_INSTALLMENT
    remaining_terms: int = Field(default=0, ge=0, le=600)
    monthly_due: Money = Field(default=Decimal("0.00"), description="Contractual payment this month")
    overdue_amount: Money = Field(default=Decimal("0.00"), description="Past-due, unpaid")
    days_overdue: int = Field(default=0, ge=0, le=3650)
    penalty_rate: Rate = Field(default=Decimal("0"), description="Annual rate on the overdue amount")
    late_fee_rate: Fraction = Field(default=Decimal("0"), description="Share of an unpaid due, once a month")
    lender_licensed: bool = True
    # Optional details used by later measures; none is required to plan.
    due_day: int | None = Field(default=None, ge=1, le=31)
    minimum_rule: MinimumPaymentRule | None = None
    principal_received: Money | None = Field(
        default=None, description="Cash actually received at payout (砍头息 check)"
    )
    original_terms: int | None = Field(
        default=None,
        ge=1,
        le=600,
        description="Installments in the whole contract (合同总期数), for a loan already part repaid",
    )
    upfront_fee: Money = Decimal("0.00")
    monthly_fee: Money = Decimal("0.00")
    #: Whether settling early cancels the installment fees still to come. Banks' card installment
    #: terms commonly collect them on early settlement (common practice, not checked against a
    #: primary text: the agreement decides), so they stay unless this says they are waived.
    fees_waived_on_prepayment: bool = Field(
        default=False, description="Early settlement cancels the monthly fees still to come"
    )
    contract_date: dt.date | None = None
    account_ref: ShortText = Field(default="", description="Loan/order number; shown masked")
    notes: LongText = ""

    @model_validator(mode="after")
    def _consistent(self) -> Debt:
        if self.overdue_amount > 0 and self.days_overdue == 0:
            raise ValueError("overdue_without_days")
        if self.days_overdue > 0 and self.overdue_amount == 0:
            raise ValueError("days_without_overdue")
        if self.repayment in (Repayment.EQUAL_INSTALLMENT, Repayment.EQUAL_PRINCIPAL) and self.balance > 0:
            if self.remaining_terms == 0:
                raise ValueError("terms_required")
        return self

    @property
    def total_owed(self) -> Decimal:
        return self.balance + self.overdue_amount

    @property
    def masked_ref(self) -> str:
        return mask_identifier(self.account_ref)


def mask_identifier(text: str) -> str:
    """Show only the last four characters of an account or order number."""
    text = (text or "").strip()
    if not text:
        return ""
    if len(text) <= 4:
        return "*" * len(text)
    return "****" + text[-4:]


class ContactChannel(StrEnum):
    APP_CHAT = "app_chat"
    PHONE = "phone"
    EMAIL = "email"
    LETTER = "letter"
    IN_PERSON = "in_person"


class OverdueCause(StrEnum):
    SYSTEM_FAULT = "system_fault"
    PAYMENT_CHANNEL = "payment_channel"
    OWN_MISTAKE = "own_mistake"
    HARDSHIP = "hardship"
    DISPUTED_CHARGE = "disputed_charge"


class ContactEntry(Strict):
    """One call, chat or letter with a platform: what was said and what was promised."""

    id: DebtId
    when: dt.datetime
    debt_id: DebtId | None = None
    platform: Name
    channel: ContactChannel = ContactChannel.PHONE
    agent: ShortText = ""
    cause: OverdueCause | None = None
    said: LongText = ""
    i_promised: LongText = ""
    they_conceded: LongText = ""
    follow_up: dt.date | None = None
    follow_up_done: bool = False
    account_ref: ShortText = ""


class NegotiationStatus(StrEnum):
    NOT_STARTED = "not_started"
    ASKED = "asked"
    OFFERED = "offered"
    AGREED = "agreed"
    REFUSED = "refused"


class AgreedTermsKind(StrEnum):
    INSTALLMENTS = "installments"
    EXTENSION = "extension"


class AgreedTerms(Strict):
    """Terms a platform agreed to; the plan uses them from ``start`` on."""

    kind: AgreedTermsKind = AgreedTermsKind.INSTALLMENTS
    start: dt.date
    months: int = Field(ge=1, le=120)
    annual_rate: Rate = Decimal("0")
    monthly_fee_rate: Fraction = Decimal("0")
    penalty_waived: bool = False
    amount: Money | None = Field(default=None, description="Amount the terms cover; default all owed")


class Negotiation(Strict):
    debt_id: DebtId
    status: NegotiationStatus = NegotiationStatus.NOT_STARTED
    requested_monthly: Money | None = None
    requested_months: int | None = Field(default=None, ge=1, le=120)
    reason: LongText = ""
    terms: AgreedTerms | None = None
    updated: dt.date | None = None


class PaymentRecord(Strict):
    """What the person actually paid on a debt in a month (follow-through)."""

    debt_id: DebtId
    month: dt.date = Field(description="Any day of the month paid for; the month is what counts")
    amount: Money
    note: ShortText = ""


class CollectionIncident(Strict):
    """A collection contact the person wants to check against the conduct rules."""

    when: dt.datetime
    debt_id: DebtId | None = None
    platform: ShortText = ""
    kinds: list[str] = Field(default_factory=list, max_length=20)
    connected_calls_that_day: int = Field(default=0, ge=0, le=500)
    description: LongText = ""


class CaseFlags(Strict):
    borrowing_to_repay: bool = Field(default=False, description="以贷养贷: borrowing on one platform to repay another")
    collection_calls: bool = False
    lawsuit_threatened: bool = False


class Strategy(StrEnum):
    OVERDUE_FIRST = "overdue_first"
    AVALANCHE = "avalanche"
    SNOWBALL = "snowball"
    CUSTOM = "custom"
    MINIMUM_ONLY = "minimum_only"


class PlanSettings(Strict):
    monthly_budget: Money | None = Field(default=None, description="None: income minus essential expenses")
    strategy: Strategy = Strategy.OVERDUE_FIRST
    custom_order: list[DebtId] = Field(default_factory=list, max_length=200)


def _bounded_rules(value: Any, handler: ValidatorFunctionWrapHandler) -> dict[str, Decimal]:
    """Each override within its rule's unit (see ``rules.UNIT_BOUNDS``), one problem per bad value.

    A key this version does not know is dropped, as unknown fields are: nothing could use it.
    """
    rules = handler(value)
    kept: dict[str, Decimal] = {}
    errors: list[InitErrorDetails] = []
    for key, number in rules.items():
        if key not in RULES:
            continue
        found = rule_problem(key, number)
        if found is None:
            kept[key] = number
        else:
            code, params = found
            errors.append(InitErrorDetails(type=PydanticCustomError(code, code, params), loc=(key,), input=number))
    if errors:
        raise ValidationError.from_exception_data("rules", errors, hide_input=True)
    return kept


#: The dates a case may be "as of": the plan, the score and the report count months from it.
AS_OF_FIRST = dt.date(2000, 1, 1)
AS_OF_LAST = dt.date(2100, 12, 31)


class Settings(Strict):
    plan: PlanSettings = Field(default_factory=PlanSettings)
    #: Rule overrides by rule key (see overdue_core.rules); values are decimals as strings.
    rules: Annotated[dict[str, Decimal], WrapValidator(_bounded_rules)] = Field(default_factory=dict)


class CounselorNote(Strict):
    when: dt.datetime
    author: ShortText = ""
    text: LongText


class PersonDetails(Strict):
    """Who the financial statement is from: printed in its signature block (all optional)."""

    name: ShortText = ""
    #: How a creditor can reach the person (a phone number, an address, a time to call).
    contact: Annotated[str, StringConstraints(strip_whitespace=True, max_length=200)] = ""


class Case(Strict):
    """A whole case. The JSON form of this model is the case file."""

    schema_version: Literal[1] = SCHEMA_VERSION
    as_of: dt.date
    locale: Literal["zh-CN", "en"] = "zh-CN"
    title: ShortText = ""
    person: PersonDetails = Field(default_factory=PersonDetails)
    household: Household = Field(default_factory=Household)
    debts: list[Debt] = Field(default_factory=list, max_length=200)
    flags: CaseFlags = Field(default_factory=CaseFlags)
    contacts: list[ContactEntry] = Field(default_factory=list, max_length=2000)
    negotiations: list[Negotiation] = Field(default_factory=list, max_length=200)
    checklist: dict[str, bool] = Field(default_factory=dict)
    payments: list[PaymentRecord] = Field(default_factory=list, max_length=5000)
    collection_incidents: list[CollectionIncident] = Field(default_factory=list, max_length=2000)
    counselor_notes: list[CounselorNote] = Field(default_factory=list, max_length=500)
    settings: Settings = Field(default_factory=Settings)

    @field_validator("as_of")
    @classmethod
    def _as_of_in_range(cls, as_of: dt.date) -> dt.date:
        if not AS_OF_FIRST <= as_of <= AS_OF_LAST:
            limits = {"low": AS_OF_FIRST.isoformat(), "high": AS_OF_LAST.isoformat()}
            raise PydanticCustomError("date_out_of_range", "date_out_of_range", limits)
        return as_of

    @field_validator("debts")
    @classmethod
    def _unique_ids(cls, debts: list[Debt]) -> list[Debt]:
        seen: set[str] = set()
        for debt in debts:
            if debt.id in seen:
                raise ValueError("duplicate_debt_id")
            seen.add(debt.id)
        return debts

    def debt(self, debt_id: str) -> Debt | None:
        return next((d for d in self.debts if d.id == debt_id), None)

    @property
    def total_owed(self) -> Decimal:
        return sum((d.total_owed for d in self.debts), Decimal("0.00"))

    @property
    def total_overdue(self) -> Decimal:
        return sum((d.overdue_amount for d in self.debts), Decimal("0.00"))


def new_case(today: dt.date | None = None, locale: str = "zh-CN") -> Case:
    """An empty case dated today: what 'enter my own numbers' starts from."""
    return Case(as_of=today or dt.date.today(), locale=locale)  # type: ignore[arg-type]
