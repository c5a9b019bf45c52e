"""Catalogue rows for the cross-cutting API tests (permission matrix, fuzzing): one per resource."""

from __future__ import annotations

import io
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image


def png_bytes(size: tuple[int, int] = (32, 24), color: str = "#c8a27c") -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, color).save(buffer, "PNG")
    return buffer.getvalue()


def png_upload(name: str = "case.png", **kwargs: Any) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, png_bytes(**kwargs), content_type="image/png")


def catalog_objects(staff: Any) -> dict[str, int]:
    from yimei.catalog import services

    root = services.create_category(operator=staff, name="测试光电", kind="energy")
    empty = services.create_category(operator=staff, name="空分类")
    product = services.create_product(operator=staff, code="T-P1", name="测试耗材", kind="consumable")
    item = services.create_item(operator=staff, code="T-I1", name="测试项目", category=root, price_amount="100")
    spare = services.create_item(operator=staff, code="T-I2", name="测试项目二", category=root, price_amount="80")
    card = services.create_card_type(operator=staff, code="T-C1", name="测试次卡", kind="count", price_amount="500",
                                     card_items=[{"item": spare.pk, "sessions": 5}])
    image = services.store_image(operator=staff, upload=png_upload())
    article = services.create_article(operator=staff, item=item, kind="faq", title="测试问答", body_html="<p>答</p>")
    case = services.create_case(operator=staff, item=item, name="测试案例", pictures=[{"image": image.pk}])
    return {"catalog/categories": empty.pk, "catalog/items": item.pk, "catalog/products": product.pk,
            "catalog/card-types": card.pk, "catalog/images": image.pk, "catalog/articles": article.pk,
            "catalog/cases": case.pk, "catalog/handbook": item.pk}
