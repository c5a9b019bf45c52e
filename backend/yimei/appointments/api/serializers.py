"""Serializers of the appointments API. Times are ISO 8601 with the offset (Asia/Shanghai); ids are integers."""

from __future__ import annotations

from datetime import time
from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from yimei.appointments.choices import (
    AppointmentSource,
    AppointmentType,
    Mode,
    ScheduleKind,
)
from yimei.appointments.models import (
    Appointment,
    AppointmentLine,
    AppointmentSettings,
    Resource,
    ScheduleEntry,
    ScheduleTemplate,
    ShiftType,
)
from yimei.core.personal import mask_phone

MAX_ID = 2**63 - 1


def id_input(label: str, *, required: bool = True, allow_null: bool = False) -> serializers.IntegerField:
    return serializers.IntegerField(min_value=1, max_value=MAX_ID, required=required, allow_null=allow_null,
                                    label=label, error_messages={
                                        "required": f"请选择{label}。", "null": f"请选择{label}。",
                                        "invalid": f"{label}须为编号。", "min_value": f"{label}编号无效。",
                                        "max_value": f"{label}编号无效。"})


def time_input(label: str, **kwargs: Any) -> serializers.TimeField:
    return serializers.TimeField(format="%H:%M", input_formats=["%H:%M", "%H:%M:%S"], label=label,
                                 error_messages={"invalid": f"{label}格式应为 HH:MM，如 08:30。",
                                                 "required": f"请填写{label}。", "null": f"请填写{label}。"}, **kwargs)


def datetime_input(label: str) -> serializers.DateTimeField:
    return serializers.DateTimeField(label=label, error_messages={
        "invalid": f"{label}格式不正确，应为 ISO 8601（如 2026-12-01T10:00:00+08:00）。",
        "required": f"请填写{label}。", "null": f"请填写{label}。"})


class AppointmentRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


class AppointmentCustomerSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    phone = serializers.SerializerMethodField(label="手机号（已脱敏）")

    def get_phone(self, obj: Any) -> str:
        return mask_phone(obj.phone)


def _ref(obj: Any) -> dict[str, Any] | None:
    return {"id": obj.pk, "name": obj.name} if obj is not None else None


# --- resources, shifts, schedules -------------------------------------------------------------------------


class ResourceSerializer(serializers.ModelSerializer):
    kind_display = serializers.CharField(source="get_kind_display", read_only=True)

    class Meta:
        model = Resource
        fields = ["id", "kind", "kind_display", "name", "org_unit", "is_active", "note", "sort"]
        extra_kwargs = {"kind": {"error_messages": {"invalid_choice": "类型须为房间（room）或设备（device）。"}},
                        "name": {"error_messages": {"blank": "请填写名称。", "required": "请填写名称。"}}}

    def validate_name(self, value: str) -> str:
        return value.strip()


class ShiftTypeSerializer(serializers.ModelSerializer):
    start_time = time_input("开始时间")
    end_time = time_input("结束时间")

    class Meta:
        model = ShiftType
        fields = ["id", "name", "start_time", "end_time", "color"]
        extra_kwargs = {"name": {"error_messages": {"blank": "请填写班次名称。", "required": "请填写班次名称。"}}}

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        start = attrs.get("start_time", getattr(self.instance, "start_time", None))
        end = attrs.get("end_time", getattr(self.instance, "end_time", None))
        if start is not None and end is not None and end <= start:
            raise serializers.ValidationError({"end_time": ["结束时间须晚于开始时间。"]})
        return attrs


def _hm(value: time | None) -> str | None:
    return value.strftime("%H:%M") if value is not None else None


class ScheduleEntrySerializer(serializers.ModelSerializer):
    staff = serializers.SerializerMethodField()
    kind_display = serializers.CharField(source="get_kind_display", read_only=True)
    start = serializers.SerializerMethodField(label="开始时间（HH:MM）")
    end = serializers.SerializerMethodField(label="结束时间（HH:MM）")

    class Meta:
        model = ScheduleEntry
        fields = ["id", "staff", "date", "kind", "kind_display", "shift_type", "start", "end", "note"]
        read_only_fields = fields

    @extend_schema_field(AppointmentRefSerializer)
    def get_staff(self, obj: ScheduleEntry) -> dict[str, Any]:
        return {"id": obj.staff.pk, "name": obj.staff.name}

    def get_start(self, obj: ScheduleEntry) -> str | None:
        return _hm(obj.start_time)

    def get_end(self, obj: ScheduleEntry) -> str | None:
        return _hm(obj.end_time)


