import { api, unwrap, type Schemas } from '@/api/client';
import type { paths } from '@/api/schema';

export type OperationLog = Schemas['OperationLog'];
export type ChangeLog = Schemas['ChangeLog'];
export type LoginLog = Schemas['LoginLog'];
export type OperationQuery = NonNullable<paths['/api/v1/audit/operations/']['get']['parameters']['query']>;
export type ChangeQuery = NonNullable<paths['/api/v1/audit/changes/']['get']['parameters']['query']>;
export type LoginQuery = NonNullable<paths['/api/v1/audit/logins/']['get']['parameters']['query']>;

/** Modules and actions that write operation-log rows; codes not listed here are shown as they are. */
export const AUDIT_MODULES = ['accounts', 'audit'] as const;
export const AUDIT_ACTIONS = [
  'create',
  'update',
  'partial_update',
  'destroy',
  'disable',
  'enable',
  'reset_password',
  'assign_roles',
  'unlock',
  'unmask',
  'change_password',
  'export',
  'list',
  'retrieve',
] as const;
export const OPERATION_RESULTS: Schemas['ResultEnum'][] = ['success', 'failure', 'denied'];
export const CHANGE_ACTIONS: Schemas['ChangeLogActionEnum'][] = ['create', 'update', 'delete'];
export const LOGIN_EVENTS: Schemas['EventEnum'][] = ['login', 'logout', 'failure', 'locked', 'timeout', 'unlock'];

export const auditKeys = {
  operations: (query: OperationQuery) => ['audit', 'operations', query] as const,
  changes: (query: ChangeQuery) => ['audit', 'changes', query] as const,
  logins: (query: LoginQuery) => ['audit', 'logins', query] as const,
};

export async function listOperations(query: OperationQuery) {
  return unwrap(api.GET('/api/v1/audit/operations/', { params: { query } }));
}

export async function listChanges(query: ChangeQuery) {
  return unwrap(api.GET('/api/v1/audit/changes/', { params: { query } }));
}

export async function listLogins(query: LoginQuery) {
  return unwrap(api.GET('/api/v1/audit/logins/', { params: { query } }));
}

/** The Excel export of the operation log under the list's filters. */
export async function exportOperations(query: Omit<OperationQuery, 'page' | 'page_size'>): Promise<Blob> {
  return unwrap(api.GET('/api/v1/audit/operations/export/', { params: { query }, parseAs: 'blob' }));
}
