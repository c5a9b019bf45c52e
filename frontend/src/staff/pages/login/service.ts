import { api, unwrap, type Schemas } from '@/api/client';

import type { Me } from '../../session/service';

export type LoginForm = Schemas['LoginRequest'];

/** Sets the `csrftoken` cookie before the first unsafe request. */
export async function fetchCsrfCookie(): Promise<void> {
  await unwrap(api.GET('/api/v1/auth/csrf/'));
}

export async function login(form: LoginForm): Promise<Me> {
  return unwrap(api.POST('/api/v1/auth/login/', { body: form }));
}
