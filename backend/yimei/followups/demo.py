"""The demo department's follow-ups (demo database only): the five automatic rules switched on with the delays a
clinic would choose, aftercare plans for the demo items, resource rules, and follow-ups of the demo consultants
(due today, overdue, coming, done) — made through the same services the console calls. Then one engine pass, so
the demo's deductions of today carry their aftercare messages and post-treatment follow-ups, and last week's
no-shows their calls."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone

from yimei.audit.services import record_operation
from yimei.core import context

# kind → (delay days, params, assignee mode)
RULES = {
    "no_show": (0, {}, "operator"),
    "visit_unpaid": (1, {}, "owning_consultant"),
    "paid_unused": (0, {"days": 30}, "owning_consultant"),
    "post_treatment": (1, {}, "operator"),
    "dormant": (0, {"days": 180}, "owning_consultant"),
}
ENERGY = ("术后当天治疗区域可能轻微发红发热，可冷敷 15–20 分钟。\n"
          "一周内严格防晒（SPF30 以上，外出戴帽或打伞），避免桑拿、泡温泉和剧烈运动。\n"
          "一周内不要使用含果酸、水杨酸、视黄醇的护肤品，做好保湿。\n"
          "如出现水疱、明显肿胀或色沉，请及时联系科室。")
INJECTION = ("注射后 4 小时内不要沾水、不要化妆，24 小时内避免按压、揉搓注射部位。\n"
             "一周内不饮酒、不吃辛辣刺激食物，避免桑拿和高温环境。\n"
             "注射部位轻微红肿、针眼属正常现象，通常 1–3 天消退；如肿胀加重、发热或疼痛明显，请立即联系科室。")
SURGERY = ("术后 48 小时内伤口不要沾水，按医嘱按时服药、换药。\n"
           "术后一周复查拆线，一个月、三个月复查恢复情况。\n"
           "一个月内不饮酒、不吸烟，避免剧烈运动和重体力劳动。\n"
           "如出现伤口渗血、化脓、发热或剧烈疼痛，请立即联系科室或到院就诊。")
PEEL = ("换肤后 3 天内可能有轻微脱屑、泛红，请勿用手撕皮。\n"
        "一周内加强保湿和防晒，不使用磨砂、去角质产品。")
# item code → (instructions, follow-up nodes, message nodes)
PLANS = {
    "IPL-01": (ENERGY, [1, 7, 30], [7, 30]),
    "PICO-01": (ENERGY, [1, 7, 30], [7, 30]),
    "THERM-01": (ENERGY, [1, 7, 30, 90], [7, 30, 90]),
    "HIFU-01": (ENERGY, [1, 7, 30, 90], [7, 30, 90]),
    "BTX-100": (INJECTION, [1, 14], [3, 14]),
    "HYDRA-01": (INJECTION, [1, 7], [3, 7]),
    "EYE-01": (SURGERY, [1, 3, 7, 30, 90], [7, 30, 90]),
    "NOSE-01": (SURGERY, [1, 3, 7, 30, 90], [7, 30, 90]),
    "LIPO-01": (SURGERY, [1, 3, 7, 30, 90], [7, 30, 90]),
    "PEEL-01": (PEEL, [1, 7], [7]),
}
CONSULTANTS = ("consultant", "consultant2", "online")


@transaction.atomic
def seed_followups() -> int:
    """Once (when there are no follow-ups and no care plans): returns how many follow-ups exist afterwards."""
    from yimei.accounts.models import OrgUnit, User
    from yimei.catalog.models import TreatmentItem
    from yimei.customers.models import Customer
    from yimei.followups import care, engine
    from yimei.followups.models import CarePlan, FollowUpRule, FollowUpTask, ResourceRule
    from yimei.followups.rules import ensure_default_rules

    if FollowUpTask.objects.exists() or CarePlan.objects.exists():
        return 0
    staff = {u.username: u for u in User.objects.filter(username__in=[*CONSULTANTS, "director"])}
    if len(staff) < len(CONSULTANTS) + 1:
        return 0
    director = staff["director"]
    today = timezone.localdate()
    with context.request_context(context.RequestContext(request_id="seed-demo", actor="系统")):
        ensure_default_rules()
        for kind, (delay, params, mode) in RULES.items():
            FollowUpRule.objects.filter(kind=kind).update(enabled=True, delay_days=delay, params=params,
                                                          assignee_mode=mode, updated_at=timezone.now())
        for item in TreatmentItem.objects.filter(code__in=PLANS):
            text, follow, message = PLANS[item.code]
            care.save_care_plan(item, operator=director, instructions=text, followup_nodes=follow,
                                message_nodes=message)
        pool = OrgUnit.objects.filter(code="consult_2").first()
        ResourceRule.objects.create(name="到访 30 天未成交预警", kind="visited_no_buy", days=30, action="flag")
        ResourceRule.objects.create(name="到访后 7 天未回访提醒", kind="no_followup_after_visit", days=7,
                                    action="create_task")
        ResourceRule.objects.create(name="到访 90 天未成交释放到公共池", kind="visited_no_buy", days=90,
                                    action="release", release_to_pool=pool, enabled=False)
        for username in CONSULTANTS:
            person = staff[username]
            field = "online_consultant" if username == "online" else "consultant"
            customers = list(Customer.objects.filter(**{field: person}, merged_into__isnull=True)
                             .order_by("-last_visit_on", "pk")[:7])
            _plan_for(person, customers, director=director, today=today)
        engine.run_engine()
        count = FollowUpTask.objects.count()
        record_operation(module="followups", action="seed_demo",
                         message=f"载入演示回访：自动规则已启用，护理方案 {CarePlan.objects.count()} 个，"
                                 f"回访任务 {count} 条")
    return count


def _plan_for(person: Any, customers: list[Any], *, director: Any, today: Any) -> None:
    """Two due today, two overdue, one coming, two done (one with a next plan)."""
    from yimei.followups import services
    from yimei.followups.models import FollowUpTask

    purposes = ["咨询后跟进方案意向", "提醒到院复查", "活动邀约", "术后恢复情况", "了解治疗效果", "生日关怀",
                "确认下次预约时间"]
    for n, customer in enumerate(customers):
        planner = director if n % 3 == 0 else person
        task = services.create_task(customer=customer, operator=planner, assignee=person,
                                    due_on=today + timedelta(days=3 if n == 4 else 0),
                                    method=("phone", "wechat", "visit")[n % 3], purpose=purposes[n % len(purposes)],
                                    script=f"{customer.name}您好，我是您的咨询师{person.name}。")
        if n in (2, 3):  # overdue: planned earlier, not done yet
            FollowUpTask.objects.filter(pk=task.pk).update(due_on=today - timedelta(days=n - 1))
        elif n == 5:
            services.record_result(task, operator=person, result_content="客户反馈效果满意，暂无新需求。",
                                   outcome="reached", satisfaction=5)
        elif n == 6:
            services.record_result(task, operator=person, result_content="客户在外地，下周回来后再约。",
                                   outcome="reached", satisfaction=4, next_plan="下周确认到院时间",
                                   next_due_on=today + timedelta(days=7))
