"""The default payment modes and the settings row; the department can rename, add or disable modes."""

from django.db import migrations

MODES = [
    # code, name, kind, needs_reference
    ("cash", "现金", "cash", False),
    ("wechat", "微信支付", "wechat", True),
    ("alipay", "支付宝", "alipay", True),
    ("bank_card", "银行卡", "bank_card", True),
    ("stored_value", "储值卡", "stored_value", False),
    ("deposit", "定金抵扣", "deposit", False),
    ("debt", "欠款", "debt", False),
]


def create(apps, schema_editor):
    PaymentMode = apps.get_model("sales", "PaymentMode")
    for sort, (code, name, kind, needs_reference) in enumerate(MODES):
        PaymentMode.objects.get_or_create(code=code, defaults={"name": name, "kind": kind,
                                                               "needs_reference": needs_reference, "sort": sort})
    apps.get_model("sales", "SalesSettings").objects.get_or_create(pk=1)


class Migration(migrations.Migration):
    dependencies = [("sales", "0001_initial")]

    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
