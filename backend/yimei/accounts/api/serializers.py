from __future__ import annotations

from typing import Any

from rest_framework import serializers

from yimei.accounts.builtin import SEPARATED_ROLES
from yimei.accounts.choices import UnitKind
from yimei.accounts.models import OrgUnit, Position, Role, User
from yimei.core.personal import mask_phone
from yimei.core.scopes import Scope


class OrgUnitSerializer(serializers.ModelSerializer):
    kind = serializers.ChoiceField(choices=UnitKind.choices, label="类型")
    parent = serializers.PrimaryKeyRelatedField(queryset=OrgUnit.objects.all(), allow_null=True, required=False,
                                                label="上级")

    class Meta:
        model = OrgUnit
        fields = ["id", "name", "code", "kind", "parent", "sort", "is_active", "path", "created_at"]
        read_only_fields = ["path", "created_at"]
        # Uniqueness is checked by the service with a message that names the clash.
        validators: list[Any] = []
        extra_kwargs = {"code": {"validators": []}}


class PositionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Position
        fields = ["id", "code", "name", "sort", "is_active"]
        extra_kwargs = {"code": {"validators": []}, "name": {"validators": []}}


class _StaffListSerializer(serializers.ListSerializer):
    def to_representation(self, data: Any) -> list[Any]:
        from yimei.accounts.services import locked_usernames

        items = list(data.all() if hasattr(data, "all") else data)
        self.child.context["locked_usernames"] = locked_usernames(u.username for u in items)
        return [self.child.to_representation(item) for item in items]


class StaffSerializer(serializers.ModelSerializer):
    phone = serializers.SerializerMethodField(label="手机号（已脱敏）")
    org_unit_name = serializers.CharField(source="org_unit.name", read_only=True)
    position_names = serializers.SerializerMethodField()
    roles = serializers.SerializerMethodField()
    role_names = serializers.SerializerMethodField()
    is_locked = serializers.SerializerMethodField()

    class Meta:
        model = User
        fields = ["id", "username", "name", "staff_number", "phone", "org_unit", "org_unit_name", "positions",
                  "position_names", "roles", "role_names", "is_active", "is_locked", "must_change_password",
                  "last_login", "date_joined"]
        read_only_fields = fields
        list_serializer_class = _StaffListSerializer

    def get_phone(self, obj: User) -> str:
        return mask_phone(obj.phone)

    def get_position_names(self, obj: User) -> list[str]:
        return [p.name for p in obj.positions.all()]

    def get_roles(self, obj: User) -> list[int]:
        return [r.pk for r in obj.roles.all()]

    def get_role_names(self, obj: User) -> list[str]:
        return [r.name for r in obj.roles.all()]

    def get_is_locked(self, obj: User) -> bool:
        locked = self.context.get("locked_usernames")
        if locked is None:
            from yimei.accounts.services import locked_usernames

            locked = locked_usernames([obj.username])
        return obj.username in locked


class StaffWriteSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=32, label="姓名")
    staff_number = serializers.CharField(max_length=32, label="工号")
    phone = serializers.CharField(max_length=20, required=False, allow_blank=True, label="手机号")
    org_unit = serializers.PrimaryKeyRelatedField(queryset=OrgUnit.objects.all(), label="所属部门")
    positions = serializers.PrimaryKeyRelatedField(queryset=Position.objects.all(), many=True, required=False,
                                                   label="岗位")


class StaffCreateSerializer(StaffWriteSerializer):
    username = serializers.RegexField(r"^[A-Za-z][A-Za-z0-9_.-]{2,31}$", label="用户名", error_messages={
        "invalid": "用户名须以字母开头，只含字母、数字和 . _ -，3–32 位。"})
    password = serializers.CharField(write_only=True, label="初始密码", style={"input_type": "password"})
    is_active = serializers.BooleanField(default=True, label="启用")


class PasswordResetSerializer(serializers.Serializer):
    new_password = serializers.CharField(write_only=True, label="新密码")


class PasswordChangeSerializer(serializers.Serializer):
    old_password = serializers.CharField(write_only=True, label="原密码")
    new_password = serializers.CharField(write_only=True, label="新密码")


