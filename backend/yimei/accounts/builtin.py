"""Built-in roles: the three separated administrators (三权分立) and the department's working roles.

Permission lists grow as modules are added; ``sync_permissions_and_builtin_roles`` grants a built-in role
the codes newly registered for it, and never takes back what an administrator changed.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from yimei.core.scopes import Scope

SYSADMIN = "sysadmin"
SECADMIN = "secadmin"
AUDITADMIN = "auditadmin"
# A person may hold at most one of these (separation of duties).
SEPARATED_ROLES = (SYSADMIN, SECADMIN, AUDITADMIN)


# Customer-file codes, grouped as the working roles use them.
C_FILE = ("customers.customer.view", "customers.customer.add", "customers.customer.change")
C_VISIT = ("customers.visit.view", "customers.visit.add", "customers.visit.triage", "customers.visit.change")
C_CONSULT = ("customers.consultation.view", "customers.consultation.add", "customers.consultation.change")
C_ALL = (
    *C_FILE, *C_VISIT, *C_CONSULT,
    "customers.customer.unmask", "customers.customer.export", "customers.customer.bulk_tag",
    "customers.customer.reassign", "customers.customer.merge", "customers.customer.import",
    "customers.assessment.view", "customers.assessment.add", "customers.assessment.change",
    "customers.complaint.view", "customers.complaint.add", "customers.complaint.handle",
    "customers.settings.view", "customers.settings.manage",
)

# Catalogue codes: every clinical role reads the catalogue and the handbook; the director and 项目维护 manage it.
CAT_VIEW = ("catalog.handbook.view", "catalog.item.view", "catalog.product.view", "catalog.card.view",
            "catalog.knowledge.view")
CAT_MANAGE = (*CAT_VIEW, "catalog.item.manage", "catalog.product.manage", "catalog.card.manage",
              "catalog.knowledge.manage")

# Sales codes: consultants open orders, cashiers take money and ask for refunds, nurses and doctors deduct;
# the director holds everything, approvals included.
S_CONSULT = ("sales.order.view", "sales.order.add", "sales.asset.view", "sales.performance.view")
S_DEDUCT = ("sales.deduction.view", "sales.deduction.add", "sales.asset.view", "sales.performance.view")
S_CASHIER = ("sales.order.view", "sales.order.add", "sales.order.void", "sales.payment.view", "sales.payment.take",
             "sales.refund.view", "sales.refund.request", "sales.asset.view", "sales.dayend.view",
             "sales.deduction.view", "sales.settings.view")
# Appointment codes: everyone at the front line reads the calendar; reception and consultants book, reception checks
# customers in; the director also keeps the schedules, rooms and devices and the settings.
A_VIEW = ("appointments.appointment.view", "appointments.schedule.view")
A_BOOK = (*A_VIEW, "appointments.appointment.add", "appointments.appointment.change", "appointments.appointment.cancel")
A_FRONT = (*A_BOOK, "appointments.appointment.checkin")
A_ALL = (*A_FRONT, "appointments.schedule.change", "appointments.resource.change", "appointments.settings.change")
# Follow-up codes: everyone who talks to customers plans and records their own follow-ups; the director also
# reassigns, configures the automatic rules, the aftercare plans and the customer-resource rules.
F_WORK = ("followups.task.view", "followups.task.add", "followups.task.change")
F_ALL = (*F_WORK, "followups.task.assign", "followups.rule.change", "followups.careplan.change",
         "followups.resource.view", "followups.resource.change")
S_ALL = (*S_CASHIER, "sales.discount.approve", "sales.refund.approve", "sales.deduction.add",
         "sales.deduction.reverse", "sales.performance.view", "sales.performance.view_all", "sales.settings.manage")
# Message-centre codes: the front desk sees what was sent to customers; the director also retries and cancels,
# edits the templates and configures the channels.
N_VIEW = ("notify.message.view",)
N_ALL = (*N_VIEW, "notify.message.retry", "notify.template.change", "notify.settings.change")


@dataclass(frozen=True)
class BuiltinRole:
    code: str
    name: str
    description: str
    permissions: tuple[str, ...] = ()
    scopes: dict[str, str] = field(default_factory=dict)


BUILTIN_ROLES: tuple[BuiltinRole, ...] = (
    BuiltinRole(
        SYSADMIN, "系统管理员", "组织架构、岗位、员工账号与系统配置；不能分配角色，不能查看审计日志。",
        (
            "accounts.orgunit.view", "accounts.orgunit.add", "accounts.orgunit.change", "accounts.orgunit.delete",
            "accounts.position.view", "accounts.position.add", "accounts.position.change",
            "accounts.position.delete",
            "accounts.staff.view", "accounts.staff.add", "accounts.staff.change", "accounts.staff.disable",
            "accounts.staff.reset_password", "accounts.staff.unlock", "accounts.staff.unmask",
            "accounts.role.view",
        ),
        {"accounts": Scope.ALL},
    ),
    BuiltinRole(
        SECADMIN, "安全管理员", "角色、功能权限与数据权限，给员工分配角色，解锁与重置密码。",
        (
            "accounts.orgunit.view", "accounts.position.view",
            "accounts.staff.view", "accounts.staff.assign_roles", "accounts.staff.unlock",
            "accounts.staff.reset_password",
            "accounts.role.view", "accounts.role.add", "accounts.role.change", "accounts.role.delete",
        ),
        {"accounts": Scope.ALL},
    ),
    BuiltinRole(
        AUDITADMIN, "审计管理员", "查看与导出审计日志；不能修改业务数据和账号。",
        ("audit.log.view", "audit.log.export"),
        {"audit": Scope.ALL},
    ),
    BuiltinRole(
        "director", "科室主任", "科室全部业务数据的查看与管理。",
        ("accounts.orgunit.view", "accounts.position.view", "accounts.staff.view", *C_ALL, *CAT_MANAGE, *S_ALL,
         *A_ALL, *F_ALL, *N_ALL, "workbench.director.view"),
        {"accounts": Scope.DEPARTMENT_AND_BELOW, "customers": Scope.DEPARTMENT_AND_BELOW,
         "sales": Scope.DEPARTMENT_AND_BELOW, "appointments": Scope.DEPARTMENT_AND_BELOW,
         "followups": Scope.DEPARTMENT_AND_BELOW, "notify": Scope.DEPARTMENT_AND_BELOW},
    ),
    BuiltinRole(
        "receptionist", "前台", "预约、到院登记与分诊。",
        (*C_FILE, *C_VISIT, "customers.complaint.view", "customers.complaint.add", "customers.settings.view",
         *CAT_VIEW, *A_FRONT, *F_WORK, *N_VIEW, "workbench.reception.view"),
        {"customers": Scope.DEPARTMENT_AND_BELOW, "appointments": Scope.DEPARTMENT_AND_BELOW,
         "followups": Scope.OWN, "notify": Scope.DEPARTMENT_AND_BELOW},
    ),
    BuiltinRole(
        "consultant", "现场咨询", "接诊、咨询、开单，维护自己的客户。",
        (*C_FILE, "customers.visit.view", "customers.visit.change", *C_CONSULT, "customers.assessment.view",
         "customers.complaint.view", "customers.complaint.add", "customers.settings.view", *CAT_VIEW, *S_CONSULT,
         *A_BOOK, *F_WORK, "workbench.consultant.view"),
        # The booking calendar is the department's: consultants see who holds the doctors' time (customers they
        # may book are still only their own, by the customer-file scope).
        {"customers": Scope.OWN, "sales": Scope.OWN, "appointments": Scope.DEPARTMENT_AND_BELOW,
         "followups": Scope.OWN},
    ),
    BuiltinRole(
        "online_consultant", "网电咨询", "线索、网电咨询与预约。",
        (*C_FILE, *C_CONSULT, "customers.settings.view", *CAT_VIEW, "sales.order.view", "sales.asset.view",
         "sales.performance.view", *A_BOOK, *F_WORK, "workbench.consultant.view"),
        {"customers": Scope.OWN, "sales": Scope.OWN, "appointments": Scope.DEPARTMENT_AND_BELOW,
         "followups": Scope.OWN},
    ),
    BuiltinRole(
        "doctor", "医生", "面诊、治疗、划扣。",
        ("customers.customer.view", "customers.visit.view", "customers.visit.change", "customers.consultation.view",
         "customers.assessment.view", "customers.assessment.add", "customers.assessment.change",
         "customers.complaint.view", "customers.settings.view", *CAT_VIEW, *S_DEDUCT, "sales.order.view", *A_VIEW,
         *F_WORK, "workbench.clinician.view"),
        {"customers": Scope.DEPARTMENT_AND_BELOW, "sales": Scope.DEPARTMENT_AND_BELOW,
         "appointments": Scope.DEPARTMENT_AND_BELOW, "followups": Scope.OWN},
    ),
    BuiltinRole(
        "nurse", "护士", "治疗、划扣与术后护理。",
        ("customers.customer.view", "customers.visit.view", "customers.assessment.view", "customers.settings.view",
         *CAT_VIEW, *S_DEDUCT, *A_VIEW, *F_WORK, "workbench.clinician.view"),
        {"customers": Scope.DEPARTMENT_AND_BELOW, "sales": Scope.DEPARTMENT_AND_BELOW,
         "appointments": Scope.DEPARTMENT_AND_BELOW, "followups": Scope.OWN},
    ),
    BuiltinRole(
        "cashier", "收银", "收费、退款与日结。",
        ("customers.customer.view", "customers.visit.view", "customers.settings.view", *CAT_VIEW, *S_CASHIER,
         "workbench.cashier.view"),
        {"customers": Scope.DEPARTMENT_AND_BELOW, "sales": Scope.DEPARTMENT_AND_BELOW},
    ),
    BuiltinRole("stock_keeper", "库管", "物品、批次、出入库与盘点。",
                ("catalog.product.view", "catalog.item.view")),
    BuiltinRole("catalog_manager", "项目维护", "维护服务项目、分类、商品、卡项、会员价、耗材、操作费、知识库与案例。",
                CAT_MANAGE),
)
