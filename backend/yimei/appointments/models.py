"""Appointments (预约中心): rooms and devices, shift types, staff schedules and weekly templates, bookings with
their lines, the department's booking settings, and the lock rows that serialise bookings of one staff member,
room or device on one day (see ``conflicts.py`` and docs/decisions/0010-appointments.md).

Times of lines are instants (UTC in the database); schedule entries are local dates and local times of the
clinic (Asia/Shanghai), as the clinic thinks of a roster.
"""

from __future__ import annotations

from datetime import time

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from yimei.appointments.choices import (
    AppointmentSource,
    AppointmentStatus,
    AppointmentType,
    Mode,
    ResourceKind,
    ScheduleKind,
)
from yimei.core.models import ChangeLoggedModel, RestrictedManager, TimeStampedModel

STAFF = settings.AUTH_USER_MODEL


def default_reminder_offsets() -> list[dict]:
    return [{"days_before": 1, "at": "10:00"}, {"hours_before": 2}]


# --- resources and shifts (reference data: opened by the permission code alone) --------------------------


class Resource(ChangeLoggedModel, TimeStampedModel):
    """A room or a device that a booking line can hold (光电治疗室 1, 热玛吉设备); one booking at a time."""

    kind = models.CharField("类型", max_length=8, choices=ResourceKind.choices)
    name = models.CharField("名称", max_length=64, unique=True)
    org_unit = models.ForeignKey("accounts.OrgUnit", models.PROTECT, null=True, blank=True, related_name="+",
                                 verbose_name="所属科室")
    is_active = models.BooleanField("启用", default=True)
    note = models.CharField("备注", max_length=200, blank=True, default="")
    sort = models.PositiveIntegerField("排序", default=0)

    objects = RestrictedManager()

    class Meta:
        verbose_name = "房间/设备"
        verbose_name_plural = verbose_name
        ordering = ["-kind", "sort", "id"]  # rooms, then devices

    def __str__(self) -> str:
        return self.name


class ShiftType(ChangeLoggedModel, TimeStampedModel):
    """班次: 早班 08:30–12:00, 晚班 … A schedule entry copies the times, so editing a shift changes later entries
    only."""

    name = models.CharField("名称", max_length=32, unique=True)
    start_time = models.TimeField("开始时间")
    end_time = models.TimeField("结束时间")
    color = models.CharField("颜色", max_length=16, blank=True, default="#1677ff")

    objects = RestrictedManager()

    class Meta:
        verbose_name = "班次"
        verbose_name_plural = verbose_name
        ordering = ["start_time", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(end_time__gt=F("start_time")), name="shift_type_end_after_start",
                                   violation_error_message="班次的结束时间须晚于开始时间。"),
        ]

    def __str__(self) -> str:
        return self.name


# --- schedules ---------------------------------------------------------------------------------------------


class ScheduleEntry(ChangeLoggedModel, TimeStampedModel):
    """One piece of a staff member's day: working hours (several per day for split shifts), a day off or leave."""

    staff = models.ForeignKey(STAFF, models.CASCADE, related_name="schedule_entries", verbose_name="员工")
    date = models.DateField("日期")
    kind = models.CharField("类型", max_length=8, choices=ScheduleKind.choices, default=ScheduleKind.WORK)
    shift_type = models.ForeignKey(ShiftType, models.SET_NULL, null=True, blank=True, related_name="+",
                                   verbose_name="班次")
    start_time = models.TimeField("开始时间", null=True, blank=True)
    end_time = models.TimeField("结束时间", null=True, blank=True)
    note = models.CharField("备注", max_length=100, blank=True, default="")
    created_by = models.ForeignKey(STAFF, models.SET_NULL, null=True, blank=True, related_name="+",
                                   verbose_name="排班人")

    objects = RestrictedManager()
    scope_owner_field = "staff_id"
    scope_unit_field = "staff__org_unit_id"

    class Meta:
        verbose_name = "排班"
        verbose_name_plural = verbose_name
        ordering = ["date", "staff_id", "start_time", "id"]
        indexes = [
            models.Index(fields=["date", "staff"], name="schedule_by_date"),
            models.Index(fields=["staff", "date"], name="schedule_by_staff"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=(Q(kind=ScheduleKind.WORK, start_time__isnull=False, end_time__isnull=False,
                             end_time__gt=F("start_time"))
                           | (~Q(kind=ScheduleKind.WORK) & Q(start_time__isnull=True, end_time__isnull=True))),
                name="schedule_entry_times", violation_error_message="上班须有开始和结束时间（结束晚于开始）；"
                                                                     "休息和请假不填时间。"),
        ]

    def __str__(self) -> str:
        return f"{self.staff_id} {self.date} {self.kind}"


