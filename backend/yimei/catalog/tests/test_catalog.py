"""Categories, items (one document with member prices, consumables and fees), products and card types:
the rules of the services and the API around them."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from yimei.accounts import services as account_services
from yimei.audit.models import OperationLog
from yimei.catalog import services
from yimei.catalog.models import CardType, ItemCategory, ItemConsumable, ItemTierPrice, OperationFee, TreatmentItem
from yimei.core.errors import BusinessError, Protected
from yimei.customers.models import MembershipTier


@pytest.fixture
def tiers(db):
    return [MembershipTier.objects.create(name="银卡", threshold_amount=10000, discount_rate=Decimal("0.95"), sort=1),
            MembershipTier.objects.create(name="金卡", threshold_amount=50000, discount_rate=Decimal("0.90"), sort=2)]


@pytest.fixture
def nurse_position(db):
    return account_services.create_position(code="t_nurse", name="测试护士")


def error_of(call, *args, **kwargs) -> BusinessError:
    with pytest.raises(BusinessError) as caught:
        call(*args, **kwargs)
    return caught.value


# --- categories -----------------------------------------------------------------------------------


def test_subcategories_take_the_kind_of_their_top_level(manager, tree):
    # given a 光电 tree
    assert tree["ipl"].kind == "energy"
    # when the top level becomes 皮肤管理
    services.update_category(tree["energy"], operator=manager, kind="skin")
    # then its children follow
    assert set(ItemCategory.objects.filter(parent=tree["energy"]).values_list("kind", flat=True)) == {"skin"}


def test_a_category_cannot_move_under_itself_or_its_descendants(manager, tree):
    error = error_of(services.update_category, tree["energy"], operator=manager, parent=tree["ipl"])
    assert error.code == "cycle" and "下级" in error.message
    error = error_of(services.update_category, tree["energy"], operator=manager, parent=tree["energy"])
    assert error.code == "cycle"
    assert ItemCategory.objects.get(pk=tree["energy"].pk).parent is None


def test_category_names_are_unique_under_one_parent(manager, tree):
    error = error_of(services.create_category, operator=manager, name="激光", parent=tree["energy"])
    assert "已有名为“激光”" in error.message
    services.create_category(operator=manager, name="激光", parent=tree["injection"])  # another parent: fine
    error = error_of(services.create_category, operator=manager, name="光电")
    assert error.fields == {"name": [error.message]}


def test_descendants_include_the_whole_subtree(manager, tree):
    deep = services.create_category(operator=manager, name="皮秒", parent=tree["laser"])
    assert set(services.descendant_ids(tree["energy"].pk)) == {tree["energy"].pk, tree["ipl"].pk, tree["laser"].pk,
                                                               deep.pk}


def test_a_category_in_use_is_not_deleted(manager, tree, ipl_item):
    with pytest.raises(Protected, match="下级分类"):
        services.delete_category(tree["energy"], operator=manager)
    with pytest.raises(Protected, match="服务项目"):
        services.delete_category(tree["ipl"], operator=manager)
    services.delete_category(tree["injection"], operator=manager)
    assert not ItemCategory.objects.filter(pk=tree["injection"].pk).exists()


# --- items ----------------------------------------------------------------------------------------


def test_an_item_is_saved_with_pinyin_and_its_rows(manager, tree, tiers, consumable, nurse_position):
    item = services.create_item(
        operator=manager, code="HA-1", name="玻尿酸 1ml", category=tree["injection"], price_amount="3800",
        tier_prices=[{"tier": tiers[1].pk, "price_amount": "3400.00"}],
        consumables=[{"product": consumable.pk, "quantity": "1"}],
        operation_fees=[{"position": nurse_position.pk, "fee_amount": "50"}])
    assert (item.name_pinyin, item.name_initials) == ("boniaosuan1ml", "bns1")
    assert item.price_amount == Decimal("3800.00")
    assert ItemTierPrice.objects.get(item=item).price_amount == Decimal("3400.00")
    assert ItemConsumable.objects.get(item=item).quantity == Decimal("1.000")
    assert OperationFee.objects.get(item=item).fee_amount == Decimal("50.00")


@pytest.mark.parametrize(("price", "message"), [
    ("-1", "标准价不能为负数。"), ("12.345", "标准价最多两位小数。"), (12.5, "标准价须以字符串或整数给出。"),
    ("abc", "标准价不是有效的数字。"),
])
def test_an_item_price_must_be_money(manager, tree, price, message):
    error = error_of(services.create_item, operator=manager, code="X1", name="测试", category=tree["ipl"],
                     price_amount=price)
    assert error.message == message and error.fields == {"price_amount": [message]}
    assert not TreatmentItem.objects.exists()


def test_a_free_item_is_allowed(manager, tree):
    item = services.create_item(operator=manager, code="FREE", name="皮肤检测", category=tree["ipl"], price_amount="0")
    assert item.price_amount == Decimal("0.00")


def test_item_codes_are_unique_whatever_the_case(manager, tree, ipl_item):
    error = error_of(services.create_item, operator=manager, code="ipl", name="另一个", category=tree["ipl"],
                     price_amount="1")
    assert error.code == "duplicate_code" and "光子嫩肤 IPL" in error.message


def test_a_bad_row_saves_nothing_of_the_document(manager, ipl_item, tiers, consumable, nurse_position):
    # given an item with one member price
    services.update_item(ipl_item, operator=manager, tier_prices=[{"tier": tiers[0].pk, "price_amount": "800"}])
    # when the name, prices and fees change but one fee row is negative
    error = error_of(services.update_item, ipl_item, operator=manager, name="改名", price_amount="999",
                     tier_prices=[{"tier": tiers[1].pk, "price_amount": "700"}],
                     consumables=[{"product": consumable.pk, "quantity": "0.5"}],
                     operation_fees=[{"position": nurse_position.pk, "fee_amount": "-5"}])
    # then nothing changed
    assert "操作费第 1 行" in error.message and set(error.fields) == {"operation_fees"}
    item = TreatmentItem.objects.get(pk=ipl_item.pk)
    assert (item.name, item.price_amount) == ("光子嫩肤 IPL", Decimal("880.00"))
    assert list(ItemTierPrice.objects.filter(item=item).values_list("tier_id", "price_amount")) == [
        (tiers[0].pk, Decimal("800.00"))]
    assert not ItemConsumable.objects.filter(item=item).exists()


def test_item_rows_are_replaced_in_place(manager, ipl_item, tiers):
    services.update_item(ipl_item, operator=manager, tier_prices=[{"tier": tiers[0].pk, "price_amount": "800"},
                                                                  {"tier": tiers[1].pk, "price_amount": "750"}])
    kept = ItemTierPrice.objects.get(item=ipl_item, tier=tiers[0])
    services.update_item(ipl_item, operator=manager, tier_prices=[{"tier": tiers[0].pk, "price_amount": "790"}])
    assert list(ItemTierPrice.objects.filter(item=ipl_item).values_list("pk", "price_amount")) == [
        (kept.pk, Decimal("790.00"))]


@pytest.mark.parametrize(("rows", "message"), [
    ({"consumables": [{"product": 0, "quantity": "1"}]}, "耗材第 1 行：请选择商品。"),
    ({"consumables": [{"product": "P", "quantity": "-1"}]}, "用量须大于 0"),
    ({"consumables": [{"product": "P", "quantity": "0.0001"}]}, "最多三位小数"),
    ({"consumables": [{"product": "P", "quantity": "1"}, {"product": "P", "quantity": "2"}]}, "重复"),
    ({"tier_prices": [{"tier": None, "price_amount": "1"}]}, "请选择会员等级"),
    ({"tier_prices": "nonsense"}, "会员价格式不正确"),
])
def test_item_rows_are_checked(manager, ipl_item, consumable, rows, message):
    for row in rows.get("consumables", []):
        row["product"] = consumable.pk if row["product"] == "P" else row["product"]
    error = error_of(services.update_item, ipl_item, operator=manager, **rows)
    assert message in error.message


def test_a_retail_product_is_not_a_consumable(manager, ipl_item):
    cream = services.create_product(operator=manager, code="R1", name="修护霜", kind="retail", price_amount="268")
    error = error_of(services.update_item, ipl_item, operator=manager,
                     consumables=[{"product": cream.pk, "quantity": "1"}])
    assert "零售商品" in error.message


def test_an_item_in_a_card_is_deactivated_not_deleted(manager, ipl_item, hydra_item):
    services.create_card_type(operator=manager, code="C5", name="光子 5 次卡", kind="count", price_amount="3999",
                              card_items=[{"item": ipl_item.pk, "sessions": 5}])
    with pytest.raises(Protected, match="卡项内容"):
        services.delete_item(ipl_item, operator=manager)
    services.delete_item(hydra_item, operator=manager)
    assert list(TreatmentItem.objects.values_list("code", flat=True)) == ["IPL"]


def test_a_consumable_in_use_is_not_deleted_nor_made_retail(manager, ipl_item, consumable):
    services.update_item(ipl_item, operator=manager, consumables=[{"product": consumable.pk, "quantity": "1"}])
    with pytest.raises(Protected, match="项目耗材"):
        services.delete_product(consumable, operator=manager)
    error = error_of(services.update_product, consumable, operator=manager, kind="retail")
    assert "不能改为仅零售" in error.message


# --- card types -----------------------------------------------------------------------------------


def card(manager, **fields):
    data = {"code": "C1", "name": "测试卡", "price_amount": "1000", **fields}
    return services.create_card_type(operator=manager, **data)


def test_count_card_has_exactly_one_item_with_sessions(manager, ipl_item, hydra_item):
    for items in ([], [{"item": ipl_item.pk}], [{"item": ipl_item.pk, "sessions": 5},
                                                 {"item": hydra_item.pk, "sessions": 1}]):
        error = error_of(card, manager, kind="count", card_items=items)
        assert error.message == "次卡须包含且只包含一个项目，并填写次数。"
    created = card(manager, kind="count", card_items=[{"item": ipl_item.pk, "sessions": 5}])
    assert created.refund_rule == "unused" and created.card_items.get().sessions == 5


def test_combo_card_needs_two_items_each_with_sessions(manager, ipl_item, hydra_item):
    error = error_of(card, manager, kind="combo", card_items=[{"item": ipl_item.pk, "sessions": 3}])
    assert "至少两个项目" in error.message
    error = error_of(card, manager, kind="combo", card_items=[{"item": ipl_item.pk, "sessions": 3},
                                                              {"item": hydra_item.pk}])
    assert "水光针" in error.message
    combo = card(manager, kind="combo", card_items=[{"item": ipl_item.pk, "sessions": 3},
                                                    {"item": hydra_item.pk, "sessions": 2}])
    assert [(r.item.code, r.sessions) for r in combo.card_items.all()] == [("IPL", 3), ("HYD", 2)]


def test_choice_card_rules(manager, tree, ipl_item, hydra_item):
    third = services.create_item(operator=manager, code="AC", name="果酸换肤", category=tree["ipl"],
                                 price_amount="480")
    three = [{"item": i.pk} for i in (ipl_item, hydra_item, third)]
    assert "至少两个可选项目" in error_of(card, manager, kind="choice", choose_count=1,
                                         card_items=three[:1]).message
    assert error_of(card, manager, kind="choice", choose_count=None, card_items=three).fields == {
        "choose_count": ["N选M卡须设置可选次数 M（至少 1）。"]}
    # no repeats: M ≤ N
    error = error_of(card, manager, kind="choice", choose_count=4, allow_repeat=False, card_items=three)
    assert "不能超过可选项目数 N（3）" in error.message
    # all capped: M ≤ the sum of the caps
    capped = [{"item": i.pk, "sessions": 2} for i in (ipl_item, hydra_item, third)]
    assert "上限之和（6）" in error_of(card, manager, kind="choice", choose_count=7, card_items=capped).message
    # one uncapped item lifts the limit
    capped[0]["sessions"] = None
    created = card(manager, kind="choice", choose_count=7, card_items=capped)
    assert created.choose_count == 7 and created.allow_repeat


def test_stored_value_card(manager, ipl_item):
    assert "不包含项目" in error_of(card, manager, kind="stored_value", principal_amount="10000",
                                    card_items=[{"item": ipl_item.pk, "sessions": 1}]).message
    assert error_of(card, manager, kind="stored_value", principal_amount="0").fields == {
        "principal_amount": ["储值卡的本金须大于 0。"]}
    assert "赠送金不能为负数" in error_of(card, manager, kind="stored_value", principal_amount="10000",
                                         bonus_amount="-1").message
    stored = card(manager, kind="stored_value", price_amount="10000", principal_amount="10000",
                  bonus_amount="2000", validity_days=730)
    assert stored.refund_rule == "principal_only"
    assert stored.principal_share == Decimal("10000") / Decimal("12000")


def test_refund_rule_must_fit_the_kind(manager):
    error = error_of(card, manager, kind="stored_value", principal_amount="1000", refund_rule="unused")
    assert error.fields == {"refund_rule": ["储值卡的退款规则只能是：仅退本金余额、不可退。"]}


def test_validity_is_days_or_a_date_not_in_the_past(manager, ipl_item):
    items = [{"item": ipl_item.pk, "sessions": 5}]
    today = timezone.localdate()
    assert "只能设置其一" in error_of(card, manager, kind="count", card_items=items, validity_days=30,
                                      valid_until=today).message
    assert "不能早于今天" in error_of(card, manager, kind="count", card_items=items,
                                      valid_until=today - timedelta(days=1)).message
    assert card(manager, kind="count", card_items=items, valid_until=today).valid_until == today


def test_card_kind_is_fixed_once_used_and_an_item_change_is_checked(manager, ipl_item, hydra_item):
    created = card(manager, kind="count", card_items=[{"item": ipl_item.pk, "sessions": 5}])
    # an update that breaks the rule of the kind saves nothing
    error = error_of(services.update_card_type, created, operator=manager, kind="combo")
    assert "至少两个项目" in error.message
    assert CardType.objects.get(pk=created.pk).kind == "count"
    updated = services.update_card_type(created, operator=manager, kind="combo", card_items=[
        {"item": ipl_item.pk, "sessions": 3}, {"item": hydra_item.pk, "sessions": 2}])
    assert updated.kind == "combo" and updated.card_items.count() == 2


# --- API ------------------------------------------------------------------------------------------


def test_item_document_round_trip(api, tree, tiers, consumable, nurse_position):
    # given a new item written as one document
    body = {"code": "HA1", "name": "玻尿酸 1ml", "category": tree["injection"].pk, "price_amount": "3800",
            "session_unit": "支", "duration_minutes": 45, "requires_doctor": True,
            "tier_prices": [{"tier": tiers[0].pk, "price_amount": "3600"}],
            "consumables": [{"product": consumable.pk, "quantity": "1"}],
            "operation_fees": [{"position": nurse_position.pk, "fee_amount": "80.00"}]}
    created = api.post("/api/v1/catalog/items/", body, format="json")
    assert created.status_code == 201, created.content
    data = created.json()
    assert data["price_amount"] == "3800.00" and data["category_path"] == ["注射"]
    assert data["tier_prices"] == [{"tier": tiers[0].pk, "tier_name": "银卡", "price_amount": "3600.00"}]
    assert data["consumables"][0]["quantity"] == "1.000" and data["consumables"][0]["unit"] == "支"
    assert data["operation_fees"][0]["position_name"] == "测试护士"
    # when the member prices change and the fees are cleared
    changed = api.patch(f"/api/v1/catalog/items/{data['id']}/", {
        "tier_prices": [{"tier": tiers[1].pk, "price_amount": "3300"}], "operation_fees": []}, format="json")
    # then the document reflects it and the consumables stay
    assert changed.status_code == 200, changed.content
    assert [row["tier_name"] for row in changed.json()["tier_prices"]] == ["金卡"]
    assert changed.json()["operation_fees"] == [] and len(changed.json()["consumables"]) == 1
    assert OperationLog.objects.filter(module="catalog", action="partial_update", result="success").exists()


def test_item_errors_are_chinese_and_write_nothing(api, tree, tiers):
    before = TreatmentItem.objects.count()
    response = api.post("/api/v1/catalog/items/", {
        "code": "X", "name": "测试", "category": tree["ipl"].pk, "price_amount": "100",
        "tier_prices": [{"tier": tiers[0].pk, "price_amount": "1.001"}]}, format="json")
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "invalid_amount" and body["message"] == "会员价第 1 行（银卡）最多两位小数。"
    assert body["fields"] == {"tier_prices": [body["message"]]}
    assert TreatmentItem.objects.count() == before
    response = api.post("/api/v1/catalog/items/", {"code": "X", "name": "测试", "price_amount": "1"}, format="json")
    assert response.status_code == 400 and response.json()["fields"]["category"] == ["请选择分类。"]


def test_item_list_filters_by_category_subtree_and_searches_pinyin(api, manager, tree, ipl_item, hydra_item):
    laser = services.create_item(operator=manager, code="PICO", name="皮秒激光", category=tree["laser"],
                                 price_amount="2980")
    services.update_item(laser, operator=manager, is_active=False)

    def codes(query: str) -> list[str]:
        response = api.get(f"/api/v1/catalog/items/?{query}")
        assert response.status_code == 200, response.content
        return [row["code"] for row in response.json()["results"]]

    assert codes(f"category={tree['energy'].pk}") == ["IPL", "PICO"]
    assert codes(f"category={tree['energy'].pk}&is_active=true") == ["IPL"]
    assert codes("kind=injection") == ["HYD"]
    assert codes("search=gzn") == ["IPL"]  # 光子嫩肤 initials
    assert codes("search=shuiguang") == ["HYD"]
    assert codes("search=皮秒") == ["PICO"]
    assert codes("search=ipl") == ["IPL"]
    assert codes("category=99999") == []
    assert api.get("/api/v1/catalog/items/?category=abc").json()["fields"] == {"category": ["输入一个数字。"]}


def test_readers_cannot_write_and_nothing_changes(client_for, reader, ipl_item):
    client = client_for(reader)
    assert client.get("/api/v1/catalog/items/").status_code == 200
    response = client.patch(f"/api/v1/catalog/items/{ipl_item.pk}/", {"price_amount": "1"}, format="json")
    assert response.status_code == 403 and response.json()["code"] == "permission_denied"
    assert TreatmentItem.objects.get(pk=ipl_item.pk).price_amount == Decimal("880.00")
    assert client.post("/api/v1/catalog/card-types/", {}, format="json").status_code == 403
    assert client.delete(f"/api/v1/catalog/items/{ipl_item.pk}/").status_code == 403


def test_staff_without_catalogue_codes_are_refused(make_staff, client_for, ipl_item):
    client = client_for(make_staff(["customers.customer.view"]))
    for url in ("/api/v1/catalog/items/", "/api/v1/catalog/products/", "/api/v1/catalog/card-types/",
                "/api/v1/catalog/categories/", "/api/v1/catalog/handbook/", f"/api/v1/catalog/handbook/{ipl_item.pk}/"):
        assert client.get(url).status_code == 403, url


def test_item_with_only_a_catalogue_code_and_own_scope_sees_everything(make_staff, client_for, ipl_item):
    # Reference data: no data scope row on the role ("own") must not hide the catalogue.
    client = client_for(make_staff(["catalog.item.view"]))
    assert client.get("/api/v1/catalog/items/").json()["count"] == 1


def test_card_type_api(api, ipl_item, hydra_item):
    response = api.post("/api/v1/catalog/card-types/", {
        "code": "COMBO", "name": "焕肤组合卡", "kind": "combo", "price_amount": "6800", "validity_days": 365,
        "card_items": [{"item": ipl_item.pk, "sessions": 3}, {"item": hydra_item.pk, "sessions": 2}]},
        format="json")
    assert response.status_code == 201, response.content
    data = response.json()
    assert data["kind_display"] == "组合卡"
    assert [r["item_name"] for r in data["card_items"]] == ["光子嫩肤 IPL", "水光针"]
    response = api.post("/api/v1/catalog/card-types/", {
        "code": "SV", "name": "储值", "kind": "stored_value", "price_amount": "10000", "principal_amount": "10000",
        "bonus_amount": "2000"}, format="json")
    assert response.status_code == 201 and response.json()["principal_share"] == "0.8333"
    response = api.get("/api/v1/catalog/card-types/?kind=stored_value&search=储值")
    assert [r["code"] for r in response.json()["results"]] == ["SV"]
    bad = api.post("/api/v1/catalog/card-types/", {"code": "BAD", "name": "坏卡", "kind": "count",
                                                   "price_amount": "-1"}, format="json")
    assert bad.status_code == 400 and bad.json()["message"] == "售价不能为负数。"
    assert not CardType.objects.filter(code="BAD").exists()


def test_editor_options_list_tiers_consumables_and_positions(api, tiers, consumable, nurse_position):
    services.create_product(operator=None, code="R1", name="修护霜", kind="retail")
    data = api.get("/api/v1/catalog/items/options/").json()
    assert [t["name"] for t in data["tiers"]] == ["银卡", "金卡"]
    assert [p["code"] for p in data["products"]] == ["P-HA1"]
    assert "测试护士" in [p["name"] for p in data["positions"]]


def test_delete_in_use_answers_a_clear_message(api, ipl_item):
    services.create_card_type(operator=None, code="C5", name="光子 5 次卡", kind="count", price_amount="3999",
                              card_items=[{"item": ipl_item.pk, "sessions": 5}])
    response = api.delete(f"/api/v1/catalog/items/{ipl_item.pk}/")
    assert response.status_code == 400 and response.json()["code"] == "protected"
    assert "可以停用" in response.json()["message"]
    assert api.patch(f"/api/v1/catalog/items/{ipl_item.pk}/", {"is_active": False}, format="json").status_code == 200
