"""One colour per debt on every chart, from a colour-blind-safe palette.

Why: a person follows "the orange one is 借呗" from chart to chart; the Okabe–Ito palette stays
distinguishable with the common forms of colour blindness and on light and dark themes.
"""

from __future__ import annotations

from collections.abc import Iterable

OKABE_ITO: tuple[str, ...] = (
    "#E69F00",  # orange
    "#56B4E9",  # sky blue
    "#009E73",  # bluish green
    "#CC79A7",  # reddish purple
    "#0072B2",  # blue
    "#D55E00",  # vermillion
    "#F0E442",  # yellow
    "#999999",  # grey
)

#: Fixed colours for the parts of a payment (principal / interest / penalty / fees).
PART_COLOURS: dict[str, str] = {
    "principal": "#009E73",
    "interest": "#56B4E9",
    "penalty": "#D55E00",
    "fees": "#CC79A7",
}


def debt_colours(debt_ids: Iterable[str]) -> dict[str, str]:
    """Map debt ids (in case order) to colours; cycles after eight debts."""
    return {debt_id: OKABE_ITO[i % len(OKABE_ITO)] for i, debt_id in enumerate(debt_ids)}
