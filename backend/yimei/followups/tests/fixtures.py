"""Follow-up rows for the cross-cutting API tests (permission matrix, fuzzing): one per resource with a detail
route, merged into ``yimei/core/tests/conftest.py``'s ``objects``."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from typing import Any

from django.utils import timezone


def followups_objects(staff: Any) -> dict[str, int]:
    from yimei.catalog.models import ItemCategory, TreatmentItem
    from yimei.customers import services as customers
    from yimei.followups import care, services
    from yimei.followups.models import Notification, ResourceAction, ResourceRule
    from yimei.followups.rules import ensure_default_rules

    customer = customers.create_customer(operator=staff, name="回访测试客户", phone="13900000166")
    # Planned by the system (no operator) for ``staff``, who need not hold any follow-up code.
    task = services.create_task(customer=customer, operator=None, assignee=staff, method="phone",
                                due_on=timezone.localdate() + timedelta(days=1), purpose="测试回访")
    category = ItemCategory.objects.create(name="回访测试分类")
    item = TreatmentItem.objects.create(code="F-I1", name="回访测试项目", category=category,
                                        price_amount=Decimal("100"))
    plan = care.save_care_plan(item, operator=staff, instructions="术后一周内避免日晒。", followup_nodes=[1, 7],
                               message_nodes=[7])
    used = ResourceRule.objects.create(name="已执行的规则", kind="visited_no_buy", days=30, action="flag")
    action = ResourceAction.objects.create(rule=used, customer=customer, action="flag", trigger_key="t:1",
                                           reason="测试")
    rule = ResourceRule.objects.create(name="测试资源规则", kind="visited_no_buy", days=30, action="create_task")
    note = Notification.objects.create(user=staff, kind="test", title="测试通知")
    return {"followups": task.pk, "followup-rules": ensure_default_rules()[0].pk, "care-plans": plan.pk,
            "resource-rules": rule.pk, "resource-actions": action.pk, "notifications": note.pk}
