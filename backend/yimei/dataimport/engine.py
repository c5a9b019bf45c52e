"""The loop every kind of import shares: read the file in chunks, check each chunk against the file so far
and the database (a few ``__in`` queries per chunk, never per row), and — when importing — write the chunk
in bulk.

A dry run and an import run the same checks, so what the dry run promised is what the import does (or, if
the database changed in between, the import refuses and reports the rows again). Writing is all or
nothing: the caller wraps the import in one transaction and rolls it back when any row fails, unless the
job says to skip invalid rows; a row with an error is never written in part.
"""

from __future__ import annotations

import contextlib
import itertools
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from django.db import models
from django.utils import timezone

from yimei.audit.choices import ChangeAction
from yimei.audit.models import ChangeLog
from yimei.audit.services import snapshot
from yimei.core import context
from yimei.core.personal import MASKERS, normalize_mobile
from yimei.dataimport.bulkwrite import RowWriter, snapshot_values
from yimei.dataimport.columns import Column, Resolved, columns_of, resolve_mapping
from yimei.dataimport.parsing import code_text, text
from yimei.dataimport.reader import Cell, open_table

CHUNK_ROWS = 2000
BATCH_SIZE = 1000
# Error lines kept for the report; the counts stay exact beyond it.
MAX_REPORT_LINES = 200_000
MAX_GROUP_ROWS = 10


@dataclass
class RowError:
    row: int
    column: str
    value: str
    message: str


@dataclass
class Record:
    """One data row of the file: raw cells by field key, then cleaned data, errors and what to do with it."""

    row: int
    values: dict[str, Cell]
    data: dict[str, Any] = field(default_factory=dict)
    errors: list[tuple[str, str, str]] = field(default_factory=list)  # (field key, message, group)
    action: str = ""  # create | update | unchanged
    target: Any = None
    changes: dict[str, Any] = field(default_factory=dict)

    def fail(self, key: str, message: str, group: str | None = None) -> None:
        self.errors.append((key, message, group or message))

    def has(self, key: str) -> bool:
        """The file maps this field and the cell is not blank."""
        return key in self.values and text(self.values[key]) != ""


@dataclass
class JobContext:
    job: Any
    operator: Any
    write: bool
    create_missing: bool = False
    now: Any = None

    @property
    def operator_id(self) -> int | None:
        return getattr(self.operator, "pk", None)

    @property
    def operator_name(self) -> str:
        return getattr(self.operator, "name", "") or ""


class Handler:
    """One kind of import. Subclasses fill ``check`` and ``write`` (and optionally ``prepare``/``finish``)."""

    kind: str = ""

    def __init__(self, ctx: JobContext):
        self.ctx = ctx
        self.notes: dict[str, Any] = {}

    def prepare(self) -> None:
        pass

    def check(self, records: list[Record]) -> None:
        raise NotImplementedError

    def write(self, records: list[Record]) -> None:
        raise NotImplementedError

    def finish(self) -> None:
        pass

    def summary(self) -> dict[str, Any]:
        return self.notes

    # --- helpers shared by the kinds ---

    def field(self, record: Record, key: str, parse: Callable[[Cell], Any]) -> Any:
        """Parse one cell; on failure record the error and return None."""
        if key not in record.values:
            return None
        try:
            return parse(record.values[key])
        except ValueError as error:
            record.fail(key, str(error))
            return None

    def required(self, record: Record, key: str, parse: Callable[[Cell], Any], label: str) -> Any:
        """Parse a required cell; a blank one is an error."""
        value = self.field(record, key, parse)
        if value in (None, "") and not any(e[0] == key for e in record.errors):
            record.fail(key, f"请填写{label}。", "必填项为空")
        return value

    def _log_rows(self, entries: Iterable[tuple[str, str, str, Any, Any]], action: str) -> None:
        ctx = context.current()
        operator = self.ctx.operator
        base = {"operator_id": getattr(operator, "pk", None), "operator_name": self.ctx.operator_name or ctx.actor,
                "operator_unit_id": getattr(operator, "org_unit_id", None), "request_id": ctx.request_id,
                "action": action}
        RowWriter(ChangeLog).insert(
            ({**base, "object_type": label, "object_id": pk, "object_repr": text_[:200], "before": before,
              "after": after} for label, pk, text_, before, after in entries), now=self.ctx.now)

    def log_created(self, model: type[models.Model], rows: Iterable[dict[str, Any]],
                    describe: Callable[[dict[str, Any]], str]) -> None:
        """Change-log rows for rows inserted in bulk (bulk writes bypass the generic receiver)."""
        label = model._meta.label_lower
        self._log_rows(((label, str(values["id"]), describe(values), None, snapshot_values(model, values))
                        for values in rows), ChangeAction.CREATE)

    def log_updated(self, instances: Iterable[models.Model], before: dict[int, dict[str, Any]]) -> None:
        entries = []
        for instance in instances:
            after = snapshot(instance)
            old = before.get(instance.pk, {})
            changed = sorted(k for k in after if k in old and old[k] != after[k])
            if changed:
                entries.append((instance._meta.label_lower, str(instance.pk), str(instance),
                                {k: old[k] for k in changed}, {k: after[k] for k in changed}))
        self._log_rows(entries, ChangeAction.UPDATE)


