"""Excel export of the operation log."""

from __future__ import annotations

import io

from django.db.models import QuerySet
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.utils import get_column_letter

from yimei.audit.choices import Result

# Enough for a month of a busy department; larger ranges must be narrowed by the filters.
MAX_EXPORT_ROWS = 50_000

COLUMNS = [
    ("时间", lambda r: timezone.localtime(r.created_at).strftime("%Y-%m-%d %H:%M:%S")),
    ("操作人", lambda r: r.operator_name),
    ("工号", lambda r: r.staff_number),
    ("模块", lambda r: r.module),
    ("操作", lambda r: r.action),
    ("对象类型", lambda r: r.object_type),
    ("对象编号", lambda r: r.object_id),
    ("对象", lambda r: r.object_repr),
    ("结果", lambda r: Result(r.result).label if r.result in Result.values else r.result),
    ("说明", lambda r: r.message),
    ("IP 地址", lambda r: r.ip or ""),
    ("请求编号", lambda r: r.request_id),
]


def _safe(value: object) -> object:
    # Cells starting with = + - @ would run as formulas in Excel (CSV/formula injection).
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@"):
        return "'" + value
    return value


def operation_log_workbook(queryset: QuerySet) -> bytes:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("操作日志")
    for index, width in enumerate([20, 10, 10, 12, 16, 20, 10, 24, 8, 30, 16, 34], start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.append([title for title, _ in COLUMNS])
    for row in queryset[:MAX_EXPORT_ROWS].iterator(chunk_size=2000):
        sheet.append([_safe(getter(row)) for _, getter in COLUMNS])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
