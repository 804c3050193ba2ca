"""Rules and sources: every legal or industry figure the app applies, dated, sourced, editable.

Each value is checked against its unit (a rate, a share, an hour of the day…) before it is
stored, with the same check the case file gets, so no page can be broken from here. A value
that is stored but cannot be used (a case built before these checks) is named, the pages use
the default meanwhile, and one click puts the default back.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

import streamlit as st

from overdue_core.case import fmt_pct
from overdue_core.rules import LPR_1Y_HISTORY, LPR_HISTORY_CONFIDENCE, PRIVATE_LENDING_LPR_FROM, RULES, rule_problem
from ui.state import apply_update, ensure_app_entry, get_case, is_read_only, replace_case, rev, tr, update_case
from ui.widgets import draw_preset_sources

ensure_app_entry()

_ = tr()
st.title(_("rules_page.title"))
st.markdown(_("rules_page.intro"))
st.warning(_("app.not_advice"), icon=":material/info:")

case = get_case()
stored: dict[str, Decimal] = dict(case.settings.rules) if case else {}
overrides = dict(stored)
if case is None:
    st.caption(_("rules_page.no_case"))


def _why_not(key: str, value: object) -> str | None:
    """The translated reason a value cannot stand for the rule, or None when it can."""
    try:
        number = Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        return _("errors.not_a_number")
    found = rule_problem(key, number)
    if found is None:
        return None
    code, params = found
    return _("errors.not_a_number") if code == "not_a_number" else _(f"bounds.{code}", **params)


def _plain(value: Decimal) -> str:
    """'0.03', '22', never scientific notation (only ever called with a value within bounds)."""
    return f"{value.normalize():f}"


def _reset(key: str) -> None:
    """Drop the override: the rule is back at its default, and the input shows it again."""
    current = get_case()
    if current is None:
        return
    settings = current.settings.model_dump()
    settings["rules"] = {k: v for k, v in current.settings.rules.items() if k != key and _why_not(k, v) is None}
    updated, _error = apply_update(current, settings=settings)
    if updated is not None:
        replace_case(updated)


def _shown_text(value: Decimal, unit: str) -> str:
    """The figure as a person reads it: a rate or a share in percent, anything else as it is."""
    return f"{value * 100:.2f}%" if unit in ("rate", "fraction") else _plain(value)


# One line per figure (its name and the value in use): on a phone the page is a list to scan,
# and a tap opens a figure's date, source and the field to change it. A figure changed for this
# case, or stored in a form that cannot be used, is open from the start.
for key, rule in RULES.items():
    stored_problem = _why_not(key, stored[key]) if key in stored else None
    if stored_problem is not None:
        overrides.pop(key)
    shown = overrides.get(key, rule.value)
    title = _("format.label_value", label=_(rule.label_key), value=_shown_text(shown, rule.unit))
    with st.expander(title, expanded=stored_problem is not None or key in overrides):
        top, edit = st.columns([3, 2])
        top.caption(
            _("rules_page.meta", as_of=rule.as_of.isoformat(), confidence=_(f"rules_page.confidence.{rule.confidence}"))
        )
        top.caption(_("rules_page.source", source=_(rule.source_key)))
        if stored_problem is not None:
            edit.error(_("bounds.rule_stored_bad", problem=stored_problem), icon=":material/error:")
        if case is None:
            edit.metric(_("rules_page.value"), _shown_text(shown, rule.unit))
            continue
        text = edit.text_input(
            _("rules_page.value_unit", unit=_(f"rules_page.unit.{rule.unit}")),
            value=_plain(shown),
            key=f"rule_{key}_{rev()}",
            disabled=is_read_only(),
            help=_("rules_page.value_help"),
        )
        problem = _why_not(key, text)
        if problem is not None:
            edit.error(problem)
        else:
            value = Decimal(text.strip())
            if value != rule.value:
                overrides[key] = value
                edit.caption(_("rules_page.overridden", default=_plain(rule.value)))
            else:
                overrides.pop(key, None)
        if key in stored or key in overrides:
            edit.button(
                _("bounds.rule_reset"),
                key=f"rule_reset_{key}_{rev()}",
                on_click=_reset,
                args=(key,),
                icon=":material/undo:",
                disabled=is_read_only(),
            )

usable = {k: v for k, v in stored.items() if _why_not(k, v) is None}
if case is not None and overrides != usable:
    settings = case.settings.model_dump()
    settings["rules"] = overrides
    updated, error = apply_update(case, settings=settings)
    if updated is not None:
        update_case(updated)

# The LPR on each date it changed: a private loan's line is 4 × the LPR on its contract date.
with st.expander(_("rules_page.lpr_history"), icon=":material/history:"):
    st.caption(_("rules_page.lpr_history_intro", since=PRIVATE_LENDING_LPR_FROM.isoformat()))
    st.table(
        {
            _("rules_page.lpr_from"): [day.isoformat() for day, _rate in LPR_1Y_HISTORY],
            _("rules_page.lpr_value"): [fmt_pct(rate) for _day, rate in LPR_1Y_HISTORY],
            _("rules_page.lpr_line"): [
                fmt_pct(rate * RULES["private_lending_lpr_multiple"].value) for _day, rate in LPR_1Y_HISTORY
            ],
        }
    )
    st.caption(
        _(
            "rules_page.meta",
            as_of=LPR_1Y_HISTORY[-1][0].isoformat(),
            confidence=_(f"rules_page.confidence.{LPR_HISTORY_CONFIDENCE}"),
        )
    )
    st.caption(_("rules_page.source", source=_("legal.source.lpr_history")))

# Figures the platform presets fill in on the Debts page, each with its source.
draw_preset_sources()
