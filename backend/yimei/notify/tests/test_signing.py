"""Known-answer tests of the two signing schemes against the examples in the providers' own documentation
(client and fake are separate implementations; both must reproduce the documented signature)."""

from __future__ import annotations

import datetime

from yimei.notify import fakes
from yimei.notify.channels import aliyun, tencent

# Aliyun's documented SendSms example (签名机制): AccessKeySecret "testSecret", GET.
ALIYUN_EXAMPLE = {
    "AccessKeyId": "testId", "Action": "SendSms", "Format": "XML", "OutId": "123", "PhoneNumbers": "15300000001",
    "RegionId": "cn-hangzhou", "SignName": "阿里云短信测试专用", "SignatureMethod": "HMAC-SHA1",
    "SignatureNonce": "45e25e9b-0a6f-4070-8c85-2956eda1b466", "SignatureVersion": "1.0",
    "TemplateCode": "SMS_71390007", "TemplateParam": '{"customer":"test"}', "Timestamp": "2017-07-12T02:42:19Z",
    "Version": "2017-05-25",
}
ALIYUN_SIGNATURE = "zJDF+Lrzhj/ThnlvIToysFRq6t4="

# Tencent Cloud's documented TC3-HMAC-SHA256 example (CVM DescribeInstances, timestamp 1551113065).
TENCENT_PAYLOAD = b'{"Limit": 1, "Filters": [{"Values": ["\\u672a\\u547d\\u540d"], "Name": "instance-name"}]}'
TENCENT_SIGNATURE = "72e494ea809ad7a8c8f7a4507b9bddcbaa8e581f516e8da2f66e2c5a96525168"


def test_aliyun_signature_matches_the_documented_example():
    assert aliyun.signature(ALIYUN_EXAMPLE, "testSecret", "GET") == ALIYUN_SIGNATURE
    assert fakes.aliyun_signature(ALIYUN_EXAMPLE, "testSecret", "GET") == ALIYUN_SIGNATURE
    assert aliyun.signature(ALIYUN_EXAMPLE, "wrongSecret", "GET") != ALIYUN_SIGNATURE


def test_aliyun_percent_encoding():
    assert aliyun.percent_encode("a b*c~d+e/f") == "a%20b%2Ac~d%2Be%2Ff"
    assert aliyun.percent_encode("阿") == "%E9%98%BF"


def test_aliyun_common_parameters():
    at = datetime.datetime(2026, 12, 1, 10, 0, tzinfo=datetime.timezone(datetime.timedelta(hours=8)))
    signed = aliyun.signed_params("SendSms", {"PhoneNumbers": "13900000000"}, key_id="k", secret="s", now=at,
                                  nonce="n1")
    assert signed["Timestamp"] == "2026-12-01T02:00:00Z"
    assert signed["SignatureMethod"] == "HMAC-SHA1" and signed["SignatureVersion"] == "1.0"
    assert signed["Version"] == "2017-05-25" and signed["SignatureNonce"] == "n1"
    unsigned = {k: v for k, v in signed.items() if k != "Signature"}
    assert signed["Signature"] == fakes.aliyun_signature(unsigned, "s", "POST")


def test_tencent_signature_matches_the_documented_example():
    header = tencent.authorization(secret_id="AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE",
                                   secret_key="Gu5t9xGARNpq86cd98joQYCN3EXAMPLE", host="cvm.tencentcloudapi.com",
                                   path="/", payload=TENCENT_PAYLOAD, timestamp=1551113065, service="cvm")
    assert header == ("TC3-HMAC-SHA256 Credential=AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE/2019-02-25/cvm/tc3_request, "
                      f"SignedHeaders=content-type;host, Signature={TENCENT_SIGNATURE}")
    canonical = "\n".join(["POST", "/", "", "content-type:application/json; charset=utf-8\n"
                           "host:cvm.tencentcloudapi.com\n", "content-type;host",
                           "35e9c5b0e3ae67532d3c9f17ead6c90222632e5b1ff7f6e89887f1398934f064"])
    assert fakes.tencent_signature(secret_key="Gu5t9xGARNpq86cd98joQYCN3EXAMPLE", date="2019-02-25", service="cvm",
                                   timestamp="1551113065", canonical_request=canonical) == TENCENT_SIGNATURE
