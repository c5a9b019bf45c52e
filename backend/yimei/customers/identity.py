"""Chinese identifiers of a person: resident ID numbers (GB 11643-1999) and name pinyin."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from pypinyin import Style, lazy_pinyin

_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_CHECK = "10X98765432"
_ID = re.compile(r"^\d{17}[\dX]$")


@dataclass(frozen=True)
class IdInfo:
    number: str
    birthday: date
    gender: str  # "male" | "female"


def check_character(first17: str) -> str:
    return _CHECK[sum(int(d) * w for d, w in zip(first17, _WEIGHTS, strict=True)) % 11]


def parse_id_number(raw: str) -> IdInfo:
    """Validate an 18-digit resident ID number; return it normalised with its birth date and gender.

    Raises ValueError with a message staff can act on.
    """
    number = (raw or "").strip().upper().replace(" ", "")
    if not _ID.match(number):
        raise ValueError("身份证号应为 18 位，前 17 位为数字，最后一位为数字或 X。")
    if check_character(number[:17]) != number[17]:
        raise ValueError("身份证号校验位不正确，请核对。")
    try:
        birthday = date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        raise ValueError("身份证号中的出生日期无效。") from None
    if birthday.year < 1900 or birthday > date.today():
        raise ValueError("身份证号中的出生日期无效。")
    gender = "male" if int(number[16]) % 2 else "female"
    return IdInfo(number, birthday, gender)


_WORD = re.compile(r"[a-z0-9]+")


@lru_cache(maxsize=4096)
def _syllables(name: str) -> tuple[str, ...]:
    """Chinese characters become their pinyin syllables; Latin words and digits are kept as words."""
    pieces = lazy_pinyin(name, style=Style.NORMAL, errors="default", v_to_u=False)
    return tuple(word for piece in pieces for word in _WORD.findall(piece.lower()))


def pinyin_of(name: str) -> str:
    """张三 → zhangsan (ASCII names lower-cased, spaces dropped)."""
    return "".join(_syllables((name or "").strip()))[:128]


def initials_of(name: str) -> str:
    """张三 → zs."""
    return "".join(s[0] for s in _syllables((name or "").strip()) if s)[:32]
