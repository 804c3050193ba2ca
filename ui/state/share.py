"""The session's link to a saved case: which store, which link, which version, what is unsaved.

Why here: ``app.py`` opens a link when the browser hands over its secret and checks the link on
every run (a revoked, expired or deleted link ends the session's view at once); every page
may need to know whether the session is read-only; the share page does the rest. The store is one per
database URL for the whole server (engines are shared); if the database cannot be reached we
remember that for a little while and the app keeps working in session-only mode.
"""

from __future__ import annotations

import datetime as dt
import os
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import streamlit as st
from sqlalchemy.exc import SQLAlchemyError

from overdue_core.case import Case
from overdue_core.share import Opened, Role, ShareError, Store, default_database_url, with_notes

from . import keys
from .drafts import clear_all_drafts
from .session import case_origin, flash, get_case, open_case, replace_case, tr, update_case, url_params

#: Link errors that mean "this link no longer opens anything".
DEAD = {"unknown", "revoked", "expired", "tampered"}
#: How often an open counselor tab looks again on its own (seconds).
WATCH_SECONDS = 15
ROOT = Path(__file__).resolve().parents[2]
RETRY_AFTER_SECONDS = 30.0

#: Errors that mean "the database is not there right now" rather than "this link is wrong".
UNAVAILABLE = (SQLAlchemyError, OSError)

T = TypeVar("T")

_stores: dict[str, Store] = {}
_failed: dict[str, float] = {}
_lock = threading.Lock()


@dataclass
class ShareSession:
    """This browser session's tie to a stored case."""

    token: str
    role: Role
    case_id: str
    version: int
    #: The case as last saved or loaded: what "unsaved changes" compares against.
    saved: Case
    expires_at: dt.datetime | None = None
    #: Set when a save was refused because another tab saved first (the stored version).
    stale_version: int | None = None
    #: Counselor links made in this session: id -> token (tokens are never stored server-side).
    new_links: dict[str, str] = field(default_factory=dict)
    #: Which case of the session this link belongs to (``ui.state.case_origin`` when it was opened).
    origin: int = 0


def database_url() -> str:
    """OVERDUE_DATABASE_URL, else Streamlit secrets ``database_url``, else a SQLite file under data/."""
    url = os.environ.get("OVERDUE_DATABASE_URL", "").strip()
    if url:
        return url
    try:
        url = str(st.secrets.get("database_url", "") or "").strip()
    except Exception:  # noqa: BLE001 - no secrets file is the normal local case
        url = ""
    if url:
        return url
    return default_database_url(Path(os.environ.get("OVERDUE_DATA_DIR", ROOT / "data")))


def get_store() -> Store | None:
    """The store for the configured database, or None while it cannot be reached."""
    url = database_url()
    with _lock:
        if url in _stores:
            return _stores[url]
        if time.monotonic() - _failed.get(url, -RETRY_AFTER_SECONDS) < RETRY_AFTER_SECONDS:
            return None
        try:
            store = Store(url)
        except Exception:  # noqa: BLE001 - any failure to connect or migrate means session-only mode
            _failed[url] = time.monotonic()
            return None
        _stores[url] = store
        _failed.pop(url, None)
        return store


def share_session() -> ShareSession | None:
    return st.session_state.get(keys.SHARE)


def set_share_session(value: ShareSession | None) -> None:
    st.session_state[keys.SHARE] = value


def is_read_only() -> bool:
    """True in a counselor's session: every input that would change the case is off."""
    session = share_session()
    return session is not None and session.role == "view"


def was_counselor() -> bool:
    """True once this session opened a counselor link: it may never save a case of its own."""
    return bool(st.session_state.get(keys.SHARE_COUNSELOR))


def belongs_here(session: ShareSession) -> bool:
    """Is the case open in this session the one this link opened (edited or not)?"""
    return session.origin == case_origin()


def has_unsaved_changes() -> bool:
    session = share_session()
    case = get_case()
    return (
        session is not None
        and session.role == "edit"
        and belongs_here(session)
        and case is not None
        and case != session.saved
    )


def follow_case() -> None:
    """Let go of the saved case once another case is open in this session.

    Why: the link belongs to the case it opened. After a demo, a file or a new case is opened,
    "unsaved changes" would compare that other case with the saved one, and saving would write
    it over the person's real case. The saved case stays as it is; the owner is told, and the
    share page offers the way back.
    """
    session = share_session()
    if session is None or belongs_here(session):
        return
    set_share_session(None)
    if session.role == "edit":
        st.session_state[keys.SHARE_DETACHED] = session.token
        st.session_state[keys.SHARE_DETACHED_NOTICE] = True


