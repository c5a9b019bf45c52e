"""Excel export of customers: phone and ID numbers masked, cells safe from formula injection."""

from __future__ import annotations

import io

from django.db.models import QuerySet
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.utils import get_column_letter

from yimei.audit.exports import _safe
from yimei.core.personal import mask_phone

MAX_EXPORT_ROWS = 50_000


def _date(value) -> str:
    return value.strftime("%Y-%m-%d") if value else ""


COLUMNS = [
    ("档案号", 10, lambda c: c.pk),
    ("姓名", 12, lambda c: c.name),
    ("性别", 6, lambda c: c.get_gender_display()),
    ("手机号", 14, lambda c: mask_phone(c.phone)),
    ("来源渠道", 12, lambda c: c.source.name if c.source_id else ""),
    ("现场咨询", 10, lambda c: c.consultant.name if c.consultant_id else ""),
    ("网电咨询", 10, lambda c: c.online_consultant.name if c.online_consultant_id else ""),
    ("会员等级", 10, lambda c: c.tier.name if c.tier_id else ""),
    ("标签", 24, lambda c: "、".join(ct.tag.name for ct in c.customer_tags.all())),
    ("会员卡号", 14, lambda c: c.card_number),
    ("首次到院", 12, lambda c: _date(c.first_visit_on)),
    ("最近到院", 12, lambda c: _date(c.last_visit_on)),
    ("到院次数", 8, lambda c: c.visit_count),
    ("同意营销信息", 10, lambda c: "是" if c.marketing_consent else "否"),
    ("建档时间", 18, lambda c: timezone.localtime(c.created_at).strftime("%Y-%m-%d %H:%M")),
]


def customer_workbook(queryset: QuerySet) -> bytes:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("客户")
    for index, (_, width, _getter) in enumerate(COLUMNS, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.append([title for title, _, _ in COLUMNS])
    # Prefetching needs chunks: iterate page by page so tags come in one query per 2000 customers.
    rows = queryset[:MAX_EXPORT_ROWS]
    for customer in rows.iterator(chunk_size=2000):
        sheet.append([_safe(getter(customer)) for _, _, getter in COLUMNS])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
