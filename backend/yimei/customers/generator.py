"""Realistic customers with history, for the benchmarks (``bench/``) and the demo clinic (``seed_demo``).

``generate(customers=N, events_per_customer=10, seed=42)`` writes customer files with their tags and consents,
visits, consultations and timeline events spread over the last three years:

* names from weighted common surnames with one- or two-character given names (86 % women, as in the
  department), pinyin and initials computed as ``Customer.save`` does;
* unique, valid mainland mobile numbers; a valid 18-digit resident ID number for about 40 % of customers
  (Sichuan area codes first, birthday and gender taken from it, check character per GB 11643-1999);
* sources with realistic weights; online consultants for leads from online channels; the owning on-site
  consultant assigned at the first consultation triage, the file's unit being the consultant's unit;
* visits whose kinds follow the history (初诊, then 复诊 until a purchase, then 复查 or 再消费), triage,
  consultations with outcomes and reasons, tier upgrades from spend, and one timeline event for each of
  these, of the types registered in ``tabs.py``; a few customers with hundreds of events; a handful of
  visits today still waiting or being seen, so the waiting list has something on it.

The same seed, ``now`` and starting database give the same data (ciphertexts differ: every encryption takes
a fresh random nonce, as ``crypto.encrypt`` does). Rows are built here rather than through ``save()``:
ciphertext, blind index, last four digits and pinyin are computed the way the model computes them, and
written with ``COPY`` on PostgreSQL (psycopg 3) or batched ``INSERT`` elsewhere. Within a batch, visits,
consultations and events are written in time order, so one customer's history is spread over the table's
pages as it is in a database that grew over years.
"""

from __future__ import annotations

import base64
import bisect
import hashlib
import hmac
import itertools
import json
import math
import multiprocessing
import os
import random
import time
from collections import deque
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.conf import settings
from django.db import connections, models, transaction
from django.db.models import Max
from django.utils import timezone

from yimei.core import crypto
from yimei.core.personal import EncryptedTextField
from yimei.customers.choices import (
    ConsentKind,
    ConsentSource,
    ConsultationKind,
    ConsultationOutcome,
    Gender,
    NoDealReason,
    TierBasis,
    TriageTarget,
    VisitKind,
    VisitStatus,
)
from yimei.customers.identity import check_character, initials_of, pinyin_of

# --- reference data -----------------------------------------------------------------------------------------

# Surnames with their approximate share (per mille) of the population; compound surnames are rare.
_SURNAMES = (
    "王71 李70 张66 刘54 陈45 杨31 黄22 赵20 吴20 周19 徐15 孙15 马12 朱11 胡10 郭10 何9 林9 罗9 高9 郑8 梁8 "
    "谢7 宋6 唐6 许6 韩5.5 冯5.5 邓5.5 曹5 彭5 曾5 肖5 田4.5 董4.5 袁4 潘4 于4 蒋4 蔡4 余4 杜4 叶4 程3.5 苏3.5 "
    "魏3.5 吕3.5 丁3.5 任3 沈3 姚3 卢3 姜3 崔3 钟3 谭3 陆3 汪2.5 范2.5 金2.5 石2.5 廖2.5 贾2.5 夏2.5 韦2.5 "
    "付2.5 方2 白2 邹2 孟2 熊2 秦2 邱2 江2 尹2 薛2 闫2 段2 雷2 侯2 龙2 史2 陶1.5 黎1.5 贺1.5 顾1.5 毛1.5 "
    "郝1.5 龚1.5 邵1.5 万1.5 钱1.5 严1.5 蒲1 覃1 武1 戴1 莫1 孔1 向1 汤1 欧阳0.3 司马0.1 上官0.1 诸葛0.05"
)
SURNAMES: tuple[str, ...] = tuple(item.rstrip("0123456789.") for item in _SURNAMES.split())
SURNAME_WEIGHTS: tuple[float, ...] = tuple(float(item[len(s):]) for item, s in zip(_SURNAMES.split(), SURNAMES,
                                                                                     strict=True))
# Given-name characters, most common first (weights fall off with the position).
FEMALE_CHARS = ("婷静敏芳娜丽艳娟霞燕玲雪琳颖倩洁佳欣悦璐晶妍雯萍红梅兰蕾薇露思琪嘉怡诗雨梦晓文慧丹莉秀英瑶萱"
                "涵彤月蓉琴云凤可馨蕊菲淑婉琦晨茜")
MALE_CHARS = "伟强磊军洋勇杰涛明超刚平辉鹏华飞鑫波斌宇浩凯健俊帆帅旭宁龙林欢阳建国志海峰亮成东毅豪博文晨"

# Resident ID area codes: Chengdu districts first (the demo hospital is in Chengdu), the rest of Sichuan,
# then neighbours and the big cities.
AREA_CODES: tuple[tuple[str, float], ...] = (
    ("510104", 9), ("510105", 8), ("510106", 8), ("510107", 10), ("510108", 7), ("510112", 4), ("510113", 2),
    ("510114", 4), ("510115", 3), ("510116", 4), ("510117", 3), ("510121", 1.5), ("510129", 1),
    ("510131", 0.6), ("510181", 1.5), ("510182", 1.2), ("510183", 1), ("510184", 1), ("510185", 1.5),
    ("510302", 1.2), ("510402", 0.8), ("510502", 1.5), ("510603", 1.5), ("510703", 2), ("510802", 0.8),
    ("510903", 1), ("511002", 1.2), ("511102", 1.5), ("511302", 2), ("511402", 1.2), ("511502", 1.5),
    ("511602", 1), ("511702", 1.5), ("511802", 0.8), ("511902", 0.8), ("512002", 1),
    ("500103", 2), ("500105", 1.5), ("530102", 0.8), ("520102", 0.8), ("610113", 0.8), ("110105", 0.5),
    ("310115", 0.5), ("440106", 0.5), ("420106", 0.4), ("330106", 0.4),
)
# Mobile prefixes by rough share of numbers in use (all match ^1[3-9]\d{9}$).
PHONE_PREFIXES: tuple[tuple[str, float], ...] = (
    ("138", 8), ("139", 8), ("137", 6), ("136", 6), ("135", 6), ("134", 3), ("150", 5), ("151", 5), ("152", 4),
    ("157", 2), ("158", 5), ("159", 5), ("182", 4), ("183", 3), ("187", 4), ("188", 4), ("147", 1), ("178", 2),
    ("198", 2), ("195", 1), ("130", 3), ("131", 3), ("132", 3), ("155", 3), ("156", 3), ("185", 3), ("186", 4),
    ("166", 2), ("176", 2), ("175", 1), ("133", 2), ("153", 2), ("173", 2), ("177", 2), ("180", 3), ("181", 3),
    ("189", 4), ("191", 1), ("199", 2), ("193", 1),
)
# Source channel names (migration 0002) with their share of new customers; unknown names get weight 1.
SOURCE_WEIGHTS = {"网电": 22, "自然到店": 12, "转介绍": 14, "美团": 13, "新氧": 9, "抖音": 14, "小红书": 8,
                  "推广二维码": 4, "老客复购": 2, "其他": 2}
ONLINE_SOURCES = frozenset({"网电", "抖音", "小红书", "新氧", "美团", "推广二维码"})
LEAD_SOURCES = frozenset({"网电", "抖音", "小红书"})  # often never come

