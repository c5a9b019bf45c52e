import { api, unwrap, type Schemas } from '@/api/client';

export async function changePassword(body: Schemas['PasswordChangeRequest']): Promise<void> {
  await unwrap(api.POST('/api/v1/auth/password/', { body }));
}
