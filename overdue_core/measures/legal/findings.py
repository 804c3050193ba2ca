"""Legal checks a person can bring to a lawyer: the true cost against the lines, and collection conduct.

Why: "is this legal?" is the question behind most calls to a debt counselor. We do not answer
it — only a lawyer or a court can — but we can line the facts up against the rules that apply,
each with its source: the all-in APR (every fee, on the money actually received) against the
lines for that kind of lender, interest taken up front, fees beyond the stated rate, money
taken without consent, and collection contacts against the conduct rules, with the channel
that handles each complaint. Every figure comes from :mod:`overdue_core.rules`.

Which APR form is compared: the nominal one (12 × monthly IRR), the simple annual rate that
courts and the rate lines are expressed in; the effective (compounded) form is shown beside it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from overdue_core.case.models import Case, CollectionIncident, Debt, mask_identifier
from overdue_core.case.money import fmt_money, fmt_pct
from overdue_core.i18n import Translator
from overdue_core.plan.apr import Apr, contract_flows, debt_true_apr, due_mismatch, kept_at_payout, rate_blocked
from overdue_core.rate_lines import RateLine, is_private_lender, lender_lines
from overdue_core.rules import HELP_LINES, PRIVATE_LENDING_LPR_FROM, LineRange, lpr_on, rule_value
from overdue_core.user_text import md_escape

#: A stated rate and the all-in APR may differ by rounding; a gap above this is a real fee.
FEE_GAP_TOLERANCE = 0.001

# --- per-debt checks ---------------------------------------------------------------------


@dataclass(frozen=True)
class Finding:
    """One check result: a catalog message, how serious, and the rules and sources behind it.

    ``level``: "ok" (within every line that applies), "note" (worth knowing), "alert" (a rule
    appears to be broken: take it to a lawyer or a complaint line).
    """

    code: str
    level: str
    params: dict[str, str] = field(default_factory=dict)
    rule_keys: tuple[str, ...] = ()
    source_keys: tuple[str, ...] = ()

    @property
    def message_key(self) -> str:
        return f"legal.check.{self.code}"

    def all_source_keys(self) -> list[str]:
        """Catalog keys of every source to show: the rules' sources, then the other texts."""
        return [f"rule_source.{key}" for key in self.rule_keys] + list(self.source_keys)


def apr_lines(debt: Debt, overrides: dict[str, Decimal] | None = None) -> list[RateLine]:
    """The rate lines that apply to this lender (``rate_lines.lender_lines``), lowest first."""
    return lender_lines(debt, overrides).lowest_first


def line_text(line: LineRange) -> str:
    """A line as a person reads it: "15.40%", or "12.00%–17.00%" while the date decides it."""
    return fmt_pct(line.high) if line.known else f"{fmt_pct(line.low)}–{fmt_pct(line.high)}"


def _date_params(line: LineRange) -> dict[str, str]:
    return {"line": line_text(line), "low": fmt_pct(line.low), "high": fmt_pct(line.high)}


def apr_finding(debt: Debt, apr: Apr | None, overrides: dict[str, Decimal] | None = None) -> Finding:
    """The all-in APR against the highest line it crosses (or 'within every line').

    A line the contract date decides and the date is not entered: a rate between its lowest and
    highest values is "depends" — said so, with both values, and the date asked for.
    """
    if rate_blocked(debt) == "terms_needed":
        return Finding("apr_needs_terms", "note")
    if apr is None:
        return Finding("apr_unknown", "note")
    lines = apr_lines(debt, overrides)
    rule_keys = tuple(key for line in lines for key in line.rule_keys)
    params = {"nominal": fmt_pct(apr.nominal), "effective": fmt_pct(apr.effective), "stated": fmt_pct(debt.annual_rate)}
    crossed = [line for line in lines if line.line.status(apr.nominal) == "above"]
    if crossed:
        top = crossed[-1]
        return Finding(f"apr_above_{top.code}", "alert", {**params, **_date_params(top.line)}, rule_keys)
    depends = [line for line in lines if line.line.status(apr.nominal) == "depends"]
    if depends:
        return Finding(f"apr_depends_{depends[0].code}", "note", {**params, **_date_params(depends[0].line)}, rule_keys)
    return Finding("apr_within", "ok", {**params, "line": line_text(lines[0].line)}, rule_keys)


