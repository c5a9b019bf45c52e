import { api, unwrap, type Schemas } from '@/api/client';

import type { OrgUnit } from '../../../services/lookups';

export type { OrgUnit };
export type OrgUnitInput = Schemas['OrgUnitRequest'];
export type OrgUnitKind = Schemas['KindEnum'];

export const ORG_UNIT_KINDS: OrgUnitKind[] = ['hospital', 'department', 'team'];

export async function createOrgUnit(body: OrgUnitInput): Promise<OrgUnit> {
  return unwrap(api.POST('/api/v1/org-units/', { body }));
}

export async function updateOrgUnit(id: number, body: OrgUnitInput): Promise<OrgUnit> {
  return unwrap(api.PATCH('/api/v1/org-units/{id}/', { params: { path: { id } }, body }));
}

export async function deleteOrgUnit(id: number): Promise<void> {
  await unwrap(api.DELETE('/api/v1/org-units/{id}/', { params: { path: { id } } }));
}
