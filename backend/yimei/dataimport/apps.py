from django.apps import AppConfig


class DataImportConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "yimei.dataimport"
    label = "dataimport"
    verbose_name = "历史数据导入"
