"""No internal debt id (d1…d6) anywhere a person reads: pages, tables, charts, downloads' names.

The case here is a demo whose debts carry the bare ids a table-entered case gets (d1…d6), with
two debts on the same platform, a contact, a negotiation and a payment for d6. Every page is
drawn in both languages and every string a person can read is searched for an id: labels,
options, markdown, captions, table cells and headers, chart figures, and the file name of
every download button. Widget keys, link targets and element ids are machinery, not text.
"""

from __future__ import annotations

import io
import json
import re
from decimal import Decimal

import pandas as pd
import pytest
from google.protobuf.message import Message

from overdue_core.case import Case, debt_labels, debt_numbers
from overdue_core.case.demo import load_demo
from overdue_core.measures.prevent import items_for, reminders_ics
from overdue_core.plan import build_plan
from overdue_core.report import schedule_csv
from overdue_core.report.data import build_report
from tests.helpers import assert_no_exception
from tests.helpers.charts import sent_figures
from tests.helpers.editor import typed_loan_row
from ui.nav import PAGES

IDS = ("d1", "d2", "d3", "d4", "d5", "d6", "c1")
ID = re.compile(r"(?<![A-Za-z0-9])(?:" + "|".join(IDS) + r")(?![A-Za-z0-9])")

#: Proto fields that are machinery (widget ids and keys, link targets, media URLs, raw data).
MACHINERY = {
    "id",
    "form_id",
    "url",
    "page",
    "query_string",
    "deferred_file_id",
    "page_script_hash",
    "data",
    "arrow_data",
    "styler",
    "spec",
}


def id_case() -> Case:
    data = load_demo("gig_driver").model_dump(mode="json")
    mapping = {d["id"]: f"d{n}" for n, d in enumerate(data["debts"], start=1)}
    for debt in data["debts"]:
        debt["id"] = mapping[debt["id"]]
    data["debts"][2]["platform"] = data["debts"][0]["platform"]  # two debts on one platform
    for incident in data["collection_incidents"]:
        incident["debt_id"] = mapping.get(incident["debt_id"], incident["debt_id"])
    last = data["debts"][5]
    data["contacts"] = [
        {
            "id": "c1",
            "when": "2026-10-20T10:15:00",
            "debt_id": "d6",
            "platform": last["platform"],
            "follow_up": data["as_of"],
            "i_promised": "下周再打电话",
        }
    ]
    data["negotiations"] = [
        {
            "debt_id": "d6",
            "status": "asked",
            "reason": "收入下降了，想申请分期",
            "requested_monthly": "300.00",
            "requested_months": 12,
        }
    ]
    data["payments"] = [{"debt_id": "d6", "month": data["as_of"], "amount": "100.00"}]
    return Case.model_validate(data)


@pytest.fixture
def download_names(monkeypatch) -> list[str]:
    """The file name of every download button drawn (AppTest exposes only a media URL)."""
    from streamlit.elements.widgets import button

    names: list[str] = []
    original = button.marshall_file

    def recording(coordinates, data, proto, mimetype, file_name=None, **kwargs):
        names.append(file_name or "")
        return original(coordinates, data, proto, mimetype, file_name, **kwargs)

    monkeypatch.setattr(button, "marshall_file", recording)
    return names


def _strings(message: Message, out: list[str]) -> None:
    for field, value in message.ListFields():
        if field.name in MACHINERY:
            continue
        values = list(value) if field.is_repeated else [value]
        if field.type == field.TYPE_MESSAGE:
            for item in values:
                _strings(item, out)
        elif field.type == field.TYPE_STRING:
            out.extend(values)


def readable_text(at) -> list[str]:
    """Every string a person can read on the page (see the module docstring)."""
    out: list[str] = []

    def walk(node) -> None:
        children = getattr(node, "children", None)
        if children:
            for child in children.values():
                walk(child)
        proto = getattr(node, "proto", None)
        if isinstance(proto, Message):
            _strings(proto, out)
        if type(node).__name__ == "Dataframe":
            frame = node.value
            out.extend(str(c) for c in frame.columns)
            out.extend(str(v) for v in frame.astype(str).to_numpy().ravel())

    walk(at._tree)
    out.extend(chart.proto.spec for chart in at.get("plotly_chart"))
    out.extend(json.dumps(figure, ensure_ascii=False) for figure in sent_figures(at))
    return out


def ids_in(strings) -> list[str]:
    return sorted({s[:160] for s in strings if ID.search(s)})


def _open(make_app, lang: str, page: str):
    at = make_app(lang=lang, case=id_case(), page=page)
    assert_no_exception(at)
    return at


@pytest.mark.parametrize("path", [spec.path for spec in PAGES])
@pytest.mark.parametrize("lang", ["zh-CN", "en"])
def test_no_id_on_any_page(make_app, download_names, path, lang):
    at = _open(make_app, lang, path)
    assert ids_in(readable_text(at)) == [], f"an internal id is shown on {path}"
    assert ids_in(download_names) == [], f"an internal id in a file name on {path}"