def detached_token() -> str | None:
    """The edit link of the saved case this session let go of, if any (see :func:`follow_case`)."""
    return st.session_state.get(keys.SHARE_DETACHED)


def back_to_saved() -> None:
    """Open again the saved case this session let go of (it replaces the case open now)."""
    token = st.session_state.pop(keys.SHARE_DETACHED, None)
    if token is not None:
        open_token(token)


def adopt(opened: Opened, token: str) -> None:
    """Make an opened case this session's case and remember the link (tied to that case)."""
    open_case(opened.case)
    if opened.role == "view":
        st.session_state[keys.SHARE_COUNSELOR] = True
    st.session_state.pop(keys.SHARE_ENDED, None)
    st.session_state.pop(keys.SHARE_DETACHED, None)
    set_share_session(
        ShareSession(
            token=token,
            role=opened.role,
            case_id=opened.case_id,
            version=opened.version,
            saved=opened.case,
            expires_at=opened.expires_at,
            origin=case_origin(),
        )
    )


def refresh_notes(store: Store, session: ShareSession) -> None:
    """Show the stored counselor notes in the session's case: new ones appear, deleted ones go.

    Notes live only in the store's note rows (saving never writes them), so the session's case
    shows exactly those, and "unsaved changes" never counts a note.
    """
    stored = store.notes(session.token)
    case = get_case()
    if case is None:
        return
    shown = with_notes(case, stored)
    session.saved = with_notes(session.saved, stored)
    if shown.counselor_notes != case.counselor_notes:
        update_case(shown)


def app_base_url() -> str:
    """The app's address without the current page ('http://host:8501' or '…/base-path')."""
    from urllib.parse import urlsplit, urlunsplit

    from ui.nav import PAGES

    raw = getattr(st.context, "url", None) or ""
    parts = urlsplit(raw)
    path = parts.path.rstrip("/")
    last = path.rsplit("/", 1)[-1]
    if last in {spec.name for spec in PAGES}:
        path = path[: -len(last)].rstrip("/")
    return urlunsplit((parts.scheme, parts.netloc, path, "", ""))


def link_url(token: str) -> str:
    """The full link for a token, opening on the share page.

    The secret is in the fragment (after ``#``): browsers never send it in a request or a
    Referer; the app's browser script reads it once and takes it out of the history entry.
    """
    return f"{app_base_url()}/share#share={token}"


def local_time(moment: dt.datetime | None) -> str:
    """A stored UTC moment in the browser's time zone, 'YYYY-MM-DD HH:MM'."""
    if moment is None:
        return "—"
    try:
        zone = ZoneInfo(getattr(st.context, "timezone", None) or "UTC")
    except (ZoneInfoNotFoundError, ValueError):
        zone = ZoneInfo("UTC")
    return moment.astimezone(zone).strftime("%Y-%m-%d %H:%M")


def open_from_url() -> None:
    """First run of a session: open a link of the older form ``?share=…``.

    Such a link reaches the app only before the server layer is in place (the first load after a
    start); after that the layer moves it into the fragment form first (``ui.server.security_headers``).

    The query parameter is not removed here: removing it from the server adds a history entry
    that still holds it. The browser script replaces the entry first, then
    :mod:`ui.state.browser_copy` drops the parameter (see ``_on_boot``).
    """
    if st.session_state.get(keys.SHARE_OPENED):
        return
    st.session_state[keys.SHARE_OPENED] = True
    if "share" not in st.query_params:
        return
    token = url_params().share
    if token is None:
        flash("error", tr()("share.error.unknown"))
        return
    open_token(token)


def open_token(token: str) -> None:
    """Open the case behind a link's secret and make it this session's case."""
    _ = tr()
    session = share_session()
    if session is not None and session.token == token:
        return  # already open (the older link form reaches here twice)
    store = get_store()
    if store is None:
        flash("warning", _("share.error.unavailable"))
        return
    try:
        opened = store.open(token)
    except ShareError as exc:
        flash("error", _(f"share.error.{exc.code}"))
        return
    except UNAVAILABLE:
        flash("warning", _("share.error.unavailable"))
        return
    adopt(opened, token)
    if opened.role == "edit":  # a counselor sees the read-only banner instead
        flash("success", _("share.opened_owner"))


