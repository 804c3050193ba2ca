"""The guided debt form: one debt at a time, phone first.

Why: a 13-column table is unusable on a phone and asks for numbers people have to work out. The
guided form asks platform → kind → the few numbers that kind needs, in the words of the bill;
the core does the arithmetic (``overdue_core.entry``). What is typed lives in a draft under our
own session key, copied from the widgets on every run, so a half-filled form survives a page or
language switch (Streamlit drops the widgets' own state when a page is left).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import streamlit as st
from pydantic import ValidationError

from overdue_core.case import Debt, DebtKind, Repayment, fmt_money, problems_from_validation
from overdue_core.entry import (
    FITTING_REPAYMENT,
    OTHER,
    PRESETS,
    USUAL_REPAYMENT,
    Check,
    GuidedDebt,
    RateBasis,
    annual_percent_text,
    check_debt,
    debt_labels,
    exact,
    is_estimate,
    next_debt_id,
    preset_form_values,
)

from ui.state import (
    apply_update,
    get_case,
    keys,
    lang,
    replace_case,
    session_get,
    session_has,
    session_pop,
    session_set,
    tr,
)
from ui.user_text import md_escape

from .figures import count_field, money_field, percent_field

NEW = "__new__"

EMPTY: dict[str, Any] = {
    "editing": None,
    "preset": None,
    "platform": "",
    "kind": None,
    "repayment": None,
    "amount": None,
    "rate": None,
    "rate_basis": RateBasis.ANNUAL.value,
    "terms": None,
    "due": None,
    "overdue": None,
    "days": None,
    "penalty": None,
    "late_fee": None,
    "minimum": None,
    "licensed": True,
    "due_day": None,
    "contract_date": None,
    "original_terms": None,
    "received": None,
    "amount_basis": "remaining",
    "paid_terms": None,
}
FIELDS = [name for name in EMPTY if name != "editing"]


# --- the draft -----------------------------------------------------------------------------
def draft() -> dict[str, Any]:
    if not session_has(keys.DEBT_DRAFT):
        session_set(keys.DEBT_DRAFT, dict(EMPTY))
    return session_get(keys.DEBT_DRAFT)


def _key(name: str) -> str:
    return keys.debt_field(name)


def _seed(name: str) -> str:
    """The widget key, filled from the draft when the widget's own state is gone."""
    key = _key(name)
    if not session_has(key):
        session_set(key, draft()[name])
    return key


def _money_field(label: str, name: str, help_text: str, *, step: float, where: Any = st) -> None:
    """A figure in yuan the guided form reads from its draft: starts empty, never a made-up 0."""
    where.number_input(label, **money_field(step), value=None, key=_seed(name), help=help_text)


def _count_field(label: str, name: str, help_text: str | None, *, low: int, high: int, where: Any = st) -> None:
    """A whole number (installments, a day of the month) the guided form reads from its draft."""
    where.number_input(label, **count_field(low, high), value=None, key=_seed(name), help=help_text)


def _choice(widget: Callable[..., Any], label: str, options: list[str], names: str, name: str, **kwargs: Any) -> None:
    """A required choice (pills, a segmented control) the guided form reads from its draft.

    ``names``: the catalog prefix an option's name is read from (``names`` + the option).
    """
    _ = tr()
    widget(label, options=options, format_func=lambda o: _(f"{names}{o}"), key=_seed(name), required=True, **kwargs)


def _sync_from_widgets() -> None:
    """Copy what the widgets hold into the draft (the draft outlives the widgets)."""
    d = draft()
    for name in FIELDS:
        key = _key(name)
        if session_has(key):
            d[name] = session_get(key)


def set_values(values: dict[str, Any]) -> None:
    """Change draft values and the widgets showing them (only from callbacks, before drawing)."""
    d = draft()
    for name, value in values.items():
        d[name] = value
        if name in FIELDS:
            session_set(_key(name), value)


def reset_draft() -> None:
    session_set(keys.DEBT_DRAFT, dict(EMPTY))
    for name in FIELDS:
        session_pop(_key(name))


