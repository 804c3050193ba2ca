"""Share with a counselor: save the case (opt-in), private links, notes; or the counselor's view.

Thin: the store (overdue_core.share.store) does the saving, encryption and link checks; this page
reads inputs, validates them with pydantic, calls the store and draws.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any, TypeVar

import streamlit as st
from pydantic import BaseModel, ValidationError

from overdue_core.case import CounselorNote, Problem, fmt_money, problems_from_validation
from overdue_core.share import (
    DEFAULT_VIEW_DAYS,
    MAX_EDIT_DAYS,
    MAX_VIEW_DAYS,
    EditLinkRequest,
    LinkRequest,
    Store,
)
from ui.frame import require_case
from ui.nav import PAGES
from ui.state import ensure_app_entry, flash, get_case, lang, share_link, tr
from ui.user_text import md_escape
from ui.widgets import case_download_button, show_problems

ensure_app_entry()
_ = tr()
session = share_link.share_session()
st.title(_("share.view.title") if session is not None and session.role == "view" else _("nav.page.share"))
if session is None and share_link.detached_token() is not None and not share_link.was_counselor():
    # Another case was opened over a saved one: that saved case is untouched, one press away.
    with st.container(border=True):
        st.markdown(_("share.back_hint"))
        if st.button(_("share.back_to_saved"), icon=":material/undo:", key="share_back_to_saved"):
            share_link.back_to_saved()
            st.rerun()
case = require_case()

#: Pages a counselor is pointed to, when they exist in the navigation.
COUNSELOR_PAGES = ["overview", "plan", "communicate", "prevent", "negotiate", "legal", "debts"]
M = TypeVar("M", bound=BaseModel)
FIELD_LABELS = {
    "label": "share.link_label",
    "days": "share.link_days",
    "author": "share.note_author",
    "text": "share.note_text",
}


def show_input_problems(exc: ValidationError) -> None:
    """Translated problems, each naming our own field label."""
    found = problems_from_validation(exc, lang())
    show_problems(
        [
            Problem(path=_(FIELD_LABELS[p.path]) if p.path in FIELD_LABELS else p.path, message=p.message, code=p.code)
            for p in found
        ]
    )


def checked_request(model: type[M], raw: dict[str, Any]) -> M | None:
    """The request as its model checks it, or None once what is wrong with it is shown."""
    try:
        return model.model_validate(raw)
    except ValidationError as exc:
        show_input_problems(exc)
        return None


def draw_notes(items: list[CounselorNote], deletable: dict | None = None) -> None:
    """The notes, newest first; the owner can delete a stored note (``deletable``: key -> id)."""
    if not items:
        st.caption(_("share.notes_none"))
        return
    for item in reversed(items):
        with st.container(border=True):
            st.caption(
                _(
                    "share.note_meta",
                    author=md_escape(item.author) if item.author else _("share.note_anonymous"),
                    when=share_link.local_time(item.when if item.when.tzinfo else item.when.replace(tzinfo=dt.UTC)),
                )
            )
            st.text(item.text)  # user text stays text
            note_id = (deletable or {}).get((item.when, item.author, item.text))
            if note_id and st.button(
                _("links.note_delete"), key=f"share_note_delete_{note_id}", icon=":material/delete:", type="tertiary"
            ):
                delete_note(note_id)


def delete_note(note_id: str) -> None:
    """The owner deletes a note: its row goes (the only place a note lives), then this tab shows the rest."""
    s = share_link.share_session()
    store = share_link.get_store()
    if s is not None and store is not None:
        change_notes(store, s, lambda: store.delete_note(s.token, note_id), "links.note_deleted")


def change_notes(store: Store, s: share_link.ShareSession, change: Callable[[], object], done_key: str) -> None:
    """Add or delete a stored note, show the stored notes again in this tab, and say it is done."""

    def change_and_refresh() -> None:
        change()
        share_link.refresh_notes(store, s)

    if share_link.ask_store(change_and_refresh)[0]:
        flash("success", _(done_key))
        st.rerun()


def note_form(store: Store, s: share_link.ShareSession) -> None:
    """The counselor (or the owner) leaves a note the other side will see."""
    with st.form("share_note_form", clear_on_submit=True):
        author = st.text_input(_("share.note_author"), max_chars=80, help=_("share.note_author_help"))
        text = st.text_area(_("share.note_text"), max_chars=4000, placeholder=_("share.note_placeholder"))
        sent = st.form_submit_button(_("share.note_submit"), type="primary", icon=":material/send:")
    if not sent:
        return
    new_note = checked_request(CounselorNote, {"when": dt.datetime.now(dt.UTC), "author": author, "text": text})
    if new_note is None:
        return
    if not new_note.text:
        show_problems([Problem(path=_("share.note_text"), message=_("errors.required_text"), code="required_text")])
        return
    change_notes(store, s, lambda: store.add_note(s.token, new_note), "share.note_saved")


# --- not saved yet: the opt-in -----------------------------------------------------------------
if session is None and share_link.was_counselor():
    st.info(_("keep.ended.counselor_cannot_save"), icon=":material/visibility:")
    st.stop()
if session is None:
    st.markdown(_("share.intro"))
    with st.container(border=True):
        st.header(_("share.save_heading"))
        st.markdown(_("share.save_explain"))
        if st.button(_("share.save_button"), type="primary", icon=":material/lock:", key="share_save_new"):
            store = share_link.get_store()
            if store is None:
                st.warning(_("share.error.unavailable"), icon=":material/cloud_off:")
            else:

                def save_new() -> None:
                    made = store.create_case(case)
                    share_link.adopt(store.open(made.edit_token), made.edit_token)

                if share_link.ask_store(save_new)[0]:
                    flash("success", _("share.saved_new"))
                    st.rerun()
    st.caption(_("app.not_advice"))
    st.stop()

store = share_link.get_store()
if store is None:
    st.warning(_("share.error.unavailable"), icon=":material/cloud_off:")
    st.stop()

# --- a counselor's read-only view --------------------------------------------------------------
if session.role == "view":
    st.markdown(_("share.view.intro"))
    m1, m2, m3 = st.columns(3)
    m1.metric(_("share.view.debts"), len(case.debts))
    m2.metric(_("share.view.owed"), fmt_money(case.total_owed))
    m3.metric(_("share.view.overdue"), fmt_money(case.total_overdue))
    present = {spec.name: spec for spec in PAGES}
    links_to = [present[name] for name in COUNSELOR_PAGES if name in present]
    if links_to:
        st.header(_("share.view.pages_heading"))
        cols = st.columns(2)
        for i, spec in enumerate(links_to):
            cols[i % 2].page_link(spec.path, label=_(f"nav.page.{spec.name}"), icon=spec.icon)
    st.header(_("share.notes_heading"))
    st.caption(_("share.view.notes_hint"))
    if not share_link.ask_store(lambda: share_link.refresh_notes(store, session))[0]:
        st.stop()
    note_form(store, session)
    draw_notes(get_case().counselor_notes)
    st.caption(_("app.not_advice"))
    st.stop()

# --- the owner ---------------------------------------------------------------------------------


def owner_links() -> list:
    """The owner's counselor links, once the stored notes are brought into the case."""
    share_link.refresh_notes(store, session)
    return store.list_links(session.token)