class ScheduleBulkSerializer(serializers.Serializer):
    staff = serializers.ListField(child=id_input("员工"), min_length=1, max_length=100, label="员工",
                                  error_messages={"min_length": "请选择员工。", "not_a_list": "员工须为编号列表。"})
    dates = serializers.ListField(child=serializers.DateField(error_messages={
        "invalid": "日期格式应为 YYYY-MM-DD。"}), min_length=1, max_length=62, label="日期",
        error_messages={"min_length": "请选择日期。", "not_a_list": "日期须为列表。",
                        "max_length": "一次最多排 62 天。"})
    kind = serializers.ChoiceField(choices=ScheduleKind.choices, label="类型", error_messages={
        "invalid_choice": "类型须为上班（work）、休息（off）或请假（leave）。"})
    shift_type = id_input("班次", required=False, allow_null=True)
    start = time_input("开始时间", required=False, allow_null=True)
    end = time_input("结束时间", required=False, allow_null=True)
    note = serializers.CharField(max_length=100, required=False, allow_blank=True, default="", label="备注")


class ScheduleTemplateSerializer(serializers.ModelSerializer):
    staff_name = serializers.CharField(source="staff.name", read_only=True)
    shift_type_name = serializers.CharField(source="shift_type.name", read_only=True)

    class Meta:
        model = ScheduleTemplate
        fields = ["id", "staff", "staff_name", "weekday", "shift_type", "shift_type_name"]
        read_only_fields = ["id", "staff_name", "shift_type_name"]


class ScheduleTemplateInputSerializer(serializers.Serializer):
    staff = id_input("员工")
    weekday = serializers.IntegerField(min_value=0, max_value=6, label="星期", error_messages={
        "invalid": "星期须为 0（周一）到 6（周日）。", "min_value": "星期须为 0（周一）到 6（周日）。",
        "max_value": "星期须为 0（周一）到 6（周日）。", "required": "请选择星期。"})
    shift_type = id_input("班次")


class ApplyTemplatesSerializer(serializers.Serializer):
    date_from = serializers.DateField(label="开始日期", error_messages={"invalid": "日期格式应为 YYYY-MM-DD。",
                                                                     "required": "请选择开始日期。"})
    date_to = serializers.DateField(label="结束日期", error_messages={"invalid": "日期格式应为 YYYY-MM-DD。",
                                                                   "required": "请选择结束日期。"})
    staff = serializers.ListField(child=id_input("员工"), required=False, allow_null=True, max_length=200,
                                  label="员工（不填为全部有模板的员工）")


class ApplyResultSerializer(serializers.Serializer):
    created = serializers.IntegerField(label="新建的排班条数")
    kept_days = serializers.IntegerField(label="已有排班而保留不变的人天数")
    skipped_holidays = serializers.ListField(child=serializers.DateField(), label="法定节假日（不排班）")
    make_up_days = serializers.ListField(child=serializers.DateField(), label="调休上班日")
    unknown_years = serializers.ListField(child=serializers.IntegerField(),
                                          label="节假日数据未知的年份（按星期排班，请人工核对）")


# --- settings --------------------------------------------------------------------------------------------


class ReminderOffsetSerializer(serializers.Serializer):
    days_before = serializers.IntegerField(min_value=0, max_value=30, required=False, label="提前天数")
    at = time_input("发送时间", required=False)
    hours_before = serializers.IntegerField(min_value=1, max_value=72, required=False, label="提前小时数")

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if ("days_before" in attrs) == ("hours_before" in attrs):
            raise serializers.ValidationError("每条提醒须为“提前 N 天的某时刻”或“提前 N 小时”之一。")
        if "days_before" in attrs and "at" not in attrs:
            raise serializers.ValidationError("提前 N 天的提醒须填写发送时间（HH:MM）。")
        return attrs

    def to_representation(self, instance: dict[str, Any]) -> dict[str, Any]:
        return dict(instance)


