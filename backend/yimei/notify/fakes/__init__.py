"""Local fake Aliyun SMS, Tencent Cloud SMS and WeChat API servers in one threaded HTTP server (stdlib only).

Used by the tests (started in a thread, over loopback) and the benchmark (``python -m yimei.notify.fakes
--port 18090``). It checks what the real services check — Aliyun's HMAC-SHA1 RPC signature, nonce and
timestamp; Tencent's TC3-HMAC-SHA256 signature and timestamp; WeChat's access tokens and their expiry —
with its own implementation of the signing rules (not the client's), and answers with the real error codes.

Paths: Aliyun at ``/aliyun/``, Tencent at ``/tencent/``, WeChat at ``/cgi-bin/…``. Inspection and control:

- ``GET /_fake/log[?provider=aliyun]`` → ``{"messages": [...]}`` every message accepted, in order;
- ``GET /_fake/stats`` → requests per provider and action;
- ``POST /_fake/control`` with one of
  ``{"action": "reset"}``,
  ``{"action": "fail", "provider": "aliyun", "code": "isv.BUSINESS_LIMIT_CONTROL", "message": "…",
  "status": 200, "times": 1}`` (the next sends answer this error),
  ``{"action": "delay", "provider": "aliyun", "seconds": 5, "times": 1}`` (accept, then wait before
  answering), ``{"action": "hang_up", "provider": "wechat", "times": 1}`` (accept, then close without an
  answer), ``{"action": "expire_tokens"}`` (42001 from now on), ``{"action": "invalidate_tokens"}`` (40001),
  ``{"action": "unfollow", "openid": "…"}`` (43004).
"""

from __future__ import annotations

import base64
import datetime
import hashlib
import hmac
import itertools
import json
import re
import secrets
import threading
import time
from collections import Counter, deque
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl, quote, urlsplit

ALIYUN_KEYS = {"LTAI5tFakeAccessKey": "FakeAliyunSecret2026"}
TENCENT_KEYS = {"AKIDFakeSecretId2026": "FakeTencentSecretKey2026"}
WECHAT_APPS = {"wxfake0000000001": "fakewechatappsecret000000000001"}
TENCENT_SDK_APP_ID = "1400000001"

MOBILE = re.compile(r"^1[3-9]\d{9}$")
CHINA = datetime.timezone(datetime.timedelta(hours=8))


class FakeState:
    def __init__(self, *, token_expires_in: int = 7200):
        self.lock = threading.Lock()
        self.token_expires_in = token_expires_in
        self.reset()

    def reset(self) -> None:
        with getattr(self, "lock", threading.Lock()):
            self.messages: list[dict[str, Any]] = []
            self.stats: Counter = Counter()
            self.failures: dict[str, deque] = {"aliyun": deque(), "tencent": deque(), "wechat": deque()}
            self.delays: dict[str, deque] = {"aliyun": deque(), "tencent": deque(), "wechat": deque()}
            self.hang_ups: dict[str, int] = Counter()
            self.nonces: set[str] = set()
            self.tokens: dict[str, dict[str, Any]] = {}
            self.stable_tokens: dict[str, str] = {}
            self.unfollowed: set[str] = set()
            self.ids = itertools.count(1)

    def accept(self, provider: str, entry: dict[str, Any]) -> dict[str, Any]:
        with self.lock:
            entry = {"provider": provider, "seq": next(self.ids), "at": time.time(), **entry}
            self.messages.append(entry)
            return entry

    def next_failure(self, provider: str) -> dict[str, Any] | None:
        with self.lock:
            queue = self.failures[provider]
            if not queue:
                return None
            failure = queue[0]
            failure["times"] -= 1
            if failure["times"] <= 0:
                queue.popleft()
            return dict(failure)

    def next_delay(self, provider: str) -> float:
        with self.lock:
            queue = self.delays[provider]
            if not queue:
                return 0.0
            delay = queue[0]
            delay["times"] -= 1
            if delay["times"] <= 0:
                queue.popleft()
            return float(delay["seconds"])

    def take_hang_up(self, provider: str) -> bool:
        with self.lock:
            if self.hang_ups[provider] > 0:
                self.hang_ups[provider] -= 1
                return True
            return False

    def control(self, command: dict[str, Any]) -> dict[str, Any]:
        action = command.get("action")
        if action == "reset":
            self.reset()
        elif action == "fail":
            with self.lock:
                self.failures[command["provider"]].append({
                    "code": command["code"], "message": command.get("message", ""),
                    "status": int(command.get("status", 200)), "times": int(command.get("times", 1)),
                    "scope": command.get("scope", "request")})
        elif action == "delay":
            with self.lock:
                self.delays[command["provider"]].append({"seconds": float(command["seconds"]),
                                                         "times": int(command.get("times", 1))})
        elif action == "hang_up":
            with self.lock:
                self.hang_ups[command["provider"]] += int(command.get("times", 1))
        elif action in ("expire_tokens", "invalidate_tokens"):
            with self.lock:
                for token in self.tokens.values():
                    token["expired" if action == "expire_tokens" else "invalid"] = True
        elif action == "unfollow":
            with self.lock:
                self.unfollowed.add(command["openid"])
        else:
            return {"ok": False, "error": f"unknown action {action!r}"}
        return {"ok": True}


