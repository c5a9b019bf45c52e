"""Import from the previous system (历史数据迁移): upload, dry run, import, saved mappings.

1. ``create_job`` reads the file's header at once: an unreadable file or columns that do not fit are refused
   with a clear message and nothing is kept. The file is stored privately and the job is checked (dry run)
   at once — in a background thread in the web process, or inline (tests, ``YIMEI_TASKS_ASYNC=0``).
2. ``validate_job`` (the dry run) runs every check and writes only the job and its error report.
3. ``start_import`` + ``run_import`` import the file in ONE transaction: all rows or none. Progress goes to
   the cache (Redis in production), which the transaction does not hide; the job's final state is committed
   with the data, so "done" always means the rows are there.
"""

from __future__ import annotations

import json
import logging
import uuid
from datetime import timedelta
from pathlib import PurePosixPath
from typing import Any

from django.core.cache import cache
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import IntegrityError, transaction
from django.utils import timezone

from yimei.audit.services import Result, record_operation
from yimei.core.errors import BusinessError
from yimei.dataimport import tasks
from yimei.dataimport.choices import BUSY_STATUSES, ImportKind, ImportStatus
from yimei.dataimport.columns import columns_of, resolve_mapping, suggest_mapping
from yimei.dataimport.engine import Outcome, process
from yimei.dataimport.kinds import handler_for
from yimei.dataimport.models import ImportJob, ImportTemplate
from yimei.dataimport.reader import MAX_FILE_BYTES, FileProblem, open_table
from yimei.dataimport.reports import error_workbook

log = logging.getLogger(__name__)

STORAGE_PREFIX = "imports"
# A busy job whose worker has not reported for this long is treated as interrupted.
HEARTBEAT_SECONDS = 300


class AbortImport(Exception):
    """Raised inside the import transaction to roll every row back."""

    def __init__(self, outcome: Outcome):
        super().__init__("import aborted")
        self.outcome = outcome


# --- files ----------------------------------------------------------------------------------------


def _read_upload(upload: Any) -> bytes:
    if upload is None:
        raise BusinessError("请选择要上传的文件。", code="required", fields={"file": ["请选择要上传的文件。"]})
    size = getattr(upload, "size", 0) or 0
    if size > MAX_FILE_BYTES:
        raise FileProblem(f"文件大小 {size / 1024 / 1024:.1f} MB，超过 20 MB 上限，请拆分后分批导入。",
                          code="file_too_large")
    return upload.read()


def _kind(kind: str) -> str:
    if kind not in ImportKind.values:
        raise BusinessError("请选择导入类型：客户档案、到访记录、咨询记录或标签。", code="invalid",
                            fields={"kind": ["未知的导入类型。"]})
    return kind


def _job_data(job: ImportJob) -> bytes:
    try:
        with default_storage.open(job.stored_file, "rb") as handle:
            return handle.read()
    except (FileNotFoundError, OSError):
        raise BusinessError("上传的文件已不存在，请重新上传。", code="file_missing") from None


def _progress_key(job_id: int) -> str:
    return f"dataimport:job:{job_id}:progress"


def _report_progress(job_id: int, processed: int) -> None:
    cache.set(_progress_key(job_id), processed, timeout=HEARTBEAT_SECONDS)


def progress_of(job: ImportJob) -> int:
    """Rows processed so far: from the cache while a worker is busy, else as saved."""
    if job.status in BUSY_STATUSES:
        value = cache.get(_progress_key(job.pk))
        if isinstance(value, int):
            return value
    return job.processed_rows


def inspect_file(*, upload: Any, kind: str, mapping: dict[str, str] | None = None) -> dict[str, Any]:
    """The file's headers and the column each field would read: what the mapping screen shows."""
    kind = _kind(kind)
    table = open_table(_read_upload(upload))
    suggested = suggest_mapping(kind, table.headers)
    if mapping:
        suggested.update({k: v for k, v in mapping.items() if k in suggested})
    missing = [c.label for c in columns_of(kind) if c.required and not suggested.get(c.key)]
    return {"kind": kind, "file_format": table.format, "encoding": table.encoding, "headers": table.headers,
            "mapping": suggested, "missing_required": missing}


# --- jobs -----------------------------------------------------------------------------------------


