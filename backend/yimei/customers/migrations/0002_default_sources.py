from django.db import migrations

SOURCES = ["网电", "自然到店", "转介绍", "美团", "新氧", "抖音", "小红书", "推广二维码", "老客复购", "其他"]


def add_sources(apps, schema_editor):
    SourceChannel = apps.get_model("customers", "SourceChannel")
    for sort, name in enumerate(SOURCES, start=1):
        SourceChannel.objects.get_or_create(name=name, defaults={"sort": sort * 10})


class Migration(migrations.Migration):
    dependencies = [("customers", "0001_initial")]

    operations = [migrations.RunPython(add_sources, migrations.RunPython.noop)]