# --- Aliyun ---------------------------------------------------------------------------------------


def _aliyun_encode(value: str) -> str:
    # RFC 3986 as Aliyun documents it: URL-encode, then "+" → "%20", "*" → "%2A", "%7E" → "~".
    return quote(value, safe="").replace("+", "%20").replace("*", "%2A").replace("%7E", "~")


def aliyun_signature(params: dict[str, str], secret: str, method: str) -> str:
    query = "&".join(f"{_aliyun_encode(k)}={_aliyun_encode(v)}" for k, v in sorted(params.items())
                     if k != "Signature")
    string_to_sign = f"{method}&%2F&{_aliyun_encode(query)}"
    return base64.b64encode(hmac.new(f"{secret}&".encode(), string_to_sign.encode(), hashlib.sha1).digest()).decode()


def _aliyun_error(code: str, message: str, status: int) -> tuple[int, dict[str, Any]]:
    return status, {"Code": code, "Message": message, "RequestId": secrets.token_hex(8).upper(),
                    "Recommend": "https://api.aliyun.com/troubleshoot"}


def handle_aliyun(state: FakeState, method: str, params: dict[str, str]) -> tuple[int, dict[str, Any], str]:
    action = params.get("Action", "")
    state.stats[f"aliyun.{action}"] += 1
    for name in ("AccessKeyId", "Signature", "SignatureNonce", "Timestamp", "SignatureMethod", "Version"):
        if not params.get(name):
            return (*_aliyun_error(f"MissingParameter.{name}", f"{name} is mandatory for this action.", 400), "")
    secret = ALIYUN_KEYS.get(params["AccessKeyId"])
    if secret is None:
        return (*_aliyun_error("InvalidAccessKeyId.NotFound", "Specified access key is not found.", 404), "")
    try:
        stamp = datetime.datetime.strptime(params["Timestamp"], "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=datetime.UTC)
    except ValueError:
        return (*_aliyun_error("InvalidTimeStamp.Format", "Specified time stamp is not valid.", 400), "")
    if abs((datetime.datetime.now(datetime.UTC) - stamp).total_seconds()) > 900:
        return (*_aliyun_error("InvalidTimeStamp.Expired", "Specified time stamp or date value is expired.", 400), "")
    if params.get("SignatureMethod") != "HMAC-SHA1" or params.get("SignatureVersion") != "1.0":
        return (*_aliyun_error("InvalidSignatureMethod", "Specified signature method is not supported.", 400), "")
    if not hmac.compare_digest(aliyun_signature(params, secret, method), params["Signature"]):
        return (*_aliyun_error("SignatureDoesNotMatch",
                               "Specified signature is not matched with our calculation.", 400), "")
    with state.lock:
        if params["SignatureNonce"] in state.nonces:
            return (*_aliyun_error("SignatureNonceUsed", "Specified signature nonce was used already.", 400), "")
        state.nonces.add(params["SignatureNonce"])
    if params["Version"] != "2017-05-25":
        return (*_aliyun_error("InvalidVersion", "Specified parameter Version is not valid.", 400), "")
    if action == "SendSms":
        return _aliyun_send(state, params)
    if action == "QuerySendDetails":
        return (*_aliyun_query(state, params), "")
    return (*_aliyun_error("InvalidAction.NotFound", "Specified api is not found, please check your url and method.",
                           404), "")


def _aliyun_send(state: FakeState, params: dict[str, str]) -> tuple[int, dict[str, Any], str]:
    request_id = secrets.token_hex(8).upper()
    failure = state.next_failure("aliyun")
    if failure:
        return failure["status"], {"Code": failure["code"], "Message": failure["message"] or failure["code"],
                                   "RequestId": request_id}, ""
    phones = [p for p in params.get("PhoneNumbers", "").split(",") if p]
    if not phones or not all(MOBILE.match(p) for p in phones):
        return 200, {"Code": "isv.MOBILE_NUMBER_ILLEGAL", "Message": "invalid mobile number",
                     "RequestId": request_id}, ""
    if not params.get("SignName"):
        return 200, {"Code": "isv.SMS_SIGNATURE_ILLEGAL", "Message": "该账号下找不到对应签名",
                     "RequestId": request_id}, ""
    if not params.get("TemplateCode", "").startswith("SMS_"):
        return 200, {"Code": "isv.SMS_TEMPLATE_ILLEGAL", "Message": "该账号下找不到对应模板",
                     "RequestId": request_id}, ""
    try:
        template_params = json.loads(params.get("TemplateParam") or "{}")
        assert isinstance(template_params, dict)
    except (ValueError, AssertionError):
        return 200, {"Code": "isv.INVALID_JSON_PARAM", "Message": "JSON参数不合法，只接受字符串值",
                     "RequestId": request_id}, ""
    biz_id = f"{int(time.time() * 1000)}{secrets.randbelow(10**6):06d}^0"
    for phone in phones:
        state.accept("aliyun", {"phone": phone, "sign_name": params["SignName"], "template": params["TemplateCode"],
                                "params": template_params, "out_id": params.get("OutId", ""), "biz_id": biz_id})
    return 200, {"Code": "OK", "Message": "OK", "BizId": biz_id, "RequestId": request_id}, "aliyun"


def _aliyun_query(state: FakeState, params: dict[str, str]) -> tuple[int, dict[str, Any]]:
    phone, day = params.get("PhoneNumber", ""), params.get("SendDate", "")
    size = max(1, min(50, int(params.get("PageSize") or 10)))
    page = max(1, int(params.get("CurrentPage") or 1))
    with state.lock:
        rows = [m for m in state.messages if m["provider"] == "aliyun" and m["phone"] == phone
                and datetime.datetime.fromtimestamp(m["at"], CHINA).strftime("%Y%m%d") == day]
    chunk = rows[(page - 1) * size: page * size]
    details = [{
        "PhoneNum": m["phone"], "SendStatus": 3, "ErrCode": "DELIVERED", "TemplateCode": m["template"],
        "Content": json.dumps(m["params"], ensure_ascii=False), "OutId": m["out_id"],
        "SendDate": datetime.datetime.fromtimestamp(m["at"], CHINA).strftime("%Y-%m-%d %H:%M:%S"),
        "ReceiveDate": datetime.datetime.fromtimestamp(m["at"], CHINA).strftime("%Y-%m-%d %H:%M:%S"),
    } for m in chunk]
    return 200, {"Code": "OK", "Message": "OK", "RequestId": secrets.token_hex(8).upper(),
                 "TotalCount": len(rows), "SmsSendDetailDTOs": {"SmsSendDetailDTO": details}}


# --- Tencent --------------------------------------------------------------------------------------

_CREDENTIAL = re.compile(r"^TC3-HMAC-SHA256 Credential=([^/]+)/(\d{4}-\d{2}-\d{2})/([a-z]+)/tc3_request, "
                         r"SignedHeaders=([a-z0-9;\-]+), Signature=([0-9a-f]{64})$")


def tencent_signature(*, secret_key: str, date: str, service: str, timestamp: str, canonical_request: str) -> str:
    def sign(key: bytes, msg: str) -> bytes:
        return hmac.new(key, msg.encode("utf-8"), hashlib.sha256).digest()

    string_to_sign = "TC3-HMAC-SHA256\n" + timestamp + "\n" + f"{date}/{service}/tc3_request\n" + \
        hashlib.sha256(canonical_request.encode("utf-8")).hexdigest()
    signing_key = sign(sign(sign(("TC3" + secret_key).encode("utf-8"), date), service), "tc3_request")
    return hmac.new(signing_key, string_to_sign.encode("utf-8"), hashlib.sha256).hexdigest()


def _tencent_error(code: str, message: str) -> dict[str, Any]:
    return {"Response": {"Error": {"Code": code, "Message": message}, "RequestId": secrets.token_hex(16)}}


def handle_tencent(state: FakeState, path: str, query: str, headers: Any, body: bytes) -> tuple[int, dict, str]:
    action = headers.get("X-TC-Action", "")
    state.stats[f"tencent.{action}"] += 1
    match = _CREDENTIAL.match(headers.get("Authorization", ""))
    if not match:
        return 200, _tencent_error("AuthFailure.InvalidAuthorization", "Authorization 格式不正确。"), ""
    secret_id, date, service, signed_headers, signature = match.groups()
    secret_key = TENCENT_KEYS.get(secret_id)
    if secret_key is None:
        return 200, _tencent_error("AuthFailure.SecretIdNotFound", "密钥不存在。"), ""
    timestamp = headers.get("X-TC-Timestamp", "")
    if not timestamp.isdigit() or abs(time.time() - int(timestamp)) > 300:
        return 200, _tencent_error("AuthFailure.SignatureExpire",
                                   "签名过期。Timestamp 和服务器时间相差不得超过五分钟。"), ""
    if datetime.datetime.fromtimestamp(int(timestamp), datetime.UTC).strftime("%Y-%m-%d") != date:
        return 200, _tencent_error("AuthFailure.SignatureFailure", "凭证中的日期与时间戳不符。"), ""
    names = signed_headers.split(";")
    if "content-type" not in names or "host" not in names:
        return 200, _tencent_error("AuthFailure.SignatureFailure", "content-type 与 host 必须参与签名。"), ""
    # Tencent's rule: header names and values in lower case, trimmed, as "name:value\n".
    canonical_headers = "".join(f"{n}:{(headers.get(n) or '').strip().lower()}\n" for n in names)
    canonical_request = "\n".join(["POST", path, query, canonical_headers, signed_headers,
                                   hashlib.sha256(body).hexdigest()])
    expected = tencent_signature(secret_key=secret_key, date=date, service=service, timestamp=timestamp,
                                 canonical_request=canonical_request)
    if not hmac.compare_digest(expected, signature):
        return 200, _tencent_error("AuthFailure.SignatureFailure",
                                   "请求签名验证失败，请检查您的签名计算是否正确。"), ""
    if headers.get("X-TC-Version") != "2021-01-11":
        return 200, _tencent_error("InvalidParameterValue", "Version 不正确。"), ""
    try:
        params = json.loads(body.decode("utf-8"))
    except ValueError:
        return 200, _tencent_error("InvalidParameter", "请求体不是合法的 JSON。"), ""
    if action == "SendSms":
        return _tencent_send(state, params)
    if action == "PullSmsSendStatusByPhoneNumber":
        return 200, _tencent_pull(state, params), ""
    return 200, _tencent_error("InvalidAction", f"接口 {action} 不存在。"), ""


def _tencent_send(state: FakeState, params: dict[str, Any]) -> tuple[int, dict, str]:
    if str(params.get("SmsSdkAppId")) != TENCENT_SDK_APP_ID:
        return 200, _tencent_error("FailedOperation.SmsSdkAppIdVerifyFail", "SmsSdkAppId 校验失败。"), ""
    if not str(params.get("TemplateId", "")).isdigit():
        return 200, _tencent_error("FailedOperation.TemplateIncorrectOrUnapproved", "模板未审批或内容不匹配。"), ""
    if not params.get("SignName"):
        return 200, _tencent_error("FailedOperation.SignatureIncorrectOrUnapproved", "签名未审批或格式错误。"), ""
    failure = state.next_failure("tencent")
    if failure and failure["scope"] == "request":
        return failure["status"], _tencent_error(failure["code"], failure["message"] or failure["code"]), ""
    statuses, accepted = [], False
    for number in params.get("PhoneNumberSet") or []:
        national = number[3:] if str(number).startswith("+86") else str(number)
        if failure:
            statuses.append({"SerialNo": "", "PhoneNumber": number, "Fee": 0, "SessionContext":
                             params.get("SessionContext", ""), "Code": failure["code"],
                             "Message": failure["message"] or failure["code"], "IsoCode": "CN"})
            continue
        if not MOBILE.match(national):
            statuses.append({"SerialNo": "", "PhoneNumber": number, "Fee": 0, "SessionContext":
                             params.get("SessionContext", ""), "Code": "InvalidParameterValue.IncorrectPhoneNumber",
                             "Message": "手机号格式错误", "IsoCode": "CN"})
            continue
        serial = f"2028:{secrets.randbelow(10**18):018d}"
        state.accept("tencent", {"phone": national, "sign_name": params["SignName"], "template":
                                 str(params["TemplateId"]), "params": list(params.get("TemplateParamSet") or []),
                                 "session_context": str(params.get("SessionContext", "")), "serial_no": serial})
        accepted = True
        statuses.append({"SerialNo": serial, "PhoneNumber": number, "Fee": 1,
                         "SessionContext": params.get("SessionContext", ""), "Code": "Ok",
                         "Message": "send success", "IsoCode": "CN"})
    return 200, {"Response": {"SendStatusSet": statuses, "RequestId": secrets.token_hex(16)}}, \
        "tencent" if accepted else ""


def _tencent_pull(state: FakeState, params: dict[str, Any]) -> dict:
    number = str(params.get("PhoneNumber", ""))
    national = number[3:] if number.startswith("+86") else number
    begin, end = int(params.get("BeginTime") or 0), int(params.get("EndTime") or time.time() + 60)
    limit = max(1, min(100, int(params.get("Limit") or 100)))
    offset = int(params.get("Offset") or 0)
    with state.lock:
        rows = [m for m in state.messages if m["provider"] == "tencent" and m["phone"] == national
                and begin <= m["at"] <= end]
    return {"Response": {"PullSmsSendStatusSet": [{
        "UserReceiveTime": int(m["at"]), "CountryCode": "86", "SubscriberNumber": m["phone"],
        "PhoneNumber": f"+86{m['phone']}", "SerialNo": m["serial_no"], "ReportStatus": "SUCCESS",
        "Description": "用户短信送达成功", "SessionContext": m["session_context"],
    } for m in rows[offset:offset + limit]], "RequestId": secrets.token_hex(16)}}


# --- WeChat ---------------------------------------------------------------------------------------


def _issue_token(state: FakeState, appid: str) -> dict[str, Any]:
    token = secrets.token_urlsafe(48)
    state.tokens[token] = {"appid": appid, "expires_at": time.time() + state.token_expires_in, "expired": False,
                           "invalid": False}
    return {"access_token": token, "expires_in": state.token_expires_in}


def _token_valid(state: FakeState, token: str | None) -> bool:
    info = state.tokens.get(token or "")
    return bool(info) and not info["invalid"] and not info["expired"] and info["expires_at"] > time.time()


def handle_wechat(state: FakeState, method: str, path: str, query: dict[str, str], body: bytes) -> tuple[int, dict,
                                                                                                        str]:
    state.stats[f"wechat.{path}"] += 1
    if path == "/cgi-bin/stable_token" and method == "POST":
        try:
            params = json.loads(body or b"{}")
        except ValueError:
            return 200, {"errcode": 47001, "errmsg": "data format error"}, ""
        return (*_wechat_token(state, params.get("appid"), params.get("secret"), stable=True,
                               force=bool(params.get("force_refresh"))), "")
    if path == "/cgi-bin/token" and method == "GET":
        return (*_wechat_token(state, query.get("appid"), query.get("secret"), stable=False, force=True), "")
    if path == "/cgi-bin/message/template/send" and method == "POST":
        return _wechat_template(state, query.get("access_token", ""), body)
    return 404, {"errcode": 404, "errmsg": "not found"}, ""


def _wechat_token(state: FakeState, appid: str | None, secret: str | None, *, stable: bool,
                  force: bool) -> tuple[int, dict]:
    if appid not in WECHAT_APPS:
        return 200, {"errcode": 40013, "errmsg": "invalid appid"}
    if secret != WECHAT_APPS[appid]:
        return 200, {"errcode": 40125, "errmsg": "invalid appsecret"}
    with state.lock:
        if stable:
            current = state.stable_tokens.get(appid)
            if current and _token_valid(state, current) and not force:
                info = state.tokens[current]
                return 200, {"access_token": current, "expires_in": int(info["expires_at"] - time.time())}
            issued = _issue_token(state, appid)
            state.stable_tokens[appid] = issued["access_token"]
            return 200, issued
        return 200, _issue_token(state, appid)


def _wechat_template(state: FakeState, token: str, body: bytes) -> tuple[int, dict, str]:
    with state.lock:
        info = state.tokens.get(token)
    if not token or not re.match(r"^[A-Za-z0-9_\-]+$", token):
        return 200, {"errcode": 40014, "errmsg": "invalid access_token"}, ""
    if info is None or info["invalid"]:
        return 200, {"errcode": 40001, "errmsg": "invalid credential, access_token is invalid or not latest"}, ""
    if info["expired"] or info["expires_at"] <= time.time():
        return 200, {"errcode": 42001, "errmsg": "access_token expired"}, ""
    failure = state.next_failure("wechat")
    if failure:
        return failure["status"], {"errcode": int(failure["code"]), "errmsg": failure["message"] or "error"}, ""
    try:
        params = json.loads(body or b"{}")
    except ValueError:
        return 200, {"errcode": 47001, "errmsg": "data format error"}, ""
    openid = str(params.get("touser", ""))
    if not openid or len(openid) < 6:
        return 200, {"errcode": 40003, "errmsg": "invalid openid"}, ""
    if openid in state.unfollowed or openid.startswith("unfollowed"):
        return 200, {"errcode": 43004, "errmsg": "require subscribe"}, ""
    if not str(params.get("template_id", "")).strip():
        return 200, {"errcode": 40037, "errmsg": "invalid template_id"}, ""
    for key, value in (params.get("data") or {}).items():
        if not isinstance(value, dict) or len(str(value.get("value", ""))) > 20:
            return 200, {"errcode": 47003, "errmsg": f"argument invalid! data.{key}.value invalid"}, ""
    entry = state.accept("wechat", {"openid": openid, "template": params["template_id"], "data": params.get("data"),
                                    "client_msg_id": params.get("client_msg_id", ""), "appid": info["appid"]})
    return 200, {"errcode": 0, "errmsg": "ok", "msgid": 2000000000 + entry["seq"]}, "wechat"


# --- the server -----------------------------------------------------------------------------------


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    # Headers and body leave in one segment (buffered, flushed once per request) and without Nagle's delay:
    # otherwise every answer waits ~40 ms for the client's delayed ACK.
    wbufsize = 64 * 1024
    disable_nagle_algorithm = True
    server: _Server

    def log_message(self, format: str, *args: Any) -> None:  # quiet
        pass

    def _body(self) -> bytes:
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length) if length else b""

    def _reply(self, status: int, data: dict[str, Any]) -> None:
        payload = json.dumps(data, ensure_ascii=False).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def do_GET(self) -> None:
        self._route("GET")

    def do_POST(self) -> None:
        self._route("POST")

    def _route(self, method: str) -> None:
        state = self.server.state
        parts = urlsplit(self.path)
        body = self._body()
        query = dict(parse_qsl(parts.query, keep_blank_values=True))
        if parts.path == "/_fake/log":
            provider = query.get("provider")
            with state.lock:
                rows = [m for m in state.messages if provider in (None, m["provider"])]
            return self._reply(200, {"messages": rows})
        if parts.path == "/_fake/stats":
            return self._reply(200, {"stats": dict(state.stats)})
        if parts.path == "/_fake/control" and method == "POST":
            return self._reply(200, state.control(json.loads(body or b"{}")))
        if parts.path.startswith("/aliyun"):
            params = dict(query)
            if method == "POST":
                params.update(parse_qsl(body.decode("utf-8"), keep_blank_values=True))
            status, data, accepted = handle_aliyun(state, method, params)
        elif parts.path.startswith("/tencent"):
            status, data, accepted = handle_tencent(state, parts.path, parts.query, self.headers, body)
        elif parts.path.startswith("/cgi-bin/"):
            status, data, accepted = handle_wechat(state, method, parts.path, query, body)
        else:
            return self._reply(404, {"error": "not found"})
        if accepted:
            delay = state.next_delay(accepted)
            if delay:
                time.sleep(delay)
            if state.take_hang_up(accepted):
                self.close_connection = True
                self.connection.shutdown(2)
                return None
        return self._reply(status, data)


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 128

    def __init__(self, address: tuple[str, int], state: FakeState):
        super().__init__(address, _Handler)
        self.state = state

    def handle_error(self, request: Any, client_address: Any) -> None:
        # A client that timed out or was killed while we delayed our answer: nothing to report.
        import sys

        if not isinstance(sys.exc_info()[1], OSError):
            super().handle_error(request, client_address)


class FakeProviders:
    """The fake servers, started in a background thread: ``with FakeProviders() as fake: fake.url …``."""

    def __init__(self, host: str = "127.0.0.1", port: int = 0, *, token_expires_in: int = 7200):
        self.state = FakeState(token_expires_in=token_expires_in)
        self.server = _Server((host, port), self.state)
        self.thread = threading.Thread(target=self.server.serve_forever, name="fake-providers", daemon=True)

    @property
    def url(self) -> str:
        host, port = self.server.server_address[:2]
        return f"http://{host}:{port}"

    @property
    def aliyun_url(self) -> str:
        return f"{self.url}/aliyun/"

    @property
    def tencent_url(self) -> str:
        return f"{self.url}/tencent/"

    def start(self) -> FakeProviders:
        self.thread.start()
        return self

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    def __enter__(self) -> FakeProviders:
        return self.start()

    def __exit__(self, *exc: Any) -> None:
        self.stop()

    def messages(self, provider: str | None = None) -> list[dict[str, Any]]:
        with self.state.lock:
            return [dict(m) for m in self.state.messages if provider in (None, m["provider"])]

    def control(self, **command: Any) -> dict[str, Any]:
        return self.state.control(command)
