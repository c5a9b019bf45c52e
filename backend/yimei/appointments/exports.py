"""Excel export of appointments: one row per line, phone numbers masked, cells safe from formula injection."""

from __future__ import annotations

import io

from django.db.models import QuerySet
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.utils import get_column_letter

from yimei.audit.exports import _safe
from yimei.core.personal import mask_phone

MAX_EXPORT_ROWS = 20_000


def _time(value) -> str:
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if value else ""


COLUMNS = [
    ("预约号", 18, lambda a, line: a.number),
    ("客户", 10, lambda a, line: a.customer.name),
    ("手机号", 14, lambda a, line: mask_phone(a.customer.phone)),
    ("类型", 8, lambda a, line: a.get_type_display()),
    ("状态", 8, lambda a, line: a.get_status_display()),
    ("来源", 10, lambda a, line: a.get_source_display()),
    ("项目/内容", 20, lambda a, line: line.item_name or line.title),
    ("员工", 10, lambda a, line: line.staff.name),
    ("房间/设备", 14, lambda a, line: line.resource.name if line.resource_id else ""),
    ("开始", 17, lambda a, line: _time(line.start)),
    ("结束", 17, lambda a, line: _time(line.end)),
    ("指定复查医生", 12, lambda a, line: line.recheck_doctor.name if line.recheck_doctor_id else ""),
    ("备注", 24, lambda a, line: a.note),
    ("取消原因", 20, lambda a, line: a.cancel_reason),
    ("预约人", 10, lambda a, line: a.created_by.name if a.created_by_id else ""),
    ("创建时间", 17, lambda a, line: _time(a.created_at)),
]


def appointment_workbook(queryset: QuerySet) -> bytes:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("预约")
    for index, (_, width, _getter) in enumerate(COLUMNS, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.append([title for title, _, _ in COLUMNS])
    for appointment in queryset.iterator(chunk_size=2000):
        for line in appointment.lines.all():
            sheet.append([_safe(getter(appointment, line)) for _, _, getter in COLUMNS])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
