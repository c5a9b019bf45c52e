"""WeChat service-account template messages (``/cgi-bin/message/template/send``).

The access token comes from ``/cgi-bin/stable_token`` (the stable token does not invalidate the token other
holders use, so several workers refreshing at once is harmless) and is cached in the Django cache — Redis in
production, so every worker shares it — until shortly before it expires. When WeChat answers 40001, 40014 or
42001 the token is refreshed once and the message sent again; if another worker already refreshed it, its
token is taken instead of forcing yet another one.

WeChat has no API to ask whether a template message was delivered, so an answer that never came back
(timeout after the request was written) makes the message "unknown" rather than risking a second copy.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any
from urllib.parse import quote

from django.conf import settings
from django.core.cache import cache

from yimei.notify.channels.base import Channel, Outcome, SendResult, TransportError, http_request, transport_result

TOKEN_ERRORS = {40001, 40014, 42001}
RETRYABLE_ERRORS = {-1, 45009, 45011}
MESSAGES_ZH = {
    -1: "微信系统繁忙",
    40001: "access_token 无效",
    40003: "openid 无效",
    40013: "AppID 无效",
    40014: "access_token 不合法",
    40037: "模板 ID 无效",
    40125: "AppSecret 无效",
    40164: "调用接口的 IP 不在白名单中",
    42001: "access_token 已过期",
    43004: "客户未关注服务号",
    45009: "接口调用超过限额",
    45011: "接口调用过于频繁",
    47003: "模板参数不符合要求（字段超长或格式不对）",
}


class TokenError(Exception):
    def __init__(self, result: SendResult):
        super().__init__(result.provider_message)
        self.result = result


def _cache_key(config: Any) -> str:
    fingerprint = hashlib.sha256(f"{config.wechat_app_id}:{config.wechat_app_secret}".encode()).hexdigest()[:16]
    return f"notify:wechat-token:{config.wechat_app_id}:{fingerprint}"


def _explain(code: int, message: str) -> str:
    zh = MESSAGES_ZH.get(code)
    return f"{zh}（{code} {message}）" if zh else f"{code} {message}".strip()


def fetch_token(config: Any, *, force: bool = False) -> str:
    body = json.dumps({"grant_type": "client_credential", "appid": config.wechat_app_id,
                       "secret": config.wechat_app_secret, "force_refresh": force}).encode()
    try:
        reply = http_request("POST", f"{settings.NOTIFY_WECHAT_API_URL}/cgi-bin/stable_token", body=body,
                             headers={"Content-Type": "application/json"})
    except TransportError as error:
        result = transport_result(error)
        result.outcome = Outcome.RETRY  # asking for a token sends nothing to the customer
        raise TokenError(result) from error
    data = reply.json()
    token = data.get("access_token")
    if not token:
        code = int(data.get("errcode") or 0)
        outcome = Outcome.RETRY if code in RETRYABLE_ERRORS or reply.status >= 500 or not code else Outcome.FAILED
        reason = "获取 access_token 失败：" + _explain(code, str(data.get("errmsg", "")))
        raise TokenError(SendResult(outcome, provider_code=str(code or f"HTTP {reply.status}"), provider_message=reason,
                                    raw=data))
    expires_in = int(data.get("expires_in") or 7200)
    cache.set(_cache_key(config), token, timeout=max(60, expires_in - 300))
    return token


def access_token(config: Any) -> str:
    return cache.get(_cache_key(config)) or fetch_token(config)


def refresh_token(config: Any, stale: str) -> str:
    """A fresh token after WeChat refused ``stale``: another worker's newer one if it has already refreshed."""
    current = cache.get(_cache_key(config))
    if current and current != stale:
        return current
    cache.delete(_cache_key(config))
    return fetch_token(config, force=True)


class WechatTemplate(Channel):
    name = "wechat"
    can_lookup = False

    def send(self, message: Any, config: Any) -> SendResult:
        payload = message.payload or {}
        if not payload.get("template_id"):
            return SendResult(Outcome.FAILED, provider_code="template",
                              provider_message="微信模板未填写 template_id，请在消息模板页面填写后重试。")
        body = {"touser": message.recipient_openid, "template_id": payload["template_id"],
                "data": payload.get("data") or {}, "client_msg_id": f"yimei-{message.pk}"}
        if payload.get("url"):
            body["url"] = payload["url"]
        encoded = json.dumps(body, ensure_ascii=False).encode()
        try:
            token = access_token(config)
            data, status = self._post(token, encoded)
            if int(data.get("errcode") or 0) in TOKEN_ERRORS:
                token = refresh_token(config, token)
                data, status = self._post(token, encoded)
        except TokenError as error:
            return error.result
        except TransportError as error:
            return transport_result(error)
        code = int(data.get("errcode") or 0) if data else None
        if code == 0 and data.get("msgid") is not None:
            return SendResult(Outcome.SENT, provider_code="0", provider_message=str(data.get("errmsg", "ok")),
                              provider_message_id=str(data["msgid"]), raw=data)
        if code is None:
            outcome = Outcome.RETRY if status >= 500 else Outcome.AMBIGUOUS
            return SendResult(outcome, provider_code=f"HTTP {status}", provider_message="微信答复无法解析", raw={})
        outcome = Outcome.RETRY if code in RETRYABLE_ERRORS else Outcome.FAILED
        reason = _explain(code, str(data.get("errmsg", "")))
        return SendResult(outcome, provider_code=str(code), provider_message=reason, raw=data)

    def _post(self, token: str, body: bytes) -> tuple[dict[str, Any], int]:
        url = f"{settings.NOTIFY_WECHAT_API_URL}/cgi-bin/message/template/send?access_token={quote(token)}"
        reply = http_request("POST", url, body=body, headers={"Content-Type": "application/json"})
        return reply.json(), reply.status
