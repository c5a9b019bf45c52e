"""The API's JSON parser: refuses text with NUL characters before any of it reaches a query.

PostgreSQL text cannot hold U+0000; a query that carries one fails mid-transaction, and nothing after it
(the audit row of the failure included) can run. Refusing it at the door gives the one error shape instead.
"""

from __future__ import annotations

from typing import Any

from rest_framework.parsers import JSONParser


def _has_nul(value: Any) -> bool:
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, dict):
        return any(_has_nul(k) or _has_nul(v) for k, v in value.items())
    if isinstance(value, list):
        return any(_has_nul(v) for v in value)
    return False


class CleanJSONParser(JSONParser):
    def parse(self, stream: Any, media_type: str | None = None, parser_context: dict | None = None) -> Any:
        data = super().parse(stream, media_type, parser_context)
        if _has_nul(data):
            from yimei.core.errors import BusinessError  # errors imports the API settings, which import this

            raise BusinessError("提交的文本中含有不可见的空字符（\\u0000），请删除后重试。", code="nul_character")
        return data
