/**
 * The appointment-centre API as its pages use it: the calendar, appointments and their actions (move,
 * confirm, check in, complete, cancel), recheck options, the list's export, schedules with shift types and
 * weekly templates, rooms and devices, and the settings. Every key sits under `appointments`, so any write
 * refreshes whatever the pages show.
 */
import { useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';

import { api, unwrap } from '@/api/client';

import { useOrgUnits } from '../../services/lookups';
import { useAccess } from '../../session/useMe';
import { clinicNow } from '../../utils/time';
import { listStaffOptions } from '../customers/shared/service';
import { parseColumnId } from './calendar/calendarModel';
import type {
  AppointmentInput,
  AppointmentPatch,
  AppointmentQuery,
  AppointmentSettings,
  CalendarData,
  CalendarQuery,
  MoveInput,
  Ref,
  ResourceInput,
  ScheduleBulkInput,
  ScheduleQuery,
  SettingsPatch,
  ShiftTypeInput,
} from './types';

export * from './types';

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
  staff: (date: string) => ['appointments', 'staff', date] as const,
  items: (search: string) => ['appointments', 'items', search] as const,
};

const byId = (id: number) => ({ params: { path: { id } } });
const joined = (ids: readonly (string | number)[] | undefined) => (ids?.length ? ids.join(',') : undefined);

// --- appointments -----------------------------------------------------------------------------------

export async function getCalendar(query: CalendarQuery): Promise<CalendarData> {
  const { staff, status, ...rest } = query;
  const answer = await unwrap(api.GET('/api/v1/appointments/calendar/', { params: { query: { ...rest, staff: joined(staff), status: joined(status) } } }));
  // The server sends only its own codes; the calendar's types name them.
  return answer as CalendarData;
}

export const listAppointments = (query: AppointmentQuery) => unwrap(api.GET('/api/v1/appointments/', { params: { query } }));
export const exportAppointments = (query: AppointmentQuery) =>
  unwrap(api.GET('/api/v1/appointments/export/', { params: { query: { ...query, page: undefined, page_size: undefined } as never }, parseAs: 'blob' }));
export const getAppointment = (id: number) => unwrap(api.GET('/api/v1/appointments/{id}/', byId(id)));
export const createAppointment = (body: AppointmentInput) => unwrap(api.POST('/api/v1/appointments/', { body }));
export const updateAppointment = (id: number, body: AppointmentPatch) => unwrap(api.PATCH('/api/v1/appointments/{id}/', { ...byId(id), body }));
export const moveAppointment = (id: number, body: MoveInput) => unwrap(api.POST('/api/v1/appointments/{id}/move/', { ...byId(id), body }));
export const confirmAppointment = (id: number) => unwrap(api.POST('/api/v1/appointments/{id}/confirm/', byId(id)));
export const checkInAppointment = (id: number) => unwrap(api.POST('/api/v1/appointments/{id}/check-in/', byId(id)));
export const completeAppointment = (id: number) => unwrap(api.POST('/api/v1/appointments/{id}/complete/', byId(id)));
export const markNoShow = (id: number) => unwrap(api.POST('/api/v1/appointments/{id}/no-show/', byId(id)));
export const cancelAppointment = (id: number, body: { reason: string; notify: boolean }) =>
  unwrap(api.POST('/api/v1/appointments/{id}/cancel/', { ...byId(id), body }));
export const listRecheckOptions = (customer: number) => unwrap(api.GET('/api/v1/appointments/recheck-options/', { params: { query: { customer } } }));

// --- resources, schedules, settings ------------------------------------------------------------------

export const listResources = () => unwrap(api.GET('/api/v1/appointment-resources/'));
export const createResource = (body: ResourceInput) => unwrap(api.POST('/api/v1/appointment-resources/', { body }));
export const updateResource = (id: number, body: Partial<ResourceInput>) =>
  unwrap(api.PATCH('/api/v1/appointment-resources/{id}/', { ...byId(id), body }));

export const listShiftTypes = () => unwrap(api.GET('/api/v1/shift-types/'));
export const createShiftType = (body: ShiftTypeInput) => unwrap(api.POST('/api/v1/shift-types/', { body }));
export const updateShiftType = (id: number, body: ShiftTypeInput) => unwrap(api.PATCH('/api/v1/shift-types/{id}/', { ...byId(id), body }));
export const deleteShiftType = (id: number) => unwrap(api.DELETE('/api/v1/shift-types/{id}/', byId(id)));