def penalty_finding(debt: Debt, overrides: dict[str, Decimal] | None = None) -> Finding | None:
    """Overdue interest plus penalties are capped too (private: 4 × LPR on the contract date;
    financial loans: the 24 % reference)."""
    if debt.penalty_rate <= 0:
        return None
    penalty = lender_lines(debt, overrides).penalty
    line, keys = penalty.line, penalty.rule_keys
    status = line.status(debt.penalty_rate)
    if status == "within":
        return None
    code = "penalty_above_line" if status == "above" else "penalty_depends_on_date"
    return Finding(
        code,
        "alert" if status == "above" else "note",
        {"penalty": fmt_pct(debt.penalty_rate), **_date_params(line)},
        keys,
    )


def private_line_finding(debt: Debt, overrides: dict[str, Decimal] | None = None) -> Finding | None:
    """Which 4 × LPR line holds a private or unlicensed loan, and why: the contract date decides it
    (Art. 25), a contract before 2020-08-20 is judged by the line when a suit is filed (Art. 31),
    and a missing date is asked for with the lowest and highest lines it could be."""
    lines = lender_lines(debt, overrides)
    if not lines.private:
        return None
    line = lines.by_code("private_cap").line
    params = _date_params(line)
    if line.basis == "contract_date":
        assert line.lpr_date is not None
        params |= {"date": line.lpr_date.isoformat(), "lpr": fmt_pct(lpr_on(line.lpr_date, overrides))}
    elif line.basis == "filing":
        params |= {
            "date": debt.contract_date.isoformat() if debt.contract_date else "",
            "from": PRIVATE_LENDING_LPR_FROM.isoformat(),
        }
    # One source: the LPR series and the articles that choose its date (the APR check above names the rules).
    return Finding(f"private_line_{line.basis}", "note", params, source_keys=("legal.source.lpr_history",))


def payout_figures(debt: Debt) -> tuple[Decimal, Decimal, Decimal]:
    """(principal of the contract, cash received at payout, money kept back): over the whole contract.

    A loan part repaid is rebuilt from its first installment (``original_terms``), so cash
    received is compared with the principal lent, not with today's balance.
    """
    flows = contract_flows(debt)
    kept = kept_at_payout(debt)
    if flows is not None:
        return flows.principal, flows.received, kept
    return debt.balance, debt.balance - kept, kept


def upfront_finding(debt: Debt) -> Finding | None:
    """砍头息: money kept at payout. The loan counts as what was received (Civil Code Art. 670)."""
    principal, received, kept = payout_figures(debt)
    if kept <= 0:
        return None
    return Finding(
        "interest_upfront",
        "alert",
        {"kept": fmt_money(kept), "received": fmt_money(received), "balance": fmt_money(principal)},
        source_keys=("legal.source.civil_code_670",),
    )


def fee_gap_finding(debt: Debt, apr: Apr | None) -> Finding | None:
    """Fees on top of the stated rate: the annualised cost must include every fee (PBOC 〔2021〕 No. 3)."""
    if apr is None:
        return None
    has_fees = debt.monthly_fee > 0 or kept_at_payout(debt) > 0
    if has_fees and apr.nominal - float(debt.annual_rate) > FEE_GAP_TOLERANCE:
        return Finding(
            "fees_beyond_rate",
            "alert",
            {
                "stated": fmt_pct(debt.annual_rate),
                "nominal": fmt_pct(apr.nominal),
                "monthly_fee": fmt_money(debt.monthly_fee),
            },
            source_keys=("legal.source.pboc_2021_3",),
        )
    return None


def due_mismatch_finding(debt: Debt) -> Finding | None:
    """A stated due that balance, rate and terms do not give: trusted, and the rate it implies shown."""
    mismatch = due_mismatch(debt)
    if mismatch is None:
        return None
    params = {"stated": fmt_money(mismatch.stated), "computed": fmt_money(mismatch.computed)}
    if mismatch.implied_rate is None:
        return Finding("due_too_small", "note", params)
    return Finding(
        "due_mismatch", "note", {**params, "implied": fmt_pct(mismatch.implied_rate), "rate": fmt_pct(debt.annual_rate)}
    )


@dataclass(frozen=True)
class LineStatus:
    """One legal line for one debt: its value and whether the true APR is ``within`` or ``above`` it."""

    code: str
    value: Decimal
    status: str
    #: The lowest value the line may have (below ``value`` while the contract date is unknown).
    low: Decimal | None = None

    @property
    def value_text(self) -> str:
        return line_text(LineRange(self.value if self.low is None else self.low, self.value, "fixed"))


