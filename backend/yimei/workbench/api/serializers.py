"""The workbench's answer, described for the OpenAPI schema (and the generated front-end types). Read only:
the selectors build the figures, these shapes render them (amounts as strings, times with their offset)."""

from __future__ import annotations

from rest_framework import serializers

from yimei.appointments.choices import AppointmentStatus, AppointmentType
from yimei.customers.choices import TriageTarget, VisitKind, VisitStatus
from yimei.followups.choices import Method
from yimei.sales.choices import DiscountStatus, OrderStatus, PaymentModeKind
from yimei.workbench.choices import View

MONEY = {"max_digits": 14, "decimal_places": 2}


def link_field() -> serializers.CharField:
    return serializers.CharField(allow_null=True, label="链接", help_text="控制台中该数字背后的列表（路由加查询参数）")


class WorkbenchCountSerializer(serializers.Serializer):
    value = serializers.IntegerField(label="数量")
    link = link_field()


class WorkbenchAmountSerializer(WorkbenchCountSerializer):
    amount = serializers.DecimalField(**MONEY, label="金额（元）")


class WorkbenchSessionsSerializer(WorkbenchCountSerializer):
    sessions = serializers.IntegerField(label="次数")


class WorkbenchTrendSerializer(serializers.Serializer):
    value = serializers.IntegerField(label="今天")
    yesterday = serializers.IntegerField(label="昨天")
    last_week = serializers.IntegerField(label="上周同日")
    amount = serializers.DecimalField(**MONEY, allow_null=True, label="今天金额（元）")
    yesterday_amount = serializers.DecimalField(**MONEY, allow_null=True, label="昨天金额（元）")
    last_week_amount = serializers.DecimalField(**MONEY, allow_null=True, label="上周同日金额（元）")
    link = link_field()


class WorkbenchCustomerSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    phone = serializers.CharField(label="手机号（已脱敏）")


class WorkbenchStaffSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


class WorkbenchViewRefSerializer(serializers.Serializer):
    code = serializers.ChoiceField(choices=View.choices)
    name = serializers.CharField()


# --- reception ----------------------------------------------------------------------------------------------


class WorkbenchAppointmentStatusCountSerializer(WorkbenchCountSerializer):
    status = serializers.ChoiceField(choices=AppointmentStatus.choices)
    status_display = serializers.CharField()


class WorkbenchVisitStatusCountSerializer(WorkbenchCountSerializer):
    status = serializers.ChoiceField(choices=VisitStatus.choices)
    status_display = serializers.CharField()


class WorkbenchAppointmentSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    number = serializers.CharField()
    type = serializers.ChoiceField(choices=AppointmentType.choices)
    type_display = serializers.CharField()
    status = serializers.ChoiceField(choices=AppointmentStatus.choices)
    status_display = serializers.CharField()
    starts_at = serializers.DateTimeField()
    ends_at = serializers.DateTimeField()
    is_late = serializers.BooleanField(label="已过预约时间")
    customer = WorkbenchCustomerSerializer()
    staff = serializers.ListField(child=serializers.CharField(), label="员工")
    items = serializers.ListField(child=serializers.CharField(), label="项目/内容")
    link = link_field()


class WorkbenchVisitSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    customer = WorkbenchCustomerSerializer()
    arrived_at = serializers.DateTimeField()
    waited_minutes = serializers.IntegerField(label="到院至今（分钟）")
    status = serializers.ChoiceField(choices=VisitStatus.choices)
    status_display = serializers.CharField()
    kind = serializers.ChoiceField(choices=VisitKind.choices)
    kind_display = serializers.CharField()
    triage_target = serializers.ChoiceField(choices=TriageTarget.choices, allow_blank=True)
    triage_target_display = serializers.CharField()
    consultant = WorkbenchStaffSerializer(allow_null=True)
    doctor = WorkbenchStaffSerializer(allow_null=True)
    link = link_field()


