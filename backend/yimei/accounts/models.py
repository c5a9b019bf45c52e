"""Organisation units, positions, staff accounts, roles, function permissions and data scopes."""

from __future__ import annotations

from datetime import timedelta

from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.core.validators import RegexValidator
from django.db import models
from django.utils import timezone

from yimei.accounts.choices import UnitKind
from yimei.core.models import ChangeLoggedModel, RestrictedManager, RestrictedQuerySet, TimeStampedModel
from yimei.core.personal import EncryptedTextField, PersonalDataModel
from yimei.core.scopes import Scope

code_validator = RegexValidator(r"^[a-z][a-z0-9_]{1,31}$",
                                "编码须以小写字母开头，只含小写字母、数字和下划线，2–32 位。")
username_validator = RegexValidator(r"^[A-Za-z][A-Za-z0-9_.-]{2,31}$",
                                    "用户名须以字母开头，只含字母、数字和 . _ -，3–32 位。")


class OrgUnit(ChangeLoggedModel, TimeStampedModel):
    """A node of the organisation tree: hospital → department → team."""

    name = models.CharField("名称", max_length=64)
    code = models.CharField("编码", max_length=32, unique=True, validators=[code_validator])
    kind = models.CharField("类型", max_length=16, choices=UnitKind.choices)
    parent = models.ForeignKey("self", verbose_name="上级", null=True, blank=True, on_delete=models.PROTECT,
                               related_name="children")
    # Materialised path of ancestor ids ("/1/4/9/"), for "department and below" in one indexed query.
    path = models.CharField("路径", max_length=255, db_index=True, editable=False, default="")
    sort = models.PositiveIntegerField("排序", default=0)
    is_active = models.BooleanField("启用", default=True)

    objects = RestrictedManager()
    scope_unit_field = "id"

    class Meta:
        verbose_name = "组织单元"
        verbose_name_plural = verbose_name
        ordering = ["path", "sort", "id"]
        constraints = [
            models.UniqueConstraint(fields=["parent", "name"], name="orgunit_unique_name_per_parent",
                                    violation_error_message="同一上级下已有同名单元。"),
        ]

    def __str__(self) -> str:
        return self.name


class Position(ChangeLoggedModel, TimeStampedModel):
    """岗位: 医生, 护士, 现场咨询, 网电咨询, 前台, 收银, 库管, 主任 ..."""

    code = models.CharField("编码", max_length=32, unique=True, validators=[code_validator])
    name = models.CharField("名称", max_length=32, unique=True)
    sort = models.PositiveIntegerField("排序", default=0)
    is_active = models.BooleanField("启用", default=True)

    objects = RestrictedManager()

    class Meta:
        verbose_name = "岗位"
        verbose_name_plural = verbose_name
        ordering = ["sort", "id"]

    def __str__(self) -> str:
        return self.name


class Permission(models.Model):
    """A function-permission code, synced from the code registry after each migration."""

    code = models.CharField("编码", max_length=100, primary_key=True)
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.CASCADE, related_name="children")
    kind = models.CharField("类型", max_length=8)
    name = models.CharField("名称", max_length=64)
    name_en = models.CharField("英文名称", max_length=64)
    module = models.CharField("模块", max_length=32)
    sort = models.PositiveIntegerField("排序", default=0)

    class Meta:
        verbose_name = "功能权限"
        verbose_name_plural = verbose_name
        ordering = ["sort"]

    def __str__(self) -> str:
        return self.code


class Role(ChangeLoggedModel, TimeStampedModel):
    code = models.CharField("编码", max_length=32, unique=True, validators=[code_validator])
    name = models.CharField("名称", max_length=32, unique=True)
    description = models.CharField("说明", max_length=200, blank=True)
    is_builtin = models.BooleanField("内置", default=False)
    permissions = models.ManyToManyField(Permission, verbose_name="功能权限", blank=True, related_name="roles")

    objects = RestrictedManager()

    class Meta:
        verbose_name = "角色"
        verbose_name_plural = verbose_name
        ordering = ["id"]

    def __str__(self) -> str:
        return self.name