# Treatment items a consultation is about, with a typical price (yuan) and the tag it suggests.
ITEMS: tuple[tuple[str, int, str], ...] = (
    ("光子嫩肤", 1980, "光电"), ("皮秒祛斑", 3800, "光电"), ("热玛吉", 19800, "光电"), ("超声刀", 12800, "光电"),
    ("水光针", 1280, "注射"), ("玻尿酸填充", 4800, "注射"), ("肉毒素除皱", 2980, "注射"), ("瘦脸针", 2680, "注射"),
    ("双眼皮", 8800, "手术"), ("隆鼻", 18000, "手术"), ("吸脂", 25000, "手术"),
    ("皮肤管理", 680, "皮肤管理"), ("祛痘护理", 480, "皮肤管理"), ("小气泡清洁", 298, "皮肤管理"),
)
ITEM_WEIGHTS = (14, 9, 6, 5, 14, 8, 9, 6, 4, 2, 2, 10, 6, 5)

DEFAULT_TAGS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("客户类型", ("VIP", "高意向", "价格敏感", "老带新")),
    ("意向项目", ("光电", "注射", "手术", "皮肤管理")),
    ("皮肤问题", ("色斑", "痘痘", "松弛下垂", "敏感肌", "毛孔粗大", "细纹")),
)
# (name, spend threshold, discount rate, benefits)
DEFAULT_TIERS: tuple[tuple[str, int, str, str], ...] = (
    ("普通会员", 0, "1.000", "建档即享生日祝福"),
    ("银卡会员", 5000, "0.980", "项目 98 折；生日月赠皮肤管理 1 次"),
    ("金卡会员", 20000, "0.950", "项目 95 折；专属咨询师；生日礼"),
    ("铂金会员", 50000, "0.920", "项目 92 折；优先预约；年度 VISIA 检测 2 次"),
    ("钻石会员", 100000, "0.880", "项目 88 折；院长面诊；专属休息室"),
)

ALLERGIES = ("青霉素过敏", "利多卡因过敏", "海鲜过敏", "花粉过敏", "酒精过敏", "头孢类过敏")
CONTRAINDICATIONS = ("瘢痕体质", "孕期/哺乳期", "糖尿病", "近期服用异维A酸", "光敏感", "凝血功能异常")
NOTES = ("怕痛，需提前敷麻", "工作日晚上方便联系", "只接受微信沟通", "对价格较敏感", "朋友推荐，重视口碑",
         "希望恢复期短", "曾在外院做过玻尿酸", "周末到院为主")
PURPOSES = {
    VisitKind.FIRST: ("咨询{item}", "面诊{item}", "了解{item}效果", "皮肤检测"),
    VisitKind.RETURN: ("再次咨询{item}", "对比方案{item}", "带朋友一起咨询"),
    VisitKind.RECHECK: ("{item}术后复查", "{item}疗程治疗", "{item}效果复查"),
    VisitKind.REPURCHASE: ("加做{item}", "续做{item}疗程", "咨询{item}"),
}
CONTENT = ("主诉{issue}，评估后建议{items}，讲解了恢复期与注意事项。",
           "客户关注{items}，已做皮肤检测，{issue}较明显。",
           "介绍{items}方案及价格，客户希望先了解案例。",
           "复诊沟通，客户对上次效果满意，本次咨询{items}。")
ISSUES = ("色斑", "毛孔粗大", "面部松弛", "法令纹", "痘印", "肤色暗沉", "眼袋", "鼻梁低")
NEXT_STEPS = ("一周后电话回访", "发送案例照片", "约下周面诊", "等活动再联系", "术后三天回访")
NO_DEAL_WEIGHTS = {NoDealReason.PRICE: 30, NoDealReason.THINKING: 25, NoDealReason.COMPARING: 15,
                   NoDealReason.EFFECT: 10, NoDealReason.SAFETY: 8, NoDealReason.COMPANION: 7,
                   NoDealReason.NOT_SUITABLE: 3, NoDealReason.OTHER: 2}
CANCEL_REASONS = ("客户临时有事", "排队时间太长", "改约下次")

KIND_LABELS = dict(VisitKind.choices)
TARGET_LABELS = dict(TriageTarget.choices)
REASON_LABELS = dict(NoDealReason.choices)
OUTCOME_LABELS = dict(ConsultationOutcome.choices)
KIND_LABELS_C = dict(ConsultationKind.choices)

_DAY = 86400
_LOCAL = 8 * 3600  # Asia/Shanghai has no daylight saving: local time is UTC+8 all year


# --- small helpers --------------------------------------------------------------------------------------------


class _Weighted:
    """Fast weighted choice with a given ``random.Random`` (bisect on cumulative weights)."""

    __slots__ = ("cum", "items", "total")

    def __init__(self, items: Sequence[Any], weights: Sequence[float]):
        self.items = list(items)
        total = 0.0
        self.cum = []
        for w in weights:
            total += w
            self.cum.append(total)
        self.total = total

    def pick(self, rng: random.Random) -> Any:
        return self.items[bisect.bisect_right(self.cum, rng.random() * self.total)]


