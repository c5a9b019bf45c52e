/**
 * The appointment list's filters in the address bar (`date_from`, `date_to`, `status`, `type`, `staff`), so a
 * workbench figure ("today's missed bookings") opens the list it counted, and the API's query for them.
 * `?appointment=` (the open booking) belongs to the page and is left alone.
 */
import dayjs from 'dayjs';

import { readChoice, readChoices, readDate, readId, type ParamChanges } from '../../../utils/queryParams';
import { APPOINTMENT_STATUSES, APPOINTMENT_TYPES } from '../calendar/calendarModel';
import type { AppointmentQuery, AppointmentStatus, AppointmentType } from '../types';

/** How far ahead the list looks when the address bar names no dates. */
export const DEFAULT_DAYS_AHEAD = 30;

export interface AppointmentListFilters {
  /** Local clinic dates, YYYY-MM-DD; an end left undefined is open (no bound on that side). */
  date_from?: string;
  date_to?: string;
  statuses: AppointmentStatus[];
  type?: AppointmentType;
  staff?: number;
}

/** Today and the next 30 days: the list without dates in its address. `today` is the clinic's date. */
export function defaultRange(today: string): Pick<AppointmentListFilters, 'date_from' | 'date_to'> {
  return { date_from: today, date_to: dayjs(today).add(DEFAULT_DAYS_AHEAD, 'day').format('YYYY-MM-DD') };
}

/**
 * The dates: neither given, or one malformed, or from after to → the default range. An end given empty
 * (`date_from=`) is open, which is how a range the user cleared is written; an end not given while the other is
 * valid is open too.
 */
function readRange(params: URLSearchParams, today: string): Pick<AppointmentListFilters, 'date_from' | 'date_to'> {
  const rawFrom = params.get('date_from');
  const rawTo = params.get('date_to');
  if (rawFrom === null && rawTo === null) return defaultRange(today);
  const from = readDate(rawFrom);
  const to = readDate(rawTo);
  const malformed = (raw: string | null, date: string | undefined) => raw !== null && raw !== '' && !date;
  if (malformed(rawFrom, from) || malformed(rawTo, to) || (from && to && from > to)) return defaultRange(today);
  return { date_from: from, date_to: to };
}

export function readListFilters(params: URLSearchParams, today: string): AppointmentListFilters {
  return {
    ...readRange(params, today),
    statuses: readChoices(params, 'status', APPOINTMENT_STATUSES),
    type: readChoice(params.get('type'), APPOINTMENT_TYPES),
    staff: readId(params.get('staff')),
  };
}

/** Every parameter the filters own, for `withParams`; the default range is left out so a plain list stays plain. */
export function writeListFilters(filters: AppointmentListFilters, today: string): ParamChanges {
  const fallback = defaultRange(today);
  const isDefault = filters.date_from === fallback.date_from && filters.date_to === fallback.date_to;
  return {
    date_from: isDefault ? undefined : (filters.date_from ?? ''),
    date_to: isDefault ? undefined : (filters.date_to ?? ''),
    status: filters.statuses,
    type: filters.type,
    staff: filters.staff ? String(filters.staff) : undefined,
  };
}

/** The API's query for the filters (the list's page and the export); open ends are simply not sent. */
export function toAppointmentQuery(filters: AppointmentListFilters, search?: string): AppointmentQuery {
  return {
    ...(search ? { search } : {}),
    ...(filters.date_from ? { date_from: filters.date_from } : {}),
    ...(filters.date_to ? { date_to: filters.date_to } : {}),
    ...(filters.statuses.length ? { status: filters.statuses } : {}),
    ...(filters.type ? { type: [filters.type] } : {}),
    ...(filters.staff ? { staff: String(filters.staff) } : {}),
  };
}
