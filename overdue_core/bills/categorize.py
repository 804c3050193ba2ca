"""What a bill row is: a repayment or a payout of a credit platform, income of which kind, or
spending in which of the app's categories.

Why word lists: neither app says "this is a debt", but the names are stable — 花呗 is repaid as
"花呗主动还款", a card as "招商银行信用卡还款", 借呗 pays out as "借呗放款". Platforms come from
a fixed list, so a name that reaches the case is always one written here, never file text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from overdue_core.bills.rows import BillRow
from overdue_core.case.models import DebtKind, ExpenseCategory, Stability


@dataclass(frozen=True)
class Platform:
    """A credit platform: its key (catalog ``bills.platform.<key>``), kind, and the words naming it."""

    key: str
    kind: DebtKind
    words: tuple[str, ...]


#: Credit platforms, most specific first (美团借钱 before 美团月付, 金条 before 白条).
PLATFORMS: tuple[Platform, ...] = (
    Platform("huabei", DebtKind.BNPL, ("花呗",)),
    Platform("jiebei", DebtKind.INSTALLMENT_LOAN, ("借呗",)),
    Platform("jintiao", DebtKind.INSTALLMENT_LOAN, ("金条",)),
    Platform("baitiao", DebtKind.BNPL, ("白条",)),
    Platform("meituan_loan", DebtKind.INSTALLMENT_LOAN, ("美团借钱", "美团生活费")),
    Platform("meituan_later", DebtKind.BNPL, ("美团月付",)),
    Platform("weilidai", DebtKind.INSTALLMENT_LOAN, ("微粒贷",)),
    Platform("wangshangdai", DebtKind.INSTALLMENT_LOAN, ("网商贷",)),
    Platform("jiekuan360", DebtKind.INSTALLMENT_LOAN, ("360借条", "奇富借条")),
    Platform("duxiaoman", DebtKind.INSTALLMENT_LOAN, ("度小满", "有钱花")),
    Platform("fenqile", DebtKind.INSTALLMENT_LOAN, ("分期乐",)),
    Platform("anyihua", DebtKind.INSTALLMENT_LOAN, ("安逸花", "马上消费")),
    Platform("zhaolian", DebtKind.INSTALLMENT_LOAN, ("招联",)),
    Platform("paipaidai", DebtKind.INSTALLMENT_LOAN, ("拍拍贷", "信也")),
    Platform("huanbei", DebtKind.INSTALLMENT_LOAN, ("还呗",)),
    Platform("yangqianguan", DebtKind.INSTALLMENT_LOAN, ("洋钱罐",)),
    Platform("credit_card", DebtKind.CREDIT_CARD, ("信用卡",)),
)
#: Banks named in a card repayment ("招商银行信用卡还款" is the 招商银行 card).
BANKS: tuple[str, ...] = (
    "工商银行",
    "农业银行",
    "中国银行",
    "建设银行",
    "交通银行",
    "招商银行",
    "浦发银行",
    "中信银行",
    "光大银行",
    "民生银行",
    "兴业银行",
    "广发银行",
    "平安银行",
    "华夏银行",
    "邮储银行",
    "北京银行",
    "上海银行",
)
_REPAY = re.compile(r"还款|还钱|还本|还息|主动还|自动还|账单还")
_PAYOUT = re.compile(r"放款|借款|借钱|贷款到账|提现|取现|提款")


def _any_of(words: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile("|".join(re.escape(w) for w in words))


_PLATFORM_WORDS = [(p, _any_of(p.words)) for p in PLATFORMS]


def platform_of(row: BillRow) -> Platform | None:
    text = row.text
    return next((p for p, words in _PLATFORM_WORDS if words.search(text)), None)


def bank_of(row: BillRow) -> int | None:
    """Which of :data:`BANKS` a card repayment names (its index), or None."""
    return next((n for n, bank in enumerate(BANKS) if bank in row.text), None)


def is_repayment(row: BillRow) -> Platform | None:
    """A payment to a credit platform (money out, or a neutral transfer such as 花呗还款)."""
    if row.direction == "in" or row.state != "done":
        return None
    platform = platform_of(row)
    return platform if platform is not None and _REPAY.search(row.text) else None


def is_payout(row: BillRow) -> Platform | None:
    """Money lent to the person by a credit platform (借呗放款, a card cash advance is not read)."""
    if row.direction == "out" or row.state != "done":
        return None
    platform = platform_of(row)
    if platform is None or platform.kind is DebtKind.CREDIT_CARD or _REPAY.search(row.text):
        return None
    return platform if row.direction == "in" or _PAYOUT.search(row.text) else None


#: Income kinds: key (catalog ``bills.income.<key>``), stability, words.
INCOME_KINDS: tuple[tuple[str, Stability, tuple[str, ...]], ...] = (
    ("salary", Stability.FIXED, ("工资", "薪", "代发", "奖金")),
    ("business", Stability.VARIABLE, ("收款", "经营", "商家", "货款", "跑腿", "骑手", "司机", "滴滴车主", "佣金")),
    ("transfers", Stability.IRREGULAR, ("转账", "红包", "亲属卡", "亲情卡")),
)


def income_kind(row: BillRow) -> tuple[str, Stability]:
    for key, stability, words in INCOME_KINDS:
        if any(w in row.text for w in words):
            return key, stability
    return "other", Stability.IRREGULAR


#: Spending categories: Alipay's 交易分类 and common merchant words -> the app's categories.
CATEGORY_WORDS: tuple[tuple[ExpenseCategory, tuple[str, ...]], ...] = (
    (ExpenseCategory.HOUSING, ("住房物业", "房租", "租房", "物业", "自如", "房东")),
    (ExpenseCategory.UTILITIES, ("生活缴费", "水费", "电费", "燃气", "国家电网", "供电", "自来水")),
    (ExpenseCategory.PHONE_INTERNET, ("话费", "流量", "宽带", "中国移动", "中国联通", "中国电信", "充值缴费")),
    (ExpenseCategory.MEDICAL, ("医疗健康", "医院", "药房", "药店", "诊所", "医保")),
    (ExpenseCategory.EDUCATION, ("教育培训", "学费", "培训", "课程")),
    (ExpenseCategory.CHILDCARE, ("母婴亲子", "幼儿园", "托育", "奶粉")),
    (ExpenseCategory.INSURANCE, ("保险",)),
    (ExpenseCategory.FAMILY_SUPPORT, ("亲友代付", "亲属卡", "亲情卡")),
    (
        ExpenseCategory.TRANSPORT,
        ("交通出行", "滴滴", "地铁", "公交", "加油", "打车", "铁路", "12306", "停车", "单车", "高速"),
    ),
    (
        ExpenseCategory.FOOD,
        ("餐饮美食", "超市", "外卖", "饿了么", "美团外卖", "餐", "饭", "面馆", "生鲜", "便利店", "菜", "日用百货"),
    ),
    (ExpenseCategory.CLOTHING, ("服饰装扮", "服装", "鞋")),
    (ExpenseCategory.LEISURE, ("文化休闲", "娱乐", "运动户外", "酒店旅游", "游戏", "电影", "会员", "数码电器")),
)
#: Spending that is a choice, proposed as not essential (the person can change it).
OPTIONAL = frozenset({ExpenseCategory.LEISURE})
#: Moves between the person's own pockets and investments: neither income nor spending.
OWN_MONEY = re.compile(r"余额宝|零钱通|余利宝|理财通|理财|基金|转入零钱|零钱提现|零钱充值|提现")


_CATEGORY_PATTERNS = [(c, _any_of(words)) for c, words in CATEGORY_WORDS]


def category_of(row: BillRow) -> ExpenseCategory:
    text = row.text
    return next((c for c, words in _CATEGORY_PATTERNS if words.search(text)), ExpenseCategory.OTHER)
