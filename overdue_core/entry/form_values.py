"""The form edge: what widgets give (floats, percents as typed) into exact case values, and back.

Why one place: a figure a person types used to pass through up to seven forms on its way into
the case (float → repr string → Decimal → str → Decimal → fen → Decimal), with a conversion of
its own in each page that took it: income was typed in three places, each converting in its own
way. Here a widget's float becomes the Decimal the person typed once (through its shortest
text, so 1234.5 is Decimal('1234.5'), never its binary neighbour), a percent becomes the
fraction the case keeps, and a debt or a preset becomes the values its form shows. Pages only
draw what these give.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict

from overdue_core.case.models import Debt, DebtKind, Expense, ExpenseCategory, Income, Name, Repayment, Stability
from overdue_core.case.money import Money
from overdue_core.entry.arithmetic import RateBasis, rate_in_basis
from overdue_core.entry.plausibility import USUAL_REPAYMENT
from overdue_core.entry.presets import preset_values

PCT = Decimal(100)
#: The rate form each kind's bill states, when it is not annual (a card: 日利率 0.05 %).
BILLED_BASIS = {DebtKind.CREDIT_CARD: RateBasis.DAILY}


def exact(value: float | int | str | Decimal | None) -> Decimal | None:
    """A widget's number as the Decimal the person typed (None stays None; floats through their text)."""
    if value is None:
        return None
    if isinstance(value, bool):
        raise ValueError("not_a_number")
    return Decimal(repr(value)) if isinstance(value, float) else Decimal(value)


def rate_from_percent(value: float | int | str | Decimal | None) -> Decimal | None:
    """A percent as typed (18 for 18 %) as the fraction the case keeps (0.18)."""
    number = exact(value)
    return None if number is None else number / PCT


def percent_for_widget(rate: Decimal | None) -> float | None:
    """A fraction the case keeps (0.18) as the percent a widget shows (18.0)."""
    return None if rate is None else float(Decimal(rate) * PCT)


def amount_for_widget(amount: Decimal | None) -> float | None:
    """An amount as a number widget holds it (widgets hold floats; the case never does)."""
    return None if amount is None else float(amount)


def _widget_number(value: Any) -> Any:
    return exact(value) if isinstance(value, float) else value


#: An amount from a number widget: the float read back as typed, then checked as money.
WidgetMoney = Annotated[Money, BeforeValidator(_widget_number)]


class _Form(BaseModel):
    model_config = ConfigDict(hide_input_in_errors=True, extra="ignore")


class IncomeForm(_Form):
    """One income as a form or a table row gives it."""

    name: Name
    amount: WidgetMoney
    stability: Stability = Stability.FIXED

    def to_case(self) -> Income:
        return Income(name=self.name, amount=self.amount, stability=self.stability)


class ExpenseForm(_Form):
    """One spending item as a form or a table row gives it."""

    name: Name
    category: ExpenseCategory = ExpenseCategory.OTHER
    amount: WidgetMoney
    essential: bool = True

    def to_case(self) -> Expense:
        return Expense(name=self.name, category=self.category, amount=self.amount, essential=self.essential)


def preset_form_values(key: str) -> dict[str, Any]:
    """The guided form's values for a platform preset: kind, repayment, licence, and every
    figure in the form its bill states it (a card's daily rate, percents as typed)."""
    values = preset_values(key)
    if not values:
        return {}
    kind = DebtKind(values["kind"])
    form: dict[str, Any] = {
        "kind": kind.value,
        "repayment": Repayment(values.get("repayment", USUAL_REPAYMENT[kind])).value,
        "licensed": bool(values.get("lender_licensed", True)),
        "penalty": percent_for_widget(values.get("penalty_rate")),  # type: ignore[arg-type]
        "late_fee": percent_for_widget(values.get("late_fee_rate")),  # type: ignore[arg-type]
        "minimum": percent_for_widget(values["minimum_rule"]["percent"]) if "minimum_rule" in values else None,  # type: ignore[index]
    }
    annual = values.get("annual_rate")
    if annual is None:
        form.update(rate=None, rate_basis=(RateBasis.PER_TERM_FEE if kind is DebtKind.BNPL else RateBasis.ANNUAL).value)
    else:
        basis = BILLED_BASIS.get(kind, RateBasis.ANNUAL)
        form.update(rate=percent_for_widget(rate_in_basis(Decimal(str(annual)), basis)), rate_basis=basis.value)
    return form


def debt_form_values(debt: Debt) -> dict[str, Any]:
    """A saved debt back into the guided form, to change it (the rate shown as annual)."""
    amount = debt.balance + debt.overdue_amount if debt.kind is DebtKind.CREDIT_CARD else debt.balance
    return {
        "preset": None,
        "platform": debt.platform,
        "kind": debt.kind.value,
        "repayment": debt.repayment.value,
        "amount": amount_for_widget(amount),
        "rate": percent_for_widget(debt.annual_rate),
        "rate_basis": RateBasis.ANNUAL.value,
        "terms": debt.remaining_terms or None,
        "due": amount_for_widget(debt.monthly_due),
        "overdue": amount_for_widget(debt.overdue_amount) or None,
        "days": debt.days_overdue or None,
        "penalty": percent_for_widget(debt.penalty_rate),
        "late_fee": percent_for_widget(debt.late_fee_rate),
        "minimum": percent_for_widget(debt.minimum_rule.percent) if debt.minimum_rule else None,
        "licensed": debt.lender_licensed,
        "due_day": debt.due_day,
        "contract_date": debt.contract_date,
        "original_terms": debt.original_terms,
        "received": amount_for_widget(debt.principal_received),
    }
