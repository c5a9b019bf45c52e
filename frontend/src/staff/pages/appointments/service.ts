/**
 * The appointment-centre API as its pages use it: the calendar, appointments and their actions (move,
 * confirm, check in, complete, cancel), recheck options, the list's export, schedules with shift types and
 * weekly templates, rooms and devices, and the settings. Every key sits under `appointments`, so any write
 * refreshes whatever the pages show.
 */
import { useQuery } from '@tanstack/react-query';

import { ensureCsrfToken, CSRF_HEADER } from '@/api/csrf';
import { ApiError, NETWORK_ERROR_STATUS, toApiError } from '@/api/errors';

import type {
  Appointment,
  AppointmentInput,
  AppointmentPage,
  AppointmentQuery,
  AppointmentSettings,
  ApplyTemplatesResult,
  CalendarData,
  CalendarQuery,
  CheckInResult,
  MoveInput,
  RecheckOption,
  Ref,
  Resource,
  ResourceInput,
  ScheduleBulkInput,
  ScheduleEntry,
  ScheduleQuery,
  ScheduleTemplate,
  ShiftType,
  ShiftTypeInput,
} from './types';

export * from './types';

type Query = Record<string, string | number | boolean | readonly (string | number)[] | null | undefined>;

function queryString(query: Query = {}): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) {
    if (value === undefined || value === null || value === '') continue;
    if (Array.isArray(value)) {
      if (value.length > 0) params.set(name, value.join(','));
    } else {
      params.set(name, String(value));
    }
  }
  const text = params.toString();
  return text ? `?${text}` : '';
}

