"""Follow-up tasks through the API: plan, record, reassign, cancel, bulk; bad input; who sees what."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from yimei.audit.models import OperationLog
from yimei.customers.models import CustomerEvent
from yimei.followups import services
from yimei.followups.models import FollowUpAssignment, FollowUpTask, Notification

pytestmark = pytest.mark.django_db
URL = "/api/v1/followups/"


def today():
    return timezone.localdate()


def plan(customer, operator, *, days=1, **extra):
    return services.create_task(customer=customer, operator=operator, due_on=today() + timedelta(days=days),
                                method="phone", purpose="术后恢复情况", **extra)


def test_consultant_plans_and_records_a_follow_up(consultant, customer, client_for):
    # given
    client = client_for(consultant)
    # when
    created = client.post(URL, {"customer": customer.pk, "due_on": str(today()), "method": "wechat",
                                "purpose": "咨询后跟进", "script": "问问对方案的顾虑"}, format="json")
    # then
    assert created.status_code == 201, created.content
    task = created.json()
    assert task["assignee"] == {"id": consultant.pk, "name": consultant.name}
    assert task["customer"]["phone"] == "138****8101"
    assert task["status"] == "open" and task["method_display"] == "微信" and task["is_overdue"] is False
    assert task["rule"] is None and task["source"] is None
    assert CustomerEvent.objects.filter(customer=customer, type="followup.created").count() == 1

    done = client.post(f"{URL}{task['id']}/result/", {
        "result_content": "客户考虑中，下周再联系", "outcome": "reached", "satisfaction": 4,
        "next_plan": "下周确认是否预约", "next_due_on": str(today() + timedelta(days=7))}, format="json")
    assert done.status_code == 200, done.content
    body = done.json()
    assert body["status"] == "done" and body["outcome_display"] == "已联系" and body["satisfaction"] == 4
    assert body["closed_by"]["id"] == consultant.pk and len(body["next_tasks"]) == 1
    following = FollowUpTask.objects.get(pk=body["next_tasks"][0])
    assert following.assignee == consultant and following.purpose == "下周确认是否预约"
    assert following.previous_task_id == task["id"] and following.due_on == today() + timedelta(days=7)
    assert CustomerEvent.objects.filter(customer=customer, type="followup.done").count() == 1

    summary = client.get(f"{URL}summary/").json()
    assert summary == {"due_today": 0, "overdue": 0, "done_today": 1}


def test_result_on_a_closed_task_is_refused_and_changes_nothing(consultant, customer, client_for):
    task = plan(customer, consultant)
    services.record_result(task, operator=consultant, result_content="已回访", outcome="reached")
    before = FollowUpTask.objects.get(pk=task.pk)
    response = client_for(consultant).post(f"{URL}{task.pk}/result/", {"result_content": "再来一次",
                                                                        "outcome": "declined"}, format="json")
    assert response.status_code == 400
    assert response.json()["code"] == "task_closed" and "已完成" in response.json()["message"]
    after = FollowUpTask.objects.get(pk=task.pk)
    assert (after.result_content, after.outcome, after.closed_at) == (before.result_content, before.outcome,
                                                                     before.closed_at)
    assert client_for(consultant).patch(f"{URL}{task.pk}/", {"purpose": "改"}, format="json").status_code == 400
    assert client_for(consultant).post(f"{URL}{task.pk}/cancel/", {"reason": "x"}, format="json").status_code == 400


@pytest.mark.parametrize(("body", "field", "text"), [
    ({"due_on": "2000-01-01"}, "due_on", "不能早于今天"),
    ({"method": "telepathy"}, "method", "不在可选范围内"),
    ({"purpose": ""}, "purpose", "请填写回访目的"),
    ({"customer": 999999}, "customer", "不存在"),
    ({"pool": 999999}, "pool", "不存在"),
])
def test_bad_plans_are_clear_400s_and_save_nothing(body, field, text, director, customer, client_for):
    data = {"customer": customer.pk, "due_on": str(today()), "method": "phone", "purpose": "回访", **body}
    response = client_for(director).post(URL, data, format="json")
    assert response.status_code in (400, 404), response.content
    assert field in response.json()["fields"] and text in response.json()["message"] + str(response.json()["fields"])
    assert not FollowUpTask.objects.exists()


def test_assignee_disabled_or_outside_scope_is_refused(director, consultant, outsider, customer, client_for):
    from yimei.accounts import services as accounts

    client = client_for(director)
    data = {"customer": customer.pk, "due_on": str(today()), "method": "phone", "purpose": "回访"}
    outside = client.post(URL, {**data, "assignee": outsider.pk}, format="json")
    assert outside.status_code == 400 and outside.json()["code"] == "out_of_scope"
    assert "不在您的数据权限范围内" in outside.json()["message"]
    accounts.set_staff_active(consultant, actor=director, active=False)
    disabled = client.post(URL, {**data, "assignee": consultant.pk}, format="json")
    assert disabled.status_code == 400 and "已停用" in disabled.json()["message"]
    both = client.post(URL, {**data, "assignee": director.pk, "pool": director.org_unit_id}, format="json")
    assert both.status_code == 400
    assert not FollowUpTask.objects.exists()


def test_a_consultant_may_not_give_a_task_to_a_colleague(consultant, consultant2, customer, client_for):
    response = client_for(consultant).post(URL, {"customer": customer.pk, "due_on": str(today()), "method": "phone",
                                                 "purpose": "回访", "assignee": consultant2.pk}, format="json")
    assert response.status_code == 400 and response.json()["fields"]["assignee"]
    assert not FollowUpTask.objects.exists()


def test_a_consultant_sees_only_their_own_tasks_the_director_sees_the_department(
        consultant, consultant2, director, outsider, customer, customer2, client_for):
    mine = plan(customer, consultant)
    theirs = plan(customer2, consultant2)
    from yimei.customers import services as customers

    far_customer = customers.create_customer(operator=outsider, name="远方", phone="13800138109", consultant=outsider)
    far = plan(far_customer, outsider)

    def ids(user, query=""):
        return {row["id"] for row in client_for(user).get(f"{URL}?{query}").json()["results"]}

    assert ids(consultant) == {mine.pk}
    assert ids(consultant2) == {theirs.pk}
    assert ids(director) == {mine.pk, theirs.pk}
    assert ids(director, "assignee=me") == set()
    assert ids(director, f"assignee={consultant.pk}") == {mine.pk}
    assert far.pk not in ids(director)
    assert client_for(consultant).get(f"{URL}{theirs.pk}/").status_code == 404
    response = client_for(consultant).post(f"{URL}{theirs.pk}/result/", {"result_content": "x", "outcome": "other"},
                                           format="json")
    assert response.status_code == 404
    assert FollowUpTask.objects.get(pk=theirs.pk).status == "open"


def test_filters_overdue_and_search(director, consultant, customer, customer2, client_for):
    late = plan(customer, consultant)
    FollowUpTask.objects.filter(pk=late.pk).update(due_on=today() - timedelta(days=3))
    later = plan(customer2, director, days=5)
    client = client_for(director)
    overdue = client.get(f"{URL}?overdue=true").json()["results"]
    assert [row["id"] for row in overdue] == [late.pk] and overdue[0]["is_overdue"] is True
    assert [r["id"] for r in client.get(f"{URL}?search=wds").json()["results"]] == [later.pk]
    assert [r["id"] for r in client.get(f"{URL}?search=8101").json()["results"]] == [late.pk]
    assert client.get(f"{URL}?assignee=nobody").status_code == 400
    upcoming = client.get(f"{URL}?due_from={today() + timedelta(days=1)}&status=open").json()["results"]
    assert [row["id"] for row in upcoming] == [later.pk]


def test_reassign_keeps_history_and_notifies(director, consultant, consultant2, customer, client_for):
    task = plan(customer, consultant)
    response = client_for(director).post(f"{URL}{task.pk}/reassign/",
                                         {"assignee": consultant2.pk, "reason": "张敏休假"}, format="json")
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["assignee"]["id"] == consultant2.pk
    assert body["assignments"][0]["from_assignee"]["id"] == consultant.pk
    assert body["assignments"][0]["reason"] == "张敏休假"
    assert Notification.objects.filter(user=consultant2, kind="followup_assigned").exists()
    no_reason = client_for(director).post(f"{URL}{task.pk}/reassign/", {"assignee": consultant.pk}, format="json")
    assert no_reason.status_code == 400
    assert FollowUpAssignment.objects.count() == 1
    # a consultant without the assign permission cannot reassign
    assert client_for(consultant2).post(f"{URL}{task.pk}/reassign/", {"assignee": consultant.pk, "reason": "x"},
                                        format="json").status_code == 403


def test_reassign_to_a_pool_and_cancel(director, consultant, customer, org, client_for):
    task = plan(customer, consultant)
    client = client_for(director)
    pooled = client.post(f"{URL}{task.pk}/reassign/", {"pool": org["team_a2"].pk, "reason": "放入公共池"},
                         format="json")
    assert pooled.status_code == 200 and pooled.json()["assignee"] is None
    assert pooled.json()["pool"] == {"id": org["team_a2"].pk, "name": "咨询二组"}
    cancelled = client.post(f"{URL}{task.pk}/cancel/", {"reason": "客户已出国"}, format="json")
    assert cancelled.status_code == 200 and cancelled.json()["status"] == "cancelled"
    assert cancelled.json()["cancel_reason"] == "客户已出国"
    assert CustomerEvent.objects.filter(customer=customer, type="followup.cancelled").exists()


def test_patch_changes_the_plan_of_an_open_task(consultant, customer, client_for):
    task = plan(customer, consultant)
    response = client_for(consultant).patch(f"{URL}{task.pk}/", {"due_at": "15:30", "method": "visit"},
                                            format="json")
    assert response.status_code == 200
    assert response.json()["due_at"] == "15:30:00" and response.json()["method"] == "visit"
    assert client_for(consultant).patch(f"{URL}{task.pk}/", {"due_on": "1999-01-01"},
                                        format="json").status_code == 400


def test_bulk_creation_for_selected_customers_and_a_filter(director, consultant, consultant2, customer, customer2,
                                                           client_for):
    from yimei.customers import services as customers

    orphan = customers.create_customer(operator=director, name="无主客户", phone="13800138103")
    client = client_for(director)
    body = {"customers": [customer.pk, customer2.pk, orphan.pk], "assignee_mode": "owning_consultant",
            "due_on": str(today()), "method": "sms", "purpose": "活动邀约"}
    response = client.post(f"{URL}bulk/", body, format="json")
    assert response.status_code == 200, response.content
    assert response.json()["created"] == 2 and response.json()["skipped"] == 1
    assert set(FollowUpTask.objects.values_list("assignee_id", flat=True)) == {consultant.pk, consultant2.pk}
    assert Notification.objects.filter(user=consultant, kind="followup_assigned").exists()
    again = client.post(f"{URL}bulk/", body, format="json").json()
    assert again["created"] == 0 and again["skipped_reasons"] == {"当天已有待回访任务": 2,
                                                                  "客户没有对应的咨询师": 1}
    by_filter = client.post(f"{URL}bulk/", {"customer_filter": {"search": "wds"}, "assignee_mode": "operator",
                                             "due_on": str(today() + timedelta(days=1)), "method": "phone",
                                             "purpose": "回访"}, format="json").json()
    assert by_filter["created"] == 1
    assert FollowUpTask.objects.filter(customer=customer2, assignee=director).count() == 1
    bad = client.post(f"{URL}bulk/", {"customer_filter": {"last_visit_after": "not-a-date"},
                                      "assignee_mode": "operator", "due_on": str(today()), "method": "phone",
                                      "purpose": "回访"}, format="json")
    assert bad.status_code == 400


def test_bulk_refuses_customers_outside_scope(consultant, customer, customer2, client_for):
    response = client_for(consultant).post(f"{URL}bulk/", {
        "customers": [customer.pk, customer2.pk], "assignee_mode": "operator", "due_on": str(today()),
        "method": "phone", "purpose": "回访"}, format="json")
    assert response.status_code == 400 and "不在您的数据权限范围内" in response.json()["message"]
    assert not FollowUpTask.objects.exists()


def test_every_write_is_in_the_operation_log(consultant, customer, client_for):
    client_for(consultant).post(URL, {"customer": customer.pk, "due_on": str(today()), "method": "phone",
                                      "purpose": "回访"}, format="json")
    assert OperationLog.objects.filter(module="followups", action="create", result="success").exists()
