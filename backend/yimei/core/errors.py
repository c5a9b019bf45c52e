"""The one error shape of the API: ``{"code", "message", "fields"?}`` with a message staff can act on.

Services raise ``BusinessError`` (or a subclass); the exception handler turns it, DRF's own exceptions
and Django's validation errors into that shape. Nothing below a 500 leaks a traceback.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import DataError, IntegrityError
from django.http import Http404
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler


class BusinessError(Exception):
    """A rule of the business was not met. Raised by services; rendered as a 4xx."""

    status_code = status.HTTP_400_BAD_REQUEST
    code = "invalid"

    def __init__(self, message: str, *, code: str | None = None, fields: dict[str, list[str]] | None = None,
                 status_code: int | None = None):
        super().__init__(message)
        self.message = message
        if code:
            self.code = code
        if status_code:
            self.status_code = status_code
        self.fields = fields


class OutOfScope(BusinessError):
    status_code = status.HTTP_403_FORBIDDEN
    code = "out_of_scope"

    def __init__(self, message: str = "该记录不在您的数据权限范围内，操作未保存。"):
        super().__init__(message)


class Protected(BusinessError):
    code = "protected"


class NotFound(BusinessError):
    status_code = status.HTTP_404_NOT_FOUND
    code = "not_found"

    def __init__(self, message: str = "记录不存在或您无权查看。"):
        super().__init__(message)


_DRF_MESSAGES: dict[type[exceptions.APIException], tuple[str, str]] = {
    exceptions.NotAuthenticated: ("not_authenticated", "请先登录。"),
    exceptions.AuthenticationFailed: ("authentication_failed", "身份验证失败，请重新登录。"),
    exceptions.PermissionDenied: ("permission_denied", "您没有执行该操作的权限。"),
    exceptions.NotFound: ("not_found", "记录不存在或您无权查看。"),
    exceptions.MethodNotAllowed: ("method_not_allowed", "不支持该请求方式。"),
    exceptions.NotAcceptable: ("not_acceptable", "无法提供所请求的格式。"),
    exceptions.UnsupportedMediaType: ("unsupported_media_type", "请求格式不受支持，请以 JSON 提交。"),
    exceptions.ParseError: ("parse_error", "请求内容不是有效的 JSON。"),
    exceptions.Throttled: ("throttled", "请求过于频繁，请稍后再试。"),
}


def _flatten(detail: Any) -> list[str]:
    if isinstance(detail, dict):
        return [m for value in detail.values() for m in _flatten(value)]
    if isinstance(detail, list):
        return [m for value in detail for m in _flatten(value)]
    return [str(detail)]


def _field_errors(detail: Any) -> dict[str, list[str]]:
    if not isinstance(detail, dict):
        return {"non_field_errors": _flatten(detail)}
    return {str(key): _flatten(value) for key, value in detail.items()}


def error_body(code: str, message: str, fields: dict[str, list[str]] | None = None) -> dict[str, Any]:
    body: dict[str, Any] = {"code": code, "message": message}
    if fields:
        body["fields"] = fields
    return body


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    if isinstance(exc, BusinessError):
        return Response(error_body(exc.code, exc.message, exc.fields), status=exc.status_code)
    if isinstance(exc, DjangoValidationError):
        fields = exc.message_dict if hasattr(exc, "error_dict") else {"non_field_errors": exc.messages}
        first = _flatten(fields)[0] if fields else "提交的数据有误。"
        return Response(error_body("invalid", first, fields), status=status.HTTP_400_BAD_REQUEST)
    if isinstance(exc, IntegrityError):
        return Response(
            error_body("conflict", "数据与已有记录冲突（可能已被他人修改或重复提交），请刷新后重试。"),
            status=status.HTTP_409_CONFLICT,
        )
    if isinstance(exc, DataError):
        # A value the database cannot hold (a NUL character, a number out of range): the input's fault.
        return Response(error_body("invalid", "输入包含无法处理的字符或超出范围的数值，请检查后重试。"),
                        status=status.HTTP_400_BAD_REQUEST)
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied()

    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.ValidationError):
        fields = _field_errors(exc.detail)
        messages = _flatten(exc.detail)
        message = messages[0] if len(messages) == 1 else f"提交的数据有 {len(messages)} 处错误，请检查标红的字段。"
        if set(fields) == {"non_field_errors"}:
            message = messages[0]
        response.data = error_body("invalid", message, fields)
        return response
    code, message = _DRF_MESSAGES.get(type(exc), (getattr(exc, "default_code", "error"), str(exc.detail)))
    if isinstance(exc, exceptions.PermissionDenied | exceptions.NotAuthenticated) and getattr(exc, "yimei_code", None):
        code, message = exc.yimei_code, str(exc.detail)
    if isinstance(exc, exceptions.Throttled) and exc.wait:
        message = f"请求过于频繁，请 {int(exc.wait) + 1} 秒后再试。"
    response.data = error_body(code, message)
    return response