class RoleDataScope(models.Model):
    """The data scope of a role in one module (本人/本小组/本科室/本科室及以下/全部/指定部门)."""

    role = models.ForeignKey(Role, on_delete=models.CASCADE, related_name="data_scopes")
    module = models.CharField("模块", max_length=32)
    scope = models.CharField("数据范围", max_length=24, choices=Scope.choices)
    units = models.ManyToManyField(OrgUnit, through="RoleScopeUnit", blank=True, verbose_name="指定部门")

    class Meta:
        verbose_name = "角色数据权限"
        verbose_name_plural = verbose_name
        constraints = [
            models.UniqueConstraint(fields=["role", "module"], name="role_scope_one_per_module",
                                    violation_error_message="每个模块只能设置一个数据范围。"),
        ]

    def __str__(self) -> str:
        return f"{self.role} {self.module}={self.scope}"


class RoleScopeUnit(models.Model):
    data_scope = models.ForeignKey(RoleDataScope, on_delete=models.CASCADE)
    # PROTECT: a unit named by a role's scope cannot disappear underneath it.
    unit = models.ForeignKey(OrgUnit, on_delete=models.PROTECT, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["data_scope", "unit"], name="role_scope_unit_unique")]

    def __str__(self) -> str:
        return f"{self.data_scope_id}→{self.unit_id}"


class UserManager(BaseUserManager.from_queryset(RestrictedQuerySet)):  # type: ignore[misc]
    use_in_migrations = True

    def get_by_natural_key(self, username: str) -> User:
        return self.get(username__iexact=username)


class User(PersonalDataModel, ChangeLoggedModel, AbstractBaseUser):
    """A staff account. There is no superuser: every power comes from roles (三权分立)."""

    username = models.CharField("用户名", max_length=32, unique=True, validators=[username_validator])
    name = models.CharField("姓名", max_length=32)
    staff_number = models.CharField("工号", max_length=32, unique=True)
    phone = EncryptedTextField("手机号", mask="phone")
    phone_hash = models.CharField(max_length=64, blank=True, default="", db_index=True, editable=False)
    phone_last4 = models.CharField(max_length=4, blank=True, default="", db_index=True, editable=False)
    org_unit = models.ForeignKey(OrgUnit, verbose_name="所属部门", on_delete=models.PROTECT, related_name="staff")
    positions = models.ManyToManyField(Position, verbose_name="岗位", blank=True, related_name="staff")
    roles = models.ManyToManyField(Role, verbose_name="角色", blank=True, related_name="users")
    is_active = models.BooleanField("启用", default=True)
    date_joined = models.DateTimeField("创建时间", default=timezone.now)
    password_changed_at = models.DateTimeField("密码修改时间", null=True, blank=True)
    must_change_password = models.BooleanField("须修改密码", default=False)

    objects = UserManager()
    indexed_personal_fields = ("phone",)
    changelog_exclude = ("phone_hash", "phone_last4", "last_login")
    scope_owner_field = "id"
    scope_unit_field = "org_unit_id"

    USERNAME_FIELD = "username"
    REQUIRED_FIELDS = ["name", "staff_number"]

    class Meta:
        verbose_name = "员工"
        verbose_name_plural = verbose_name
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(models.functions.Lower("username"), name="user_username_ci_unique",
                                    violation_error_message="用户名已存在。"),
        ]

    def __str__(self) -> str:
        return f"{self.name}（{self.staff_number}）"

    @property
    def password_change_required(self) -> bool:
        from django.conf import settings

        if self.must_change_password:
            return True
        if self.password_changed_at is None or not settings.PASSWORD_MAX_AGE_DAYS:
            return False
        return timezone.now() - self.password_changed_at > timedelta(days=settings.PASSWORD_MAX_AGE_DAYS)


class SavedFilter(TimeStampedModel):
    """A user's named set of list filters for one page (常用筛选), e.g. page ``customers``."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="saved_filters")
    page = models.CharField("页面", max_length=32)
    name = models.CharField("名称", max_length=32)
    params = models.JSONField("筛选条件", default=dict)

    class Meta:
        ordering = ["page", "name", "id"]
        constraints = [models.UniqueConstraint(fields=["user", "page", "name"], name="saved_filter_unique_name",
                                               violation_error_message="已有同名的常用筛选。")]


class TablePreference(TimeStampedModel):
    """A user's column order and hidden columns for one table, kept on the server so every device agrees."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="table_preferences")
    page = models.CharField("页面", max_length=32)
    columns = models.JSONField("列设置", default=list)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "page"], name="table_preference_unique")]
