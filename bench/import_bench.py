#!/usr/bin/env python3
"""Import benchmark: a 100,000-row Excel file of customers, checked (dry run) and imported.

    YIMEI_DATABASE_URL=postgres://postgres@127.0.0.1:55102/yimei .venv/bin/python bench/import_bench.py

It migrates the configured database, makes sure the bench staff exist (an importer whose customer scope is
"all" and a dozen consultants), generates a reproducible .xlsx (``--seed``) of valid customers — Chinese
names, unique mobile numbers and resident ID numbers with correct check digits, sources, consultants,
tags, birthdays, notes, file dates — and runs the import the way the API does (``services.create_job``
then ``start_import``, inline). It prints the seconds of the dry run and of the import, rows per second,
and with ``--rerun`` the time to run the same file again (every row unchanged). Target: dry run + import
≤ 120 s. The figures also go to bench/results/import-<database>.txt.
Exit status 1 when the file did not validate, the import did not finish or the target was missed.
"""

from __future__ import annotations

import argparse
import io
import os
import random
import sys
import time
from datetime import date, datetime, timedelta
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
BACKEND = REPO / "backend"
RESULTS = REPO / "bench" / "results"
TARGET_SECONDS = 120

SURNAMES = ("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢"
            "姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤")
GIVEN = tuple("婷静敏燕艳丽娟霞芳娜丹玲萍红颖琳倩雪慧莉璐瑶欣怡佳悦晨曦梦思雨月晓薇蕾洁琪妍茜嘉宁馨彤可心诗涵若菲楠"
              "伟强磊军洋勇杰涛斌超明刚平辉鹏华飞鑫波")
AREAS = ("110105", "110108", "310104", "310115", "440305", "440106", "330106", "320106", "510107", "420106",
         "610113", "500103", "120101", "370202", "350203")
SOURCES = ("网电", "自然到店", "转介绍", "美团", "新氧", "抖音", "小红书", "推广二维码")
TAGS = {"客户价值": ("VIP", "高潜力", "价格敏感"), "皮肤类型": ("敏感肌", "油性皮肤", "干性皮肤", "混合性皮肤")}
NOTES = ("", "", "", "老客户，偏好周末到院", "对价格敏感", "朋友介绍", "想做光子嫩肤", "曾在外院做过玻尿酸", "怕疼")
HEADERS = ["原系统编号", "姓名", "手机号", "性别", "生日", "身份证号", "来源渠道", "现场咨询(工号)", "网电咨询(工号)",
           "会员卡号", "标签", "过敏史", "备注", "建档时间"]
PASSWORD = "Bench@2026-pw"


def log(message: str) -> None:
    print(f"[import-bench] {message}", file=sys.stderr, flush=True)


def setup_django() -> None:
    sys.path.insert(0, str(BACKEND))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ["YIMEI_TASKS_ASYNC"] = "0"  # run the work inline, as the tests do
    import django

    django.setup()


def ensure_staff(consultants: int):
    """The importer (customer scope "all") and the consultants the file names, created once."""
    from yimei.accounts import services
    from yimei.accounts.choices import UnitKind
    from yimei.accounts.models import OrgUnit, Role, User
    from yimei.customers.models import SourceChannel, Tag, TagCategory

    hospital = OrgUnit.objects.filter(kind=UnitKind.HOSPITAL, parent__isnull=True).first() or \
        services.create_org_unit(name="导入压测医院", code="bench_import_hospital", kind=UnitKind.HOSPITAL)
    unit = OrgUnit.objects.filter(code="bench_import").first() or services.create_org_unit(
        name="导入压测科室", code="bench_import", kind=UnitKind.DEPARTMENT, parent=hospital)
    role = Role.objects.filter(code="bench_importer").first() or services.create_role(
        code="bench_importer", name="导入压测", permissions=["customers.customer.import", "customers.customer.view"],
        data_scopes=[{"module": "customers", "scope": "all", "units": []}])
    importer = User.objects.filter(username="bench_importer").first()
    if importer is None:
        importer = services.create_staff(username="bench_importer", name="导入压测员", staff_number="BI0000",
                                         org_unit=unit, password=PASSWORD, must_change_password=False)
        importer.roles.set([role])
    numbers = []
    for i in range(1, consultants + 1):
        number = f"BI{i:04d}"
        if not User.objects.filter(staff_number=number).exists():
            services.create_staff(username=f"bench_consultant{i}", name=f"咨询师{i}", staff_number=number,
                                  org_unit=unit, password=PASSWORD, must_change_password=False)
        numbers.append(number)
    for sort, name in enumerate(SOURCES):
        SourceChannel.objects.get_or_create(name=name, defaults={"sort": sort})
    for category_name, names in TAGS.items():
        category, _ = TagCategory.objects.get_or_create(name=category_name)
        for name in names:
            Tag.objects.get_or_create(category=category, name=name)
    return importer, numbers


def check_character(first17: str) -> str:
    weights = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
    return "10X98765432"[sum(int(d) * w for d, w in zip(first17, weights, strict=True)) % 11]


