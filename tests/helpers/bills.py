"""Hand-made bill exports, written from code in the layouts the apps use (made-up people and amounts).

One person over three months (August to October 2026), paid by Alipay and WeChat Pay: a salary,
food, rent and rides, closed and pending rows, refunds in full and in part, 花呗, a 招商银行
card, 微粒贷 and 美团月付 repaid each month, and one 借呗 loan paid out on 5 October then, three
days later, 花呗 is repaid (borrowing to repay). The expected figures are worked out by
hand in the tests that use them.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass

ALIPAY_HEADER = (
    "交易时间,交易分类,交易对方,对方账号,商品说明,收/支,金额,收/付款方式,交易状态,交易订单号,商家订单号,备注".split(",")
)
ALIPAY_WEB_HEADER = (
    "交易号,商家订单号,交易创建时间,付款时间,最近修改时间,交易来源地,类型,交易对方,"
    "商品名称,金额（元）,收/支,交易状态,服务费（元）,成功退款（元）,备注,资金状态"
).split(",")
WECHAT_HEADER = "交易时间,交易类型,交易对方,商品,收/支,金额(元),支付方式,当前状态,交易单号,商户单号,备注".split(",")


@dataclass(frozen=True)
class Tx:
    when: str
    kind: str
    other: str
    item: str
    direction: str  # 收入 / 支出 / 不计收支 (WeChat writes "/" for the last)
    amount: str
    status: str = "交易成功"


def alipay_rows() -> list[Tx]:
    rows: list[Tx] = []
    for month, repay_day in (("08", "09"), ("09", "09"), ("10", "08")):
        rows += [
            Tx(f"2026-{month}-10 09:00:00", "转账红包", "某某科技有限公司", f"{int(month)}月工资", "收入", "6000.00"),
            Tx(f"2026-{month}-01 10:00:00", "住房物业", "张房东", "房租", "支出", "2000.00"),
            Tx(f"2026-{month}-03 12:30:00", "餐饮美食", "兰州拉面", "午饭", "支出", "35.50"),
            Tx(f"2026-{month}-04 08:10:00", "交通出行", "滴滴出行", "快车", "支出", "28.00"),
            Tx(
                f"2026-{month}-{repay_day} 20:00:00",
                "信用借还",
                "花呗",
                f"花呗主动还款-2026年{month}月账单",
                "不计收支",
                "1200.00",
            ),
            Tx(f"2026-{month}-20 20:00:00", "信用借还", "招商银行", "信用卡还款", "不计收支", "2500.00"),
            Tx(f"2026-{month}-21 10:00:00", "投资理财", "余额宝", "转入余额宝", "不计收支", "100.00"),
        ]
    rows += [
        Tx("2026-08-15 18:00:00", "日用百货", "某某超市", "日用品", "支出", "300.00"),  # 100.00 of it refunded
        Tx("2026-08-17 18:00:00", "退款", "某某超市", "退款-日用品", "不计收支", "100.00", "退款成功"),
        Tx("2026-09-12 18:00:00", "服饰装扮", "某服装店", "外套", "支出", "120.00", "交易关闭"),  # refunded in full
        Tx("2026-09-13 18:00:00", "退款", "某服装店", "退款-外套", "不计收支", "120.00", "退款成功"),
        Tx("2026-09-25 18:00:00", "日用百货", "某网店", "杯子", "支出", "99.00", "等待付款"),
        Tx("2026-10-05 09:00:00", "信用借还", "借呗", "借呗放款至余额", "不计收支", "3000.00"),
    ]
    return rows


def wechat_rows() -> list[Tx]:
    rows: list[Tx] = []
    for month in ("08", "09", "10"):
        rows += [
            Tx(f"2026-{month}-06 12:00:00", "商户消费", "美团外卖", "午餐", "支出", "¥45.00", "支付成功"),
            Tx(f"2026-{month}-15 21:00:00", "微粒贷还款", "微众银行", "微粒贷还款", "/", "¥800.00", "支付成功"),
            Tx(f"2026-{month}-25 21:00:00", "美团月付还款", "美团", "美团月付还款", "/", "¥1,050.00", "支付成功"),
        ]
    rows += [
        Tx("2026-08-18 19:00:00", "转账", "老朋友", "转账备注:微信转账", "收入", "¥500.00", "已存入零钱"),
        Tx("2026-09-07 19:00:00", "商户消费", "某生鲜店", "水果", "支出", "¥100.00", "已退款(￥30.00)"),
        Tx("2026-09-08 19:00:00", "某生鲜店-退款", "某生鲜店", "/", "收入", "¥30.00", "已全额退款"),
        Tx("2026-09-09 19:00:00", "商户消费", "某餐厅", "晚饭", "支出", "¥60.00", "已全额退款"),
        Tx("2026-09-10 19:00:00", "零钱提现", "招商银行(1234)", "/", "/", "¥200.00", "提现已到账"),
        Tx("2026-10-11 19:00:00", "商户消费", "某商店", "/", "支出", "¥10.00", "支付失败"),
    ]
    return rows


def _padded(cells: list[str]) -> list[str]:
    """Alipay pads every cell and ends each line with a comma."""
    return [f"{cell:<20}" for cell in cells] + [""]


def alipay_csv(rows: list[Tx] | None = None, encoding: str = "gbk") -> bytes:
    """The Alipay app's export (2022 on): dashes, the 导出信息 block, padded cells, trailing commas."""
    rows = alipay_rows() if rows is None else rows
    out = io.StringIO()
    out.write("-" * 84 + "\n导出信息：\n姓名：某某\n支付宝账户：someone@example.com\n")
    out.write("起始时间：[2026-08-01 00:00:00]    终止时间：[2026-10-31 23:59:59]\n导出交易类型：[全部]\n")
    out.write(f"共{len(rows)}笔记录\n\n特别提示：\n1.本明细仅供个人对账使用。\n\n")
    out.write("-" * 24 + "支付宝（中国）网络技术有限公司  电子客户回单" + "-" * 24 + "\n")
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(_padded(ALIPAY_HEADER))
    for n, tx in enumerate(rows):
        cells = [
            tx.when,
            tx.kind,
            tx.other,
            "/",
            tx.item,
            tx.direction,
            tx.amount,
            "余额",
            tx.status,
            f"2026{n:08d}\t",
            "",
            "",
        ]
        writer.writerow(_padded(cells))
    return out.getvalue().encode(encoding)


