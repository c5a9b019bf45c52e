"""Values kept for the rest of the current transaction: a setting read once per request instead of once per row.

A transaction is told apart by its outermost atomic block together with Django's list of on-commit hooks, which
Django replaces at every commit and rollback, and at a savepoint rollback. The block alone is not enough: a
decorated service reuses its atomic block object for every call. Outside a transaction nothing is kept.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from django.db import connection

T = TypeVar("T")
_STORE = "_yimei_transaction_cache"


def transaction_token() -> tuple[Any, Any] | None:
    blocks = connection.atomic_blocks
    return (blocks[0], connection.run_on_commit) if blocks else None


def same_transaction(token: tuple[Any, Any] | None) -> bool:
    current = transaction_token()
    return token is not None and current is not None and token[0] is current[0] and token[1] is current[1]


def cached(key: str, load: Callable[[], T]) -> T:
    """``load()``, remembered under ``key`` until the current transaction ends."""
    token = transaction_token()
    if token is None:
        return load()
    store = connection.__dict__.get(_STORE)
    if store is None or not same_transaction(store[0]):
        store = connection.__dict__[_STORE] = (token, {})
    values = store[1]
    if key not in values:
        values[key] = load()
    return values[key]


def forget() -> None:
    """Drop what this transaction remembered (call when the remembered rows are written)."""
    connection.__dict__.pop(_STORE, None)