# --- callbacks ------------------------------------------------------------------------------
def _on_preset() -> None:
    _ = tr()
    choice = session_get(_key("preset"))
    d = draft()
    d["preset"] = choice
    session_pop(keys.DEBT_NOTICE)  # a new debt begins: the last confirmation is done
    if choice is None:
        return
    # The preset's figures in the form its bill states them (a card's daily rate), from the core.
    changes: dict[str, Any] = preset_form_values(choice) or {
        "kind": d["kind"] or DebtKind.INSTALLMENT_LOAN.value,
        "repayment": USUAL_REPAYMENT[DebtKind(d["kind"] or DebtKind.INSTALLMENT_LOAN)].value,
        "licensed": True,
        "penalty": None,
        "late_fee": None,
        "minimum": None,
        "rate": None,
        "rate_basis": (RateBasis.PER_TERM_FEE if d["kind"] == DebtKind.BNPL.value else RateBasis.ANNUAL).value,
    }
    names = {_(f"preset.name.{key}") for key in PRESETS}
    if not d["platform"] or d["platform"] in names:
        changes["platform"] = "" if choice == OTHER else _(f"preset.name.{choice}")
    set_values(changes)


def _on_kind() -> None:
    kind = session_get(_key("kind"))
    draft()["kind"] = kind
    if kind:
        set_values({"repayment": USUAL_REPAYMENT[DebtKind(kind)].value})


def _on_cancel() -> None:
    reset_draft()
    session_pop(keys.DEBT_NOTICE)


def _on_save() -> None:
    _sync_from_widgets()
    _ = tr()
    d = draft()
    anchor = d["editing"] or NEW
    case = get_case()
    if case is None:
        return
    guided, problems = build_guided(d)
    debt: Debt | None = None
    if guided is not None:
        debt_id = d["editing"] or next_debt_id(x.id for x in case.debts)
        # A changed debt keeps what the form does not show (fees, notes, account number).
        stored = case.debt(debt_id)
        data = {**(stored.model_dump() if stored else {}), **guided.to_debt_data(debt_id)}
        try:
            debt = Debt.model_validate(data)
        except ValidationError as exc:
            problems = [str(p) for p in problems_from_validation(exc, lang())]
    if debt is None:
        session_set(keys.DEBT_NOTICE, (anchor, "error", problems))
        return
    debts = [x.model_dump() for x in case.debts]
    position = next((i for i, x in enumerate(case.debts) if x.id == debt.id), None)
    if position is None:
        debts.append(debt.model_dump())
    else:
        debts[position] = debt.model_dump()
    updated, error = apply_update(case, debts=debts)
    if error is not None:
        session_set(keys.DEBT_NOTICE, (anchor, "error", [str(p) for p in problems_from_validation(error, lang())]))
        return
    replace_case(updated)
    name = debt_labels(updated.debts)[debt.id]
    reset_draft()
    # An edit is confirmed under the cards (its form closes); a new debt under the add form.
    where = "cards" if anchor != NEW else NEW
    session_set(
        keys.DEBT_NOTICE,
        (where, "success", [_("guided.updated" if anchor != NEW else "guided.saved", name=md_escape(name))]),
    )


# --- from the draft to the core ------------------------------------------------------------
def _needs_rate(kind: str | None, repayment: str | None) -> bool:
    return not (kind == DebtKind.BNPL.value and repayment == Repayment.BULLET.value)


def _needs_terms(kind: str | None, repayment: str | None) -> bool:
    return repayment not in (Repayment.MINIMUM_PAYMENT.value, None) and not (
        kind == DebtKind.BNPL.value and repayment == Repayment.BULLET.value
    )


def _by_contract_possible(kind: str | None, repayment: str | None) -> bool:
    """A loan with a schedule can be entered as its contract reads (borrowed, length, paid)."""
    return kind not in (DebtKind.CREDIT_CARD.value, None) and _needs_terms(kind, repayment)


def _penalty_multiple(d: dict[str, Any]) -> Decimal | None:
    preset = PRESETS.get(d["preset"] or "")
    return preset.penalty_multiple.value if preset is not None and preset.penalty_multiple is not None else None


