/** Visits and triage (到访/分诊) as the reception pages use them: today's waiting list and the moves of a visit. */
import { api, unwrap, type Schemas } from '@/api/client';

export type Visit = Schemas['Visit'];
export type VisitKind = Schemas['VisitKindEnum'];
export type VisitStatus = Schemas['VisitStatusEnum'];
export type TriageTarget = Schemas['TriageTargetEnum'];
export type CheckInInput = Schemas['VisitCheckInRequest'];
export type TriageInput = Schemas['VisitTriageRequest'];

export const VISIT_KINDS: VisitKind[] = ['first', 'return', 'recheck', 'repurchase'];
/** A visit in one of these is still in the clinic: it can be triaged again, or leave. */
export const OPEN_STATUSES: VisitStatus[] = ['waiting', 'consulting', 'treating'];

export const visitKeys = {
  all: ['visits'] as const,
  waiting: ['visits', 'waiting'] as const,
  detail: (id: number) => ['visits', 'detail', id] as const,
};

const byId = (id: number) => ({ params: { path: { id } } });

export const listWaiting = () => unwrap(api.GET('/api/v1/visits/waiting/'));
export const getVisit = (id: number) => unwrap(api.GET('/api/v1/visits/{id}/', byId(id)));
export const checkIn = (body: CheckInInput) => unwrap(api.POST('/api/v1/visits/', { body }));
export const triageVisit = (id: number, body: TriageInput) =>
  unwrap(api.POST('/api/v1/visits/{id}/triage/', { ...byId(id), body }));
export const leaveVisit = (id: number) => unwrap(api.POST('/api/v1/visits/{id}/leave/', { ...byId(id), body: {} }));
export const cancelVisit = (id: number, reason: string) =>
  unwrap(api.POST('/api/v1/visits/{id}/cancel/', { ...byId(id), body: { reason } }));
