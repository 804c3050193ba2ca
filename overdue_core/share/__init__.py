"""Sharing with a counselor: opt-in encrypted saving, edit and read-only links.

``store`` (saved cases, links and notes on SQLite or PostgreSQL), ``schema`` (its tables and
migrations) and ``crypto`` (AES-GCM, a key per case wrapped per link; only token hashes are
stored).
"""

from __future__ import annotations

from overdue_core.share.store import (
    DEFAULT_VIEW_DAYS,
    MAX_VIEW_DAYS,
    LinkRequest,
    Opened,
    Role,
    ShareError,
    Store,
    default_database_url,
    merge_notes,
)

__all__ = [
    "DEFAULT_VIEW_DAYS",
    "MAX_VIEW_DAYS",
    "LinkRequest",
    "Opened",
    "Role",
    "ShareError",
    "Store",
    "default_database_url",
    "merge_notes",
]
