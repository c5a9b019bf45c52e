/** The signed-in user's own notifications (`/api/v1/notifications/`): the bell's list, count and marks. */
import { CSRF_HEADER, ensureCsrfToken } from '@/api/csrf';
import { ApiError, NETWORK_ERROR_STATUS, toApiError } from '@/api/errors';

export interface StaffNotification {
  id: number;
  title: string;
  body: string;
  link: string;
  read_at: string | null;
  created_at: string;
}

export const notificationKeys = {
  all: ['notifications'] as const,
  unread: ['notifications', 'unread-count'] as const,
  latest: ['notifications', 'latest'] as const,
};

/** How many the dropdown shows. */
export const LATEST_COUNT = 8;

const BASE = '/api/v1/notifications/';

async function call<T>(method: string, path: string): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (method !== 'GET') headers[CSRF_HEADER] = await ensureCsrfToken();
  let response: Response;
  try {
    response = await fetch(path, { method, headers, credentials: 'same-origin' });
  } catch {
    throw new ApiError(NETWORK_ERROR_STATUS, 'network_error', '');
  }
  if (!response.ok) {
    const error: unknown = await response.json().catch(() => null);
    throw toApiError(response.status, error, response.headers.get('X-Request-ID'));
  }
  if (response.status === 204) return undefined as T;
  return (await response.json()) as T;
}

export async function getUnreadCount(): Promise<number> {
  const answer = await call<{ count?: number; unread?: number }>('GET', `${BASE}unread-count/`);
  return answer.count ?? answer.unread ?? 0;
}

export async function listLatest(): Promise<StaffNotification[]> {
  const answer = await call<{ results: StaffNotification[] }>('GET', `${BASE}?page_size=${LATEST_COUNT}`);
  return answer.results;
}

export const markRead = (id: number) => call<unknown>('POST', `${BASE}${id}/read/`);
export const markAllRead = () => call<unknown>('POST', `${BASE}read-all/`);

/** A link the console can open itself: a path of this site, never another origin. */
export function internalPath(link: string): string | null {
  if (!link) return null;
  if (link.startsWith('/') && !link.startsWith('//')) return link;
  try {
    const url = new URL(link, window.location.origin);
    return url.origin === window.location.origin ? `${url.pathname}${url.search}${url.hash}` : null;
  } catch {
    return null;
  }
}
