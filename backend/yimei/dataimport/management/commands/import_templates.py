"""Regenerate the import templates that ship with the product (yimei/dataimport/templates_files/)."""

from django.core.management.base import BaseCommand

from yimei.dataimport.reports import write_shipped_templates


class Command(BaseCommand):
    help = "重新生成随产品发布的导入模板（客户档案、到访记录、咨询记录、标签）。"

    def handle(self, *args, **options):
        for path in write_shipped_templates():
            self.stdout.write(str(path))
