"""The demo department: org units, positions and staff covering every role (demo database only)."""

from __future__ import annotations

from django.db import transaction

from yimei.accounts import services
from yimei.accounts.choices import UnitKind
from yimei.accounts.models import OrgUnit, Role, User
from yimei.audit.services import record_operation
from yimei.core import context

DEMO_PASSWORD = "Demo@2026"  # noqa: S105  (demo database only; seed_demo refuses outside demo mode)

POSITIONS = [
    ("director", "科室主任"), ("doctor", "医生"), ("nurse", "护士"), ("therapist", "治疗师"),
    ("onsite_consultant", "现场咨询"), ("online_consultant", "网电咨询"), ("receptionist", "前台"),
    ("cashier", "收银"), ("stock_keeper", "库管"), ("it_admin", "信息管理"),
]

# (code, name, kind, parent code)
UNITS = [
    ("hospital", "成都市锦江医院", UnitKind.HOSPITAL, None),
    ("aesthetics", "医学美容科", UnitKind.DEPARTMENT, "hospital"),
    ("consult_1", "咨询一组", UnitKind.TEAM, "aesthetics"),
    ("consult_2", "咨询二组", UnitKind.TEAM, "aesthetics"),
    ("online", "网电组", UnitKind.TEAM, "aesthetics"),
    ("medical", "医疗组", UnitKind.TEAM, "aesthetics"),
    ("nursing", "护理组", UnitKind.TEAM, "aesthetics"),
    ("front_desk", "前台收银组", UnitKind.TEAM, "aesthetics"),
    ("stock", "药械库房", UnitKind.TEAM, "aesthetics"),
    ("it", "信息科", UnitKind.DEPARTMENT, "hospital"),
]

# (username, name, staff number, phone, unit, positions, roles)
STAFF = [
    ("admin", "王磊", "IT001", "13880010001", "it", ["it_admin"], ["sysadmin"]),
    ("security", "李静", "IT002", "13880010002", "it", ["it_admin"], ["secadmin"]),
    ("auditor", "赵敏", "IT003", "13880010003", "it", ["it_admin"], ["auditadmin"]),
    ("director", "陈晓燕", "MZ001", "13980020001", "aesthetics", ["director", "doctor"], ["director"]),
    ("doctor", "刘洋", "MZ002", "13980020002", "medical", ["doctor"], ["doctor"]),
    ("doctor2", "周婷", "MZ003", "13980020003", "medical", ["doctor"], ["doctor"]),
    ("nurse", "杨雪", "MZ004", "13980020004", "nursing", ["nurse"], ["nurse"]),
    ("nurse2", "黄丽", "MZ005", "13980020005", "nursing", ["nurse", "therapist"], ["nurse"]),
    ("consultant", "张敏", "MZ006", "13980020006", "consult_1", ["onsite_consultant"], ["consultant"]),
    ("consultant2", "吴倩", "MZ007", "13980020007", "consult_2", ["onsite_consultant"], ["consultant"]),
    ("online", "孙悦", "MZ008", "13980020008", "online", ["online_consultant"], ["online_consultant"]),
    ("reception", "何佳", "MZ009", "13980020009", "front_desk", ["receptionist"], ["receptionist"]),
    ("cashier", "郭琳", "MZ010", "13980020010", "front_desk", ["cashier"], ["cashier"]),
    ("stock", "马强", "MZ011", "13980020011", "stock", ["stock_keeper"], ["stock_keeper"]),
    ("therapist", "罗娜", "MZ012", "13980020012", "nursing", ["therapist"], ["nurse"]),
]

DEMO_LOGINS = [row[0] for row in STAFF if row[0] not in {"nurse2", "therapist"}]

# The demo clinic's customers: a few hundred files with three years of history and a waiting list today.
DEMO_CUSTOMERS = 300
DEMO_CUSTOMER_SEED = 20260101
DEMO_VISITS_TODAY = 8


@transaction.atomic
def seed_demo() -> bool:
    """Create the demo department once. Returns False when it is already there."""
    if User.objects.filter(username="admin").exists():
        return False
    with context.request_context(context.RequestContext(request_id="seed-demo", actor="系统")):
        positions = {code: services.create_position(code=code, name=name, sort=i)
                     for i, (code, name) in enumerate(POSITIONS)}
        units: dict[str, OrgUnit] = {}
        for i, (code, name, kind, parent) in enumerate(UNITS):
            units[code] = services.create_org_unit(name=name, code=code, kind=kind,
                                                   parent=units.get(parent) if parent else None, sort=i)
        roles = {r.code: r for r in Role.objects.all()}
        for username, name, number, phone, unit, position_codes, role_codes in STAFF:
            user = services.create_staff(
                username=username, name=name, staff_number=number, phone=phone, org_unit=units[unit],
                positions=[positions[c] for c in position_codes], password=DEMO_PASSWORD,
                must_change_password=False,
            )
            user.roles.set([roles[c] for c in role_codes])
        record_operation(module="accounts", action="seed_demo", message="载入演示科室：组织、岗位与员工")
    return True


@transaction.atomic
def seed_demo_customers() -> int:
    """Give the demo department its customers once (when it has none), then their sales history (once).
    Returns how many customers were created."""
    from yimei.customers.generator import generate
    from yimei.customers.models import Customer

    if Customer.objects.exists():
        seed_demo_sales()
        seed_demo_appointments()
        seed_demo_followups()
        seed_demo_messages()
        return 0
    with context.request_context(context.RequestContext(request_id="seed-demo", actor="系统")):
        summary = generate(customers=DEMO_CUSTOMERS, events_per_customer=12, seed=DEMO_CUSTOMER_SEED,
                           today_visits=DEMO_VISITS_TODAY, batch=DEMO_CUSTOMERS)
        record_operation(module="customers", action="seed_demo",
                         message=f"载入演示客户 {summary.customers} 位（到访 {summary.visits} 次，"
                                 f"咨询 {summary.consultations} 次，动态 {summary.events} 条）")
    seed_demo_sales()
    seed_demo_appointments()
    seed_demo_followups()
    seed_demo_messages()
    return summary.customers


def seed_demo_sales() -> int:
    """The demo catalogue (once) and a dozen customers' orders, payments, cards and deductions (once)."""
    from yimei.catalog.demo import seed_catalog
    from yimei.sales.demo import seed_sales

    seed_catalog()
    return seed_sales()


def seed_demo_appointments() -> int:
    """Rooms, devices, shifts, schedules and bookings of the last week, today and the coming week (once)."""
    from yimei.appointments.demo import seed_appointments

    return seed_appointments()


def seed_demo_followups() -> int:
    """The automatic follow-up rules on, aftercare plans, resource rules and the consultants' follow-ups (once)."""
    from yimei.followups.demo import seed_followups

    return seed_followups()


def seed_demo_messages() -> int:
    """Message templates, the bookings' due notices shown on the console, a failed and an unknown example (once)."""
    from yimei.notify.demo import seed_messages

    return seed_messages()
