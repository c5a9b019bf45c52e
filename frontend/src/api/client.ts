/**
 * The one request wrapper. Every call to the back end goes through `api` (openapi-fetch, typed by the
 * generated schema) and `unwrap`: same-origin cookies, the CSRF header on unsafe methods, and every
 * non-2xx answer turned into an ApiError for the one error policy (see errors.ts and reporting.ts).
 */
import createClient, { type Middleware } from 'openapi-fetch';

import { CSRF_HEADER, ensureCsrfToken, isUnsafeMethod } from './csrf';
import { ApiError, NETWORK_ERROR_STATUS, toApiError } from './errors';
import type { components, paths } from './schema';

export type Schemas = components['schemas'];

const csrf: Middleware = {
  async onRequest({ request }) {
    if (isUnsafeMethod(request.method)) request.headers.set(CSRF_HEADER, await ensureCsrfToken());
    return request;
  },
};

export const api = createClient<paths>({ credentials: 'same-origin' });
api.use(csrf);

interface FetchResult<T> {
  data?: T;
  error?: unknown;
  response: Response;
}

/** Resolves to the answer's body, or rejects with an ApiError carrying the server's `{code, message, fields}`. */
export async function unwrap<T>(pending: Promise<FetchResult<T>>): Promise<T> {
  let result: FetchResult<T>;
  try {
    result = await pending;
  } catch {
    throw new ApiError(NETWORK_ERROR_STATUS, 'network_error', '');
  }
  const { data, error, response } = result;
  if (!response.ok) throw toApiError(response.status, error, response.headers.get('X-Request-ID'));
  return data as T;
}