class AppointmentSettingsSerializer(serializers.ModelSerializer):
    conflict_mode = serializers.ChoiceField(choices=[(Mode.BLOCK, Mode.BLOCK.label), (Mode.WARN, Mode.WARN.label)],
                                            required=False, label="时间冲突")
    schedule_mode = serializers.ChoiceField(choices=Mode.choices, required=False, label="排班外预约")
    reminder_offsets = ReminderOffsetSerializer(many=True, required=False, label="提醒时间")
    slot_minutes = serializers.ChoiceField(choices=[5, 10, 15, 20, 30, 60], required=False, label="日历时间刻度")
    day_start = time_input("日历开始时间", required=False)
    day_end = time_input("日历结束时间", required=False)

    class Meta:
        model = AppointmentSettings
        fields = ["conflict_mode", "schedule_mode", "reminder_offsets", "send_confirmation", "send_cancellation",
                  "slot_minutes", "day_start", "day_end", "clinic_name", "clinic_address", "updated_at"]
        read_only_fields = ["updated_at"]

    def validate_reminder_offsets(self, value: list[dict[str, Any]]) -> list[dict[str, Any]]:
        if len(value) > 5:
            raise serializers.ValidationError("提醒最多设置 5 条。")
        cleaned = []
        for offset in value:
            if "days_before" in offset:
                cleaned.append({"days_before": offset["days_before"], "at": offset["at"].strftime("%H:%M")})
            else:
                cleaned.append({"hours_before": offset["hours_before"]})
        return cleaned

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        start = attrs.get("day_start", getattr(self.instance, "day_start", None))
        end = attrs.get("day_end", getattr(self.instance, "day_end", None))
        if start is not None and end is not None and end <= start:
            raise serializers.ValidationError({"day_end": ["日历结束时间须晚于开始时间。"]})
        return attrs


# --- appointments -------------------------------------------------------------------------------------------


class LineInputSerializer(serializers.Serializer):
    item = id_input("项目", required=False, allow_null=True)
    title = serializers.CharField(max_length=100, required=False, allow_blank=True, default="", label="预约内容",
                                  help_text="咨询等不对应项目时的文字说明")
    staff = id_input("员工", required=True)
    resource = id_input("房间/设备", required=False, allow_null=True)
    start = datetime_input("开始时间")
    end = datetime_input("结束时间")
    recheck_of = id_input("原治疗（划扣记录）", required=False, allow_null=True)


class LeadSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=32, label="姓名", error_messages={"blank": "请填写新客户的姓名。",
                                                                           "required": "请填写新客户的姓名。"})
    phone = serializers.CharField(max_length=32, label="手机号", error_messages={"blank": "请填写新客户的手机号。",
                                                                              "required": "请填写新客户的手机号。"})


class AppointmentCreateSerializer(serializers.Serializer):
    customer = id_input("客户", required=False, allow_null=True)
    lead = LeadSerializer(required=False, allow_null=True, label="新客户（姓名 + 手机号，将建立档案）")
    type = serializers.ChoiceField(choices=AppointmentType.choices, label="预约类型", error_messages={
        "invalid_choice": "请选择预约类型：咨询、治疗、复查或手术。", "required": "请选择预约类型。"})
    source = serializers.ChoiceField(choices=AppointmentSource.choices, required=False, allow_blank=True,
                                     default="", label="预约来源")
    note = serializers.CharField(max_length=500, required=False, allow_blank=True, default="", label="备注")
    confirm_warnings = serializers.BooleanField(required=False, default=False,
                                                label="已确认提醒（冲突/排班外）仍要保存")
    lines = serializers.ListField(
        child=LineInputSerializer(), min_length=1, max_length=10, label="预约项目",
        error_messages={"min_length": "请至少添加一项预约。", "max_length": "一次最多预约 10 项。",
                        "not_a_list": "预约项目须为列表。", "required": "请至少添加一项预约。"})


class AppointmentUpdateSerializer(serializers.Serializer):
    type = serializers.ChoiceField(choices=AppointmentType.choices, required=False, label="预约类型")
    source = serializers.ChoiceField(choices=AppointmentSource.choices, required=False, allow_blank=True,
                                     label="预约来源")
    note = serializers.CharField(max_length=500, required=False, allow_blank=True, label="备注")


class MoveSerializer(serializers.Serializer):
    line = id_input("预约明细")
    start = datetime_input("开始时间")
    end = datetime_input("结束时间")
    staff = id_input("员工", required=False)
    resource = id_input("房间/设备", required=False, allow_null=True)
    confirm_warnings = serializers.BooleanField(required=False, default=False)


class CancelSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=200, label="取消原因", error_messages={
        "required": "请填写取消原因。", "blank": "请填写取消原因。"})
    notify = serializers.BooleanField(required=False, default=True, label="通知客户")


