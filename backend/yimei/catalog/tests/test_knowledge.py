"""The knowledge base: private pictures, sanitized articles, cases with consent, and the handbook."""

from __future__ import annotations

import io
import re
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from PIL import Image

from yimei.catalog import images, services
from yimei.catalog.models import Article, Case, CatalogImage
from yimei.catalog.richtext import image_url, sanitize_html
from yimei.catalog.tests.fixtures import png_bytes, png_upload
from yimei.core.errors import BusinessError
from yimei.customers import services as customer_services
from yimei.customers.models import MembershipTier


def upload(client, content: bytes, name: str = "a.png", content_type: str = "image/png"):
    return client.post("/api/v1/catalog/images/", {"file": SimpleUploadedFile(name, content, content_type)},
                       format="multipart")


def jpeg_with_exif() -> bytes:
    image = Image.new("RGB", (40, 20), "#d0b090")
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    exif[0x0112] = 6  # orientation: rotate 90° clockwise to display
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", exif=exif)
    return buffer.getvalue()


# --- pictures -------------------------------------------------------------------------------------


def test_a_picture_is_stored_privately_and_served_through_the_checked_view(api, client_for, reader, make_staff):
    # given an uploaded picture
    response = upload(api, png_bytes())
    assert response.status_code == 201, response.content
    data = response.json()
    assert data["url"] == image_url(data["id"]) and data["content_type"] == "image/png"
    stored = CatalogImage.objects.get(pk=data["id"])
    # under a name of the server's (the uploaded name "a.png" is not kept; a random hex name may end in "a.png")
    assert re.fullmatch(r"catalog/\d{4}/\d{2}/\d{8}-[0-9a-f]{32}\.png", stored.file.name), stored.file.name
    # then a reader of the handbook gets the file
    served = client_for(reader).get(data["url"])
    assert served.status_code == 200 and served["Content-Type"] == "image/png"
    assert served["Cache-Control"].startswith("private") and served["X-Content-Type-Options"] == "nosniff"
    assert Image.open(io.BytesIO(b"".join(served.streaming_content))).size == (32, 24)
    # and nobody else does
    assert client_for(make_staff(["catalog.item.view"])).get(data["url"]).status_code == 403
    assert client_for(None).get(data["url"]).status_code == 401


def test_exif_is_stripped_and_orientation_applied(api):
    data = upload(api, jpeg_with_exif(), "photo.jpg", "image/jpeg").json()
    stored = CatalogImage.objects.get(pk=data["id"])
    with stored.file.open("rb") as handle, Image.open(handle) as image:
        assert image.format == "JPEG" and not image.getexif()
        assert image.size == (20, 40)  # turned upright
    assert (data["width"], data["height"]) == (20, 40)


@pytest.mark.parametrize(("content", "name", "message"), [
    (b"%PDF-1.4 not a picture", "a.png", "只支持 JPEG、PNG 或 WebP 格式的图片。"),
    (b"<svg xmlns='http://www.w3.org/2000/svg'><script>alert(1)</script></svg>", "a.svg",
     "只支持 JPEG、PNG 或 WebP 格式的图片。"),
    (png_bytes()[:60], "cut.png", "图片文件已损坏或不完整，请重新导出后上传。"),
])
def test_a_non_image_is_refused(api, content, name, message):
    response = upload(api, content, name)
    assert response.status_code == 400 and response.json()["message"] == message
    assert response.json()["fields"] == {"file": [message]}
    assert not CatalogImage.objects.exists()


def test_a_gif_is_refused(api):
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4)).save(buffer, "GIF")
    assert upload(api, buffer.getvalue(), "a.gif", "image/gif").json()["code"] == "unsupported_image"


def test_an_oversized_file_is_refused(api, monkeypatch):
    monkeypatch.setattr(images, "MAX_IMAGE_BYTES", 1000)
    response = upload(api, png_bytes((200, 200), "#123456") + b"\0" * 2000)
    assert response.status_code == 400 and response.json()["code"] == "image_too_large"
    assert "不能超过" in response.json()["message"]
    assert not CatalogImage.objects.exists()


