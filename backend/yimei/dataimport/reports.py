"""Workbooks the import writes: the row-by-row error report and the template each kind ships with."""

from __future__ import annotations

import io
from pathlib import Path

from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from yimei.audit.exports import _safe as safe_cell  # formula-injection guard shared with the log export
from yimei.dataimport.choices import ImportKind
from yimei.dataimport.columns import columns_of
from yimei.dataimport.engine import RowError
from yimei.dataimport.fastxlsx import Sheet, workbook

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
TEMPLATE_DIR = Path(__file__).resolve().parent / "templates_files"
TEMPLATE_FILES = {kind: f"{kind}-template.xlsx" for kind in ImportKind.values}

_RED = PatternFill("solid", fgColor="FFC0504D")
_GREY = PatternFill("solid", fgColor="FFD9D9D9")
_BOLD_WHITE = Font(bold=True, color="FFFFFFFF")
_BOLD = Font(bold=True)


def error_workbook(errors: list[RowError], *, groups: list[dict], error_rows: int, error_lines: int) -> bytes:
    """错误明细 (row, column, value — phones and ID numbers masked — and message) and 汇总 by kind of error."""
    details = Sheet("错误明细", widths=(8, 18, 28, 70))
    details.append(("行号", "列", "内容", "错误说明"))
    for error in errors:
        details.append((error.row, safe_cell(error.column), safe_cell(error.value), safe_cell(error.message)))
    summary = Sheet("汇总", widths=(18, 50, 10, 40), bold_first_row=False)
    summary.append([f"共 {error_rows} 行有错误，{error_lines} 处错误。"
                    "修正后请重新上传整个文件；已导入的行不会重复导入。"])
    if error_lines > len(errors):
        summary.append([f"错误明细只列出前 {len(errors)} 处。"])
    summary.append([])
    summary.append(["列", "错误", "行数", "示例行号"])
    for group in groups:
        summary.append([safe_cell(group["column"]), safe_cell(group["message"]), group["count"],
                        "、".join(str(r) for r in group["rows"])])
    return workbook([details, summary])


def template_workbook(kind: str) -> bytes:
    """The import template of ``kind``: 数据 (headers, text-formatted id columns), 说明 and 示例."""
    columns = columns_of(kind)
    book = Workbook()
    data = book.active
    data.title = "数据"
    for index, column in enumerate(columns, start=1):
        cell = data.cell(row=1, column=index, value=column.label)
        cell.font = _BOLD_WHITE if column.required else _BOLD
        cell.fill = _RED if column.required else _GREY
        cell.alignment = Alignment(horizontal="center")
        note = ("必填。" if column.required else "选填。") + (column.help or "")
        cell.comment = Comment(note, "YiMei CRM", width=300, height=110)
        dimension = data.column_dimensions[get_column_letter(index)]
        dimension.width = max(column.width, len(column.label) * 2 + 4)
        if column.text_format:
            # Long numbers (phone, ID number) keep every digit; staff numbers keep leading zeros.
            dimension.number_format = "@"
    data.freeze_panes = "A2"

    notes = book.create_sheet("说明")
    notes.column_dimensions["A"].width = 18
    notes.column_dimensions["B"].width = 8
    notes.column_dimensions["C"].width = 80
    notes.column_dimensions["D"].width = 24
    lines = [
        f"{ImportKind(kind).label}导入模板",
        "1. 在“数据”工作表第 2 行起每行填写一条记录，不要修改第 1 行的列名；红色列为必填。",
        "2. 也可上传原系统导出的 Excel（.xlsx）或 CSV（UTF-8 或 GBK 编码均可）文件，在“列对应”中指定每个字段对应的列。",
        "3. 上传后系统先做校验（不写入任何数据），有错误时可下载错误报告，修正后重新上传整个文件。",
        "4. 校验通过后点击“开始导入”：全部成功才写入，任何一行失败都不会留下部分数据。",
        "5. 同一文件可重复导入：按“原系统编号”识别已导入的记录，数据相同则不变，不同则以文件中非空的内容更新。",
        "6. 单个文件不超过 20 MB、200,000 行。",
    ]
    for line in lines:
        notes.append([line])
    notes["A1"].font = Font(bold=True, size=14)
    notes.append([])
    notes.append(["列名", "必填", "说明", "示例"])
    for cell in notes[notes.max_row]:
        cell.font = _BOLD
    for column in columns:
        notes.append([column.label, "是" if column.required else "", column.help, column.example])

    sample = book.create_sheet("示例")
    sample.append([c.label for c in columns])
    sample.append([c.example for c in columns])
    for index, column in enumerate(columns, start=1):
        sample.column_dimensions[get_column_letter(index)].width = max(column.width, len(column.label) * 2 + 4)
        sample.cell(row=2, column=index).number_format = "@"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def shipped_template(kind: str) -> bytes:
    """The template file that ships with the product (``templates_files/``), or a freshly built one."""
    path = TEMPLATE_DIR / TEMPLATE_FILES[kind]
    if path.exists():
        return path.read_bytes()
    return template_workbook(kind)


def write_shipped_templates() -> list[Path]:
    TEMPLATE_DIR.mkdir(exist_ok=True)
    written = []
    for kind in ImportKind.values:
        path = TEMPLATE_DIR / TEMPLATE_FILES[kind]
        path.write_bytes(template_workbook(kind))
        written.append(path)
    return written
