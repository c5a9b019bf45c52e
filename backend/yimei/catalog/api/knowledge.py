"""Knowledge base API: ``/api/v1/catalog/articles/``, ``cases/``, ``images/`` and the project handbook
``/api/v1/catalog/handbook/``.

Pictures are private files: ``images/{id}/file/`` streams one after checking the handbook permission; there is
no public URL. Article bodies are sanitized by the service before they are stored.
"""

from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import Prefetch
from django.http import FileResponse
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.filters import OrderingFilter
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response

from yimei.catalog import selectors, services
from yimei.catalog.api import serializers as s
from yimei.catalog.api.items import _CatalogViewSet
from yimei.catalog.choices import ArticleKind
from yimei.catalog.models import Article, Case, CasePicture, CatalogImage, TreatmentItem
from yimei.core.api import RestrictedViewSet, YimeiAPIView
from yimei.core.errors import BusinessError, NotFound
from yimei.core.models import restrict
from yimei.core.parsers import CleanJSONParser
from yimei.customers.models import Customer

VIEW = "catalog.knowledge.view"
MANAGE = "catalog.knowledge.manage"
HANDBOOK = "catalog.handbook.view"


class ArticleFilter(django_filters.FilterSet):
    item = django_filters.NumberFilter(field_name="item_id", label="项目")
    kind = django_filters.MultipleChoiceFilter(choices=ArticleKind.choices, label="类型")

    class Meta:
        model = Article
        fields: list[str] = []