def line_statuses(debt: Debt, apr: Apr | None, overrides: dict[str, Decimal] | None = None) -> list[LineStatus]:
    """Every line that applies to the lender, lowest first: ``within``, ``above``, ``depends`` (on
    a contract date not entered) or ``unknown`` (the entries give no rate yet: ``plan.apr.rate_blocked``). An APR
    that cannot be computed because fees take all the cash counts as above every line, as in the score."""
    blocked = rate_blocked(debt) is not None
    return [
        LineStatus(
            line.code,
            line.line.high,
            "unknown" if blocked else line.line.status(None if apr is None else apr.nominal),
            line.line.low,
        )
        for line in apr_lines(debt, overrides)
    ]


def forced_deduction_finding(case: Case, debt: Debt) -> Finding | None:
    """Money taken without consent, as recorded in the collection incidents for this debt."""
    count = sum(1 for incident in incidents_for(case, debt.id) if "forced_deduction" in incident.kinds)
    if count:
        return Finding(
            "forced_deduction",
            "alert",
            {"count": str(count)},
            source_keys=(INCIDENT_KINDS["forced_deduction"].source_key,),
        )
    return None


def debt_checks(case: Case, debt: Debt) -> list[Finding]:
    """Every check for one debt, most important first; the APR check is always there."""
    overrides = case.settings.rules
    apr = debt_true_apr(debt)
    found = [apr_finding(debt, apr, overrides)]
    for item in (
        private_line_finding(debt, overrides),
        upfront_finding(debt),
        fee_gap_finding(debt, apr),
        due_mismatch_finding(debt),
        penalty_finding(debt, overrides),
        forced_deduction_finding(case, debt),
    ):
        if item is not None:
            found.append(item)
    return found


# --- collection conduct ------------------------------------------------------------------


@dataclass(frozen=True)
class IncidentKind:
    """A kind of collection conduct, the rule it breaks and who takes the complaint."""

    code: str
    source_key: str
    channels: tuple[str, ...]
    rule_keys: tuple[str, ...] = ()


#: Every kind of incident a person can record (codes are stored in case files: never rename).
INCIDENT_KINDS: dict[str, IncidentKind] = {
    k.code: k
    for k in [
        IncidentKind(
            "night_call",
            "rule_source.collection_quiet_start_hour",
            ("12378", "12363"),
            ("collection_quiet_start_hour", "collection_quiet_end_hour"),
        ),
        IncidentKind(
            "too_many_calls",
            "rule_source.collection_max_calls_per_day",
            ("12378", "12363"),
            ("collection_max_calls_per_day",),
        ),
        IncidentKind("contacted_relatives", "legal.source.third_parties", ("12378", "12363")),
        IncidentKind("contacted_contacts", "legal.source.third_parties", ("12378", "12363")),
        IncidentKind("threat_violence", "legal.source.criminal_293_1", ("110",)),
        IncidentKind("threat_lawsuit_false", "legal.source.false_threats", ("12378", "12363")),
        IncidentKind("insult", "legal.source.insults", ("12378", "12363")),
        IncidentKind("impersonate_official", "legal.source.impersonation", ("110", "12378")),
        IncidentKind("forced_deduction", "legal.source.forced_deduction", ("12363", "12378")),
    ]
}


@dataclass(frozen=True)
class ConductFlag:
    """One broken rule in one recorded incident; ``detected`` when read from the time or call count."""

    incident: int  # position in case.collection_incidents
    kind: str
    detected: bool
    source_key: str
    rule_keys: tuple[str, ...]
    channels: tuple[str, ...]


def is_quiet_hours(when: dt.datetime, overrides: dict[str, Decimal] | None = None) -> bool:
    """22:00–08:00 by default: start ≤ hour or hour < end (the window crosses midnight)."""
    start = int(rule_value("collection_quiet_start_hour", overrides))
    end = int(rule_value("collection_quiet_end_hour", overrides))
    minutes = when.hour * 60 + when.minute
    if start > end:
        return minutes >= start * 60 or minutes < end * 60
    return start * 60 <= minutes < end * 60


def incidents_for(case: Case, debt_id: str) -> list[CollectionIncident]:
    return [incident for incident in case.collection_incidents if incident.debt_id == debt_id]


