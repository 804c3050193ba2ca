"""The Plan page's parts, in the order a person reads them: controls, the answer, a chart, the
debts that fall behind, "if nobody agrees", and the details with their downloads.

Why apart from ``pages/plan.py``: one function used to draw all of it (295 lines, four
closures), so a change to one part meant reading every other. Each part here takes the case and
the plans it shows and draws; the page only chains them.
"""

from .answer import draw_answer
from .chart_view import draw_chart
from .controls import draw_controls
from .details import draw_details
from .slips import draw_nobody_agrees, draw_slips

__all__ = ["draw_answer", "draw_chart", "draw_controls", "draw_details", "draw_nobody_agrees", "draw_slips"]
