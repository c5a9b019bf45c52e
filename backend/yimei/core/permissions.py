"""Function permissions for every API view, failing closed.

A view names the permission code of each action in ``permission_codes`` (``{"list": "accounts.staff.view",
...}``) or one ``permission_code`` for all its methods. ``AUTHENTICATED`` means any logged-in staff member
(their own profile, logout); ``PUBLIC`` means no login (the login form, health checks). A view or action
with no code is refused, so an endpoint cannot be added without a permission.
"""

from __future__ import annotations

from typing import Any

from rest_framework import exceptions
from rest_framework.permissions import BasePermission

AUTHENTICATED = "@authenticated"
PUBLIC = "@public"


def required_code(view: Any, request: Any) -> str | None:
    codes = getattr(view, "permission_codes", None)
    if codes:
        action = getattr(view, "action", None) or (request.method or "").lower()
        return codes.get(action)
    return getattr(view, "permission_code", None)


class PasswordChangeRequired(exceptions.PermissionDenied):
    yimei_code = "password_change_required"
    default_detail = "您的密码需要修改（首次登录、重置后或已超过有效期），请先修改密码。"


class MissingPermission(exceptions.PermissionDenied):
    yimei_code = "permission_denied"

    def __init__(self, code: str):
        super().__init__(f"您没有执行该操作的权限（{code}），请联系安全管理员。")


class HasFunctionPermission(BasePermission):
    def has_permission(self, request: Any, view: Any) -> bool:
        code = required_code(view, request)
        if code == PUBLIC:
            return True
        user = request.user
        if not user or not user.is_authenticated:
            raise exceptions.NotAuthenticated()
        if code is None:
            raise MissingPermission("未配置")
        if user.password_change_required and not getattr(view, "allowed_before_password_change", False):
            raise PasswordChangeRequired()
        if code == AUTHENTICATED:
            return True
        from yimei.accounts.authz import get_access

        if not get_access(user).has(code):
            raise MissingPermission(code)
        return True
