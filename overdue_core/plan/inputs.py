"""The Plan page's controls as one validated model: budget, strategy and simple what-ifs.

Why in the core: widgets and URL values are untrusted input like any other. The page hands the
raw values to :func:`parse_controls`; a wrong number becomes a translated problem naming the
field, and only a valid model is turned into plan events (``overdue_core.plan.events``).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from overdue_core.case.models import Strategy
from overdue_core.case.money import Money
from overdue_core.case.problems import Problem, problems_from_validation
from overdue_core.i18n import has, t
from overdue_core.plan.events import MAX_MONTHS, ExtraPayment, IncomePercentChange, LumpSum

Month = Annotated[int, Field(ge=1, le=MAX_MONTHS)]
Percent = Annotated[int, Field(ge=0, le=100)]


class PlanControls(BaseModel):
    """What a person sets on the Plan page. Percent is 0–100 as typed (20 = a 20 % drop)."""

    model_config = ConfigDict(hide_input_in_errors=True, extra="forbid", frozen=True)

    monthly_budget: Money
    strategy: Strategy = Strategy.OVERDUE_FIRST
    income_drop_percent: Percent = 0
    income_drop_month: Month = 1
    lump_sum: Money = Decimal("0.00")
    lump_sum_month: Month = 1
    extra_monthly: Money = Decimal("0.00")
    extra_from_month: Month = 1

    def events(self) -> list[Any]:
        """The what-ifs these controls describe (none for zero values)."""
        out: list[Any] = []
        if self.income_drop_percent > 0:
            out.append(
                IncomePercentChange(month=self.income_drop_month, percent=Decimal(-self.income_drop_percent) / 100)
            )
        if self.lump_sum > 0:
            out.append(LumpSum(month=self.lump_sum_month, amount=self.lump_sum))
        if self.extra_monthly > 0:
            out.append(ExtraPayment(month=self.extra_from_month, amount=self.extra_monthly))
        return out

    @property
    def has_what_ifs(self) -> bool:
        return bool(self.events())


def parse_controls(data: dict[str, Any], lang: str) -> tuple[PlanControls | None, list[Problem]]:
    """Validate the page's raw values; translated problems instead of exceptions."""
    try:
        return PlanControls.model_validate(data), []
    except ValidationError as exc:
        locs = [error.get("loc", ()) for error in exc.errors(include_input=False, include_url=False)]
        out = []
        for loc, item in zip(locs, problems_from_validation(exc, lang), strict=True):
            name = str(loc[0]) if loc else ""
            label = t(f"plan_page.field.{name}", lang) if has(f"plan_page.field.{name}", lang) else item.path
            out.append(Problem(path=label, message=item.message, code=item.code))
        return None, out
