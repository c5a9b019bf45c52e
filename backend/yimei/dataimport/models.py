"""Import jobs, saved column mappings and the keys that tie imported rows to their legacy ids."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from yimei.core.models import ChangeLoggedModel, RestrictedManager, TimeStampedModel
from yimei.dataimport.choices import ImportKind, ImportStatus

STAFF = settings.AUTH_USER_MODEL


class ImportTemplate(ChangeLoggedModel, TimeStampedModel):
    """A saved column mapping (导入模板): which column of the old system's export feeds which field."""

    name = models.CharField("名称", max_length=64)
    kind = models.CharField("导入类型", max_length=16, choices=ImportKind.choices)
    mapping = models.JSONField("列对应", default=dict, blank=True,
                               help_text="{目标字段: 文件中的列名}；未列出的字段按列名自动匹配。")
    create_missing = models.BooleanField("自动新建缺少的来源渠道和标签", default=False)
    created_by = models.ForeignKey(STAFF, verbose_name="创建人", null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+")
    org_unit = models.ForeignKey("accounts.OrgUnit", verbose_name="归属单元", null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="+")

    objects = RestrictedManager()
    scope_owner_field = "created_by_id"
    scope_unit_field = "org_unit_id"

    class Meta:
        verbose_name = "导入模板"
        verbose_name_plural = verbose_name
        ordering = ["kind", "name", "id"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "name"], name="import_template_unique_name",
                                    violation_error_message="该导入类型下已有同名模板。"),
        ]

    def __str__(self) -> str:
        return self.name


class ImportJob(TimeStampedModel):
    """One uploaded file: checked at once (dry run), then imported on request, all or nothing.

    The uploaded file and the error report are private files (``default_storage`` under ``imports/``),
    only ever served through the permission-checked API.
    """

    kind = models.CharField("导入类型", max_length=16, choices=ImportKind.choices)
    status = models.CharField("状态", max_length=16, choices=ImportStatus.choices, default=ImportStatus.UPLOADED)
    original_name = models.CharField("文件名", max_length=255)
    stored_file = models.CharField("存储位置", max_length=255, blank=True, default="")
    file_size = models.PositiveIntegerField("文件大小", default=0)
    file_format = models.CharField("文件格式", max_length=8, blank=True, default="")
    encoding = models.CharField("文字编码", max_length=32, blank=True, default="")
    template = models.ForeignKey(ImportTemplate, verbose_name="导入模板", null=True, blank=True,
                                 on_delete=models.SET_NULL, related_name="jobs")
    mapping = models.JSONField("列对应", default=dict, blank=True)
    create_missing = models.BooleanField("自动新建缺少的来源渠道和标签", default=False)
    skip_invalid = models.BooleanField("跳过错误行", default=False)

    total_rows = models.PositiveIntegerField("数据行数", default=0)
    valid_rows = models.PositiveIntegerField("通过校验行数", default=0)
    error_rows = models.PositiveIntegerField("错误行数", default=0)
    processed_rows = models.PositiveIntegerField("已处理行数", default=0)
    created_count = models.PositiveIntegerField("新增", default=0)
    updated_count = models.PositiveIntegerField("更新", default=0)
    unchanged_count = models.PositiveIntegerField("无变化", default=0)
    skipped_count = models.PositiveIntegerField("跳过", default=0)
    summary = models.JSONField("校验与导入结果", default=dict, blank=True)
    error_report = models.CharField("错误报告", max_length=255, blank=True, default="")
    message = models.CharField("说明", max_length=500, blank=True, default="")

    created_by = models.ForeignKey(STAFF, verbose_name="上传人", null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+")
    org_unit = models.ForeignKey("accounts.OrgUnit", verbose_name="归属单元", null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="+")
    validated_at = models.DateTimeField("校验完成时间", null=True, blank=True)
    started_at = models.DateTimeField("开始导入时间", null=True, blank=True)
    finished_at = models.DateTimeField("完成时间", null=True, blank=True)

    objects = RestrictedManager()
    scope_owner_field = "created_by_id"
    scope_unit_field = "org_unit_id"

    class Meta:
        verbose_name = "导入任务"
        verbose_name_plural = verbose_name
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["created_by", "-created_at"], name="import_job_by_user")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}：{self.original_name}"


class LegacyKey(models.Model):
    """Legacy id of an imported visit or consultation → its row here (customers keep ``legacy_id`` themselves).

    Re-running a file finds its rows again through these keys, so it changes nothing.
    """

    kind = models.CharField("导入类型", max_length=16, choices=ImportKind.choices)
    legacy_id = models.CharField("原系统编号", max_length=64)
    object_id = models.BigIntegerField("记录编号")
    job = models.ForeignKey(ImportJob, verbose_name="导入任务", null=True, blank=True, on_delete=models.SET_NULL,
                            related_name="+")
    created_at = models.DateTimeField("导入时间", auto_now_add=True)

    class Meta:
        verbose_name = "原系统编号对照"
        verbose_name_plural = verbose_name
        constraints = [
            models.UniqueConstraint(fields=["kind", "legacy_id"], name="legacy_key_unique"),
        ]
        indexes = [models.Index(fields=["kind", "object_id"], name="legacy_key_by_object")]

    def __str__(self) -> str:
        return f"{self.kind}:{self.legacy_id}"
