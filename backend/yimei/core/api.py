"""Base API views: audit of every write and denial, transactions, restricted querysets, scope checks."""

from __future__ import annotations

from typing import Any

from django.db import models, transaction
from rest_framework import mixins, viewsets
from rest_framework.permissions import SAFE_METHODS
from rest_framework.views import APIView

from yimei.core import context
from yimei.core.errors import OutOfScope
from yimei.core.models import restrict
from yimei.core.permissions import AUTHENTICATED, PUBLIC, required_code


class AuditedMixin:
    """Runs each unsafe request in one transaction and writes exactly one operation-log row for it.

    On success the row is written inside the transaction; on a 4xx the transaction is rolled back and the
    row (result ``failure`` or ``denied``) is written after, so a refused write leaves only its log.
    Denied reads are logged too.
    """

    audit_module: str = ""
    audit_operation: bool = True

    def dispatch(self, request: Any, *args: Any, **kwargs: Any):
        self.audit_object: models.Model | None = None
        self.audit_message = ""
        if request.method in SAFE_METHODS or not self.audit_operation:
            response = super().dispatch(request, *args, **kwargs)  # type: ignore[misc]
            if response.status_code == 403 and self.audit_operation:
                self._record(response)
            return response
        with transaction.atomic():
            response = super().dispatch(request, *args, **kwargs)  # type: ignore[misc]
            if response.status_code < 400:
                self._record(response)
            else:
                transaction.set_rollback(True)
        if response.status_code >= 400:
            self._record(response)
        return response

    def initial(self, request: Any, *args: Any, **kwargs: Any) -> None:
        super().initial(request, *args, **kwargs)  # type: ignore[misc]
        if request.user.is_authenticated:
            # Token-authenticated requests get their user here, not in the session middleware.
            context.current().user = request.user

    def audit_action(self) -> str:
        return getattr(self, "action", None) or self.request.method.lower()  # type: ignore[attr-defined]

    def _record(self, response: Any) -> None:
        from yimei.audit.services import Result, record_operation

        status = response.status_code
        result = Result.SUCCESS if status < 400 else Result.DENIED if status in (401, 403) else Result.FAILURE
        message = self.audit_message
        data = getattr(response, "data", None)
        if status >= 400 and isinstance(data, dict):
            message = str(data.get("message", ""))
        kwargs = getattr(self, "kwargs", {}) or {}
        record_operation(
            module=self.audit_module,
            action=self.audit_action(),
            result=result,
            obj=self.audit_object,
            object_id=str(kwargs.get("pk", "")),
            message=message,
            status_code=status,
            user=getattr(self.request, "user", None),  # type: ignore[attr-defined]
        )


class YimeiAPIView(AuditedMixin, APIView):
    """An API view: one permission code (or AUTHENTICATED/PUBLIC), audited writes."""


class RestrictedViewSet(AuditedMixin, viewsets.GenericViewSet):
    """A viewset whose queryset goes through ``restrict()`` with the permission code of the action."""

    permission_codes: dict[str, str] = {}

    def permission_code(self) -> str:
        return required_code(self, self.request) or ""

    def get_queryset(self) -> models.QuerySet:
        queryset = super().get_queryset()
        code = self.permission_code()
        if code in (AUTHENTICATED, PUBLIC, ""):
            return queryset.none()
        return restrict(queryset, self.request.user, code)

    def ensure_in_scope(self, obj: models.Model, code: str | None = None) -> None:
        """After a write: the saved row must still be inside the user's scope, or everything rolls back."""
        code = code or self.permission_code()
        if not restrict(type(obj), self.request.user, code).filter(pk=obj.pk).exists():
            raise OutOfScope()


class ReadOnlyRestrictedViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, RestrictedViewSet):
    pass
