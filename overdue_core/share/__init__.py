"""Sharing with a counselor: opt-in encrypted saving, edit and read-only links.

``store`` (saved cases, links and notes on SQLite or PostgreSQL), ``schema`` (its tables and
migrations) and ``crypto`` (AES-GCM, a key per case sealed to each link's key pair; only token
hashes are stored).
"""

from __future__ import annotations

from overdue_core.share.crypto import is_token_shaped
from overdue_core.share.store import (
    DAY_SECONDS,
    DEFAULT_VIEW_DAYS,
    MAX_EDIT_DAYS,
    MAX_LINKS_PER_CASE,
    MAX_NOTE_BYTES_PER_CASE,
    MAX_NOTE_BYTES_PER_LINK,
    MAX_VIEW_DAYS,
    EditLinkRequest,
    LinkCheck,
    LinkRequest,
    Opened,
    Role,
    ShareError,
    Store,
    StoredNote,
    default_database_url,
    merge_notes,
    with_notes,
)

__all__ = [
    "DAY_SECONDS",
    "DEFAULT_VIEW_DAYS",
    "MAX_EDIT_DAYS",
    "MAX_LINKS_PER_CASE",
    "MAX_NOTE_BYTES_PER_CASE",
    "MAX_NOTE_BYTES_PER_LINK",
    "MAX_VIEW_DAYS",
    "EditLinkRequest",
    "LinkCheck",
    "LinkRequest",
    "Opened",
    "Role",
    "ShareError",
    "Store",
    "StoredNote",
    "default_database_url",
    "is_token_shaped",
    "merge_notes",
    "with_notes",
]
