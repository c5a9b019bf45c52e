"""Importing tags (标签) in categories: a category or tag that does not exist is created; one that exists
keeps its place and only takes a colour the file gives. Keyed on (category, tag), so a re-run changes
nothing. Tag files are short (hundreds of rows): rows are saved one by one and feed the change log as
every other save does."""

from __future__ import annotations

from typing import Any

from yimei.customers.models import Tag, TagCategory
from yimei.dataimport import parsing
from yimei.dataimport.choices import ImportKind
from yimei.dataimport.engine import Handler, Record


class TagHandler(Handler):
    kind = ImportKind.TAGS

    def prepare(self) -> None:
        self.categories = {c.name: c for c in TagCategory.objects.all()}
        self.tags = {(t.category.name, t.name): t for t in Tag.objects.select_related("category")}
        self.seen: dict[tuple[str, str], int] = {}
        self.new_categories: set[str] = set()

    def check(self, records: list[Record]) -> None:
        for r in records:
            d = r.data
            d["category"] = self.required(r, "category", lambda v: parsing.limited(v, 32), "分类")
            d["name"] = self.required(r, "name", lambda v: parsing.limited(v, 32), "标签")
            if r.has("color"):
                d["color"] = self.field(r, "color", lambda v: parsing.limited(v, 16))
            if r.errors:
                continue
            key = (d["category"], d["name"])
            first = self.seen.setdefault(key, r.row)
            if first != r.row:
                r.fail("name", f"分类“{key[0]}”下的标签“{key[1]}”与第 {first} 行重复。", "标签在文件中重复")
                continue
            tag = self.tags.get(key)
            if tag is None:
                r.action = "create"
                if key[0] not in self.categories:
                    self.new_categories.add(key[0])
            elif d.get("color") and d["color"] != tag.color:
                r.action, r.target, r.changes = "update", tag, {"color": d["color"]}
            else:
                r.action, r.target = "unchanged", tag

    def write(self, records: list[Record]) -> None:
        for r in records:
            d = r.data
            if r.action == "create":
                category = self.categories.get(d["category"])
                if category is None:
                    category = self.categories[d["category"]] = TagCategory.objects.create(name=d["category"])
                self.tags[(d["category"], d["name"])] = Tag.objects.create(
                    category=category, name=d["name"], color=d.get("color") or "")
            elif r.action == "update":
                r.target.color = r.changes["color"]
                r.target.save(update_fields=["color", "updated_at"])

    def summary(self) -> dict[str, Any]:
        return {"new_categories": sorted(self.new_categories)} if self.new_categories else {}
