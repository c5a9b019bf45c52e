"""Receipts (收据) of payments and refunds: the data as JSON for a printable page, and a PDF (reportlab, with the
built-in CID font STSong-Light for Chinese: no font files)."""

from __future__ import annotations

import io
from typing import Any

from django.utils import timezone

from yimei.core.personal import mask_phone
from yimei.sales.choices import PaymentKind
from yimei.sales.models import Payment

TITLES = {PaymentKind.SALE: "收费收据", PaymentKind.REPAYMENT: "还款收据", PaymentKind.DEPOSIT: "定金收据",
          PaymentKind.REFUND: "退款凭证"}


def hospital_name() -> str:
    from yimei.accounts.models import OrgUnit

    root = OrgUnit.objects.filter(parent__isnull=True, is_active=True).order_by("sort", "id").first()
    return root.name if root is not None else "医学美容科"


def receipt_data(payment: Payment) -> dict[str, Any]:
    order = payment.order
    lines = []
    if order is not None and payment.kind != PaymentKind.DEPOSIT:
        lines = [{"name": line.name, "quantity": line.quantity, "unit": line.unit,
                  "unit_price_amount": str(line.unit_price_amount), "total_amount": str(line.total_amount)}
                 for line in order.lines.all().order_by("sort", "id")]
    return {
        "hospital": hospital_name(),
        "title": TITLES.get(payment.kind, "收据"),
        "number": payment.number,
        "kind": payment.kind,
        "order_number": order.number if order is not None else None,
        "customer_name": payment.customer.name,
        "customer_phone": mask_phone(payment.customer.phone),
        "lines": lines,
        "order_total_amount": str(order.total_amount) if order is not None else None,
        "total_amount": str(payment.total_amount),
        "change_amount": str(payment.change_amount),
        "debt_amount": str(order.debt_amount) if order is not None else None,
        "entries": [{"mode": e.mode_name, "amount": str(e.amount),
                     "tendered_amount": str(e.tendered_amount) if e.tendered_amount is not None else None,
                     "reference": e.reference} for e in payment.entries.all()],
        "cashier": payment.cashier.name,
        "printed_at": timezone.now(),
        "paid_at": payment.created_at,
    }


def receipt_pdf(data: dict[str, Any]) -> bytes:
    """A narrow receipt (80 mm wide, as a thermal printer's paper) with the data of :func:`receipt_data`."""
    from reportlab.lib.units import mm
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    font = "STSong-Light"
    if font not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont(font))
    width = 80 * mm
    rows: list[tuple[str, str]] = [("单号", data["number"])]
    if data["order_number"]:
        rows.append(("订单", data["order_number"]))
    rows += [("客户", f"{data['customer_name']} {data['customer_phone']}")]
    body: list[tuple[str, str]] = [(f"{line['name']} ×{line['quantity']}{line['unit']}", f"¥{line['total_amount']}")
                                   for line in data["lines"]]
    if data["order_total_amount"]:
        body.append(("订单应收", f"¥{data['order_total_amount']}"))
    modes = [(e["mode"] + (f"（流水 {e['reference']}）" if e["reference"] else ""), f"¥{e['amount']}")
             for e in data["entries"]]
    totals = [("本次金额", f"¥{data['total_amount']}")]
    if data["change_amount"] not in ("0.00", "0"):
        totals.append(("找零", f"¥{data['change_amount']}"))
    if data["debt_amount"] not in (None, "0.00", "0"):
        totals.append(("尚欠", f"¥{data['debt_amount']}"))
    paid_at = timezone.localtime(data["paid_at"]).strftime("%Y-%m-%d %H:%M")
    footer = [("收银员", data["cashier"]), ("时间", paid_at)]
    height = (40 + 6 * (len(rows) + len(body) + len(modes) + len(totals) + len(footer)) + 20) * mm / 1.6
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=(width, height))
    pdf.setTitle(f"{data['title']} {data['number']}")
    y = height - 10 * mm
    pdf.setFont(font, 11)
    pdf.drawCentredString(width / 2, y, data["hospital"])
    y -= 6 * mm
    pdf.setFont(font, 10)
    pdf.drawCentredString(width / 2, y, data["title"])
    y -= 6 * mm
    pdf.setFont(font, 8)
    for block in (rows, body, modes, totals, footer):
        pdf.line(4 * mm, y + 2.5 * mm, width - 4 * mm, y + 2.5 * mm)
        for left, right in block:
            pdf.drawString(4 * mm, y, left[:28])
            pdf.drawRightString(width - 4 * mm, y, right)
            y -= 4.2 * mm
        y -= 1.5 * mm
    pdf.drawCentredString(width / 2, max(y, 4 * mm), "请妥善保管本凭证")
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()
