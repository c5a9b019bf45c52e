"""Importing customer files (客户档案), keyed on the legacy id.

The rules are the customer file's own (``customers.services``): mainland mobile numbers normalised, ID
number checksum and its birth date and gender matching the row, one file per phone number, ID number and
card number — checked against the rest of the file and against the database by blind index. What the
services do per customer with several queries is done here per chunk of 2,000 rows with one query per
kind of lookup, and rows are written with ``bulk_create``: pinyin, blind indexes, last four digits and the
owning unit are computed here because ``bulk_create`` does not call ``save()``.

A legacy id that is already in the database updates that customer with the non-blank cells that differ;
blank cells never clear anything and tags are only added, so re-running the same file changes nothing.
"""

from __future__ import annotations

from typing import Any

from yimei.audit.services import snapshot
from yimei.core import crypto
from yimei.core.personal import mask_phone, normalize_mobile
from yimei.customers.choices import Gender
from yimei.customers.identity import initials_of, parse_id_number, pinyin_of
from yimei.customers.models import Customer, CustomerEvent, CustomerTag, SourceChannel, Tag, TagCategory
from yimei.customers.services import tier_for
from yimei.dataimport import parsing
from yimei.dataimport.bulkwrite import RowWriter
from yimei.dataimport.choices import ImportKind
from yimei.dataimport.engine import BATCH_SIZE, Handler, Record
from yimei.dataimport.kinds.common import CustomerLookup, StaffDirectory

_ADD_FIRST = "请先在“客户设置”中添加，或勾选“自动新建缺少的来源渠道和标签”。"
# Category that receives tags created by an import when the file names no category.
IMPORTED_TAG_CATEGORY = "导入标签"

PLAIN = ("name", "gender", "birthday", "card_number", "allergies", "contraindications", "notes")
# What a row is compared with to tell "unchanged" from "update".
COMPARED = ("id", "merged_into_id", *PLAIN, "phone_hash", "id_number_hash", "source_id", "consultant_id",
            "online_consultant_id", "created_at")
FIELD_LABELS = {
    "name": "姓名", "gender": "性别", "birthday": "生日", "phone": "手机号", "id_number": "身份证号",
    "source": "来源渠道", "consultant": "现场咨询", "online_consultant": "网电咨询", "card_number": "会员卡号",
    "tags": "标签", "allergies": "过敏史", "contraindications": "禁忌症", "notes": "备注", "created_at": "建档时间",
}


def _describe(owner: dict[str, Any], phone: str = "") -> str:
    masked = f"{mask_phone(phone)}，" if phone else ""
    return f"{owner['name']}（{masked}档案号 {owner['id']}）"