def restore_share(token: str, case: Case | None) -> None:
    """After a reload: open the link again (it is checked like any opening).

    ``case`` is the owner's copy from this browser (it may hold unsaved changes); a counselor's
    browser keeps no case, only the link, so a revoked or expired link brings nothing back.
    """
    store = get_store()
    try:
        opened = store.open(token) if store is not None else None
    except ShareError as exc:
        opened = None
        if case is None:
            end_link(exc.code)
    except UNAVAILABLE:
        opened = None
    if opened is None:
        if case is not None:
            replace_case(case)  # the owner's own typing stays, without the link
        return
    adopt(opened, token)
    if case is not None and opened.role == "edit":
        update_case(with_notes(case, opened.case.counselor_notes))


def end_link(code: str) -> None:
    """The link no longer opens anything: end this session's tie to it.

    A counselor's session drops the case at once (it was never theirs); an owner keeps what is
    in the tab (their own typing) without the link.
    """
    session = share_session()
    set_share_session(None)
    st.session_state[keys.SHARE_ENDED] = code if code in DEAD else "unknown"
    if session is None or session.role == "view" or was_counselor():
        replace_case(None)
        clear_all_drafts()


def share_failed(exc: Exception) -> None:
    """A store failure as a calm message; a dead link also ends this session's tie to it."""
    _ = tr()
    if isinstance(exc, ShareError):
        st.error(_(f"share.error.{exc.code}"), icon=":material/link_off:")
        if exc.code in DEAD:
            end_link(exc.code)
    else:
        st.warning(_("share.error.unavailable"), icon=":material/cloud_off:")


def ask_store(call: Callable[[], T]) -> tuple[bool, T | None]:
    """Whether the store answered, and its answer; a failure is shown (:func:`share_failed`)."""
    try:
        return True, call()
    except (ShareError, *UNAVAILABLE) as exc:
        share_failed(exc)
        return False, None


def save_changes(store: Store, session: ShareSession, case: Case) -> bool:
    """Save the case over the session's stored version; False once why not is shown.

    Another tab saved first: the stored version is remembered (the Share page offers to load it)
    and the page runs again.
    """
    try:
        session.version = store.save(session.token, case, session.version)
    except ShareError as exc:
        if exc.code == "stale":
            session.stale_version = exc.current_version
            st.rerun()
        share_failed(exc)
        return False
    except UNAVAILABLE as exc:
        share_failed(exc)
        return False
    session.saved = case
    return True


def recheck() -> bool:
    """Every run: is this session's link still live? False (and the link ended) if not."""
    session = share_session()
    if session is None:
        return True
    if session.expires_at is not None and session.expires_at <= dt.datetime.now(dt.UTC):
        end_link("expired")
        return False
    store = get_store()
    if store is None:
        return True  # cannot look now; the expiry held above is still enforced
    try:
        store.check(session.token)
    except ShareError as exc:
        if exc.code in DEAD:
            end_link(exc.code)
            return False
    except UNAVAILABLE:
        pass
    return True


def watch() -> None:
    """An open counselor tab looks again every few seconds and empties itself when the link ends."""
    if not is_read_only():
        return

    @st.fragment(run_every=WATCH_SECONDS)
    def _watch() -> None:
        if not recheck():
            st.rerun(scope="app")

    _watch()


def draw_status() -> None:
    """A read-only banner on every page for counselors; an unsaved-changes hint for owners."""
    session = share_session()
    _ = tr()
    if session is None and st.session_state.pop(keys.SHARE_DETACHED_NOTICE, False):
        st.info(_("share.detached"), icon=":material/link_off:")
    ended = st.session_state.get(keys.SHARE_ENDED)
    if session is None and ended:
        reason = "unknown" if ended == "tampered" else ended
        if was_counselor():
            if get_case() is None:  # shown on every page until the tab holds a case again
                st.warning(_(f"keep.ended.counselor_{reason}"), icon=":material/link_off:")
        else:
            st.session_state.pop(keys.SHARE_ENDED, None)
            st.warning(_(f"keep.ended.owner_{reason}"), icon=":material/link_off:")
        return
    if session is None:
        return
    if session.role == "view":
        st.info(_("share.view.banner", expires=local_time(session.expires_at)), icon=":material/visibility:")
    elif has_unsaved_changes():
        with st.sidebar:
            st.page_link("pages/share.py", label=_("share.sidebar_unsaved"), icon=":material/cloud_upload:")
    else:
        with st.sidebar:
            st.caption(_("share.sidebar_saved", version=session.version))