def test_the_real_limit_is_ten_megabytes():
    big = SimpleUploadedFile("big.png", b"\0" * (10 * 1024 * 1024 + 1), "image/png")
    with pytest.raises(BusinessError, match="不能超过 10 MB"):
        images.clean_image(big)


def test_upload_without_a_file_is_a_clear_error(api):
    response = api.post("/api/v1/catalog/images/", {}, format="json")
    assert response.status_code == 400 and response.json()["fields"]["file"] == ["请选择图片文件。"]


def test_upload_needs_the_manage_code(client_for, reader):
    assert upload(client_for(reader), png_bytes()).status_code == 403
    assert not CatalogImage.objects.exists()


# --- sanitizing -----------------------------------------------------------------------------------


def test_sanitizer_keeps_structure_and_drops_scripts_handlers_and_foreign_pictures():
    html = sanitize_html(
        '<h2 onclick="x()">适应症</h2><script>alert(1)</script><p style="color:red">a'
        '<img src=x onerror=alert(1)><img src="https://tracker.example/p.gif">'
        f'<img src="{image_url(7)}" alt="术后" onload="y()"></p>'
        '<ul><li><strong>b</strong></li></ul><a href="javascript:alert(1)">j</a>'
        '<a href="https://example.org/x" target="_blank">k</a><iframe src="https://x">f</iframe>'
        '<table><tr><td colspan="2">t</td></tr></table>')
    assert "<script" not in html and "alert" not in html and "onerror" not in html and "onload" not in html
    assert "style=" not in html and "iframe" not in html and "tracker" not in html and "javascript" not in html
    assert f'<img src="{image_url(7)}" alt="术后">' in html and html.count("<img") == 1
    assert '<a href="https://example.org/x" rel="noopener noreferrer">k</a>' in html
    assert "<h2>适应症</h2>" in html and "<strong>b</strong>" in html and '<td colspan="2">t</td>' in html


def test_article_body_is_sanitized_through_the_api(api, ipl_item):
    response = api.post("/api/v1/catalog/articles/", {
        "item": ipl_item.pk, "kind": "aftercare", "title": "术后护理",
        "body_html": '<p>冷敷<img src="/media/x.png" onerror="a()"></p><script>steal()</script>'}, format="json")
    assert response.status_code == 201, response.content
    assert response.json()["body_html"] == "<p>冷敷</p>"
    assert Article.objects.get().body_html == "<p>冷敷</p>"


def test_article_errors_write_nothing(api, ipl_item):
    response = api.post("/api/v1/catalog/articles/", {"item": ipl_item.pk, "kind": "nonsense", "title": "x"},
                        format="json")
    assert response.status_code == 400 and not Article.objects.exists()


# --- cases ----------------------------------------------------------------------------------------


@pytest.fixture
def customer(manager):
    return customer_services.create_customer(operator=manager, name="案例客户", phone="13900001111")


def test_a_case_of_a_customer_needs_their_photo_consent(api, manager, ipl_item, customer, make_staff, client_for):
    image = services.store_image(operator=manager, upload=png_upload())
    body = {"item": ipl_item.pk, "name": "光子嫩肤 3 次", "customer": customer.pk,
            "pictures": [{"image": image.pk, "caption": "术前"}]}
    # the manager cannot see customers at all
    response = api.post("/api/v1/catalog/cases/", body, format="json")
    assert response.status_code == 400 and response.json()["fields"] == {
        "customer": ["所选客户不存在或不在您的数据权限范围内。"]}
    # someone who can: refused without consent
    editor = make_staff(["catalog.knowledge.view", "catalog.knowledge.manage", "customers.customer.view"],
                        scopes={"customers": "all"})
    client = client_for(editor)
    response = client.post("/api/v1/catalog/cases/", body, format="json")
    assert response.status_code == 400 and response.json()["code"] == "no_photo_consent"
    assert "未同意照片用于案例" in response.json()["message"] and not Case.objects.exists()
    # with consent recorded it is saved
    customer_services.set_consent(customer, kind="case_photos", granted=True, source="counter", operator=editor)
    response = client.post("/api/v1/catalog/cases/", body, format="json")
    assert response.status_code == 201, response.content
    assert response.json()["customer"] == {"id": customer.pk, "name": "案例客户"}
    assert response.json()["pictures"][0]["caption"] == "术前"


