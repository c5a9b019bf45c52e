"""Tencent Cloud SMS, API 3.0 (version 2021-01-11): JSON POSTs signed with TC3-HMAC-SHA256.

Signing: the canonical request is ``POST \\n <path> \\n <query> \\n content-type:…\\nhost:…\\n \\n content-type;host
\\n sha256(body)``; the string to sign is ``TC3-HMAC-SHA256 \\n <timestamp> \\n <date>/sms/tc3_request \\n
sha256(canonical request)``; the key is derived as HMAC(HMAC(HMAC("TC3"+SecretKey, date), "sms"),
"tc3_request") and the signature is the hex HMAC of the string to sign. ``date`` is the UTC date of the
timestamp. Action, version, timestamp and region travel in ``X-TC-*`` headers.

``SendSms`` carries ``SessionContext`` = our message id; after a worker died mid-send
``PullSmsSendStatusByPhoneNumber`` (by number and time range) tells whether Tencent already took it.
"""

from __future__ import annotations

import datetime
import hashlib
import hmac
import json
import time
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings

from yimei.notify.channels.base import (
    Channel,
    Outcome,
    SendResult,
    TransportError,
    http_request,
    transport_result,
)

API_VERSION = "2021-01-11"
SERVICE = "sms"
CONTENT_TYPE = "application/json; charset=utf-8"

RETRYABLE_PREFIXES = ("InternalError", "RequestLimitExceeded", "LimitExceeded.PhoneNumberThirtySecondLimit",
                      "LimitExceeded.PhoneNumberOneHourLimit", "LimitExceeded.DeliveryFrequencyLimit",
                      "ResourceUnavailable", "FailedOperation.FailResolvePacket")
MESSAGES_ZH = {
    "AuthFailure.SignatureFailure": "签名错误，请检查 SecretKey",
    "AuthFailure.SecretIdNotFound": "SecretId 不存在",
    "AuthFailure.SignatureExpire": "签名已过期（服务器时间不准？）",
    "InvalidParameterValue.IncorrectPhoneNumber": "手机号码格式错误",
    "FailedOperation.PhoneNumberInBlacklist": "号码在黑名单中（用户曾退订）",
    "FailedOperation.TemplateIncorrectOrUnapproved": "短信模板不存在或未审核通过",
    "FailedOperation.SignatureIncorrectOrUnapproved": "短信签名不存在或未审核通过",
    "FailedOperation.InsufficientBalanceInSmsPackage": "套餐包余量不足",
    "LimitExceeded.PhoneNumberDailyLimit": "该号码当日短信已达上限",
    "LimitExceeded.PhoneNumberThirtySecondLimit": "同一号码 30 秒内发送过于频繁",
    "LimitExceeded.PhoneNumberOneHourLimit": "同一号码 1 小时内发送过于频繁",
}


def _sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _hmac(key: bytes, msg: str) -> bytes:
    return hmac.new(key, msg.encode(), hashlib.sha256).digest()


def authorization(*, secret_id: str, secret_key: str, host: str, path: str, payload: bytes, timestamp: int,
                  service: str = SERVICE, content_type: str = CONTENT_TYPE, query: str = "") -> str:
    date = datetime.datetime.fromtimestamp(timestamp, datetime.UTC).strftime("%Y-%m-%d")
    canonical_request = "\n".join([
        "POST", path or "/", query, f"content-type:{content_type}\nhost:{host}\n", "content-type;host",
        _sha256_hex(payload),
    ])
    scope = f"{date}/{service}/tc3_request"
    string_to_sign = "\n".join(["TC3-HMAC-SHA256", str(timestamp), scope,
                                _sha256_hex(canonical_request.encode())])
    key = _hmac(_hmac(_hmac(f"TC3{secret_key}".encode(), date), service), "tc3_request")
    signature = hmac.new(key, string_to_sign.encode(), hashlib.sha256).hexdigest()
    return (f"TC3-HMAC-SHA256 Credential={secret_id}/{scope}, SignedHeaders=content-type;host, "
            f"Signature={signature}")


