"""Permission codes and the data-scope module of follow-ups (回访与客户资源)."""

from yimei.core.access import button, menu, page, register_module, register_permissions

register_module("followups", "回访", "Follow-ups")

register_permissions(
    menu(
        "followups", "回访", "Follow-ups",
        page(
            "followups.task.view", "回访任务", "Follow-up tasks",
            button("followups.task.add", "新建回访", "New follow-up"),
            button("followups.task.change", "登记结果/修改/取消", "Record results, edit, cancel"),
            button("followups.task.assign", "改派与批量分配", "Reassign and bulk create"),
        ),
        page("followups.rule.change", "自动回访规则", "Automatic follow-up rules"),
        page("followups.careplan.change", "术后护理方案", "Aftercare plans"),
        page(
            "followups.resource.view", "客户资源优化", "Customer resource rules",
            button("followups.resource.change", "维护资源规则", "Manage resource rules"),
        ),
    ),
)
