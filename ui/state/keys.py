"""Every key this app keeps in Streamlit's session state, named once.

Why: session state is one dict shared by every module of a session. A key written in one file
and read, misspelt, in another fails silently (a form that forgets, a notice that never shows);
two ideas choosing the same name overwrite each other. Keys that depend on the case's revision
(``rev``) are functions, so a whole new case starts its widgets afresh.
"""

from __future__ import annotations

# --- the case and the language (ui.state.session) ---------------------------------------------
CASE = "case"
REV = "case_rev"
#: Which case this is: changes whenever another case is opened (demo, file, new, cleared), not
#: on edits. A saved case's link remembers it, so it is never used to save a different case.
ORIGIN = "case_origin"
LANG = "lang"
FLASH = "flash"
LIVE = "_live_box"
#: The sidebar's language switch (re-set to the language on every run).
LANG_CHOICE = "lang_choice"
#: The page the app's root shows, decided once a session (see ui.nav.LANDING_PATH).
LANDING = "_landing"
#: A demo named in the link (?demo=…) opens once per session.
DEMO_FROM_URL_DONE = "_demo_from_url_done"

# --- drafts: what is typed but not saved (ui.state.drafts) --------------------------------------
DRAFTS = "drafts"
DRAFT_WIDGET_PREFIX = "draft__"

# --- a saved case's link (ui.state.share) -------------------------------------------------------
SHARE = "share_session"
SHARE_OPENED = "_share_link_opened"
#: Set once a counselor link was opened in this session: such a session never saves a case.
SHARE_COUNSELOR = "_share_counselor"
#: Why the last link of this session ended ("revoked", "expired", "unknown"): shown once.
SHARE_ENDED = "_share_ended"
#: The edit link of the saved case this tab let go of when another case was opened (for the way back).
SHARE_DETACHED = "_share_detached"
#: Set when that happened, until the notice has been shown once.
SHARE_DETACHED_NOTICE = "_share_detached_notice"

# --- the copy in this browser (ui.state.browser_copy) -------------------------------------------
BROWSER_KEEP = "_browser_keep"
BROWSER_BOOTED = "_browser_booted"
BROWSER_SEQ = "_browser_seq"
BROWSER_LAST = "_browser_last"
BROWSER_URL_DEMO = "_browser_url_demo"
BROWSER_MEMO = "_browser_memo"
#: One-shot messages to the script: forget the device copy; this tab chose it again; remove it.
BROWSER_FORGET = "_browser_forget"
BROWSER_ADOPT = "_browser_adopt"
BROWSER_CLEAR = "_browser_clear"
BROWSER_COMPONENT = "browser_copy"

# --- Start page ---------------------------------------------------------------------------------
#: (demo id, case revision) of the demo this page just opened, while that very case is open.
DEMO_OPENED = "_demo_opened"
CASE_UPLOAD = "case_upload"
UPLOAD_PROBLEMS = "_upload_problems"
KEEP_MODE = "keep_mode"
CONFIRM_NEW = "confirm_new"
CONFIRM_CLEAR = "confirm_clear"

# --- the guided debt form and its cards (ui.widgets.debt_form, ui.widgets.debt_cards) ------------
DEBT_DRAFT = "_debt_draft"
DEBT_NOTICE = "_debt_notice"
DEBT_CONFIRM_DELETE = "_debt_confirm_delete"
#: The guided form's widgets: this prefix and the field's name.
DEBT_FIELD_PREFIX = "gd_"


def debt_field(name: str) -> str:
    """The guided form's widget for one field."""
    return DEBT_FIELD_PREFIX + name


# --- income and spending one at a time (ui.widgets.money_form) ----------------------------------
MONEY_NOTICE = "_money_entry_notice"


def money_field(kind: str, name: str, rev: int) -> str:
    """The money form's widget for one field of an income or a spending item."""
    return f"me_{kind}_{name}_{rev}"


# --- editable tables (ui.widgets.editable_tables) -----------------------------------------------
def table_unsaved(name: str, rev: int) -> str:
    """The rows of a table that cannot be saved yet, kept as typed."""
    return f"_unsaved_{name}_{rev}"


def table_redraws(name: str, rev: int) -> str:
    """How often a table was drawn afresh (a new widget key each time)."""
    return f"_redraws_{name}_{rev}"


def table_base(name: str, rev: int) -> str:
    """The frame a table's editor starts from."""
    return f"_base_{name}_{rev}"


def table_widget(name: str, rev: int, redraws: int) -> str:
    """The data editor's own widget key."""
    return f"editor_{name}_{rev}" + (f"_{redraws}" if redraws else "")


# --- Plan page ----------------------------------------------------------------------------------
def plan_budget(rev: int) -> str:
    return f"plan_budget_{rev}"


def plan_strategy(rev: int) -> str:
    return f"plan_strategy_{rev}"


def plan_order(rev: int) -> str:
    return f"plan_order_{rev}"


def plan_what_if(name: str, rev: int) -> str:
    """A what-if's widget (``drop``, ``lump``, ``extra`` and their ``…_month``)."""
    return f"plan_{name}_{rev}"


def kept_month(widget: str) -> str:
    """The month a what-if's hidden box last held (Streamlit forgets a widget that is not drawn)."""
    return f"{widget}_kept"


#: The chart on show; not tied to the case revision, so a new case keeps the chosen view.
PLAN_CHART = "plan_chart"
#: The drawn chart's own key (one node for every chart the picker shows).
PLAN_CHART_DRAWN = "plan_chart_drawn"
#: The part shown in detail (debt by debt, orders side by side, the schedule); kept the same way.
PLAN_DETAIL = "plan_detail"

# --- Report page: the debts table being imported ------------------------------------------------
#: (file id, language, DebtImport) of the file being checked.
DEBT_IMPORT = "_debt_import"
#: Changes to empty the uploader after confirm / cancel.
DEBT_IMPORT_NONCE = "_debt_import_nonce"

# --- Finances and Debts: the bills being imported (ui.widgets.bills_import) ---------------------
#: The proposals read from the bills, until added or dropped.
BILLS_IMPORT = "bills_import"
#: Changes to empty the uploader after add / cancel.
BILLS_IMPORT_NONCE = "bills_import_nonce"

# --- forms that start empty after each save (Communicate, Legal) ---------------------------------
CONTACT_FORM_N = "_contact_form_n"
INCIDENT_FORM_N = "_incident_form_n"