@transaction.atomic
def create_job(*, operator: Any, upload: Any, kind: str, mapping: dict[str, str] | None = None,
               template: ImportTemplate | None = None, create_missing: bool | None = None) -> ImportJob:
    """Store the upload and start its dry run. Wrong format or columns: refused, nothing kept."""
    kind = _kind(kind)
    if template is not None and template.kind != kind:
        raise BusinessError(f"所选模板“{template.name}”用于{template.get_kind_display()}导入，与本次导入类型不符。",
                            code="invalid", fields={"template": ["模板的导入类型不符。"]})
    effective = {**(template.mapping if template else {}), **(mapping or {})}
    if create_missing is None:
        create_missing = bool(template and template.create_missing)
    data = _read_upload(upload)
    table = open_table(data)
    resolved = resolve_mapping(kind, table.headers, effective)
    name = PurePosixPath(getattr(upload, "name", "") or "upload").name[:255] or "upload"
    suffix = PurePosixPath(name).suffix.lower()[:8] if PurePosixPath(name).suffix.isascii() else ""
    today = timezone.localdate()
    stored = default_storage.save(f"{STORAGE_PREFIX}/{today:%Y/%m}/{uuid.uuid4().hex}{suffix}", ContentFile(data))
    job = ImportJob.objects.create(
        kind=kind, status=ImportStatus.VALIDATING, original_name=name, stored_file=stored, file_size=len(data),
        file_format=table.format, encoding=table.encoding, template=template, mapping=effective,
        create_missing=bool(create_missing), created_by=operator if getattr(operator, "pk", None) else None,
        org_unit_id=getattr(operator, "org_unit_id", None),
        summary={"mapping": resolved.mapping, "unused_columns": resolved.unused,
                 "estimated_rows": table.estimated_rows},
    )
    _report_progress(job.pk, 0)
    tasks.dispatch(validate_job, job.pk)
    return job


def _save_report(job: ImportJob, outcome: Outcome) -> None:
    if job.error_report:
        default_storage.delete(job.error_report)
        job.error_report = ""
    if outcome.error_lines:
        content = error_workbook(outcome.errors, groups=outcome.summary()["error_groups"],
                                 error_rows=outcome.error_rows, error_lines=outcome.error_lines)
        job.error_report = default_storage.save(f"{STORAGE_PREFIX}/reports/{job.pk}-{uuid.uuid4().hex}.xlsx",
                                                ContentFile(content))


def _fail(job: ImportJob, message: str, status: str | None = None) -> ImportJob:
    """End a job with ``message``: an import that failed (nothing written) or a file that cannot be used."""
    if status is None:
        status = ImportStatus.FAILED if job.status == ImportStatus.IMPORTING else ImportStatus.INVALID
    job.status = status
    job.message = message[:500]
    job.finished_at = timezone.now()
    job.save()
    return job


def _validation_result(job: ImportJob, outcome: Outcome) -> None:
    job.total_rows, job.valid_rows, job.error_rows = outcome.total_rows, outcome.valid_rows, outcome.error_rows
    job.processed_rows = outcome.total_rows
    job.file_format, job.encoding = outcome.file_format, outcome.encoding
    job.summary = outcome.summary()
    _save_report(job, outcome)


def validate_job(job_id: int) -> ImportJob:
    """The dry run: every check of the import, nothing written but the job and its error report."""
    job = ImportJob.objects.select_related("created_by").get(pk=job_id)
    job.status = ImportStatus.VALIDATING
    job.save(update_fields=["status", "updated_at"])
    try:
        outcome = process(job, _job_data(job), handler_class=handler_for(job.kind), operator=job.created_by,
                          write=False, progress=lambda n: _report_progress(job.pk, n))
    except BusinessError as error:
        return _fail(job, error.message)
    except Exception:
        log.exception("import job %s: validation failed", job.pk)
        return _fail(job, "校验时发生意外错误，请联系系统管理员。")
    _validation_result(job, outcome)
    if outcome.total_rows == 0:
        job.status, job.message = ImportStatus.INVALID, "文件中只有表头，没有数据行。"
    elif outcome.error_rows:
        job.status = ImportStatus.INVALID
        job.message = (f"共 {outcome.total_rows} 行，其中 {outcome.error_rows} 行有错误。"
                       "请下载错误报告，修正后重新上传；"
                       f"或选择“跳过错误行”只导入通过校验的 {outcome.valid_rows} 行。")[:500]
    else:
        job.status = ImportStatus.VALIDATED
        job.message = (f"共 {outcome.total_rows} 行，全部通过校验：将新增 {outcome.actions['create']} 条，"
                       f"更新 {outcome.actions['update']} 条，{outcome.actions['unchanged']} 条无变化。")
    job.validated_at = timezone.now()
    job.save()
    return job