class LineSerializer(serializers.ModelSerializer):
    staff = AppointmentRefSerializer(read_only=True)
    resource = AppointmentRefSerializer(read_only=True, allow_null=True)
    recheck_doctor = AppointmentRefSerializer(read_only=True, allow_null=True)

    class Meta:
        model = AppointmentLine
        fields = ["id", "item", "item_name", "title", "staff", "resource", "start", "end", "recheck_of",
                  "recheck_doctor"]
        read_only_fields = fields


class AppointmentMessageSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    kind = serializers.CharField()
    channel = serializers.CharField()
    status = serializers.CharField()
    status_display = serializers.CharField(source="get_status_display")
    scheduled_at = serializers.DateTimeField()
    status_reason = serializers.CharField()


class AppointmentSerializer(serializers.ModelSerializer):
    customer = AppointmentCustomerSerializer(read_only=True)
    type_display = serializers.CharField(source="get_type_display", read_only=True)
    status_display = serializers.CharField(source="get_status_display", read_only=True)
    source_display = serializers.CharField(source="get_source_display", read_only=True)
    created_by = AppointmentRefSerializer(read_only=True, allow_null=True)
    cancelled_by = AppointmentRefSerializer(read_only=True, allow_null=True)
    lines = LineSerializer(many=True, read_only=True)

    class Meta:
        model = Appointment
        fields = ["id", "number", "customer", "type", "type_display", "status", "status_display", "source",
                  "source_display", "note", "cancel_reason", "cancelled_by", "cancelled_at", "visit", "starts_at",
                  "ends_at", "org_unit", "confirmed_at", "arrived_at", "completed_at", "created_at", "created_by",
                  "lines"]
        read_only_fields = fields


class AppointmentDetailSerializer(AppointmentSerializer):
    warnings = serializers.SerializerMethodField(label="已确认的提醒，或关于客户档案的说明")
    messages = serializers.SerializerMethodField(label="该预约的通知（确认、提醒、取消）")

    class Meta(AppointmentSerializer.Meta):
        fields = [*AppointmentSerializer.Meta.fields, "warnings", "messages"]
        read_only_fields = fields

    def get_warnings(self, obj: Appointment) -> list[str]:
        return list(self.context.get("warnings") or [])

    @extend_schema_field(AppointmentMessageSerializer(many=True))
    def get_messages(self, obj: Appointment) -> list[dict[str, Any]]:
        from yimei.appointments.reminders import messages_of

        return AppointmentMessageSerializer(messages_of(obj), many=True).data


class CheckInResultSerializer(serializers.Serializer):
    appointment = AppointmentDetailSerializer()
    visit = serializers.DictField(child=serializers.IntegerField(), label="到访 {id}")


# --- calendar -------------------------------------------------------------------------------------------------


class CalendarColumnSerializer(serializers.Serializer):
    id = serializers.CharField(help_text='"staff-3" 或 "resource-2"')
    title = serializers.CharField()
    kind = serializers.CharField(help_text="staff | room | device")
    org_unit = serializers.IntegerField(allow_null=True)


class CalendarEventSerializer(serializers.Serializer):
    id = serializers.IntegerField(help_text="预约明细 id")
    appointment = serializers.IntegerField()
    number = serializers.CharField()
    customer = AppointmentCustomerSerializer()
    type = serializers.CharField()
    type_display = serializers.CharField()
    status = serializers.CharField()
    status_display = serializers.CharField()
    start = serializers.DateTimeField()
    end = serializers.DateTimeField()
    resource_ids = serializers.ListField(child=serializers.CharField())
    staff = AppointmentRefSerializer()
    resource = AppointmentRefSerializer(allow_null=True)
    item_name = serializers.CharField()
    title = serializers.CharField()
    editable = serializers.BooleanField()


class CalendarScheduleSerializer(serializers.Serializer):
    resource_id = serializers.CharField()
    start = serializers.DateTimeField()
    end = serializers.DateTimeField()
    kind = serializers.CharField()


class CalendarSerializer(serializers.Serializer):
    resources = CalendarColumnSerializer(many=True)
    events = CalendarEventSerializer(many=True)
    schedules = CalendarScheduleSerializer(many=True)


class RecheckOptionSerializer(serializers.Serializer):
    deduction = serializers.IntegerField()
    number = serializers.CharField()
    item = serializers.IntegerField(allow_null=True)
    item_name = serializers.CharField()
    date = serializers.DateField()
    doctors = serializers.ListField(child=serializers.DictField(), help_text="[{id, name, position}]")