def generate_rows(count: int, seed: int, staff_numbers: list[str]) -> list[list]:
    rng = random.Random(seed)
    phones: set[str] = set()
    ids: set[str] = set()
    rows: list[list] = [HEADERS]
    start = datetime(2015, 1, 1)
    prefixes = ("135", "136", "137", "138", "139", "150", "151", "152", "158", "159", "186", "187", "188", "177", "199")
    for i in range(count):
        female = rng.random() < 0.85
        name = rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2, 2))))
        while True:
            phone = rng.choice(prefixes) + f"{rng.randrange(10**8):08d}"
            if phone not in phones:
                phones.add(phone)
                break
        birthday = date(1960, 1, 1) + timedelta(days=rng.randrange(365 * 45))
        id_number = ""
        if rng.random() < 0.6:
            while True:
                sequence = rng.randrange(500) * 2 + (0 if female else 1)
                first = f"{rng.choice(AREAS)}{birthday:%Y%m%d}{sequence:03d}"
                id_number = first + check_character(first)
                if id_number not in ids:
                    ids.add(id_number)
                    break
        tags = ";".join(rng.sample(TAGS["皮肤类型"], 1) + (["VIP"] if rng.random() < 0.2 else [])) \
            if rng.random() < 0.5 else ""
        created = start + timedelta(seconds=rng.randrange(int((datetime(2025, 12, 31) - start).total_seconds())))
        rows.append([
            f"BENCH{seed}-{i:07d}", name, phone, "女" if female else "男", birthday.isoformat(), id_number,
            rng.choice(SOURCES), rng.choice(staff_numbers), rng.choice(staff_numbers) if rng.random() < 0.4 else "",
            f"B{seed}{i:07d}" if rng.random() < 0.5 else "", tags, "青霉素过敏" if rng.random() < 0.05 else "",
            rng.choice(NOTES), created.strftime("%Y-%m-%d %H:%M"),
        ])
    return rows


def xlsx_bytes(rows: list[list]) -> bytes:
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet("数据")
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def run_once(importer, content: bytes, label: str) -> dict:
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.db import connection

    from yimei.dataimport import services
    from yimei.dataimport.models import ImportJob

    started = time.perf_counter()
    job = services.create_job(operator=importer, upload=SimpleUploadedFile("bench.xlsx", content), kind="customers")
    job.refresh_from_db()
    validated = time.perf_counter()
    log(f"{label}: dry run {validated - started:.1f} s — {job.get_status_display()}：{job.message}")
    if job.status != "validated":
        for group in job.summary.get("error_groups", [])[:10]:
            log(f"  {group['column']}: {group['message']} ×{group['count']} (rows {group['rows'][:5]})")
        return {"ok": False}
    services.start_import(job, operator=importer)
    job = ImportJob.objects.get(pk=job.pk)
    finished = time.perf_counter()
    log(f"{label}: import {finished - validated:.1f} s — {job.get_status_display()}：{job.message}")
    connection.close()
    return {"ok": job.status == "done", "rows": job.total_rows, "validate": validated - started,
            "import": finished - validated, "total": finished - started, "created": job.created_count,
            "updated": job.updated_count, "unchanged": job.unchanged_count}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=int(time.time()) % 100_000,
                        help="makes the file reproducible; a new seed gives new legacy ids, phones and ID numbers")
    parser.add_argument("--consultants", type=int, default=12)
    parser.add_argument("--rerun", action="store_true", help="import the same file again (every row unchanged)")
    parser.add_argument("--no-migrate", action="store_true")
    args = parser.parse_args()

    setup_django()
    from django.core.management import call_command
    from django.db import connection

    if not args.no_migrate:
        log("migrating")
        call_command("migrate", verbosity=0)
    importer, numbers = ensure_staff(args.consultants)
    log(f"generating {args.rows} rows (seed {args.seed})")
    started = time.perf_counter()
    content = xlsx_bytes(generate_rows(args.rows, args.seed, numbers))
    log(f"file: {len(content) / 1024 / 1024:.1f} MB in {time.perf_counter() - started:.1f} s (not timed)")

    first = run_once(importer, content, "first import")
    if not first["ok"]:
        return 1
    vendor = connection.vendor
    lines = [
        f"database           {vendor} ({connection.settings_dict.get('NAME')})",
        f"rows               {first['rows']}",
        f"file size          {len(content) / 1024 / 1024:.1f} MB (.xlsx)",
        f"dry run            {first['validate']:.1f} s ({first['rows'] / first['validate']:.0f} rows/s)",
        f"import             {first['import']:.1f} s ({first['rows'] / first['import']:.0f} rows/s), "
        f"created {first['created']}",
        f"dry run + import   {first['total']:.1f} s ({first['rows'] / first['total']:.0f} rows/s) "
        f"— target ≤ {TARGET_SECONDS} s: {'met' if first['total'] <= TARGET_SECONDS else 'MISSED'}",
    ]
    if args.rerun:
        again = run_once(importer, content, "re-run")
        if not again["ok"]:
            return 1
        lines.append(f"re-run same file   {again['total']:.1f} s (dry run {again['validate']:.1f} s + import "
                     f"{again['import']:.1f} s), unchanged {again['unchanged']}, created {again['created']}, "
                     f"updated {again['updated']}")
    text = "\n".join(lines)
    print(text)
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / f"import-{vendor}.txt").write_text(text + "\n")
    return 0 if first["total"] <= TARGET_SECONDS else 1


if __name__ == "__main__":
    sys.exit(main())