@transaction.atomic
def start_import(job: ImportJob, *, operator: Any, skip_invalid: bool = False) -> ImportJob:
    """Check the job may be imported, mark it importing and hand it to a worker."""
    job = ImportJob.objects.select_for_update().get(pk=job.pk)
    refresh_stale(job)
    if job.status in BUSY_STATUSES:
        raise BusinessError("该文件正在校验或导入中，请稍候。", code="busy")
    if job.status == ImportStatus.DONE:
        raise BusinessError("该文件已导入完成。如需再次导入，请重新上传（重复导入不会产生重复数据）。",
                            code="already_done")
    if job.status == ImportStatus.INVALID:
        if not job.total_rows or not job.valid_rows:
            raise BusinessError(job.message or "文件未通过校验，没有可导入的行。", code="invalid_file")
        if not skip_invalid:
            raise BusinessError(f"文件有 {job.error_rows} 行错误，不能导入。请下载错误报告修正后重新上传，"
                                f"或选择“跳过错误行”只导入通过校验的 {job.valid_rows} 行。", code="has_errors")
    if job.status not in (ImportStatus.VALIDATED, ImportStatus.INVALID, ImportStatus.FAILED):
        raise BusinessError("该文件尚未完成校验。", code="not_validated")
    if not job.stored_file:
        raise BusinessError("上传的文件已不存在，请重新上传。", code="file_missing")
    job.skip_invalid = bool(skip_invalid)
    job.status = ImportStatus.IMPORTING
    job.started_at, job.finished_at = timezone.now(), None
    job.message = ""
    job.processed_rows = 0
    job.save()
    _report_progress(job.pk, 0)
    tasks.dispatch(run_import, job.pk)
    return job


def run_import(job_id: int) -> ImportJob:
    """Import the job's rows in one transaction: every row or none."""
    job = ImportJob.objects.select_related("created_by").get(pk=job_id)
    try:
        with transaction.atomic():
            outcome = process(job, _job_data(job), handler_class=handler_for(job.kind), operator=job.created_by,
                              write=True, progress=lambda n: _report_progress(job.pk, n))
            if not outcome.wrote:
                raise AbortImport(outcome)
            _validation_result(job, outcome)
            job.status = ImportStatus.DONE
            job.created_count = outcome.written["create"]
            job.updated_count = outcome.written["update"]
            job.unchanged_count = outcome.written["unchanged"]
            job.skipped_count = outcome.error_rows
            job.summary["result"] = {"created": job.created_count, "updated": job.updated_count,
                                     "unchanged": job.unchanged_count, "skipped": job.skipped_count}
            skipped = f"，跳过 {job.skipped_count} 行错误" if job.skipped_count else ""
            job.message = (f"导入完成：新增 {job.created_count} 条，更新 {job.updated_count} 条，"
                           f"{job.unchanged_count} 条无变化{skipped}。")
            job.finished_at = timezone.now()
            job.save()
            record_operation(module="customers", action="import_done", obj=job, user=job.created_by,
                             message=job.message)
    except AbortImport as abort:
        # The data changed since the dry run: rows that passed then fail now. Nothing was written.
        job.refresh_from_db()
        _validation_result(job, abort.outcome)
        job.status = ImportStatus.INVALID
        job.message = (f"导入前复核发现 {abort.outcome.error_rows} 行错误（数据在校验后有变化），未写入任何数据。"
                       "请下载错误报告查看。")
        job.finished_at = timezone.now()
        job.save()
        record_operation(module="customers", action="import_done", obj=job, user=job.created_by,
                         result=Result.FAILURE, message=job.message)
        return job
    except (BusinessError, IntegrityError) as error:
        job.refresh_from_db()
        message = error.message if isinstance(error, BusinessError) else \
            "导入时与其他同时进行的操作冲突（手机号、卡号或原系统编号被占用），未写入任何数据，请重新执行导入。"
        _fail(job, message, ImportStatus.FAILED)
        record_operation(module="customers", action="import_done", obj=job, user=job.created_by,
                         result=Result.FAILURE, message=job.message)
        return job
    except Exception:
        log.exception("import job %s failed", job_id)
        job.refresh_from_db()
        _fail(job, "导入时发生意外错误，未写入任何数据。请联系系统管理员。", ImportStatus.FAILED)
        record_operation(module="customers", action="import_done", obj=job, user=job.created_by,
                         result=Result.FAILURE, message=job.message)
        return job
    # The uploaded file holds personal data: once imported it is not kept.
    _delete_upload(job)
    return job


