/** Before/after snapshots of a change-log row, as one row per field for a diff table. */

export interface DiffRow {
  field: string;
  before: string;
  after: string;
  changed: boolean;
}

function asRecord(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

export function displayValue(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'string') return value;
  return JSON.stringify(value);
}

export function diffRows(before: unknown, after: unknown): DiffRow[] {
  const old = asRecord(before);
  const now = asRecord(after);
  const fields = [...new Set([...Object.keys(old), ...Object.keys(now)])];
  return fields.map((field) => {
    const previous = displayValue(old[field]);
    const next = displayValue(now[field]);
    return { field, before: previous, after: next, changed: previous !== next };
  });
}
