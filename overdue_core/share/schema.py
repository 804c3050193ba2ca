"""Tables of the share store and the migrations that create them.

Why a versioned schema: the app creates and upgrades its own tables on start, against SQLite
or a PostgreSQL shared by several app instances. ``schema_version`` records what has been
applied; applying is idempotent, and on PostgreSQL an advisory lock keeps two instances
starting together from migrating at the same time.

What is stored in clear is only what the server needs to enforce links: random ids, version
counters, the link role, timestamps (created, expires, revoked, last opened) and token hashes.
Every name, amount, label and note is inside a ciphertext column.
"""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import (
    BigInteger,
    Column,
    Connection,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    insert,
    inspect,
    select,
    text,
)

metadata = MetaData()

schema_version = Table(
    "schema_version",
    metadata,
    Column("version", Integer, primary_key=True, autoincrement=False),
    Column("applied_at", BigInteger, nullable=False),
)

cases = Table(
    "share_cases",
    metadata,
    Column("id", String(32), primary_key=True),
    Column("version", Integer, nullable=False),
    Column("ciphertext", LargeBinary, nullable=False),
    Column("created_at", BigInteger, nullable=False),
    Column("updated_at", BigInteger, nullable=False),
)

links = Table(
    "share_links",
    metadata,
    Column("id", String(32), primary_key=True),
    Column("case_id", String(32), ForeignKey("share_cases.id", ondelete="CASCADE"), nullable=False),
    Column("token_hash", String(64), nullable=False, unique=True),
    Column("role", String(8), nullable=False),
    #: The case's data key wrapped for this link; erased (NULL) when the link is revoked.
    Column("wrapped_key", LargeBinary, nullable=True),
    #: v2 links: the link's X25519 public key (clear) and the case's data key sealed to it.
    #: The wrapped key is then the link's private key. NULL public key: a v1 link.
    Column("public_key", LargeBinary, nullable=True),
    Column("sealed_key", LargeBinary, nullable=True),
    Column("label_ciphertext", LargeBinary, nullable=False),
    Column("created_at", BigInteger, nullable=False),
    Column("expires_at", BigInteger, nullable=True),
    Column("revoked_at", BigInteger, nullable=True),
    Column("last_opened_at", BigInteger, nullable=True),
    Column("open_count", Integer, nullable=False, default=0),
    Index("ix_share_links_case", "case_id"),
)

notes = Table(
    "share_notes",
    metadata,
    Column("id", String(32), primary_key=True),
    Column("case_id", String(32), ForeignKey("share_cases.id", ondelete="CASCADE"), nullable=False),
    Column("created_at", BigInteger, nullable=False),
    Column("ciphertext", LargeBinary, nullable=False),
    #: The link that wrote the note (v2): the note budget is counted per case and per link.
    Column("link_id", String(32), nullable=True),
    Index("ix_share_notes_case", "case_id"),
)


def _v1(conn: Connection) -> None:
    for table in (cases, links, notes):
        table.create(conn, checkfirst=True)


def _add_column(conn: Connection, table: str, column: str, kind: str) -> None:
    if column not in {c["name"] for c in inspect(conn).get_columns(table)}:
        conn.execute(text(f"ALTER TABLE {table} ADD COLUMN {column} {kind}"))


def _v2(conn: Connection) -> None:
    """Notes remember the link that wrote them (note budget per link); links get key pairs."""
    blob = "BYTEA" if conn.dialect.name == "postgresql" else "BLOB"
    _add_column(conn, "share_notes", "link_id", "VARCHAR(32)")
    _add_column(conn, "share_links", "public_key", blob)
    _add_column(conn, "share_links", "sealed_key", blob)


#: version -> upgrade step; append new steps, never edit applied ones.
MIGRATIONS: dict[int, Callable[[Connection], None]] = {1: _v1, 2: _v2}
LATEST = max(MIGRATIONS)


def current_version(conn: Connection) -> int:
    schema_version.create(conn, checkfirst=True)
    return conn.execute(select(schema_version.c.version).order_by(schema_version.c.version.desc())).scalar() or 0


def migrate(conn: Connection, now: int) -> int:
    """Apply every missing step inside the caller's transaction; returns the version reached."""
    if conn.dialect.name == "postgresql":
        # One migrator at a time across instances; released at the end of the transaction.
        conn.execute(text("SELECT pg_advisory_xact_lock(7302514)"))
    version = current_version(conn)
    for step in sorted(v for v in MIGRATIONS if v > version):
        MIGRATIONS[step](conn)
        conn.execute(insert(schema_version).values(version=step, applied_at=now))
        version = step
    return version
