/**
 * The customer file API as the customer pages use it: list and search, the file, the 360° view, timeline,
 * consents, unmasking, export, bulk work, merge; the staff who can be assigned; the department's reference
 * lists (read only here; customers/settings maintains them under the same query keys).
 */
import { useQuery } from '@tanstack/react-query';

import { api, unwrap, type Schemas } from '@/api/client';
import type { paths } from '@/api/schema';

export type CustomerRow = Schemas['CustomerList'];
export type Customer = Schemas['CustomerDetail'];
export type CustomerInput = Schemas['CustomerWriteRequest'];
// Fields with a server default are typed as required; a PATCH sends only what changed.
export type CustomerPatch = Partial<Schemas['PatchedCustomerWriteRequest']>;
export type Overview = Schemas['Overview'];
export type OverviewFigure = Schemas['Figure'];
export type OverviewTab = Schemas['Tab'];
export type CustomerEvent = Schemas['Event'];
export type Consent = Schemas['Consent'];
export type ConsentInput = Schemas['ConsentRequest'];
export type ConsentKind = Schemas['ConsentKindEnum'];
export type ConsentSource = Schemas['ConsentSourceEnum'];
export type Gender = Schemas['GenderEnum'];
export type StaffOption = Schemas['StaffOption'];
export type TagRef = Schemas['TagRef'];
export type Tag = Schemas['Tag'];
export type TagCategory = Schemas['TagCategory'];
export type SourceChannel = Schemas['SourceChannel'];
export type MembershipTier = Schemas['MembershipTier'];
export type CustomerQuery = NonNullable<paths['/api/v1/customers/']['get']['parameters']['query']>;
export type CustomerExportQuery = NonNullable<paths['/api/v1/customers/export/']['get']['parameters']['query']>;
export type CustomerPage = Schemas['PaginatedCustomerListList'];
export type EventPage = Schemas['PaginatedEventList'];

export const GENDERS: Gender[] = ['female', 'male', 'unknown'];
export const CONSENT_KINDS: ConsentKind[] = ['marketing', 'case_photos'];
/** Sources staff can record by hand; import and system are written by the server itself. */
export const CONSENT_SOURCES: ConsentSource[] = ['counter', 'paper', 'wechat', 'h5'];

/** Positions (codes) of the staff each picker offers. */
export const STAFF_POSITIONS = {
  consultant: 'onsite_consultant',
  onlineConsultant: 'online_consultant',
  doctor: 'doctor',
} as const;

export const customerKeys = {
  all: ['customers'] as const,
  list: (query: CustomerQuery) => ['customers', 'list', query] as const,
  search: (term: string) => ['customers', 'search', term] as const,
  detail: (id: number) => ['customers', 'detail', id] as const,
  overview: (id: number) => ['customers', 'overview', id] as const,
  events: (id: number) => ['customers', 'events', id] as const,
  consents: (id: number) => ['customers', 'consents', id] as const,
  staffOptions: (position: string) => ['customers', 'staff-options', position] as const,
};

/** Query keys shared with customers/settings, which maintains these lists. */
export const referenceKeys = {
  sources: ['source-channels'] as const,
  tagCategories: ['tag-categories'] as const,
  tags: ['tags'] as const,
  tiers: ['membership-tiers'] as const,
};

const byId = (id: number) => ({ params: { path: { id } } });
/** The list filters take comma-separated ids (`tags=1,2`), not repeated parameters. */
const commaArrays = { array: { style: 'form', explode: false } } as const;

export async function listCustomers(query: CustomerQuery): Promise<CustomerPage> {
  return unwrap(api.GET('/api/v1/customers/', { params: { query }, querySerializer: commaArrays }));
}

export async function getCustomer(id: number): Promise<Customer> {
  return unwrap(api.GET('/api/v1/customers/{id}/', byId(id)));
}

export async function createCustomer(body: CustomerInput): Promise<Customer> {
  return unwrap(api.POST('/api/v1/customers/', { body }));
}

export async function updateCustomer(id: number, body: CustomerPatch): Promise<Customer> {
  return unwrap(api.PATCH('/api/v1/customers/{id}/', { ...byId(id), body: body as Schemas['PatchedCustomerWriteRequest'] }));
}

export async function getOverview(id: number): Promise<Overview> {
  return unwrap(api.GET('/api/v1/customers/{id}/overview/', byId(id)));
}

export async function listEvents(id: number, page: number, pageSize: number): Promise<EventPage> {
  return unwrap(api.GET('/api/v1/customers/{id}/events/', { params: { path: { id }, query: { page, page_size: pageSize } } }));
}

export async function listConsents(id: number): Promise<Consent[]> {
  return unwrap(api.GET('/api/v1/customers/{id}/consents/', byId(id)));
}

export async function recordConsent(id: number, body: ConsentInput): Promise<Customer> {
  return unwrap(api.POST('/api/v1/customers/{id}/consent/', { ...byId(id), body }));
}

/** The full phone and ID numbers; the server logs every call. */
export async function unmaskCustomer(id: number): Promise<Schemas['Unmasked']> {
  return unwrap(api.GET('/api/v1/customers/{id}/unmask/', byId(id)));
}

/** The Excel file of every customer matching the list's filters (phone numbers masked by the server). */
export async function exportCustomers(query: CustomerExportQuery): Promise<Blob> {
  return unwrap(
    api.GET('/api/v1/customers/export/', { params: { query }, querySerializer: commaArrays, parseAs: 'blob' }),
  );
}

export async function bulkTagCustomers(ids: number[], add: number[], remove: number[]): Promise<number> {
  const { count } = await unwrap(api.POST('/api/v1/customers/bulk-tag/', { body: { ids, add, remove } }));
  return count;
}

/** `null` unassigns; an absent field leaves that consultant as it is. */
export async function reassignCustomers(body: Schemas['ReassignRequest']): Promise<number> {
  const { count } = await unwrap(api.POST('/api/v1/customers/reassign/', { body }));
  return count;
}

/** Moves everything of customer `source` into `target`; `source` is then marked as merged. */
export async function mergeCustomers(target: number, source: number): Promise<Customer> {
  return unwrap(api.POST('/api/v1/customers/{id}/merge/', { ...byId(target), body: { source } }));
}

export async function listStaffOptions(position: string): Promise<StaffOption[]> {
  return unwrap(api.GET('/api/v1/customers/staff-options/', { params: { query: { position: position || undefined } } }));
}

// --- hooks ------------------------------------------------------------------------------------------

/** Staff a customer can be assigned to, by position code ('' for everyone the user reaches). */
export function useStaffOptions(position: string, enabled = true) {
  return useQuery({
    queryKey: customerKeys.staffOptions(position),
    queryFn: () => listStaffOptions(position),
    enabled,
    staleTime: 5 * 60_000,
  });
}

/** Each reference list needs `customers.settings.view`; pass `enabled` from the access flag. */
export function useSources(enabled: boolean) {
  return useQuery({ queryKey: referenceKeys.sources, queryFn: () => unwrap(api.GET('/api/v1/source-channels/')), enabled });
}

export function useTagCategories(enabled: boolean) {
  return useQuery({ queryKey: referenceKeys.tagCategories, queryFn: () => unwrap(api.GET('/api/v1/tag-categories/')), enabled });
}

export function useTags(enabled: boolean) {
  return useQuery({ queryKey: referenceKeys.tags, queryFn: () => unwrap(api.GET('/api/v1/tags/')), enabled });
}

export function useTiers(enabled: boolean) {
  return useQuery({ queryKey: referenceKeys.tiers, queryFn: () => unwrap(api.GET('/api/v1/membership-tiers/')), enabled });
}