def alipay_web_csv(rows: list[Tx] | None = None) -> bytes:
    """The older website export (支付宝交易记录明细查询), GBK, with its footer."""
    rows = alipay_rows() if rows is None else rows
    out = io.StringIO()
    out.write(
        "支付宝交易记录明细查询\n账号:[someone@example.com]\n"
        "起始日期:[2026-08-01 00:00:00]    终止日期:[2026-10-31 23:59:59]\n"
    )
    out.write("---------------------------------交易记录明细列表------------------------------------\n")
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(_padded(ALIPAY_WEB_HEADER))
    for n, tx in enumerate(rows):
        refunded = "100.00" if tx.item == "日用品" else "0.00"
        direction = "" if tx.direction == "不计收支" else tx.direction
        cells = [
            f"2026{n:08d}",
            "",
            tx.when,
            tx.when,
            tx.when,
            "支付宝网站",
            "即时到账交易",
            tx.other,
            tx.item,
            tx.amount,
            direction,
            tx.status,
            "0.00",
            refunded,
            "",
            "",
        ]
        writer.writerow(_padded(cells))
    out.write("------------------------------------------------------------------------------------\n")
    out.write(f"共{len(rows)}笔记录\n导出时间:[2026-11-01 10:00:00]\n")
    return out.getvalue().encode("gbk")


def _wechat_block(rows: list[Tx]) -> list[list[str]]:
    blank = [""] * 10
    lines = [
        ["微信支付账单明细", *blank],
        ["微信昵称：[某某]", *blank],
        ["起始时间：[2026-08-01 00:00:00] 终止时间：[2026-10-31 23:59:59]", *blank],
        ["导出类型：[全部]", *blank],
        ["导出时间：[2026-11-01 10:00:00]", *blank],
        [""] * 11,
        [f"共{len(rows)}笔记录", *blank],
        ["收入：2笔 530.00元", *blank],
        ["注：", *blank],
        [""] * 11,
        ["----------------------微信支付账单明细列表--------------------", *blank],
        WECHAT_HEADER,
    ]
    for n, tx in enumerate(rows):
        lines.append(
            [
                tx.when,
                tx.kind,
                tx.other,
                tx.item,
                tx.direction,
                tx.amount,
                "零钱",
                tx.status,
                f"42000{n:06d}\t",
                f"{n}\t",
                "/",
            ]
        )
    return lines


def wechat_csv(rows: list[Tx] | None = None, encoding: str = "utf-8-sig") -> bytes:
    """WeChat Pay's CSV bill: UTF-8 with a BOM, its header block, ¥ amounts."""
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(_wechat_block(wechat_rows() if rows is None else rows))
    return out.getvalue().encode(encoding)


def wechat_xlsx(rows: list[Tx] | None = None) -> bytes:
    """WeChat Pay's XLSX bill: the same block and table on the first sheet."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    for line in _wechat_block(wechat_rows() if rows is None else rows):
        sheet.append([cell or None for cell in line])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