def guided_input(d: dict[str, Any]) -> dict[str, Any]:
    """The draft as the core's ``GuidedDebt`` input (fields the kind does not use are zero)."""
    kind, repayment = d["kind"], d["repayment"]
    data: dict[str, Any] = {
        "platform": d["platform"] or "",
        "kind": kind,
        "repayment": repayment,
        "amount": exact(d["amount"]) or Decimal(0),
        "due": exact(d["due"]),
        "overdue": exact(d["overdue"]) or Decimal(0),
        "days_overdue": int(d["days"] or 0),
        "penalty_percent": exact(d["penalty"]) or Decimal(0),
        "late_fee_percent": exact(d["late_fee"]) or Decimal(0),
        "penalty_rate_multiple": _penalty_multiple(d) if d["penalty"] is None else None,
        "minimum_percent": exact(d["minimum"]),
        "lender_licensed": bool(d["licensed"]),
        "rate_basis": d["rate_basis"] or RateBasis.ANNUAL.value,
        "rate_percent": (exact(d["rate"]) or Decimal(0)) if _needs_rate(kind, repayment) else Decimal(0),
        "terms": int(d["terms"] or 0) if _needs_terms(kind, repayment) else 0,
        "due_day": d["due_day"],
        "contract_date": d["contract_date"],
        "original_terms": d["original_terms"] if _needs_terms(kind, repayment) else None,
        "amount_basis": d["amount_basis"] if _by_contract_possible(kind, repayment) else "remaining",
        "paid_terms": int(d["paid_terms"] or 0),
        "principal_received": exact(d["received"]) if kind != DebtKind.CREDIT_CARD.value else None,
    }
    return data


def build_guided(d: dict[str, Any]) -> tuple[GuidedDebt | None, list[str]]:
    try:
        return GuidedDebt.model_validate(guided_input(d)), []
    except ValidationError as exc:
        return None, [str(p) for p in problems_from_validation(exc, lang())]


def check_text(check: Check) -> str:
    """A plausibility warning as a sentence (enum values shown by their labels)."""
    _ = tr()
    params = dict(check.params)
    for name, group in (("kind", "kind"), ("repayment", "repayment"), ("usual", "repayment")):
        if name in params:
            params[name] = _(f"enum.{group}.{params[name]}")
    return _(check.message_key, **params)


def _warn(checks: list[Check], field: str) -> None:
    for check in checks:
        if check.field == field:
            st.warning(check_text(check), icon=":material/help:")


def show_notice(anchor: str) -> None:
    item = session_get(keys.DEBT_NOTICE)
    if not item or item[0] != anchor:
        return
    _ = tr()
    _where, kind, lines = item
    if kind == "success":
        st.success(lines[0], icon=":material/check_circle:")
        st.page_link("pages/overview.py", label=_("guided.next_overview"), icon=":material/arrow_forward:")
    else:
        st.warning(_("guided.not_saved"), icon=":material/edit_off:")
        for line in lines:
            st.text(f"• {line}")


# --- drawing --------------------------------------------------------------------------------
def _draw_amount(kind: str, repayment: str | None, checks: list[Check]) -> bool:
    """The amount (still owed, or borrowed when the contract is the easier figure); whether by contract."""
    _ = tr()
    amount_key = "card" if kind == DebtKind.CREDIT_CARD.value else ("bnpl" if kind == DebtKind.BNPL.value else "loan")
    by_contract = False
    if _by_contract_possible(kind, repayment):
        _choice(
            st.segmented_control,
            _("guided.amount_basis"),
            ["remaining", "borrowed"],
            "guided.amount_basis_",
            "amount_basis",
        )
        by_contract = session_get(_key("amount_basis")) == "borrowed"
    label = "guided.amount_borrowed" if by_contract else f"guided.amount_{amount_key}"
    _money_field(_(label), "amount", _(f"{label}_help"), step=100.0)
    _warn(checks, "balance")
    return by_contract


def _draw_rate(preview_guided: GuidedDebt | None, checks: list[Check]) -> None:
    """The rate as the bill states it, and what it is a year."""
    _ = tr()
    _choice(st.segmented_control, _("guided.rate_basis"), [b.value for b in RateBasis], "guided.basis.", "rate_basis")
    st.number_input(
        _("guided.rate"),
        min_value=0.0,
        max_value=1000.0,
        step=0.01,
        format="%.4f",
        value=None,
        key=_seed("rate"),
        help=_("guided.rate_help"),
    )
    if preview_guided is not None and preview_guided.rate_percent > 0:
        annual = preview_guided.annual_rate
        if annual is None:
            st.caption(_("guided.fee_needs_terms"))
        elif preview_guided.rate_basis is RateBasis.PER_TERM_FEE:
            st.caption(
                _(
                    "guided.annual_fee_is",
                    fee=f"{preview_guided.rate_percent.normalize():f}%",
                    rate=annual_percent_text(annual),
                )
            )
        else:
            st.caption(_("guided.annual_is", rate=annual_percent_text(annual)))
    _warn(checks, "annual_rate")