class ScheduleTemplate(ChangeLoggedModel, TimeStampedModel):
    """A weekly rule: this staff member works this shift on this weekday (0 = Monday)."""

    staff = models.ForeignKey(STAFF, models.CASCADE, related_name="schedule_templates", verbose_name="员工")
    weekday = models.PositiveSmallIntegerField("星期", help_text="0 = 周一 … 6 = 周日")
    shift_type = models.ForeignKey(ShiftType, models.PROTECT, related_name="templates", verbose_name="班次")

    objects = RestrictedManager()
    scope_owner_field = "staff_id"
    scope_unit_field = "staff__org_unit_id"

    class Meta:
        verbose_name = "排班模板"
        verbose_name_plural = verbose_name
        ordering = ["staff_id", "weekday", "shift_type_id"]
        constraints = [
            models.UniqueConstraint(fields=["staff", "weekday", "shift_type"], name="schedule_template_unique",
                                    violation_error_message="该员工在这一天已有这个班次。"),
            models.CheckConstraint(condition=Q(weekday__gte=0, weekday__lte=6), name="schedule_template_weekday",
                                   violation_error_message="星期须为 0（周一）到 6（周日）。"),
        ]

    def __str__(self) -> str:
        return f"{self.staff_id} {self.weekday} {self.shift_type_id}"


# --- settings ------------------------------------------------------------------------------------------------


class AppointmentSettings(ChangeLoggedModel, TimeStampedModel):
    """The department's booking rules (one row): conflicts and schedules block or warn, reminder times, notices."""

    conflict_mode = models.CharField("时间冲突", max_length=8, default=Mode.BLOCK,
                                     choices=[(Mode.BLOCK, Mode.BLOCK.label), (Mode.WARN, Mode.WARN.label)],
                                     help_text="同一员工、房间或设备的时间重叠：禁止，或提醒后确认保存。")
    schedule_mode = models.CharField("排班外预约", max_length=8, choices=Mode.choices, default=Mode.WARN,
                                     help_text="预约时间不在员工的排班内：禁止、提醒或不检查。")
    reminder_offsets = models.JSONField("提醒时间", default=default_reminder_offsets, blank=True,
                                        help_text='如 [{"days_before": 1, "at": "10:00"}, {"hours_before": 2}]')
    send_confirmation = models.BooleanField("预约成功后发送确认通知", default=True)
    send_cancellation = models.BooleanField("取消预约时发送取消通知", default=True)
    slot_minutes = models.PositiveSmallIntegerField("日历时间刻度（分钟）", default=15)
    day_start = models.TimeField("日历开始时间", default=time(8, 0))
    day_end = models.TimeField("日历结束时间", default=time(21, 0))
    clinic_name = models.CharField("通知中的科室名称", max_length=32, blank=True, default="")
    clinic_address = models.CharField("通知中的地址", max_length=100, blank=True, default="")

    objects = RestrictedManager()

    class Meta:
        verbose_name = "预约设置"
        verbose_name_plural = verbose_name
        constraints = [
            models.CheckConstraint(condition=Q(slot_minutes__in=[5, 10, 15, 20, 30, 60]),
                                   name="appointment_settings_slot", violation_error_message="时间刻度须为 5、10、15、"
                                                                                             "20、30 或 60 分钟。"),
            models.CheckConstraint(condition=Q(day_end__gt=F("day_start")), name="appointment_settings_day",
                                   violation_error_message="日历结束时间须晚于开始时间。"),
        ]

    def __str__(self) -> str:
        return "预约设置"

    @classmethod
    def current(cls) -> AppointmentSettings:
        found = cls.objects.filter(pk=1).first()
        return found if found is not None else cls(pk=1)


# --- bookings -------------------------------------------------------------------------------------------------


