import { api, unwrap, type Schemas } from '@/api/client';
import type { paths } from '@/api/schema';

import type { Role } from '../../../services/lookups';

export type { Role };
export type RoleInput = Schemas['RoleRequest'];
export type DataScopeRow = Schemas['DataScopeRequest'];
export type Scope = Schemas['ScopeEnum'];
export type RoleQuery = NonNullable<paths['/api/v1/roles/']['get']['parameters']['query']>;

/** The schema can't express the tree's recursion: ``children`` are nodes of the same shape. */
export type PermissionNode = Omit<Schemas['PermissionNode'], 'children'> & { children: PermissionNode[] };
export type ModuleOption = Schemas['Module'];
export type ScopeOption = Schemas['ScopeOption'];
export type PermissionCatalog = Omit<Schemas['PermissionCatalog'], 'tree'> & { tree: PermissionNode[] };

export const roleKeys = {
  all: ['roles'] as const,
  list: (query: RoleQuery) => ['roles', 'list', query] as const,
  catalog: ['permissions'] as const,
};

export async function listRoles(query: RoleQuery) {
  return unwrap(api.GET('/api/v1/roles/', { params: { query } }));
}

export async function fetchPermissionCatalog(): Promise<PermissionCatalog> {
  return (await unwrap(api.GET('/api/v1/permissions/'))) as PermissionCatalog;
}

export async function createRole(body: RoleInput): Promise<Role> {
  return unwrap(api.POST('/api/v1/roles/', { body }));
}

export async function updateRole(id: number, body: RoleInput): Promise<Role> {
  return unwrap(api.PATCH('/api/v1/roles/{id}/', { params: { path: { id } }, body }));
}

export async function deleteRole(id: number): Promise<void> {
  await unwrap(api.DELETE('/api/v1/roles/{id}/', { params: { path: { id } } }));
}
