"""Turning cell values into field values. Each parser raises ``ValueError`` with a message staff can act on."""

from __future__ import annotations

import re
from datetime import date, datetime, time

from django.utils import timezone

from yimei.dataimport.reader import Cell, excel_serial_to_datetime

_BLANKS = "\u3000\xa0\ufeff\u200b"
_SPLIT = re.compile(r"[;；、,，|｜\n]+")


def text(value: Cell) -> str:
    """The cell as trimmed text ("" for empty)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M:%S")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    return str(value).strip().strip(_BLANKS).strip()


def limited(value: Cell, max_length: int) -> str:
    result = text(value)
    if len(result) > max_length:
        raise ValueError(f"内容过长（{len(result)} 个字），最多 {max_length} 个字。")
    return result


def code_text(value: Cell) -> str:
    """Identifiers typed into Excel: drop the leading apostrophe that forces text, and inner spaces."""
    result = text(value).lstrip("'‘’`")
    return re.sub(r"[\s\u3000]", "", result)


def split_list(value: Cell) -> list[str]:
    seen: list[str] = []
    for part in _SPLIT.split(text(value)):
        part = part.strip().strip(_BLANKS)
        if part and part not in seen:
            seen.append(part)
    return seen


_GENDERS = {"男": "male", "男性": "male", "m": "male", "male": "male", "1": "male", "先生": "male",
            "女": "female", "女性": "female", "f": "female", "female": "female", "2": "female", "女士": "female",
            "未知": "unknown", "不详": "unknown", "unknown": "unknown", "0": "unknown", "9": "unknown",
            "未说明": "unknown"}


def gender(value: Cell) -> str:
    raw = text(value).lower()
    if not raw:
        return ""
    try:
        return _GENDERS[raw]
    except KeyError:
        raise ValueError("性别应为“男”“女”或“未知”。") from None


_YES = {"是", "y", "yes", "true", "1", "成交", "已成交", "√", "有"}
_NO = {"否", "n", "no", "false", "0", "未成交", "×", "无"}


def boolean(value: Cell) -> bool | None:
    if isinstance(value, bool):
        return value
    raw = text(value).lower()
    if not raw:
        return None
    if raw in _YES:
        return True
    if raw in _NO:
        return False
    raise ValueError("应填写“是”或“否”。")


def choice(value: Cell, choices: list[tuple[str, str]], *, extra: dict[str, str] | None = None) -> str:
    """A choice by its Chinese label or its code."""
    raw = text(value)
    if not raw:
        return ""
    lookup = {label: code for code, label in choices} | {code: code for code, _ in choices} | (extra or {})
    if raw in lookup:
        return lookup[raw]
    raise ValueError(f"应为以下之一：{'、'.join(label for _, label in choices)}。")


_DATE = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$")
_COMPACT_DATE = re.compile(r"^(\d{4})(\d{2})(\d{2})$")
_DATETIME = re.compile(
    r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?"
    r"(?:[\sT]+(\d{1,2})\s*[:：时]\s*(\d{1,2})(?:\s*[:：分]\s*(\d{1,2})(?:\.\d+)?\s*秒?)?\s*分?)?\s*(?:Z|[+-]\d{2}:?\d{2})?$"
)
_COMPACT_DATETIME = re.compile(r"^(\d{4})(\d{2})(\d{2})(?:\s*(\d{2})(\d{2})(\d{2})?)?$")


def _serial(raw: str) -> date | datetime | None:
    # A date column exported without its date format: an Excel serial such as 43831 or 43831.5.
    try:
        number = float(raw)
    except ValueError:
        return None
    if 1 <= number < 2958466 and len(raw.split(".")[0]) <= 5:
        return excel_serial_to_datetime(number)
    return None


def parse_date(value: Cell) -> date | None:
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    raw = text(value)
    if not raw:
        return None
    match = _DATE.match(raw) or _COMPACT_DATE.match(raw)
    if not match:
        head = raw.split(" ")[0].split("T")[0]
        match = _DATE.match(head) if head != raw else None
    try:
        if match:
            return date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
    except ValueError:
        raise ValueError(f"日期“{raw}”不存在。") from None
    serial = _serial(raw)
    if serial is not None:
        return serial if not isinstance(serial, datetime) else serial.date()
    raise ValueError(f"无法识别的日期“{raw}”，请写作 1990-05-20。")


def parse_datetime(value: Cell) -> datetime | None:
    """A local (Asia/Shanghai) date and time, returned time-zone aware."""
    if value is None:
        return None
    if isinstance(value, datetime):
        moment = value
    elif isinstance(value, date):
        moment = datetime.combine(value, time())
    else:
        raw = text(value)
        if not raw:
            return None
        match = _DATETIME.match(raw) or _COMPACT_DATETIME.match(raw)
        if match:
            parts = [int(g) if g else 0 for g in match.groups()]
            try:
                moment = datetime(*parts[:6])
            except ValueError:
                raise ValueError(f"日期时间“{raw}”不存在。") from None
        else:
            serial = _serial(raw)
            if serial is None:
                raise ValueError(f"无法识别的日期时间“{raw}”，请写作 2023-04-01 14:30。")
            moment = serial if isinstance(serial, datetime) else datetime.combine(serial, time())
    if moment.tzinfo is None:
        moment = timezone.make_aware(moment, timezone.get_default_timezone())
    return moment
