"""Create the first administrators of a real installation: no default passwords, a change at first login."""

import secrets
import string

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from yimei.accounts import services
from yimei.accounts.builtin import AUDITADMIN, SECADMIN, SYSADMIN
from yimei.accounts.choices import UnitKind
from yimei.accounts.models import OrgUnit, Role, User
from yimei.audit.services import record_operation
from yimei.core import context


def _one_time_password() -> str:
    alphabet = string.ascii_letters + string.digits
    while True:
        body = "".join(secrets.choice(alphabet) for _ in range(14))
        candidate = f"{body}#{secrets.randbelow(10)}"
        if any(c.isupper() for c in body) and any(c.islower() for c in body):
            return candidate


class Command(BaseCommand):
    help = ("Create the hospital's root unit and the three separated administrators (system, security, "
            "audit) with one-time passwords that must be changed at first login.")

    def add_arguments(self, parser):
        parser.add_argument("--hospital", default="医院", help="Name of the root organisation unit.")

    @transaction.atomic
    def handle(self, *args, **options):
        with context.request_context(context.RequestContext(request_id="manage-init-admin", actor="系统")):
            self._create(options)

    def _create(self, options):
        if User.objects.exists():
            raise CommandError("已有员工账号，init_admin 只用于全新安装。")
        root = OrgUnit.objects.filter(parent=None).first() or services.create_org_unit(
            name=options["hospital"], code="hospital", kind=UnitKind.HOSPITAL)
        self.stdout.write("Initial administrators (each must set a new password at first login):")
        for username, name, number, role_code in (
            ("sysadmin", "系统管理员", "ADM001", SYSADMIN),
            ("secadmin", "安全管理员", "ADM002", SECADMIN),
            ("auditadmin", "审计管理员", "ADM003", AUDITADMIN),
        ):
            password = _one_time_password()
            user = services.create_staff(username=username, name=name, staff_number=number, org_unit=root,
                                         password=password, must_change_password=True)
            user.roles.set([Role.objects.get(code=role_code)])
            self.stdout.write(f"  {username:<11} {password}")
        record_operation(module="accounts", action="init_admin", message="创建三员管理员账号（首次登录须改密）")
