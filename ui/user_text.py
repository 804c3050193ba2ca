"""User text made inert wherever it meets an element that renders markup.

The one helper lives in the core (``overdue_core.user_text``: the core writes Markdown too, the
evidence pack); this module is the app's name for it, so pages keep importing ``ui.user_text``.
"""

from __future__ import annotations

from overdue_core.user_text import WORD_JOINER, md_escape

__all__ = ["WORD_JOINER", "md_escape"]