def _draw_terms_and_due(
    d: dict[str, Any],
    kind: str,
    repayment: str | None,
    by_contract: bool,
    preview_guided: GuidedDebt | None,
    checks: list[Check],
) -> None:
    """The terms (total and paid, or left) and this month's due, with what the core works out."""
    _ = tr()
    is_card = kind == DebtKind.CREDIT_CARD.value
    if by_contract:
        c1, c2 = st.columns(2)
        _count_field(_("guided.terms_total"), "terms", None, low=0, high=600, where=c1)
        _count_field(_("guided.paid_terms"), "paid_terms", _("guided.paid_terms_help"), low=0, high=600, where=c2)
        if preview_guided is not None and preview_guided.terms:
            st.caption(
                _(
                    "guided.by_contract_result",
                    balance=fmt_money(preview_guided.balance),
                    terms=preview_guided.terms_left,
                )
            )
    elif _needs_terms(kind, repayment):
        _count_field(_("guided.terms"), "terms", _("guided.terms_help"), low=0, high=600)
    if is_card:
        percent = f"{Decimal(str(d['minimum'])).normalize():f}%" if d["minimum"] is not None else "10%"
        _money_field(_("guided.due_card"), "due", _("guided.due_card_help", percent=percent), step=10.0)
    else:
        _money_field(_("guided.due"), "due", _("guided.due_help"), step=10.0)
    computed = preview_guided.computed_due() if preview_guided is not None else None
    if computed is not None and computed > 0:
        st.caption(_("guided.due_card_estimate" if is_card else "guided.due_computed", amount=fmt_money(computed)))
    elif not is_card:
        st.caption(_("guided.due_computed_none"))
    _warn(checks, "monthly_due")
    # The due day sits with the monthly due: reminders and the day to call are built from it.
    _count_field(_("guided.due_day"), "due_day", _("guided.due_day_help"), low=1, high=31)


def _draw_overdue(kind: str) -> None:
    """How much is overdue and for how many days, in the words of this kind of bill."""
    _ = tr()
    c1, c2 = st.columns(2)
    overdue_key = "card" if kind == DebtKind.CREDIT_CARD.value else ("bnpl" if kind == DebtKind.BNPL.value else "")
    _money_field(
        _(f"guided.overdue_{overdue_key}" if overdue_key else "guided.overdue"),
        "overdue",
        _("guided.overdue_bnpl_help" if overdue_key == "bnpl" else "guided.overdue_help"),
        step=10.0,
        where=c1,
    )
    _count_field(_("guided.days"), "days", _("guided.days_help"), low=0, high=3650, where=c2)


def _preview(d: dict[str, Any], today: dt.date) -> tuple[GuidedDebt | None, list[Check]]:
    """The form's input so far and the plausibility warnings of the debt it would make."""
    preview_guided, _problems = build_guided(d)
    preview: Debt | None = None
    if preview_guided is not None:
        try:
            preview = Debt.model_validate(preview_guided.to_debt_data("preview"))
        except ValidationError:
            preview = None
    return preview_guided, (check_debt(preview, today) if preview is not None else [])


