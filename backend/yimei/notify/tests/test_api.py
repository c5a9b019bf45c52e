"""The message centre API: list and detail (masked recipient, attempts), retry and cancel (audited, by
permission and scope), templates (validated against the kind's variables), settings (secrets write-only and
masked in the change log)."""

from __future__ import annotations

import pytest

from yimei.audit.models import ChangeLog, OperationLog
from yimei.notify import dispatch, services
from yimei.notify.choices import MessageStatus
from yimei.notify.models import Message, MessageTemplate, NotifySettings
from yimei.notify.tests.conftest import sms_templates, use_aliyun

VARS = {"customer_name": "张三", "start": "12月1日 10:00", "items": "光子嫩肤"}
ALL = ["notify.message.view", "notify.message.retry", "notify.template.change", "notify.settings.change"]


@pytest.fixture
def director(make_staff):
    return make_staff(ALL, scopes={"notify": "all"})


@pytest.fixture
def api(client_for, director):
    return client_for(director)


def test_list_and_detail_show_the_text_masked_recipient_and_attempts(api, make_customer):
    customer = make_customer(phone="13912345678", name="李四")
    message = services.enqueue(kind="test.notice", customer=customer, variables=VARS, source=customer)
    dispatch.dispatch_due()

    page = api.get("/api/v1/messages/", {"status": "sent", "search": "5678"}).json()
    assert page["count"] == 1
    row = page["results"][0]
    assert row["recipient"] == "139****5678"
    assert row["text"] == "张三您好，您预约了12月1日 10:00的光子嫩肤，请准时到院。"
    assert row["customer"] == {"id": customer.pk, "name": "李四"}
    assert row["kind_name"] == "测试通知" and row["status_display"] == "已发送"
    assert "13912345678" not in str(page)

    detail = api.get(f"/api/v1/messages/{message.pk}/").json()
    assert [a["outcome"] for a in detail["attempt_rows"]] == ["sent"]
    assert detail["provider_message_id"] == f"console-{message.pk}"

    by_source = api.get("/api/v1/messages/", {"source_type": "customers.customer", "source_id": customer.pk}).json()
    assert by_source["count"] == 1
    assert api.get("/api/v1/messages/", {"status": "failed"}).json()["count"] == 0
    assert api.get("/api/v1/messages/", {"customer": "x"}).status_code == 400


def test_retry_a_failed_message_is_audited(api, fake, make_customer):
    use_aliyun()
    sms_templates()
    message = services.enqueue(kind="test.notice", customer=make_customer(), variables=VARS)
    fake.control(action="fail", provider="aliyun", code="isv.SMS_TEMPLATE_ILLEGAL")
    dispatch.dispatch_due()
    message.refresh_from_db()
    assert message.status == MessageStatus.FAILED

    response = api.post(f"/api/v1/messages/{message.pk}/retry/")
    assert response.status_code == 200, response.json()
    assert response.json()["status"] == "pending"
    log = OperationLog.objects.get(module="notify", action="retry")
    assert log.object_id == str(message.pk) and log.result == "success"
    dispatch.dispatch_due()
    assert api.get(f"/api/v1/messages/{message.pk}/").json()["status"] == "sent"

    again = api.post(f"/api/v1/messages/{message.pk}/retry/")
    assert again.status_code == 400 and "只有发送失败" in again.json()["message"]


def test_cancel_needs_a_reason(api, make_customer):
    message = services.enqueue(kind="test.notice", customer=make_customer(), variables=VARS)
    refused = api.post(f"/api/v1/messages/{message.pk}/cancel/", {}, format="json")
    assert refused.status_code == 400 and refused.json()["message"] == "请填写取消原因。"
    response = api.post(f"/api/v1/messages/{message.pk}/cancel/", {"reason": "客户要求不再提醒"}, format="json")
    assert response.status_code == 200 and response.json()["status"] == "cancelled"
    assert response.json()["status_reason"] == "客户要求不再提醒"


