"""Problems of a form model whose fields are not case fields, labelled with the form's own words.

Why: :func:`problems.problems_from_validation` names a field through the shared ``field.*``
catalog. Forms that exist only on one page (a letter, a court-cost estimate) keep their labels
in their own catalog area; this puts those labels on the problems so the message still names
the field the person sees.
"""

from __future__ import annotations

from typing import NamedTuple, TypeVar

from pydantic import BaseModel, ValidationError

from overdue_core.case.problems import Problem, problems_from_validation
from overdue_core.i18n import has, t

Form = TypeVar("Form", bound=BaseModel)


def form_problems(exc: ValidationError, lang: str, area: str) -> list[Problem]:
    """Translated problems, the path taken from ``<area>.<field>`` when that key exists."""
    out: list[Problem] = []
    errors = exc.errors(include_input=False, include_url=False)
    for error, item in zip(errors, problems_from_validation(exc, lang)):
        loc = error.get("loc") or ()
        key = f"{area}.{loc[0]}" if loc else ""
        if key and has(key, lang):
            item = Problem(path=t(key, lang), message=item.message, code=item.code)
        out.append(item)
    return out


class MustBePositive(NamedTuple):
    """A form's amount that must be more than 0 (a fee on nothing, an offer of nothing), and the
    problem named when it is not: the field's label and message keys, and the problem's code."""

    field: str
    label_key: str
    message_key: str
    code: str


def parse_form(
    model: type[Form], data: dict, lang: str, area: str, positive: MustBePositive | None = None
) -> tuple[Form | None, list[Problem]]:
    """``data`` as a ``model``, or None and its :func:`form_problems` (never an exception); then
    ``positive``'s field, when given, must be more than 0."""
    try:
        form = model.model_validate(data)
    except ValidationError as exc:
        return None, form_problems(exc, lang, area)
    if positive is not None and getattr(form, positive.field) <= 0:
        return None, [
            Problem(path=t(positive.label_key, lang), message=t(positive.message_key, lang), code=positive.code)
        ]
    return form, []
