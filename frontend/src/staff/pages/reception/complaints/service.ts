/** Complaints (投诉): the list, registering one, and moving it along open → processing → resolved → closed. */
import { api, unwrap, type Schemas } from '@/api/client';
import type { paths } from '@/api/schema';

import type { ComplaintStatus } from '../shared/labels';

export type Complaint = Schemas['Complaint'];
export type ComplaintInput = Schemas['ComplaintCreateRequest'];
export type ComplaintHandleInput = Schemas['ComplaintHandleRequest'];
export type ComplaintQuery = NonNullable<paths['/api/v1/complaints/']['get']['parameters']['query']>;

export const complaintKeys = {
  all: ['complaints'] as const,
  list: (query: ComplaintQuery) => ['complaints', 'list', query] as const,
};

export const listComplaints = (query: ComplaintQuery) => unwrap(api.GET('/api/v1/complaints/', { params: { query } }));
export const createComplaint = (body: ComplaintInput) => unwrap(api.POST('/api/v1/complaints/', { body }));
export const handleComplaint = (id: number, body: ComplaintHandleInput) =>
  unwrap(api.POST('/api/v1/complaints/{id}/handle/', { params: { path: { id } }, body }));

/**
 * Where a complaint may go from each status, as the server allows (staying put updates the handler or the
 * progress text); a closed complaint is final.
 */
const FLOW: Record<ComplaintStatus, ComplaintStatus[]> = {
  open: ['open', 'processing'],
  processing: ['processing', 'resolved'],
  resolved: ['resolved', 'closed'],
  closed: [],
};

export function nextStatuses(status: ComplaintStatus): ComplaintStatus[] {
  return FLOW[status];
}

/** The status a handler most likely moves to: the next one along. */
export function suggestedStatus(status: ComplaintStatus): ComplaintStatus {
  const next = FLOW[status];
  return next[next.length - 1] ?? status;
}
