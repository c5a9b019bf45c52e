"""Password rules (等保三级): at least 8 characters, three of four character classes, no username."""

from __future__ import annotations

import re
from typing import Any

from django.core.exceptions import ValidationError

_CLASSES = (re.compile(r"[A-Z]"), re.compile(r"[a-z]"), re.compile(r"\d"), re.compile(r"[^A-Za-z0-9]"))


class ComplexityValidator:
    def validate(self, password: str, user: Any = None) -> None:
        kinds = sum(1 for pattern in _CLASSES if pattern.search(password))
        if kinds < 3:
            raise ValidationError("密码须包含大写字母、小写字母、数字、符号中的至少三类。", code="password_too_simple")

    def get_help_text(self) -> str:
        return "密码须包含大写字母、小写字母、数字、符号中的至少三类。"


class NotContainingUsernameValidator:
    def validate(self, password: str, user: Any = None) -> None:
        username = (getattr(user, "username", "") or "").lower()
        if username and username in password.lower():
            raise ValidationError("密码不能包含用户名。", code="password_contains_username")

    def get_help_text(self) -> str:
        return "密码不能包含用户名。"