class AssignRolesSerializer(serializers.Serializer):
    roles = serializers.PrimaryKeyRelatedField(queryset=Role.objects.all(), many=True, label="角色")


class UnmaskedPhoneSerializer(serializers.Serializer):
    phone = serializers.CharField()


class _RelatedList(serializers.ListField):
    """A list written as plain values and read from a related manager (codes or primary keys)."""

    def __init__(self, *args: Any, attribute: str = "pk", **kwargs: Any):
        self.attribute = attribute
        super().__init__(*args, **kwargs)

    def to_representation(self, data: Any) -> list[Any]:
        items = data.all() if hasattr(data, "all") else data
        return sorted(getattr(item, self.attribute) for item in items)


class DataScopeSerializer(serializers.Serializer):
    module = serializers.CharField(max_length=32, label="模块")
    scope = serializers.ChoiceField(choices=Scope.choices, label="数据范围")
    units = _RelatedList(child=serializers.IntegerField(min_value=1), required=False, default=list,
                         label="指定部门")


class RoleSerializer(serializers.ModelSerializer):
    code = serializers.RegexField(r"^[a-z][a-z0-9_]{1,31}$", label="编码", error_messages={
        "invalid": "编码须以小写字母开头，只含小写字母、数字和下划线，2–32 位。"})
    permissions = _RelatedList(child=serializers.CharField(max_length=100), attribute="code", required=False,
                               label="功能权限")
    data_scopes = DataScopeSerializer(many=True, required=False, label="数据权限")
    user_count = serializers.IntegerField(read_only=True)
    is_separated_admin = serializers.SerializerMethodField()

    class Meta:
        model = Role
        fields = ["id", "code", "name", "description", "is_builtin", "is_separated_admin", "permissions",
                  "data_scopes", "user_count", "created_at", "updated_at"]
        read_only_fields = ["is_builtin", "created_at", "updated_at"]
        extra_kwargs = {"name": {"validators": []}}

    def get_is_separated_admin(self, obj: Role) -> bool:
        return obj.code in SEPARATED_ROLES



class LoginSerializer(serializers.Serializer):
    username = serializers.CharField(max_length=150, label="用户名")
    password = serializers.CharField(max_length=256, write_only=True, label="密码", trim_whitespace=False)


class _RefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


class _CodedRefSerializer(_RefSerializer):
    code = serializers.CharField()


class _MeScopeSerializer(serializers.Serializer):
    scope = serializers.ChoiceField(choices=Scope.choices, help_text="the widest of ``scopes``")
    scopes = serializers.ListField(child=serializers.ChoiceField(choices=Scope.choices))
    units = serializers.ListField(child=serializers.IntegerField(), help_text="chosen units (scope custom)")


class MeSerializer(serializers.Serializer):
    """Documents the shape of ``GET /api/v1/me/`` (built by ``selectors.me_payload``)."""

    id = serializers.IntegerField()
    username = serializers.CharField()
    name = serializers.CharField()
    staff_number = serializers.CharField()
    org_unit = _RefSerializer()
    positions = _CodedRefSerializer(many=True)
    roles = _CodedRefSerializer(many=True)
    permissions = serializers.ListField(child=serializers.CharField())
    data_scopes = serializers.DictField(child=_MeScopeSerializer(), help_text="module code → scope")
    must_change_password = serializers.BooleanField()
    idle_timeout_seconds = serializers.IntegerField()
    language = serializers.CharField()


class PermissionNodeSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    name_en = serializers.CharField()
    kind = serializers.ChoiceField(choices=["menu", "page", "button"])
    children = serializers.ListField(child=serializers.DictField(), help_text="nodes of the same shape")


class ModuleSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    name_en = serializers.CharField()


class ScopeOptionSerializer(serializers.Serializer):
    value = serializers.ChoiceField(choices=Scope.choices)
    label = serializers.CharField()
    label_en = serializers.CharField()


class PermissionCatalogSerializer(serializers.Serializer):
    tree = PermissionNodeSerializer(many=True)
    modules = ModuleSerializer(many=True)
    scopes = ScopeOptionSerializer(many=True)
