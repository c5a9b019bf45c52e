from __future__ import annotations

from django.http import HttpResponse
from django.utils.http import content_disposition_header
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, status
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response

from yimei.core.api import RestrictedViewSet
from yimei.core.models import restrict
from yimei.core.parsers import CleanJSONParser
from yimei.dataimport import services
from yimei.dataimport.api import serializers as s
from yimei.dataimport.choices import ImportKind
from yimei.dataimport.columns import columns_of
from yimei.dataimport.models import ImportJob, ImportTemplate
from yimei.dataimport.reports import XLSX, shipped_template

CODE = "customers.customer.import"

KIND_PARAMETER = OpenApiParameter("kind", OpenApiTypes.STR, enum=ImportKind.values, required=False,
                                  description="导入类型，默认 customers")


def _kind_param(request: Request) -> str:
    kind = request.query_params.get("kind") or ImportKind.CUSTOMERS
    if kind not in ImportKind.values:
        from yimei.core.errors import BusinessError

        raise BusinessError("未知的导入类型。", code="invalid", fields={"kind": ["未知的导入类型。"]})
    return kind


def _xlsx(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = content_disposition_header(True, filename)
    response["Cache-Control"] = "no-store"
    return response


@extend_schema_view(
    list=extend_schema(summary="导入任务列表（本人的，或数据权限范围内的）"),
    retrieve=extend_schema(summary="导入任务：状态、校验结果与进度"),
    destroy=extend_schema(summary="删除导入任务及其文件（导入中的不能删除）"),
)
class ImportJobViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, RestrictedViewSet):
    """历史数据导入：上传 → 校验（试运行）→ 错误报告 → 导入。"""

    queryset = ImportJob.objects.select_related("created_by", "template")
    serializer_class = s.ImportJobSerializer
    parser_classes = [MultiPartParser, FormParser, CleanJSONParser]
    audit_module = "customers"
    filterset_fields = ["kind", "status"]
    search_fields = ["original_name"]
    ordering_fields = ["created_at", "id"]
    permission_codes = dict.fromkeys(
        ("list", "retrieve", "create", "destroy", "errors", "run", "template", "columns", "inspect"), CODE)

    def audit_action(self) -> str:
        return {"create": "import_upload", "run": "import_run", "destroy": "import_delete",
                "inspect": "import_inspect"}.get(self.action or "", f"import_{self.action}")

    @extend_schema(summary="上传文件并校验（试运行，不写入数据）",
                   request={"multipart/form-data": s.ImportUploadSerializer},
                   responses={201: s.ImportJobSerializer})
    def create(self, request: Request) -> Response:
        serializer = s.ImportUploadSerializer(data=request.data)
        serializer.fields["template"].queryset = restrict(ImportTemplate, request.user, CODE)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        job = services.create_job(operator=request.user, upload=data["file"], kind=data["kind"],
                                  mapping=data.get("mapping"), template=data.get("template"),
                                  create_missing=data.get("create_missing"))
        self.audit_object = job
        job.refresh_from_db()
        self.audit_message = f"上传 {job.original_name}（{job.get_kind_display()}）：{job.message}"[:500]
        return Response(self.get_serializer(job).data, status=status.HTTP_201_CREATED)

    def retrieve(self, request: Request, pk: str | None = None) -> Response:
        job = services.refresh_stale(self.get_object())
        return Response(self.get_serializer(job).data)

    def destroy(self, request: Request, pk: str | None = None) -> Response:
        job = self.get_object()
        self.audit_object = job
        self.audit_message = f"删除导入任务 {job.pk}：{job.original_name}"
        services.discard_job(job)
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(summary="开始导入（全部成功才写入；可选跳过错误行）", request=s.ImportRunSerializer,
                   responses={200: s.ImportJobSerializer})
    @action(detail=True, methods=["post"])
    def run(self, request: Request, pk: str | None = None) -> Response:
        job = self.get_object()
        serializer = s.ImportRunSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        job = services.start_import(job, operator=request.user, **serializer.validated_data)
        self.audit_object = job
        job.refresh_from_db()
        self.audit_message = f"导入 {job.original_name}：{job.get_status_display()} {job.message}"[:500]
        return Response(self.get_serializer(job).data)

    @extend_schema(summary="下载错误报告（Excel；手机号与身份证号已脱敏）",
                   responses={(200, XLSX): OpenApiTypes.BINARY})
    @action(detail=True, methods=["get"])
    def errors(self, request: Request, pk: str | None = None) -> HttpResponse:
        job = self.get_object()
        return _xlsx(services.error_report_content(job), f"导入错误报告-{job.pk}.xlsx")

    @extend_schema(summary="下载导入模板（Excel，含填写说明与示例）", parameters=[KIND_PARAMETER],
                   responses={(200, XLSX): OpenApiTypes.BINARY})
    @action(detail=False, methods=["get"])
    def template(self, request: Request) -> HttpResponse:
        kind = _kind_param(request)
        return _xlsx(shipped_template(kind), f"{ImportKind(kind).label}导入模板.xlsx")

    @extend_schema(summary="某类导入的目标字段（列对应界面用）", parameters=[KIND_PARAMETER],
                   responses={200: s.ImportColumnSerializer(many=True)})
    @action(detail=False, methods=["get"], pagination_class=None, filter_backends=[])
    def columns(self, request: Request) -> Response:
        kind = _kind_param(request)
        return Response([{"key": c.key, "label": c.label, "required": c.required, "help": c.help,
                          "example": c.example, "aliases": list(c.aliases)} for c in columns_of(kind)])

    @extend_schema(summary="读取文件的列名并给出自动匹配的列对应（不保存文件）",
                   request={"multipart/form-data": s.ImportInspectSerializer},
                   responses={200: s.ImportInspectResultSerializer})
    @action(detail=False, methods=["post"])
    def inspect(self, request: Request) -> Response:
        serializer = s.ImportInspectSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        return Response(services.inspect_file(upload=data["file"], kind=data["kind"], mapping=data.get("mapping")))


