"""Download buttons drawn from a short description each, alone or side by side in a row.

Why: every page offers files the same way (the file built when clicked where it is costly, a click
that does not rerun the page, a download icon unless the page names another), and pages offer
them in pairs (CSV and Excel, letter and call script) that a phone shows one under the other.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import streamlit as st

from overdue_core.measures.negotiate import as_download

#: A plain-text file (a letter, a call script) in UTF-8.
TEXT_MIME = "text/plain; charset=utf-8"
CSV_MIME = "text/csv"
XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PDF_MIME = "application/pdf"
DOWNLOAD_ICON = ":material/download:"
#: One file of a table: the button's label, what builds the file when clicked, the widget key.
TableFile = tuple[str, Callable[[], bytes | str], str]


@dataclass(frozen=True)
class Download:
    """One download button: its label, the file (or what builds it when clicked), name, type and key."""

    label: str
    data: bytes | str | Callable[[], bytes | str]
    file_name: str
    mime: str
    key: str
    icon: str = DOWNLOAD_ICON
    primary: bool = False


def text_download(label: str, text: str, file_name: str, key: str, *, primary: bool = False) -> Download:
    """A text the page shows (a letter, a script) offered as a UTF-8 ``.txt`` file."""
    return Download(label, as_download(text), file_name, TEXT_MIME, key, primary=primary)


def download_button(spec: Download, where: Any = st) -> None:
    """Draw one download button (in ``where``: the page, a column, a container)."""
    where.download_button(
        spec.label,
        data=spec.data,
        file_name=spec.file_name,
        mime=spec.mime,
        icon=spec.icon,
        key=spec.key,
        on_click="ignore",
        type="primary" if spec.primary else "secondary",
    )


def download_row(*specs: Download) -> None:
    """Draw the buttons side by side, one column each."""
    for where, spec in zip(st.columns(len(specs)), specs, strict=True):
        download_button(spec, where)


def table_downloads(stem: str, csv: TableFile, xlsx: TableFile, icons: tuple[str, str] = (DOWNLOAD_ICON,) * 2) -> None:
    """A table offered as CSV and as Excel side by side (``stem.csv``, ``stem.xlsx``).

    Why side by side: a phone stacks the columns, so the two files of one table stay together.
    """
    download_row(
        *(
            Download(label, build, f"{stem}.{ext}", mime, key, icon)
            for (label, build, key), ext, mime, icon in zip(
                (csv, xlsx), ("csv", "xlsx"), (CSV_MIME, XLSX_MIME), icons, strict=True
            )
        )
    )
