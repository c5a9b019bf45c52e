"""Fixtures of the import tests: inline work, private files under a temporary folder, file builders."""

from __future__ import annotations

import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

CODE = "customers.customer.import"
CUSTOMER_HEADERS = ["原系统编号", "姓名", "手机号", "性别", "生日", "身份证号", "来源渠道", "现场咨询(工号)",
                    "网电咨询(工号)",
                    "会员卡号", "标签", "过敏史", "备注", "建档时间"]


@pytest.fixture(autouse=True)
def _inline_and_private(settings, tmp_path):
    settings.YIMEI_TASKS_ASYNC = False
    settings.STORAGES = {**settings.STORAGES, "default": {
        "BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": str(tmp_path / "media")}}}


def csv_bytes(rows: list[list], *, encoding: str = "utf-8", delimiter: str = ",") -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    return buffer.getvalue().encode(encoding)


def xlsx_bytes(rows: list[list], *, title: str = "Sheet1") -> bytes:
    book = Workbook(write_only=True)
    sheet = book.create_sheet(title)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def upload(client, content: bytes, *, name: str = "客户.csv", kind: str = "customers", **extra):
    data = {"file": SimpleUploadedFile(name, content), "kind": kind}
    for key, value in extra.items():
        if isinstance(value, dict):
            import json

            value = json.dumps(value, ensure_ascii=False)
        data[key] = value
    return client.post("/api/v1/imports/", data, format="multipart")


@pytest.fixture
def importer(make_staff):
    return make_staff([CODE, "customers.customer.view"], scopes={"customers": "all"})


@pytest.fixture
def consultants(make_staff, org):
    """Two active consultants (S-numbers shown in files) and one who has left."""
    from yimei.accounts.models import User

    active = make_staff(unit=org["team_a1"])
    online = make_staff(unit=org["team_a2"])
    left = make_staff(unit=org["team_a1"])
    User.objects.filter(pk=left.pk).update(is_active=False)
    left.refresh_from_db()
    return {"active": active, "online": online, "left": left}
