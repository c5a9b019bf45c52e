"""Issue (or replace) the API token a script uses to call the API as a given staff account."""

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from rest_framework.authtoken.models import Token

from yimei.accounts.models import User
from yimei.audit.services import record_operation
from yimei.core import context


class Command(BaseCommand):
    help = "Print a new API token for USERNAME (Authorization: Token <key>); the old one stops working."

    def add_arguments(self, parser):
        parser.add_argument("username")

    @transaction.atomic
    def handle(self, *args, **options):
        user = User.objects.filter(username__iexact=options["username"], is_active=True).first()
        if user is None:
            raise CommandError(f"没有启用的账号“{options['username']}”。")
        Token.objects.filter(user=user).delete()
        token = Token.objects.create(user=user)
        with context.request_context(context.RequestContext(request_id="manage-issue-api-token", actor="系统")):
            record_operation(module="accounts", action="issue_api_token", obj=user, message="签发 API 令牌")
        self.stdout.write(token.key)
