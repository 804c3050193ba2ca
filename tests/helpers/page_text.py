"""Reading what a page shows in AppTest: its text, and the person's own strings to leave out of language checks."""

from __future__ import annotations

import json
import re

from google.protobuf import text_format

from tests.helpers.charts import chart_payload
from ui.charts.plotly_component import COMPONENT as CHART_COMPONENT
from ui.user_text import md_escape

CJK = re.compile(r"[\u3400-\u9fff]")


ALLOWED_IN_ENGLISH = {"中文"}  # the language switch names Chinese in its own script


def leaves(node):
    children = getattr(node, "children", None)
    if children:
        for child in children.values():
            yield from leaves(child)
    else:
        yield node


def page_text(at) -> str:
    """All text the page shows: labels, help, options, markdown, chart specs (unescaped)."""
    parts = []
    for node in leaves(at._tree):
        proto = getattr(node, "proto", None)
        if proto is None or type(node).__name__ in {"Dataframe"}:
            continue
        spec = getattr(proto, "spec", "")
        if isinstance(spec, str) and spec.startswith("{"):
            # a Plotly chart: its figure JSON, with \uXXXX escapes turned back into characters
            parts.append(json.dumps(json.loads(spec), ensure_ascii=False))
            continue
        if getattr(proto, "component_name", "") == CHART_COMPONENT:
            # a chart drawn in place (ui.charts.plotly_component): its title and figure, unescaped the same way
            payload = chart_payload(node)
            parts.append(json.dumps({**payload, "figure": json.loads(payload["figure"])}, ensure_ascii=False))
            continue
        parts.append(text_format.MessageToString(proto, as_utf8=True))
    return "\n".join(parts)


def user_strings(case) -> set[str]:
    """Every string the person (or the demo) typed: these may be Chinese in an English UI."""
    found: set[str] = set()

    def walk(value):
        if isinstance(value, str):
            if value.strip():
                found.add(value)
        elif isinstance(value, dict):
            for k, v in value.items():
                walk(k) if isinstance(k, str) and CJK.search(k) else None
                walk(v)
        elif isinstance(value, (list, tuple)):
            for v in value:
                walk(v)

    walk(case.model_dump(mode="json"))
    return found


def strip_user_data(text: str, strings: set[str]) -> str:
    for value in sorted(strings, key=len, reverse=True):
        text = text.replace(value, " ")
        # also the JSON-escaped form used in chart specs and the truncated/masked forms
        text = text.replace(value.replace('"', '\\"'), " ")
        # and the form user text takes in markdown (punctuation as character references)
        text = text.replace(md_escape(value), " ")
    return text


def card_rows(at, first_label: str) -> list[dict[str, str]]:
    """The rows ``ui.widgets.row_cards`` drew, back as dicts (``first_label`` -> the card's title).

    A card is a bold title followed by "label：value" lines; escapes are undone (the text as read).
    """
    import html

    def plain(text: str) -> str:
        return html.unescape(re.sub(r"\\(.)", r"\1", text))

    rows: list[dict[str, str]] = []
    values = [m.value for m in at.markdown]
    for title, body in zip(values, values[1:]):
        if (
            not (title.startswith("**") and title.endswith("**"))
            or "\n" not in body
            and "：" not in body
            and ": " not in body
        ):
            continue
        row = {first_label: plain(title[2:-2])}
        for line in body.split("  \n"):
            sep = "：" if "：" in line else ": "
            if sep not in line:
                break
            label, _, value = line.partition(sep)
            row[plain(label)] = plain(value)
        else:
            rows.append(row)
    return rows
