from __future__ import annotations

import json
from typing import Any

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from yimei.dataimport.choices import ImportKind
from yimei.dataimport.models import ImportJob, ImportTemplate
from yimei.dataimport.services import progress_of


@extend_schema_field({"type": "object", "additionalProperties": {"type": "string"},
                     "description": "{目标字段: 文件中的列名}；值为空字符串表示不导入该字段"})
class MappingField(serializers.Field):
    """``{target field: header in the file}``; in a multipart upload it arrives as a JSON string."""

    default_error_messages = {"invalid": "列对应应为 {字段: 列名} 形式的 JSON 对象。"}

    def to_internal_value(self, data: Any) -> dict[str, str]:
        if isinstance(data, str):
            if not data.strip():
                return {}
            try:
                data = json.loads(data)
            except ValueError:
                self.fail("invalid")
        if not isinstance(data, dict) or not all(isinstance(k, str) for k in data):
            self.fail("invalid")
        for value in data.values():
            if value is not None and (not isinstance(value, str) or len(value) > 100):
                self.fail("invalid")
        return {k: (v or "").strip() for k, v in data.items()}

    def to_representation(self, value: Any) -> Any:
        return value


class ImportTemplateSerializer(serializers.ModelSerializer):
    mapping = MappingField(required=False)
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    created_by_name = serializers.CharField(source="created_by.name", read_only=True, default="")

    class Meta:
        model = ImportTemplate
        fields = ["id", "name", "kind", "kind_label", "mapping", "create_missing", "created_by", "created_by_name",
                  "created_at", "updated_at"]
        read_only_fields = ["created_by", "created_at", "updated_at"]
        extra_kwargs = {
            "name": {"error_messages": {"blank": "请填写模板名称。", "required": "请填写模板名称。"}},
            "kind": {"error_messages": {"invalid_choice": "未知的导入类型。", "required": "请选择导入类型。"}},
        }


class ImportJobSerializer(serializers.ModelSerializer):
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    processed_rows = serializers.SerializerMethodField()
    progress = serializers.SerializerMethodField(help_text="导入进度（百分比，0–100）")
    has_error_report = serializers.SerializerMethodField()
    created_by_name = serializers.CharField(source="created_by.name", read_only=True, default="")
    template_name = serializers.CharField(source="template.name", read_only=True, default="")
    mapping = MappingField(read_only=True)
    summary = serializers.JSONField(
        read_only=True,
        help_text="校验结果：行数、将新增/更新/无变化的条数、错误分类与示例行号、未使用的列；导入后含 result")

    class Meta:
        model = ImportJob
        fields = ["id", "kind", "kind_label", "status", "status_label", "original_name", "file_size", "file_format",
                  "encoding", "template", "template_name", "mapping", "create_missing", "skip_invalid",
                  "total_rows", "valid_rows", "error_rows", "processed_rows", "progress", "created_count",
                  "updated_count", "unchanged_count", "skipped_count", "summary", "message", "has_error_report",
                  "created_by", "created_by_name", "created_at", "validated_at", "started_at", "finished_at"]
        read_only_fields = fields

    def get_processed_rows(self, job: ImportJob) -> int:
        return progress_of(job)

    @extend_schema_field(OpenApiTypes.INT)
    def get_progress(self, job: ImportJob) -> int:
        if job.status == "done":
            return 100
        total = job.total_rows
        if not total and job.status == "validating":
            total = (job.summary or {}).get("estimated_rows") or 0
        if not total:
            return 0
        return min(99 if job.status == "importing" else 100, int(progress_of(job) * 100 / total))

    def get_has_error_report(self, job: ImportJob) -> bool:
        return bool(job.error_report)


class ImportUploadSerializer(serializers.Serializer):
    file = serializers.FileField(help_text="Excel (.xlsx) 或 CSV（UTF-8、UTF-8 BOM、GBK/GB18030），不超过 20 MB",
                                 error_messages={"required": "请选择要上传的文件。", "invalid": "请选择要上传的文件。",
                                                 "empty": "文件是空的。", "no_name": "请选择要上传的文件。"})
    kind = serializers.ChoiceField(choices=ImportKind.choices, default=ImportKind.CUSTOMERS,
                                   error_messages={"invalid_choice": "未知的导入类型。"})
    mapping = MappingField(required=False, help_text="JSON：{目标字段: 文件中的列名}；未列出的字段按列名自动匹配")
    template = serializers.PrimaryKeyRelatedField(queryset=ImportTemplate.objects.none(), required=False,
                                                  allow_null=True, help_text="已保存的导入模板（列对应）",
                                                  error_messages={"does_not_exist": "所选导入模板不存在。",
                                                                  "incorrect_type": "所选导入模板不存在。"})
    create_missing = serializers.BooleanField(required=False, allow_null=True, default=None,
                                              help_text="自动新建文件中缺少的来源渠道和标签")


class ImportInspectSerializer(serializers.Serializer):
    file = serializers.FileField(error_messages={"required": "请选择要上传的文件。", "invalid": "请选择要上传的文件。",
                                                 "empty": "文件是空的。", "no_name": "请选择要上传的文件。"})
    kind = serializers.ChoiceField(choices=ImportKind.choices, default=ImportKind.CUSTOMERS,
                                   error_messages={"invalid_choice": "未知的导入类型。"})
    mapping = MappingField(required=False)


class ImportInspectResultSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=ImportKind.choices)
    file_format = serializers.CharField(help_text="xlsx | csv | html")
    encoding = serializers.CharField(help_text="文本文件的编码；.xlsx 为空")
    headers = serializers.ListField(child=serializers.CharField(), help_text="文件中的列名")
    mapping = serializers.DictField(child=serializers.CharField(allow_null=True),
                                    help_text="每个字段将读取的列（自动匹配或按所给列对应），null 表示未找到")
    missing_required = serializers.ListField(child=serializers.CharField(), help_text="未找到对应列的必填项")


class ImportRunSerializer(serializers.Serializer):
    skip_invalid = serializers.BooleanField(default=False, help_text="跳过有错误的行，只导入通过校验的行")


class ImportColumnSerializer(serializers.Serializer):
    key = serializers.CharField()
    label = serializers.CharField(help_text="模板中的列名")
    required = serializers.BooleanField()
    help = serializers.CharField()
    example = serializers.CharField()
    aliases = serializers.ListField(child=serializers.CharField(), help_text="自动匹配时也认可的列名")