export const listSchedules = (query: ScheduleQuery) => unwrap(api.GET('/api/v1/schedules/', { params: { query } }));
export const bulkSetSchedules = (body: Omit<ScheduleBulkInput, 'note'> & { note?: string }) =>
  unwrap(api.POST('/api/v1/schedules/bulk/', { body: { note: '', ...body } }));
export const deleteSchedule = (id: number) => unwrap(api.DELETE('/api/v1/schedules/{id}/', byId(id)));

export const listTemplates = () => unwrap(api.GET('/api/v1/schedule-templates/'));
export const createTemplate = (body: { staff: number; weekday: number; shift_type: number }) =>
  unwrap(api.POST('/api/v1/schedule-templates/', { body }));
export const deleteTemplate = (id: number) => unwrap(api.DELETE('/api/v1/schedule-templates/{id}/', byId(id)));
export const applyTemplates = (body: { date_from: string; date_to: string; staff?: number[] }) =>
  unwrap(api.POST('/api/v1/schedule-templates/apply/', { body }));

export const getSettings = () => unwrap(api.GET('/api/v1/appointment-settings/')) as Promise<AppointmentSettings>;
export const updateSettings = (body: SettingsPatch) => unwrap(api.PATCH('/api/v1/appointment-settings/', { body })) as Promise<AppointmentSettings>;

// --- hooks ------------------------------------------------------------------------------------------

/**
 * Staff an appointment is booked with: the calendar's staff columns over the coming week (everyone with a
 * schedule, a weekly template or a booking, inside the user's appointment scope).
 */
export function useBookableStaff(enabled = true) {
  const today = clinicNow().format('YYYY-MM-DD');
  return useQuery({
    queryKey: appointmentKeys.staff(today),
    queryFn: async (): Promise<BookableStaff[]> => {
      const calendar = await getCalendar({ date: today, days: 7, group: 'staff' });
      return calendar.resources.flatMap((column) => {
        const parsed = parseColumnId(column.id);
        return parsed?.kind === 'staff' ? [{ id: parsed.id, name: column.title, org_unit: column.org_unit }] : [];
      });
    },
    enabled,
    staleTime: 5 * 60_000,
  });
}

export interface BookableStaff extends Ref {
  org_unit: number | null;
}

/**
 * Departments to filter the calendar by: the org units when the user may read them, else the units of the
 * bookable staff, named from the customer file's staff picker (which tells each person's unit).
 */
export function useDepartmentOptions(staff: BookableStaff[]) {
  const access = useAccess();
  const units = useOrgUnits(access.canViewOrgUnit);
  const people = useQuery({
    queryKey: ['appointments', 'staff-options'],
    queryFn: () => listStaffOptions(''),
    enabled: !access.canViewOrgUnit && access.canViewCustomer,
    staleTime: 5 * 60_000,
  });
  return useMemo(() => {
    if (units.data) return units.data.filter((unit) => unit.is_active).map((unit) => ({ value: unit.id, label: unit.name }));
    const unitNames = new Map((people.data ?? []).map((member) => [member.id, member.org_unit_name]));
    const found = new Map<number, string>();
    for (const member of staff) {
      const name = unitNames.get(member.id);
      if (member.org_unit && name) found.set(member.org_unit, name);
    }
    return [...found].map(([value, label]) => ({ value, label }));
  }, [units.data, people.data, staff]);
}

/** Staff the schedules page lists: those already bookable, and the department's others (who have no
 * schedule yet) when the user may read the staff pickers of the customer file. */
export function useSchedulableStaff() {
  const access = useAccess();
  const bookable = useBookableStaff();
  const others = useQuery({
    queryKey: ['appointments', 'staff-options'],
    queryFn: () => listStaffOptions(''),
    enabled: access.canViewCustomer,
    staleTime: 5 * 60_000,
  });
  const people = useMemo(() => {
    const seen = new Set<number>();
    const rows: Ref[] = [];
    for (const member of [...(bookable.data ?? []), ...(others.data ?? [])]) {
      if (seen.has(member.id)) continue;
      seen.add(member.id);
      rows.push({ id: member.id, name: member.name });
    }
    return rows;
  }, [bookable.data, others.data]);
  return { data: people, isPending: bookable.isPending };
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
