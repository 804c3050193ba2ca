"""Saved cases behind private links: SQLite by default, PostgreSQL when configured.

Why: a person may want to reopen their case on another device, or let a counselor look at
it, without the app turning into a place where financial data leaks. So saving is opt-in,
the database holds only ciphertext and token hashes (see :mod:`overdue_core.share.crypto`), and
every operation is authorised by the link token alone:

* an **edit link** (the owner's) reads and saves the case, makes and revokes counselor links,
  and deletes everything;
* a **view link** (a counselor's) reads the case and adds notes; it expires (default 14 days,
  at most 90) and can be revoked.

Counselor notes live in one place: their own rows (``share_notes``). The stored case never
holds them; :meth:`Store.open` shows them in the case it returns, :meth:`Store.save` leaves out
whatever notes the case it is given carries, and deleting a note deletes its row, for good.

Saves use optimistic concurrency: the caller says which version it edited, and the UPDATE
only succeeds if that is still the stored version, so two tabs never silently overwrite each
other. Every write to a case, and every change of its key, is serialised per case: it runs in
one transaction that first locks the case (``SELECT … FOR UPDATE`` on PostgreSQL, ``BEGIN
IMMEDIATE`` on SQLite) and only then reads the key, so nothing is ever written under a key that
a revoke or a new edit link has just replaced. Failures are :class:`ShareError` with a code the
UI translates; no error message or log line carries case data, and SQL parameters are hidden
from SQLAlchemy's messages.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints
from sqlalchemy import Connection, Engine, create_engine, delete, event, func, insert, select, update
from sqlalchemy.engine import make_url
from sqlalchemy.pool import StaticPool

from overdue_core.case.casefile import MAX_FILE_BYTES, dump_case, parse_case
from overdue_core.case.models import Case, CounselorNote
from overdue_core.share import crypto
from overdue_core.share.schema import LATEST, cases, links, migrate, notes

Role = Literal["edit", "view"]
DEFAULT_VIEW_DAYS = 14
MAX_VIEW_DAYS = 90
MAX_LINKS_PER_CASE = 50
MAX_NOTES_PER_CASE = 500
#: Notes have a budget of their own, measured as stored (encrypted) bytes: a counselor cannot
#: fill a case with notes. It is never counted against the owner's save: the stored case holds
#: no notes, so its 2 MiB cap is for the case alone.
MAX_NOTE_BYTES_PER_CASE = 256 * 1024
MAX_NOTE_BYTES_PER_LINK = 64 * 1024
MAX_EDIT_DAYS = 365
DAY_SECONDS = 86_400
DEFAULT_SQLITE_NAME = "cases.sqlite3"


class ShareError(Exception):
    """A link operation that cannot be done. ``code`` picks the message (``share.error.<code>``).

    Codes: unknown, expired, revoked, tampered, read_only, stale, too_large, too_many_links,
    too_many_notes, notes_full. The exception text is the code only: safe to log.
    """

    def __init__(self, code: str, *, current_version: int | None = None, link_id: str | None = None) -> None:
        super().__init__(code)
        self.code = code
        self.current_version = current_version
        #: The expired link met (internal): its wrapped key is erased after the failed call.
        self.link_id = link_id


def _erases_expired(method):
    """Run a store operation; if it met an expired link, erase that link's wrapped key.

    Why afterwards: the operation's own transaction is rolled back by the error, so the erase
    runs in a transaction of its own (once per expired link: later calls find nothing to erase).
    """

    @functools.wraps(method)
    def wrapper(self, *args, **kwargs):
        try:
            return method(self, *args, **kwargs)
        except ShareError as exc:
            if exc.code == "expired" and exc.link_id is not None:
                with self._transaction() as conn:
                    conn.execute(
                        update(links).where(links.c.id == exc.link_id).values(wrapped_key=None, sealed_key=None)
                    )
            raise

    return wrapper


class LinkRequest(BaseModel):
    """What the owner asks for when making a counselor link (validated like any input)."""

    model_config = ConfigDict(hide_input_in_errors=True, extra="ignore")

    label: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=80)]
    days: int = Field(default=DEFAULT_VIEW_DAYS, ge=1, le=MAX_VIEW_DAYS)


class EditLinkRequest(BaseModel):
    """A new edit link for the owner: the old one stops working; optionally it expires."""

    model_config = ConfigDict(hide_input_in_errors=True, extra="ignore")

    days: int | None = Field(default=None, ge=1, le=MAX_EDIT_DAYS)


@dataclass(frozen=True)
class LinkInfo:
    """A counselor link as its owner sees it (label decrypted)."""

    id: str
    role: Role
    label: str
    created_at: dt.datetime
    expires_at: dt.datetime | None
    revoked_at: dt.datetime | None
    last_opened_at: dt.datetime | None
    open_count: int

    def status(self, now: dt.datetime) -> Literal["active", "expired", "revoked"]:
        if self.revoked_at is not None:
            return "revoked"
        if self.expires_at is not None and self.expires_at <= now:
            return "expired"
        return "active"


@dataclass(frozen=True)
class NewLink:
    token: str
    info: LinkInfo


@dataclass(frozen=True)
class StoredNote:
    """A counselor note as its owner sees it, with the id used to delete it."""

    id: str
    note: CounselorNote


@dataclass(frozen=True)
class LinkCheck:
    """What a live link allows, for the check made on every run of a shared session."""

    role: Role
    expires_at: dt.datetime | None


@dataclass(frozen=True)
class NewCase:
    case_id: str
    edit_token: str
    version: int


@dataclass(frozen=True)
class Opened:
    """A case opened through a link: the case (with every counselor note), role and version."""

    case_id: str
    link_id: str
    role: Role
    version: int
    case: Case
    expires_at: dt.datetime | None


@dataclass(frozen=True)
class _Access:
    case_id: str
    link_id: str
    role: Role
    key: bytes
    expires_at: int | None = None


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _ts(moment: dt.datetime) -> int:
    return int(moment.timestamp())


def _moment(ts: int | None) -> dt.datetime | None:
    return None if ts is None else dt.datetime.fromtimestamp(ts, dt.UTC)


# --- associated data: binds each ciphertext to its place ----------------------------------
def _link_aad(case_id: str, link_id: str, role: str, expires_at: int | None) -> bytes:
    return f"link|{case_id}|{link_id}|{role}|{expires_at if expires_at is not None else '-'}".encode()


def _label_aad(case_id: str, link_id: str) -> bytes:
    return f"label|{case_id}|{link_id}".encode()


def _case_aad(case_id: str, version: int) -> bytes:
    return f"case|{case_id}|{version}".encode()


def _note_aad(case_id: str, note_id: str) -> bytes:
    return f"note|{case_id}|{note_id}".encode()


def _sealed_aad(case_id: str, link_id: str) -> bytes:
    return f"sealed|{case_id}|{link_id}".encode()


def _link_values(
    case_id: str, link_id: str, token: str, role: str, expires: int | None, key: bytes, label: bytes, now: int
) -> dict:
    """A new link row (v2): its private key wrapped for the token, the data key sealed to it."""
    private, public = crypto.new_link_keypair()
    return dict(
        id=link_id,
        case_id=case_id,
        token_hash=crypto.token_hash(token),
        role=role,
        wrapped_key=crypto.wrap_data_key(token, private, _link_aad(case_id, link_id, role, expires)),
        public_key=public,
        sealed_key=crypto.seal_for(public, key, _sealed_aad(case_id, link_id)),
        label_ciphertext=crypto.seal(key, label, _label_aad(case_id, link_id)),
        created_at=now,
        expires_at=expires,
        open_count=0,
    )


def _reseal(old: bytes, new: bytes, ciphertext: bytes, aad: bytes) -> bytes:
    """What ``old`` sealed, sealed under ``new`` in the same place; what ``old`` cannot open was tampered with."""
    try:
        plaintext = crypto.unseal(old, ciphertext, aad)
    except crypto.CryptoError:
        raise ShareError("tampered") from None
    return crypto.seal(new, plaintext, aad)


def _add_link(conn: Connection, access: _Access, role: Role, label: str, expires: int | None, now: int) -> NewLink:
    """A new link to ``access``'s case: its row (a fresh id and token), and what its owner is shown."""
    link_id, token = crypto.new_id(), crypto.new_token()
    values = _link_values(access.case_id, link_id, token, role, expires, access.key, label.encode(), now)
    conn.execute(insert(links).values(**values))
    return NewLink(token=token, info=_link_info({**values, "revoked_at": None, "last_opened_at": None}, label))


