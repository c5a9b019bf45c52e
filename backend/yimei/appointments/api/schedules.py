"""Schedules API (排班): shift types, per-day entries (set in bulk), weekly templates and applying them; rooms and
devices; the appointment settings."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import ProtectedError, QuerySet
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, status
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from yimei.accounts.models import OrgUnit, User
from yimei.appointments import schedules as services
from yimei.appointments.api import serializers as s
from yimei.appointments.api.appointments import _ids
from yimei.appointments.models import AppointmentSettings, Resource, ScheduleEntry, ScheduleTemplate, ShiftType
from yimei.core.api import RestrictedViewSet, YimeiAPIView
from yimei.core.errors import BusinessError
from yimei.sales.api.common import by_id

VIEW = "appointments.appointment.view"
SCHEDULE_VIEW, SCHEDULE_CHANGE = "appointments.schedule.view", "appointments.schedule.change"
RESOURCE_CHANGE, SETTINGS_CHANGE = "appointments.resource.change", "appointments.settings.change"
MAX_LIST_DAYS = 62


def _save(serializer: Any, *, message: str) -> Any:
    try:
        with transaction.atomic():
            return serializer.save()
    except IntegrityError:
        raise BusinessError(message, code="duplicate") from None


def _staff(ids: list[int], field: str = "staff") -> list[User]:
    found = {u.pk: u for u in User.objects.filter(pk__in=ids)}
    missing = [pk for pk in ids if pk not in found]
    if missing:
        raise BusinessError(f"员工不存在（编号 {'、'.join(map(str, missing[:10]))}）。", code="not_found",
                            fields={field: ["员工不存在。"]})
    return [found[pk] for pk in ids]


class ResourceViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, RestrictedViewSet):
    """房间与设备. Kept, never deleted (booking lines point at them): disable instead."""

    queryset = Resource.objects.all()
    serializer_class = s.ResourceSerializer
    pagination_class = None
    filter_backends: list = []
    audit_module = "appointments"
    permission_codes = {"list": VIEW, "retrieve": VIEW, "create": RESOURCE_CHANGE, "partial_update": RESOURCE_CHANGE}

    @extend_schema(summary="房间与设备列表", parameters=[
        OpenApiParameter("kind", str, enum=["room", "device"]), OpenApiParameter("is_active", bool)])
    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        rows = self.get_queryset()
        kind = request.query_params.get("kind")
        if kind in ("room", "device"):
            rows = rows.filter(kind=kind)
        active = request.query_params.get("is_active")
        if active in ("true", "false"):
            rows = rows.filter(is_active=active == "true")
        return Response(s.ResourceSerializer(rows, many=True).data)

    @extend_schema(summary="房间/设备详情")
    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().retrieve(request, *args, **kwargs)

    @extend_schema(request=s.ResourceSerializer, responses={201: s.ResourceSerializer}, summary="新增房间/设备")
    def create(self, request: Request) -> Response:
        serializer = s.ResourceSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        self.audit_object = row = _save(serializer, message="已有同名的房间或设备。")
        return Response(s.ResourceSerializer(row).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=s.ResourceSerializer, responses=s.ResourceSerializer, summary="修改房间/设备",
                   description="停用后不能再被预约，已有的预约不受影响。")
    def partial_update(self, request: Request, pk: str) -> Response:
        row = self.get_object()
        serializer = s.ResourceSerializer(row, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        self.audit_object = row = _save(serializer, message="已有同名的房间或设备。")
        return Response(s.ResourceSerializer(row).data)


class ShiftTypeViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, RestrictedViewSet):
    """班次."""

    queryset = ShiftType.objects.all()
    serializer_class = s.ShiftTypeSerializer
    pagination_class = None
    filter_backends: list = []
    audit_module = "appointments"
    permission_codes = {"list": SCHEDULE_VIEW, "retrieve": SCHEDULE_VIEW, "create": SCHEDULE_CHANGE,
                        "partial_update": SCHEDULE_CHANGE, "destroy": SCHEDULE_CHANGE}

    @extend_schema(summary="班次列表")
    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().list(request, *args, **kwargs)

    @extend_schema(summary="班次详情")
    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().retrieve(request, *args, **kwargs)

    @extend_schema(request=s.ShiftTypeSerializer, responses={201: s.ShiftTypeSerializer}, summary="新增班次")
    def create(self, request: Request) -> Response:
        serializer = s.ShiftTypeSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        self.audit_object = row = _save(serializer, message="已有同名的班次。")
        return Response(s.ShiftTypeSerializer(row).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=s.ShiftTypeSerializer, responses=s.ShiftTypeSerializer, summary="修改班次",
                   description="已排的班保留原来的时间；之后应用模板时用新时间。")
    def partial_update(self, request: Request, pk: str) -> Response:
        row = self.get_object()
        serializer = s.ShiftTypeSerializer(row, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        self.audit_object = row = _save(serializer, message="已有同名的班次。")
        return Response(s.ShiftTypeSerializer(row).data)

    @extend_schema(summary="删除班次", description="排班模板在用的班次不能删除；已排的班保留时间。")
    def destroy(self, request: Request, pk: str) -> Response:
        self.audit_object = row = self.get_object()
        try:
            with transaction.atomic():
                row.delete()
        except ProtectedError:
            raise BusinessError(f"班次“{row.name}”正在排班模板中使用，请先修改模板。", code="protected") from None
        return Response(status=status.HTTP_204_NO_CONTENT)


class ScheduleViewSet(mixins.ListModelMixin, RestrictedViewSet):
    """排班: per staff member and day (work with hours, off, leave)."""

    queryset = ScheduleEntry.objects.select_related("staff").order_by("date", "staff_id", "start_time", "id")
    serializer_class = s.ScheduleEntrySerializer
    pagination_class = None
    filter_backends: list = []
    audit_module = "appointments"
    permission_codes = {"list": SCHEDULE_VIEW, "destroy": SCHEDULE_CHANGE, "bulk": SCHEDULE_CHANGE}

    @extend_schema(summary="排班列表", parameters=[
        OpenApiParameter("date_from", OpenApiTypes.DATE, description="默认本周一"),
        OpenApiParameter("date_to", OpenApiTypes.DATE, description="默认 date_from 起 7 天；最多 62 天"),
        OpenApiParameter("staff", str, description="员工编号，逗号分隔"),
        OpenApiParameter("org_unit", int, description="科室/小组（含下级）")])
    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        rows = self._filtered(self.get_queryset(), request)
        return Response(s.ScheduleEntrySerializer(rows, many=True).data)

    def _filtered(self, rows: QuerySet, request: Request) -> QuerySet:
        params = request.query_params
        try:
            today = timezone.localdate()
            start = (date.fromisoformat(params["date_from"]) if params.get("date_from")
                     else today - timedelta(days=today.weekday()))
            end = (date.fromisoformat(params["date_to"]) if params.get("date_to")
                   else start + timedelta(days=6))
        except ValueError:
            raise BusinessError("日期格式应为 YYYY-MM-DD。", code="invalid") from None
        if end < start:
            raise BusinessError("结束日期不能早于开始日期。", code="invalid", fields={"date_to": ["早于开始日期。"]})
        if (end - start).days >= MAX_LIST_DAYS:
            raise BusinessError(f"一次最多查看 {MAX_LIST_DAYS} 天的排班。", code="invalid")
        rows = rows.filter(date__gte=start, date__lte=end)
        staff = _ids(params.get("staff", ""), "staff")
        if staff:
            rows = rows.filter(staff_id__in=staff)
        unit_ids = _ids(params.get("org_unit", ""), "org_unit")
        if unit_ids:
            unit = OrgUnit.objects.filter(pk=unit_ids[0]).only("path").first()
            rows = rows.filter(staff__org_unit__path__startswith=unit.path) if unit else rows.none()
        return rows

    @extend_schema(summary="删除一条排班")
    def destroy(self, request: Request, pk: str) -> Response:
        self.audit_object = entry = self.get_object()
        services.delete_entry(entry, operator=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(request=s.ScheduleBulkSerializer, responses={200: s.ScheduleEntrySerializer(many=True)},
                   summary="批量排班（替换所选员工在所选日期的排班）",
                   description="kind=work 须选班次（shift_type）或填写 start/end（HH:MM）；off/leave 不填时间。"
                               "所选员工须在本人的排班数据权限内。")
    @action(detail=False, methods=["post"])
    def bulk(self, request: Request) -> Response:
        serializer = s.ScheduleBulkSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        entries = services.set_days(
            operator=request.user, staff=_staff(list(dict.fromkeys(data["staff"]))), dates=data["dates"],
            kind=data["kind"], shift_type=by_id(ShiftType, data.get("shift_type"), field="shift_type", label="班次"),
            start=data.get("start"), end=data.get("end"), note=data.get("note", ""))
        self.audit_message = f"排班 {len(entries)} 条"
        return Response(s.ScheduleEntrySerializer(entries, many=True).data)


class ScheduleTemplateViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, RestrictedViewSet):
    """排班模板: staff × weekday × shift, applied over a date range."""

    queryset = ScheduleTemplate.objects.select_related("staff", "shift_type")
    serializer_class = s.ScheduleTemplateSerializer
    pagination_class = None
    filter_backends: list = []
    audit_module = "appointments"
    permission_codes = {"list": SCHEDULE_VIEW, "retrieve": SCHEDULE_VIEW, "create": SCHEDULE_CHANGE,
                        "destroy": SCHEDULE_CHANGE, "apply": SCHEDULE_CHANGE}

    @extend_schema(summary="排班模板列表",
                   parameters=[OpenApiParameter("staff", str, description="员工编号，逗号分隔")])
    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        rows = self.get_queryset()
        staff = _ids(request.query_params.get("staff", ""), "staff")
        if staff:
            rows = rows.filter(staff_id__in=staff)
        return Response(s.ScheduleTemplateSerializer(rows, many=True).data)

    @extend_schema(summary="排班模板详情")
    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().retrieve(request, *args, **kwargs)

    @extend_schema(request=s.ScheduleTemplateInputSerializer, responses={201: s.ScheduleTemplateSerializer},
                   summary="新增排班模板")
    def create(self, request: Request) -> Response:
        serializer = s.ScheduleTemplateInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        self.audit_object = row = services.add_template(
            operator=request.user, staff=by_id(User, data["staff"], field="staff", label="员工"),
            weekday=data["weekday"], shift_type=by_id(ShiftType, data["shift_type"], field="shift_type", label="班次"))
        return Response(s.ScheduleTemplateSerializer(row).data, status=status.HTTP_201_CREATED)

    @extend_schema(summary="删除排班模板", description="已排的班不受影响。")
    def destroy(self, request: Request, pk: str) -> Response:
        self.audit_object = row = self.get_object()
        services.check_staff_in_scope(request.user, row.staff, field="staff", code=SCHEDULE_CHANGE)
        row.delete()
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(request=s.ApplyTemplatesSerializer, responses=s.ApplyResultSerializer, summary="按模板排班",
                   description="把每周模板写到 date_from 至 date_to（最多 92 天）：法定节假日不排班，调休上班日照常排班"
                               "（周六按周五、周日按周一的模板，员工有周末模板的按周末模板）；已有排班的人天保持不变。"
                               "节假日数据未知的年份（unknown_years）只按星期排班，请人工核对。")
    @action(detail=False, methods=["post"])
    def apply(self, request: Request) -> Response:
        serializer = s.ApplyTemplatesSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        staff = _staff(list(dict.fromkeys(data["staff"]))) if data.get("staff") is not None else None
        result = services.apply_templates(operator=request.user, date_from=data["date_from"],
                                          date_to=data["date_to"], staff=staff)
        self.audit_message = f"按模板排班 {data['date_from']}–{data['date_to']}：新建 {result.created} 条"
        return Response(s.ApplyResultSerializer(result).data)


class AppointmentSettingsView(YimeiAPIView):
    """预约设置 (one row)."""

    permission_codes = {"get": VIEW, "patch": SETTINGS_CHANGE}
    audit_module = "appointments"

    @extend_schema(responses=s.AppointmentSettingsSerializer, summary="预约设置")
    def get(self, request: Request) -> Response:
        return Response(s.AppointmentSettingsSerializer(AppointmentSettings.current()).data)

    @extend_schema(request=s.AppointmentSettingsSerializer, responses=s.AppointmentSettingsSerializer,
                   summary="修改预约设置",
                   description="conflict_mode：block 禁止 / warn 提醒；schedule_mode：block / warn / off；"
                               "reminder_offsets：如 [{\"days_before\": 1, \"at\": \"10:00\"}, {\"hours_before\": 2}]，"
                               "最多 5 条，已过去的提醒时间不发送。")
    def patch(self, request: Request) -> Response:
        current = AppointmentSettings.objects.select_for_update().filter(pk=1).first() or AppointmentSettings(pk=1)
        serializer = s.AppointmentSettingsSerializer(current, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        self.audit_object = row = serializer.save()
        return Response(s.AppointmentSettingsSerializer(row).data)


def register(router: Any) -> None:
    router.register("appointment-resources", ResourceViewSet, basename="appointment-resource")
    router.register("shift-types", ShiftTypeViewSet, basename="shift-type")
    router.register("schedules", ScheduleViewSet, basename="schedule")
    router.register("schedule-templates", ScheduleTemplateViewSet, basename="schedule-template")
