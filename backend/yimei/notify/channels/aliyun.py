"""Aliyun SMS (dysmsapi, API version 2017-05-25) over its RPC protocol: every call is an HTTP request whose
parameters are signed with HMAC-SHA1 (SignatureVersion 1.0).

Signing: percent-encode every parameter name and value (RFC 3986: only ``A-Z a-z 0-9 - _ . ~`` stay, space is
``%20``), sort by name, join as ``k=v&k=v``; the string to sign is
``METHOD & percentEncode("/") & percentEncode(that query)``; the key is ``AccessKeySecret + "&"``; the
signature is base64 of the HMAC. ``SignatureNonce`` is unique per request (the API refuses a reused nonce)
and ``Timestamp`` is UTC ``YYYY-MM-DDThh:mm:ssZ``.

``SendSms`` carries ``OutId`` = our message id, so after a worker died mid-send ``QuerySendDetails`` (by phone
number and send date) tells whether Aliyun already took the message.
"""

from __future__ import annotations

import base64
import datetime
import hashlib
import hmac
import json
import uuid
from typing import Any
from urllib.parse import quote

from django.conf import settings
from django.utils import timezone

from yimei.notify.channels.base import (
    Channel,
    Outcome,
    SendResult,
    TransportError,
    http_request,
    transport_result,
)

API_VERSION = "2017-05-25"

# Codes worth trying again later; everything else needs a person (wrong number, template, signature, key …).
RETRYABLE_CODES = {
    "isv.BUSINESS_LIMIT_CONTROL",  # flow control per number (1/min, 5/h, 10/day …)
    "Throttling", "Throttling.User", "Throttling.Api", "SignatureNonceUsed",
    "isp.SYSTEM_ERROR", "isp.RAM_PERMISSION_DENY_TIMEOUT", "ServiceUnavailable", "InternalError",
    "isv.OUT_OF_SERVICE",
}
MESSAGES_ZH = {
    "isv.MOBILE_NUMBER_ILLEGAL": "手机号码格式错误",
    "isv.BUSINESS_LIMIT_CONTROL": "触发短信流控（同一号码发送过于频繁）",
    "SignatureDoesNotMatch": "签名不匹配，请检查 AccessKey Secret",
    "InvalidAccessKeyId.NotFound": "AccessKey ID 不存在",
    "isv.SMS_TEMPLATE_ILLEGAL": "短信模板不存在或未审核通过",
    "isv.SMS_SIGNATURE_ILLEGAL": "短信签名不存在或未审核通过",
    "isv.TEMPLATE_MISSING_PARAMETERS": "模板变量缺少对应参数值",
    "isv.AMOUNT_NOT_ENOUGH": "账户余额不足",
}


def percent_encode(value: str) -> str:
    return quote(str(value), safe="-_.~")


def canonical_query(params: dict[str, str]) -> str:
    return "&".join(f"{percent_encode(k)}={percent_encode(v)}" for k, v in sorted(params.items()))


def signature(params: dict[str, str], secret: str, method: str = "POST") -> str:
    string_to_sign = f"{method}&{percent_encode('/')}&{percent_encode(canonical_query(params))}"
    digest = hmac.new(f"{secret}&".encode(), string_to_sign.encode(), hashlib.sha1).digest()
    return base64.b64encode(digest).decode()


def signed_params(action: str, params: dict[str, str], *, key_id: str, secret: str, method: str = "POST",
                  now: datetime.datetime | None = None, nonce: str | None = None) -> dict[str, str]:
    now = now or timezone.now()
    common = {
        "AccessKeyId": key_id,
        "Action": action,
        "Format": "JSON",
        "RegionId": "cn-hangzhou",
        "SignatureMethod": "HMAC-SHA1",
        "SignatureNonce": nonce or uuid.uuid4().hex,
        "SignatureVersion": "1.0",
        "Timestamp": now.astimezone(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "Version": API_VERSION,
    }
    all_params = {**common, **{k: str(v) for k, v in params.items()}}
    return {**all_params, "Signature": signature(all_params, secret, method)}


def call(action: str, params: dict[str, str], config: Any) -> tuple[int, dict[str, Any]]:
    signed = signed_params(action, params, key_id=config.aliyun_access_key_id,
                           secret=config.aliyun_access_key_secret)
    body = canonical_query(signed).encode()
    reply = http_request("POST", settings.NOTIFY_ALIYUN_SMS_URL, body=body,
                         headers={"Content-Type": "application/x-www-form-urlencoded", "Accept": "application/json"})
    return reply.status, reply.json()


def _explain(code: str, message: str) -> str:
    zh = MESSAGES_ZH.get(code)
    return f"{zh}（{message}）" if zh and message else zh or message or "服务商未说明原因"


class AliyunSms(Channel):
    name = "aliyun"
    can_lookup = True

    def send(self, message: Any, config: Any) -> SendResult:
        template_code = (message.payload or {}).get("template_id", "")
        if not template_code:
            return SendResult(Outcome.FAILED, provider_code="template",
                              provider_message="短信模板未填写阿里云模板 CODE，请在消息模板页面填写后重试。")
        params = {
            "PhoneNumbers": message.recipient_phone,
            "SignName": config.aliyun_sign_name,
            "TemplateCode": template_code,
            "TemplateParam": json.dumps((message.payload or {}).get("params", {}), ensure_ascii=False),
            "OutId": str(message.pk),
        }
        try:
            status, data = call("SendSms", params, config)
        except TransportError as error:
            return transport_result(error)
        code = str(data.get("Code", ""))
        text = _explain(code, str(data.get("Message", "")))
        if code == "OK":
            return SendResult(Outcome.SENT, provider_code=code, provider_message=str(data.get("Message", "")),
                              provider_message_id=str(data.get("BizId", "")), raw=data)
        if status >= 500 or code in RETRYABLE_CODES or not code:
            return SendResult(Outcome.RETRY, provider_code=code or f"HTTP {status}", provider_message=text, raw=data)
        return SendResult(Outcome.FAILED, provider_code=code, provider_message=text, raw=data)

    def lookup(self, message: Any, config: Any) -> SendResult | None:
        since = message.doubt_since or message.updated_at or timezone.now()
        first = timezone.localtime(since).date()
        last = timezone.localdate()
        day = first
        while day <= last:
            found = self._lookup_day(message, config, day)
            if found is not None:
                return found
            day += datetime.timedelta(days=1)
        return None

    def _lookup_day(self, message: Any, config: Any, day: datetime.date) -> SendResult | None:
        page = 1
        while True:
            params = {"PhoneNumber": message.recipient_phone, "SendDate": day.strftime("%Y%m%d"),
                      "PageSize": "50", "CurrentPage": str(page)}
            try:
                status, data = call("QuerySendDetails", params, config)
            except TransportError as error:
                result = transport_result(error)
                result.outcome = Outcome.RETRY
                return result
            if data.get("Code") != "OK":
                return SendResult(Outcome.RETRY, provider_code=str(data.get("Code") or f"HTTP {status}"),
                                  provider_message="查询发送记录失败：" + _explain(str(data.get("Code", "")),
                                                                        str(data.get("Message", ""))), raw=data)
            rows = (data.get("SmsSendDetailDTOs") or {}).get("SmsSendDetailDTO") or []
            for row in rows:
                if str(row.get("OutId", "")) == str(message.pk):
                    return SendResult(Outcome.SENT, provider_code="OK", provider_message="查询确认阿里云已收到",
                                      provider_message_id=str(row.get("BizId", "")), raw=row)
            if page * 50 >= int(data.get("TotalCount") or 0) or not rows:
                return None
            page += 1