def _link_info(row: Mapping[str, Any], label: str) -> LinkInfo:
    """A link as its owner lists it: ``row`` holds a links row's columns by name, ``label`` is unsealed."""
    return LinkInfo(
        id=row["id"],
        role=row["role"],
        label=label,
        created_at=_moment(row["created_at"]),
        expires_at=_moment(row["expires_at"]),
        revoked_at=_moment(row["revoked_at"]),
        last_opened_at=_moment(row["last_opened_at"]),
        open_count=row["open_count"],
    )


# --- engines -------------------------------------------------------------------------------
def default_database_url(data_dir: Path) -> str:
    """The SQLite file used when nothing is configured: ``<data_dir>/cases.sqlite3``."""
    return f"sqlite:///{(data_dir / DEFAULT_SQLITE_NAME).resolve()}"


def normalize_url(url: str) -> str:
    """Use the psycopg 3 driver for PostgreSQL URLs written the usual way."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def describe_url(url: str) -> str:
    """The database kind and host for a status line, never the password."""
    parsed = make_url(normalize_url(url))
    if parsed.get_backend_name() == "sqlite":
        return "SQLite"
    return f"PostgreSQL ({parsed.host or 'local'})"


def make_engine(url: str) -> Engine:
    url = normalize_url(url)
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        database = parsed.database or ""
        if database and database != ":memory:":
            folder = Path(database).parent
            folder.mkdir(parents=True, exist_ok=True, mode=0o700)
            engine = create_engine(url, hide_parameters=True, connect_args={"timeout": 15, "check_same_thread": False})
        else:  # in memory: one shared connection (tests, benchmarks)
            engine = create_engine(
                url, hide_parameters=True, poolclass=StaticPool, connect_args={"check_same_thread": False}
            )

        @event.listens_for(engine, "connect")
        def _pragmas(dbapi_connection, _record) -> None:  # pragma: no cover - trivial
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute("PRAGMA secure_delete=ON")  # deleted rows are overwritten, not left in free pages
            cursor.close()

        return engine
    return create_engine(url, hide_parameters=True, pool_pre_ping=True, connect_args={"connect_timeout": 5})


class Store:
    """The saved cases in one database. Thread-safe; one instance per database URL is enough."""

    def __init__(self, url: str, *, clock: Callable[[], dt.datetime] | None = None) -> None:
        self.url = url
        self.engine = make_engine(url)
        self._clock = clock
        with self.engine.begin() as conn:
            self.schema_version = migrate(conn, self._now())
        assert self.schema_version == LATEST

    def dispose(self) -> None:
        self.engine.dispose()

    def _now(self) -> int:
        return _ts((self._clock or utcnow)())

    # --- transactions --------------------------------------------------------------------------
    @contextmanager
    def _transaction(self, *, write: bool = True) -> Iterator[Connection]:
        """One transaction in which the key read and everything written under it belong together.

        SQLite: a write takes the database's write lock before its first read (``BEGIN
        IMMEDIATE``), so a revoke cannot change the key between a note reading it and writing
        with it; a read is one snapshot (``BEGIN``), so it never sees the case under one key and
        its notes under another. PostgreSQL: :meth:`_access` locks the case row instead.
        """
        with self.engine.begin() as conn:
            if conn.dialect.name == "sqlite":
                conn.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")
            yield conn

    # --- authorisation -----------------------------------------------------------------------
    def _access(self, conn: Connection, token: str, *, write: bool | None = True) -> _Access:
        """Find the link, check it is live, unwrap the data key; ShareError otherwise.

        ``write``: lock the case for this transaction first (True: for writing, False: for a
        consistent read; None: no lock, for a check that reads only the link). On PostgreSQL the
        case row is locked (``FOR UPDATE`` / ``FOR SHARE``): a key change or write running now
        is waited for, and the link is read again after it, with the key that is current.
        """
        if not crypto.is_token_shaped(token):
            raise ShareError("unknown")
        by_token = select(links).where(links.c.token_hash == crypto.token_hash(token))
        row = conn.execute(by_token).first()
        if row is None:
            raise ShareError("unknown")
        if write is not None and conn.dialect.name == "postgresql":
            locked = conn.execute(
                select(cases.c.id).where(cases.c.id == row.case_id).with_for_update(read=not write)
            ).first()
            row = conn.execute(by_token).first() if locked is not None else None
            if row is None:
                raise ShareError("unknown")
        if row.revoked_at is not None:
            raise ShareError("revoked")
        if row.expires_at is not None and row.expires_at <= self._now():
            raise ShareError("expired", link_id=row.id if row.wrapped_key is not None else None)
        if row.role not in ("edit", "view"):
            raise ShareError("tampered")
        try:
            unwrapped = crypto.unwrap_data_key(
                token, row.wrapped_key, _link_aad(row.case_id, row.id, row.role, row.expires_at)
            )
            key = (
                unwrapped
                if row.public_key is None
                else crypto.open_for(unwrapped, row.sealed_key, _sealed_aad(row.case_id, row.id))
            )
        except crypto.CryptoError:
            raise ShareError("tampered") from None
        return _Access(case_id=row.case_id, link_id=row.id, role=row.role, key=key, expires_at=row.expires_at)

    def _live(self):
        """Links that still work: not revoked and not expired."""
        now = self._now()
        return links.c.revoked_at.is_(None) & (links.c.expires_at.is_(None) | (links.c.expires_at > now))

    def _erase_expired_keys(self, conn: Connection, case_id: str) -> None:
        """Expired links keep nothing that could open the case."""
        conn.execute(
            update(links)
            .where(links.c.case_id == case_id, links.c.expires_at <= self._now(), links.c.wrapped_key.is_not(None))
            .values(wrapped_key=None, sealed_key=None)
        )

    @staticmethod
    def _require_owner(access: _Access) -> None:
        if access.role != "edit":
            raise ShareError("read_only")

    # --- cases -------------------------------------------------------------------------------
    @staticmethod
    def _plaintext(case: Case) -> bytes:
        """The case as stored: without its notes (they have rows of their own, and their own budget)."""
        data = dump_case(_without_notes(case))
        if len(data) > MAX_FILE_BYTES:
            raise ShareError("too_large")
        return data

    @staticmethod
    def _insert_note(
        conn: Connection, case_id: str, link_id: str | None, key: bytes, note: CounselorNote, now: int
    ) -> int:
        """Store one note in its own row; returns its stored size (for the note budget)."""
        note_id = crypto.new_id()
        sealed = crypto.seal(key, note.model_dump_json().encode(), _note_aad(case_id, note_id))
        conn.execute(
            insert(notes).values(id=note_id, case_id=case_id, link_id=link_id, created_at=now, ciphertext=sealed)
        )
        return len(sealed)

    def _move_notes_out(self, conn: Connection, access: _Access, version: int, case: Case) -> Case:
        """A case saved before notes had one place carries them inside: move them to rows, once.

        Notes already in a row are not copied again; the case is stored again without notes
        (same version, same key), so from now on deleting a note deletes it everywhere.
        """
        have = {(n.when, n.author, n.text) for n in self._notes(conn, access)}
        now = self._now()
        for item in case.counselor_notes:
            if (item.when, item.author, item.text) not in have:
                have.add((item.when, item.author, item.text))
                self._insert_note(conn, access.case_id, None, access.key, item, now)
        bare = _without_notes(case)
        conn.execute(
            update(cases)
            .where(cases.c.id == access.case_id, cases.c.version == version)
            .values(ciphertext=crypto.seal(access.key, dump_case(bare), _case_aad(access.case_id, version)))
        )
        return bare

    def create_case(self, case: Case) -> NewCase:
        """Store a new case; returns its edit token (shown to the owner, never stored).

        Notes the case already carries (from a case file) are stored as note rows, like any other.
        """
        plaintext = self._plaintext(case)
        now = self._now()
        case_id, link_id, token, key = crypto.new_id(), crypto.new_id(), crypto.new_token(), crypto.new_data_key()
        with self._transaction() as conn:
            conn.execute(
                insert(cases).values(
                    id=case_id,
                    version=1,
                    ciphertext=crypto.seal(key, plaintext, _case_aad(case_id, 1)),
                    created_at=now,
                    updated_at=now,
                )
            )
            conn.execute(insert(links).values(**_link_values(case_id, link_id, token, "edit", None, key, b"", now)))
            for item in case.counselor_notes:
                self._insert_note(conn, case_id, None, key, item, now)
        return NewCase(case_id=case_id, edit_token=token, version=1)

    @_erases_expired
    def open(self, token: str) -> Opened:
        """The case behind a link, showing every counselor note; records the opening."""
        with self._transaction() as conn:
            access = self._access(conn, token)
            row = conn.execute(select(cases).where(cases.c.id == access.case_id)).first()
            if row is None:
                raise ShareError("unknown")
            try:
                plaintext = crypto.unseal(access.key, row.ciphertext, _case_aad(row.id, row.version))
            except crypto.CryptoError:
                raise ShareError("tampered") from None
            case, _problems = parse_case(plaintext)
            if case is None:
                raise ShareError("tampered")
            if case.counselor_notes:
                case = self._move_notes_out(conn, access, row.version, case)
            stored_notes = self._notes(conn, access)
            conn.execute(
                update(links)
                .where(links.c.id == access.link_id)
                .values(last_opened_at=self._now(), open_count=links.c.open_count + 1)
            )
            expires = conn.execute(select(links.c.expires_at).where(links.c.id == access.link_id)).scalar()
        return Opened(
            case_id=access.case_id,
            link_id=access.link_id,
            role=access.role,
            version=row.version,
            case=with_notes(case, stored_notes),
            expires_at=_moment(expires),
        )

    @_erases_expired
    def save(self, token: str, case: Case, expected_version: int) -> int:
        """Replace the stored case if it is still at ``expected_version``; returns the new version.

        A stale save raises ShareError('stale') and leaves the newer stored version untouched.
        The notes the case shows are not saved with it: they live in their own rows.
        """
        plaintext = self._plaintext(case)
        with self._transaction() as conn:
            access = self._access(conn, token)
            self._require_owner(access)
            new_version = expected_version + 1
            result = conn.execute(
                update(cases)
                .where(cases.c.id == access.case_id, cases.c.version == expected_version)
                .values(
                    version=new_version,
                    ciphertext=crypto.seal(access.key, plaintext, _case_aad(access.case_id, new_version)),
                    updated_at=self._now(),
                )
            )
            if result.rowcount != 1:
                current = conn.execute(select(cases.c.version).where(cases.c.id == access.case_id)).scalar()
                if current is None:
                    raise ShareError("unknown")
                raise ShareError("stale", current_version=current)
        return new_version

    @_erases_expired
    def delete_case(self, edit_token: str) -> None:
        """Delete the case, its notes and every link at once."""
        with self._transaction() as conn:
            access = self._access(conn, edit_token)
            self._require_owner(access)
            conn.execute(delete(notes).where(notes.c.case_id == access.case_id))
            conn.execute(delete(links).where(links.c.case_id == access.case_id))
            conn.execute(delete(cases).where(cases.c.id == access.case_id))

    # --- counselor links ---------------------------------------------------------------------
    @_erases_expired
    def create_view_link(self, edit_token: str, request: LinkRequest) -> NewLink:
        now = self._now()
        with self._transaction() as conn:
            access = self._access(conn, edit_token)
            self._require_owner(access)
            self._erase_expired_keys(conn, access.case_id)
            live = conn.execute(
                select(func.count())
                .select_from(links)
                .where(links.c.case_id == access.case_id, links.c.role == "view", self._live())
            ).scalar_one()
            if live >= MAX_LINKS_PER_CASE:
                raise ShareError("too_many_links")
            return _add_link(conn, access, "view", request.label, now + request.days * DAY_SECONDS, now)

    @_erases_expired
    def list_links(self, edit_token: str) -> list[LinkInfo]:
        """The counselor links of the case, newest first, with their labels and last opening."""
        with self._transaction() as conn:
            access = self._access(conn, edit_token)
            self._require_owner(access)
            self._erase_expired_keys(conn, access.case_id)
            rows = conn.execute(
                select(links)
                .where(links.c.case_id == access.case_id, links.c.role == "view")
                .order_by(links.c.created_at.desc(), links.c.id)
            ).all()
        out: list[LinkInfo] = []
        for row in rows:
            try:
                label = crypto.unseal(access.key, row.label_ciphertext, _label_aad(row.case_id, row.id)).decode()
            except (crypto.CryptoError, UnicodeDecodeError):
                label = ""
            out.append(_link_info(row._mapping, label))
        return out

    @_erases_expired
    def revoke_link(self, edit_token: str, link_id: str) -> None:
        """Stop a counselor link at once: its wrapped key is erased and the case key rotated.

        Rotation: whoever kept the old data key (from the revoked link) cannot read anything
        stored from now on. Every live link with a key pair gets the new key sealed to it; a
        live link from before key pairs existed cannot be given the new key and stops too.
        """
        with self._transaction() as conn:
            access = self._access(conn, edit_token)
            self._require_owner(access)
            result = conn.execute(
                update(links)
                .where(links.c.id == link_id, links.c.case_id == access.case_id, links.c.role == "view")
                .values(revoked_at=self._now(), wrapped_key=None, sealed_key=None)
            )
            if result.rowcount != 1:
                raise ShareError("unknown")
            self._rotate_case_key(conn, access, edit_token)

    def _rotate_case_key(self, conn: Connection, access: _Access, edit_token: str) -> None:
        """Re-encrypt the case, labels and notes under a new data key; hand it to live links."""
        old, new = access.key, crypto.new_data_key()
        case_id = access.case_id
        row = conn.execute(select(cases).where(cases.c.id == case_id)).first()
        conn.execute(
            update(cases)
            .where(cases.c.id == case_id, cases.c.version == row.version)
            .values(ciphertext=_reseal(old, new, row.ciphertext, _case_aad(case_id, row.version)))
        )
        for note in conn.execute(select(notes.c.id, notes.c.ciphertext).where(notes.c.case_id == case_id)).all():
            conn.execute(
                update(notes)
                .where(notes.c.id == note.id)
                .values(ciphertext=_reseal(old, new, note.ciphertext, _note_aad(case_id, note.id)))
            )
        now = self._now()
        for link in conn.execute(select(links).where(links.c.case_id == case_id)).all():
            try:
                label = crypto.unseal(old, link.label_ciphertext, _label_aad(case_id, link.id))
            except crypto.CryptoError:
                label = b""
            values: dict = {"label_ciphertext": crypto.seal(new, label, _label_aad(case_id, link.id))}
            live = link.revoked_at is None and (link.expires_at is None or link.expires_at > now)
            if link.id == access.link_id and link.public_key is None:
                # The owner's own v1 link: we hold its token, so it becomes a v2 link now.
                fresh = _link_values(
                    case_id, link.id, edit_token, link.role, link.expires_at, new, label, link.created_at
                )
                values.update(
                    wrapped_key=fresh["wrapped_key"], public_key=fresh["public_key"], sealed_key=fresh["sealed_key"]
                )
            elif live and link.public_key is not None:
                values["sealed_key"] = crypto.seal_for(link.public_key, new, _sealed_aad(case_id, link.id))
            elif live:
                values.update(revoked_at=now, wrapped_key=None, sealed_key=None)  # v1: cannot be re-keyed
            else:
                values.update(wrapped_key=None, sealed_key=None)
            conn.execute(update(links).where(links.c.id == link.id).values(**values))

    # --- notes ---------------------------------------------------------------------------------
    @_erases_expired
    def add_note(self, token: str, note: CounselorNote) -> None:
        """A note from whoever holds a live link (counselors mostly); never changes the case."""
        with self._transaction() as conn:
            access = self._access(conn, token)
            count = conn.execute(
                select(func.count()).select_from(notes).where(notes.c.case_id == access.case_id)
            ).scalar_one()
            if count >= MAX_NOTES_PER_CASE:
                raise ShareError("too_many_notes")
            size = func.coalesce(func.sum(func.length(notes.c.ciphertext)), 0)
            used_case = conn.execute(select(size).where(notes.c.case_id == access.case_id)).scalar_one()
            used_link = conn.execute(select(size).where(notes.c.link_id == access.link_id)).scalar_one()
            added = self._insert_note(conn, access.case_id, access.link_id, access.key, note, self._now())
            if used_case + added > MAX_NOTE_BYTES_PER_CASE or used_link + added > MAX_NOTE_BYTES_PER_LINK:
                raise ShareError("notes_full")  # the transaction is rolled back: the row is not kept

    @_erases_expired
    def notes(self, token: str) -> list[CounselorNote]:
        with self._transaction(write=False) as conn:
            return self._notes(conn, self._access(conn, token, write=False))

    @_erases_expired
    def list_notes(self, edit_token: str) -> list[StoredNote]:
        """The stored notes with their ids, for the owner (who may delete them)."""
        with self._transaction(write=False) as conn:
            access = self._access(conn, edit_token, write=False)
            self._require_owner(access)
            return self._stored_notes(conn, access)

    @_erases_expired
    def delete_note(self, edit_token: str, note_id: str) -> None:
        """The owner removes a note for good (the row is deleted, not hidden)."""
        with self._transaction() as conn:
            access = self._access(conn, edit_token)
            self._require_owner(access)
            result = conn.execute(delete(notes).where(notes.c.id == note_id, notes.c.case_id == access.case_id))
            if result.rowcount != 1:
                raise ShareError("unknown")

    @_erases_expired
    def check(self, token: str) -> LinkCheck:
        """Is the link still live? Made on every run of a shared session (one indexed read)."""
        with self.engine.connect() as conn:
            access = self._access(conn, token, write=None)  # one read of the link row: no lock needed
        return LinkCheck(role=access.role, expires_at=_moment(access.expires_at))

    @_erases_expired
    def rotate_edit_link(self, edit_token: str, request: EditLinkRequest | None = None) -> NewLink:
        """A new edit link replaces the old one at once, and the case key is rotated with it.

        The old row and its wrapped key go; then the case, labels and notes are re-encrypted
        under a new data key, sealed to the new edit link and every live counselor link. So the
        old edit link together with a copy of the database opens nothing stored from now on.
        """
        request = request or EditLinkRequest()
        now = self._now()
        with self._transaction() as conn:
            access = self._access(conn, edit_token)
            self._require_owner(access)
            expires = None if request.days is None else now + request.days * DAY_SECONDS
            new = _add_link(conn, access, "edit", "", expires, now)
            conn.execute(delete(links).where(links.c.id == access.link_id))
            self._rotate_case_key(conn, access, edit_token)
        return new

    @staticmethod
    def _stored_notes(conn: Connection, access: _Access) -> list[StoredNote]:
        rows = conn.execute(
            select(notes).where(notes.c.case_id == access.case_id).order_by(notes.c.created_at, notes.c.id)
        ).all()
        out: list[StoredNote] = []
        for row in rows:
            try:
                plaintext = crypto.unseal(access.key, row.ciphertext, _note_aad(row.case_id, row.id))
            except crypto.CryptoError:
                raise ShareError("tampered") from None
            out.append(StoredNote(id=row.id, note=CounselorNote.model_validate_json(plaintext)))
        return out

    @classmethod
    def _notes(cls, conn: Connection, access: _Access) -> list[CounselorNote]:
        return [item.note for item in cls._stored_notes(conn, access)]


def _note_order(note: CounselorNote) -> dt.datetime:
    """Notes from files may carry naive times: compare everything as naive UTC."""
    when = note.when
    return when.astimezone(dt.UTC).replace(tzinfo=None) if when.tzinfo else when


def _without_notes(case: Case) -> Case:
    return case.model_copy(update={"counselor_notes": []}) if case.counselor_notes else case


def with_notes(case: Case, stored: list[CounselorNote]) -> Case:
    """The case showing exactly the stored notes (whatever notes it showed before are replaced).

    Why replace, not merge: notes live in their own rows; a note deleted there must disappear
    from every tab that shows the case, not linger in one and come back from it.
    """
    return merge_notes(_without_notes(case), stored)


def merge_notes(case: Case, extra: list[CounselorNote]) -> Case:
    """The case with ``extra`` notes added, duplicates dropped, oldest first, at most 500."""
    seen: dict[tuple, CounselorNote] = {}
    for note in [*case.counselor_notes, *extra]:
        seen.setdefault((note.when, note.author, note.text), note)
    merged = sorted(seen.values(), key=_note_order)[-MAX_NOTES_PER_CASE:]
    if merged == case.counselor_notes:
        return case
    return case.model_copy(update={"counselor_notes": merged})
