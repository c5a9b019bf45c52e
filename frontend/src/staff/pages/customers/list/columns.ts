/**
 * Which columns of the customer list a user sees, and in what order. The user's choice is kept on the
 * server (table-preferences, page `customers`) as `[{key, visible}]`; columns added in a later release
 * appear at the end with their default visibility, columns that no longer exist are dropped.
 */

export const CUSTOMER_COLUMNS = [
  'name',
  'gender_age',
  'phone',
  'source',
  'consultant',
  'online_consultant',
  'tier',
  'tags',
  'card_number',
  'visit_count',
  'first_visit_on',
  'last_visit_on',
  'consents',
  'created_at',
] as const;

export type CustomerColumn = (typeof CUSTOMER_COLUMNS)[number];

export interface ColumnSetting {
  key: CustomerColumn;
  visible: boolean;
}

/** Shown until the user chooses otherwise; the rest stay one click away in the column settings. */
const HIDDEN_BY_DEFAULT: ReadonlySet<CustomerColumn> = new Set(['online_consultant', 'card_number', 'first_visit_on', 'consents']);

/** The customer's name opens the 360° view, so it cannot be hidden. */
export const LOCKED_COLUMNS: ReadonlySet<CustomerColumn> = new Set(['name']);

export const TABLE_PAGE = 'customers';

export function defaultColumns(): ColumnSetting[] {
  return CUSTOMER_COLUMNS.map((key) => ({ key, visible: !HIDDEN_BY_DEFAULT.has(key) }));
}

function isColumn(key: unknown): key is CustomerColumn {
  return (CUSTOMER_COLUMNS as readonly unknown[]).includes(key);
}

/** The saved settings made whole: known columns in the saved order, then any new ones. */
export function resolveColumns(saved: readonly Record<string, unknown>[] | undefined): ColumnSetting[] {
  const resolved: ColumnSetting[] = [];
  const seen = new Set<CustomerColumn>();
  for (const entry of saved ?? []) {
    if (!isColumn(entry.key) || seen.has(entry.key)) continue;
    seen.add(entry.key);
    resolved.push({ key: entry.key, visible: LOCKED_COLUMNS.has(entry.key) || entry.visible !== false });
  }
  for (const column of defaultColumns()) if (!seen.has(column.key)) resolved.push(column);
  return resolved;
}

export function moveColumn(settings: readonly ColumnSetting[], key: CustomerColumn, offset: -1 | 1): ColumnSetting[] {
  const from = settings.findIndex((column) => column.key === key);
  const to = from + offset;
  if (from < 0 || to < 0 || to >= settings.length) return [...settings];
  const next = [...settings];
  [next[from], next[to]] = [next[to], next[from]];
  return next;
}

/** Moves `key` to where `target` is (drag and drop). */
export function placeColumn(settings: readonly ColumnSetting[], key: CustomerColumn, target: CustomerColumn): ColumnSetting[] {
  const moving = settings.find((column) => column.key === key);
  if (!moving || key === target) return [...settings];
  const rest = settings.filter((column) => column.key !== key);
  const at = rest.findIndex((column) => column.key === target);
  const from = settings.findIndex((column) => column.key === key);
  const to = settings.findIndex((column) => column.key === target);
  // Dropping on a later column puts the moved one after it; on an earlier one, before it.
  rest.splice(from < to ? at + 1 : at, 0, moving);
  return rest;
}

export function setColumnVisible(settings: readonly ColumnSetting[], key: CustomerColumn, visible: boolean): ColumnSetting[] {
  if (LOCKED_COLUMNS.has(key)) return [...settings];
  return settings.map((column) => (column.key === key ? { ...column, visible } : column));
}

export function visibleColumns(settings: readonly ColumnSetting[]): CustomerColumn[] {
  return settings.filter((column) => column.visible).map((column) => column.key);
}
