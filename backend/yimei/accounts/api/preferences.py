"""A user's own saved list filters and table column settings. Everyone logged in has them, for themselves only."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.request import Request
from rest_framework.response import Response

from yimei.accounts.models import SavedFilter, TablePreference
from yimei.core.api import AuditedMixin, YimeiAPIView
from yimei.core.errors import BusinessError
from yimei.core.permissions import AUTHENTICATED

_PAGE = serializers.RegexField(r"^[a-z][a-z0-9_-]{1,31}$", label="页面",
                               error_messages={"invalid": "页面标识只能包含小写字母、数字、-和_。"})


class SavedFilterSerializer(serializers.ModelSerializer):
    page = _PAGE
    params = serializers.DictField(label="筛选条件")

    class Meta:
        model = SavedFilter
        fields = ["id", "page", "name", "params", "created_at"]
        read_only_fields = ["id", "created_at"]
        validators: list = []

    def validate_params(self, value: dict) -> dict:
        if len(str(value)) > 4000:
            raise serializers.ValidationError("筛选条件过多。")
        return value


class SavedFilterViewSet(AuditedMixin, mixins.ListModelMixin, mixins.DestroyModelMixin, viewsets.GenericViewSet):
    """常用筛选 (own only)."""

    serializer_class = SavedFilterSerializer
    permission_code = AUTHENTICATED
    pagination_class = None
    audit_module = "accounts"
    filterset_fields = ["page"]
    search_fields: list[str] = []

    def get_queryset(self):
        return SavedFilter.objects.filter(user_id=self.request.user.pk)

    @extend_schema(summary="保存常用筛选（同名覆盖）", responses={201: SavedFilterSerializer})
    def create(self, request: Request) -> Response:
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        if SavedFilter.objects.filter(user=request.user, page=data["page"]).exclude(name=data["name"]).count() >= 50:
            raise BusinessError("每个页面最多保存 50 个常用筛选。", code="too_many")
        with transaction.atomic():
            self.audit_object, _ = SavedFilter.objects.update_or_create(
                user=request.user, page=data["page"], name=data["name"], defaults={"params": data["params"]})
        return Response(self.get_serializer(self.audit_object).data, status=status.HTTP_201_CREATED)

    def perform_destroy(self, instance: SavedFilter) -> None:
        self.audit_object = instance
        instance.delete()


class TablePreferenceSerializer(serializers.Serializer):
    page = _PAGE
    columns = serializers.ListField(
        child=serializers.DictField(), max_length=100, label="列设置",
        help_text='按显示顺序：[{"key": "name", "visible": true}, …]')

    def validate_columns(self, value: list[dict]) -> list[dict]:
        cleaned, seen = [], set()
        for column in value:
            key = column.get("key")
            if not isinstance(key, str) or not key or len(key) > 64 or key in seen:
                raise serializers.ValidationError("列设置无效：每列须有唯一的 key。")
            seen.add(key)
            cleaned.append({"key": key, "visible": bool(column.get("visible", True))})
        return cleaned


class TablePreferenceView(YimeiAPIView):
    """The caller's columns of one table (order and visibility)."""

    permission_code = AUTHENTICATED
    audit_module = "accounts"

    @extend_schema(responses=TablePreferenceSerializer, summary="读取本人的表格列设置",
                   parameters=[OpenApiParameter("page", str, description="页面标识，如 customers")])
    def get(self, request: Request) -> Response:
        page = request.query_params.get("page", "")[:32]
        preference = TablePreference.objects.filter(user=request.user, page=page).first()
        return Response({"page": page, "columns": preference.columns if preference else []})

    @extend_schema(request=TablePreferenceSerializer, responses=TablePreferenceSerializer,
                   summary="保存本人的表格列设置")
    def put(self, request: Request) -> Response:
        serializer = TablePreferenceSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        try:
            with transaction.atomic():
                self.audit_object, _ = TablePreference.objects.update_or_create(
                    user=request.user, page=data["page"], defaults={"columns": data["columns"]})
        except IntegrityError:
            raise BusinessError("保存失败，请重试。", code="conflict") from None
        return Response({"page": data["page"], "columns": self.audit_object.columns})