def incident_flags(case: Case, index: int, incident: CollectionIncident) -> list[ConductFlag]:
    """The ticked kinds plus what the time and the number of calls show by themselves."""
    overrides = case.settings.rules
    kinds: list[tuple[str, bool]] = [(k, False) for k in incident.kinds if k in INCIDENT_KINDS]
    ticked = {k for k, _ in kinds}
    if "night_call" not in ticked and is_quiet_hours(incident.when, overrides):
        kinds.append(("night_call", True))
    if "too_many_calls" not in ticked and incident.connected_calls_that_day > rule_value(
        "collection_max_calls_per_day", overrides
    ):
        kinds.append(("too_many_calls", True))
    debt = case.debt(incident.debt_id) if incident.debt_id else None
    unlicensed = debt is not None and is_private_lender(debt)
    flags = []
    for code, detected in kinds:
        spec = INCIDENT_KINDS[code]
        channels = spec.channels
        if unlicensed and "110" not in channels:
            channels = channels + ("110",)  # regulators do not supervise unlicensed lenders
        flags.append(ConductFlag(index, code, detected, spec.source_key, spec.rule_keys, channels))
    return flags


def conduct_flags(case: Case, debt_id: str | None = None) -> list[ConductFlag]:
    """Flags of every recorded incident (or of one debt's incidents), in the order recorded."""
    out: list[ConductFlag] = []
    for index, incident in enumerate(case.collection_incidents):
        if debt_id is None or incident.debt_id == debt_id:
            out.extend(incident_flags(case, index, incident))
    return out


def help_line_keys() -> list[tuple[str, str]]:
    """(number, catalog key of what it is for) for every help line in the rules."""
    return [(number, f"legal.help_line.{purpose}") for number, purpose, _conf in HELP_LINES]


def help_line_label(number: str, tr: Translator) -> str:
    purpose = next((p for n, p, _c in HELP_LINES if n == number), None)
    return f"{number} · {tr(f'legal.help_line.{purpose}')}" if purpose else number


# --- evidence ----------------------------------------------------------------------------

#: What a lawyer asks for first; ticked items are kept in case.checklist as "evidence_<item>".
EVIDENCE_ITEMS: tuple[str, ...] = (
    "contract",
    "receipts",
    "contact_log",
    "recordings",
    "screenshots",
    "income_proof",
    "credit_report",
)


def evidence_key(item: str) -> str:
    return f"evidence_{item}"


def limitation_note_params(case: Case) -> dict[str, Any]:
    return {"years": f"{rule_value('limitation_years', case.settings.rules).normalize():f}"}


def _one_line(text: str) -> str:
    """User text on one line and inert as Markdown (``overdue_core.user_text.md_escape``), so a
    platform name like ``![x](http://…)`` or ``<script>`` shows as those characters and can
    neither break the pack's structure nor make a Markdown viewer load or link anything."""
    return md_escape(text or "")


def evidence_pack(case: Case, debt_id: str, lang: str, today: dt.date | None = None) -> str:
    """A Markdown file a lawyer can read: one platform's figures, checks, payments and contacts."""
    tr = Translator(lang)
    debt = case.debt(debt_id)
    if debt is None:
        raise KeyError(debt_id)
    today = today or dt.date.today()
    out: list[str] = [f"# {tr('legal.pack.title', platform=_one_line(debt.platform))}", ""]
    out += [
        tr("legal.pack.generated", date=today.isoformat(), as_of=case.as_of.isoformat()),
        "",
        f"> {tr('app.not_advice')}",
        "",
    ]

    out += _pack_figures(debt, tr)

    out += [f"## {tr('legal.pack.checks')}", ""]
    for finding in debt_checks(case, debt):
        out.append(f"- **{tr(f'legal.level.{finding.level}')}** — {tr(finding.message_key, **finding.params)}")
        for key in finding.all_source_keys():
            out.append("  - " + tr("format.label_value", label=tr("legal.source_label"), value=tr(key)))
    out.append("")

    out += [f"## {tr('legal.pack.conduct')}", ""]
    flags = conduct_flags(case, debt_id)
    if not flags:
        out.append(tr("legal.pack.none"))
    for flag in flags:
        incident = case.collection_incidents[flag.incident]
        detected = tr("format.aside", text="", note=tr("legal.conduct.detected")) if flag.detected else ""
        out.append(f"- {incident.when.strftime('%Y-%m-%d %H:%M')} · {tr(f'legal.kind.{flag.kind}')}{detected}")
        out.append("  - " + tr("format.label_value", label=tr("legal.source_label"), value=tr(flag.source_key)))
        out.append(
            "  - "
            + tr(
                "format.label_value",
                label=tr("legal.channels_label"),
                value=tr("format.item_sep").join(help_line_label(n, tr) for n in flag.channels),
            )
        )
        if incident.description:
            out.append(
                "  - "
                + tr("format.label_value", label=tr("legal.pack.description"), value=_one_line(incident.description))
            )
    out.append("")

    out += [f"## {tr('legal.pack.payments')}", ""]
    payments = sorted((p for p in case.payments if p.debt_id == debt_id), key=lambda p: p.month)
    if not payments:
        out.append(tr("legal.pack.none"))
    else:
        out += [f"| {tr('field.month')} | {tr('field.amount')} | {tr('legal.pack.note')} |", "|---|---:|---|"]
        out += [f"| {p.month.strftime('%Y-%m')} | {fmt_money(p.amount)} | {_one_line(p.note)} |" for p in payments]
        total = sum((p.amount for p in payments), Decimal("0.00"))
        out.append(f"| {tr('legal.pack.total')} | {fmt_money(total)} | |")
    out.append("")

    out += _pack_contacts(case, debt_id, tr)

    out += [f"## {tr('legal.pack.evidence')}", ""]
    for item in EVIDENCE_ITEMS:
        mark = "x" if case.checklist.get(evidence_key(item)) else " "
        out.append(f"- [{mark}] {tr(f'legal.evidence.{item}')}")
    out.append("")
    out += [
        f"## {tr('legal.limitation_heading')}",
        "",
        tr("legal.limitation_text", **limitation_note_params(case)),
        tr(
            "format.aside",
            text="",
            note=tr("format.label_value", label=tr("legal.source_label"), value=tr("rule_source.limitation_years")),
        ).strip(),
        "",
    ]
    return "\n".join(out)