def test_a_withdrawn_consent_hides_the_case_from_the_handbook(manager, ipl_item, customer, client_for, reader):
    customer_services.set_consent(customer, kind="case_photos", granted=True, source="counter", operator=manager)
    image = services.store_image(operator=manager, upload=png_upload())
    services.create_case(operator=manager, item=ipl_item, name="案例", customer=customer,
                         pictures=[{"image": image.pk}])
    client = client_for(reader)
    assert len(client.get(f"/api/v1/catalog/handbook/{ipl_item.pk}/").json()["cases"]) == 1
    customer_services.set_consent(customer, kind="case_photos", granted=False, source="counter", operator=manager)
    assert client.get(f"/api/v1/catalog/handbook/{ipl_item.pk}/").json()["cases"] == []
    case = Case.objects.get()
    with pytest.raises(BusinessError, match="未同意"):
        services.update_case(case, operator=manager, name="改名")
    services.update_case(case, operator=manager, is_published=False)  # hiding it is always allowed


def test_case_pictures_keep_their_order(api, manager, ipl_item):
    first, second = (services.store_image(operator=manager, upload=png_upload()) for _ in range(2))
    response = api.post("/api/v1/catalog/cases/", {
        "item": ipl_item.pk, "name": "案例", "pictures": [{"image": second.pk, "caption": "术后"},
                                                           {"image": first.pk, "caption": "术前"}]}, format="json")
    assert [p["image"] for p in response.json()["pictures"]] == [second.pk, first.pk]
    case_id = response.json()["id"]
    response = api.patch(f"/api/v1/catalog/cases/{case_id}/", {"pictures": [{"image": first.pk}]}, format="json")
    assert [p["image"] for p in response.json()["pictures"]] == [first.pk]
    response = api.patch(f"/api/v1/catalog/cases/{case_id}/", {"pictures": []}, format="json")
    assert response.status_code == 400 and response.json()["message"] == "请至少保留一张图片。"
    response = api.post("/api/v1/catalog/cases/", {"item": ipl_item.pk, "name": "没有图", "pictures": []},
                        format="json")
    assert response.status_code == 400 and response.json()["fields"] == {"pictures": ["请至少上传一张图片。"]}


# --- handbook -------------------------------------------------------------------------------------


def fill(manager, item, n: int) -> None:
    for i in range(n):
        image = services.store_image(operator=manager, upload=png_upload())
        services.create_article(operator=manager, item=item, kind=["faq", "indications", "aftercare"][i % 3],
                                title=f"文章{i}", body_html=f'<p>内容<img src="{image_url(image.pk)}"></p>')
        after = services.store_image(operator=manager, upload=png_upload())
        services.create_case(operator=manager, item=item, name=f"案例{i}",
                             pictures=[{"image": image.pk, "caption": "术前"}, {"image": after.pk, "caption": "术后"}])


