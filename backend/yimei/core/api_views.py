"""API views of the core: the liveness probe."""

from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response

from yimei.core.api import YimeiAPIView
from yimei.core.permissions import PUBLIC


class PingView(YimeiAPIView):
    """Liveness probe, and the benchmark's bare endpoint: the framework's floor (Django + REST framework)
    with no session, no authentication, no permission lookup and no database."""

    permission_code = PUBLIC
    authentication_classes: list = []
    throttle_classes: list = []

    @extend_schema(responses=inline_serializer("Ping", {"status": serializers.CharField()}), summary="存活检查")
    def get(self, request: Request) -> Response:
        return Response({"status": "ok"})
