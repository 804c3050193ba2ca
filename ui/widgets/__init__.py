"""The inputs and blocks several pages draw: editable tables, the money and debt forms, cards, links.

Why together: each is a piece of a page that keeps the same behaviour wherever it appears (a
table that never saves an invalid row, a form that keeps what is typed, a card per row on a phone).
"""

from . import clearable
from .bills_import import draw_bills_import
from .case_download import case_download_button
from .debt_cards import draw_cards
from .debt_form import check_text, draft, draw_form
from .debt_links import debt_from_link, debt_index, debt_link, pick_debt
from .downloads import PDF_MIME, Download, download_button, download_row, table_downloads, text_download
from .editable_tables import cell_decimal, editable_table, keep_unsaved, show_problems, validate_rows
from .figures import count_field, money_field, percent_field
from .money_form import INCOME_KINDS, draw_add
from .preset_sources import draw_preset_sources
from .row_cards import row_cards

__all__ = [
    "Download",
    "INCOME_KINDS",
    "PDF_MIME",
    "case_download_button",
    "cell_decimal",
    "check_text",
    "clearable",
    "count_field",
    "debt_from_link",
    "debt_index",
    "debt_link",
    "download_button",
    "download_row",
    "draft",
    "draw_add",
    "draw_bills_import",
    "draw_cards",
    "draw_form",
    "draw_preset_sources",
    "editable_table",
    "keep_unsaved",
    "money_field",
    "percent_field",
    "pick_debt",
    "row_cards",
    "show_problems",
    "table_downloads",
    "text_download",
    "validate_rows",
]
