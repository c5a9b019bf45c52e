/**
 * Column mapping of an import: which column of the uploaded file feeds each target field. A mapping is
 * `{field key: header in the file}`, an empty header meaning "not imported", as the API takes it.
 */
import type { Schemas } from '@/api/client';

export type ImportColumn = Schemas['ImportColumn'];
export type Mapping = Record<string, string>;

/** Headers compare without spaces, case, full-width brackets or a trailing * (required marks). */
export function normalizeHeader(header: string): string {
  return header
    .normalize('NFKC')
    .replace(/\s+/g, '')
    .replace(/\*+$/, '')
    .toLowerCase();
}

/** Each field gets the file column with the same name: its template header, its key or a known alias. */
export function autoMatch(columns: readonly ImportColumn[], headers: readonly string[]): Mapping {
  const byName = new Map<string, string>();
  for (const header of headers) {
    const name = normalizeHeader(header);
    if (name && !byName.has(name)) byName.set(name, header);
  }
  const taken = new Set<string>();
  const mapping: Mapping = {};
  for (const column of columns) {
    const names = [column.label, column.key, ...column.aliases].map(normalizeHeader);
    const header = names.map((name) => byName.get(name)).find((found) => found !== undefined && !taken.has(found));
    mapping[column.key] = header ?? '';
    if (header) taken.add(header);
  }
  return mapping;
}

/** A saved template's choices laid over the current mapping, where the file has the template's column. */
export function applyTemplate(mapping: Mapping, saved: Mapping | undefined, headers: readonly string[]): Mapping {
  const present = new Set(headers);
  const next = { ...mapping };
  for (const [key, header] of Object.entries(saved ?? {})) {
    if (!(key in next)) continue;
    if (header === '' || present.has(header)) next[key] = header;
  }
  return next;
}

/** Labels of required fields that no column feeds. */
export function missingRequired(columns: readonly ImportColumn[], mapping: Mapping): string[] {
  return columns.filter((column) => column.required && !mapping[column.key]).map((column) => column.label);
}

/** File columns that feed no field: shown so nothing is left behind by mistake. */
export function unusedHeaders(headers: readonly string[], mapping: Mapping): string[] {
  const used = new Set(Object.values(mapping).filter(Boolean));
  return headers.filter((header) => header.trim() && !used.has(header));
}