@extend_schema_view(
    list=extend_schema(summary="导入模板（已保存的列对应）"),
    retrieve=extend_schema(summary="导入模板详情"),
    create=extend_schema(summary="保存导入模板"),
    update=extend_schema(summary="修改导入模板"),
    partial_update=extend_schema(summary="修改导入模板"),
    destroy=extend_schema(summary="删除导入模板"),
)
class ImportTemplateViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, RestrictedViewSet):
    queryset = ImportTemplate.objects.select_related("created_by")
    serializer_class = s.ImportTemplateSerializer
    audit_module = "customers"
    filterset_fields = ["kind"]
    search_fields = ["name"]
    ordering_fields = ["name", "created_at", "id"]
    permission_codes = dict.fromkeys(("list", "retrieve", "create", "update", "partial_update", "destroy"), CODE)

    def audit_action(self) -> str:
        return f"import_template_{self.action}"

    def create(self, request: Request) -> Response:
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        self.audit_object = template = services.save_template(operator=request.user, **serializer.validated_data)
        return Response(self.get_serializer(template).data, status=status.HTTP_201_CREATED)

    def update(self, request: Request, pk: str | None = None, partial: bool = False) -> Response:
        template = self.get_object()
        serializer = self.get_serializer(template, data=request.data, partial=partial)
        serializer.is_valid(raise_exception=True)
        self.audit_object = template = services.save_template(operator=request.user, template=template,
                                                              **serializer.validated_data)
        self.ensure_in_scope(template)
        return Response(self.get_serializer(template).data)

    def partial_update(self, request: Request, pk: str | None = None) -> Response:
        return self.update(request, pk, partial=True)

    def destroy(self, request: Request, pk: str | None = None) -> Response:
        self.audit_object = template = self.get_object()
        template.delete()
        return Response(status=status.HTTP_204_NO_CONTENT)
