"""One transaction of a bill, validated, and what its status means for the person's money.

Why a model: the rows come from a file anyone could have written (and back from the reading
child as JSON), so each is validated again by pydantic before any figure is built from it.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, StringConstraints

from overdue_core.case.money import Money

Text = Annotated[str, StringConstraints(strip_whitespace=True, max_length=200)]
Direction = Literal["in", "out", "neutral"]
#: done: the money moved · closed: it never did (or came back in full) · pending: not yet paid ·
#: refund: a refund row of its own (Alipay) · refunded: a WeChat row refunded in full.
State = Literal["done", "closed", "pending", "refund", "refunded"]


class BillRow(BaseModel):
    """A transaction as read from the file: which file and line, when, who, how much, which way."""

    model_config = ConfigDict(hide_input_in_errors=True, extra="forbid", frozen=True)

    file: int = 0
    line: int
    provider: Literal["alipay", "wechat"]
    when: dt.datetime
    kind: Text = ""
    counterparty: Text = ""
    item: Text = ""
    method: Text = ""
    status: Text = ""
    direction: Direction
    amount: Money
    refunded: Money = Decimal("0.00")  # part of the amount given back (a partial refund)
    state: State = "done"

    @property
    def text(self) -> str:
        """Everything that names the other side and the purpose, for matching words."""
        return f"{self.kind} {self.counterparty} {self.item}"

    @property
    def net(self) -> Decimal:
        """What the row moved, less what came back."""
        return max(self.amount - self.refunded, Decimal("0.00"))


DIRECTIONS = {"收入": "in", "支出": "out", "不计收支": "neutral", "/": "neutral", "": "neutral", "其他": "neutral"}
_PARTIAL = re.compile(r"已退款\s*[(（]?\s*[¥￥]?\s*([\d,]+(?:\.\d{1,2})?)")


def read_state(provider: str, status: str, kind: str) -> tuple[State, str | None]:
    """The row's state, and for a WeChat partial refund ("已退款(￥12.00)") the amount given back."""
    if provider == "wechat":
        if "退款" in kind:
            return "refund", None  # the refund's own row ("美团-退款"): its purchase row already says so
        if "全额退款" in status:
            return "refunded", None
        if match := _PARTIAL.search(status):
            return "done", match.group(1)
    if any(word in status for word in ("关闭", "失败", "撤销", "已取消")):
        return "closed", None
    if "退款" in status:
        return "refund", None
    if any(word in status for word in ("等待付款", "待付款", "等待对方付款", "支付中", "处理中", "待支付")):
        return "pending", None
    return "done", None
