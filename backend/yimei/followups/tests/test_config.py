"""The rules board, care plans, the notification bell and the aftercare page: bad input is a clear Chinese 400
that changes nothing; notifications are each person's own."""

from __future__ import annotations

import pytest

from yimei.followups import notifications
from yimei.followups.models import CarePlan, FollowUpRule, Notification
from yimei.followups.rules import ensure_default_rules

pytestmark = pytest.mark.django_db
RULES = "/api/v1/followup-rules/"
PLANS = "/api/v1/care-plans/"


def test_the_five_rules_are_listed_with_their_template_variables(director, client_for):
    rows = client_for(director).get(RULES).json()
    assert [r["kind"] for r in rows] == ["no_show", "visit_unpaid", "paid_unused", "post_treatment", "dormant"]
    assert [r["name"] for r in rows] == ["预约未到访", "到访未支付", "支付后该做治疗", "治疗后术后回访", "睡眠客户邀约"]
    assert rows[4]["params"] == {"days": 180} and "customer_name" in rows[0]["variables"]
    assert all(r["enabled"] is False for r in rows)


def test_a_rule_is_switched_on_and_configured(director, consultant, org, client_for):
    rule = ensure_default_rules()[2]
    response = client_for(director).patch(f"{RULES}{rule.pk}/", {
        "enabled": True, "delay_days": 2, "params": {"days": 45}, "assignee_mode": "named",
        "assignee": consultant.pk, "script_template": "{customer_name}，您的{item_name}还没做"}, format="json")
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["enabled"] and body["delay_days"] == 2 and body["params"] == {"days": 45}
    assert body["assignee"]["id"] == consultant.pk and body["updated_by"]["id"] == director.pk
    pooled = client_for(director).patch(f"{RULES}{rule.pk}/", {"assignee_mode": "pool", "pool": org["team_a2"].pk},
                                        format="json")
    assert pooled.status_code == 200 and pooled.json()["pool"]["name"] == "咨询二组"


@pytest.mark.parametrize(("body", "field", "text"), [
    ({"delay_days": -1}, "delay_days", "延迟天数不能为负数"),
    ({"params": {"days": 0}}, "params", "1–3650"),
    ({"params": {"days": "thirty"}}, "params", "整数"),
    ({"script_template": "{customer_name}{salary}"}, "script_template", "未知变量"),
    ({"script_template": "{customer_name"}, "script_template", "花括号"),
    ({"assignee_mode": "named"}, "assignee", "请选择员工"),
    ({"assignee_mode": "pool"}, "pool", "请选择小组"),
])
def test_bad_rule_changes_are_refused_and_change_nothing(body, field, text, director, client_for):
    rule = ensure_default_rules()[2]
    response = client_for(director).patch(f"{RULES}{rule.pk}/", {"enabled": True, **body}, format="json")
    assert response.status_code == 400, response.content
    assert field in response.json()["fields"] and text in response.json()["message"]
    fresh = FollowUpRule.objects.get(pk=rule.pk)
    assert (fresh.enabled, fresh.delay_days, fresh.params, fresh.script_template) == (
        rule.enabled, rule.delay_days, rule.params, rule.script_template)


def test_a_named_assignee_outside_scope_or_disabled_is_refused(director, outsider, consultant, client_for):
    from yimei.accounts import services as accounts

    rule = ensure_default_rules()[0]
    client = client_for(director)
    outside = client.patch(f"{RULES}{rule.pk}/", {"assignee_mode": "named", "assignee": outsider.pk}, format="json")
    assert outside.status_code == 400 and outside.json()["code"] == "out_of_scope"
    accounts.set_staff_active(consultant, actor=director, active=False)
    disabled = client.patch(f"{RULES}{rule.pk}/", {"assignee_mode": "named", "assignee": consultant.pk},
                            format="json")
    assert disabled.status_code == 400 and "已停用" in disabled.json()["message"]
    assert FollowUpRule.objects.get(pk=rule.pk).assignee_id is None


def test_consultants_may_read_rules_but_not_change_them(consultant, client_for):
    rule = ensure_default_rules()[0]
    assert client_for(consultant).get(RULES).status_code == 200
    assert client_for(consultant).patch(f"{RULES}{rule.pk}/", {"enabled": True}, format="json").status_code == 403
    assert client_for(consultant).post(f"{RULES}run/", format="json").status_code == 403


# --- care plans -------------------------------------------------------------------------------------------------