def test_handbook_item_shows_prices_articles_and_cases(manager, client_for, reader, ipl_item):
    silver = MembershipTier.objects.create(name="银卡", threshold_amount=1, discount_rate=Decimal("0.95"), sort=1)
    gold = MembershipTier.objects.create(name="金卡", threshold_amount=2, discount_rate=Decimal("0.88"), sort=2)
    services.update_item(ipl_item, operator=manager, tier_prices=[{"tier": gold.pk, "price_amount": "700"}])
    fill(manager, ipl_item, 3)
    services.create_case(operator=manager, item=ipl_item, name="未展示", is_published=False, pictures=[
        {"image": services.store_image(operator=manager, upload=png_upload()).pk}])
    data = client_for(reader).get(f"/api/v1/catalog/handbook/{ipl_item.pk}/").json()
    assert data["price_amount"] == "880.00" and data["category_path"] == ["光电", "光子嫩肤"]
    assert data["member_prices"] == [
        {"tier": silver.pk, "tier_name": "银卡", "price_amount": "836.00", "source": "discount",
         "discount_rate": "0.950"},
        {"tier": gold.pk, "tier_name": "金卡", "price_amount": "700.00", "source": "price", "discount_rate": "0.880"}]
    assert [a["kind"] for a in data["articles"]] == ["indications", "aftercare", "faq"]
    assert [c["name"] for c in data["cases"]] == ["案例0", "案例1", "案例2"]
    assert "customer" not in data["cases"][0] and len(data["cases"][0]["pictures"]) == 2


def test_handbook_query_count_does_not_grow_with_content(manager, client_for, reader, ipl_item, hydra_item):
    client = client_for(reader)
    fill(manager, ipl_item, 1)
    fill(manager, hydra_item, 6)
    client.get(f"/api/v1/catalog/handbook/{ipl_item.pk}/")  # warm the session and access caches
    with CaptureQueriesContext(connection) as small:
        assert client.get(f"/api/v1/catalog/handbook/{ipl_item.pk}/").status_code == 200
    with CaptureQueriesContext(connection) as large:
        assert client.get(f"/api/v1/catalog/handbook/{hydra_item.pk}/").status_code == 200
    assert len(small) == len(large) <= 10
    with CaptureQueriesContext(connection) as index:
        data = client.get("/api/v1/catalog/handbook/").json()
    assert len(index) <= 4
    counts = {row["code"]: (row["article_count"], row["case_count"]) for row in data["items"]}
    assert counts == {"IPL": (1, 1), "HYD": (6, 6)}


def test_handbook_hides_inactive_items(manager, client_for, reader, ipl_item):
    services.update_item(ipl_item, operator=manager, is_active=False)
    client = client_for(reader)
    assert client.get(f"/api/v1/catalog/handbook/{ipl_item.pk}/").status_code == 404
    assert client.get("/api/v1/catalog/handbook/").json()["items"] == []
    assert client.get("/api/v1/catalog/handbook/abc/").status_code == 404


# --- demo catalogue -------------------------------------------------------------------------------


def test_demo_catalogue_loads_once_with_every_kind_of_card(db, client_for, make_staff):
    from yimei.accounts import services as account_services
    from yimei.catalog.demo import seed_catalog
    from yimei.catalog.models import CardType, ItemTierPrice, OperationFee, Product, TreatmentItem

    for code, name in (("doctor", "医生"), ("nurse", "护士"), ("therapist", "治疗师")):
        account_services.create_position(code=code, name=name)
    assert seed_catalog() == TreatmentItem.objects.count() >= 12
    assert seed_catalog() == 0
    assert set(CardType.objects.values_list("kind", flat=True)) == {"count", "combo", "choice", "stored_value"}
    assert CardType.objects.get(code="CARD-SKIN63").card_items.count() == 6
    assert Product.objects.filter(kind="retail").exists() and ItemTierPrice.objects.exists()
    assert OperationFee.objects.filter(position__code="doctor").exists()
    client = client_for(make_staff(["catalog.handbook.view"]))
    ipl = TreatmentItem.objects.get(code="IPL-01")
    data = client.get(f"/api/v1/catalog/handbook/{ipl.pk}/").json()
    assert len(data["articles"]) == 5 and len(data["cases"]) == 1
    picture = data["cases"][0]["pictures"][0]
    assert client.get(picture["url"]).status_code == 200
    assert '<img src="/api/v1/catalog/images/' in next(a for a in data["articles"] if a["kind"] == "process")[
        "body_html"]
