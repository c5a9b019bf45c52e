"""Pieces shared by the sales API views: looking up the rows a request names, inside the user's scope."""

from __future__ import annotations

from typing import Any

from django.db import models

from yimei.core.errors import BusinessError
from yimei.core.models import restrict


def reachable(model: type[models.Model] | models.QuerySet, user: Any, code: str, pk: Any, *, field: str,
              label: str) -> Any:
    """The row ``pk`` if ``user`` reaches it with ``code``; else a 404 naming ``field`` (whether or not it exists)."""
    if pk is None:
        return None
    row = restrict(model, user, code).filter(pk=pk).first()
    if row is None:
        raise BusinessError(f"{label}不存在或您无权操作。", code="not_found", status_code=404,
                            fields={field: [f"{label}不存在或您无权操作。"]})
    return row


def reachable_customer(user: Any, pk: Any, code: str) -> Any:
    """A customer inside the sales data scope of ``code`` (their consultants or org unit)."""
    from yimei.customers.models import Customer

    return reachable(Customer.objects.select_related("tier", "consultant", "online_consultant"), user, code, pk,
                     field="customer", label="客户")


def by_id(model: type[models.Model] | models.QuerySet, pk: Any, *, field: str, label: str) -> Any:
    """A reference row by id (catalogue items, visits of an already reachable customer …)."""
    if pk is None:
        return None
    queryset = model._default_manager.all() if isinstance(model, type) else model
    row = queryset.filter(pk=pk).first()
    if row is None:
        raise BusinessError(f"{label}不存在。", code="not_found", fields={field: [f"{label}不存在。"]})
    return row