def _local_date(ts: float) -> date:
    return date.fromordinal(719163 + int((ts + _LOCAL) // _DAY))  # 719163 = date(1970, 1, 1).toordinal()


def _clinic_time(ts: float, rng: random.Random, *, open_h: float = 9.0, close_h: float = 20.5) -> float:
    """A time during opening hours on the local day of ``ts``."""
    day_start = (ts + _LOCAL) // _DAY * _DAY - _LOCAL
    return day_start + (open_h + rng.random() * (close_h - open_h)) * 3600


_json_cache: dict[tuple, str] = {}


def _json(data: dict[str, Any]) -> str:
    """JSON text of a small dict of plain values (cached: the same few shapes come millions of times)."""
    key = tuple(data.items())
    text = _json_cache.get(key)
    if text is None:
        text = _json_cache[key] = json.dumps(data, ensure_ascii=False)
    return text


def _json_list(values: list[str]) -> str:
    return json.dumps(values, ensure_ascii=False)


def _dt(ts: float) -> datetime:
    return datetime.fromtimestamp(ts, UTC)


class _Cipher:
    """``crypto.encrypt`` and ``crypto.blind_index`` with the keys derived once (same output format)."""

    def __init__(self) -> None:
        master = settings.DATA_KEY
        self._aead = AESGCM(hmac.new(master.encode(), b"yimei-encryption-v1", hashlib.sha256).digest())
        self._index_key = hmac.new(master.encode(), b"yimei-blind-index-v1", hashlib.sha256).digest()
        self._version = b"\x01"

    def encrypt(self, text: str) -> str:
        nonce = os.urandom(12)
        return base64.b64encode(self._version + nonce + self._aead.encrypt(nonce, text.encode(),
                                                                            self._version)).decode()

    def blind_index(self, value: str) -> str:
        # PersonalDataModel.save indexes every personal field with the default purpose.
        return hmac.new(self._index_key, f"phone:{value}".encode(), hashlib.sha256).hexdigest()


def _scramble(number: int) -> int:
    """A bijection of 0..10**8 - 1 (a four-round Feistel network on two four-digit halves), so that
    consecutive file numbers get unrelated-looking numbers with evenly spread last four digits."""
    left, right = divmod(number % 100_000_000, 10_000)
    for key in (7_919, 104_729, 1_299_709, 15_485_863):
        left, right = right, (left + (right * right + key) * 2_654_435_761 // 7 % 10_000) % 10_000
    return left * 10_000 + right


def phone_for(number: int, prefix: str) -> str:
    """A mobile number unique for each ``number`` below 10**8 whatever the prefix."""
    return f"{prefix}{_scramble(number):08d}"


def id_number_for(area: str, birthday: date, sequence: int) -> str:
    """An 18-digit resident ID number; ``sequence`` 0..999 (odd for men)."""
    first17 = f"{area}{birthday:%Y%m%d}{sequence:03d}"
    return first17 + check_character(first17)


# --- tables ---------------------------------------------------------------------------------------------------


class TableSpec:
    """The columns the generator writes for a model, in the order of its row tuples. Concrete fields it does
    not know (added later by another module) are written with their default."""

    def __init__(self, model: type[models.Model], attnames: Sequence[str]):
        self.model = model
        self.table = model._meta.db_table
        by_attname = {f.attname: f for f in model._meta.concrete_fields}
        self.fields = [by_attname[a] for a in attnames]
        known = set(attnames)
        self.extra = [f for f in model._meta.concrete_fields if f.attname not in known and not f.primary_key]
        self.columns = [f.column for f in self.fields] + [f.column for f in self.extra]

    def extra_values(self, connection) -> tuple:
        return tuple(f.get_db_prep_save(f.get_default(), connection) for f in self.extra)


def _specs() -> dict[str, TableSpec]:
    from yimei.customers.models import Consultation, Customer, CustomerConsent, CustomerEvent, CustomerTag, Visit

    return {
        "customer": TableSpec(Customer, (
            "id", "created_at", "updated_at", "name", "name_pinyin", "name_initials", "gender", "birthday",
            "lunar_birth_month", "lunar_birth_day", "lunar_birth_leap", "phone", "phone_hash", "phone_last4",
            "id_number", "id_number_hash", "id_number_last4", "wechat_openid", "wechat_unionid",
            "wechat_bound_at", "source_id", "referrer_customer_id", "referrer_staff_id", "consultant_id",
            "online_consultant_id", "org_unit_id", "tier_id", "allergies", "contraindications", "notes",
            "marketing_consent", "marketing_consent_at", "photo_consent", "photo_consent_at", "card_number",
            "legacy_id", "first_visit_on", "last_visit_on", "visit_count", "cumulative_spend_amount", "points",
            "created_by_id", "merged_into_id", "is_active")),
        "tag": TableSpec(CustomerTag, ("customer_id", "tag_id", "created_at", "created_by_id")),
        "consent": TableSpec(CustomerConsent, (
            "customer_id", "kind", "granted", "source", "note", "recorded_at", "recorded_by_id")),
        "visit": TableSpec(Visit, (
            "id", "created_at", "updated_at", "customer_id", "kind", "status", "arrived_at", "appointment_id",
            "purpose", "triage_target", "consultant_id", "doctor_id", "triaged_at", "triaged_by_id", "left_at",
            "registered_by_id", "has_deal", "note", "org_unit_id")),
        "consultation": TableSpec(Consultation, (
            "id", "created_at", "updated_at", "customer_id", "visit_id", "consultant_id", "kind", "consulted_at",
            "content", "interested_items", "outcome", "no_deal_reason", "no_deal_note", "next_step",
            "next_contact_on", "org_unit_id")),
        "event": TableSpec(CustomerEvent, (
            "customer_id", "type", "occurred_at", "actor_id", "actor_name", "source_type", "source_id", "summary",
            "data")),
    }


# Which tables hold explicit ids (others take the database's identity/autoincrement).
_WITH_IDS = ("customer", "visit", "consultation")
WRITE_ORDER = ("customer", "tag", "consent", "visit", "consultation", "event")


class _Writer:
    """Writes row tuples of a ``TableSpec``: COPY on PostgreSQL, executemany elsewhere."""

    def __init__(self, using: str):
        self.connection = connections[using]
        self.postgres = self.connection.vendor == "postgresql"
        self._extras: dict[str, tuple] = {}

    def write(self, spec: TableSpec, rows: list[tuple]) -> None:
        if not rows:
            return
        extra = self._extras.get(spec.table)
        if extra is None:
            extra = self._extras[spec.table] = spec.extra_values(self.connection)
        if self.postgres:
            self._copy(spec, rows, extra)
        else:
            self._insert(spec, rows, extra)

    def _copy(self, spec: TableSpec, rows: list[tuple], extra: tuple) -> None:
        from psycopg.copy import QueuedLibpqWriter

        quote = self.connection.ops.quote_name
        sql = f"COPY {quote(spec.table)} ({', '.join(quote(c) for c in spec.columns)}) FROM STDIN"
        # psycopg adapts dates, times, decimals and None itself (JSON columns hold their text already); a
        # second thread sends the data while this one formats rows, so the server works at the same time.
        with self.connection.cursor() as cursor, \
                cursor.cursor.copy(sql, writer=QueuedLibpqWriter(cursor.cursor)) as copy:
            write_row = copy.write_row
            if extra:
                for row in rows:
                    write_row(row + extra)
            else:
                for row in rows:
                    write_row(row)

    def _insert(self, spec: TableSpec, rows: list[tuple], extra: tuple) -> None:
        connection = self.connection
        # Ciphertext and JSON text are made by the generator: written as they are; everything else is
        # prepared as Django would.
        preps: list[Callable[[Any], Any] | None] = []
        for f in spec.fields:
            if isinstance(f, EncryptedTextField | models.JSONField):
                preps.append(None)
            else:
                preps.append(lambda v, f=f: f.get_db_prep_save(v, connection))
        prepared = [tuple(v if p is None else p(v) for p, v in zip(preps, row, strict=True)) + extra
                    for row in rows]
        columns = ", ".join(connection.ops.quote_name(c) for c in spec.columns)
        marks = ", ".join(["%s"] * len(spec.columns))
        with connection.cursor() as cursor:
            for start in range(0, len(prepared), 500):
                cursor.executemany(f"INSERT INTO {connection.ops.quote_name(spec.table)} ({columns}) "  # noqa: S608
                                   f"VALUES ({marks})", prepared[start:start + 500])


# --- what the generator draws from the database ---------------------------------------------------------------


@dataclass(frozen=True)
class Staff:
    id: int
    name: str
    unit_id: int | None


@dataclass
class Reference:
    sources: list[tuple[int, str]]
    tags: dict[str, int]  # tag name -> id (first category wins)
    tiers: list[tuple[int, Decimal, str]]  # (id, threshold, name), ascending threshold
    onsite: list[Staff]
    online: list[Staff]
    doctors: list[Staff]
    reception: list[Staff]
    everyone: list[Staff]


def ensure_reference_data() -> None:
    """Default tag categories, tags and spend-based membership tiers, when the department has none."""
    from yimei.customers.models import MembershipTier, Tag, TagCategory

    if not Tag.objects.exists():
        for sort, (category_name, names) in enumerate(DEFAULT_TAGS, start=1):
            category, _ = TagCategory.objects.get_or_create(name=category_name, defaults={"sort": sort * 10})
            for i, name in enumerate(names, start=1):
                Tag.objects.get_or_create(category=category, name=name, defaults={"sort": i * 10})
    if not MembershipTier.objects.exists():
        for sort, (name, threshold, rate, benefits) in enumerate(DEFAULT_TIERS, start=1):
            MembershipTier.objects.create(name=name, basis=TierBasis.SPEND, threshold_amount=Decimal(threshold),
                                          discount_rate=Decimal(rate), benefits=benefits, sort=sort * 10)


def load_reference(using: str = "default") -> Reference:
    from yimei.accounts.models import User
    from yimei.customers.models import MembershipTier, SourceChannel, Tag

    staff_rows = list(User.objects.using(using).filter(is_active=True).order_by("pk")
                      .values_list("pk", "name", "org_unit_id"))
    everyone = [Staff(pk, name, unit) for pk, name, unit in staff_rows]
    by_id = {s.id: s for s in everyone}

    def holding(*codes: str) -> list[Staff]:
        ids = (User.positions.through.objects.using(using)
               .filter(position__code__in=codes, position__is_active=True, user__is_active=True)
               .values_list("user_id", flat=True).distinct())
        return sorted((by_id[i] for i in set(ids) if i in by_id), key=lambda s: s.id)

    onsite = holding("onsite_consultant") or everyone
    online = holding("online_consultant") or onsite
    doctors = holding("doctor", "director") or everyone
    reception = holding("receptionist") or everyone
    sources = list(SourceChannel.objects.using(using).filter(is_active=True).order_by("sort", "pk")
                   .values_list("pk", "name"))
    tags: dict[str, int] = {}
    for pk, name in Tag.objects.using(using).filter(is_active=True).order_by("pk").values_list("pk", "name"):
        tags.setdefault(name, pk)
    tiers = sorted(((t.pk, t.threshold_amount, t.name) for t in MembershipTier.objects.using(using)
                    .filter(is_active=True, basis=TierBasis.SPEND)), key=lambda t: (t[1], t[0]))
    return Reference(sources, tags, tiers, onsite, online, doctors, reception, everyone)


# --- generation -----------------------------------------------------------------------------------------------


@dataclass
class Summary:
    customers: int = 0
    visits: int = 0
    consultations: int = 0
    events: int = 0
    tags: int = 0
    consents: int = 0
    seconds: float = 0.0
    first_customer_id: int | None = None
    last_customer_id: int | None = None
    workers: int = 0
    phases: dict[str, float] = field(default_factory=dict)

    @property
    def rows(self) -> int:
        return self.customers + self.visits + self.consultations + self.events + self.tags + self.consents

    def line(self) -> str:
        rate = self.rows / self.seconds if self.seconds else 0
        return (f"{self.customers:,} customers, {self.visits:,} visits, {self.consultations:,} consultations, "
                f"{self.events:,} events, {self.tags:,} tags, {self.consents:,} consents: {self.rows:,} rows in "
                f"{self.seconds:,.1f} s ({rate:,.0f} rows/s)")


# Average events per customer against the mean number of visits of a customer who comes, measured on 15,000
# customers with the default sources, tags and tiers (a file alone brings 3 to 4 events: created, tier,
# consent, tags, online consultations).
EVENTS_BY_MEAN_VISITS = ((1.0, 8.25), (2.0, 11.27), (4.0, 17.05), (8.0, 28.61))


class _Ref(list):
    """A row under construction whose id (item 0) is given once its batch is sorted."""

    __slots__ = ()


class CustomerGenerator:
    """Plans customers in blocks of ``block``; each block has its own random stream (from the seed and the block
    number), so blocks can be built in any order, by several processes, and give the same rows.

    ``block_rows(b)`` builds a block (possibly in a worker process); ``finish(blocks)`` (in the writing
    process, in block order) settles what needs all earlier blocks: ID numbers drawn twice, and the ids of
    visits and consultations, given in time order.
    """

    def __init__(self, reference: Reference, *, total: int, events_per_customer: float, seed: int,
                 now: datetime, years: float = 3.0, today_visits: int | None = None, first_id: int = 1,
                 first_visit_id: int = 1, first_consultation_id: int = 1, taken_phones: set[str] | None = None,
                 taken_id_numbers: set[str] | None = None, block: int = 1000, mean_visits: float | None = None):
        """``taken_phones`` and ``taken_id_numbers`` are blind indexes already in use (the database's)."""
        self.ref = reference
        self.seed = seed
        self.block = block
        self.rng = random.Random(seed)  # noqa: S311 (made-up data, reproducible by design)
        self.total = total
        self.target = float(events_per_customer)
        self.now_ts = now.timestamp()
        self.start_ts = self.now_ts - years * 365.25 * _DAY
        self.next_visit_id = first_visit_id
        self.next_consultation_id = first_consultation_id
        self.cipher = _Cipher()
        probe = "13800000000"
        if crypto.decrypt(self.cipher.encrypt(probe)) != probe or \
                self.cipher.blind_index(probe) != crypto.blind_index(probe):
            raise RuntimeError("generator.py no longer encrypts as yimei.core.crypto does")
        self.taken_phones = taken_phones or set()
        self.taken_in_db = frozenset(taken_id_numbers or ())
        self.taken_ids: set[str] = set()  # the database's and this block's
        self.issued_ids = set(self.taken_in_db)  # every one written so far (finish)
        self._pinyin: dict[str, tuple[str, str]] = {}
        self.surnames = _Weighted(SURNAMES, SURNAME_WEIGHTS)
        self.female = _Weighted(FEMALE_CHARS, [1 / (i + 6) for i in range(len(FEMALE_CHARS))])
        self.male = _Weighted(MALE_CHARS, [1 / (i + 6) for i in range(len(MALE_CHARS))])
        self.areas = _Weighted([a for a, _ in AREA_CODES], [w for _, w in AREA_CODES])
        self.prefixes = _Weighted([p for p, _ in PHONE_PREFIXES], [w for _, w in PHONE_PREFIXES])
        names = [n for _, n in reference.sources]
        self.sources = _Weighted(reference.sources, [SOURCE_WEIGHTS.get(n, 1) for n in names]) if names else None
        self.items = _Weighted(ITEMS, ITEM_WEIGHTS)
        self.reasons = _Weighted(list(NO_DEAL_WEIGHTS), list(NO_DEAL_WEIGHTS.values()))
        if today_visits is None:
            today_visits = min(30, total // 10)
        self.today_visits = min(today_visits, total)
        self.today_every = max(1, total // today_visits) if today_visits else 0
        self.first_id = first_id
        self.years = years
        # Mean number of visits of a customer who comes at all, so that the events average ``target``.
        self.mean_visits = mean_visits if mean_visits is not None else self._calibrate()

    def _calibrate(self) -> float:
        """The mean number of visits that gives ``target`` events per customer on average (interpolated in
        ``EVENTS_BY_MEAN_VISITS``, extrapolated along its last slope)."""
        points = EVENTS_BY_MEAN_VISITS
        if self.target <= points[0][1]:
            return points[0][0]
        for (m1, e1), (m2, e2) in itertools.pairwise(points):
            if self.target <= e2:
                return m1 + (self.target - e1) * (m2 - m1) / (e2 - e1)
        (m1, e1), (m2, e2) = points[-2:]
        return min(200.0, m2 + (self.target - e2) * (m2 - m1) / (e2 - e1))

    # -- people --------------------------------------------------------------------------------------------

    def _name(self, female: bool) -> str:
        rng = self.rng
        chars = self.female if female else self.male
        surname = self.surnames.pick(rng)
        roll = rng.random()
        if roll < 0.28:
            given = chars.pick(rng)
        elif female and roll < 0.33:
            given = chars.pick(rng) * 2  # 婷婷, 丹丹
        else:
            first = chars.pick(rng)
            second = chars.pick(rng)
            while second == first:
                second = chars.pick(rng)
            given = first + second
        return surname + given

    def _pinyin_of(self, name: str) -> tuple[str, str]:
        found = self._pinyin.get(name)
        if found is None:
            found = self._pinyin[name] = (pinyin_of(name), initials_of(name))
        return found

    def _phone(self, cid: int) -> tuple[str, str]:
        """A new number and its blind index. Generated numbers never repeat (one suffix per file number);
        only numbers typed in by hand can be taken already."""
        while True:
            phone = phone_for(cid, self.prefixes.pick(self.rng))
            digest = self.cipher.blind_index(phone)
            if digest not in self.taken_phones:
                return phone, digest

    def _id_number(self, birthday: date, female: bool) -> tuple[str, str]:
        rng = self.rng
        area = self.areas.pick(rng)
        while True:
            number = id_number_for(area, birthday, rng.randrange(0, 500) * 2 + (0 if female else 1))
            digest = self.cipher.blind_index(number)
            if digest not in self.taken_ids:
                self.taken_ids.add(digest)
                return number, digest

    def _openid(self) -> str:
        return "o" + base64.urlsafe_b64encode(self.rng.getrandbits(168).to_bytes(21, "big")).decode()[:27]

    # -- one customer --------------------------------------------------------------------------------------

    def _created_ts(self, k: int) -> float:
        # More new customers lately (the department grew): F(x) = x**1.4 over the window, in file order.
        u = (k + self.rng.random()) / self.total
        ts = self.start_ts + (self.now_ts - 4 * 3600 - self.start_ts) * u ** (1 / 1.4)
        return min(_clinic_time(ts, self.rng), self.now_ts - 4 * 3600)

    def _visit_count(self, created: float, lead_only: bool) -> int:
        rng = self.rng
        if lead_only:
            return 0
        if rng.random() < 0.0025 and self.now_ts - created > 180 * _DAY:  # a regular with a long history
            return rng.randint(40, 150)
        extra = self.mean_visits - 1
        if extra <= 0:
            return 1
        p = 1 / (extra + 1)
        return 1 + int(math.log(1 - rng.random()) / math.log(1 - p))

    def customer(self, k: int) -> dict[str, list]:
        """Every row of the ``k``-th customer (0-based): ``{"customer": [...], "visit": [...], ...}``."""
        rng = self.rng
        ref = self.ref
        cid = self.first_id + k
        created = self._created_ts(k)
        female = rng.random() < 0.86
        name = self._name(female)
        pinyin, initials = self._pinyin_of(name)
        phone, phone_hash = self._phone(cid)
        cipher = self.cipher
        # Age at the first visit: mostly 22 to 45.
        age_days = int(rng.triangular(18, 62, 29) * 365.25)
        birthday = date.fromordinal(_local_date(created).toordinal() - age_days)
        id_number = id_hash = ""
        if rng.random() < 0.4:
            id_number, id_hash = self._id_number(birthday, female)
        elif rng.random() > 0.55:
            birthday = None
        lunar = (rng.randint(1, 12), rng.randint(1, 29)) if birthday and rng.random() < 0.06 else (None, None)
        gender = Gender.FEMALE if female else Gender.MALE

        source_id, source_name = self.sources.pick(rng) if self.sources else (None, "")
        online_staff = rng.choice(ref.online) if source_name in ONLINE_SOURCES and ref.online and \
            rng.random() < 0.85 else None
        referrer_customer = referrer_staff = None
        if source_name == "转介绍":
            if cid > self.first_id and rng.random() < 0.8:
                referrer_customer = rng.randrange(self.first_id, cid)
            elif ref.everyone:
                referrer_staff = rng.choice(ref.everyone).id
        registrar = online_staff if online_staff and source_name in LEAD_SOURCES else \
            (rng.choice(ref.reception) if ref.reception else None)

        events: list[list] = []
        tags: list[tuple] = []
        consents: list[tuple] = []
        visits: list[_Ref] = []
        consultations: list[_Ref] = []
        customer_ref = str(cid)

        def event(ts: float, type_: str, actor: Staff | None, summary: str, source: tuple[str, Any] = ("", ""),
                  data: dict | list | None = None) -> None:
            # ``data``: a dict of plain values, or JSON text in parts with rows whose ids come later.
            events.append([ts, cid, type_, actor.id if actor else None, actor.name if actor else "", source[0],
                           source[1], summary, data if data.__class__ is list else _json(data) if data else "{}"])

        tagged: set[int] = set()

        def tag(ts: float, name_: str, actor: Staff | None) -> None:
            tag_id = ref.tags.get(name_)
            if tag_id is None or tag_id in tagged:
                return
            tagged.add(tag_id)
            tags.append((cid, tag_id, _dt(ts), actor.id if actor else None))
            event(ts, "customer.tagged", actor, f"标签：添加 {name_}")

        source_text = f"，来源：{source_name}" if source_name else ""
        event(created, "customer.created", registrar, f"建立档案{source_text}", ("customers.customer", customer_ref))
        tier_index = -1
        spend = Decimal(0)
        tiers = ref.tiers

        def evaluate(ts: float, actor: Staff | None) -> None:
            nonlocal tier_index
            reached = -1
            for i, (_, threshold, _) in enumerate(tiers):
                if spend >= threshold:
                    reached = i
            if reached != tier_index:
                old = tiers[tier_index][2] if tier_index >= 0 else "无"
                event(ts, "customer.tier_changed", None, f"会员等级：{old} → {tiers[reached][2]}")
                tier_index = reached

        evaluate(created, None)
        marketing_at = photo_at = None
        if rng.random() < 0.55:
            marketing_at = created + rng.randint(30, 600)
            src = rng.choice((ConsentSource.COUNTER, ConsentSource.PAPER, ConsentSource.WECHAT))
            consents.append((cid, ConsentKind.MARKETING, True, src, "", _dt(marketing_at),
                             registrar.id if registrar else None))
            event(marketing_at, "customer.consent", registrar, f"同意：{ConsentKind.MARKETING.label}",
                  data={"kind": "marketing", "granted": True, "source": str(src)})
        if rng.random() < 0.3:
            tag(created + 60, rng.choice(("色斑", "痘痘", "松弛下垂", "敏感肌", "毛孔粗大", "细纹", "高意向",
                                          "价格敏感")), registrar)

        # Online consultations of leads before they come (or instead of coming).
        lead_only = (source_name in LEAD_SOURCES and rng.random() < 0.42) or \
            (source_name in ONLINE_SOURCES and rng.random() < 0.08)
        if online_staff and rng.random() < 0.7:
            when = created + rng.randint(600, 3 * _DAY)
            for _ in range(1 + (rng.random() < 0.3)):
                if when >= self.now_ts - 3600:
                    break
                item = self.items.pick(rng)
                kind = rng.choice((ConsultationKind.ONLINE, ConsultationKind.PHONE))
                items_json = _json_list([item[0]])
                cons = _Ref([None, _dt(when), _dt(when), cid, None, online_staff.id, kind, _dt(when),
                             f"线上咨询{item[0]}，了解价格与恢复期。", items_json, ConsultationOutcome.PENDING, "", "",
                             "预约到院面诊", None, online_staff.unit_id])
                consultations.append(cons)
                event(when, "consultation.recorded", online_staff,
                      f"{KIND_LABELS_C[kind]}（{online_staff.name}）；意向：{item[0]}；结果：待定",
                      ("customers.consultation", cons),
                      ['{"consultation": ', cons, f', "visit": null, "consultant": {online_staff.id}, '
                       f'"outcome": "pending", "no_deal_reason": "", "items": {items_json}}}'])
                when += rng.randint(_DAY, 20 * _DAY)

        # Visits: the first soon after the file for online leads, at once for walk-ins.
        n_visits = self._visit_count(created, lead_only)
        today_visit = bool(self.today_every) and k % self.today_every == self.today_every - 1 and \
            k // self.today_every < self.today_visits
        times: list[float] = []
        if source_name in ONLINE_SOURCES:  # booked after talking online
            first = max(_clinic_time(created + rng.expovariate(1 / (9 * _DAY)), rng), created + rng.randint(600, 7200))
        else:  # registered on arrival
            first = created + rng.randint(60, 900)
        horizon = self.now_ts - 4 * 3600
        if today_visit:
            horizon = min(horizon, (self.now_ts + _LOCAL) // _DAY * _DAY - _LOCAL - 3600)
        if n_visits and first < horizon:
            later = [_clinic_time(first + rng.random() * (horizon - first), rng) for _ in range(n_visits - 1)]
            times = sorted(t for t in (first, *later) if first <= t < horizon)
        open_status = None
        if today_visit:  # on today's waiting list: arrived in the last two and a half hours, today
            today_start = (self.now_ts + _LOCAL) // _DAY * _DAY - _LOCAL
            earliest = max(today_start, self.now_ts - 150 * 60)
            times.append(earliest + rng.random() * max(0.0, self.now_ts - 120 - earliest))
            open_status = rng.choices((VisitStatus.WAITING, VisitStatus.CONSULTING, VisitStatus.TREATING,
                                       VisitStatus.LEFT), (45, 30, 15, 10))[0]

        owner: Staff | None = None
        bought = False
        visit_days: list[float] = []
        last_activity = created
        for i, arrived in enumerate(times):
            is_open = open_status is not None and i == len(times) - 1
            status = open_status if is_open else VisitStatus.LEFT
            if not is_open and i and rng.random() < 0.02:
                status = VisitStatus.CANCELLED
            reception = rng.choice(ref.reception) if ref.reception else None
            if status == VisitStatus.TREATING and owner is None:
                status = VisitStatus.CONSULTING  # treatment needs an owning consultant
            treatment = status == VisitStatus.TREATING or (
                status == VisitStatus.LEFT and bought and owner is not None and rng.random() < 0.55)
            deal = False
            if status == VisitStatus.LEFT and not treatment:
                deal = rng.random() < (0.45 if bought else 0.33 if i == 0 else 0.25)
            # visits.kind_for, and sales' mark_deal turning a 复查 with an order into 再消费.
            if i == 0:
                kind = VisitKind.FIRST
            elif not bought:
                kind = VisitKind.RETURN
            else:
                kind = VisitKind.REPURCHASE if deal else VisitKind.RECHECK
            item = self.items.pick(rng)
            purpose = rng.choice(PURPOSES[kind]).format(item=item[0])
            unit = (owner.unit_id if owner else None) or (reception.unit_id if reception else None)
            visit = _Ref([None, _dt(arrived), None, cid, kind, status, _dt(arrived), None, purpose, "", None, None,
                          None, None, None, reception.id if reception else None, deal, "", unit])
            visits.append(visit)
            source = ("customers.visit", visit)
            event(arrived, "visit.arrived", reception, f"到院（{KIND_LABELS[kind]}）：{purpose}", source,
                  ['{"visit": ', visit, f', "kind": "{kind}", "appointment_id": null}}'])
            end = arrived
            if status == VisitStatus.CANCELLED:
                end = arrived + rng.randint(300, 1800)
                reason = rng.choice(CANCEL_REASONS)
                visit[17] = f"取消原因：{reason}"
                event(end, "visit.cancelled", reception, f"取消到访：{reason}", source,
                      ['{"visit": ', visit, f', "reason": "{reason}"}}'])
            elif status != VisitStatus.WAITING:
                triaged = arrived + rng.randint(120, 1500)
                if is_open:
                    triaged = min(triaged, self.now_ts - 60)
                target = TriageTarget.TREATMENT if treatment else TriageTarget.CONSULTATION
                consultant = owner if owner is not None and rng.random() < 0.9 else (
                    rng.choice(ref.onsite) if ref.onsite else None)
                doctor = rng.choice(ref.doctors) if ref.doctors and (treatment or rng.random() < 0.3) else None
                visit[9], visit[10], visit[11], visit[12], visit[13] = target, consultant.id if consultant else None, \
                    doctor.id if doctor else None, _dt(triaged), reception.id if reception else None
                assigned = owner is None and consultant is not None and target == TriageTarget.CONSULTATION
                if assigned:
                    owner = consultant
                    event(triaged, "customer.reassigned", reception, f"分诊指定现场咨询：{consultant.name}")
                if target == TriageTarget.CONSULTATION and consultant is not None:
                    visit[18] = consultant.unit_id
                parts = [f"分诊到{TARGET_LABELS[target]}"]
                if consultant:
                    parts.append(f"咨询：{consultant.name}")
                if doctor:
                    parts.append(f"医生：{doctor.name}")
                event(triaged, "visit.triaged", reception, "；".join(parts), source,
                      ['{"visit": ', visit, f', "target": "{target}", "consultant": '
                       f'{consultant.id if consultant else "null"}, "doctor": {doctor.id if doctor else "null"}, '
                       f'"owner_assigned": {"true" if assigned else "false"}, "note": ""}}'])
                end = triaged
                if status == VisitStatus.LEFT and not treatment and consultant is not None:
                    consulted = triaged + rng.randint(300, 1800)
                    chosen = {self.items.pick(rng) for _ in range(1 + (rng.random() < 0.4))}
                    chosen.add(item)
                    names = [c[0] for c in sorted(chosen)]
                    outcome = ConsultationOutcome.DEAL if deal else ConsultationOutcome.NO_DEAL
                    reason = self.reasons.pick(rng) if not deal else ""
                    next_contact = None if deal else _local_date(consulted + rng.randint(2, 14) * _DAY)
                    content = rng.choice(CONTENT).format(issue=rng.choice(ISSUES), items="、".join(names))
                    items_json = _json_list(names)
                    cons = _Ref([None, _dt(consulted), _dt(consulted + 600), cid, visit, consultant.id,
                                 ConsultationKind.ONSITE, _dt(consulted), content, items_json, outcome,
                                 reason, "", rng.choice(NEXT_STEPS), next_contact, consultant.unit_id])
                    consultations.append(cons)
                    result = OUTCOME_LABELS[outcome] + (f"（{REASON_LABELS[reason]}）" if reason else "")
                    event(consulted, "consultation.recorded", consultant,
                          f"现场咨询（{consultant.name}）；意向：{'、'.join(names)}；结果：{result}",
                          ("customers.consultation", cons),
                          ['{"consultation": ', cons, ', "visit": ', visit, f', "consultant": {consultant.id}, '
                           f'"outcome": "{outcome}", "no_deal_reason": "{reason}", "items": {items_json}}}'])
                    end = consulted + 600
                    if deal:
                        bought = True
                        spend += sum(c[1] for c in chosen)
                        evaluate(end, None)
                        if rng.random() < 0.4:
                            tag(end + 5, item[2], consultant)
                        if photo_at is None and rng.random() < 0.2:
                            photo_at = end + 10
                            consents.append((cid, ConsentKind.CASE_PHOTOS, True, ConsentSource.PAPER, "",
                                             _dt(photo_at), consultant.id))
                            event(photo_at, "customer.consent", consultant, f"同意：{ConsentKind.CASE_PHOTOS.label}",
                                  data={"kind": "case_photos", "granted": True, "source": "paper"})
                    elif rng.random() < 0.25:
                        tag(end + 5, "价格敏感" if reason == NoDealReason.PRICE else "高意向", consultant)
                elif status == VisitStatus.LEFT:
                    end = triaged + rng.randint(1800, 5400)  # treatment
                if status == VisitStatus.LEFT:
                    left = end + rng.randint(300, 2400)
                    minutes = int((left - arrived) // 60)
                    visit[14] = _dt(left)
                    event(left, "visit.left", reception, f"离院（在院 {minutes} 分钟）", source,
                          ['{"visit": ', visit, f', "minutes": {minutes}}}'])
                    end = left
            visit[2] = _dt(end)
            if status != VisitStatus.CANCELLED:
                visit_days.append(arrived)
            last_activity = max(last_activity, end)

        if tier_index >= 3 and rng.random() < 0.8:
            tag(last_activity + 30, "VIP", owner)

        unit = (owner.unit_id if owner else None) or (online_staff.unit_id if online_staff else None) or \
            (registrar.unit_id if registrar else None)
        wechat_at = created + rng.randint(600, 40 * _DAY) if rng.random() < 0.45 else None
        if wechat_at is not None and wechat_at > self.now_ts - 60:
            wechat_at = None
        legacy = f"HIS{cid:08d}" if created < self.start_ts + 0.2 * (self.now_ts - self.start_ts) and \
            rng.random() < 0.6 else ""
        card = f"YM{cid:08d}" if tier_index >= 1 or rng.random() < 0.15 else ""
        row = (
            cid, _dt(created), _dt(max(last_activity, created)), name, pinyin, initials, gender, birthday,
            lunar[0], lunar[1], False,
            cipher.encrypt(phone), phone_hash, phone[-4:],
            cipher.encrypt(id_number) if id_number else "", id_hash, id_number[-4:],
            self._openid() if wechat_at else "", self._openid() if wechat_at and rng.random() < 0.7 else "",
            _dt(wechat_at) if wechat_at else None,
            source_id, referrer_customer, referrer_staff, owner.id if owner else None,
            online_staff.id if online_staff else None, unit, tiers[tier_index][0] if tier_index >= 0 else None,
            rng.choice(ALLERGIES) if rng.random() < 0.06 else "",
            rng.choice(CONTRAINDICATIONS) if rng.random() < 0.03 else "",
            rng.choice(NOTES) if rng.random() < 0.12 else "",
            marketing_at is not None, _dt(marketing_at) if marketing_at else None,
            photo_at is not None, _dt(photo_at) if photo_at else None,
            card, legacy,
            _local_date(visit_days[0]) if visit_days else None, _local_date(visit_days[-1]) if visit_days else None,
            len(visit_days), spend.quantize(Decimal("0.01")), 0,
            registrar.id if registrar else None, None, True,
        )
        return {"customer": [row], "tag": tags, "consent": consents, "visit": visits,
                "consultation": consultations, "event": events}

    # -- batches -------------------------------------------------------------------------------------------

    @property
    def blocks(self) -> int:
        return -(-self.total // self.block)

    @property
    def last_id(self) -> int:
        return self.first_id + self.total - 1

    def block_rows(self, b: int, *, stream: str = "block") -> dict[str, list]:
        """The rows of block ``b`` as built, with references between them still to be settled by ``finish``."""
        self.rng = random.Random(f"{self.seed}:{stream}:{b}")  # noqa: S311
        self.taken_ids = set(self.taken_in_db)
        parts: dict[str, list] = {name: [] for name in WRITE_ORDER}
        for k in range(b * self.block, min(self.total, (b + 1) * self.block)):
            for name, rows in self.customer(k).items():
                parts[name].extend(rows)
        return parts

    def finish(self, blocks: Iterable[dict[str, list]]) -> dict[str, list[tuple]]:
        """Rows of the given blocks (in block order) ready to write; ids given in time order."""
        parts: dict[str, list] = {name: [] for name in WRITE_ORDER}
        for block in blocks:
            for name, rows in block.items():
                parts[name].extend(rows)
        customers = parts["customer"]
        for i, row in enumerate(customers):
            digest = row[15]
            if digest:
                if digest in self.issued_ids:  # drawn in an earlier block too: take the next free sequence
                    customers[i] = row = self._other_id_number(row)
                self.issued_ids.add(row[15])
        visits = parts["visit"]
        visits.sort(key=lambda v: v[6])
        for v in visits:
            v[0] = self.next_visit_id
            self.next_visit_id += 1
        consultations = parts["consultation"]
        consultations.sort(key=lambda c: c[7])
        for c in consultations:
            c[0] = self.next_consultation_id
            self.next_consultation_id += 1
            if c[4] is not None:
                c[4] = c[4][0]
        events = parts["event"]
        events.sort(key=lambda e: e[0])
        out_events = []
        for ts, cid, type_, actor, actor_name, source_type, source, summary, data in events:
            if data.__class__ is list:
                data = "".join(p if p.__class__ is str else str(p[0]) for p in data)
            out_events.append((cid, type_, _dt(ts), actor, actor_name, source_type,
                               source if source.__class__ is str else str(source[0]), summary, data))
        return {
            "customer": customers, "tag": parts["tag"], "consent": parts["consent"],
            "visit": [tuple(v) for v in visits], "consultation": [tuple(c) for c in consultations],
            "event": out_events,
        }

    def _other_id_number(self, row: tuple) -> tuple:
        number = crypto.decrypt(row[14])
        sequence = int(number[14:17])
        for step in range(2, 1000, 2):
            candidate = id_number_for(number[:6], date(int(number[6:10]), int(number[10:12]), int(number[12:14])),
                                      (sequence + step) % 1000)
            digest = self.cipher.blind_index(candidate)
            if digest not in self.issued_ids:
                return (*row[:14], self.cipher.encrypt(candidate), digest, candidate[-4:], *row[17:])
        raise RuntimeError(f"no free ID number sequence for {number[:14]}")

    def batch(self, first_block: int, stop_block: int) -> dict[str, list[tuple]]:
        """Blocks ``first_block``..``stop_block`` - 1, built here and finished."""
        return self.finish(self.block_rows(b) for b in range(first_block, stop_block))


_worker_generator: CustomerGenerator | None = None


def _build_block(b: int) -> dict[str, list]:
    assert _worker_generator is not None
    return _worker_generator.block_rows(b)


def _next_id(model: type[models.Model], using: str) -> int:
    return (model.objects.using(using).aggregate(m=Max("pk"))["m"] or 0) + 1


def generate(*, customers: int, events_per_customer: float = 10, seed: int = 42, batch: int = 5000,
             now: datetime | None = None, years: float = 3.0, today_visits: int | None = None,
             using: str = "default", analyze: bool = True, workers: int | None = None,
             bulk: bool | None = None, progress: Callable[[str], None] | None = None) -> Summary:
    """Write ``customers`` customers with their history; returns what was written and how fast.

    ``workers`` processes build blocks of customers while this one writes (default: one per CPU core for
    runs of 20,000 customers and more; none inside a transaction, whose rows must go through this
    connection). The data do not depend on ``workers`` or ``batch``.

    ``bulk`` (PostgreSQL; default: when the run at least doubles the customer table and is 100,000 customers
    or more) loads the way a restore does: the tables' non-unique indexes are dropped first and built again
    at the end, and a superuser session skips the foreign-key triggers (the generator only refers to rows
    it has written or read). Unique indexes stay, so a duplicate still fails at once. A bulk run that is
    killed (rather than interrupted) leaves those indexes missing: start again on a fresh database.
    """
    from yimei.customers.models import Consultation, Customer, Visit

    started = time.perf_counter()
    connection = connections[using]
    now = now or timezone.now()
    ensure_reference_data()
    reference = load_reference(using)
    # Numbers already on file (typed in by hand, or from an earlier run) must not come again.
    files = Customer.objects.using(using).filter(merged_into__isnull=True)
    taken_phones = set(files.exclude(phone_hash="").values_list("phone_hash", flat=True).iterator(chunk_size=10_000))
    taken_ids = set(files.exclude(id_number_hash="").values_list("id_number_hash", flat=True)
                    .iterator(chunk_size=10_000))
    generator = CustomerGenerator(
        reference, total=customers, events_per_customer=events_per_customer, seed=seed, now=now, years=years,
        today_visits=today_visits, first_id=_next_id(Customer, using), first_visit_id=_next_id(Visit, using),
        first_consultation_id=_next_id(Consultation, using), taken_phones=taken_phones, taken_id_numbers=taken_ids,
    )
    outer_atomic = connection.in_atomic_block
    if workers is None:
        workers = (os.cpu_count() or 1) if customers >= 20_000 else 0
    if outer_atomic:
        workers = 0
    specs = _specs()
    writer = _Writer(using)
    if bulk is None:
        bulk = customers >= 100_000 and generator.first_id - 1 <= customers
    bulk = bool(bulk) and writer.postgres and not outer_atomic
    skip_triggers = False
    dropped: list[str] = []
    if bulk:
        with connection.cursor() as cursor:
            cursor.execute("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")
            skip_triggers = bool(cursor.fetchone()[0])
        dropped = _drop_secondary_indexes(using, [spec.table for spec in specs.values()])
    summary = Summary(first_customer_id=generator.first_id, last_customer_id=generator.last_id)
    counts = dict.fromkeys(WRITE_ORDER, 0)
    per_batch = max(1, batch // generator.block)
    waited = write_seconds = 0.0

    def write(rows: dict[str, list[tuple]], done: int) -> None:
        nonlocal write_seconds
        t0 = time.perf_counter()
        with transaction.atomic(using=using):
            if writer.postgres:
                with connection.cursor() as cursor:
                    cursor.execute("SET LOCAL synchronous_commit = off")
                    if skip_triggers:
                        cursor.execute("SET LOCAL session_replication_role = replica")
            for name in WRITE_ORDER:
                writer.write(specs[name], rows[name])
                counts[name] += len(rows[name])
        write_seconds += time.perf_counter() - t0
        if progress is not None:
            elapsed = time.perf_counter() - started
            total_rows = sum(counts.values())
            progress(f"{done:>10,}/{customers:,} customers  {counts['event']:>12,} events  "
                     f"{total_rows:>12,} rows  {total_rows / elapsed:>9,.0f} rows/s  "
                     f"({elapsed:,.0f} s, of which writing {write_seconds:,.0f} s)")

    groups = [range(b, min(generator.blocks, b + per_batch)) for b in range(0, generator.blocks, per_batch)]
    try:
        if workers <= 0:
            for group in groups:
                t0 = time.perf_counter()
                blocks = [generator.block_rows(b) for b in group]
                waited += time.perf_counter() - t0
                write(generator.finish(blocks), min(customers, group.stop * generator.block))
        else:
            waited = _build_in_workers(generator, groups, workers, write)
    finally:
        if dropped:
            t0 = time.perf_counter()
            if progress is not None:
                progress(f"building {len(dropped)} indexes again")
            _create_indexes(using, dropped)
            summary.phases["indexes"] = time.perf_counter() - t0
    _reset_sequences(using, (Customer, Visit, Consultation))
    summary.phases.update({"waiting for blocks": waited, "writing": write_seconds})
    if analyze:
        t3 = time.perf_counter()
        _analyze(using, vacuum=not outer_atomic)
        summary.phases["analyze"] = time.perf_counter() - t3
    summary.customers, summary.visits = counts["customer"], counts["visit"]
    summary.consultations, summary.events = counts["consultation"], counts["event"]
    summary.tags, summary.consents = counts["tag"], counts["consent"]
    summary.workers = workers
    summary.seconds = time.perf_counter() - started
    return summary


def _build_in_workers(generator: CustomerGenerator, groups: list[range], workers: int,
                      write: Callable[[dict[str, list[tuple]], int], None]) -> float:
    """Blocks are built by ``workers`` forked processes, a few ahead, and finished and written here in order.
    Returns the seconds spent waiting for blocks."""
    global _worker_generator
    _worker_generator = generator
    connections.close_all()  # the children must not share this process's connections
    pool = multiprocessing.get_context("fork").Pool(workers)
    waited = 0.0
    try:
        pending: deque = deque()
        order = iter(range(generator.blocks))
        ahead = max(2 * workers, len(groups[0]) + workers)
        for b in itertools.islice(order, ahead):
            pending.append(pool.apply_async(_build_block, (b,)))
        for group in groups:
            blocks = []
            for _ in group:
                t0 = time.perf_counter()
                blocks.append(pending.popleft().get())
                waited += time.perf_counter() - t0
                for b in itertools.islice(order, 1):
                    pending.append(pool.apply_async(_build_block, (b,)))
            write(generator.finish(blocks), min(generator.total, group.stop * generator.block))
    finally:
        pool.terminate()
        pool.join()
        _worker_generator = None
    return waited


def _drop_secondary_indexes(using: str, tables: list[str]) -> list[str]:
    """Drop the non-unique indexes of ``tables`` that no constraint owns; return their definitions."""
    with connections[using].cursor() as cursor:
        cursor.execute(
            "SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid) FROM pg_index i "
            "JOIN pg_class t ON t.oid = i.indrelid WHERE t.relname = ANY(%s) AND NOT i.indisprimary "
            "AND NOT i.indisunique AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid) "
            "ORDER BY 1", [tables])
        found = cursor.fetchall()
        for name, _ in found:
            cursor.execute(f"DROP INDEX {name}")
    return [definition for _, definition in found]


def _create_indexes(using: str, definitions: list[str]) -> None:
    with connections[using].cursor() as cursor:
        cursor.execute("SET maintenance_work_mem = '512MB'")
        for definition in definitions:
            cursor.execute(definition)
        cursor.execute("RESET maintenance_work_mem")


def _reset_sequences(using: str, models_: Iterable[type[models.Model]]) -> None:
    from django.core.management.color import no_style

    connection = connections[using]
    statements = connection.ops.sequence_reset_sql(no_style(), list(models_))
    if statements:
        with connection.cursor() as cursor:
            for sql in statements:
                cursor.execute(sql)


def _analyze(using: str, *, vacuum: bool) -> None:
    connection = connections[using]
    tables = [spec.table for spec in _specs().values()]
    with connection.cursor() as cursor:
        for table in tables:
            name = connection.ops.quote_name(table)
            if connection.vendor == "postgresql":
                # VACUUM also sets the visibility map, so counts can use index-only scans.
                cursor.execute(f"VACUUM (ANALYZE) {name}" if vacuum else f"ANALYZE {name}")
            else:
                cursor.execute(f"ANALYZE {name}")
