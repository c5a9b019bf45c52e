"""Catalogue API: ``/api/v1/catalog/categories/``, ``items/``, ``products/``, ``card-types/``.

Read with the ``*.view`` code of each part, changed with its ``*.manage`` code. Deleting is for rows nothing
uses yet (a typo); anything used is deactivated instead.
"""

from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import Count, QuerySet
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status
from rest_framework.decorators import action
from rest_framework.filters import BaseFilterBackend, OrderingFilter
from rest_framework.request import Request
from rest_framework.response import Response

from yimei.accounts.models import Position
from yimei.catalog import selectors, services
from yimei.catalog.api import serializers as s
from yimei.catalog.choices import CardKind, ItemKind, ProductKind
from yimei.catalog.models import CardType, ItemCategory, Product, TreatmentItem
from yimei.core.api import RestrictedViewSet
from yimei.core.pagination import CappedCountPagination


class CatalogSearchFilter(BaseFilterBackend):
    """``?search=``: name (any part), pinyin or initials prefix, code prefix."""

    def filter_queryset(self, request, queryset, view):
        condition = selectors.search_condition(request.query_params.get("search", ""),
                                               pinyin=getattr(view, "search_pinyin", True))
        return queryset if condition is None else queryset.filter(condition)

    def get_schema_operation_parameters(self, view):
        return [{"name": "search", "required": False, "in": "query",
                 "description": "名称、拼音/首字母或编码", "schema": {"type": "string"}}]


class _CatalogViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, RestrictedViewSet):
    audit_module = "catalog"
    view_code = ""
    manage_code = ""

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if cls.view_code:
            cls.permission_codes = {
                "list": cls.view_code, "retrieve": cls.view_code, "create": cls.manage_code,
                "partial_update": cls.manage_code, "update": cls.manage_code, "destroy": cls.manage_code,
                **getattr(cls, "extra_codes", {}),
            }

    def _respond(self, obj: Any, serializer_class: Any, code: int = status.HTTP_200_OK) -> Response:
        self.audit_object = obj
        obj = self.get_queryset().get(pk=obj.pk)
        return Response(serializer_class(obj, context=self.get_serializer_context()).data, status=code)


# --- categories -----------------------------------------------------------------------------------