def _delete_upload(job: ImportJob) -> None:
    if job.stored_file:
        default_storage.delete(job.stored_file)
        ImportJob.objects.filter(pk=job.pk).update(stored_file="")
        job.stored_file = ""


def refresh_stale(job: ImportJob) -> ImportJob:
    """A busy job whose worker stopped reporting (the process restarted) is marked interrupted."""
    if job.status not in BUSY_STATUSES or cache.get(_progress_key(job.pk)) is not None:
        return job
    if job.updated_at and job.updated_at > timezone.now() - timedelta(seconds=HEARTBEAT_SECONDS):
        return job
    message = ("导入被中断（服务重启），未写入任何数据，请重新执行导入。" if job.status == ImportStatus.IMPORTING
               else "校验被中断（服务重启），请重新上传文件。")
    _fail(job, message)
    return job


def discard_job(job: ImportJob) -> None:
    """Delete a job that is not being worked on, with its files."""
    if job.status in BUSY_STATUSES:
        raise BusinessError("该文件正在校验或导入中，不能删除。", code="busy")
    for name in (job.stored_file, job.error_report):
        if name:
            default_storage.delete(name)
    job.delete()


def error_report_content(job: ImportJob) -> bytes:
    """The stored error report, or an empty one when the file had no errors."""
    if job.error_report:
        try:
            with default_storage.open(job.error_report, "rb") as handle:
                return handle.read()
        except (FileNotFoundError, OSError):
            pass
    return error_workbook([], groups=[], error_rows=job.error_rows, error_lines=0)


# --- saved mappings -------------------------------------------------------------------------------


def clean_mapping(kind: str, mapping: Any) -> dict[str, str]:
    if mapping in (None, ""):
        return {}
    if isinstance(mapping, str):
        try:
            mapping = json.loads(mapping)
        except ValueError:
            raise BusinessError("列对应格式不正确。", code="invalid",
                                fields={"mapping": ["应为 JSON 对象。"]}) from None
    if not isinstance(mapping, dict):
        raise BusinessError("列对应格式不正确。", code="invalid", fields={"mapping": ["应为 {字段: 列名} 对象。"]})
    keys = {c.key for c in columns_of(kind)}
    cleaned: dict[str, str] = {}
    for key, value in mapping.items():
        if key not in keys:
            raise BusinessError(f"列对应中有本类导入没有的字段：{key}。", code="invalid",
                                fields={"mapping": [f"未知字段：{key}"]})
        if value is None:
            value = ""
        if not isinstance(value, str) or len(value) > 100:
            raise BusinessError("列对应中的列名应为不超过 100 字的文字。", code="invalid",
                                fields={"mapping": [f"{key} 的列名无效。"]})
        cleaned[key] = value.strip()
    return cleaned


@transaction.atomic
def save_template(*, operator: Any, template: ImportTemplate | None = None, **data: Any) -> ImportTemplate:
    template = template or ImportTemplate(created_by=operator if getattr(operator, "pk", None) else None,
                                          org_unit_id=getattr(operator, "org_unit_id", None))
    for key in ("name", "kind", "create_missing"):
        if key in data:
            setattr(template, key, data[key])
    template.name = (template.name or "").strip()
    if not template.name:
        raise BusinessError("请填写模板名称。", code="required", fields={"name": ["请填写模板名称。"]})
    _kind(template.kind)
    if "mapping" in data or "kind" in data:
        template.mapping = clean_mapping(template.kind, data.get("mapping", template.mapping))
    if ImportTemplate.objects.filter(kind=template.kind, name=template.name).exclude(pk=template.pk).exists():
        raise BusinessError("该导入类型下已有同名模板。", code="duplicate", fields={"name": ["已有同名模板。"]})
    template.save()
    return template
