"""Writing many rows fast: ``COPY`` on PostgreSQL, ``executemany`` on SQLite.

``QuerySet.bulk_create`` spends most of an import's time in Python: on PostgreSQL Django 5.2 sends the rows
as ``UNNEST`` arrays, which psycopg's client-side binding quotes element by element with regular
expressions (≈0.5 ms a row for a change-log row with its JSON); on SQLite the SQL compiler prepares every
value of every row. Here each column's value is prepared once by a per-field function (identity for plain
text, numbers and keys; the field's own ``get_db_prep_save`` for dates, decimals, JSON and encrypted text)
and the rows go to the database in one ``COPY`` (PostgreSQL) or one ``executemany`` per batch (SQLite).

Like ``bulk_create``, nothing here calls ``save()`` or sends signals. Unlike it, ``auto_now_add`` fields
keep a value the caller set (an imported file's creation date). Primary keys are taken from the table's
sequence up front on PostgreSQL and after the current maximum on SQLite (the import holds SQLite's write
lock for its whole transaction, so nobody else can take them).
"""

from __future__ import annotations

import json
import operator
from collections.abc import Callable, Iterable
from typing import Any

from django.db import connection, models
from django.utils import timezone

from yimei.core import crypto
from yimei.core.personal import EncryptedTextField

_PLAIN_TYPES = {
    "CharField", "TextField", "BooleanField", "IntegerField", "PositiveIntegerField", "PositiveSmallIntegerField",
    "SmallIntegerField", "BigIntegerField", "ForeignKey", "OneToOneField", "AutoField", "BigAutoField",
}
BATCH = 2000


def _identity(value: Any) -> Any:
    return value


def _encrypt(value: Any) -> str:
    return crypto.encrypt(value) if value else ""


class RowWriter:
    """Inserts rows of ``model`` given as ``{attname: value}`` dicts; missing fields take their defaults."""

    def __init__(self, model: type[models.Model], *, with_pk: bool = False):
        self.model = model
        self.with_pk = with_pk
        self.table = model._meta.db_table
        self.pk = model._meta.pk
        self.fields = [f for f in model._meta.concrete_fields if with_pk or not f.primary_key]
        self.preps: list[Callable[[Any], Any]] = [self._prep_for(f) for f in self.fields]
        # Defaults computed once; callable ones (timezone.now, dict, list) per row.
        self.static_defaults: dict[str, Any] = {}
        self.dynamic_defaults: list[models.Field] = []
        self.timestamps: list[str] = []
        for field in self.fields:
            if field.primary_key:
                continue
            if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
                self.timestamps.append(field.attname)
            elif field.has_default() and callable(field.default):
                self.dynamic_defaults.append(field)
            else:
                self.static_defaults[field.attname] = field.get_default()

    @staticmethod
    def _prep_for(field: models.Field) -> Callable[[Any], Any]:
        if isinstance(field, EncryptedTextField):
            return _encrypt
        kind = field.get_internal_type()
        if kind in _PLAIN_TYPES:
            return _identity
        if connection.vendor == "postgresql":
            # psycopg adapts dates, times and decimals itself (Django's adapters are the identity there);
            # JSON goes to COPY as its text.
            if kind in ("DateField", "DateTimeField", "DecimalField", "TimeField"):
                return _identity
            if kind == "JSONField":
                encoder = getattr(field, "encoder", None)
                return lambda value: None if value is None else json.dumps(value, cls=encoder, ensure_ascii=False)
        return lambda value: None if value is None else field.get_db_prep_save(value, connection)

    def complete(self, values: dict[str, Any], now: Any) -> dict[str, Any]:
        """Fill defaults (and ``auto_now`` timestamps) into ``values``, as a model instance would have them."""
        for name, default in self.static_defaults.items():
            if name not in values:
                values[name] = default
        for field in self.dynamic_defaults:
            if field.attname not in values:
                values[field.attname] = field.get_default()
        for name in self.timestamps:
            if values.get(name) is None:
                values[name] = now
        return values

    def allocate_ids(self, count: int) -> list[int]:
        if count == 0:
            return []
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                cursor.execute("SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                               [self.table, self.pk.column, count])
                return [row[0] for row in cursor.fetchall()]
            quoted = connection.ops.quote_name
            cursor.execute(f"SELECT COALESCE(MAX({quoted(self.pk.column)}), 0) FROM {quoted(self.table)}")  # noqa: S608
            start = cursor.fetchone()[0] + 1
        return list(range(start, start + count))

    def insert(self, rows: Iterable[dict[str, Any]], *, now: Any = None) -> int:
        """Insert ``rows`` (dicts completed by ``complete``; with ``with_pk`` each has its primary key)."""
        now = now or timezone.now()
        names = [f.attname for f in self.fields]
        getter = operator.itemgetter(*names) if len(names) > 1 else (lambda row: (row[names[0]],))
        special = [(i, prep) for i, prep in enumerate(self.preps) if prep is not _identity]
        prepared = []
        for row in rows:
            values = list(getter(self.complete(row, now)))
            for i, prep in special:
                values[i] = prep(values[i])
            prepared.append(values)
        if not prepared:
            return 0
        quoted = connection.ops.quote_name
        columns = ", ".join(quoted(f.column) for f in self.fields)
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                # Errors of the raw COPY come out as Django's (IntegrityError for a taken unique value).
                with connection.wrap_database_errors, \
                        cursor.cursor.copy(f"COPY {quoted(self.table)} ({columns}) FROM STDIN") as copy:
                    for values in prepared:
                        copy.write_row(values)
            else:
                marks = ", ".join(["%s"] * len(self.fields))
                sql = f"INSERT INTO {quoted(self.table)} ({columns}) VALUES ({marks})"  # noqa: S608
                for start in range(0, len(prepared), BATCH):
                    cursor.executemany(sql, prepared[start:start + BATCH])
        return len(prepared)


_PLAIN_VALUES = (str, int, bool, float, type(None), list, dict)
_snapshot_plans: dict[type, list[tuple[str, Any]]] = {}


def _plan(model: type[models.Model]) -> list[tuple[str, Any]]:
    plan = _snapshot_plans.get(model)
    if plan is None:
        exclude = set(getattr(model, "changelog_exclude", ()))
        plan = [(f.attname, f if isinstance(f, EncryptedTextField) else None) for f in model._meta.concrete_fields
                if f.name not in exclude and f.attname not in exclude]
        _snapshot_plans[model] = plan
    return plan


def snapshot_values(model: type[models.Model], values: dict[str, Any]) -> dict[str, Any]:
    """What ``audit.services.snapshot`` records for an instance with these values (personal data masked)."""
    from yimei.audit.services import _json_value

    data: dict[str, Any] = {}
    for name, encrypted in _plan(model):
        value = values.get(name)
        if encrypted is not None:
            value = encrypted.masked(value)
        elif type(value) not in _PLAIN_VALUES:
            value = _json_value(value)
        data[name] = value
    return data
