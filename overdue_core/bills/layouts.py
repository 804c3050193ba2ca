"""The bill export layouts this app reads, by the exact column names of their table.

Why exact: a bill is read only when its header row is one we know, column for column, so an
amount is never taken from a column that merely looks right. A file of another layout is told
so (which columns it has, which ones we expect), never guessed at. The layouts come from the
files the apps write and from open-source bookkeeping importers that read them (see
docs/bills.md for the sources).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

#: Fields every layout gives; ``refunded`` (the legacy Alipay layout's own refund column) is optional.
FIELDS = ("when", "kind", "counterparty", "item", "direction", "amount", "method", "status", "order")


@dataclass(frozen=True)
class Layout:
    """One export layout: its provider, the field each column holds, and what else it has."""

    key: str
    provider: str
    columns: dict[str, str]  # header in the file (normalised) -> field, "" for a column we do not use
    fallback_when: str = ""  # a second time column, when the first may be blank

    @property
    def headers(self) -> frozenset[str]:
        return frozenset(self.columns)


def norm_header(text: object) -> str:
    """Headers compared loosely: width-folded (（元） is (元)), no spaces or tabs."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", str(text or "")))


def _layout(key: str, provider: str, pairs: list[tuple[str, str]], fallback_when: str = "") -> Layout:
    return Layout(key, provider, {norm_header(h): f for h, f in pairs}, fallback_when)


#: Alipay app export, "交易明细" sent by mail (2022 on): header block, then 12 columns, GBK.
ALIPAY_2022 = _layout(
    "alipay_2022",
    "alipay",
    [
        ("交易时间", "when"),
        ("交易分类", "kind"),
        ("交易对方", "counterparty"),
        ("对方账号", ""),
        ("商品说明", "item"),
        ("收/支", "direction"),
        ("金额", "amount"),
        ("收/付款方式", "method"),
        ("交易状态", "status"),
        ("交易订单号", "order"),
        ("商家订单号", ""),
        ("备注", ""),
    ],
)
#: Alipay website export (支付宝交易记录明细查询, before 2022): 16 columns, GBK, padded cells.
ALIPAY_WEB = _layout(
    "alipay_web",
    "alipay",
    [
        ("交易号", "order"),
        ("商家订单号", ""),
        ("交易创建时间", "created"),
        ("付款时间", "when"),
        ("最近修改时间", ""),
        ("交易来源地", ""),
        ("类型", "kind"),
        ("交易对方", "counterparty"),
        ("商品名称", "item"),
        ("金额（元）", "amount"),
        ("收/支", "direction"),
        ("交易状态", "status"),
        ("服务费（元）", ""),
        ("成功退款（元）", "refunded"),
        ("备注", ""),
        ("资金状态", "method"),
    ],
    fallback_when="created",
)
#: WeChat Pay bill (微信支付账单明细): header block, then 11 columns; CSV in UTF-8 or XLSX.
WECHAT = _layout(
    "wechat",
    "wechat",
    [
        ("交易时间", "when"),
        ("交易类型", "kind"),
        ("交易对方", "counterparty"),
        ("商品", "item"),
        ("收/支", "direction"),
        ("金额(元)", "amount"),
        ("支付方式", "method"),
        ("当前状态", "status"),
        ("交易单号", "order"),
        ("商户单号", ""),
        ("备注", ""),
    ],
)

LAYOUTS: tuple[Layout, ...] = (ALIPAY_2022, ALIPAY_WEB, WECHAT)
#: Words that make a row look like a bill's header even when it is not a layout we know.
HEADER_HINTS = frozenset(
    norm_header(h) for h in ("交易时间", "交易号", "金额", "金额(元)", "金额（元）", "收/支", "交易对方")
)


def match_layout(cells: list[object]) -> Layout | None:
    """The layout whose columns are exactly these (blank trailing cells ignored), or None."""
    names = frozenset(n for n in (norm_header(c) for c in cells) if n)
    return next((layout for layout in LAYOUTS if layout.headers == names), None)


def looks_like_header(cells: list[object]) -> bool:
    """A row that names two or more bill columns: a bill table, but perhaps not one we know."""
    return len({norm_header(c) for c in cells} & HEADER_HINTS) >= 2
