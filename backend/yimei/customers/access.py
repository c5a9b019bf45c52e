"""Permission codes and the data-scope module of the customer file (客户档案)."""

from yimei.core.access import button, menu, page, register_module, register_permissions

register_module("customers", "客户档案", "Customer file")

register_permissions(
    menu(
        "customers", "客户", "Customers",
        page(
            "customers.customer.view", "客户档案", "Customer files",
            button("customers.customer.add", "新建客户", "Add"),
            button("customers.customer.change", "修改档案", "Edit"),
            button("customers.customer.unmask", "查看完整手机号/身份证号", "View full phone / ID number"),
            button("customers.customer.export", "导出", "Export"),
            button("customers.customer.bulk_tag", "批量打标签", "Bulk tag"),
            button("customers.customer.reassign", "更换/批量分配咨询", "Reassign consultants"),
            button("customers.customer.merge", "合并档案", "Merge files"),
            button("customers.customer.import", "历史数据导入", "Import"),
        ),
        page(
            "customers.visit.view", "到访分诊", "Visits and triage",
            button("customers.visit.add", "到院登记", "Check in"),
            button("customers.visit.triage", "分诊", "Triage"),
            button("customers.visit.change", "修改/离院/取消", "Edit, leave, cancel"),
        ),
        page(
            "customers.consultation.view", "咨询记录", "Consultations",
            button("customers.consultation.add", "新建咨询", "Add"),
            button("customers.consultation.change", "修改咨询", "Edit"),
        ),
        page(
            "customers.assessment.view", "医生评估", "Assessments",
            button("customers.assessment.add", "新建评估", "Add"),
            button("customers.assessment.change", "修改评估", "Edit"),
        ),
        page(
            "customers.complaint.view", "投诉", "Complaints",
            button("customers.complaint.add", "登记投诉", "Add"),
            button("customers.complaint.handle", "处理投诉", "Handle"),
        ),
        page(
            "customers.settings.view", "客户设置", "Customer settings",
            button("customers.settings.manage", "维护来源、标签、等级与评估表", "Manage sources, tags, tiers, forms"),
        ),
    ),
)
