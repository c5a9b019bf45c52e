"""Customer files API: list and search, the file, the 360° view, timeline, consents, export, bulk work, merge;
and the department's reference lists (sources, tags, tiers)."""

from __future__ import annotations

from django.db.models import ProtectedError
from django.http import HttpResponse
from django.utils import timezone
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, status
from rest_framework.decorators import action
from rest_framework.filters import OrderingFilter
from rest_framework.request import Request
from rest_framework.response import Response

from yimei.audit.services import record_operation
from yimei.core.api import RestrictedViewSet
from yimei.core.errors import BusinessError, NotFound, OutOfScope, Protected
from yimei.core.models import restrict
from yimei.core.pagination import CappedCountPagination, PageNumberPagination
from yimei.customers import selectors, services
from yimei.customers.api import serializers as s
from yimei.customers.exports import MAX_EXPORT_ROWS, customer_workbook
from yimei.customers.filters import CustomerFilter, CustomerSearchFilter
from yimei.customers.models import Customer, MembershipTier, SourceChannel, Tag, TagCategory

VIEW = "customers.customer.view"
SETTINGS_VIEW = "customers.settings.view"
MANAGE = "customers.settings.manage"


class CustomerViewSet(mixins.ListModelMixin, RestrictedViewSet):
    """客户档案."""

    queryset = Customer.objects.all()
    serializer_class = s.CustomerListSerializer
    filterset_class = CustomerFilter
    filter_backends = [CustomerSearchFilter, DjangoFilterBackend, OrderingFilter]
    ordering_fields = ["id", "created_at", "name_pinyin", "first_visit_on", "last_visit_on", "visit_count"]
    ordering = ["-id"]
    pagination_class = CappedCountPagination
    audit_module = "customers"
    permission_codes = {
        "list": VIEW, "retrieve": VIEW, "staff_options": VIEW, "overview": VIEW, "events": VIEW, "consents": VIEW,
        "create": "customers.customer.add",
        "update": "customers.customer.change", "partial_update": "customers.customer.change",
        "consent": "customers.customer.change", "unmask": "customers.customer.unmask",
        "export": "customers.customer.export", "bulk_tag": "customers.customer.bulk_tag",
        "reassign": "customers.customer.reassign", "merge": "customers.customer.merge",
    }

    def get_queryset(self):
        queryset = super().get_queryset()
        if self.action in ("list", "export"):
            return selectors.customer_list(queryset)
        if self.action == "overview":
            return queryset  # the selector adds what the view needs
        return selectors.customer_detail(queryset)

    # With a date range and no chosen order, the rows come newest first by that date: walking the date's index
    # finds a page at once, where newest-file-first would walk the whole table to find 20 rows in the range.
    RANGE_ORDER = (("created_after", "created_before", "-created_at"),
                   ("first_visit_after", "first_visit_before", "-first_visit_on"),
                   ("last_visit_after", "last_visit_before", "-last_visit_on"))

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        params = self.request.query_params
        if self.action == "list" and not params.get("ordering"):
            for after, before, order in self.RANGE_ORDER:
                if params.get(after) or params.get(before):
                    return queryset.order_by(order, "-id")
        return queryset

    def get_serializer_class(self):
        if self.action in ("create", "update", "partial_update"):
            return s.CustomerWriteSerializer
        if self.action == "retrieve":
            return s.CustomerDetailSerializer
        return super().get_serializer_class()

    def _detail(self, customer: Customer) -> Response:
        customer = selectors.customer_detail(Customer.objects.all()).get(pk=customer.pk)
        return Response(s.CustomerDetailSerializer(customer, context=self.get_serializer_context()).data)

    @extend_schema(responses=s.StaffOptionSerializer(many=True), summary="可指定的员工（按岗位，限本人数据权限范围）",
                   parameters=[OpenApiParameter("position", str,
                                                description="岗位编码，逗号分隔，如 onsite_consultant")])
    @action(detail=False, methods=["get"], url_path="staff-options", filter_backends=[], pagination_class=None)
    def staff_options(self, request: Request) -> Response:
        positions = [p for p in request.query_params.get("position", "").split(",") if p][:10]
        return Response(s.StaffOptionSerializer(selectors.staff_options(request.user, VIEW, positions),
                                                many=True).data)

    @extend_schema(responses=s.CustomerDetailSerializer, summary="客户档案详情")
    def retrieve(self, request: Request, pk: str) -> Response:
        return Response(s.CustomerDetailSerializer(self.get_object()).data)

    @extend_schema(request=s.CustomerWriteSerializer, responses={201: s.CustomerDetailSerializer},
                   summary="新建客户档案")
    def create(self, request: Request) -> Response:
        serializer = s.CustomerWriteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        self.audit_object = customer = services.create_customer(operator=request.user, **serializer.validated_data)
        self.ensure_in_scope(customer)
        response = self._detail(customer)
        response.status_code = status.HTTP_201_CREATED
        return response

    @extend_schema(request=s.CustomerWriteSerializer, responses=s.CustomerDetailSerializer, summary="修改客户档案")
    def update(self, request: Request, pk: str, partial: bool = False) -> Response:
        customer = self.get_object()
        serializer = s.CustomerWriteSerializer(data=request.data, partial=partial)
        serializer.is_valid(raise_exception=True)
        self.audit_object = customer = services.update_customer(customer, operator=request.user,
                                                                **serializer.validated_data)
        self.ensure_in_scope(customer)
        return self._detail(customer)

    @extend_schema(request=s.CustomerWriteSerializer, responses=s.CustomerDetailSerializer,
                   summary="修改客户档案（部分字段）")
    def partial_update(self, request: Request, pk: str) -> Response:
        return self.update(request, pk, partial=True)

    @extend_schema(responses=s.OverviewSerializer, summary="客户 360° 视图：档案、关键指标、可见标签页与最近动态")
    @action(detail=True, methods=["get"])
    def overview(self, request: Request, pk: str) -> Response:
        if not str(pk).isdigit():
            raise NotFound()
        data = selectors.overview(self.get_queryset(), int(pk), request.user)
        if data is None:
            raise NotFound()
        for figure in data["figures"]:
            value = figure["value"]
            figure["value"] = None if value is None else str(value)
        return Response(s.OverviewSerializer(data).data)

    @extend_schema(responses=s.EventSerializer(many=True), summary="客户时间线（只含本人有权查看的模块事件）",
                   parameters=[OpenApiParameter("type", str, description="事件类型，如 visit.arrived")])
    @action(detail=True, methods=["get"], filter_backends=[], pagination_class=PageNumberPagination)
    def events(self, request: Request, pk: str) -> Response:
        customer = self.get_object()
        events = selectors.timeline(customer, request.user)
        kind = request.query_params.get("type")
        if kind:
            events = events.filter(type=kind)
        page = self.paginate_queryset(events)
        return self.get_paginated_response(s.EventSerializer(page, many=True).data)

    @extend_schema(responses=s.ConsentSerializer(many=True), summary="同意记录（营销信息、照片用于案例）")
    @action(detail=True, methods=["get"], filter_backends=[], pagination_class=None)
    def consents(self, request: Request, pk: str) -> Response:
        customer = self.get_object()
        return Response(s.ConsentSerializer(customer.consents.select_related("recorded_by")[:200], many=True).data)

    @extend_schema(request=s.ConsentSerializer, responses=s.CustomerDetailSerializer, summary="记录同意或撤回")
    @action(detail=True, methods=["post"], filter_backends=[])
    def consent(self, request: Request, pk: str) -> Response:
        customer = self.get_object()
        serializer = s.ConsentSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        self.audit_object = services.set_consent(customer, operator=request.user, **serializer.validated_data)
        return self._detail(customer)

    @extend_schema(responses=s.UnmaskedSerializer, summary="查看完整手机号与身份证号（记录审计日志）")
    @action(detail=True, methods=["get"], filter_backends=[])
    def unmask(self, request: Request, pk: str) -> Response:
        customer = self.get_object()
        record_operation(module="customers", action="unmask", obj=customer, message="查看完整手机号/身份证号",
                         user=request.user)
        return Response({"phone": customer.phone, "id_number": customer.id_number})

    @extend_schema(responses={(200, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"):
                              OpenApiTypes.BINARY}, summary="导出客户（Excel，手机号脱敏）", filters=True)
    @action(detail=False, methods=["get"])
    def export(self, request: Request) -> HttpResponse:
        queryset = self.filter_queryset(self.get_queryset())
        count = queryset.count()
        if count > MAX_EXPORT_ROWS:
            raise BusinessError(f"符合条件的客户有 {count} 位，超过单次导出上限 {MAX_EXPORT_ROWS} 位，请缩小筛选范围。",
                                code="export_too_large")
        content = customer_workbook(queryset)
        record_operation(module="customers", action="export", user=request.user,
                         message=f"导出客户 {count} 位，条件 {request.GET.urlencode()}"[:500])
        response = HttpResponse(content,
                                content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        response["Content-Disposition"] = f'attachment; filename="customers-{timezone.localtime():%Y%m%d-%H%M%S}.xlsx"'
        return response

    def _selected(self, ids: list[int]):
        rows = restrict(Customer, self.request.user, self.permission_code()).filter(
            pk__in=ids, merged_into__isnull=True)
        found = set(rows.values_list("pk", flat=True))
        missing = sorted(set(ids) - found)
        if missing:
            shown = "、".join(map(str, missing[:10])) + (" 等" if len(missing) > 10 else "")
            raise BusinessError(f"有 {len(missing)} 位客户不存在、已合并或不在您的数据权限范围内（档案号 {shown}）。",
                                code="not_found", fields={"ids": ["部分客户无法处理。"]})
        return rows

    @extend_schema(request=s.BulkTagSerializer, responses=s.CountSerializer, summary="批量添加/移除标签")
    @action(detail=False, methods=["post"], url_path="bulk-tag")
    def bulk_tag(self, request: Request) -> Response:
        serializer = s.BulkTagSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        count = services.bulk_tag(self._selected(data["ids"]), add=data.get("add", []), remove=data.get("remove", []),
                                  operator=request.user)
        self.audit_message = f"批量标签 {count} 位客户"
        return Response({"count": count})

    @extend_schema(request=s.ReassignSerializer, responses=s.CountSerializer, summary="批量分配现场/网电咨询")
    @action(detail=False, methods=["post"])
    def reassign(self, request: Request) -> Response:
        serializer = s.ReassignSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        rows = self._selected(data["ids"])
        count = services.reassign(rows, operator=request.user, consultant=data.get("consultant", ...),
                                  online_consultant=data.get("online_consultant", ...))
        reachable = restrict(Customer, request.user, VIEW).filter(pk__in=data["ids"]).count()
        if reachable != len(set(data["ids"])):
            raise OutOfScope("分配后部分客户将不在您的数据权限范围内，操作未保存。")
        self.audit_message = f"分配咨询 {count} 位客户"
        return Response({"count": count})

    @extend_schema(request=s.MergeSerializer, responses=s.CustomerDetailSerializer,
                   summary="合并档案：把另一份档案的全部记录并入本档案")
    @action(detail=True, methods=["post"], filter_backends=[])
    def merge(self, request: Request, pk: str) -> Response:
        target = self.get_object()
        serializer = s.MergeSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        source = restrict(Customer, request.user, self.permission_code()).filter(
            pk=serializer.validated_data["source"]).first()
        if source is None:
            raise BusinessError("被合并的档案不存在或不在您的数据权限范围内。", code="not_found",
                                fields={"source": ["档案不存在。"]})
        self.audit_object = target = services.merge_customers(source=source, target=target, operator=request.user)
        self.audit_message = f"合并档案号 {source.pk} 到 {target.pk}"
        return self._detail(target)


# --- reference lists -------------------------------------------------------------------------------


class _ReferenceViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, RestrictedViewSet):
    """A short list the department maintains. Read with the settings view code, changed with manage."""

    pagination_class = None
    audit_module = "customers"
    permission_codes = {"list": SETTINGS_VIEW, "retrieve": SETTINGS_VIEW, "create": MANAGE, "update": MANAGE,
                        "partial_update": MANAGE, "destroy": MANAGE}
    unique_message = "名称已存在。"

    def _save(self, serializer) -> Response:
        serializer.is_valid(raise_exception=True)
        created = serializer.instance is None
        self.audit_object = obj = services.save_reference(serializer, unique_message=self.unique_message)
        code = status.HTTP_201_CREATED if created else status.HTTP_200_OK
        return Response(self.get_serializer(obj).data, status=code)

    def create(self, request: Request) -> Response:
        return self._save(self.get_serializer(data=request.data))

    def update(self, request: Request, pk: str, partial: bool = False) -> Response:
        return self._save(self.get_serializer(self.get_object(), data=request.data, partial=partial))

    def partial_update(self, request: Request, pk: str) -> Response:
        return self.update(request, pk, partial=True)

    def destroy(self, request: Request, pk: str) -> Response:
        self.audit_object = obj = self.get_object()
        try:
            obj.delete()
        except ProtectedError:
            raise Protected("已有客户或记录在使用，不能删除；可以停用。") from None
        return Response(status=status.HTTP_204_NO_CONTENT)


class SourceChannelViewSet(_ReferenceViewSet):
    """来源渠道."""

    queryset = SourceChannel.objects.all()
    serializer_class = s.SourceChannelSerializer
    unique_message = "已有同名的来源渠道。"


class TagCategoryViewSet(_ReferenceViewSet):
    """标签分类."""

    queryset = TagCategory.objects.all()
    serializer_class = s.TagCategorySerializer
    unique_message = "已有同名的标签分类。"


class TagViewSet(_ReferenceViewSet):
    """标签."""

    queryset = Tag.objects.select_related("category")
    serializer_class = s.TagSerializer
    filterset_fields = ["category", "is_active"]
    unique_message = "该分类下已有同名标签。"


class MembershipTierViewSet(_ReferenceViewSet):
    """会员等级."""

    queryset = MembershipTier.objects.all()
    serializer_class = s.MembershipTierSerializer
    unique_message = "已有同名的会员等级。"


def register(router) -> None:
    router.register("customers", CustomerViewSet, basename="customer")
    router.register("source-channels", SourceChannelViewSet, basename="source-channel")
    router.register("tag-categories", TagCategoryViewSet, basename="tag-category")
    router.register("tags", TagViewSet, basename="tag")
    router.register("membership-tiers", MembershipTierViewSet, basename="membership-tier")
