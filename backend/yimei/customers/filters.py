"""List filters of the customer file (query parameters)."""

from __future__ import annotations

from datetime import date, timedelta

import django_filters
from django.db.models import Exists, OuterRef, QuerySet
from rest_framework.filters import BaseFilterBackend

from yimei.customers.choices import Gender
from yimei.customers.models import Customer, CustomerTag
from yimei.customers.selectors import search_condition
from yimei.customers.visits import local_day_start


class NumberInFilter(django_filters.BaseInFilter, django_filters.NumberFilter):
    pass


class CustomerFilter(django_filters.FilterSet):
    source = NumberInFilter(field_name="source_id", label="来源渠道（可多选，逗号分隔）")
    consultant = NumberInFilter(field_name="consultant_id", label="现场咨询")
    online_consultant = NumberInFilter(field_name="online_consultant_id", label="网电咨询")
    tier = NumberInFilter(field_name="tier_id", label="会员等级")
    tags = NumberInFilter(method="filter_tags", label="标签（含任一）")
    gender = django_filters.ChoiceFilter(field_name="gender", choices=Gender.choices)
    first_visit_after = django_filters.DateFilter(field_name="first_visit_on", lookup_expr="gte")
    first_visit_before = django_filters.DateFilter(field_name="first_visit_on", lookup_expr="lte")
    last_visit_after = django_filters.DateFilter(field_name="last_visit_on", lookup_expr="gte")
    last_visit_before = django_filters.DateFilter(field_name="last_visit_on", lookup_expr="lte")
    created_after = django_filters.DateFilter(method="filter_created", label="建档日期起")
    created_before = django_filters.DateFilter(method="filter_created", label="建档日期止")
    marketing_consent = django_filters.BooleanFilter(field_name="marketing_consent")
    photo_consent = django_filters.BooleanFilter(field_name="photo_consent")
    no_consultant = django_filters.BooleanFilter(field_name="consultant", lookup_expr="isnull", label="未分配咨询")

    class Meta:
        model = Customer
        fields: list[str] = []

    def filter_created(self, queryset: QuerySet, name: str, value: date) -> QuerySet:
        # Local days as instants, so the index on created_at is used (a ::date cast would not use it).
        if name == "created_after":
            return queryset.filter(created_at__gte=local_day_start(value))
        return queryset.filter(created_at__lt=local_day_start(value + timedelta(days=1)))

    def filter_tags(self, queryset: QuerySet, name: str, value: list[int]) -> QuerySet:
        if not value:
            return queryset
        return queryset.filter(Exists(CustomerTag.objects.filter(customer_id=OuterRef("pk"), tag_id__in=value)))


class CustomerSearchFilter(BaseFilterBackend):
    """``?search=``: phone, last four digits, ID number, card number, name, pinyin or initials."""

    def filter_queryset(self, request, queryset, view):
        term = request.query_params.get("search", "").replace("\x00", "")
        if not term.strip():
            return queryset
        condition = search_condition(term[:64])
        return queryset.filter(condition) if condition is not None else queryset.none()

    def get_schema_operation_parameters(self, view):
        return [{"name": "search", "required": False, "in": "query",
                 "description": "姓名、拼音/首字母、手机号、手机尾号、身份证号或卡号", "schema": {"type": "string"}}]
