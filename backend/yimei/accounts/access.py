"""Permission codes and data-scope module of organisation and staff (系统管理)."""

from yimei.core.access import button, menu, page, register_module, register_permissions

register_module("accounts", "组织与员工", "Organisation and staff")

register_permissions(
    menu(
        "system", "系统管理", "System",
        page(
            "accounts.orgunit.view", "组织架构", "Organisation",
            button("accounts.orgunit.add", "新增", "Add"),
            button("accounts.orgunit.change", "修改", "Edit"),
            button("accounts.orgunit.delete", "删除", "Delete"),
        ),
        page(
            "accounts.position.view", "岗位", "Positions",
            button("accounts.position.add", "新增", "Add"),
            button("accounts.position.change", "修改", "Edit"),
            button("accounts.position.delete", "删除", "Delete"),
        ),
        page(
            "accounts.staff.view", "员工", "Staff",
            button("accounts.staff.add", "新增", "Add"),
            button("accounts.staff.change", "修改", "Edit"),
            button("accounts.staff.disable", "停用/启用", "Disable / enable"),
            button("accounts.staff.reset_password", "重置密码", "Reset password"),
            button("accounts.staff.unlock", "解除锁定", "Unlock"),
            button("accounts.staff.assign_roles", "分配角色", "Assign roles"),
            button("accounts.staff.unmask", "查看完整手机号", "View full phone number"),
        ),
        page(
            "accounts.role.view", "角色", "Roles",
            button("accounts.role.add", "新增", "Add"),
            button("accounts.role.change", "修改", "Edit"),
            button("accounts.role.delete", "删除", "Delete"),
        ),
    ),
)
