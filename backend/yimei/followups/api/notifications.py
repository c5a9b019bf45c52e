"""The notification bell API: a staff member's own notifications only (no permission code beyond being logged in)."""

from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import QuerySet
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from yimei.core.api import AuditedMixin
from yimei.core.permissions import AUTHENTICATED
from yimei.followups import notifications
from yimei.followups.api import serializers as s
from yimei.followups.models import Notification


class NotificationFilter(django_filters.FilterSet):
    unread = django_filters.BooleanFilter(field_name="read_at", lookup_expr="isnull", label="只看未读")

    class Meta:
        model = Notification
        fields: list[str] = []


class NotificationViewSet(AuditedMixin, mixins.ListModelMixin, viewsets.GenericViewSet):
    """我的通知."""

    serializer_class = s.NotificationSerializer
    filterset_class = NotificationFilter
    filter_backends = [DjangoFilterBackend]
    permission_code = AUTHENTICATED
    audit_module = "followups"

    def get_queryset(self) -> QuerySet:
        return Notification.objects.filter(user_id=self.request.user.pk).order_by("-created_at", "-id")

    @extend_schema(summary="我的通知", description="最新的在前；unread=true 只看未读。")
    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().list(request, *args, **kwargs)

    @extend_schema(responses=s.NotificationCountSerializer, summary="未读通知数", filters=False)
    @action(detail=False, methods=["get"], url_path="unread-count", filter_backends=[], pagination_class=None)
    def unread_count(self, request: Request) -> Response:
        return Response({"count": notifications.unread_count(request.user)})

    @extend_schema(request=None, responses=s.NotificationSerializer, summary="标记为已读")
    @action(detail=True, methods=["post"], filter_backends=[])
    def read(self, request: Request, pk: str) -> Response:
        self.audit_object = notification = notifications.mark_read(self.get_object())
        return Response(s.NotificationSerializer(notification).data)

    @extend_schema(request=None, responses=s.NotificationCountSerializer, summary="全部标记为已读")
    @action(detail=False, methods=["post"], url_path="read-all", filter_backends=[])
    def read_all(self, request: Request) -> Response:
        return Response({"count": notifications.mark_all_read(request.user)})


def register(router: Any) -> None:
    router.register("notifications", NotificationViewSet, basename="notification")