def test_the_check_sees_ids_and_file_names(make_app, download_names):
    """Not vacuous: the text read holds the debts' names, and file names are caught."""
    at = _open(make_app, "zh-CN", "pages/legal.py")
    text = readable_text(at)
    assert any("借呗 1" in s for s in text) and any("借呗 2" in s for s in text)
    assert "evidence-1.md" in download_names
    assert ids_in(["借呗 (d6)", "letter-d6-en.txt", "d6"]) == ["d6", "letter-d6-en.txt", "借呗 (d6)"]
    assert ids_in(["d10", "id6", "2026-d"]) == []


def test_letter_and_call_script_files_are_named_by_position(make_app, download_names):
    at = _open(make_app, "en", "pages/negotiate.py")
    at.selectbox(key="neg_debt_1").set_value("d6").run()
    assert_no_exception(at)
    assert "letter-6-en.txt" in download_names and "call-script-6-en.txt" in download_names
    assert ids_in(readable_text(at)) == [] and ids_in(download_names) == []
    labels = debt_labels(id_case().debts)
    assert at.selectbox(key="neg_debt_1").options == [labels[f"d{n}"] for n in range(1, 7)]


def test_call_preparation_script_is_named_by_position(make_app, download_names):
    at = _open(make_app, "zh-CN", "pages/communicate.py")
    at.selectbox(key="comm_debt_1").set_value("d6").run()
    at.selectbox(key="comm_cause_1").set_value("hardship").run()
    assert_no_exception(at)
    assert "script-6.txt" in download_names
    assert ids_in(readable_text(at)) == [] and ids_in(download_names) == []


def test_plan_schedule_table_names_debts(make_app, download_names):
    at = _open(make_app, "zh-CN", "pages/plan.py")
    at.segmented_control(key="plan_detail").set_value("schedule").run()  # the schedule, picked
    assert_no_exception(at)
    schedule = next(df.value for df in at.dataframe if "payment" in df.value.columns)
    assert "debt_id" not in schedule.columns and {"借呗 1", "借呗 2"} <= set(schedule["platform"])
    assert ids_in(readable_text(at)) == [] and ids_in(download_names) == []


def test_debts_table_never_sends_the_id_to_the_browser(make_app):
    at = _open(make_app, "en", "pages/debts.py")
    editor = next(df for df in at.dataframe if "editor_debts" in df.proto.id)
    assert "id" not in editor.value.columns and "platform" in editor.value.columns
    assert ids_in(str(v) for v in editor.value.to_numpy().ravel()) == []


def test_debts_table_keeps_ids_through_delete_and_add(make_app):
    """Rows are tied to stored debts by position on the server: deleting the third and adding
    one keeps every other debt (and what only it holds) and gives the new one a fresh id."""
    at = _open(make_app, "en", "pages/debts.py")
    before = at.session_state["case"]
    key = next(df for df in at.dataframe if "editor_debts" in df.proto.id).proto.id.split("-", 2)[-1]
    at.session_state[key] = {
        "edited_rows": {5: {"balance": 4321.5}},
        "added_rows": [typed_loan_row("新平台")],
        "deleted_rows": [2],
    }
    at.run()
    assert_no_exception(at)
    assert not any("not saved" in w.value for w in at.warning), [w.value for w in at.warning]
    after = at.session_state["case"]
    assert [d.id for d in after.debts][:5] == ["d1", "d2", "d4", "d5", "d6"]
    assert after.debt("d6").balance == Decimal("4321.50")
    assert after.debt("d6").account_ref == before.debt("d6").account_ref, "fields not shown in the table are kept"
    new = after.debts[-1]
    assert new.platform == "新平台" and new.id not in {d.id for d in before.debts}


# --- files and documents made by the core ------------------------------------------------------
def test_reminders_name_each_debt_apart():
    case = id_case()
    text = reminders_ics(case, "zh-CN").decode("utf-8")
    summaries = [line for line in text.splitlines() if line.startswith(("SUMMARY", "DESCRIPTION"))]
    assert any("借呗 1" in s for s in summaries) and any("借呗 2" in s for s in summaries)
    assert ids_in(summaries) == []


def test_checklist_names_each_debt_apart():
    platforms = [item.platform for item in items_for(id_case()) if item.platform]
    assert platforms[:3] == ["借呗 1", "美团月付", "借呗 2"]


def test_schedule_file_has_names_not_ids():
    case = id_case()
    data = schedule_csv(build_plan(case).schedule.to_dict("records"), "en", debt_labels(case.debts))
    rows = list(pd.read_csv(io.BytesIO(data), encoding="utf-8-sig", dtype=str).itertuples(index=False))
    assert ids_in(str(v) for row in rows for v in row) == []
    assert {"借呗 1", "借呗 2"} <= {row[2] for row in rows}


def test_pdf_report_text_has_names_not_ids():
    case = id_case()
    strings: list[str] = []

    def walk(value) -> None:
        if isinstance(value, str):
            strings.append(value)
        elif isinstance(value, (list, tuple)):
            for item in value:
                walk(item)
        elif hasattr(value, "__dataclass_fields__"):
            for name in value.__dataclass_fields__:
                walk(getattr(value, name))

    walk(build_report(case, "zh-CN"))
    assert ids_in(strings) == []
    assert any("借呗 2" in s for s in strings)


def test_file_numbers_follow_the_list():
    assert debt_numbers(id_case().debts) == {f"d{n}": n for n in range(1, 7)}