def draw_form(today: dt.date, anchor: str = NEW) -> None:
    """The guided form for a new debt (``anchor`` NEW) or for the debt being changed."""
    _ = tr()
    _sync_from_widgets()
    d = draft()
    editing = d["editing"]
    if anchor == NEW:
        st.header(_("guided.add_heading"))
        _choice(st.pills, _("guided.step_platform"), [*PRESETS, OTHER], "preset.name.", "preset", on_change=_on_preset)
        if d["preset"] is None and d["kind"] is None:
            show_notice(anchor)
            return
    _choice(st.pills, _("guided.step_kind"), [k.value for k in DebtKind], "enum.kind.", "kind", on_change=_on_kind)
    _sync_from_widgets()
    kind = d["kind"]
    if kind is None:
        return
    preview_guided, checks = _preview(d, today)
    st.markdown(f"**{_('guided.step_numbers')}**")
    st.text_input(_("guided.platform_name"), key=_seed("platform"), max_chars=80)
    usual = USUAL_REPAYMENT[DebtKind(kind)]
    options = sorted(
        (r.value for r in Repayment if r in FITTING_REPAYMENT[DebtKind(kind)]), key=lambda r: r != usual.value
    )
    if d["repayment"] not in options:
        options.append(d["repayment"]) if d["repayment"] else None
    _choice(st.pills, _("guided.repayment"), options, "enum.repayment.", "repayment")
    _warn(checks, "repayment")
    repayment = session_get(_key("repayment"))
    by_contract = _draw_amount(kind, repayment, checks)
    if _needs_rate(kind, repayment):
        _draw_rate(preview_guided, checks)
    _draw_terms_and_due(d, kind, repayment, by_contract, preview_guided, checks)
    _draw_overdue(kind)
    _draw_more(kind)
    _draw_contract(kind, repayment, checks, today)
    label = _("guided.save_edit") if editing else _("guided.save")
    with st.container(horizontal=True):  # side by side on a phone too
        st.button(label, type="primary", icon=":material/save:", on_click=_on_save, key=f"save_{anchor}")
        if editing or d["preset"] is not None:
            st.button(_("guided.cancel"), on_click=_on_cancel, key=f"cancel_{anchor}")
    show_notice(anchor)


def _draw_more(kind: str) -> None:
    """Overdue rate, late fee, minimum share and licence: preset-filled, each with its source."""
    _ = tr()
    d = draft()
    preset = PRESETS.get(d["preset"] or "")
    with st.expander(_("guided.more"), icon=":material/tune:"):
        for name, figure_name, label, max_value in (
            ("penalty", "penalty_rate", "guided.penalty", 1000.0),
            ("late_fee", "late_fee_rate", "guided.late_fee", 100.0),
            ("minimum", "minimum_percent", "guided.minimum", 100.0),
        ):
            if name == "minimum" and kind != DebtKind.CREDIT_CARD.value:
                continue
            st.number_input(_(label), **percent_field(max_value, 0.01), value=None, key=_seed(name))
            if preset is None:
                continue
            figure = preset.figures.get(figure_name)
            if figure is not None:
                st.caption(
                    _(
                        "guided.preset_source",
                        value=annual_percent_text(figure.value)
                        + (_("preset.rules.estimate") if is_estimate(figure) else ""),
                        confidence=_(f"rules_page.confidence.{figure.source.confidence}"),
                        as_of=figure.source.as_of.isoformat(),
                    )
                )
                st.caption(_(figure.source.text_key))
            elif figure_name == "penalty_rate" and preset.penalty_multiple is not None:
                st.caption(_("preset.rules.penalty_multiple", value=f"{preset.penalty_multiple.value.normalize():f}"))
                st.caption(_(preset.penalty_multiple.source.text_key))
            elif figure_name in preset.missing:
                st.caption(_(preset.missing[figure_name]))
        st.checkbox(_("guided.licensed"), key=_seed("licensed"))


def _draw_contract(kind: str, repayment: str | None, checks: list[Check], today) -> None:
    """Contract date, whole length and cash received: optional, each saying what it decides.

    Open by itself when a figure here is needed (a loan part repaid without its length).
    """
    _ = tr()
    needed = any(check.field in ("original_terms", "contract_date") for check in checks)
    with st.expander(_("guided.contract"), icon=":material/description:", expanded=needed):
        st.date_input(
            _("guided.contract_date"),
            value=None,
            min_value=dt.date(2000, 1, 1),
            max_value=max(today, dt.date(2000, 1, 1)),
            key=_seed("contract_date"),
            help=_("guided.contract_date_help"),
            format="YYYY-MM-DD",
        )
        _warn(checks, "contract_date")
        if _needs_terms(kind, repayment) and draft()["amount_basis"] != "borrowed":
            _count_field(_("guided.original_terms"), "original_terms", _("guided.original_terms_help"), low=1, high=600)
            _warn(checks, "original_terms")
        if kind != DebtKind.CREDIT_CARD.value:
            _money_field(_("guided.principal_received"), "received", _("guided.principal_received_help"), step=100.0)
