/** History import (历史数据迁移): upload and dry run, the error report, the import itself and saved mappings. */
import { api, unwrap, type Schemas } from '@/api/client';

import type { Mapping } from './mapping';

export type ImportKind = Schemas['ImportKindEnum'];
export type ImportJob = Schemas['ImportJob'];
export type ImportStatus = Schemas['ImportStatusEnum'];
export type ImportTemplate = Schemas['ImportTemplate'];
export type InspectResult = Schemas['ImportInspectResult'];

export const IMPORT_KINDS: ImportKind[] = ['customers', 'visits', 'consultations', 'tags'];
/** A job in one of these has a worker on it: the page polls until it leaves. */
export const BUSY_STATUSES: ImportStatus[] = ['uploaded', 'validating', 'importing'];
/** The server's file limit, checked here too so a large file is refused before it is sent. */
export const MAX_FILE_BYTES = 20 * 1024 * 1024;

/** One kind of error in the dry run: the column, the message, how many rows and the first row numbers. */
export interface ErrorGroup {
  column: string;
  message: string;
  count: number;
  rows: number[];
}

/** The dry run's figures (`summary` of a job), as far as the page shows them. */
export interface ImportSummary {
  total_rows?: number;
  valid_rows?: number;
  error_rows?: number;
  would_create?: number;
  would_update?: number;
  unchanged?: number;
  error_groups?: ErrorGroup[];
  unused_columns?: string[];
  missing_sources?: string[];
  missing_tags?: string[];
  report_truncated?: boolean;
}

export const importKeys = {
  columns: (kind: ImportKind) => ['imports', 'columns', kind] as const,
  job: (id: number) => ['imports', 'job', id] as const,
  templates: (kind: ImportKind) => ['import-templates', kind] as const,
};

/** The template file to fill in, with instructions and an example row. */
export const templateUrl = (kind: ImportKind) => `/api/v1/imports/template/?kind=${encodeURIComponent(kind)}`;
/** Every error of a dry run, row by row (phone and ID numbers masked). */
export const errorReportUrl = (id: number) => `/api/v1/imports/${id}/errors/`;

export const listColumns = (kind: ImportKind) => unwrap(api.GET('/api/v1/imports/columns/', { params: { query: { kind } } }));

function formData(fields: Record<string, string | Blob | undefined>): FormData {
  const data = new FormData();
  for (const [name, value] of Object.entries(fields)) if (value !== undefined) data.append(name, value);
  return data;
}

/** Reads the file's headers (nothing is stored); a file that cannot be read is refused with the reason. */
export const inspectFile = (file: File, kind: ImportKind) =>
  unwrap(
    api.POST('/api/v1/imports/inspect/', {
      body: { file: '', kind },
      bodySerializer: () => formData({ file, kind }),
    }),
  );

/** Stores the file and starts its dry run. */
export const uploadImport = (file: File, kind: ImportKind, mapping: Mapping, template: number | null, createMissing: boolean) =>
  unwrap(
    api.POST('/api/v1/imports/', {
      body: { file: '', kind },
      bodySerializer: () =>
        formData({
          file,
          kind,
          mapping: JSON.stringify(mapping),
          template: template ? String(template) : undefined,
          create_missing: String(createMissing),
        }),
    }),
  );

export const getImportJob = (id: number) => unwrap(api.GET('/api/v1/imports/{id}/', { params: { path: { id } } }));

export const runImport = (id: number, skipInvalid: boolean) =>
  unwrap(api.POST('/api/v1/imports/{id}/run/', { params: { path: { id } }, body: { skip_invalid: skipInvalid } }));

export async function listImportTemplates(kind: ImportKind): Promise<ImportTemplate[]> {
  const page = await unwrap(api.GET('/api/v1/import-templates/', { params: { query: { kind, page_size: 100 } } }));
  return page.results;
}

export const saveImportTemplate = (name: string, kind: ImportKind, mapping: Mapping, createMissing: boolean) =>
  unwrap(api.POST('/api/v1/import-templates/', { body: { name, kind, mapping, create_missing: createMissing } }));

export function summaryOf(job: ImportJob | undefined): ImportSummary {
  const summary = job?.summary;
  return summary && typeof summary === 'object' ? (summary as ImportSummary) : {};
}