def test_viewer_cannot_retry_and_scope_hides_other_units(make_staff, client_for, org, make_customer):
    mine = services.enqueue(kind="test.notice", customer=make_customer(org_unit=org["dept_a"]), variables=VARS)
    theirs = services.enqueue(kind="test.notice", customer=make_customer(org_unit=org["dept_b"]), variables=VARS)
    viewer = client_for(make_staff(["notify.message.view"], unit=org["team_a1"],
                                   scopes={"notify": "department_and_below"}))
    ids = [m["id"] for m in viewer.get("/api/v1/messages/").json()["results"]]
    assert mine.pk in ids and theirs.pk not in ids
    assert viewer.get(f"/api/v1/messages/{theirs.pk}/").status_code == 404
    denied = viewer.post(f"/api/v1/messages/{mine.pk}/cancel/", {"reason": "x"}, format="json")
    assert denied.status_code == 403
    assert Message.objects.get(pk=mine.pk).status == MessageStatus.PENDING


def test_templates_list_defaults_and_saved_rows(api):
    rows = api.get("/api/v1/message-templates/").json()
    notice = {r["channel"]: r for r in rows if r["kind"] == "test.notice"}
    assert set(notice) == {"sms", "wechat", "console"}
    assert notice["sms"]["is_default"] and notice["sms"]["id"] is None
    assert notice["sms"]["variables"] == {"customer_name": "客户姓名", "start": "时间", "items": "项目"}
    assert notice["wechat"]["field_map"]["thing1"] == "items"

    saved = api.post("/api/v1/message-templates/", {"kind": "test.notice", "channel": "sms", "template_id":
                                                     "SMS_123", "text": "{customer_name}：{start}"}, format="json")
    assert saved.status_code == 200, saved.json()
    assert saved.json()["is_default"] is False and saved.json()["template_id"] == "SMS_123"
    again = api.post("/api/v1/message-templates/", {"kind": "test.notice", "channel": "sms", "enabled": False},
                     format="json")
    assert again.json()["id"] == saved.json()["id"] and again.json()["enabled"] is False
    assert MessageTemplate.objects.count() == 1

    bad = api.post("/api/v1/message-templates/", {"kind": "test.notice", "channel": "sms", "text": "{phone}"},
                   format="json")
    assert bad.status_code == 400 and "未知变量 {phone}" in bad.json()["message"]
    unknown = api.post("/api/v1/message-templates/", {"kind": "nope", "channel": "sms"}, format="json")
    assert unknown.status_code == 400

    reset = api.delete(f"/api/v1/message-templates/{saved.json()['id']}/")
    assert reset.status_code == 204 and MessageTemplate.objects.count() == 0


def test_settings_secrets_are_write_only_and_masked_in_the_change_log(api):
    response = api.patch("/api/v1/notify-settings/", {
        "sms_provider": "aliyun", "aliyun_access_key_id": "LTAIabc", "aliyun_access_key_secret": "very-secret",
        "aliyun_sign_name": "某某医院", "channel_order": ["sms", "wechat"]}, format="json")
    assert response.status_code == 200, response.json()
    data = response.json()
    assert "aliyun_access_key_secret" not in data and data["aliyun_access_key_secret_set"] is True
    assert data["sms_configured"] is True and data["channel_order"] == ["sms", "wechat"]
    assert "very-secret" not in str(api.get("/api/v1/notify-settings/").json())
    change = ChangeLog.objects.filter(object_type="notify.notifysettings").latest("id")
    assert change.after["aliyun_access_key_secret"] == "******"
    assert "very-secret" not in str(change.before) + str(change.after)
    assert OperationLog.objects.filter(module="notify", action="patch", result="success").exists()

    # blank keeps the stored secret
    api.patch("/api/v1/notify-settings/", {"aliyun_access_key_secret": ""}, format="json")
    assert NotifySettings.current().aliyun_access_key_secret == "very-secret"


@pytest.mark.parametrize(("body", "field"), [
    ({"marketing_window_start": "21:00", "marketing_window_end": "08:00"}, "marketing_window_end"),
    ({"channel_order": ["sms", "sms"]}, "channel_order"),
    ({"channel_order": ["console"]}, "channel_order"),
    ({"max_attempts": 0}, "max_attempts"),
    ({"sms_provider": "qq"}, "sms_provider"),
])
def test_settings_bad_input(api, body, field):
    response = api.patch("/api/v1/notify-settings/", body, format="json")
    assert response.status_code == 400
    assert field in response.json()["fields"]
    assert not NotifySettings.objects.exists()