answered, links = share_link.ask_store(owner_links)
if not answered:
    st.stop()
case = get_case()

# Saving state and conflicts
if session.stale_version is not None:
    st.error(_("share.stale", version=session.stale_version), icon=":material/sync_problem:")
    c1, c2 = st.columns(2)
    if c1.button(_("share.load_newer"), icon=":material/sync:", key="share_load_newer"):
        answered, opened = share_link.ask_store(lambda: store.open(session.token))
        if answered:
            share_link.adopt(opened, session.token)
            flash("success", _("share.loaded_newer"))
            st.rerun()
    case_download_button(_("share.download_mine"), key="share_download_mine", suffix="-this-tab", container=c2)
elif share_link.has_unsaved_changes():
    st.warning(_("share.status_unsaved"), icon=":material/edit:")
    if st.button(_("share.save_changes"), type="primary", icon=":material/cloud_upload:", key="share_save_changes"):
        if share_link.save_changes(store, session, case):
            flash("success", _("share.saved_changes"))
            st.rerun()
else:
    st.success(_("share.status_saved", version=session.version), icon=":material/cloud_done:")

# The owner's own link
with st.expander(_("share.edit_link_heading"), expanded=session.version == 1 and not links, icon=":material/key:"):
    st.markdown(_("share.edit_link_explain"))
    st.code(share_link.link_url(session.token), language=None, wrap_lines=True)
    st.caption(_("share.edit_link_warning"))
    if session.expires_at is not None:
        st.caption(_("links.edit_expires", expires=share_link.local_time(session.expires_at)))
    with st.form("share_rotate_edit", clear_on_submit=True):
        st.markdown(_("links.rotate_explain"))
        never = st.checkbox(_("links.rotate_never"), value=True)
        rotate_days = st.number_input(_("links.rotate_days"), min_value=1, max_value=MAX_EDIT_DAYS, value=30, step=1)
        rotate = st.form_submit_button(_("links.rotate_button"), icon=":material/autorenew:")
    rotate_request = checked_request(EditLinkRequest, {"days": None if never else rotate_days}) if rotate else None
    if rotate_request is not None:
        answered, made = share_link.ask_store(lambda: store.rotate_edit_link(session.token, rotate_request))
        if answered:
            session.token = made.token
            session.expires_at = made.info.expires_at
            flash("success", _("links.rotated"))
            st.rerun()

