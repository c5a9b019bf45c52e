/** The signed-in user's own notifications (`/api/v1/notifications/`): the bell's list, count and marks. */
import { api, unwrap, type Schemas } from '@/api/client';

export type StaffNotification = Schemas['Notification'];

export const notificationKeys = {
  all: ['notifications'] as const,
  unread: ['notifications', 'unread-count'] as const,
  latest: ['notifications', 'latest'] as const,
};

/** How many the dropdown shows. */
export const LATEST_COUNT = 8;

export const getUnreadCount = () => unwrap(api.GET('/api/v1/notifications/unread-count/')).then((answer) => answer.count);
export const listLatest = () =>
  unwrap(api.GET('/api/v1/notifications/', { params: { query: { page_size: LATEST_COUNT } } })).then((page) => page.results);
export const markRead = (id: number) => unwrap(api.POST('/api/v1/notifications/{id}/read/', { params: { path: { id } } }));
export const markAllRead = () => unwrap(api.POST('/api/v1/notifications/read-all/'));

/** A link the console can open itself: a path of this site, never another origin. */
export function internalPath(link: string, origin: string = window.location.origin): string | null {
  if (!link) return null;
  if (link.startsWith('/') && !link.startsWith('//')) return link;
  try {
    const url = new URL(link, origin);
    return url.origin === origin ? `${url.pathname}${url.search}${url.hash}` : null;
  } catch {
    return null;
  }
}
