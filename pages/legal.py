"""Legal help: rate and fee checks, collection conduct, evidence, court costs, help lines and time limits."""

from __future__ import annotations

import datetime as dt

import plotly.graph_objects as go
import streamlit as st
from pydantic import ValidationError

from overdue_core.case import (
    CollectionIncident,
    debt_labels,
    debt_numbers,
    fmt_money,
    fmt_pct,
    problems_from_validation,
)
from overdue_core.measures import legal
from overdue_core.palette import debt_colours
from overdue_core.plan import debt_true_apr
from overdue_core.rules import COURT_FEE_SOURCE_KEY
from ui.cached import case_key, figure
from ui.charts import vline
from ui.frame import open_page
from ui.state import apply_update, flash, is_read_only, keys, lang, rev, session_get, session_set, update_case
from ui.user_text import md_escape
from ui.widgets import (
    Download,
    clearable,
    count_field,
    debt_from_link,
    debt_index,
    download_button,
    money_field,
    pick_debt,
    show_problems,
)

case, _ = open_page("legal.title", "legal.intro", not_advice=True)
linked = debt_from_link(case)
labels = debt_labels(case.debts)  # what a person reads for each debt (never its id)
LEVEL_ICON = {"ok": ":material/check_circle:", "note": ":material/info:", "alert": ":material/report:"}
LEVEL_BOX = {"ok": st.success, "note": st.info, "alert": st.warning}

checks_tab, conduct_tab, evidence_tab, court_tab, help_tab = st.tabs(
    [_("legal.tab_checks"), _("legal.tab_conduct"), _("legal.tab_evidence"), _("legal.tab_court"), _("legal.tab_help")]
)

# --- rate and fee checks ------------------------------------------------------------------
with checks_tab:
    if not case.debts:
        st.info(_("legal.no_debts"), icon=":material/info:")
    else:
        st.caption(_("legal.checks_intro"))
        colours = debt_colours([d.id for d in case.debts])

        def _line_legend(label: str, pct: str) -> str:
            """ "24% 线", not "24% 线 24%": the figure is added only when the label lacks it."""
            return label if pct in label else _("format.aside", text=label, note=pct)

        def _apr_figure() -> go.Figure:
            """The true-APR bars against the legal lines (built once per case and language)."""
            aprs = {d.id: debt_true_apr(d) for d in case.debts}
            fig = go.Figure()
            shown = [d for d in case.debts if aprs[d.id] is not None]
            lines: dict[str, float] = {}
            for debt in case.debts:
                for line in legal.apr_lines(debt, case.settings.rules):
                    # A line the contract date decides (not entered) is drawn at its highest value.
                    lines.setdefault(line.code, float(line.line.high) * 100)
            # Keep the lines readable: a far-out rate is cut at the edge, its value written on the bar.
            x_max = max(
                max(lines.values(), default=36.0) * 1.3,
                min(max((aprs[d.id].nominal * 100 for d in shown), default=0.0) * 1.1, 60.0),
            )
            fig.add_bar(
                y=[md_escape(labels[d.id]) for d in shown],
                x=[min(aprs[d.id].nominal * 100, x_max) for d in shown],
                orientation="h",
                marker_color=[colours[d.id] for d in shown],
                text=[fmt_pct(aprs[d.id].nominal) for d in shown],
                textposition="auto",
                hovertemplate="%{y}: %{text}<extra></extra>",
                showlegend=False,
            )
            shapes = []
            for (code, value), dash in zip(
                sorted(lines.items(), key=lambda item: item[1]), ("dot", "dash", "longdash", "dashdot")
            ):
                shapes.append(vline(value, dash=dash, width=1.5, colour="#888888"))  # what add_vline draws, far cheaper
                fig.add_scatter(
                    x=[None],
                    y=[None],
                    mode="lines",
                    line=dict(dash=dash, color="#888888"),
                    name=_line_legend(_(f"legal.line_label_{code}"), f"{value:.0f}%"),
                )
            fig.update_layout(
                shapes=shapes,
                title=_("legal.apr_chart_title"),
                xaxis_title=_("legal.apr_chart_axis"),
                xaxis_range=[0, x_max],
                height=180 + 42 * len(shown),
                margin=dict(l=10, r=10, t=60, b=40),
                yaxis=dict(autorange="reversed"),
                legend=dict(orientation="h", yanchor="top", y=-0.25, x=0),
            )
            return fig

        fig = figure("legal_apr", _apr_figure, case_key(case), lang())
        st.plotly_chart(fig, theme="streamlit", key="legal_apr_chart", config={"displayModeBar": False})
        for debt in case.debts:
            with st.expander(
                md_escape(labels[debt.id]),
                expanded=debt.id == linked or len(case.debts) == 1,
                icon=":material/receipt_long:",
            ):
                for finding in legal.debt_checks(case, debt):
                    LEVEL_BOX[finding.level](_(finding.message_key, **finding.params), icon=LEVEL_ICON[finding.level])
                    for key in finding.all_source_keys():
                        st.caption(_("format.label_value", label=_("legal.source_label"), value=_(key)))

