"""Customer resource rules (客户资源优化): after N days without progress a customer is released from the owning
consultant (audited, on the timeline, both consultants told), flagged or given a follow-up — once per trigger."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from yimei.audit.models import ChangeLog, OperationLog
from yimei.customers import visits
from yimei.customers.models import Customer, CustomerEvent, CustomerTag, Tag, TagCategory
from yimei.followups import engine
from yimei.followups.models import FollowUpTask, Notification, ResourceAction, ResourceRule

pytestmark = pytest.mark.django_db
URL = "/api/v1/resource-rules/"


def today():
    return timezone.localdate()


def visited(customer, operator, days_ago: int):
    visit = visits.check_in(customer, operator=operator, arrived_at=timezone.now() - timedelta(days=days_ago))
    return visits.leave(visit, operator=operator, left_at=visit.arrived_at + timedelta(minutes=30))


def test_release_after_n_days_without_buying_is_audited_and_told(director, consultant, consultant2, customer, org,
                                                                  client_for):
    # given a rule made through the API: 30 days after a visit without buying, release to consultant2
    response = client_for(director).post(URL, {"name": "到访30天未成交释放", "kind": "visited_no_buy", "days": 30,
                                               "action": "release", "release_to": consultant2.pk}, format="json")
    assert response.status_code == 201, response.content
    rule = ResourceRule.objects.get(pk=response.json()["id"])
    visited(customer, director, days_ago=29)
    # when the engine runs on day 29: nothing yet
    assert engine.run_scans().get(f"resource:{rule.pk}", 0) == 0
    assert Customer.objects.get(pk=customer.pk).consultant == consultant
    # on day 30 the customer is released
    counts = engine.run_scans(today=today() + timedelta(days=1))
    assert counts[f"resource:{rule.pk}"] == 1
    moved = Customer.objects.get(pk=customer.pk)
    assert moved.consultant == consultant2 and moved.org_unit == consultant2.org_unit
    action = ResourceAction.objects.get()
    assert (action.action, action.from_consultant, action.to_consultant) == ("release", consultant, consultant2)
    assert "未成交" in action.reason and consultant.name in action.reason
    # audited: the operation log, the change log of the file, the timeline, and both consultants told
    log = OperationLog.objects.get(module="followups", action="release")
    assert log.object_id == str(rule.pk) and str(customer.pk) in log.message and "释放客户 1 位" in log.message
    changes = ChangeLog.objects.filter(object_type="customers.customer", object_id=str(customer.pk), action="update")
    assert any((c.after or {}).get("consultant_id") == consultant2.pk for c in changes)
    assert CustomerEvent.objects.filter(customer=customer, type="customer.released").exists()
    assert CustomerEvent.objects.filter(customer=customer, type="customer.reassigned").exists()
    assert Notification.objects.filter(user=consultant, kind="resource_release").exists()
    assert Notification.objects.filter(user=consultant2, kind="resource_assigned").exists()
    # once: running again, even with the scan date forgotten, does nothing more
    ResourceRule.objects.update(scanned_through=None)
    assert engine.run_scans(today=today() + timedelta(days=1)).get(f"resource:{rule.pk}", 0) == 0
    assert ResourceAction.objects.count() == 1
    # and the log page shows what was done and why
    rows = client_for(director).get("/api/v1/resource-actions/").json()["results"]
    assert rows[0]["action_display"] == "释放客户" and rows[0]["to_consultant"]["id"] == consultant2.pk
    assert rows[0]["customer"]["phone"] == "138****8101"


def test_release_to_a_pool_clears_the_consultant_and_moves_the_file(director, consultant, customer, org):
    rule = ResourceRule.objects.create(name="释放到公共池", kind="visited_no_buy", days=30, action="release",
                                       release_to_pool=org["team_a2"])
    visited(customer, director, days_ago=30)
    engine.run_scans()
    moved = Customer.objects.get(pk=customer.pk)
    assert moved.consultant is None and moved.org_unit == org["team_a2"]
    assert ResourceAction.objects.get(rule=rule).to_pool == org["team_a2"]


def test_a_customer_who_bought_is_not_released(director, consultant, customer, item, modes):
    from yimei.followups.tests.conftest import sell

    ResourceRule.objects.create(name="到访未成交", kind="visited_no_buy", days=30, action="release",
                                release_to=director)
    visited(customer, director, days_ago=30)
    sell(customer, item, operator=director, modes=modes)
    engine.run_scans()
    assert Customer.objects.get(pk=customer.pk).consultant == consultant
    assert not ResourceAction.objects.exists()


def test_no_follow_up_after_a_visit_creates_a_task_unless_someone_followed_up(director, consultant, consultant2,
                                                                              customer, customer2):
    from yimei.followups import services

    rule = ResourceRule.objects.create(name="到访7天无回访", kind="no_followup_after_visit", days=7,
                                       action="create_task")
    visited(customer, director, days_ago=7)
    visited(customer2, director, days_ago=7)
    followed = services.create_task(customer=customer2, operator=consultant2, due_on=today(), method="phone",
                                    purpose="到院后回访")
    services.record_result(followed, operator=consultant2, result_content="已回访", outcome="reached")
    engine.run_scans()
    action = ResourceAction.objects.get(rule=rule)
    assert action.customer == customer and action.task.assignee == consultant
    assert action.task.source_type == "followups.resourceaction" and "无回访" in action.task.source_summary
    assert not FollowUpTask.objects.filter(customer=customer2, source_type="followups.resourceaction").exists()
    assert ChangeLog.objects.filter(object_type="followups.followuptask", object_id=str(action.task_id),
                                    action="create").count() == 1
    assert OperationLog.objects.filter(module="followups", action="auto_create", object_id=str(rule.pk)).exists()


def test_an_old_customer_visiting_again_without_buying_is_flagged(director, consultant, customer, item, modes):
    from yimei.followups.tests.conftest import sell

    tag = Tag.objects.create(category=TagCategory.objects.create(name="资源"), name="待跟进")
    rule = ResourceRule.objects.create(name="老客回店未消费", kind="returning_no_buy", days=3, action="flag",
                                       flag_tag=tag)
    first = visits.check_in(customer, operator=director, arrived_at=timezone.now() - timedelta(days=60))
    visits.leave(first, operator=director, left_at=first.arrived_at + timedelta(hours=1))
    sell(customer, item, operator=director, modes=modes)
    Customer.objects.filter(pk=customer.pk).update(cumulative_spend_amount=880)
    from yimei.sales.models import Payment

    Payment.objects.filter(customer=customer).update(created_at=timezone.now() - timedelta(days=60))
    visited(customer, director, days_ago=3)
    engine.run_scans()
    action = ResourceAction.objects.get(rule=rule)
    assert action.action == "flag" and "老客户" in action.reason
    assert CustomerTag.objects.filter(customer=customer, tag=tag).exists()
    assert CustomerEvent.objects.filter(customer=customer, type="customer.flagged").exists()
    assert Notification.objects.filter(user=consultant, kind="resource_flag").exists()
    assert Customer.objects.get(pk=customer.pk).consultant == consultant


@pytest.mark.parametrize(("body", "field"), [
    ({"days": -1}, "days"),
    ({"days": 0}, "days"),
    ({"action": "release"}, "release_to_pool"),
    ({"kind": "nonsense"}, "kind"),
    ({"name": ""}, "name"),
])
def test_bad_resource_rules_are_refused(body, field, director, client_for):
    data = {"name": "规则", "kind": "visited_no_buy", "days": 30, "action": "flag", **body}
    response = client_for(director).post(URL, data, format="json")
    assert response.status_code == 400, response.content
    assert field in response.json()["fields"]
    assert not ResourceRule.objects.exists()


def test_release_target_outside_scope_or_disabled_is_refused(director, outsider, consultant, client_for):
    from yimei.accounts import services as accounts

    client = client_for(director)
    data = {"name": "释放", "kind": "visited_no_buy", "days": 30, "action": "release"}
    assert client.post(URL, {**data, "release_to": outsider.pk}, format="json").json()["code"] == "out_of_scope"
    accounts.set_staff_active(consultant, actor=director, active=False)
    assert "已停用" in client.post(URL, {**data, "release_to": consultant.pk}, format="json").json()["message"]
    assert not ResourceRule.objects.exists()


def test_a_rule_that_acted_cannot_be_deleted(director, customer, client_for):
    rule = ResourceRule.objects.create(name="预警", kind="visited_no_buy", days=30, action="flag")
    visited(customer, director, days_ago=30)
    engine.run_scans()
    response = client_for(director).delete(f"{URL}{rule.pk}/")
    assert response.status_code == 400 and "停用" in response.json()["message"]
    assert ResourceRule.objects.filter(pk=rule.pk).exists()
    unused = ResourceRule.objects.create(name="未用", kind="visited_no_buy", days=30, action="flag")
    assert client_for(director).delete(f"{URL}{unused.pk}/").status_code == 204