class Appointment(ChangeLoggedModel, TimeStampedModel):
    """预约: a customer, a type and one or more lines (item, staff, room/device, time). 待确认 → 已确认 → 已到院 →
    已完成; 已取消 (with a reason) and 爽约 (set after the day ends) release the lines' time."""

    number = models.CharField("预约号", max_length=24, unique=True)
    customer = models.ForeignKey("customers.Customer", models.PROTECT, related_name="appointments",
                                 verbose_name="客户")
    type = models.CharField("类型", max_length=16, choices=AppointmentType.choices)
    source = models.CharField("来源", max_length=16, choices=AppointmentSource.choices, blank=True, default="")
    status = models.CharField("状态", max_length=16, choices=AppointmentStatus.choices,
                              default=AppointmentStatus.PENDING)
    note = models.CharField("备注", max_length=500, blank=True, default="")
    # The first line's start and the last line's end: list ordering, date filters and the no-show job.
    starts_at = models.DateTimeField("开始时间")
    ends_at = models.DateTimeField("结束时间")
    org_unit = models.ForeignKey("accounts.OrgUnit", models.PROTECT, null=True, blank=True, related_name="+",
                                 verbose_name="归属单元")
    created_by = models.ForeignKey(STAFF, models.PROTECT, null=True, blank=True, related_name="+",
                                   verbose_name="预约人")
    visit = models.ForeignKey("customers.Visit", models.SET_NULL, null=True, blank=True, related_name="+",
                              verbose_name="到访")
    confirmed_at = models.DateTimeField("确认时间", null=True, blank=True)
    arrived_at = models.DateTimeField("到院时间", null=True, blank=True)
    completed_at = models.DateTimeField("完成时间", null=True, blank=True)
    cancelled_at = models.DateTimeField("取消时间", null=True, blank=True)
    cancelled_by = models.ForeignKey(STAFF, models.PROTECT, null=True, blank=True, related_name="+",
                                     verbose_name="取消人")
    cancel_reason = models.CharField("取消原因", max_length=200, blank=True, default="")

    objects = RestrictedManager()
    scope_owner_field = ("created_by_id", "customer__consultant_id", "customer__online_consultant_id")
    scope_unit_field = "org_unit_id"

    class Meta:
        verbose_name = "预约"
        verbose_name_plural = verbose_name
        ordering = ["starts_at", "id"]
        indexes = [
            models.Index(fields=["starts_at", "id"], name="appointment_by_start"),
            models.Index(fields=["customer", "-starts_at"], name="appointment_by_customer"),
            models.Index(fields=["starts_at"], name="appointment_open_by_start",
                         condition=Q(status__in=["pending", "confirmed"])),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(ends_at__gt=F("starts_at")), name="appointment_end_after_start",
                                   violation_error_message="结束时间须晚于开始时间。"),
        ]

    def __str__(self) -> str:
        return self.number


class AppointmentLine(ChangeLoggedModel):
    """A line of a booking: what (an item, or free text for a consultation), who, where and when. Moves are in the
    change log (before and after)."""

    appointment = models.ForeignKey(Appointment, models.CASCADE, related_name="lines", verbose_name="预约")
    item = models.ForeignKey("catalog.TreatmentItem", models.SET_NULL, null=True, blank=True, related_name="+",
                             verbose_name="项目")
    item_name = models.CharField("项目名称", max_length=64, blank=True, default="")
    title = models.CharField("内容", max_length=100, blank=True, default="")
    staff = models.ForeignKey(STAFF, models.PROTECT, related_name="appointment_lines", verbose_name="员工")
    resource = models.ForeignKey(Resource, models.PROTECT, null=True, blank=True, related_name="lines",
                                 verbose_name="房间/设备")
    start = models.DateTimeField("开始时间")
    end = models.DateTimeField("结束时间")
    recheck_of = models.ForeignKey("sales.Deduction", models.SET_NULL, null=True, blank=True, related_name="+",
                                   verbose_name="复查的治疗")
    recheck_doctor = models.ForeignKey(STAFF, models.SET_NULL, null=True, blank=True, related_name="+",
                                       verbose_name="指定复查医生")
    # False once the booking is cancelled or missed: the line no longer holds its staff, room or device.
    active = models.BooleanField("占用时间", default=True)
    sort = models.PositiveSmallIntegerField("序号", default=0)

    objects = RestrictedManager()
    scope_owner_field = ("staff_id", "appointment__created_by_id", "appointment__customer__consultant_id",
                         "appointment__customer__online_consultant_id")
    scope_unit_field = "appointment__org_unit_id"

    class Meta:
        verbose_name = "预约明细"
        verbose_name_plural = verbose_name
        ordering = ["start", "sort", "id"]
        indexes = [
            models.Index(fields=["staff", "start"], name="appt_line_staff_busy", condition=Q(active=True)),
            models.Index(fields=["resource", "start"], name="appt_line_resource_busy",
                         condition=Q(active=True, resource__isnull=False)),
            models.Index(fields=["start"], name="appt_line_by_start"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(end__gt=F("start")), name="appointment_line_end_after_start",
                                   violation_error_message="结束时间须晚于开始时间。"),
        ]

    def __str__(self) -> str:
        return f"{self.appointment_id}:{self.staff_id}@{self.start:%Y-%m-%d %H:%M}"


class BookingLock(models.Model):
    """One row per (staff member, room or device) and local day, locked (in key order) by every booking or move
    that touches that day before it checks for conflicts: two clerks booking the same slot serialise here, so
    exactly one of them sees the slot free."""

    key = models.CharField("对象", max_length=24)  # "staff:12" or "resource:3"
    day = models.DateField("日期")
    touched_at = models.DateTimeField("最近预约", null=True)

    class Meta:
        verbose_name = "预约锁"
        verbose_name_plural = verbose_name
        constraints = [models.UniqueConstraint(fields=["key", "day"], name="booking_lock_unique")]

    def __str__(self) -> str:
        return f"{self.key}@{self.day}"
