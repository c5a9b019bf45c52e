"""Audit records (安全审计): operation log, change log and login log. Append-only.

On PostgreSQL and SQLite a trigger refuses UPDATE and DELETE on these tables (migration 0002); the ORM
guard below only gives a clearer error earlier.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from yimei.audit.choices import ChangeAction, LoginEvent, Result
from yimei.core.models import RestrictedManager


class AppendOnlyModel(models.Model):
    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if self.pk is not None and not self._state.adding:
            raise PermissionError("审计记录只能追加，不能修改。")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError("审计记录只能追加，不能删除。")


class OperatorStampedLog(AppendOnlyModel):
    """Who did it, copied at the time (names change, accounts are disabled; the log must not)."""

    created_at = models.DateTimeField("时间", auto_now_add=True, db_index=True)
    operator = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="操作人", null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+", db_constraint=False,
    )
    operator_name = models.CharField("操作人姓名", max_length=64, blank=True)
    operator_unit_id = models.BigIntegerField("操作人部门", null=True, blank=True)

    objects = RestrictedManager()
    scope_owner_field = "operator_id"
    scope_unit_field = "operator_unit_id"

    class Meta:
        abstract = True


class OperationLog(OperatorStampedLog):
    staff_number = models.CharField("工号", max_length=32, blank=True)
    module = models.CharField("模块", max_length=32, db_index=True)
    action = models.CharField("操作", max_length=64, db_index=True)
    object_type = models.CharField("对象类型", max_length=64, blank=True)
    object_id = models.CharField("对象编号", max_length=64, blank=True)
    object_repr = models.CharField("对象", max_length=200, blank=True)
    result = models.CharField("结果", max_length=16, choices=Result.choices, db_index=True)
    status_code = models.PositiveSmallIntegerField("状态码", null=True, blank=True)
    message = models.CharField("说明", max_length=500, blank=True)
    ip = models.GenericIPAddressField("IP 地址", null=True, blank=True, db_index=True)
    user_agent = models.CharField("客户端", max_length=400, blank=True)
    method = models.CharField("请求方式", max_length=8, blank=True)
    path = models.CharField("请求路径", max_length=400, blank=True)
    request_id = models.CharField("请求编号", max_length=64, blank=True, db_index=True)

    class Meta:
        verbose_name = "操作日志"
        verbose_name_plural = verbose_name
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["operator", "created_at"], name="oplog_operator_time")]

    def __str__(self) -> str:
        return f"{self.operator_name} {self.module}.{self.action} {self.result}"


class ChangeLog(OperatorStampedLog):
    request_id = models.CharField("请求编号", max_length=64, blank=True, db_index=True)
    action = models.CharField("变更类型", max_length=16, choices=ChangeAction.choices)
    object_type = models.CharField("对象类型", max_length=64, db_index=True)
    object_id = models.CharField("对象编号", max_length=64, db_index=True)
    object_repr = models.CharField("对象", max_length=200, blank=True)
    before = models.JSONField("变更前", null=True, blank=True)
    after = models.JSONField("变更后", null=True, blank=True)

    class Meta:
        verbose_name = "变更日志"
        verbose_name_plural = verbose_name
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["object_type", "object_id"], name="changelog_object")]

    def __str__(self) -> str:
        return f"{self.action} {self.object_type}#{self.object_id}"


class LoginLog(AppendOnlyModel):
    created_at = models.DateTimeField("时间", auto_now_add=True, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="账号", null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+", db_constraint=False,
    )
    username = models.CharField("用户名", max_length=150)
    event = models.CharField("事件", max_length=16, choices=LoginEvent.choices)
    ip = models.GenericIPAddressField("IP 地址", null=True, blank=True)
    user_agent = models.CharField("客户端", max_length=400, blank=True)
    reason = models.CharField("说明", max_length=200, blank=True)
    user_unit_id = models.BigIntegerField("部门", null=True, blank=True)

    objects = RestrictedManager()
    scope_owner_field = "user_id"
    scope_unit_field = "user_unit_id"

    class Meta:
        verbose_name = "登录日志"
        verbose_name_plural = verbose_name
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["username", "ip", "created_at"], name="loginlog_lockout")]

    def __str__(self) -> str:
        return f"{self.username} {self.event}"
