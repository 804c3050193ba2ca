"""The Rules page's section on platform presets: every figure a preset fills, with its source.

Why: a preset fills figures into a person's debts; each must be as checkable as the rules the
app applies. Fields a preset leaves to the person are listed too, with the reason.
"""

from __future__ import annotations

import streamlit as st

from overdue_core.entry import PRESETS, annual_percent_text, is_estimate

from ui.state import tr

FIELD_LABELS = {
    "annual_rate": "guided.rate",
    "penalty_rate": "guided.penalty",
    "late_fee_rate": "guided.late_fee",
    "minimum_percent": "guided.minimum",
}


def draw_preset_sources() -> None:
    _ = tr()
    st.header(_("preset.rules.heading"))
    st.caption(_("preset.rules.intro"))
    for key, preset in PRESETS.items():
        with st.expander(_(preset.name_key)):
            for name, figure in preset.figures.items():
                value = annual_percent_text(figure.value) + (_("preset.rules.estimate") if is_estimate(figure) else "")
                st.markdown(f"**{_('preset.rules.figure', field=_(FIELD_LABELS[name]), value=value)}**")
                st.caption(_("preset.rules.source", source=_(figure.source.text_key)))
                st.caption(
                    _(
                        "preset.rules.meta",
                        as_of=figure.source.as_of.isoformat(),
                        confidence=_(f"rules_page.confidence.{figure.source.confidence}"),
                    )
                )
            if preset.penalty_multiple is not None:
                st.markdown(
                    f"**{_('preset.rules.penalty_multiple', value=f'{preset.penalty_multiple.value.normalize():f}')}**"
                )
                st.caption(_("preset.rules.source", source=_(preset.penalty_multiple.source.text_key)))
            for name, reason in preset.missing.items():
                st.caption(_("preset.rules.left_to_you", field=_(FIELD_LABELS[name]), reason=_(reason)))
