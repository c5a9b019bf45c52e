import { api, unwrap, type Schemas } from '@/api/client';
import type { paths } from '@/api/schema';

export type Staff = Schemas['Staff'];
export type StaffCreateInput = Schemas['StaffCreateRequest'];
export type StaffUpdateInput = Schemas['PatchedStaffWriteRequest'];
export type StaffQuery = NonNullable<paths['/api/v1/staff/']['get']['parameters']['query']>;
export type StaffPage = Schemas['PaginatedStaffList'];

export const staffKeys = {
  all: ['staff'] as const,
  list: (query: StaffQuery) => ['staff', 'list', query] as const,
};

const byId = (id: number) => ({ params: { path: { id } } });

export async function listStaff(query: StaffQuery): Promise<StaffPage> {
  return unwrap(api.GET('/api/v1/staff/', { params: { query } }));
}

export async function createStaff(body: StaffCreateInput): Promise<Staff> {
  return unwrap(api.POST('/api/v1/staff/', { body }));
}

export async function updateStaff(id: number, body: StaffUpdateInput): Promise<Staff> {
  return unwrap(api.PATCH('/api/v1/staff/{id}/', { ...byId(id), body }));
}

export async function disableStaff(id: number): Promise<Staff> {
  return unwrap(api.POST('/api/v1/staff/{id}/disable/', byId(id)));
}

export async function enableStaff(id: number): Promise<Staff> {
  return unwrap(api.POST('/api/v1/staff/{id}/enable/', byId(id)));
}

export async function unlockStaff(id: number): Promise<Staff> {
  return unwrap(api.POST('/api/v1/staff/{id}/unlock/', byId(id)));
}

export async function resetStaffPassword(id: number, newPassword: string): Promise<Staff> {
  return unwrap(api.POST('/api/v1/staff/{id}/reset-password/', { ...byId(id), body: { new_password: newPassword } }));
}

export async function assignStaffRoles(id: number, roles: number[]): Promise<Staff> {
  return unwrap(api.POST('/api/v1/staff/{id}/assign-roles/', { ...byId(id), body: { roles } }));
}

/** The full phone number; the server logs every call. */
export async function unmaskStaffPhone(id: number): Promise<string> {
  const { phone } = await unwrap(api.GET('/api/v1/staff/{id}/unmask/', byId(id)));
  return phone;
}
