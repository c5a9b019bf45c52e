/**
 * The customer list keeps its filters in its URL. Pages opened from it carry that query string in the
 * router's navigation state, so "back to the list" returns to the same filtered page even after an edit.
 */

export interface ListReturnState {
  listSearch?: string;
}

export function listReturnState(search: string): ListReturnState {
  return { listSearch: search };
}

/** The list's URL to return to, from a page's navigation state (anything else gives the plain list). */
export function listUrlFrom(state: unknown): string {
  const search = (state as ListReturnState | null)?.listSearch;
  return typeof search === 'string' && search.startsWith('?') ? `/customers/list${search}` : '/customers/list';
}
