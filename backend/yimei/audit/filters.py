import django_filters
from django import forms

from yimei.audit.models import ChangeLog, LoginLog, OperationLog


class IPAddressFilter(django_filters.Filter):
    """An exact IP address; anything else is a 400 with a message, before it reaches the database."""

    field_class = forms.GenericIPAddressField


class _TimeRange(django_filters.FilterSet):
    created_after = django_filters.IsoDateTimeFilter(field_name="created_at", lookup_expr="gte", label="开始时间")
    created_before = django_filters.IsoDateTimeFilter(field_name="created_at", lookup_expr="lte", label="结束时间")


class OperationLogFilter(_TimeRange):
    ip = IPAddressFilter(label="IP 地址")

    class Meta:
        model = OperationLog
        fields = ["operator", "module", "action", "result", "ip", "request_id"]


class ChangeLogFilter(_TimeRange):
    class Meta:
        model = ChangeLog
        fields = ["operator", "action", "object_type", "object_id", "request_id"]


class LoginLogFilter(_TimeRange):
    ip = IPAddressFilter(label="IP 地址")

    class Meta:
        model = LoginLog
        fields = ["username", "event", "ip"]