class ArticleViewSet(_CatalogViewSet):
    """项目知识库: articles of an item (indications, contraindications, process, aftercare, FAQ)."""

    queryset = Article.objects.select_related("updated_by")
    serializer_class = s.ArticleSerializer
    filterset_class = ArticleFilter
    filter_backends = [DjangoFilterBackend, OrderingFilter]
    ordering_fields = ["sort", "id", "updated_at"]
    ordering = ["sort", "id"]
    view_code = VIEW
    manage_code = MANAGE

    @extend_schema(summary="知识库文章列表")
    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().list(request, *args, **kwargs)

    @extend_schema(summary="知识库文章详情")
    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().retrieve(request, *args, **kwargs)

    @extend_schema(request=s.ArticleCreateSerializer, responses={201: s.ArticleSerializer}, summary="新建知识库文章",
                   description="正文在服务器端清理：只保留标题、段落、列表、粗体/斜体、表格、链接，以及本系统上传的图片。")
    def create(self, request: Request) -> Response:
        serializer = s.ArticleCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        article = services.create_article(operator=request.user, **serializer.validated_data)
        return self._respond(article, s.ArticleSerializer, status.HTTP_201_CREATED)

    @extend_schema(request=s.ArticleUpdateSerializer, responses=s.ArticleSerializer, summary="修改知识库文章")
    def partial_update(self, request: Request, pk: str) -> Response:
        article = self.get_object()
        serializer = s.ArticleUpdateSerializer(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        article = services.update_article(article, operator=request.user, **serializer.validated_data)
        return self._respond(article, s.ArticleSerializer)

    @extend_schema(summary="删除知识库文章")
    def destroy(self, request: Request, pk: str) -> Response:
        self.audit_object = article = self.get_object()
        services.delete_article(article, operator=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


class CaseFilter(django_filters.FilterSet):
    item = django_filters.NumberFilter(field_name="item_id", label="项目")
    is_published = django_filters.BooleanFilter(field_name="is_published", label="展示")

    class Meta:
        model = Case
        fields: list[str] = []


class CaseViewSet(_CatalogViewSet):
    """案例: a treated case with ordered, captioned pictures."""

    queryset = Case.objects.select_related("customer").prefetch_related(
        Prefetch("pictures", queryset=CasePicture.objects.select_related("image").order_by("sort", "id")))
    serializer_class = s.CaseSerializer
    filterset_class = CaseFilter
    filter_backends = [DjangoFilterBackend, OrderingFilter]
    ordering_fields = ["sort", "id", "updated_at"]
    ordering = ["sort", "id"]
    view_code = VIEW
    manage_code = MANAGE

    def _customer(self, data: dict[str, Any]) -> None:
        """The linked customer must be one the user may see in the customer file."""
        if data.get("customer") is None:
            return
        customer = restrict(Customer, self.request.user, "customers.customer.view").filter(
            pk=data["customer"], merged_into__isnull=True).first()
        if customer is None:
            message = "所选客户不存在或不在您的数据权限范围内。"
            raise BusinessError(message, code="not_found", fields={"customer": [message]})
        data["customer"] = customer

    @extend_schema(summary="案例列表")
    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().list(request, *args, **kwargs)

    @extend_schema(summary="案例详情")
    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().retrieve(request, *args, **kwargs)

    @extend_schema(request=s.CaseCreateSerializer, responses={201: s.CaseSerializer}, summary="新建案例",
                   description="关联本院客户时，该客户须已同意照片用于案例。")
    def create(self, request: Request) -> Response:
        serializer = s.CaseCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        self._customer(data)
        case = services.create_case(operator=request.user, **data)
        return self._respond(case, s.CaseSerializer, status.HTTP_201_CREATED)

    @extend_schema(request=s.CaseUpdateSerializer, responses=s.CaseSerializer, summary="修改案例",
                   description="给出的 pictures 按顺序整体替换原图片。")
    def partial_update(self, request: Request, pk: str) -> Response:
        case = self.get_object()
        serializer = s.CaseUpdateSerializer(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        self._customer(data)
        case = services.update_case(case, operator=request.user, **data)
        return self._respond(case, s.CaseSerializer)

    @extend_schema(summary="删除案例")
    def destroy(self, request: Request, pk: str) -> Response:
        self.audit_object = case = self.get_object()
        services.delete_case(case, operator=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


class CatalogImageViewSet(RestrictedViewSet):
    """Pictures of the knowledge base and cases: upload, and read through this view only."""

    queryset = CatalogImage.objects.all()
    serializer_class = s.ImageSerializer
    parser_classes = [MultiPartParser, FormParser, CleanJSONParser]
    filter_backends: list = []
    audit_module = "catalog"
    permission_codes = {"create": MANAGE, "file": HANDBOOK}

    def audit_action(self) -> str:
        return "image_upload" if self.action == "create" else super().audit_action()

    @extend_schema(request={"multipart/form-data": s.ImageUploadSerializer}, responses={201: s.ImageSerializer},
                   summary="上传图片（JPEG、PNG、WebP，≤10 MB；去除 EXIF 后保存）")
    def create(self, request: Request) -> Response:
        serializer = s.ImageUploadSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        self.audit_object = image = services.store_image(operator=request.user,
                                                         upload=serializer.validated_data["file"])
        return Response(s.ImageSerializer(image).data, status=status.HTTP_201_CREATED)

    @extend_schema(responses={(200, "image/*"): OpenApiTypes.BINARY}, summary="读取图片（需项目手册权限）")
    @action(detail=True, methods=["get"])
    def file(self, request: Request, pk: str) -> FileResponse:
        image = self.get_object()
        try:
            handle = image.file.open("rb")
        except (FileNotFoundError, OSError):
            raise NotFound("图片文件不存在或已被移除。") from None
        response = FileResponse(handle, content_type=image.content_type)
        # A picture never changes under its id (a new upload is a new id): the browser may keep it, privately.
        response["Cache-Control"] = "private, max-age=86400, immutable"
        response["X-Content-Type-Options"] = "nosniff"
        response["Content-Security-Policy"] = "default-src 'none'; sandbox"
        response["Content-Disposition"] = "inline"
        return response


class HandbookIndexView(YimeiAPIView):
    """项目手册目录: every active category and item, for the picker of the consulting room."""

    permission_code = HANDBOOK
    audit_module = "catalog"

    @extend_schema(responses=s.HandbookIndexSerializer, summary="项目手册目录：在用的分类与项目",
                   operation_id="v1_catalog_handbook_index")
    def get(self, request: Request) -> Response:
        items = restrict(TreatmentItem, request.user, HANDBOOK)
        return Response(s.HandbookIndexSerializer(selectors.handbook_index(items)).data)


class HandbookViewSet(RestrictedViewSet):
    """项目手册: what a doctor or nurse shows a customer in the consulting room."""

    queryset = TreatmentItem.objects.all()
    filter_backends: list = []
    pagination_class = None
    audit_module = "catalog"
    permission_codes = {"retrieve": HANDBOOK}

    @extend_schema(responses=s.HandbookItemSerializer,
                   summary="项目手册：一个项目的价格、会员价、知识库文章与案例图片")
    def retrieve(self, request: Request, pk: str) -> Response:
        data = selectors.handbook_item(self.get_queryset(), int(pk)) if str(pk).isdigit() else None
        if data is None:
            raise NotFound("该项目不存在或已停用。")
        return Response(s.HandbookItemSerializer(data).data)


def register(router) -> None:
    """The handbook's index is a plain view (one document, not a list): see ``urls``."""
    router.register("catalog/articles", ArticleViewSet, basename="catalog-article")
    router.register("catalog/cases", CaseViewSet, basename="catalog-case")
    router.register("catalog/images", CatalogImageViewSet, basename="catalog-image")
    router.register("catalog/handbook", HandbookViewSet, basename="catalog-handbook")

