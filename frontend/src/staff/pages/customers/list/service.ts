/** The list page's own per-user settings: saved filters and the table's columns (both `page=customers`). */
import { api, unwrap, type Schemas } from '@/api/client';

import { TABLE_PAGE } from './columns';
import type { ColumnSetting } from './columns';

export type SavedFilter = Schemas['SavedFilter'];

export const listPageKeys = {
  savedFilters: ['saved-filters', TABLE_PAGE] as const,
  columns: ['table-preferences', TABLE_PAGE] as const,
};

export async function listSavedFilters(): Promise<SavedFilter[]> {
  return unwrap(api.GET('/api/v1/saved-filters/', { params: { query: { page: TABLE_PAGE } } }));
}

/** Saves under `name`; the server overwrites a filter of the same name. */
export async function saveFilter(name: string, params: Record<string, string>): Promise<SavedFilter> {
  return unwrap(api.POST('/api/v1/saved-filters/', { body: { page: TABLE_PAGE, name, params } }));
}

export async function deleteSavedFilter(id: number): Promise<void> {
  await unwrap(api.DELETE('/api/v1/saved-filters/{id}/', { params: { path: { id } } }));
}

export async function getColumnPreference(): Promise<Record<string, unknown>[]> {
  const { columns } = await unwrap(api.GET('/api/v1/table-preferences/', { params: { query: { page: TABLE_PAGE } } }));
  return columns;
}

export async function saveColumnPreference(columns: ColumnSetting[]): Promise<Record<string, unknown>[]> {
  const saved = await unwrap(api.PUT('/api/v1/table-preferences/', { body: { page: TABLE_PAGE, columns: columns.map(({ key, visible }) => ({ key, visible })) } }));
  return saved.columns;
}
