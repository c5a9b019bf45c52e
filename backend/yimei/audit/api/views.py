from __future__ import annotations

from django.http import HttpResponse
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework.decorators import action
from rest_framework.request import Request

from yimei.audit.api import serializers as s
from yimei.audit.exports import MAX_EXPORT_ROWS, operation_log_workbook
from yimei.audit.filters import ChangeLogFilter, LoginLogFilter, OperationLogFilter
from yimei.audit.models import ChangeLog, LoginLog, OperationLog
from yimei.audit.services import record_operation
from yimei.core.api import ReadOnlyRestrictedViewSet
from yimei.core.errors import BusinessError

_VIEW = "audit.log.view"


class OperationLogViewSet(ReadOnlyRestrictedViewSet):
    queryset = OperationLog.objects.all()
    serializer_class = s.OperationLogSerializer
    filterset_class = OperationLogFilter
    search_fields = ["operator_name", "staff_number", "object_repr", "message"]
    ordering_fields = ["created_at", "id"]
    audit_module = "audit"
    permission_codes = {"list": _VIEW, "retrieve": _VIEW, "export": "audit.log.export"}

    @extend_schema(responses={(200, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"):
                              OpenApiTypes.BINARY}, summary="导出操作日志（Excel）", filters=True)
    @action(detail=False, methods=["get"])
    def export(self, request: Request) -> HttpResponse:
        queryset = self.filter_queryset(self.get_queryset())
        count = queryset.count()
        if count > MAX_EXPORT_ROWS:
            raise BusinessError(f"符合条件的记录有 {count} 条，超过单次导出上限 {MAX_EXPORT_ROWS} 条，请缩小时间范围。",
                                code="export_too_large")
        content = operation_log_workbook(queryset)
        record_operation(module="audit", action="export", user=request.user,
                         message=f"导出操作日志 {count} 条，条件 {request.GET.urlencode()}")
        filename = f"operation-log-{timezone.localtime():%Y%m%d-%H%M%S}.xlsx"
        response = HttpResponse(
            content, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response


class ChangeLogViewSet(ReadOnlyRestrictedViewSet):
    queryset = ChangeLog.objects.all()
    serializer_class = s.ChangeLogSerializer
    filterset_class = ChangeLogFilter
    search_fields = ["operator_name", "object_repr"]
    ordering_fields = ["created_at", "id"]
    audit_module = "audit"
    permission_codes = {"list": _VIEW, "retrieve": _VIEW}


class LoginLogViewSet(ReadOnlyRestrictedViewSet):
    queryset = LoginLog.objects.all()
    serializer_class = s.LoginLogSerializer
    filterset_class = LoginLogFilter
    search_fields = ["username"]
    ordering_fields = ["created_at", "id"]
    audit_module = "audit"
    permission_codes = {"list": _VIEW, "retrieve": _VIEW}