class WorkbenchReceptionAppointmentsSerializer(serializers.Serializer):
    total = WorkbenchCountSerializer(label="今日预约（不含已取消）")
    late = WorkbenchCountSerializer(label="已过预约时间仍未到院")
    by_status = WorkbenchAppointmentStatusCountSerializer(many=True)
    upcoming = WorkbenchAppointmentSerializer(many=True, label="待到院（按时间，已过时间的在前）")


class WorkbenchArrivalsSerializer(serializers.Serializer):
    total = WorkbenchCountSerializer(label="今日到院")
    new = WorkbenchCountSerializer(label="初诊")
    returning = WorkbenchCountSerializer(label="老客户")


class WorkbenchWaitingSerializer(serializers.Serializer):
    total = WorkbenchCountSerializer(label="在院")
    by_status = WorkbenchVisitStatusCountSerializer(many=True)
    rows = WorkbenchVisitSerializer(many=True)


class WorkbenchReceptionSerializer(serializers.Serializer):
    appointments = WorkbenchReceptionAppointmentsSerializer(allow_null=True)
    arrivals = WorkbenchArrivalsSerializer(allow_null=True)
    waiting = WorkbenchWaitingSerializer(allow_null=True)


# --- consultant ---------------------------------------------------------------------------------------------


class WorkbenchVisitsSerializer(serializers.Serializer):
    total = WorkbenchCountSerializer()
    rows = WorkbenchVisitSerializer(many=True)


class WorkbenchTaskSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    customer = WorkbenchCustomerSerializer()
    due_on = serializers.DateField()
    due_at = serializers.TimeField(allow_null=True)
    method = serializers.ChoiceField(choices=Method.choices)
    method_display = serializers.CharField()
    purpose = serializers.CharField()
    is_overdue = serializers.BooleanField()
    overdue_days = serializers.IntegerField()
    rule = serializers.CharField(label="自动规则")
    source = serializers.CharField(label="来源")
    link = link_field()


class WorkbenchFollowupsSerializer(serializers.Serializer):
    due_today = WorkbenchCountSerializer(label="今日待回访")
    overdue = WorkbenchCountSerializer(label="已逾期")
    done_today = WorkbenchCountSerializer(label="今日已完成")
    rows = WorkbenchTaskSerializer(many=True, label="逾期与今日的回访（最早的在前）")


class WorkbenchDealsSerializer(serializers.Serializer):
    today = WorkbenchAmountSerializer(label="今日成交")
    month = WorkbenchAmountSerializer(label="本月成交")


class WorkbenchConsultantSerializer(serializers.Serializer):
    here_today = WorkbenchVisitsSerializer(allow_null=True, label="我的客户今日在院")
    followups = WorkbenchFollowupsSerializer(allow_null=True)
    deals = WorkbenchDealsSerializer(allow_null=True)


# --- clinician ----------------------------------------------------------------------------------------------


class WorkbenchTreatmentSerializer(serializers.Serializer):
    id = serializers.IntegerField(label="预约明细")
    appointment = serializers.IntegerField()
    number = serializers.CharField()
    start = serializers.DateTimeField()
    end = serializers.DateTimeField()
    subject = serializers.CharField(label="项目/内容")
    type = serializers.ChoiceField(choices=AppointmentType.choices)
    type_display = serializers.CharField()
    status = serializers.ChoiceField(choices=AppointmentStatus.choices)
    status_display = serializers.CharField()
    customer = WorkbenchCustomerSerializer()
    resource = serializers.CharField(label="房间/设备")
    link = link_field()


class WorkbenchTreatmentsSerializer(serializers.Serializer):
    total = WorkbenchCountSerializer()
    rows = WorkbenchTreatmentSerializer(many=True)


