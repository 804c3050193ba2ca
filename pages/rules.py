"""Rules and sources: every legal or industry figure the app applies, dated, sourced, editable."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

import streamlit as st

from overdue_core.rules import RULES, rule_value
from ui.preset_sources import draw_preset_sources
from ui.state import apply_update, ensure_app_entry, get_case, rev, tr, update_case

ensure_app_entry()

_ = tr()
st.title(_("rules_page.title"))
st.markdown(_("rules_page.intro"))
st.warning(_("app.not_advice"), icon=":material/info:")

case = get_case()
overrides = dict(case.settings.rules) if case else {}
if case is None:
    st.caption(_("rules_page.no_case"))

for key, rule in RULES.items():
    with st.container(border=True):
        top, edit = st.columns([3, 2])
        top.markdown(f"**{_(rule.label_key)}**")
        top.caption(_("rules_page.meta", as_of=rule.as_of.isoformat(), confidence=_(f"rules_page.confidence.{rule.confidence}")))
        top.caption(_("rules_page.source", source=_(rule.source_key)))
        shown = rule_value(key, overrides)
        if case is None:
            shown_text = f"{shown * 100:.2f}%" if rule.unit in ("rate", "fraction") else f"{shown.normalize():f}"
            edit.metric(_("rules_page.value"), shown_text)
            continue
        text = edit.text_input(
            _("rules_page.value_unit", unit=_(f"rules_page.unit.{rule.unit}")),
            value=f"{shown.normalize():f}",
            key=f"rule_{key}_{rev()}",
            help=_("rules_page.value_help"),
        )
        try:
            value = Decimal(text.strip())
            if not value.is_finite() or value < 0:
                raise InvalidOperation
        except (InvalidOperation, ValueError):
            edit.error(_("rules_page.bad_value"))
            continue
        if value != rule.value:
            overrides[key] = value
            edit.caption(_("rules_page.overridden", default=f"{rule.value.normalize():f}"))
        else:
            overrides.pop(key, None)

if case is not None and overrides != dict(case.settings.rules):
    settings = case.settings.model_dump()
    settings["rules"] = overrides
    updated, error = apply_update(case, settings=settings)
    if updated is not None:
        update_case(updated)

# Figures the platform presets fill in on the Debts page, each with its source.
draw_preset_sources()
