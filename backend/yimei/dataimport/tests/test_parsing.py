"""Cell values as old systems write them."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from django.utils import timezone

from yimei.core.errors import BusinessError
from yimei.dataimport import parsing
from yimei.dataimport.columns import normalize_header, resolve_mapping, suggest_mapping


@pytest.mark.parametrize("raw", ["1990-05-20", "1990/5/20", "1990.5.20", "1990年5月20日", "19900520",
                                 "1990-05-20 00:00:00", date(1990, 5, 20), datetime(1990, 5, 20, 8), "33013"])
def test_dates(raw):
    assert parsing.parse_date(raw) == date(1990, 5, 20)


@pytest.mark.parametrize("raw", ["1990-02-30", "昨天", "20/05/1990", "#N/A"])
def test_bad_dates(raw):
    with pytest.raises(ValueError):
        parsing.parse_date(raw)


def test_datetimes_are_local_time():
    moment = parsing.parse_datetime("2023/4/1 14:30")
    assert timezone.localtime(moment).strftime("%Y-%m-%d %H:%M") == "2023-04-01 14:30"
    assert timezone.localtime(parsing.parse_datetime("2023年4月1日 14时30分")).hour == 14
    assert parsing.parse_datetime("20230401143000") == parsing.parse_datetime("2023-04-01 14:30:00")
    assert parsing.parse_datetime("") is None


def test_small_values():
    assert parsing.gender("女士") == "female" and parsing.gender("M") == "male" and parsing.gender("") == ""
    assert parsing.boolean("已成交") is True and parsing.boolean("否") is False and parsing.boolean(" ") is None
    assert parsing.split_list("敏感肌；VIP、VIP,新客") == ["敏感肌", "VIP", "新客"]
    assert parsing.code_text("'138 0013 8000") == "13800138000"
    assert parsing.text("\u3000张三\xa0") == "张三"
    with pytest.raises(ValueError, match="最多 2 个字"):
        parsing.limited("张三丰", 2)
    with pytest.raises(ValueError, match="应为以下之一"):
        parsing.choice("初次", [("first", "初诊")])


def test_header_matching():
    assert normalize_header(" 现场咨询（工号）* ") == "现场咨询(工号)"
    headers = ["客户编号", "客户姓名", "联系电话", "联系电话2"]
    assert suggest_mapping("customers", headers)["phone"] == "联系电话"
    resolved = resolve_mapping("customers", [*headers, "备注"], {"notes": "", "phone": "联系电话2"})
    assert resolved.mapping == {"legacy_id": "客户编号", "name": "客户姓名", "phone": "联系电话2"}
    assert resolved.unused == ["联系电话", "备注"]
    with pytest.raises(BusinessError, match="姓名"):
        resolve_mapping("customers", ["客户编号", "电话"], {"phone": "电话"})
    with pytest.raises(BusinessError, match="2 列都叫"):
        resolve_mapping("customers", ["原系统编号", "姓名", "手机号", "手机号"], None)


def test_gbk_bytes_that_happen_to_be_valid_utf8_read_as_gbk():
    from yimei.dataimport.reader import decode_text

    # 女 in GBK is C5 AE, which is also UTF-8 for "Ů": the line must still read as GBK.
    data = "原系统编号,姓名,手机号,性别\nH0001,张三,13900001111,男\nH0005,,13900005555,女\n".encode("gbk")
    text, _label = decode_text(data)
    assert text.splitlines()[-1] == "H0005,,13900005555,女"
    mixed = "H1,张三,男\n".encode() + "H2,李四,女\nH3,,女\n".encode("gbk")
    assert decode_text(mixed)[0].splitlines() == ["H1,张三,男", "H2,李四,女", "H3,,女"]
    accents = "H1,Renée 张,女 😀\n".encode()
    assert decode_text(accents)[0] == "H1,Renée 张,女 😀\n"
