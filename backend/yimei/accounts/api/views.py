from __future__ import annotations

import django_filters
from django.conf import settings
from django.db.models import Count, Prefetch
from django.middleware.csrf import get_token
from django.utils.decorators import method_decorator
from django.views.decorators.csrf import csrf_protect
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status
from rest_framework.decorators import action
from rest_framework.filters import OrderingFilter
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.throttling import ScopedRateThrottle

from yimei.accounts import auth, services
from yimei.accounts.api import serializers as s
from yimei.accounts.backends import UID_COOKIE, UID_SALT
from yimei.accounts.models import OrgUnit, Position, Role, RoleDataScope, User
from yimei.accounts.selectors import me_payload
from yimei.audit.services import record_operation
from yimei.core import access as registry
from yimei.core.api import RestrictedViewSet, YimeiAPIView
from yimei.core.filters import PersonalSearchFilter
from yimei.core.permissions import AUTHENTICATED, PUBLIC
from yimei.core.scopes import SCOPE_LABELS_EN, Scope

# --- auth ------------------------------------------------------------------------------------------


class CsrfView(YimeiAPIView):
    permission_code = PUBLIC
    authentication_classes: list = []

    @extend_schema(responses={204: None}, summary="取得 CSRF cookie")
    def get(self, request: Request) -> Response:
        get_token(request)
        return Response(status=status.HTTP_204_NO_CONTENT)


@method_decorator(csrf_protect, name="dispatch")
class LoginView(YimeiAPIView):
    permission_code = PUBLIC
    authentication_classes: list = []
    audit_operation = False  # the login log records it
    throttle_classes = [ScopedRateThrottle]
    throttle_scope = "login"

    @extend_schema(request=s.LoginSerializer, responses=s.MeSerializer, summary="登录")
    def post(self, request: Request) -> Response:
        serializer = s.LoginSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        user = auth.login(request._request, **serializer.validated_data)
        response = Response(me_payload(user))
        response.set_signed_cookie(UID_COOKIE, str(user.pk), salt=UID_SALT, httponly=True, samesite="Lax",
                                   secure=settings.SESSION_COOKIE_SECURE)
        return response


class LogoutView(YimeiAPIView):
    permission_code = AUTHENTICATED
    allowed_before_password_change = True
    audit_operation = False

    @extend_schema(request=None, responses={204: None}, summary="退出登录")
    def post(self, request: Request) -> Response:
        auth.logout(request._request)
        response = Response(status=status.HTTP_204_NO_CONTENT)
        # Leaves nothing of the session in the browser (等保: no residual data after logout).
        response["Clear-Site-Data"] = '"cache", "storage"'
        response.delete_cookie(UID_COOKIE, samesite="Lax")
        return response


class PasswordChangeView(YimeiAPIView):
    permission_code = AUTHENTICATED
    allowed_before_password_change = True
    audit_module = "accounts"

    def audit_action(self) -> str:
        return "change_password"

    @extend_schema(request=s.PasswordChangeSerializer, responses={204: None}, summary="修改本人密码")
    def post(self, request: Request) -> Response:
        serializer = s.PasswordChangeSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        self.audit_object = services.change_own_password(request.user, **serializer.validated_data)
        # Changing the password ends other sessions but keeps this one.
        from django.contrib.auth import update_session_auth_hash

        update_session_auth_hash(request._request, request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


class MeView(YimeiAPIView):
    permission_code = AUTHENTICATED
    allowed_before_password_change = True

    @extend_schema(responses=s.MeSerializer, summary="当前用户、角色、权限与数据范围")
    def get(self, request: Request) -> Response:
        return Response(me_payload(request.user))


class PermissionCatalogView(YimeiAPIView):
    permission_code = "accounts.role.view"

    @extend_schema(responses=s.PermissionCatalogSerializer, summary="权限树、模块与数据范围选项")
    def get(self, request: Request) -> Response:
        def node(n: registry.Node) -> dict:
            return {"code": n.code, "name": n.name, "name_en": n.name_en, "kind": n.kind,
                    "children": [node(c) for c in n.children]}

        return Response({
            "tree": [node(n) for n in registry.tree()],
            "modules": [{"code": m.code, "name": m.name, "name_en": m.name_en} for m in registry.modules()],
            "scopes": [{"value": v, "label": label, "label_en": SCOPE_LABELS_EN[Scope(v)]}
                       for v, label in Scope.choices],
        })


# --- organisation ----------------------------------------------------------------------------------


class OrgUnitViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, RestrictedViewSet):
    """组织架构. A clinic has tens of units, so the tree comes in one unpaginated answer."""

    queryset = OrgUnit.objects.all()
    serializer_class = s.OrgUnitSerializer
    pagination_class = None
    audit_module = "accounts"
    filterset_fields = ["kind", "is_active", "parent"]
    search_fields = ["name", "code"]
    ordering_fields = ["path", "sort", "name"]
    permission_codes = {
        "list": "accounts.orgunit.view", "retrieve": "accounts.orgunit.view", "create": "accounts.orgunit.add",
        "update": "accounts.orgunit.change", "partial_update": "accounts.orgunit.change",
        "destroy": "accounts.orgunit.delete",
    }

    def create(self, request: Request) -> Response:
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = {k: v for k, v in serializer.validated_data.items() if k != "path"}
        self.audit_object = unit = services.create_org_unit(**data)
        # A new unit is in scope when its parent is: scopes are computed from the tree as it was.
        self.ensure_in_scope(unit.parent or unit)
        return Response(self.get_serializer(unit).data, status=status.HTTP_201_CREATED)

    def update(self, request: Request, pk: str, partial: bool = False) -> Response:
        unit = self.get_object()
        serializer = self.get_serializer(unit, data=request.data, partial=partial)
        serializer.is_valid(raise_exception=True)
        self.audit_object = unit = services.update_org_unit(unit, **serializer.validated_data)
        if unit.parent is not None:
            self.ensure_in_scope(unit.parent)
        return Response(self.get_serializer(unit).data)

    def partial_update(self, request: Request, pk: str) -> Response:
        return self.update(request, pk, partial=True)

    def destroy(self, request: Request, pk: str) -> Response:
        self.audit_object = unit = self.get_object()
        services.delete_org_unit(unit)
        return Response(status=status.HTTP_204_NO_CONTENT)


class PositionViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, RestrictedViewSet):
    """岗位. A short, bounded list: unpaginated."""

    queryset = Position.objects.all()
    serializer_class = s.PositionSerializer
    pagination_class = None
    audit_module = "accounts"
    filterset_fields = ["is_active"]
    search_fields = ["name", "code"]
    permission_codes = {
        "list": "accounts.position.view", "retrieve": "accounts.position.view",
        "create": "accounts.position.add", "update": "accounts.position.change",
        "partial_update": "accounts.position.change", "destroy": "accounts.position.delete",
    }

    def create(self, request: Request) -> Response:
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        self.audit_object = position = services.create_position(**serializer.validated_data)
        return Response(self.get_serializer(position).data, status=status.HTTP_201_CREATED)

    def update(self, request: Request, pk: str, partial: bool = False) -> Response:
        position = self.get_object()
        serializer = self.get_serializer(position, data=request.data, partial=partial)
        serializer.is_valid(raise_exception=True)
        self.audit_object = services.update_position(position, **serializer.validated_data)
        return Response(self.get_serializer(position).data)

    def partial_update(self, request: Request, pk: str) -> Response:
        return self.update(request, pk, partial=True)

    def destroy(self, request: Request, pk: str) -> Response:
        self.audit_object = position = self.get_object()
        services.delete_position(position)
        return Response(status=status.HTTP_204_NO_CONTENT)


# --- staff -----------------------------------------------------------------------------------------


class StaffFilter(django_filters.FilterSet):
    position = django_filters.NumberFilter(field_name="positions", label="岗位")
    role = django_filters.NumberFilter(field_name="roles", label="角色")

    class Meta:
        model = User
        fields = ["org_unit", "is_active"]


class StaffViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, RestrictedViewSet):
    """员工账号. No delete: people leave, their records stay; accounts are disabled."""

    queryset = User.objects.select_related("org_unit").prefetch_related("positions", "roles")
    serializer_class = s.StaffSerializer
    filterset_class = StaffFilter
    search_fields = ["username", "name", "staff_number"]
    phone_search_field = "phone"
    filter_backends = [DjangoFilterBackend, PersonalSearchFilter, OrderingFilter]
    ordering_fields = ["id", "username", "staff_number", "name", "last_login"]
    ordering = ["id"]
    audit_module = "accounts"
    permission_codes = {
        "list": "accounts.staff.view", "retrieve": "accounts.staff.view", "create": "accounts.staff.add",
        "update": "accounts.staff.change", "partial_update": "accounts.staff.change",
        "disable": "accounts.staff.disable", "enable": "accounts.staff.disable",
        "reset_password": "accounts.staff.reset_password", "unlock": "accounts.staff.unlock",
        "assign_roles": "accounts.staff.assign_roles", "unmask": "accounts.staff.unmask",
    }

    def _respond(self, staff: User, code: int = status.HTTP_200_OK) -> Response:
        staff = self.get_queryset().get(pk=staff.pk)  # fresh, with its relations prefetched
        return Response(s.StaffSerializer(staff, context=self.get_serializer_context()).data, status=code)

    @extend_schema(request=s.StaffCreateSerializer, responses={201: s.StaffSerializer})
    def create(self, request: Request) -> Response:
        serializer = s.StaffCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        self.audit_object = staff = services.create_staff(**serializer.validated_data)
        self.ensure_in_scope(staff)
        return self._respond(staff, status.HTTP_201_CREATED)

    @extend_schema(request=s.StaffWriteSerializer, responses=s.StaffSerializer)
    def update(self, request: Request, pk: str, partial: bool = False) -> Response:
        staff = self.get_object()
        serializer = s.StaffWriteSerializer(data=request.data, partial=partial)
        serializer.is_valid(raise_exception=True)
        self.audit_object = staff = services.update_staff(staff, **serializer.validated_data)
        self.ensure_in_scope(staff)
        return self._respond(staff)

    @extend_schema(request=s.StaffWriteSerializer, responses=s.StaffSerializer)
    def partial_update(self, request: Request, pk: str) -> Response:
        return self.update(request, pk, partial=True)

    @extend_schema(request=None, responses=s.StaffSerializer, summary="停用账号")
    @action(detail=True, methods=["post"])
    def disable(self, request: Request, pk: str) -> Response:
        self.audit_object = staff = services.set_staff_active(self.get_object(), actor=request.user, active=False)
        return self._respond(staff)

    @extend_schema(request=None, responses=s.StaffSerializer, summary="启用账号")
    @action(detail=True, methods=["post"])
    def enable(self, request: Request, pk: str) -> Response:
        self.audit_object = staff = services.set_staff_active(self.get_object(), actor=request.user, active=True)
        return self._respond(staff)

    @extend_schema(request=s.PasswordResetSerializer, responses=s.StaffSerializer, summary="重置密码")
    @action(detail=True, methods=["post"], url_path="reset-password")
    def reset_password(self, request: Request, pk: str) -> Response:
        serializer = s.PasswordResetSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        self.audit_object = staff = services.reset_password(self.get_object(), **serializer.validated_data)
        return self._respond(staff)

    @extend_schema(request=None, responses=s.StaffSerializer, summary="解除登录锁定")
    @action(detail=True, methods=["post"])
    def unlock(self, request: Request, pk: str) -> Response:
        self.audit_object = staff = self.get_object()
        auth.unlock(staff)
        return self._respond(staff)

    @extend_schema(request=s.AssignRolesSerializer, responses=s.StaffSerializer, summary="分配角色")
    @action(detail=True, methods=["post"], url_path="assign-roles")
    def assign_roles(self, request: Request, pk: str) -> Response:
        serializer = s.AssignRolesSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        self.audit_object = staff = services.assign_roles(self.get_object(), actor=request.user,
                                                          **serializer.validated_data)
        return self._respond(staff)

    @extend_schema(responses=s.UnmaskedPhoneSerializer, summary="查看完整手机号（记录审计日志）")
    @action(detail=True, methods=["get"])
    def unmask(self, request: Request, pk: str) -> Response:
        staff = self.get_object()
        record_operation(module="accounts", action="unmask", obj=staff, message="查看完整手机号",
                         user=request.user)
        return Response({"phone": staff.phone})


# --- roles -----------------------------------------------------------------------------------------


class RoleViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, RestrictedViewSet):
    queryset = Role.objects.annotate(user_count=Count("users", distinct=True)).prefetch_related(
        "permissions", Prefetch("data_scopes", queryset=RoleDataScope.objects.prefetch_related("units")))
    serializer_class = s.RoleSerializer
    audit_module = "accounts"
    search_fields = ["name", "code", "description"]
    ordering_fields = ["id", "name", "code"]
    ordering = ["id"]
    permission_codes = {
        "list": "accounts.role.view", "retrieve": "accounts.role.view", "create": "accounts.role.add",
        "update": "accounts.role.change", "partial_update": "accounts.role.change",
        "destroy": "accounts.role.delete",
    }

    def _respond(self, role: Role, code: int = status.HTTP_200_OK) -> Response:
        return Response(self.get_serializer(self.get_queryset().get(pk=role.pk)).data, status=code)

    def create(self, request: Request) -> Response:
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        self.audit_object = role = services.create_role(**serializer.validated_data)
        return self._respond(role, status.HTTP_201_CREATED)

    def update(self, request: Request, pk: str, partial: bool = False) -> Response:
        role = self.get_object()
        serializer = self.get_serializer(role, data=request.data, partial=partial)
        serializer.is_valid(raise_exception=True)
        self.audit_object = role = services.update_role(role, **serializer.validated_data)
        return self._respond(role)

    def partial_update(self, request: Request, pk: str) -> Response:
        return self.update(request, pk, partial=True)

    def destroy(self, request: Request, pk: str) -> Response:
        self.audit_object = role = self.get_object()
        services.delete_role(role)
        return Response(status=status.HTTP_204_NO_CONTENT)
