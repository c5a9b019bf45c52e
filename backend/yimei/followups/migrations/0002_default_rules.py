"""The five automatic follow-up rules (disabled until the department switches them on) and the engine's state."""

from django.db import migrations

RULES = [
    ("no_show", "预约未到访", 0, {}, "operator", "预约未到院回访",
     "{customer_name}您好，您预约了{appointment_time}到院，没见到您，想问问是否需要重新安排时间？"),
    ("visit_unpaid", "到访未支付", 1, {}, "owning_consultant", "到院未成交回访",
     "{customer_name}您好，感谢您{visit_date}到院咨询，对方案还有什么顾虑吗？"),
    ("paid_unused", "支付后该做治疗", 0, {"days": 30}, "owning_consultant", "提醒到院治疗",
     "{customer_name}您好，您的{item_name}还有剩余次数，已有{days}天未来治疗，帮您预约时间吗？"),
    ("post_treatment", "治疗后术后回访", 1, {}, "operator", "术后回访",
     "{customer_name}您好，您{treated_on}做了{item_name}，今天是术后第{days}天，恢复得怎么样？"),
    ("dormant", "睡眠客户邀约", 0, {"days": 180}, "owning_consultant", "睡眠客户邀约",
     "{customer_name}您好，已经{days}天没见到您了，近期有新的项目和活动，欢迎回来看看。"),
]


def seed(apps, schema_editor):
    rule_model = apps.get_model("followups", "FollowUpRule")
    for kind, name, delay, params, mode, purpose, script in RULES:
        rule_model.objects.get_or_create(kind=kind, defaults={
            "name": name, "enabled": False, "delay_days": delay, "params": params, "assignee_mode": mode,
            "method": "phone", "purpose": purpose, "script_template": script})
    apps.get_model("followups", "EngineState").objects.get_or_create(pk=1)


class Migration(migrations.Migration):
    dependencies = [("followups", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