def test_a_care_plan_is_kept_per_item(director, item, client_for):
    client = client_for(director)
    created = client.post(PLANS, {"item": item.pk, "instructions": "术后 24 小时内不要沾水。\n一周内防晒。",
                                  "followup_nodes": [1, 7, 30], "message_nodes": [7, 30]}, format="json")
    assert created.status_code == 201, created.content
    assert created.json()["item"] == item.pk and created.json()["item_name"] == "光子嫩肤"
    assert created.json()["rich"] is False
    again = client.post(PLANS, {"item": item.pk, "instructions": "x"}, format="json")
    assert again.status_code == 400 and "已有术后护理方案" in again.json()["message"]
    changed = client.patch(f"{PLANS}{item.pk}/", {"message_nodes": [3]}, format="json")
    assert changed.status_code == 200
    assert changed.json()["message_nodes"] == [3] and changed.json()["followup_nodes"] == [1, 7, 30]
    rich = client.patch(f"{PLANS}{item.pk}/", {"instructions": '<p onclick="x()">防晒<script>alert(1)</script>'
                                                              '<img src="https://evil.example/a.png"></p>'},
                        format="json").json()
    assert rich["rich"] is True and "script" not in rich["instructions"] and "onclick" not in rich["instructions"]
    assert "img" not in rich["instructions"] and "防晒" in rich["instructions"]
    assert client.delete(f"{PLANS}{item.pk}/").status_code == 204


@pytest.mark.parametrize(("nodes", "text"), [
    ([7, 1, 30], "须从小到大排列"),
    ([1, 7, 7], "不能重复"),
    ([-1, 7], "0–730"),
    ([1, "7"], "整数"),
    ([1.5], "整数"),
    ("1,7,30", "天数列表"),
    (list(range(11)), "最多 10 个"),
])
def test_node_schedules_out_of_order_are_refused(nodes, text, director, item, care_plan, client_for):
    for field in ("followup_nodes", "message_nodes"):
        response = client_for(director).patch(f"{PLANS}{item.pk}/", {field: nodes}, format="json")
        assert response.status_code == 400, response.content
        assert field in response.json()["fields"] and text in response.json()["message"]
    fresh = CarePlan.objects.get(pk=item.pk)
    assert (fresh.followup_nodes, fresh.message_nodes) == ([1, 7, 30], [7, 30])


def test_care_plans_need_the_care_plan_permission_to_change(consultant, item, client_for):
    response = client_for(consultant).post(PLANS, {"item": item.pk, "instructions": "x"}, format="json")
    assert response.status_code == 403
    assert not CarePlan.objects.exists()


# --- the bell -----------------------------------------------------------------------------------------------------


def test_notifications_are_each_persons_own(consultant, consultant2, client_for):
    notifications.notify(consultant, kind="test", title="给张敏")
    notifications.notify(consultant, kind="test", title="再给张敏")
    theirs = Notification.objects.create(user=consultant2, kind="test", title="给吴倩")
    client = client_for(consultant)
    assert client.get("/api/v1/notifications/unread-count/").json() == {"count": 2}
    rows = client.get("/api/v1/notifications/").json()["results"]
    assert [r["title"] for r in rows] == ["再给张敏", "给张敏"] and rows[0]["is_read"] is False
    assert client.post(f"/api/v1/notifications/{theirs.pk}/read/").status_code == 404
    assert Notification.objects.get(pk=theirs.pk).read_at is None
    read = client.post(f"/api/v1/notifications/{rows[0]['id']}/read/").json()
    assert read["is_read"] is True
    assert client.get("/api/v1/notifications/?unread=true").json()["count"] == 1
    assert client.post("/api/v1/notifications/read-all/").json() == {"count": 1}
    assert client.get("/api/v1/notifications/unread-count/").json() == {"count": 0}
    assert client_for(consultant2).get("/api/v1/notifications/unread-count/").json() == {"count": 1}


def test_the_morning_reminder_counts_due_and_overdue_once_a_day(consultant, customer):
    from datetime import timedelta

    from django.utils import timezone

    from yimei.followups import services
    from yimei.followups.models import FollowUpTask

    today = timezone.localdate()
    late = services.create_task(customer=customer, operator=consultant, due_on=today, method="phone", purpose="a")
    FollowUpTask.objects.filter(pk=late.pk).update(due_on=today - timedelta(days=2))
    services.create_task(customer=customer, operator=consultant, due_on=today, method="phone", purpose="b")
    assert notifications.remind_overdue() == 1
    assert notifications.remind_overdue() == 1  # the second run adds nothing (one per person per day)
    line = Notification.objects.get(user=consultant, kind="followup_overdue")
    assert "逾期 1 条" in line.body and "今日到期 1 条" in line.body


# --- the aftercare page -------------------------------------------------------------------------------------------


def test_an_unknown_or_malformed_token_is_a_plain_404(client_for):
    anon = client_for(None)
    response = anon.get("/h5/care/" + "A" * 22)
    assert response.status_code == 404 and "链接已失效" in response.content.decode()
    assert "default-src 'none'" in response["Content-Security-Policy"]
    assert anon.get("/h5/care/short").status_code == 404


def test_the_engine_and_the_morning_reminder_are_periodic_jobs():
    from datetime import time

    from yimei.core.periodic import get_job
    from yimei.followups import jobs

    engine_job = get_job("followups.engine")
    assert engine_job.func is jobs.run_engine_pass and engine_job.every_seconds == 120
    assert get_job("followups.remind_overdue").at == time(8, 0)