@dataclass
class Outcome:
    file_format: str = ""
    encoding: str = ""
    mapping: dict[str, str] = field(default_factory=dict)
    unused_columns: list[str] = field(default_factory=list)
    total_rows: int = 0
    valid_rows: int = 0
    error_rows: int = 0
    actions: Counter = field(default_factory=Counter)
    written: Counter = field(default_factory=Counter)
    errors: list[RowError] = field(default_factory=list)
    error_lines: int = 0
    groups: dict[tuple[str, str], dict[str, Any]] = field(default_factory=dict)
    notes: dict[str, Any] = field(default_factory=dict)
    wrote: bool = False

    def summary(self) -> dict[str, Any]:
        groups = sorted(self.groups.values(), key=lambda g: (-g["count"], g["rows"][0]))
        return {
            "file_format": self.file_format,
            "encoding": self.encoding,
            "mapping": self.mapping,
            "unused_columns": self.unused_columns,
            "total_rows": self.total_rows,
            "valid_rows": self.valid_rows,
            "error_rows": self.error_rows,
            "error_lines": self.error_lines,
            "report_truncated": self.error_lines > len(self.errors),
            "would_create": self.actions["create"],
            "would_update": self.actions["update"],
            "unchanged": self.actions["unchanged"],
            "error_groups": groups[:50],
            **self.notes,
        }


def _chunks(rows: Iterator[tuple[int, list[Cell]]], size: int) -> Iterator[list[tuple[int, list[Cell]]]]:
    while True:
        chunk = list(itertools.islice(rows, size))
        if not chunk:
            return
        yield chunk


def _shown_value(column: Column | None, value: Cell) -> str:
    shown = text(value)
    if column is not None and column.mask and shown:
        shown = code_text(value)
        if column.mask == "phone":
            with contextlib.suppress(ValueError):
                shown = normalize_mobile(shown)
        shown = MASKERS[column.mask](shown)
    return shown[:200]


def process(job: Any, data: bytes, *, handler_class: type[Handler], operator: Any, write: bool,
            progress: Callable[[int], None] | None = None) -> Outcome:
    """Check (and with ``write``, import) the rows of ``data``. Raises ``FileProblem`` / ``BusinessError``
    for a file that cannot be read or whose columns do not fit."""
    table = open_table(data)
    resolved: Resolved = resolve_mapping(job.kind, table.headers, job.mapping or None)
    columns = {c.key: c for c in columns_of(job.kind)}
    header_of = resolved.mapping
    outcome = Outcome(file_format=table.format, encoding=table.encoding, mapping=resolved.mapping,
                      unused_columns=resolved.unused)
    ctx = JobContext(job=job, operator=operator, write=write, create_missing=job.create_missing, now=timezone.now())
    handler = handler_class(ctx)
    handler.prepare()
    index = resolved.index
    writing = write
    for chunk in _chunks(table.rows, CHUNK_ROWS):
        records = [
            Record(row=number, values={k: (cells[i] if i < len(cells) else None) for k, i in index.items()})
            for number, cells in chunk
        ]
        handler.check(records)
        good = []
        for record in records:
            if not record.errors:
                good.append(record)
                outcome.actions[record.action] += 1
                continue
            outcome.error_rows += 1
            for key, message, group in record.errors:
                outcome.error_lines += 1
                column = columns.get(key)
                header = header_of.get(key) or (column.label if column else key)
                if len(outcome.errors) < MAX_REPORT_LINES:
                    outcome.errors.append(RowError(record.row, header, _shown_value(column, record.values.get(key)),
                                                   message))
                entry = outcome.groups.setdefault((header, group), {"column": header, "message": group, "count": 0,
                                                                    "rows": []})
                entry["count"] += 1
                if len(entry["rows"]) < MAX_GROUP_ROWS and record.row not in entry["rows"]:
                    entry["rows"].append(record.row)
        outcome.total_rows += len(records)
        outcome.valid_rows += len(good)
        if write and outcome.error_rows and not job.skip_invalid:
            # Keep checking for a complete report; the caller rolls back what was written.
            writing = False
        if writing and good:
            handler.write(good)
            for record in good:
                outcome.written[record.action] += 1
        if progress is not None:
            progress(outcome.total_rows)
    if writing:
        handler.finish()
    outcome.wrote = writing
    outcome.notes = handler.summary()
    return outcome
