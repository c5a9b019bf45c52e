/** Reference lists that several pages read: org units, positions, roles. Writes live with their pages. */
import { useQuery } from '@tanstack/react-query';

import { api, unwrap, type Schemas } from '@/api/client';

export type OrgUnit = Schemas['OrgUnit'];
export type Position = Schemas['Position'];
export type Role = Schemas['Role'];

/** The API's largest page; a clinic has far fewer roles than this. */
const ALL_ROWS = 200;

/** Query keys; invalidating `positions` or `roles` refreshes every list built from them. */
export const lookupKeys = {
  orgUnits: ['org-units'] as const,
  positions: ['positions'] as const,
  positionSearch: (search: string) => ['positions', { search }] as const,
  roles: ['roles'] as const,
  allRoles: ['roles', 'all'] as const,
};

export async function listOrgUnits(): Promise<OrgUnit[]> {
  return unwrap(api.GET('/api/v1/org-units/'));
}

export async function listPositions(search = ''): Promise<Position[]> {
  return unwrap(api.GET('/api/v1/positions/', { params: { query: { search: search || undefined } } }));
}

export async function listAllRoles(): Promise<Role[]> {
  const page = await unwrap(api.GET('/api/v1/roles/', { params: { query: { page_size: ALL_ROWS } } }));
  return page.results;
}

export function useOrgUnits(enabled = true) {
  return useQuery({ queryKey: lookupKeys.orgUnits, queryFn: listOrgUnits, enabled });
}

export function usePositions(enabled = true) {
  return useQuery({ queryKey: lookupKeys.positionSearch(''), queryFn: () => listPositions(), enabled });
}

export function useAllRoles(enabled = true) {
  return useQuery({ queryKey: lookupKeys.allRoles, queryFn: listAllRoles, enabled });
}
