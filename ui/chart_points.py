"""The points a plan chart needs: every month for two years, then one per quarter, then per year.

Why: a chart is read by its shape, and a 600-month plan drawn month by month sends 600 points per
debt per trace to the browser (and through Plotly's validation on the server) on every change,
for detail no screen can show. The first two years — the months a person acts on — stay month
by month; after that one point per quarter, and after ten years one per year. Nothing is lost
that the chart promises: a balance point is the balance at the end of its period (so a debt's
last point is still its payoff month, at 0.00), and the payment parts are summed exactly (in
Decimal) per period and drawn as the period's monthly average. ``tests/app/test_chart_points.py``
checks that the totals are preserved to the fen.

Data shaping only: the figures themselves (labels, colours, formats) stay in ``ui.plan_charts``.
"""

from __future__ import annotations

from decimal import Decimal

import pandas as pd

#: Months drawn one by one; then quarters until ``QUARTERLY_UNTIL``; then years.
MONTHLY_UNTIL = 24
QUARTERLY_UNTIL = 120
PARTS = ("payment", "principal", "interest", "penalty", "fees")


def period_end(month: int) -> int:
    """The last month of the chart period that holds ``month`` (months count from 1)."""
    if month <= MONTHLY_UNTIL:
        return month
    if month <= QUARTERLY_UNTIL:
        return MONTHLY_UNTIL + -(-(month - MONTHLY_UNTIL) // 3) * 3
    return QUARTERLY_UNTIL + -(-(month - QUARTERLY_UNTIL) // 12) * 12


def _periods(months: pd.Series) -> pd.Series:
    return months.map(period_end)


def balance_points(schedule: pd.DataFrame) -> pd.DataFrame:
    """Schedule rows to draw balances from: per debt, the last row of each period.

    Same columns as the schedule; within the first two years it is the schedule itself.
    """
    if schedule.empty or int(schedule["month"].max()) <= MONTHLY_UNTIL:
        return schedule
    period = _periods(schedule["month"])
    # Rows are in month order, so the last row of each (debt, period) is its period-end balance.
    keep = ~pd.DataFrame({"debt_id": schedule["debt_id"], "period": period}).duplicated(keep="last")
    return schedule[keep.to_numpy()].reset_index(drop=True)


def payment_points(schedule: pd.DataFrame) -> pd.DataFrame:
    """Per period: the payment and its parts, exact sums and the monthly average to draw.

    Columns: ``month`` (the period's last month in the plan), ``date`` (its date), ``months``
    (how many plan months it holds), ``<part>_total`` (Decimal sum, exact) and ``<part>``
    (float monthly average, what the chart draws) for each part in ``PARTS``.
    """
    columns = ["month", "date", "months", *(f"{p}_total" for p in PARTS), *PARTS]
    if schedule.empty:
        return pd.DataFrame(columns=columns)
    rows = []
    frame = schedule.assign(period=_periods(schedule["month"]))
    for _period, group in frame.groupby("period", sort=True):
        months = group["month"].nunique()
        last = group[group["month"] == group["month"].max()].iloc[0]
        totals = {part: sum(group[part], Decimal("0")) for part in PARTS}
        rows.append(
            {
                "month": int(last["month"]),
                "date": last["date"],
                "months": int(months),
                **{f"{part}_total": totals[part] for part in PARTS},
                **{part: float(totals[part]) / months for part in PARTS},
            }
        )
    return pd.DataFrame(rows, columns=columns)
