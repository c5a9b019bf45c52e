from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from yimei.accounts.demo import DEMO_LOGINS, DEMO_PASSWORD, seed_demo, seed_demo_customers
from yimei.catalog.demo import seed_catalog


class Command(BaseCommand):
    help = "Load the demo department (only with YIMEI_DEMO=1). Does nothing when it is already loaded."

    def handle(self, *args, **options):
        if not settings.DEMO_MODE:
            raise CommandError("seed_demo 只能在演示模式下运行（YIMEI_DEMO=1）：演示账号的密码是公开的。")
        created = seed_demo()
        self.stdout.write("演示数据已载入。" if created else "演示数据已存在，未重复载入。")
        customers = seed_demo_customers()
        if customers:
            self.stdout.write(f"演示客户已载入：{customers} 位，含到访、咨询与时间线，今日候诊若干。")
        items = seed_catalog()
        if items:
            self.stdout.write(f"演示项目与商品已载入：服务项目 {items} 个，含商品、卡项、知识库与案例。")
        self.stdout.write(f"Demo logins (password {DEMO_PASSWORD}): {', '.join(DEMO_LOGINS)}")