def _pack_figures(debt: Debt, tr: Translator) -> list[str]:
    """The evidence pack's table of the debt's figures, its true rate included."""
    out = [f"## {tr('legal.pack.figures')}", ""]
    apr = debt_true_apr(debt)
    rows = [
        (tr("field.platform"), _one_line(debt.platform)),
        (tr("field.account_ref"), mask_identifier(debt.account_ref) or "—"),
        (tr("field.kind"), tr.enum("kind", debt.kind)),
        (tr("field.lender_licensed"), tr("legal.pack.yes") if debt.lender_licensed else tr("legal.pack.no")),
        (tr("field.balance"), fmt_money(debt.balance)),
        (tr("field.overdue_amount"), fmt_money(debt.overdue_amount)),
        (tr("field.days_overdue"), str(debt.days_overdue)),
        (tr("field.annual_rate"), fmt_pct(debt.annual_rate)),
        (tr("field.penalty_rate"), fmt_pct(debt.penalty_rate)),
        (tr("field.remaining_terms"), str(debt.remaining_terms)),
        (tr("field.monthly_due"), fmt_money(debt.monthly_due)),
        (
            tr("field.principal_received"),
            fmt_money(debt.principal_received) if debt.principal_received is not None else "—",
        ),
        (tr("field.upfront_fee"), fmt_money(debt.upfront_fee)),
        (tr("field.monthly_fee"), fmt_money(debt.monthly_fee)),
        (tr("legal.pack.apr_nominal"), fmt_pct(apr.nominal) if apr else "—"),
        (tr("legal.pack.apr_effective"), fmt_pct(apr.effective) if apr else "—"),
    ]
    out += [f"| {tr('legal.pack.item')} | {tr('legal.pack.value')} |", "|---|---|"]
    out += [f"| {label} | {value.replace('|', '/')} |" for label, value in rows]
    out.append("")
    return out


def _pack_contacts(case: Case, debt_id: str, tr: Translator) -> list[str]:
    """The evidence pack's contact log for one platform: when, how, who, and what each side said."""
    out = [f"## {tr('legal.pack.contacts')}", ""]
    from overdue_core.measures.communicate.contacts import (
        contacts_for,  # local: contacts imports nothing from here, kept symmetric
    )

    entries = contacts_for(case, debt_id)
    if not entries:
        out.append(tr("legal.pack.none"))
    for entry in entries:
        out.append(
            f"- {entry.when.strftime('%Y-%m-%d %H:%M')} · {tr.enum('channel', entry.channel)}"
            + (
                " · " + tr("format.label_value", label=tr("field.agent"), value=_one_line(entry.agent))
                if entry.agent
                else ""
            )
        )
        for name in ("said", "i_promised", "they_conceded"):
            text = getattr(entry, name)
            if text:
                out.append("  - " + tr("format.label_value", label=tr(f"field.{name}"), value=_one_line(text)))
        if entry.follow_up:
            out.append(
                "  - " + tr("format.label_value", label=tr("field.follow_up"), value=entry.follow_up.isoformat())
            )
    out.append("")
    return out