# Counselor links
st.header(_("share.links_heading"))
st.markdown(_("share.links_intro"))
with st.form("share_new_link", clear_on_submit=True):
    label = st.text_input(
        _("share.link_label"),
        max_chars=80,
        placeholder=_("share.link_label_placeholder"),
        help=_("share.link_label_help"),
    )
    days = st.number_input(
        _("share.link_days"),
        min_value=1,
        max_value=MAX_VIEW_DAYS,
        value=DEFAULT_VIEW_DAYS,
        step=1,
        help=_("share.link_days_help", max=MAX_VIEW_DAYS),
    )
    create = st.form_submit_button(_("share.link_create"), type="primary", icon=":material/add_link:")
request = checked_request(LinkRequest, {"label": label, "days": days}) if create else None
if request is not None:
    answered, made = share_link.ask_store(lambda: store.create_view_link(session.token, request))
    if answered:
        session.new_links[made.info.id] = made.token
        flash(
            "success",
            _(
                "share.link_created",
                label=md_escape(made.info.label),
                expires=share_link.local_time(made.info.expires_at),
            ),
        )
        st.rerun()

now = dt.datetime.now(dt.UTC)
if not links:
    st.caption(_("share.links_none"))
for info in links:
    status = info.status(now)
    with st.container(border=True):
        st.markdown(f"**{_('share.link_status.' + status)}**")
        st.text(info.label)
        st.caption(
            _(
                "share.link_times",
                created=share_link.local_time(info.created_at),
                expires=share_link.local_time(info.expires_at),
            )
            + " · "
            + (
                _("share.link_last_opened", when=share_link.local_time(info.last_opened_at), count=info.open_count)
                if info.last_opened_at
                else _("share.link_never_opened")
            )
        )
        if info.id in session.new_links and status == "active":
            st.caption(_("share.link_copy_hint"))
            st.code(share_link.link_url(session.new_links[info.id]), language=None, wrap_lines=True)
        if status == "active" and st.button(
            _("share.link_revoke"), key=f"share_revoke_{info.id}", icon=":material/link_off:"
        ):
            if share_link.ask_store(lambda link_id=info.id: store.revoke_link(session.token, link_id))[0]:
                session.new_links.pop(info.id, None)
                flash("success", _("share.link_revoked", label=md_escape(info.label)))
                st.rerun()

# Notes from counselors
st.header(_("share.notes_heading"))
if st.button(_("share.notes_refresh"), icon=":material/refresh:", key="share_notes_refresh"):
    st.rerun()  # notes are fetched on every run of this page
stored_notes = share_link.ask_store(lambda: store.list_notes(session.token))[1] or []
stored_keys = {(item.note.when, item.note.author, item.note.text): item.id for item in stored_notes}
draw_notes(get_case().counselor_notes, deletable=stored_keys)

# Delete everything
st.header(_("share.delete_heading"))
with st.container(border=True):
    st.markdown(_("share.delete_explain"))
    sure = st.checkbox(_("share.delete_confirm"), key="share_delete_sure")
    if st.button(_("share.delete_button"), icon=":material/delete_forever:", disabled=not sure, key="share_delete"):
        if share_link.ask_store(lambda: store.delete_case(session.token))[0]:
            share_link.set_share_session(None)
            flash("success", _("share.deleted"))
            st.rerun()

st.caption(_("app.not_advice"))