class CustomerHandler(Handler):
    kind = ImportKind.CUSTOMERS

    def prepare(self) -> None:
        self.staff = StaffDirectory(self.ctx.operator)
        self.customers = CustomerLookup(self.ctx.operator)
        self.sources = {name: (pk, active) for pk, name, active in
                        SourceChannel.objects.values_list("id", "name", "is_active")}
        self._load_tags()
        self.default_tier = tier_for(spend=0, points=0)  # what evaluate_tier gives a new file
        self.customer_writer = RowWriter(Customer, with_pk=True)
        self.tag_writer = RowWriter(CustomerTag)
        self.event_writer = RowWriter(CustomerEvent)
        # In-file uniqueness: key → first row that used it.
        self.seen: dict[str, dict[str, int]] = {"legacy_id": {}, "phone": {}, "id_number": {}, "card_number": {}}
        self.missing_sources: dict[str, int] = {}
        self.missing_tags: dict[str, int] = {}

    def _load_tags(self) -> None:
        self.tags_full: dict[str, tuple[int, bool]] = {}
        self.tags_by_name: dict[str, list[tuple[int, bool, str]]] = {}
        for pk, name, category, active in Tag.objects.values_list("id", "name", "category__name", "is_active"):
            self.tags_full[f"{category}/{name}"] = (pk, active)
            self.tags_by_name.setdefault(name, []).append((pk, active, category))

    # --- checking ------------------------------------------------------------------------------------

    def _parse(self, r: Record) -> None:
        f = self.field
        d = r.data
        d["legacy_id"] = self.required(r, "legacy_id", lambda v: parsing.limited(v, 64), "原系统编号")
        d["name"] = self.required(r, "name", lambda v: parsing.limited(v, 32), "姓名")
        phone = parsing.code_text(r.values.get("phone"))
        if not phone:
            r.fail("phone", "请填写手机号。", "必填项为空")
        else:
            try:
                d["phone"] = normalize_mobile(phone)
            except ValueError as error:
                r.fail("phone", str(error), "手机号格式不正确")
        if r.has("gender"):
            d["gender"] = f(r, "gender", parsing.gender)
        if r.has("birthday"):
            d["birthday"] = f(r, "birthday", parsing.parse_date)
            if d["birthday"] and d["birthday"] > self.ctx.now.date():
                r.fail("birthday", "生日不能晚于今天。")
                d["birthday"] = None
        if r.has("id_number"):
            self._identity(r)
        if r.has("source"):
            name = parsing.text(r.values["source"])
            found = self.sources.get(name)
            if found is None:
                if self.ctx.create_missing:
                    d["source_name"] = name
                    self.missing_sources.setdefault(name, r.row)
                else:
                    r.fail("source", f"来源渠道“{name}”不存在。{_ADD_FIRST}", "来源渠道不存在")
            elif not found[1]:
                r.fail("source", f"来源渠道“{name}”已停用。", "来源渠道已停用")
            else:
                d["source_id"] = found[0]
        for key in ("consultant", "online_consultant"):
            staff = self.staff.find(r, key, active=True, in_scope=True)
            if staff is not None:
                d[f"{key}_id"] = staff.id
                d[f"{key}_unit"] = staff.org_unit_id
        if r.has("card_number"):
            d["card_number"] = f(r, "card_number", lambda v: parsing.limited(parsing.code_text(v), 32))
        if r.has("tags"):
            self._tags(r)
        for key in ("allergies", "contraindications", "notes"):
            if r.has(key):
                d[key] = f(r, key, lambda v: parsing.limited(v, 2000))
        if r.has("created_at"):
            d["created_at"] = f(r, "created_at", parsing.parse_datetime)
            if d["created_at"] and d["created_at"] > self.ctx.now:
                r.fail("created_at", "建档时间不能晚于现在。")
                d["created_at"] = None

    def _identity(self, r: Record) -> None:
        d = r.data
        try:
            info = parse_id_number(parsing.code_text(r.values["id_number"]))
        except ValueError as error:
            message = str(error)
            raw = parsing.code_text(r.values["id_number"])
            if raw.isdigit() and len(raw) == 18 and raw.endswith("00"):
                message += "（若在 Excel 中以数字保存，末几位会变成 0，请把该列设为文本格式）"
            r.fail("id_number", message, "身份证号不正确")
            return
        d["id_number"] = info.number
        birthday = d.get("birthday")
        if birthday and birthday != info.birthday:
            r.fail("birthday", f"生日与身份证号不一致（身份证为 {info.birthday:%Y-%m-%d}）。", "生日与身份证号不一致")
        d["birthday"] = info.birthday
        gender = d.get("gender") or Gender.UNKNOWN
        if gender != Gender.UNKNOWN and gender != info.gender:
            r.fail("gender", f"性别与身份证号不一致（身份证为{Gender(info.gender).label}）。", "性别与身份证号不一致")
        d["gender"] = info.gender

    def _tags(self, r: Record) -> None:
        ids: list[int] = []
        unknown: list[str] = []
        for value in parsing.split_list(r.values["tags"]):
            if "/" in value:
                found = self.tags_full.get(value)
                choices = [(found[0], found[1], value.split("/", 1)[0])] if found else []
            else:
                choices = self.tags_by_name.get(value, [])
            if not choices:
                if self.ctx.create_missing:
                    self.missing_tags.setdefault(value, r.row)
                    r.data.setdefault("new_tags", []).append(value)
                else:
                    unknown.append(value)
            elif len(choices) > 1:
                where = "、".join(f"{c[2]}/{value}" for c in choices)
                r.fail("tags", f"标签“{value}”在多个分类中都有，请写作 {where}。", "标签名称不唯一")
            elif not choices[0][1]:
                r.fail("tags", f"标签“{value}”已停用。", "标签已停用")
            else:
                ids.append(choices[0][0])
        if unknown:
            r.fail("tags", f"标签不存在：{'、'.join(unknown)}。{_ADD_FIRST}", "标签不存在")
        r.data["tag_ids"] = ids

    def _unique_in_file(self, r: Record) -> None:
        d = r.data
        for key, value, label in (
            ("legacy_id", d.get("legacy_id"), "原系统编号"),
            ("phone", d.get("phone_hash"), "手机号"),
            ("id_number", d.get("id_number_hash"), "身份证号"),
            ("card_number", d.get("card_number"), "会员卡号"),
        ):
            if not value:
                continue
            first = self.seen[key].setdefault(value, r.row)
            if first != r.row:
                r.fail(key, f"{label}与第 {first} 行重复。", f"{label}在文件中重复")

    def check(self, records: list[Record]) -> None:
        for r in records:
            self._parse(r)
            d = r.data
            if d.get("phone"):
                d["phone_hash"] = crypto.blind_index(d["phone"])
            if d.get("id_number"):
                d["id_number_hash"] = crypto.blind_index(d["id_number"])
            self._unique_in_file(r)
        self._against_database(records)

    @staticmethod
    def _owners(records: list[Record]) -> dict[str, dict[str, dict[str, Any]]]:
        """Files (not merged away) holding any of the chunk's phones, ID numbers or card numbers.

        One query per kind of number: each is an index scan (one OR'd query made PostgreSQL scan the table).
        """
        found: dict[str, dict[str, dict[str, Any]]] = {}
        for key in ("phone_hash", "id_number_hash", "card_number"):
            values = {r.data[key] for r in records if r.data.get(key)}
            found[key] = {row[key]: row for row in Customer.objects.filter(**{f"{key}__in": values},
                                                                           merged_into__isnull=True)
                          .order_by().values("id", "name", "legacy_id", key)} if values else {}
        return found

    def _against_database(self, records: list[Record]) -> None:
        legacy_ids = {r.data["legacy_id"] for r in records if r.data.get("legacy_id")}
        # ``legacy_id <> ''`` lets PostgreSQL use the partial unique index with a long IN list.
        # Plain values are enough to compare (hashes, not decrypted numbers); rows that change are loaded whole
        # when written.
        existing = {row["legacy_id"]: row for row in Customer.objects.filter(legacy_id__in=legacy_ids)
                    .exclude(legacy_id="").order_by().values("legacy_id", *COMPARED)}
        self.existing_tags = {}
        if existing:
            for customer_id, tag_id in CustomerTag.objects.filter(
                    customer_id__in=[c["id"] for c in existing.values()]).values_list("customer_id", "tag_id"):
                self.existing_tags.setdefault(customer_id, set()).add(tag_id)
        allowed = self.customers.in_scope({c["id"] for c in existing.values()})
        owners = self._owners(records)
        phones, id_numbers, cards = owners["phone_hash"], owners["id_number_hash"], owners["card_number"]
        for r in records:
            d = r.data
            target = existing.get(d.get("legacy_id") or "")
            own_id = target["id"] if target is not None else None
            owner = phones.get(d.get("phone_hash") or "")
            if owner and owner["id"] != own_id:
                r.fail("phone", f"该手机号已有客户档案：{_describe(owner, d['phone'])}。", "手机号已属于其他客户")
            owner = id_numbers.get(d.get("id_number_hash") or "")
            if owner and owner["id"] != own_id:
                r.fail("id_number", f"该身份证号已有客户档案：{_describe(owner)}。", "身份证号已属于其他客户")
            owner = cards.get(d.get("card_number") or "")
            if owner and owner["id"] != own_id:
                r.fail("card_number", f"该会员卡号已被客户 {_describe(owner)} 使用。", "会员卡号已被使用")
            if r.errors:
                continue
            if target is None:
                r.action = "create"
            elif target["merged_into_id"]:
                # The file was merged into another one: a closed file is never changed.
                r.action, r.target = "unchanged", target
            elif target["id"] not in allowed:
                r.fail("legacy_id", f"原系统编号“{d['legacy_id']}”对应的客户不在您的数据权限范围内，不能更新。",
                       "客户不在您的数据权限范围内")
            else:
                r.target = target
                r.changes = self._changes(target, r)
                r.action = "update" if r.changes else "unchanged"

    def _changes(self, customer: dict[str, Any], r: Record) -> dict[str, Any]:
        d = r.data
        changes: dict[str, Any] = {}
        for key in PLAIN:
            value = d.get(key)
            if value in (None, "") or (key == "gender" and value == Gender.UNKNOWN):
                continue
            if customer[key] != value:
                changes[key] = value
        if d.get("phone_hash") and d["phone_hash"] != customer["phone_hash"]:
            changes["phone"] = d["phone"]
        if d.get("id_number_hash") and d["id_number_hash"] != customer["id_number_hash"]:
            changes["id_number"] = d["id_number"]
        for key in ("source", "consultant", "online_consultant"):
            value = d.get(f"{key}_id")
            if value and value != customer[f"{key}_id"]:
                changes[f"{key}_id"] = value
        if d.get("source_name"):
            changes["source_name"] = d["source_name"]
        if d.get("created_at") and d["created_at"] != customer["created_at"]:
            changes["created_at"] = d["created_at"]
        have = self.existing_tags.get(customer["id"], set())
        new_tags = [t for t in d.get("tag_ids", []) if t not in have]
        if new_tags or d.get("new_tags"):
            changes["tags"] = new_tags
        return changes

    # --- writing -------------------------------------------------------------------------------------

    def _create_missing(self) -> None:
        """Sources and tags the file names that do not exist yet (only with the job's create_missing)."""
        for name in list(self.missing_sources):
            if name not in self.sources:
                source = SourceChannel.objects.create(name=name[:32], sort=900)
                self.sources[name] = (source.pk, True)
                self.notes.setdefault("created_sources", []).append(name)
        if any(value not in self.tags_full and value not in self.tags_by_name for value in self.missing_tags):
            for value in list(self.missing_tags):
                if value in self.tags_full or value in self.tags_by_name:
                    continue
                category_name, _, name = value.rpartition("/")
                category, _ = TagCategory.objects.get_or_create(name=(category_name or IMPORTED_TAG_CATEGORY)[:32])
                tag = Tag.objects.create(category=category, name=name[:32])
                self.tags_full[f"{category.name}/{tag.name}"] = (tag.pk, True)
                if not category_name:
                    self.tags_by_name.setdefault(value, []).append((tag.pk, True, category.name))
                self.tags_full.setdefault(value, (tag.pk, True))
                self.notes.setdefault("created_tags", []).append(f"{category.name}/{tag.name}")

    def _new_tag_ids(self, r: Record) -> list[int]:
        ids = list(r.data.get("tag_ids", []))
        for value in r.data.get("new_tags", []):
            found = self.tags_full.get(value) or (self.tags_by_name.get(value) or [(None,)])[0]
            if found and found[0] and found[0] not in ids:
                ids.append(found[0])
        return ids

    def _owning_unit(self, d: dict[str, Any], current: int | None = None) -> int | None:
        for key in ("consultant_unit", "online_consultant_unit"):
            if d.get(key):
                return d[key]
        return current or getattr(self.ctx.operator, "org_unit_id", None)

    def write(self, records: list[Record]) -> None:
        if self.missing_sources or self.missing_tags:
            self._create_missing()
        creates = [r for r in records if r.action == "create"]
        updates = [r for r in records if r.action == "update"]
        if creates:
            self._write_creates(creates)
        if updates:
            self._write_updates(updates)

    def _source_id(self, d: dict[str, Any]) -> int | None:
        if d.get("source_id"):
            return d["source_id"]
        if d.get("source_name"):
            return self.sources[d["source_name"]][0]
        return None

    def _write_creates(self, records: list[Record]) -> None:
        ctx = self.ctx
        operator_id, now, job_id = ctx.operator_id, ctx.now, ctx.job.pk
        tier_id = self.default_tier.pk if self.default_tier else None
        ids = self.customer_writer.allocate_ids(len(records))
        rows: list[dict[str, Any]] = []
        links: list[dict[str, Any]] = []
        events: list[dict[str, Any]] = []
        for r, pk in zip(records, ids, strict=True):
            d = r.data
            phone, id_number, name, legacy = d["phone"], d.get("id_number") or "", d["name"], d["legacy_id"]
            created = d.get("created_at") or now
            rows.append({
                "id": pk, "name": name, "name_pinyin": pinyin_of(name), "name_initials": initials_of(name),
                "gender": d.get("gender") or Gender.UNKNOWN, "birthday": d.get("birthday"),
                "phone": phone, "phone_hash": d["phone_hash"], "phone_last4": phone[-4:],
                "id_number": id_number, "id_number_hash": d.get("id_number_hash") or "",
                "id_number_last4": id_number[-4:], "source_id": self._source_id(d),
                "consultant_id": d.get("consultant_id"), "online_consultant_id": d.get("online_consultant_id"),
                "org_unit_id": self._owning_unit(d), "tier_id": tier_id, "card_number": d.get("card_number") or "",
                "legacy_id": legacy, "allergies": d.get("allergies") or "",
                "contraindications": d.get("contraindications") or "", "notes": d.get("notes") or "",
                "created_by_id": operator_id, "created_at": created, "updated_at": now,
            })
            links.extend({"customer_id": pk, "tag_id": t, "created_by_id": operator_id, "created_at": now}
                         for t in self._new_tag_ids(r))
            events.append({"customer_id": pk, "type": "customer.imported", "occurred_at": created,
                           "actor_id": operator_id, "actor_name": ctx.operator_name,
                           "source_type": "dataimport.importjob", "source_id": str(job_id),
                           "summary": f"从原系统导入档案（原系统编号 {legacy}）"[:255],
                           "data": {"job": job_id, "legacy_id": legacy}})
        self.customer_writer.insert(rows, now=now)
        self.tag_writer.insert(links, now=now)
        self.event_writer.insert(events, now=now)
        self.log_created(Customer, rows, lambda values: values["name"])

    def _write_updates(self, records: list[Record]) -> None:
        operator_id = self.ctx.operator_id
        loaded = Customer.objects.in_bulk([r.target["id"] for r in records])
        for r in records:
            r.target = loaded[r.target["id"]]
        before = {r.target.pk: snapshot(r.target) for r in records}
        fields: set[str] = set()
        links: list[CustomerTag] = []
        events: list[CustomerEvent] = []
        job_id = self.ctx.job.pk
        for r in records:
            customer: Customer = r.target
            changes = dict(r.changes)
            changed_labels = []
            for key in changes:
                label = FIELD_LABELS.get(key.removesuffix("_id").removesuffix("_name"))
                if label and label not in changed_labels:
                    changed_labels.append(label)
            if "source_name" in changes:
                changes["source_id"] = self.sources[changes.pop("source_name")][0]
            tags = changes.pop("tags", None)
            if tags is not None:
                links.extend(CustomerTag(customer_id=customer.pk, tag_id=t, created_by_id=operator_id)
                             for t in self._new_tag_ids(r) if t not in self.existing_tags.get(customer.pk, set()))
            for key, value in changes.items():
                setattr(customer, key, value)
                fields.add(key)
            if "name" in changes:
                customer.name_pinyin, customer.name_initials = pinyin_of(customer.name), initials_of(customer.name)
                fields.update({"name_pinyin", "name_initials"})
            for key in ("phone", "id_number"):
                if key in changes:
                    value = changes[key]
                    setattr(customer, f"{key}_hash", crypto.blind_index(value))
                    setattr(customer, f"{key}_last4", value[-4:])
                    fields.update({f"{key}_hash", f"{key}_last4"})
            if {"consultant_id", "online_consultant_id"} & changes.keys():
                unit = None
                for key in ("consultant_id", "online_consultant_id"):
                    staff = self.staff.by_id.get(getattr(customer, key))
                    if staff is not None:
                        unit = staff.org_unit_id
                        break
                customer.org_unit_id = unit or customer.org_unit_id
                fields.add("org_unit_id")
            events.append(CustomerEvent(
                customer_id=customer.pk, type="customer.imported", occurred_at=self.ctx.now, actor_id=operator_id,
                actor_name=self.ctx.operator_name, source_type="dataimport.importjob", source_id=str(job_id),
                summary=f"导入更新档案：{'、'.join(changed_labels)}"[:255],
                data={"job": job_id, "legacy_id": customer.legacy_id, "fields": changed_labels}))
        changed = [r.target for r in records]
        if fields:
            now = self.ctx.now
            for customer in changed:
                customer.updated_at = now
            Customer.objects.bulk_update(changed, sorted({*fields, "updated_at"}), batch_size=500)
        CustomerTag.objects.bulk_create(links, batch_size=BATCH_SIZE, ignore_conflicts=True)
        CustomerEvent.objects.bulk_create(events, batch_size=BATCH_SIZE)
        self.log_updated(changed, before)

    def summary(self) -> dict[str, Any]:
        notes = dict(self.notes)
        if self.missing_sources:
            notes["missing_sources"] = sorted(self.missing_sources)
        if self.missing_tags:
            notes["missing_tags"] = sorted(self.missing_tags)
        return notes

