from django.db import models


class ResourceKind(models.TextChoices):
    ROOM = "room", "房间"
    DEVICE = "device", "设备"


class ScheduleKind(models.TextChoices):
    WORK = "work", "上班"
    OFF = "off", "休息"
    LEAVE = "leave", "请假"


class AppointmentType(models.TextChoices):
    CONSULTATION = "consultation", "咨询"
    TREATMENT = "treatment", "治疗"
    RECHECK = "recheck", "复查"
    SURGERY = "surgery", "手术"


class AppointmentSource(models.TextChoices):
    PHONE = "phone", "电话预约"
    ONSITE = "onsite", "现场预约"
    ONLINE = "online", "网电咨询"
    WECHAT = "wechat", "微信"
    REFERRAL = "referral", "转介绍"
    OTHER = "other", "其他"


class AppointmentStatus(models.TextChoices):
    PENDING = "pending", "待确认"
    CONFIRMED = "confirmed", "已确认"
    ARRIVED = "arrived", "已到院"
    COMPLETED = "completed", "已完成"
    CANCELLED = "cancelled", "已取消"
    NO_SHOW = "no_show", "爽约"


# A booking in one of these may still be moved, confirmed, cancelled or checked in; its lines hold their time.
OPEN_STATUSES = (AppointmentStatus.PENDING, AppointmentStatus.CONFIRMED)
# Lines of bookings in these statuses no longer hold staff, rooms or devices.
RELEASED_STATUSES = (AppointmentStatus.CANCELLED, AppointmentStatus.NO_SHOW)


class Mode(models.TextChoices):
    BLOCK = "block", "禁止"
    WARN = "warn", "提醒，确认后可保存"
    OFF = "off", "不检查"
