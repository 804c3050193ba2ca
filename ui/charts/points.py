"""The points a plan chart needs: every month for two years, then one per quarter, then per year.

Why: a chart is read by its shape, and a 600-month plan drawn month by month sends 600 points per
debt per trace to the browser (and through Plotly's validation on the server) on every change,
for detail no screen can show. The first two years — the months a person acts on — stay month
by month; after that one point per quarter, and after ten years one per year. Nothing is lost
that the chart promises: a balance point is the balance at the end of its period (so a debt's
last point is still its payoff month, at 0.00), and the payment parts are summed exactly (in
Decimal) per period and drawn as the period's monthly average. ``tests/app/test_chart_points.py``
checks that the totals are preserved to the fen.

Both functions make one pass over the schedule's columns as plain lists (pandas' per-group
selection cost more than the whole chart). Data shaping only: the figures themselves (labels,
colours, formats) stay in ``ui.charts.plan``.
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


def balance_points(schedule: pd.DataFrame) -> pd.DataFrame:
    """Schedule rows to draw balances from: per debt, the last row of each period.

    Same columns as the schedule; within the first two years it is the schedule itself.
    """
    if schedule.empty or int(schedule["month"].max()) <= MONTHLY_UNTIL:
        return schedule
    return schedule.iloc[_last_rows_of_periods(schedule)].reset_index(drop=True)


def _last_rows_of_periods(schedule: pd.DataFrame) -> list[int]:
    """Positions of each (debt, period)'s last row, in schedule order (rows are in month order)."""
    last: dict[tuple[str, int], int] = {}
    for position, (debt_id, month) in enumerate(
        zip(schedule["debt_id"].tolist(), schedule["month"].tolist(), strict=True)
    ):
        last[(debt_id, period_end(month))] = position
    return sorted(last.values())


def balance_lines(schedule: pd.DataFrame) -> dict[str, tuple[list, list[Decimal]]]:
    """Per debt (in order of first appearance): the dates and balances ``balance_points`` keeps."""
    lines: dict[str, tuple[list, list[Decimal]]] = {}
    if schedule.empty:
        return lines
    ids, dates, balances = schedule["debt_id"].tolist(), schedule["date"].tolist(), schedule["balance"].tolist()
    positions = _last_rows_of_periods(schedule) if int(schedule["month"].max()) > MONTHLY_UNTIL else range(len(ids))
    for position in positions:
        x, y = lines.setdefault(ids[position], ([], []))
        x.append(dates[position])
        y.append(balances[position])
    return lines


def payment_points(schedule: pd.DataFrame) -> pd.DataFrame:
    """Per period: the payment and its parts, exact sums and the monthly average to draw.

    Columns: ``month`` (the period's last month in the plan), ``date`` (its date), ``months``
    (how many plan months it holds), ``<part>_total`` (Decimal sum, exact) and ``<part>``
    (float monthly average, what the chart draws) for each part in ``PARTS``.
    """
    columns = ["month", "date", "months", *(f"{p}_total" for p in PARTS), *PARTS]
    if schedule.empty:
        return pd.DataFrame(columns=columns)
    periods: dict[int, dict] = {}
    parts = [schedule[part].tolist() for part in PARTS]
    for i, (month, date) in enumerate(zip(schedule["month"].tolist(), schedule["date"].tolist(), strict=True)):
        period = periods.get(period_end(month))
        if period is None:
            period = periods[period_end(month)] = {
                "month": month,
                "date": date,
                "seen": set(),
                "totals": [Decimal("0")] * len(PARTS),
            }
        period["seen"].add(month)
        if month > period["month"]:
            period["month"], period["date"] = month, date
        totals = period["totals"]
        for k, values in enumerate(parts):
            totals[k] += values[i]
    rows = []
    for end in sorted(periods):
        period = periods[end]
        months = len(period["seen"])
        rows.append(
            {
                "month": int(period["month"]),
                "date": period["date"],
                "months": months,
                **{f"{part}_total": total for part, total in zip(PARTS, period["totals"], strict=True)},
                **{part: float(total) / months for part, total in zip(PARTS, period["totals"], strict=True)},
            }
        )
    return pd.DataFrame(rows, columns=columns)