# --- collection conduct -------------------------------------------------------------------
with conduct_tab:
    st.caption(_("legal.conduct.intro"))
    flags = legal.conduct_flags(case)
    if case.collection_incidents:
        st.markdown(_("legal.conduct.flags_count", count=len(flags), incidents=len(case.collection_incidents)))
    else:
        st.caption(_("legal.conduct.none"))
    for index, incident in enumerate(case.collection_incidents):
        with st.container(border=True):
            title = _(
                "legal.conduct.incident_title",
                when=incident.when.strftime("%Y-%m-%d %H:%M"),
                platform=incident.platform or labels.get(incident.debt_id or "", "—"),
            )
            st.markdown(f"**{md_escape(title)}**")
            if incident.description:
                st.text(incident.description)
            found = legal.incident_flags(case, index, incident)
            if not found:
                st.caption(_("legal.conduct.nothing_flagged"))
            for flag in found:
                label = (
                    _("format.aside", text=_(f"legal.kind.{flag.kind}"), note=_("legal.conduct.detected"))
                    if flag.detected
                    else _(f"legal.kind.{flag.kind}")
                )
                st.warning(label, icon=":material/report:")
                st.caption(_("format.label_value", label=_("legal.source_label"), value=_(flag.source_key)))
                st.caption(
                    _(
                        "format.label_value",
                        label=_("legal.channels_label"),
                        value=_("format.item_sep").join(legal.help_line_label(n, _) for n in flag.channels),
                    )
                )
            if not is_read_only() and st.button(
                _("legal.conduct.remove"), key=f"rm_incident_{index}_{rev()}", icon=":material/delete:", type="tertiary"
            ):
                remaining = [i.model_dump() for j, i in enumerate(case.collection_incidents) if j != index]
                updated, _err = apply_update(case, collection_incidents=remaining)
                if updated is not None:
                    update_case(updated)
                    flash("success", _("legal.conduct.removed"))
                    st.rerun()

    st.markdown(f"**{_('legal.conduct.heading_add')}**")
    NONE = "__none__"
    with st.form(key=f"incident_form_{rev()}_{session_get(keys.INCIDENT_FORM_N, 0)}"):
        a, b = st.columns(2)
        f_date = a.date_input(
            _("legal.conduct.when_date"), value=dt.date.today(), max_value=dt.date.today(), disabled=is_read_only()
        )
        f_time = b.time_input(
            _("legal.conduct.when_time"), value=dt.time(12, 0), step=dt.timedelta(minutes=5), disabled=is_read_only()
        )
        f_debt = a.selectbox(
            _("legal.conduct.debt"),
            [d.id for d in case.debts] + [NONE],
            index=debt_index(case, linked) if case.debts else 0,
            format_func=lambda v: _("legal.conduct.debt_none") if v == NONE else labels[v],
            disabled=is_read_only(),
        )
        f_platform = b.text_input(_("legal.conduct.platform"), max_chars=80, disabled=is_read_only())
        f_kinds = st.multiselect(
            _("legal.conduct.kinds"),
            list(legal.INCIDENT_KINDS),
            format_func=lambda v: _(f"legal.kind.{v}"),
            placeholder=_("format.choose"),
            disabled=is_read_only(),
        )
        # Emptied, the count is empty (the record's check names it), not its old figure.
        f_calls = clearable.number(
            st,
            _("legal.conduct.calls"),
            1,
            **count_field(0, 500),
            key=f"incident_calls_{rev()}_{session_get(keys.INCIDENT_FORM_N, 0)}",
            disabled=is_read_only(),
        )
        f_description = st.text_area(_("legal.conduct.description"), max_chars=4000, height=80, disabled=is_read_only())
        add_incident = st.form_submit_button(
            _("legal.conduct.save"), type="primary", icon=":material/save:", disabled=is_read_only()
        )
    if add_incident and f_calls is None:
        for line in clearable.emptied({_("legal.conduct.calls"): f_calls}):
            st.warning(line, icon=":material/edit_off:")
    elif add_incident:
        data = {
            "when": dt.datetime.combine(f_date or dt.date.today(), f_time or dt.time(0, 0)),
            "debt_id": None if f_debt == NONE else f_debt,
            "platform": f_platform,
            "kinds": list(f_kinds),
            "connected_calls_that_day": f_calls,
            "description": f_description,
        }
        try:
            incident = CollectionIncident.model_validate(data)
        except ValidationError as exc:
            show_problems(problems_from_validation(exc, lang()))
        else:
            updated, error = apply_update(
                case, collection_incidents=[i.model_dump() for i in case.collection_incidents] + [incident.model_dump()]
            )
            if error is not None:
                show_problems(problems_from_validation(error, lang()))
            else:
                update_case(updated)
                session_set(keys.INCIDENT_FORM_N, session_get(keys.INCIDENT_FORM_N, 0) + 1)
                flash("success", _("legal.conduct.saved"))
                st.rerun()