class ItemCategoryViewSet(_CatalogViewSet):
    """项目分类: the tree (a short list, unpaginated; the console builds the tree from ``parent``)."""

    queryset = ItemCategory.objects.all()
    serializer_class = s.CategorySerializer
    pagination_class = None
    filter_backends = [DjangoFilterBackend]
    filterset_fields = ["is_active", "kind"]
    view_code = "catalog.item.view"
    manage_code = "catalog.item.manage"

    def get_queryset(self) -> QuerySet:
        return super().get_queryset().annotate(item_count=Count("items")).order_by("sort", "id")

    @extend_schema(summary="项目分类列表（整棵树）")
    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().list(request, *args, **kwargs)

    @extend_schema(summary="项目分类详情")
    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().retrieve(request, *args, **kwargs)

    @extend_schema(request=s.CategoryWriteSerializer, responses={201: s.CategorySerializer}, summary="新建项目分类",
                   description="下级分类的类别随一级分类。")
    def create(self, request: Request) -> Response:
        serializer = s.CategoryWriteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        category = services.create_category(operator=request.user, **serializer.validated_data)
        return self._respond(category, s.CategorySerializer, status.HTTP_201_CREATED)

    @extend_schema(request=s.CategoryWriteSerializer, responses=s.CategorySerializer, summary="修改项目分类",
                   description="可移动到其他上级（不能移到自己或自己的下级下面）；停用后不能再选用。")
    def partial_update(self, request: Request, pk: str) -> Response:
        category = self.get_object()
        serializer = s.CategoryWriteSerializer(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        category = services.update_category(category, operator=request.user, **serializer.validated_data)
        return self._respond(category, s.CategorySerializer)

    @extend_schema(summary="删除项目分类（没有下级和项目时）")
    def destroy(self, request: Request, pk: str) -> Response:
        self.audit_object = category = self.get_object()
        services.delete_category(category, operator=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


# --- treatment items ------------------------------------------------------------------------------


class ItemFilter(django_filters.FilterSet):
    category = django_filters.NumberFilter(method="filter_category", label="分类（含下级分类）")
    kind = django_filters.ChoiceFilter(field_name="category__kind", choices=ItemKind.choices, label="类别")
    is_active = django_filters.BooleanFilter(field_name="is_active", label="启用")
    requires_doctor = django_filters.BooleanFilter(field_name="requires_doctor", label="需医生操作")

    class Meta:
        model = TreatmentItem
        fields: list[str] = []

    def filter_category(self, queryset: QuerySet, name: str, value: Any) -> QuerySet:
        if value is None:
            return queryset
        try:
            category_id = int(value)
        except (TypeError, ValueError, OverflowError):
            return queryset.none()
        return queryset.filter(category_id__in=services.descendant_ids(category_id))


class TreatmentItemViewSet(_CatalogViewSet):
    """服务项目: each item is one document with its member prices, consumables and operation fees."""

    queryset = TreatmentItem.objects.all()
    serializer_class = s.ItemListSerializer
    filterset_class = ItemFilter
    filter_backends = [CatalogSearchFilter, DjangoFilterBackend, OrderingFilter]
    ordering_fields = ["sort", "id", "code", "name_pinyin", "price_amount", "updated_at"]
    ordering = ["sort", "id"]
    pagination_class = CappedCountPagination
    view_code = "catalog.item.view"
    manage_code = "catalog.item.manage"
    extra_codes = {"options": "catalog.item.view"}

    def get_queryset(self) -> QuerySet:
        queryset = super().get_queryset()
        if self.action == "list":
            return selectors.item_list(queryset)
        return selectors.item_document(queryset)

    @extend_schema(summary="服务项目列表")
    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().list(request, *args, **kwargs)

    @extend_schema(responses=s.ItemDetailSerializer, summary="服务项目详情（含会员价、耗材、操作费）")
    def retrieve(self, request: Request, pk: str) -> Response:
        return Response(s.ItemDetailSerializer(self.get_object()).data)

    @extend_schema(request=s.ItemWriteSerializer, responses={201: s.ItemDetailSerializer}, summary="新建服务项目")
    def create(self, request: Request) -> Response:
        serializer = s.ItemWriteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        item = services.create_item(operator=request.user, **serializer.validated_data)
        return self._respond(item, s.ItemDetailSerializer, status.HTTP_201_CREATED)

    @extend_schema(request=s.ItemWriteSerializer, responses=s.ItemDetailSerializer,
                   summary="修改服务项目（一次保存会员价、耗材与操作费）",
                   description="给出的 tier_prices / consumables / operation_fees 整体替换原列表；"
                               "全部校验通过才保存，任何一处有误都不写入。")
    def partial_update(self, request: Request, pk: str) -> Response:
        item = self.get_object()
        serializer = s.ItemWriteSerializer(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        item = services.update_item(item, operator=request.user, **serializer.validated_data)
        return self._respond(item, s.ItemDetailSerializer)

    @extend_schema(request=s.ItemWriteSerializer, responses=s.ItemDetailSerializer, summary="修改服务项目（整体）")
    def update(self, request: Request, pk: str) -> Response:
        item = self.get_object()
        serializer = s.ItemWriteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        item = services.update_item(item, operator=request.user, **serializer.validated_data)
        return self._respond(item, s.ItemDetailSerializer)

    @extend_schema(summary="删除服务项目（未被卡项、订单等使用时；否则请停用）")
    def destroy(self, request: Request, pk: str) -> Response:
        self.audit_object = item = self.get_object()
        services.delete_item(item, operator=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(responses=s.ItemEditorOptionsSerializer, summary="项目编辑可选项：会员等级、耗材商品、操作岗位")
    @action(detail=False, methods=["get"], filter_backends=[], pagination_class=None)
    def options(self, request: Request) -> Response:
        data = {
            "tiers": selectors.active_tiers(),
            "products": Product.objects.filter(is_active=True).exclude(kind=ProductKind.RETAIL).order_by("code"),
            "positions": Position.objects.filter(is_active=True).order_by("sort", "id"),
        }
        return Response(s.ItemEditorOptionsSerializer(data).data)


# --- products -------------------------------------------------------------------------------------


class ProductFilter(django_filters.FilterSet):
    kind = django_filters.MultipleChoiceFilter(choices=ProductKind.choices, label="类型")
    is_active = django_filters.BooleanFilter(field_name="is_active", label="启用")

    class Meta:
        model = Product
        fields: list[str] = []


class ProductViewSet(_CatalogViewSet):
    """商品: retail goods and consumables with their pack units."""

    queryset = Product.objects.all()
    serializer_class = s.ProductSerializer
    filterset_class = ProductFilter
    filter_backends = [CatalogSearchFilter, DjangoFilterBackend, OrderingFilter]
    ordering_fields = ["code", "id", "name_pinyin", "price_amount", "updated_at"]
    ordering = ["code"]
    pagination_class = CappedCountPagination
    view_code = "catalog.product.view"
    manage_code = "catalog.product.manage"

    @extend_schema(summary="商品列表")
    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().list(request, *args, **kwargs)

    @extend_schema(summary="商品详情")
    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().retrieve(request, *args, **kwargs)

    @extend_schema(request=s.ProductWriteSerializer, responses={201: s.ProductSerializer}, summary="新建商品")
    def create(self, request: Request) -> Response:
        serializer = s.ProductWriteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        product = services.create_product(operator=request.user, **serializer.validated_data)
        return self._respond(product, s.ProductSerializer, status.HTTP_201_CREATED)

    @extend_schema(request=s.ProductWriteSerializer, responses=s.ProductSerializer, summary="修改商品")
    def partial_update(self, request: Request, pk: str) -> Response:
        product = self.get_object()
        serializer = s.ProductWriteSerializer(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        product = services.update_product(product, operator=request.user, **serializer.validated_data)
        return self._respond(product, s.ProductSerializer)

    @extend_schema(summary="删除商品（未被项目耗材、订单、库存等使用时；否则请停用）")
    def destroy(self, request: Request, pk: str) -> Response:
        self.audit_object = product = self.get_object()
        services.delete_product(product, operator=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


# --- card types -----------------------------------------------------------------------------------


class CardTypeFilter(django_filters.FilterSet):
    kind = django_filters.MultipleChoiceFilter(choices=CardKind.choices, label="卡类型")
    is_active = django_filters.BooleanFilter(field_name="is_active", label="启用")
    item = django_filters.NumberFilter(field_name="card_items__item_id", distinct=True, label="包含项目")

    class Meta:
        model = CardType
        fields: list[str] = []


class CardTypeViewSet(_CatalogViewSet):
    """卡项: count, combo, N-choose-M and stored-value cards."""

    queryset = CardType.objects.all()
    serializer_class = s.CardTypeSerializer
    filterset_class = CardTypeFilter
    filter_backends = [CatalogSearchFilter, DjangoFilterBackend, OrderingFilter]
    search_pinyin = False
    ordering_fields = ["sort", "id", "code", "price_amount", "updated_at"]
    ordering = ["sort", "id"]
    view_code = "catalog.card.view"
    manage_code = "catalog.card.manage"

    def get_queryset(self) -> QuerySet:
        return selectors.card_type_list(super().get_queryset())

    @extend_schema(summary="卡项列表")
    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().list(request, *args, **kwargs)

    @extend_schema(summary="卡项详情")
    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().retrieve(request, *args, **kwargs)

    @extend_schema(request=s.CardTypeWriteSerializer, responses={201: s.CardTypeSerializer}, summary="新建卡项",
                   description="次卡：一个项目及次数；组合卡：至少两个项目，各有次数；N选M卡：至少两个可选项目"
                               "与可选次数 M；储值卡：本金与赠送金，不含项目。")
    def create(self, request: Request) -> Response:
        serializer = s.CardTypeWriteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        card = services.create_card_type(operator=request.user, **serializer.validated_data)
        return self._respond(card, s.CardTypeSerializer, status.HTTP_201_CREATED)

    @extend_schema(request=s.CardTypeWriteSerializer, responses=s.CardTypeSerializer, summary="修改卡项",
                   description="已售出的卡项不能更改卡类型；已售出的卡按售出时的内容使用。")
    def partial_update(self, request: Request, pk: str) -> Response:
        card = self.get_object()
        serializer = s.CardTypeWriteSerializer(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        card = services.update_card_type(card, operator=request.user, **serializer.validated_data)
        return self._respond(card, s.CardTypeSerializer)

    @extend_schema(summary="删除卡项（未售出时；否则请停用）")
    def destroy(self, request: Request, pk: str) -> Response:
        self.audit_object = card = self.get_object()
        services.delete_card_type(card, operator=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


def register(router) -> None:
    router.register("catalog/categories", ItemCategoryViewSet, basename="catalog-category")
    router.register("catalog/items", TreatmentItemViewSet, basename="catalog-item")
    router.register("catalog/products", ProductViewSet, basename="catalog-product")
    router.register("catalog/card-types", CardTypeViewSet, basename="catalog-card-type")
