"""The 回访 tab of the customer 360° view and the follow-up event types of the timeline."""

from django.db.models import Q

from yimei.customers.tabs import Figure, Tab, register_figure, register_tab, related_count
from yimei.customers.timeline import register_event_type

VIEW = "followups.task.view"

register_tab(Tab("followups", "回访", "Follow-ups", VIEW, 60, related_count("followups.FollowUpTask")))
register_figure(Figure("open_followups", "待回访", "Open follow-ups", VIEW, 60,
                       related_count("followups.FollowUpTask", extra=Q(status="open"))))

for code, name, name_en, permission in [
    ("followup.created", "回访计划", "Follow-up planned", VIEW),
    ("followup.done", "回访", "Follow-up done", VIEW),
    ("followup.cancelled", "取消回访", "Follow-up cancelled", VIEW),
    ("customer.released", "释放客户", "Customer released", "customers.customer.view"),
    ("customer.flagged", "资源预警", "Customer flagged", "customers.customer.view"),
]:
    register_event_type(code, name, name_en, permission=permission)
