"""Permission codes and data-scope module of the audit log (安全审计)."""

from yimei.core.access import button, menu, page, register_module, register_permissions

register_module("audit", "安全审计", "Audit")

register_permissions(
    menu(
        "audit", "安全审计", "Audit",
        page(
            "audit.log.view", "审计日志", "Audit log",
            button("audit.log.export", "导出", "Export"),
        ),
    ),
)