class WorkbenchClinicianSerializer(serializers.Serializer):
    treatments = WorkbenchTreatmentsSerializer(allow_null=True, label="我今天的预约治疗")
    deductions = WorkbenchSessionsSerializer(allow_null=True, label="我今天的划扣")
    pending_deductions = WorkbenchVisitsSerializer(allow_null=True, label="待划扣")
    unsigned = WorkbenchCountSerializer(allow_null=True, label="近 30 天未签名的划扣")


# --- cashier ------------------------------------------------------------------------------------------------


class WorkbenchOrderSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    number = serializers.CharField()
    status = serializers.ChoiceField(choices=OrderStatus.choices)
    status_display = serializers.CharField()
    discount_status = serializers.ChoiceField(choices=DiscountStatus.choices)
    created_at = serializers.DateTimeField()
    customer = WorkbenchCustomerSerializer()
    consultant = serializers.CharField()
    total_amount = serializers.DecimalField(**MONEY)
    paid_amount = serializers.DecimalField(**MONEY)
    outstanding_amount = serializers.DecimalField(**MONEY, label="待收（元）")
    link = link_field()


class WorkbenchOpenOrdersSerializer(serializers.Serializer):
    unpaid = WorkbenchAmountSerializer(label="待收款")
    part_paid = WorkbenchAmountSerializer(label="部分收款")
    debts = WorkbenchAmountSerializer(label="欠款")
    rows = WorkbenchOrderSerializer(many=True, label="待收的订单（最早的在前）")


class WorkbenchTakingModeSerializer(serializers.Serializer):
    mode = serializers.IntegerField()
    name = serializers.CharField()
    kind = serializers.ChoiceField(choices=PaymentModeKind.choices)
    received_amount = serializers.DecimalField(**MONEY)
    refunded_amount = serializers.DecimalField(**MONEY)
    net_amount = serializers.DecimalField(**MONEY)
    count = serializers.IntegerField()


class WorkbenchTakingsSerializer(serializers.Serializer):
    modes = WorkbenchTakingModeSerializer(many=True)
    received_amount = serializers.DecimalField(**MONEY, label="实收（不含储值、定金抵扣与欠款）")
    refunded_amount = serializers.DecimalField(**MONEY)
    net_amount = serializers.DecimalField(**MONEY)
    payment_count = serializers.IntegerField()
    link = link_field()


class WorkbenchCashierSerializer(serializers.Serializer):
    orders = WorkbenchOpenOrdersSerializer(allow_null=True)
    takings = WorkbenchTakingsSerializer(allow_null=True, label="今日收款")


# --- director -----------------------------------------------------------------------------------------------


class WorkbenchDirectorSerializer(serializers.Serializer):
    yesterday = serializers.DateField()
    last_week = serializers.DateField(label="上周同日")
    appointments = WorkbenchTrendSerializer(allow_null=True, label="预约")
    consultations = WorkbenchTrendSerializer(allow_null=True, label="咨询")
    arrivals = WorkbenchTrendSerializer(allow_null=True, label="到院")
    arrivals_new = WorkbenchTrendSerializer(allow_null=True, label="初诊")
    arrivals_returning = WorkbenchTrendSerializer(allow_null=True, label="老客户")
    takings = WorkbenchTrendSerializer(allow_null=True, label="收款（笔数、实收净额）")
    deductions = WorkbenchTrendSerializer(allow_null=True, label="划扣（笔数、划扣金额）")
    followups_done = WorkbenchTrendSerializer(allow_null=True, label="完成回访")


class WorkbenchSerializer(serializers.Serializer):
    date = serializers.DateField(label="今天（北京时间）")
    generated_at = serializers.DateTimeField()
    views = WorkbenchViewRefSerializer(many=True, label="可查看的工作台")
    reception = WorkbenchReceptionSerializer(allow_null=True)
    consultant = WorkbenchConsultantSerializer(allow_null=True)
    clinician = WorkbenchClinicianSerializer(allow_null=True)
    cashier = WorkbenchCashierSerializer(allow_null=True)
    director = WorkbenchDirectorSerializer(allow_null=True)
