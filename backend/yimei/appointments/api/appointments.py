"""Appointments API (预约): list, detail, book (several lines at once, for a customer or a new lead), edit, move a
line, confirm, cancel, check in, complete; the calendar; re-check options; export."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.http import HttpResponse
from django.utils import timezone
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, extend_schema
from rest_framework import mixins, status
from rest_framework.decorators import action
from rest_framework.filters import OrderingFilter
from rest_framework.request import Request
from rest_framework.response import Response

from yimei.accounts.authz import get_access
from yimei.accounts.models import OrgUnit, User
from yimei.appointments import exports, selectors, services
from yimei.appointments.api import serializers as s
from yimei.appointments.choices import AppointmentStatus
from yimei.appointments.filters import AppointmentFilter
from yimei.appointments.models import Appointment, AppointmentLine, Resource
from yimei.audit.services import record_operation
from yimei.catalog.models import TreatmentItem
from yimei.core.api import RestrictedViewSet
from yimei.core.errors import BusinessError
from yimei.core.filters import PersonalSearchFilter
from yimei.core.pagination import CappedCountPagination
from yimei.customers.models import Customer
from yimei.sales.api.common import by_id, reachable
from yimei.sales.idempotency import PARAMETER as IDEMPOTENCY
from yimei.sales.idempotency import idempotent

VIEW, ADD, CHANGE = "appointments.appointment.view", "appointments.appointment.add", "appointments.appointment.change"
CANCEL, CHECKIN = "appointments.appointment.cancel", "appointments.appointment.checkin"
# Whom a clerk may book is whom they may see in the customer file (a consultant: their own customers).
CUSTOMER_VIEW = "customers.customer.view"

BOOKING_EXAMPLE = OpenApiExample("一次预约两位医生：10:00 光子嫩肤，11:00 水光针", request_only=True, value={
    "customer": 12, "type": "treatment", "source": "phone", "note": "",
    "lines": [
        {"item": 3, "staff": 5, "resource": 1, "start": "2026-12-01T10:00:00+08:00",
         "end": "2026-12-01T11:00:00+08:00"},
        {"item": 7, "staff": 6, "start": "2026-12-01T11:00:00+08:00", "end": "2026-12-01T11:30:00+08:00"},
    ]})
LEAD_EXAMPLE = OpenApiExample("新客户（网电线索）咨询", request_only=True, value={
    "lead": {"name": "李小姐", "phone": "13800138000"}, "type": "consultation", "source": "online",
    "lines": [{"title": "面部年轻化咨询", "staff": 9, "start": "2026-12-01T14:00:00+08:00",
               "end": "2026-12-01T14:30:00+08:00"}]})


def _lines(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Line inputs with their rows, one query per kind of row (an unknown id is a field error naming the line)."""
    from yimei.sales.models import Deduction

    kinds = {"staff": (User.objects.all(), "员工"), "item": (TreatmentItem.objects.all(), "项目"),
             "resource": (Resource.objects.all(), "房间/设备"),
             "recheck_of": (Deduction.objects.select_related("item"), "原治疗")}
    found: dict[str, dict[int, Any]] = {}
    for key, (queryset, _) in kinds.items():
        ids = {row[key] for row in rows if row.get(key) is not None}
        found[key] = queryset.in_bulk(ids) if ids else {}
    lines = []
    for index, row in enumerate(rows):
        line: dict[str, Any] = {"title": row.get("title", ""), "start": row.get("start"), "end": row.get("end")}
        for key, (_, label) in kinds.items():
            pk = row.get(key)
            line[key] = found[key].get(pk) if pk is not None else None
            if pk is not None and line[key] is None:
                raise BusinessError(f"{label}不存在。", code="not_found",
                                    fields={f"lines[{index}]": [f"{label}不存在。"]})
        lines.append(line)
    return lines


def _ids(raw: str, name: str) -> list[int]:
    parts = [p.strip() for p in (raw or "").split(",") if p.strip()]
    if len(parts) > 200 or not all(p.isdigit() and 0 < int(p) < 2**63 for p in parts):
        raise BusinessError(f"{name}须为以逗号分隔的编号，如 1,2,3。", code="invalid",
                            fields={name: ["编号格式不正确。"]})
    return [int(p) for p in parts]


class AppointmentViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, RestrictedViewSet):
    """预约. 待确认 → 已确认 → 已到院 → 已完成; 已取消 (with a reason); 爽约 (set after the day ends)."""

    queryset = (Appointment.objects.select_related("customer", "created_by", "cancelled_by")
                .defer("customer__id_number")
                .prefetch_related(Prefetch("lines", queryset=AppointmentLine.objects.select_related(
                    "staff", "resource", "recheck_doctor").order_by("start", "sort", "id"))))
    serializer_class = s.AppointmentSerializer
    filterset_class = AppointmentFilter
    filter_backends = [DjangoFilterBackend, PersonalSearchFilter, OrderingFilter]
    search_fields = ["^number", "^customer__name", "^customer__name_pinyin", "^customer__name_initials"]
    phone_search_field = "customer__phone"
    ordering_fields = ["starts_at", "created_at", "id"]
    ordering = ["starts_at", "id"]
    pagination_class = CappedCountPagination
    audit_module = "appointments"
    permission_codes = {
        "list": VIEW, "retrieve": VIEW, "calendar": VIEW, "export": VIEW, "create": ADD, "recheck_options": ADD,
        "partial_update": CHANGE, "move": CHANGE, "confirm": CHANGE, "complete": CHANGE, "no_show": CHANGE,
        "cancel": CANCEL, "check_in": CHECKIN,
    }

    def _detail(self, appointment: Appointment, code: int = status.HTTP_200_OK, *,
                warnings: list[str] | None = None) -> Response:
        self.ensure_in_scope(appointment)
        appointment = self.get_queryset().get(pk=appointment.pk)
        return Response(s.AppointmentDetailSerializer(appointment, context={"warnings": warnings}).data, status=code)

    @extend_schema(summary="预约列表",
                   description="按预约日期、状态、类型、客户、员工、房间/设备、项目、科室筛选；search 按预约号、"
                               "客户姓名/拼音、手机号（尾号 4 位或完整号码）。")
    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().list(request, *args, **kwargs)

    @extend_schema(summary="预约详情", responses=s.AppointmentDetailSerializer,
                   description="含各项明细与该预约的通知（确认、提醒、取消）及其状态。")
    def retrieve(self, request: Request, pk: str) -> Response:
        return Response(s.AppointmentDetailSerializer(self.get_object()).data)

    @extend_schema(request=s.AppointmentCreateSerializer, responses={201: s.AppointmentDetailSerializer},
                   summary="新建预约（可多项、多位员工）", parameters=[IDEMPOTENCY],
                   examples=[BOOKING_EXAMPLE, LEAD_EXAMPLE],
                   description="客户（customer）或新客户（lead：姓名 + 手机号，将建立档案；手机号已有档案且姓名相同时"
                               "记在该档案下，姓名不同时 409 duplicate_phone 并给出档案号）。每项须有员工与起止时间，"
                               "不能预约过去的时间、已停用的项目或房间/设备、数据权限以外的员工；同一预约内同一员工的"
                               "时间不能重叠。与其他预约冲突（员工、房间、设备）或不在排班内：按预约设置禁止（409 "
                               "conflict）或提醒（409 needs_confirmation，fields.warnings 列出提醒；带 "
                               "confirm_warnings=true 再提交即保存）。保存后按设置写入预约确认与提醒通知。")
    def create(self, request: Request) -> Response:
        def run() -> Response:
            serializer = s.AppointmentCreateSerializer(data=request.data)
            serializer.is_valid(raise_exception=True)
            data = dict(serializer.validated_data)
            customer = None
            if data.get("customer") is not None:
                customer = reachable(Customer.objects.select_related("consultant", "online_consultant"),
                                     request.user, CUSTOMER_VIEW, data["customer"], field="customer", label="客户")
            lead = data.get("lead")
            if customer is None and lead and not get_access(request.user).has("customers.customer.add"):
                raise BusinessError("为新客户预约需要“新建客户档案”的权限；请先建档或联系前台。",
                                    code="permission_denied", status_code=403)
            booking = services.create_appointment(
                operator=request.user, customer=customer, lead=lead, type=data["type"], source=data["source"],
                note=data["note"], confirm_warnings=data["confirm_warnings"], lines=_lines(data["lines"]))
            self.audit_object = booking.appointment
            return self._detail(booking.appointment, status.HTTP_201_CREATED, warnings=booking.warnings)

        return idempotent(request, "appointments.create", run)

    @extend_schema(request=s.AppointmentUpdateSerializer, responses=s.AppointmentDetailSerializer,
                   summary="修改预约（类型、来源、备注）",
                   description="时间、员工与房间/设备请用 move；已取消、爽约或已完成的预约不能修改。")
    def partial_update(self, request: Request, pk: str) -> Response:
        appointment = self.get_object()
        serializer = s.AppointmentUpdateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        self.audit_object = appointment = services.update_appointment(appointment, operator=request.user,
                                                                       **serializer.validated_data)
        return self._detail(appointment)

    @extend_schema(request=s.MoveSerializer, responses=s.AppointmentDetailSerializer, summary="改期/调整一项",
                   description="移动或拉伸一项的时间，可同时换员工或房间/设备（resource=null 取消占用）。校验与新建"
                               "相同（冲突 409 conflict / needs_confirmation）；待发送的提醒按新时间重新安排。")
    @action(detail=True, methods=["post"])
    def move(self, request: Request, pk: str) -> Response:
        appointment = self.get_object()
        serializer = s.MoveSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        kwargs: dict[str, Any] = {}
        if "staff" in data:
            kwargs["staff"] = by_id(User, data["staff"], field="staff", label="员工")
        if "resource" in data:
            kwargs["resource"] = by_id(Resource, data["resource"], field="resource", label="房间/设备")
        booking = services.move_line(appointment, operator=request.user, line_id=data["line"], start=data["start"],
                                     end=data["end"], confirm_warnings=data["confirm_warnings"], **kwargs)
        self.audit_object = booking.appointment
        return self._detail(booking.appointment, warnings=booking.warnings)

    @extend_schema(request=None, responses=s.AppointmentDetailSerializer, summary="确认预约",
                   description="待确认 → 已确认（已确认的再次确认不变）。")
    @action(detail=True, methods=["post"])
    def confirm(self, request: Request, pk: str) -> Response:
        self.audit_object = appointment = services.confirm(self.get_object(), operator=request.user)
        return self._detail(appointment)

    @extend_schema(request=s.CancelSerializer, responses=s.AppointmentDetailSerializer, summary="取消预约",
                   description="须填写原因；释放员工与房间/设备的时间，撤回待发送的提醒；notify=true 且设置允许时"
                               "给客户发送取消通知。")
    @action(detail=True, methods=["post"])
    def cancel(self, request: Request, pk: str) -> Response:
        appointment = self.get_object()
        serializer = s.CancelSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        self.audit_object = appointment = services.cancel(appointment, operator=request.user,
                                                          **serializer.validated_data)
        return self._detail(appointment)

    @extend_schema(request=None, responses=s.CheckInResultSerializer, summary="到院登记",
                   description="在客户档案中登记到访（进入候诊列表），预约变为已到院；只能在预约当天，不能重复登记。")
    @action(detail=True, methods=["post"], url_path="check-in")
    def check_in(self, request: Request, pk: str) -> Response:
        self.audit_object = appointment = services.check_in(self.get_object(), operator=request.user)
        self.ensure_in_scope(appointment)
        appointment = self.get_queryset().get(pk=appointment.pk)
        return Response({"appointment": s.AppointmentDetailSerializer(appointment).data,
                         "visit": {"id": appointment.visit_id}})

    @extend_schema(request=None, responses=s.AppointmentDetailSerializer, summary="标记完成",
                   description="已到院 → 已完成。")
    @action(detail=True, methods=["post"])
    def complete(self, request: Request, pk: str) -> Response:
        self.audit_object = appointment = services.complete(self.get_object(), operator=request.user)
        return self._detail(appointment)

    @extend_schema(request=None, responses=s.AppointmentDetailSerializer, summary="标记爽约",
                   description="待确认/已确认且预约时间已到的预约标记为爽约：释放时间，撤回待发送的提醒，记入客户时间线"
                               "（自动回访规则“预约未到访”据此建回访）。时间未到的预约请取消。")
    @action(detail=True, methods=["post"], url_path="no-show")
    def no_show(self, request: Request, pk: str) -> Response:
        self.audit_object = appointment = services.mark_no_show(self.get_object(), operator=request.user)
        return self._detail(appointment)

    @extend_schema(summary="预约日历（日/周，按员工或房间设备分列）", responses=s.CalendarSerializer, filters=False,
                   parameters=[
                       OpenApiParameter("date", OpenApiTypes.DATE, description="开始日期，默认今天"),
                       OpenApiParameter("days", int, description="1（日）或 7（周），最多 7"),
                       OpenApiParameter("group", str, enum=["staff", "resource"], description="按员工或房间/设备分列"),
                       OpenApiParameter("org_unit", int, description="科室/小组（含下级）"),
                       OpenApiParameter("staff", str, description="员工编号，逗号分隔"),
                       OpenApiParameter("item", int, description="项目"),
                       OpenApiParameter("status", str, description="状态，逗号分隔；默认不含已取消"),
                   ],
                   description="列（员工：当期有排班、有排班模板或有预约的员工；房间/设备）、事件（每项一条，"
                               "resource_ids 同时含员工与房间/设备列）与员工的排班时段。查询次数固定，与预约数量无关。")
    @action(detail=False, methods=["get"], filter_backends=[], pagination_class=None)
    def calendar(self, request: Request) -> Response:
        params = request.query_params
        try:
            day = date.fromisoformat(params["date"]) if params.get("date") else timezone.localdate()
        except ValueError:
            raise BusinessError("日期格式应为 YYYY-MM-DD。", code="invalid", fields={"date": ["日期格式不正确。"]}) \
                from None
        days_raw = params.get("days") or "1"
        if not days_raw.isdigit() or not 1 <= int(days_raw) <= selectors.MAX_CALENDAR_DAYS:
            raise BusinessError("days 须为 1 到 7。", code="invalid", fields={"days": ["须为 1 到 7。"]})
        group = params.get("group") or "staff"
        if group not in ("staff", "resource"):
            raise BusinessError("group 须为 staff 或 resource。", code="invalid", fields={"group": ["取值不正确。"]})
        statuses = [v for v in (params.get("status") or "").split(",") if v]
        if any(v not in AppointmentStatus.values for v in statuses):
            raise BusinessError("状态取值不正确。", code="invalid", fields={"status": ["取值不正确。"]})
        unit = None
        if params.get("org_unit"):
            unit_id = _ids(params["org_unit"], "org_unit")
            unit = OrgUnit.objects.filter(pk__in=unit_id[:1]).only("id", "path").first()
            if unit is None:
                raise BusinessError("科室不存在。", code="invalid", fields={"org_unit": ["科室不存在。"]})
        item = _ids(params.get("item", ""), "item")
        data = selectors.calendar(request.user, day=day, days=int(days_raw), group=group, org_unit=unit,
                                  staff_ids=_ids(params.get("staff", ""), "staff"), item=item[0] if item else None,
                                  statuses=statuses)
        return Response(data)

    @extend_schema(summary="可指定复查的原治疗", responses=s.RecheckOptionSerializer(many=True), filters=False,
                   parameters=[OpenApiParameter("customer", int, required=True, description="客户档案号")],
                   description="客户以往的划扣（未冲正），最近的在前，含当次的操作人；复查预约可选其一并指定医生。")
    @action(detail=False, methods=["get"], url_path="recheck-options", filter_backends=[], pagination_class=None)
    def recheck_options(self, request: Request) -> Response:
        ids = _ids(request.query_params.get("customer", ""), "customer")
        if not ids:
            return Response([])
        customer = reachable(Customer, request.user, CUSTOMER_VIEW, ids[0], field="customer", label="客户")
        return Response(s.RecheckOptionSerializer(selectors.recheck_options(customer), many=True).data)

    @extend_schema(responses={(200, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"):
                              OpenApiTypes.BINARY}, summary="导出预约（Excel，每项一行，手机号脱敏）", filters=True)
    @action(detail=False, methods=["get"], pagination_class=None)
    def export(self, request: Request) -> HttpResponse:
        queryset: QuerySet = self.filter_queryset(self.get_queryset())
        count = queryset.count()
        if count > exports.MAX_EXPORT_ROWS:
            raise BusinessError(f"符合条件的预约有 {count} 条，超过单次导出上限 {exports.MAX_EXPORT_ROWS} 条，"
                                "请缩小筛选范围。", code="export_too_large")
        content = exports.appointment_workbook(queryset)
        record_operation(module="appointments", action="export", user=request.user,
                         message=f"导出预约 {count} 条，条件 {request.GET.urlencode()}"[:500])
        response = HttpResponse(content,
                                content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        name = f"appointments-{timezone.localtime():%Y%m%d-%H%M%S}.xlsx"
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response


def register(router: Any) -> None:
    router.register("appointments", AppointmentViewSet, basename="appointment")
