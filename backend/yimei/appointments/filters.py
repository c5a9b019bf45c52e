"""Filters of the appointment list and export (the same query parameters for both)."""

from __future__ import annotations

from typing import Any

import django_filters
from django import forms
from django.db.models import Exists, OuterRef, QuerySet

from yimei.accounts.models import OrgUnit
from yimei.appointments.choices import AppointmentStatus, AppointmentType
from yimei.appointments.models import Appointment, AppointmentLine
from yimei.customers.api.visits import IdFilter, LocalDateRangeFilterSet, date_from, date_to


class IdListField(forms.CharField):
    """"1,2,3" → [1, 2, 3] (at most 100 ids); anything else is a 400 with a message."""

    def clean(self, value: Any) -> list[int] | None:
        value = super().clean(value)
        if not value:
            return None
        parts = [p.strip() for p in str(value).split(",") if p.strip()]
        if len(parts) > 100 or not all(p.isdigit() and 0 < int(p) < 2**63 for p in parts):
            raise forms.ValidationError("请填写以逗号分隔的编号，如 1,2,3。")
        return [int(p) for p in parts]


class IdListFilter(django_filters.Filter):
    field_class = IdListField


class AppointmentFilter(LocalDateRangeFilterSet):
    date_from = date_from("starts_at", "预约日期起")
    date_to = date_to("starts_at", "预约日期止")
    status = django_filters.MultipleChoiceFilter(choices=AppointmentStatus.choices, label="状态")
    type = django_filters.MultipleChoiceFilter(choices=AppointmentType.choices, label="类型")
    customer = IdFilter(field_name="customer_id", label="客户")
    staff = IdListFilter(method="filter_lines", label="员工（逗号分隔）")
    resource = IdListFilter(method="filter_lines", label="房间/设备（逗号分隔）")
    item = IdListFilter(method="filter_lines", label="项目（逗号分隔）")
    org_unit = IdFilter(method="filter_org_unit", label="科室/小组（含下级）")
    number = django_filters.CharFilter(field_name="number", lookup_expr="startswith", label="预约号前缀")

    class Meta:
        model = Appointment
        fields: list[str] = []

    def filter_lines(self, queryset: QuerySet, name: str, value: list[int] | None) -> QuerySet:
        if not value:
            return queryset
        lines = AppointmentLine.objects.filter(appointment_id=OuterRef("pk"), **{f"{name}_id__in": value})
        return queryset.filter(Exists(lines))

    def filter_org_unit(self, queryset: QuerySet, name: str, value: int | None) -> QuerySet:
        if not value:
            return queryset
        unit = OrgUnit.objects.filter(pk=value).only("path").first()
        if unit is None:
            return queryset.none()
        return queryset.filter(org_unit__path__startswith=unit.path)
