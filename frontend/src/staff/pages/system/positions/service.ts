import { api, unwrap, type Schemas } from '@/api/client';

import type { Position } from '../../../services/lookups';

export type { Position };
export type PositionInput = Schemas['PositionRequest'];

export async function createPosition(body: PositionInput): Promise<Position> {
  return unwrap(api.POST('/api/v1/positions/', { body }));
}

export async function updatePosition(id: number, body: PositionInput): Promise<Position> {
  return unwrap(api.PATCH('/api/v1/positions/{id}/', { params: { path: { id } }, body }));
}

export async function deletePosition(id: number): Promise<void> {
  await unwrap(api.DELETE('/api/v1/positions/{id}/', { params: { path: { id } } }));
}
