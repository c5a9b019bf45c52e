/** The signed-in user (`GET me/`) and leaving the session. */
import { api, unwrap, type Schemas } from '@/api/client';

export type Me = Schemas['Me'];
export type DataScope = Me['data_scopes'][string];

export const meQueryKey = ['me'] as const;

export async function fetchMe(): Promise<Me> {
  return unwrap(api.GET('/api/v1/me/'));
}

export async function logout(): Promise<void> {
  await unwrap(api.POST('/api/v1/auth/logout/'));
}