async function call<T>(method: string, path: string, { query, body, blob }: { query?: Query; body?: unknown; blob?: boolean } = {}): Promise<T> {
  const headers: Record<string, string> = { Accept: blob ? '*/*' : 'application/json' };
  if (method !== 'GET') headers[CSRF_HEADER] = await ensureCsrfToken();
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  let response: Response;
  try {
    response = await fetch(`${path}${queryString(query)}`, {
      method,
      headers,
      credentials: 'same-origin',
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    throw new ApiError(NETWORK_ERROR_STATUS, 'network_error', '');
  }
  if (!response.ok) {
    const error = await response.json().catch(() => null);
    throw toApiError(response.status, error, response.headers.get('X-Request-ID'));
  }
  if (blob) return (await response.blob()) as T;
  if (response.status === 204) return undefined as T;
  return (await response.json()) as T;
}

export const appointmentKeys = {
  all: ['appointments'] as const,
  calendar: (query: CalendarQuery) => ['appointments', 'calendar', query] as const,
  list: (query: AppointmentQuery) => ['appointments', 'list', query] as const,
  detail: (id: number) => ['appointments', 'detail', id] as const,
  customer: (customer: number, part: string, page: number) => ['appointments', 'customer', customer, part, page] as const,
  recheckOptions: (customer: number) => ['appointments', 'recheck-options', customer] as const,
  resources: ['appointments', 'resources'] as const,
  shiftTypes: ['appointments', 'shift-types'] as const,
  schedules: (query: ScheduleQuery) => ['appointments', 'schedules', query] as const,
  templates: ['appointments', 'schedule-templates'] as const,
  settings: ['appointments', 'settings'] as const,
  items: (search: string) => ['appointments', 'items', search] as const,
};

const A = '/api/v1/appointments/';

// --- appointments -----------------------------------------------------------------------------------

export const getCalendar = (query: CalendarQuery) => call<CalendarData>('GET', `${A}calendar/`, { query: { ...query } });
export const listAppointments = (query: AppointmentQuery) => call<AppointmentPage>('GET', A, { query: { ...query } });
export const exportAppointments = (query: AppointmentQuery) =>
  call<Blob>('GET', `${A}export/`, { query: { ...query, page: undefined, page_size: undefined }, blob: true });
export const getAppointment = (id: number) => call<Appointment>('GET', `${A}${id}/`);
export const createAppointment = (body: AppointmentInput) => call<Appointment>('POST', A, { body });
export const updateAppointment = (id: number, body: Partial<Pick<Appointment, 'type' | 'source' | 'note'>>) =>
  call<Appointment>('PATCH', `${A}${id}/`, { body });
export const moveAppointment = (id: number, body: MoveInput) => call<Appointment>('POST', `${A}${id}/move/`, { body });
export const confirmAppointment = (id: number) => call<Appointment>('POST', `${A}${id}/confirm/`, { body: {} });
export const checkInAppointment = (id: number) => call<CheckInResult>('POST', `${A}${id}/check-in/`, { body: {} });
export const completeAppointment = (id: number) => call<Appointment>('POST', `${A}${id}/complete/`, { body: {} });
export const cancelAppointment = (id: number, body: { reason: string; notify: boolean }) =>
  call<Appointment>('POST', `${A}${id}/cancel/`, { body });
export const listRecheckOptions = (customer: number) =>
  call<RecheckOption[]>('GET', `${A}recheck-options/`, { query: { customer } });

// --- resources, schedules, settings ------------------------------------------------------------------

export const listResources = () => call<Resource[] | { results: Resource[] }>('GET', '/api/v1/appointment-resources/', { query: { page_size: 200 } })
  .then((answer) => (Array.isArray(answer) ? answer : answer.results));
export const createResource = (body: ResourceInput) => call<Resource>('POST', '/api/v1/appointment-resources/', { body });
export const updateResource = (id: number, body: Partial<ResourceInput>) =>
  call<Resource>('PATCH', `/api/v1/appointment-resources/${id}/`, { body });

export const listShiftTypes = () => call<ShiftType[] | { results: ShiftType[] }>('GET', '/api/v1/shift-types/', { query: { page_size: 200 } })
  .then((answer) => (Array.isArray(answer) ? answer : answer.results));
export const createShiftType = (body: ShiftTypeInput) => call<ShiftType>('POST', '/api/v1/shift-types/', { body });
export const updateShiftType = (id: number, body: ShiftTypeInput) => call<ShiftType>('PATCH', `/api/v1/shift-types/${id}/`, { body });
export const deleteShiftType = (id: number) => call<void>('DELETE', `/api/v1/shift-types/${id}/`);

export const listSchedules = (query: ScheduleQuery) =>
  call<ScheduleEntry[] | { results: ScheduleEntry[] }>('GET', '/api/v1/schedules/', { query: { ...query } })
    .then((answer) => (Array.isArray(answer) ? answer : answer.results));
export const bulkSetSchedules = (body: ScheduleBulkInput) => call<unknown>('POST', '/api/v1/schedules/bulk/', { body });
export const deleteSchedule = (id: number) => call<void>('DELETE', `/api/v1/schedules/${id}/`);

export const listTemplates = () =>
  call<ScheduleTemplate[] | { results: ScheduleTemplate[] }>('GET', '/api/v1/schedule-templates/', { query: { page_size: 1000 } })
    .then((answer) => (Array.isArray(answer) ? answer : answer.results));
export const createTemplate = (body: Omit<ScheduleTemplate, 'id'>) => call<ScheduleTemplate>('POST', '/api/v1/schedule-templates/', { body });
export const deleteTemplate = (id: number) => call<void>('DELETE', `/api/v1/schedule-templates/${id}/`);
export const applyTemplates = (body: { date_from: string; date_to: string; staff?: number[] }) =>
  call<ApplyTemplatesResult>('POST', '/api/v1/schedule-templates/apply/', { body });

export const getSettings = () => call<AppointmentSettings>('GET', '/api/v1/appointment-settings/');
export const updateSettings = (body: Partial<AppointmentSettings>) => call<AppointmentSettings>('PATCH', '/api/v1/appointment-settings/', { body });

// --- hooks ------------------------------------------------------------------------------------------

/** Staff an appointment can be booked with, by name. */
export function useBookableStaff(enabled = true) {
  return useQuery({
    queryKey: ['appointments', 'staff-options'],
    queryFn: () => call<Ref[]>('GET', '/api/v1/customers/staff-options/').then((rows) => rows.map(({ id, name }) => ({ id, name }))),
    enabled,
    staleTime: 5 * 60_000,
  });
}

export function useResources(enabled = true) {
  return useQuery({ queryKey: appointmentKeys.resources, queryFn: listResources, enabled, staleTime: 5 * 60_000 });
}

export function useShiftTypes(enabled = true) {
  return useQuery({ queryKey: appointmentKeys.shiftTypes, queryFn: listShiftTypes, enabled, staleTime: 5 * 60_000 });
}

export function useAppointmentSettings(enabled = true) {
  return useQuery({ queryKey: appointmentKeys.settings, queryFn: getSettings, enabled, staleTime: 5 * 60_000 });
}