# --- evidence -------------------------------------------------------------------------------
with evidence_tab:
    st.header(_("legal.evidence_heading"))
    st.caption(_("legal.evidence_hint"))
    ticks = {}
    for item in legal.EVIDENCE_ITEMS:
        key = legal.evidence_key(item)
        ticks[key] = st.checkbox(
            _(f"legal.evidence.{item}"),
            value=bool(case.checklist.get(key)),
            key=f"ev_{item}_{rev()}",
            disabled=is_read_only(),
        )
    done = sum(ticks.values())
    st.progress(
        done / len(legal.EVIDENCE_ITEMS), text=_("legal.evidence_progress", done=done, total=len(legal.EVIDENCE_ITEMS))
    )
    if any(bool(case.checklist.get(k)) != v for k, v in ticks.items()):
        updated, _err = apply_update(case, checklist={**case.checklist, **ticks})
        if updated is not None:
            update_case(updated)
            case = updated
    if case.debts:
        st.header(_("legal.pack_heading"))
        st.caption(_("legal.pack_hint"))
        pack_debt = pick_debt(st, _("legal.pack_pick"), case, linked, key=f"pack_debt_{rev()}")
        pack = legal.evidence_pack(case, pack_debt, lang()).encode("utf-8")
        pack_file = f"evidence-{debt_numbers(case.debts)[pack_debt]}.md"
        download_button(
            Download(_("legal.pack_download"), pack, pack_file, "text/markdown; charset=utf-8", "legal_pack_dl")
        )

# --- court costs ----------------------------------------------------------------------------
with court_tab:
    st.header(_("legal.court.heading"))
    st.caption(_("legal.court.intro"))
    default_amount = (
        float((case.debt(linked) or (case.debts[0] if case.debts else None)).total_owed) if case.debts else 10000.0
    )
    a, b = st.columns(2)
    # Emptied, the amount is empty (the estimate's check names it) and an emptied lawyer's fee is none.
    amount = clearable.number(
        a,
        _("legal.court.amount"),
        max(default_amount, 1.0),
        **money_field(1000.0),
        help=_("legal.court.amount_help"),
        key=f"court_amount_{rev()}",
        disabled=is_read_only(),
    )
    procedure = b.selectbox(
        _("legal.court.procedure_label"),
        [p.value for p in legal.Procedure],
        format_func=lambda v: _(f"legal.court.procedure.{v}"),
        key="court_procedure",
        disabled=is_read_only(),
    )
    lawyer = clearable.number(
        a,
        _("legal.court.lawyer_fee"),
        0.0,
        **money_field(500.0),
        help=_("legal.court.lawyer_fee_help"),
        key="court_lawyer",
        disabled=is_read_only(),
    )
    query, problems = legal.parse_input(
        {
            "amount": repr(amount) if amount is not None else None,
            "procedure": procedure,
            "lawyer_fee": repr(lawyer or 0.0),
        },
        lang(),
    )
    if problems:
        show_problems(problems)
    else:
        result = legal.estimate(query.amount, query.procedure, query.lawyer_fee, case.settings.rules)
        m1, m2, m3 = st.columns(3)
        m1.metric(_("legal.court.fee"), fmt_money(result.court_fee))
        m2.metric(_("legal.court.total"), fmt_money(result.total))
        m3.metric(_("legal.court.share"), fmt_pct(result.share_of_amount))
        st.caption(_("format.label_value", label=_("legal.source_label"), value=_(COURT_FEE_SOURCE_KEY)))
        if query.procedure != legal.Procedure.ORDINARY:
            rule_key = (
                "court_fee_payment_order_factor"
                if query.procedure == legal.Procedure.PAYMENT_ORDER
                else "court_fee_simple_factor"
            )
            st.caption(_("format.label_value", label=_("legal.source_label"), value=_(f"rule_source.{rule_key}")))

# --- help lines and the time limit -----------------------------------------------------------
with help_tab:
    st.header(_("legal.help_heading"))
    st.caption(_("legal.help_hint"))
    st.markdown(
        "\n".join(
            f"- **{number}**" + _("format.label_value", label="", value=_(key))
            for number, key in legal.help_line_keys()
        )
    )
    st.info(_("legal.private_sites"), icon=":material/campaign:")
    st.header(_("legal.limitation_heading"))
    st.markdown(_("legal.limitation_text", **legal.limitation_note_params(case)))
    st.caption(_("format.label_value", label=_("legal.source_label"), value=_("rule_source.limitation_years")))
