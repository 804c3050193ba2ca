"""Editable tables that never put an invalid row into the case.

Why: ``st.data_editor`` limits are enforced in the browser only. Every edited row is validated
again on the server with the case models; while any row is wrong, the case keeps its last valid
state and the table keeps the person's typing (nothing is lost), with a message per row.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pandas as pd
import streamlit as st
from pydantic import BaseModel, ValidationError

from overdue_core.case import Problem, problems_from_validation
from overdue_core.entry import exact

from ui.state import keys, rev, session_get, session_has, session_pop, session_set, tr


def _unsaved_key(name: str) -> str:
    return keys.table_unsaved(name, rev())


def _redraw_key(name: str) -> str:
    return keys.table_redraws(name, rev())


def redraw_table(name: str) -> None:
    """Draw the table afresh from the case (or its unsaved rows) on the next run.

    Why: when something else adds to or removes from what a table shows (the one-at-a-time
    entry above it), the grid's own edit state would otherwise be applied to the old rows and
    put them back. A new widget key starts the grid over; nothing typed is lost, since valid
    rows are already in the case and the others are kept by :func:`keep_unsaved`.
    """
    session_set(_redraw_key(name), int(session_get(_redraw_key(name), 0)) + 1)
    session_pop(keys.table_base(name, rev()))


def unsaved_rows(name: str) -> pd.DataFrame | None:
    """The table as typed while some of its rows cannot be saved yet (None when all are saved)."""
    return session_get(_unsaved_key(name))


def set_unsaved_rows(name: str, frame: pd.DataFrame) -> None:
    session_set(_unsaved_key(name), frame.reset_index(drop=True))


def editor_base(name: str, build: Callable[[], pd.DataFrame]) -> tuple[str, pd.DataFrame]:
    """The widget key and the frame the editor starts from.

    The starting frame is rebuilt only when the editor's widget state is gone (first draw,
    after a page or language switch, after a whole new case): from the rows that could not be
    saved yet if there are any (so a half-filled row is never lost), else from the case.
    Otherwise the editor keeps applying the person's edits to the same base, which is how
    ``st.data_editor`` works.
    """
    redraws = int(session_get(_redraw_key(name), 0))
    widget_key = keys.table_widget(name, rev(), redraws)
    base_key = keys.table_base(name, rev())
    if not session_has(widget_key) or not session_has(base_key):
        unsaved = session_get(_unsaved_key(name))
        session_set(base_key, unsaved.copy() if unsaved is not None else build())
    return widget_key, session_get(base_key)


def editable_table(
    name: str, build: Callable[[], pd.DataFrame], column_config: dict, *, hidden: str | None = None, **options: Any
) -> pd.DataFrame:
    """A data editor whose rows can be added and removed, drawn from :func:`editor_base`.

    ``hidden`` names a column that ties a row to what it was built from (a debt's id): it is
    never sent to the browser, where even a column left out of ``column_order`` is offered in
    the grid's show/hide menu. It is put back on the returned frame by row position: the rows
    the person did not delete, in order, then the added rows (which get None).
    """
    key, base = editor_base(name, build)
    # An empty cell shows nothing rather than the framework's English "None".
    options.setdefault("placeholder", "")
    shown = base.drop(columns=[hidden]) if hidden else base
    frame = st.data_editor(
        shown, key=key, num_rows="dynamic", hide_index=True, width="stretch", column_config=column_config, **options
    )
    if hidden:
        frame = with_hidden_column(frame, base, hidden, session_get(key))
    return frame


def with_hidden_column(frame: pd.DataFrame, base: pd.DataFrame, hidden: str, state: Any) -> pd.DataFrame:
    """``frame`` (the editor's result) with ``base``'s ``hidden`` column put back by position."""
    deleted = {int(i) for i in ((state or {}).get("deleted_rows") or [])}
    kept = [value for i, value in enumerate(base[hidden].tolist()) if i not in deleted]
    values = (kept + [None] * len(frame))[: len(frame)]
    frame = frame.copy()
    frame.insert(0, hidden, pd.Series(values, index=frame.index, dtype=object))
    return frame


def keep_unsaved(name: str, frame: pd.DataFrame, has_problems: bool) -> None:
    """Remember the table as typed while some row cannot be saved yet; forget it once all can.

    Why only then: valid rows are already in the case, and a table rebuilt from the case also
    shows changes made elsewhere; rows with a problem exist only here.
    """
    if has_problems:
        session_set(_unsaved_key(name), frame.reset_index(drop=True).copy())
    else:
        session_pop(_unsaved_key(name))


def is_blank(value: Any) -> bool:
    if value is None:
        return True
    if isinstance(value, float) and pd.isna(value):
        return True
    if value is pd.NA or value is pd.NaT:
        return True
    return isinstance(value, str) and not value.strip()


def cell_decimal(value: Any) -> Any:
    """Editor numbers arrive as floats: the core's form edge keeps 12.3 as Decimal('12.3')."""
    if is_blank(value):
        return None
    if isinstance(value, float):
        return exact(value)
    return value


def validate_rows(
    frame: pd.DataFrame,
    model: type[BaseModel],
    to_data: Callable[[dict[str, Any], int], dict[str, Any]],
    lang: str,
) -> tuple[list[Any], list[Problem]]:
    """Validate each non-empty row; return the models and the problems (with row numbers)."""
    items: list[Any] = []
    problems: list[Problem] = []
    for position, (_, row) in enumerate(frame.iterrows()):
        raw = {k: (None if is_blank(v) else v) for k, v in row.to_dict().items()}
        if all(v is None or v is False for v in raw.values()):
            continue  # an added row left empty: ignore it
        data = {k: v for k, v in to_data(raw, position).items() if v is not None}
        try:
            items.append(model.model_validate(data))
        except ValidationError as exc:
            row_label = tr()("item.row", n=position + 1)
            for item in problems_from_validation(exc, lang):
                problems.append(
                    Problem(
                        path=f"{row_label} › {item.path}" if item.path else row_label,
                        message=item.message,
                        code=item.code,
                    )
                )
    return items, problems


def show_problems(problems: list[Problem]) -> None:
    """Problems as plain text (user text stays text), under one calm heading."""
    _ = tr()
    st.warning(_("editor.not_saved", count=len(problems)), icon=":material/edit_off:")
    for item in problems:
        st.text(f"• {item}")
