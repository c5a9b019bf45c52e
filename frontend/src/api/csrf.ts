/** Django's CSRF protection: the `csrftoken` cookie echoed in `X-CSRFToken` on every unsafe request. */

export const CSRF_COOKIE = 'csrftoken';
export const CSRF_HEADER = 'X-CSRFToken';
export const CSRF_PATH = '/api/v1/auth/csrf/';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS', 'TRACE']);

export function isUnsafeMethod(method: string): boolean {
  return !SAFE_METHODS.has(method.toUpperCase());
}

export function readCookie(name: string, cookieString: string = document.cookie): string | null {
  for (const part of cookieString.split(';')) {
    const [key, ...rest] = part.trim().split('=');
    if (key === name) return decodeURIComponent(rest.join('='));
  }
  return null;
}

/** Asks the server for the cookie when it is missing (first visit, or after the browser dropped it). */
export async function ensureCsrfToken(): Promise<string> {
  const existing = readCookie(CSRF_COOKIE);
  if (existing) return existing;
  await fetch(CSRF_PATH, { credentials: 'same-origin' });
  return readCookie(CSRF_COOKIE) ?? '';
}