def call(action: str, params: dict[str, Any], config: Any) -> tuple[int, dict[str, Any]]:
    url = settings.NOTIFY_TENCENT_SMS_URL
    parts = urlsplit(url)
    payload = json.dumps(params, ensure_ascii=False, separators=(",", ":")).encode()
    timestamp = int(time.time())
    headers = {
        "Authorization": authorization(secret_id=config.tencent_secret_id, secret_key=config.tencent_secret_key,
                                       host=parts.netloc.lower(), path=parts.path or "/", payload=payload,
                                       timestamp=timestamp),
        "Content-Type": CONTENT_TYPE,
        "Host": parts.netloc,
        "X-TC-Action": action,
        "X-TC-Version": API_VERSION,
        "X-TC-Timestamp": str(timestamp),
        "X-TC-Region": config.tencent_region or "ap-guangzhou",
    }
    reply = http_request("POST", url, body=payload, headers=headers)
    return reply.status, reply.json().get("Response") or {}


def _explain(code: str, message: str) -> str:
    zh = MESSAGES_ZH.get(code)
    return f"{zh}（{message}）" if zh and message else zh or message or "服务商未说明原因"


def _retryable(code: str) -> bool:
    return code.startswith(RETRYABLE_PREFIXES)


class TencentSms(Channel):
    name = "tencent"
    can_lookup = True

    def send(self, message: Any, config: Any) -> SendResult:
        template_id = (message.payload or {}).get("template_id", "")
        if not template_id:
            return SendResult(Outcome.FAILED, provider_code="template",
                              provider_message="短信模板未填写腾讯云模板 ID，请在消息模板页面填写后重试。")
        params = {
            "PhoneNumberSet": [f"+86{message.recipient_phone}"],
            "SmsSdkAppId": config.tencent_sdk_app_id,
            "SignName": config.tencent_sign_name,
            "TemplateId": str(template_id),
            # Tencent's parameters are positional: in the order the variables appear in the template text.
            "TemplateParamSet": [str(v) for v in ((message.payload or {}).get("params") or {}).values()],
            "SessionContext": str(message.pk),
        }
        try:
            status, data = call("SendSms", params, config)
        except TransportError as error:
            return transport_result(error)
        error = data.get("Error")
        if error:
            code, text = str(error.get("Code", "")), str(error.get("Message", ""))
            outcome = Outcome.RETRY if _retryable(code) or status >= 500 else Outcome.FAILED
            return SendResult(outcome, provider_code=code, provider_message=_explain(code, text), raw=data)
        statuses = data.get("SendStatusSet") or []
        if not statuses:
            outcome = Outcome.RETRY if status >= 500 else Outcome.AMBIGUOUS
            return SendResult(outcome, provider_code=f"HTTP {status}", provider_message="服务商答复中没有发送状态",
                              raw=data)
        row = statuses[0]
        code = str(row.get("Code", ""))
        if code == "Ok":
            return SendResult(Outcome.SENT, provider_code=code, provider_message=str(row.get("Message", "")),
                              provider_message_id=str(row.get("SerialNo", "")), raw=data)
        outcome = Outcome.RETRY if _retryable(code) else Outcome.FAILED
        return SendResult(outcome, provider_code=code, provider_message=_explain(code, str(row.get("Message", ""))),
                          raw=data)

    def lookup(self, message: Any, config: Any) -> SendResult | None:
        since = message.doubt_since or message.updated_at
        begin = int(since.timestamp()) - 300 if since else int(time.time()) - 86400
        offset = 0
        while True:
            params = {"BeginTime": begin, "EndTime": int(time.time()) + 60, "Offset": offset, "Limit": 100,
                      "PhoneNumber": f"+86{message.recipient_phone}", "SmsSdkAppId": config.tencent_sdk_app_id}
            try:
                _status, data = call("PullSmsSendStatusByPhoneNumber", params, config)
            except TransportError as error:
                result = transport_result(error)
                result.outcome = Outcome.RETRY
                return result
            if data.get("Error"):
                error = data["Error"]
                return SendResult(Outcome.RETRY, provider_code=str(error.get("Code", "")),
                                  provider_message="查询发送状态失败：" + str(error.get("Message", "")), raw=data)
            rows = data.get("PullSmsSendStatusSet") or []
            for row in rows:
                if str(row.get("SessionContext", "")) == str(message.pk):
                    return SendResult(Outcome.SENT, provider_code="Ok", provider_message="查询确认腾讯云已收到",
                                      provider_message_id=str(row.get("SerialNo", "")), raw=row)
            if len(rows) < 100:
                return None
            offset += 100
