"""Business rules of organisation, staff, roles and permissions. Each function is one transaction."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from yimei.accounts.authz import bump_access_version
from yimei.accounts.builtin import BUILTIN_ROLES, SEPARATED_ROLES
from yimei.accounts.choices import UnitKind
from yimei.accounts.models import OrgUnit, Permission, Position, Role, RoleDataScope, RoleScopeUnit, User
from yimei.core import access as registry
from yimei.core.errors import BusinessError, Protected
from yimei.core.personal import normalize_mobile
from yimei.core.scopes import Scope


def _field_error(field: str, message: str, code: str = "invalid") -> BusinessError:
    return BusinessError(message, code=code, fields={field: [message]})


# --- permission registry → database ---------------------------------------------------------------


def sync_permissions_and_builtin_roles(*, using: str = "default") -> None:
    """Mirror the code registry into ``Permission`` rows and create or extend the built-in roles."""
    with transaction.atomic(using=using):
        known = set(Permission.objects.using(using).values_list("code", flat=True))
        rows = registry.flat()
        for sort, (code, node, parent, _depth) in enumerate(rows):
            Permission.objects.using(using).update_or_create(
                code=code,
                defaults={"parent_id": parent, "kind": node.kind, "name": node.name, "name_en": node.name_en,
                          "module": registry.module_of(code), "sort": sort},
            )
        current = {code for code, *_ in rows}
        Permission.objects.using(using).exclude(code__in=current).delete()
        new_codes = current - known
        for definition in BUILTIN_ROLES:
            role, created = Role.objects.using(using).get_or_create(
                code=definition.code,
                defaults={"name": definition.name, "description": definition.description, "is_builtin": True},
            )
            grant = set(definition.permissions) if created else set(definition.permissions) & new_codes
            if grant:
                role.permissions.add(*_with_ancestors(grant, using=using))
            for module, scope in definition.scopes.items():
                RoleDataScope.objects.using(using).get_or_create(role=role, module=module, defaults={"scope": scope})
    bump_access_version()


# --- organisation units ---------------------------------------------------------------------------


def _check_parent(kind: str, parent: OrgUnit | None) -> None:
    if kind == UnitKind.HOSPITAL:
        if parent is not None:
            raise _field_error("parent", "医院必须是顶级单元，不能有上级。")
        return
    if parent is None:
        raise _field_error("parent", "请选择上级单元。")
    if not parent.is_active:
        raise _field_error("parent", f"上级单元“{parent.name}”已停用。")
    if kind == UnitKind.DEPARTMENT and parent.kind == UnitKind.TEAM:
        raise _field_error("parent", "科室不能挂在小组下面。")


def _path_for(unit: OrgUnit) -> str:
    prefix = unit.parent.path if unit.parent_id else "/"
    return f"{prefix}{unit.pk}/"


@transaction.atomic
def create_org_unit(*, name: str, code: str, kind: str, parent: OrgUnit | None = None, sort: int = 0,
                    is_active: bool = True) -> OrgUnit:
    _check_parent(kind, parent)
    if OrgUnit.objects.filter(code=code).exists():
        raise _field_error("code", f"编码“{code}”已被使用。", "duplicate")
    if OrgUnit.objects.filter(parent=parent, name=name).exists():
        raise _field_error("name", f"同一上级下已有名为“{name}”的单元。", "duplicate")
    unit = OrgUnit.objects.create(name=name, code=code, kind=kind, parent=parent, sort=sort, is_active=is_active)
    unit.path = _path_for(unit)
    unit.save(update_fields=["path"])
    bump_access_version()
    return unit


@transaction.atomic
def update_org_unit(unit: OrgUnit, **changes: Any) -> OrgUnit:
    unit = OrgUnit.objects.select_for_update().get(pk=unit.pk)
    old_path = unit.path
    parent = changes.get("parent", unit.parent)
    kind = changes.get("kind", unit.kind)
    if parent is not None and (parent.pk == unit.pk or parent.path.startswith(unit.path)):
        raise _field_error("parent", "不能把单元移到它自己或它的下级之下。")
    if "parent" in changes or "kind" in changes:
        _check_parent(kind, parent)
    if changes.get("is_active") is False and unit.is_active:
        if OrgUnit.objects.filter(parent=unit, is_active=True).exists():
            raise _field_error("is_active", "请先停用下级单元。")
        if User.objects.filter(org_unit=unit, is_active=True).exists():
            raise _field_error("is_active", "该单元下还有在职员工，请先调整员工所属部门。")
    name = changes.get("name", unit.name)
    if OrgUnit.objects.filter(parent=parent, name=name).exclude(pk=unit.pk).exists():
        raise _field_error("name", f"同一上级下已有名为“{name}”的单元。", "duplicate")
    code = changes.get("code", unit.code)
    if OrgUnit.objects.filter(code=code).exclude(pk=unit.pk).exists():
        raise _field_error("code", f"编码“{code}”已被使用。", "duplicate")
    for field, value in changes.items():
        setattr(unit, field, value)
    unit.path = _path_for(unit)
    unit.save()
    if unit.path != old_path:
        for descendant in OrgUnit.objects.filter(path__startswith=old_path).exclude(pk=unit.pk).order_by("path"):
            descendant.path = unit.path + descendant.path[len(old_path):]
            descendant.save(update_fields=["path"])
    bump_access_version()
    return unit


@transaction.atomic
def delete_org_unit(unit: OrgUnit) -> None:
    if OrgUnit.objects.filter(parent=unit).exists():
        raise Protected(f"“{unit.name}”下还有下级单元，不能删除。")
    if User.objects.filter(org_unit=unit).exists():
        raise Protected(f"“{unit.name}”下还有员工（含已停用），不能删除；可以改为停用。")
    roles = list(Role.objects.filter(data_scopes__units=unit).values_list("name", flat=True).distinct())
    if roles:
        raise Protected(f"角色“{'、'.join(roles)}”的数据权限指定了“{unit.name}”，请先修改这些角色。")
    unit.delete()
    bump_access_version()


# --- positions ------------------------------------------------------------------------------------


@transaction.atomic
def create_position(*, code: str, name: str, sort: int = 0, is_active: bool = True) -> Position:
    if Position.objects.filter(code=code).exists():
        raise _field_error("code", f"编码“{code}”已被使用。", "duplicate")
    if Position.objects.filter(name=name).exists():
        raise _field_error("name", f"岗位“{name}”已存在。", "duplicate")
    return Position.objects.create(code=code, name=name, sort=sort, is_active=is_active)


@transaction.atomic
def update_position(position: Position, **changes: Any) -> Position:
    if "code" in changes and Position.objects.filter(code=changes["code"]).exclude(pk=position.pk).exists():
        raise _field_error("code", f"编码“{changes['code']}”已被使用。", "duplicate")
    if "name" in changes and Position.objects.filter(name=changes["name"]).exclude(pk=position.pk).exists():
        raise _field_error("name", f"岗位“{changes['name']}”已存在。", "duplicate")
    for field, value in changes.items():
        setattr(position, field, value)
    position.save()
    return position


@transaction.atomic
def delete_position(position: Position) -> None:
    count = position.staff.count()
    if count:
        raise Protected(f"还有 {count} 名员工担任“{position.name}”，不能删除；可以改为停用。")
    position.delete()


# --- staff ----------------------------------------------------------------------------------------


def validate_new_password(password: str, user: User) -> None:
    try:
        password_validation.validate_password(password, user)
    except ValidationError as exc:
        raise BusinessError(exc.messages[0], code="weak_password", fields={"new_password": exc.messages}) from exc


def _normalized_phone(phone: str) -> str:
    if not phone:
        return ""
    try:
        return normalize_mobile(phone)
    except ValueError as exc:
        raise _field_error("phone", str(exc)) from exc


def _check_unit(unit: OrgUnit) -> None:
    if not unit.is_active:
        raise _field_error("org_unit", f"部门“{unit.name}”已停用。")


def _check_positions(positions: Iterable[Position]) -> list[Position]:
    positions = list(positions)
    inactive = [p.name for p in positions if not p.is_active]
    if inactive:
        raise _field_error("positions", f"岗位“{'、'.join(inactive)}”已停用。")
    return positions


@transaction.atomic
def create_staff(*, username: str, name: str, staff_number: str, org_unit: OrgUnit, password: str,
                 phone: str = "", positions: Iterable[Position] = (), is_active: bool = True,
                 must_change_password: bool = True) -> User:
    username = username.strip().lower()
    if User.objects.filter(username__iexact=username).exists():
        raise _field_error("username", f"用户名“{username}”已存在。", "duplicate")
    if User.objects.filter(staff_number=staff_number).exists():
        raise _field_error("staff_number", f"工号“{staff_number}”已被使用。", "duplicate")
    _check_unit(org_unit)
    positions = _check_positions(positions)
    user = User(username=username, name=name, staff_number=staff_number, org_unit=org_unit,
                phone=_normalized_phone(phone), is_active=is_active, must_change_password=must_change_password)
    try:
        password_validation.validate_password(password, user)
    except ValidationError as exc:
        raise BusinessError(exc.messages[0], code="weak_password", fields={"password": exc.messages}) from exc
    user.set_password(password)
    user.password_changed_at = timezone.now()
    user.save()
    user.positions.set(positions)
    return user


@transaction.atomic
def update_staff(staff: User, **changes: Any) -> User:
    if "staff_number" in changes and User.objects.filter(
            staff_number=changes["staff_number"]).exclude(pk=staff.pk).exists():
        raise _field_error("staff_number", f"工号“{changes['staff_number']}”已被使用。", "duplicate")
    if "org_unit" in changes and changes["org_unit"].pk != staff.org_unit_id:
        _check_unit(changes["org_unit"])
    positions = changes.pop("positions", None)
    if "phone" in changes:
        changes["phone"] = _normalized_phone(changes["phone"])
    for field, value in changes.items():
        setattr(staff, field, value)
    staff.save()
    if positions is not None:
        staff.positions.set(_check_positions(positions))
    bump_access_version()  # name, staff number, unit and positions are part of the cached /me
    return staff


@transaction.atomic
def set_staff_active(staff: User, *, actor: User, active: bool) -> User:
    if staff.pk == actor.pk and not active:
        raise BusinessError("不能停用自己的账号。", code="self_disable")
    staff.is_active = active
    staff.save(update_fields=["is_active"])
    bump_access_version()
    return staff


@transaction.atomic
def reset_password(staff: User, *, new_password: str) -> User:
    validate_new_password(new_password, staff)
    staff.set_password(new_password)
    staff.password_changed_at = timezone.now()
    staff.must_change_password = True
    staff.save(update_fields=["password", "password_changed_at", "must_change_password"])
    return staff


@transaction.atomic
def change_own_password(user: User, *, old_password: str, new_password: str) -> User:
    if not user.check_password(old_password):
        raise _field_error("old_password", "原密码不正确。", "wrong_password")
    if old_password == new_password:
        raise _field_error("new_password", "新密码不能与原密码相同。", "same_password")
    validate_new_password(new_password, user)
    user.set_password(new_password)
    user.password_changed_at = timezone.now()
    user.must_change_password = False
    user.save(update_fields=["password", "password_changed_at", "must_change_password"])
    return user


@transaction.atomic
def assign_roles(staff: User, *, actor: User, roles: Iterable[Role]) -> User:
    roles = list(roles)
    if staff.pk == actor.pk:
        raise BusinessError("不能给自己分配角色，请由另一位安全管理员操作。", code="self_assign")
    separated = [r.name for r in roles if r.code in SEPARATED_ROLES]
    if len(separated) > 1:
        raise _field_error("roles", f"系统管理员、安全管理员、审计管理员不能由同一人兼任（{'、'.join(separated)}）。",
                           "separation_of_duties")
    staff.roles.set(roles)
    bump_access_version()
    return staff


# --- roles ----------------------------------------------------------------------------------------


def _with_ancestors(codes: Iterable[str], *, using: str = "default") -> list[Permission]:
    """The permissions ``codes`` plus their pages and menus: holding a button implies seeing its page."""
    parents = dict(Permission.objects.using(using).values_list("code", "parent_id"))
    wanted: set[str] = set()
    for code in codes:
        while code and code not in wanted:
            wanted.add(code)
            code = parents.get(code)
    return list(Permission.objects.using(using).filter(code__in=wanted))


def _resolve_permissions(codes: Iterable[str]) -> list[Permission]:
    codes = sorted(set(codes))
    known = set(Permission.objects.filter(code__in=codes).values_list("code", flat=True))
    unknown = [c for c in codes if c not in known]
    if unknown:
        raise _field_error("permissions", f"不存在的权限编码：{'、'.join(unknown)}。", "unknown_permission")
    return _with_ancestors(codes)


def _validate_scopes(data_scopes: Iterable[dict[str, Any]]) -> list[tuple[str, str, list[OrgUnit]]]:
    modules = {m.code for m in registry.modules()}
    seen: set[str] = set()
    result = []
    for entry in data_scopes:
        # A partial update (PATCH) does not make the serializer require the keys of nested items.
        if not isinstance(entry, dict) or not entry.get("module") or not entry.get("scope"):
            raise _field_error("data_scopes", "每一项数据范围都须选择模块和范围。", "required")
        module, scope, unit_ids = entry["module"], entry["scope"], list(entry.get("units") or [])
        if module not in modules:
            raise _field_error("data_scopes", f"不存在的模块：{module}。", "unknown_module")
        if module in seen:
            raise _field_error("data_scopes", f"模块“{module}”的数据范围重复设置。", "duplicate")
        seen.add(module)
        if scope not in Scope.values:
            raise _field_error("data_scopes", f"不存在的数据范围：{scope}。")
        if scope == Scope.CUSTOM and not unit_ids:
            raise _field_error("data_scopes", f"模块“{module}”选择了“指定部门”，请至少选择一个部门。")
        units = list(OrgUnit.objects.filter(pk__in=unit_ids, is_active=True)) if scope == Scope.CUSTOM else []
        missing = sorted(set(unit_ids) - {u.pk for u in units}) if scope == Scope.CUSTOM else []
        if missing:
            raise _field_error("data_scopes", f"指定的部门不存在或已停用（编号 {', '.join(map(str, missing))}）。",
                               "unknown_unit")
        result.append((module, scope, units))
    return result


def _apply_role(role: Role, permissions: list[str] | None, data_scopes: list[dict[str, Any]] | None) -> None:
    if permissions is not None:
        role.permissions.set(_resolve_permissions(permissions))
    if data_scopes is not None:
        validated = _validate_scopes(data_scopes)
        role.data_scopes.all().delete()
        for module, scope, units in validated:
            data_scope = RoleDataScope.objects.create(role=role, module=module, scope=scope)
            RoleScopeUnit.objects.bulk_create([RoleScopeUnit(data_scope=data_scope, unit=u) for u in units])


@transaction.atomic
def create_role(*, code: str, name: str, description: str = "", permissions: list[str] | None = None,
                data_scopes: list[dict[str, Any]] | None = None) -> Role:
    if Role.objects.filter(code=code).exists():
        raise _field_error("code", f"角色编码“{code}”已存在。", "duplicate")
    if Role.objects.filter(name=name).exists():
        raise _field_error("name", f"角色“{name}”已存在。", "duplicate")
    role = Role.objects.create(code=code, name=name, description=description)
    _apply_role(role, permissions or [], data_scopes or [])
    bump_access_version()
    return role


@transaction.atomic
def update_role(role: Role, *, permissions: list[str] | None = None, data_scopes: list[dict[str, Any]] | None = None,
                **changes: Any) -> Role:
    if role.is_builtin and "code" in changes and changes["code"] != role.code:
        raise _field_error("code", "内置角色的编码不能修改。")
    if "name" in changes and Role.objects.filter(name=changes["name"]).exclude(pk=role.pk).exists():
        raise _field_error("name", f"角色“{changes['name']}”已存在。", "duplicate")
    if "code" in changes and Role.objects.filter(code=changes["code"]).exclude(pk=role.pk).exists():
        raise _field_error("code", f"角色编码“{changes['code']}”已存在。", "duplicate")
    for field, value in changes.items():
        setattr(role, field, value)
    role.save()
    _apply_role(role, permissions, data_scopes)
    bump_access_version()
    return role


@transaction.atomic
def delete_role(role: Role) -> None:
    if role.is_builtin:
        raise Protected(f"“{role.name}”是内置角色，不能删除。")
    count = role.users.count()
    if count:
        raise Protected(f"还有 {count} 名员工拥有角色“{role.name}”，请先取消分配。")
    role.delete()
    bump_access_version()


def locked_usernames(usernames: Iterable[str]) -> set[str]:
    """Which of these usernames are locked out from at least one address now."""
    from yimei.accounts.auth import locked_pairs

    return {username for username, _ip in locked_pairs(Q(username__in=list(usernames)))}
