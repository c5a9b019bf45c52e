/**
 * The calendar's pure half: the API's calendar answer as EventCalendar events (appointment lines, and the
 * staff's working hours as background shading), colours by type, classes by status, and the clinic's
 * wall-clock time of the dates EventCalendar hands back.
 */
import dayjs, { type Dayjs } from 'dayjs';

import { CLINIC_TIME_ZONE } from '../../../utils/time';
import type { AppointmentSource, AppointmentStatus, AppointmentType, CalendarData, CalendarEvent } from '../types';

/** The calendar runs in the clinic's fixed offset (China keeps no daylight saving time). */
export const CALENDAR_TIME_ZONE = '+08:00';

export const TYPE_COLORS: Record<AppointmentType, string> = {
  consultation: '#1677ff',
  treatment: '#08979c',
  recheck: '#722ed1',
  surgery: '#d4380d',
};

export const STATUS_COLORS: Record<AppointmentStatus, string> = {
  pending: 'gold',
  confirmed: 'blue',
  arrived: 'green',
  completed: 'default',
  cancelled: 'default',
  no_show: 'red',
};

export const APPOINTMENT_STATUSES: AppointmentStatus[] = ['pending', 'confirmed', 'arrived', 'completed', 'cancelled', 'no_show'];
export const APPOINTMENT_TYPES: AppointmentType[] = ['consultation', 'treatment', 'recheck', 'surgery'];
export const APPOINTMENT_SOURCES: AppointmentSource[] = ['phone', 'onsite', 'online', 'wechat', 'referral', 'other'];
/** What the calendar shows unless the status filter says otherwise: cancelled bookings free their slot. */
export const DEFAULT_CALENDAR_STATUSES: AppointmentStatus[] = ['pending', 'confirmed', 'arrived', 'completed', 'no_show'];

export interface CalendarEventInput {
  id: string;
  start: string;
  end: string;
  resourceIds: string[];
  title?: string;
  display?: 'auto' | 'background';
  backgroundColor?: string;
  textColor?: string;
  classNames?: string[];
  editable?: boolean;
  extendedProps?: Record<string, unknown>;
}

/** The appointment line behind an event of the calendar, if it is one (background shading is not). */
export function lineOf(event: { extendedProps: Record<string, unknown> }): CalendarEvent | null {
  return (event.extendedProps.line as CalendarEvent | undefined) ?? null;
}

/** Appointment lines and working hours as EventCalendar's input. */
export function toCalendarEvents(data: CalendarData): CalendarEventInput[] {
  const shading: CalendarEventInput[] = data.schedules.map((schedule, index) => ({
    id: `schedule-${index}`,
    start: schedule.start,
    end: schedule.end,
    resourceIds: [schedule.resource_id],
    display: 'background',
    classNames: [`appt-shift-${schedule.kind}`],
  }));
  const lines: CalendarEventInput[] = data.events.map((line) => ({
    id: String(line.id),
    start: line.start,
    end: line.end,
    resourceIds: line.resource_ids,
    backgroundColor: TYPE_COLORS[line.type] ?? TYPE_COLORS.consultation,
    textColor: '#fff',
    classNames: ['appt-event', `appt-status-${line.status}`],
    editable: line.editable,
    extendedProps: { line },
  }));
  return [...shading, ...lines];
}

/** What a line is about: the item's name, else the free text of a consultation. */
export function lineSubject(line: { item_name?: string | null; title?: string | null }): string {
  return line.item_name || line.title || '';
}

/**
 * EventCalendar hands back dates whose local fields are the wall-clock time in its time zone (the
 * clinic's); read them as such whatever zone the browser is in.
 */
export function wallClock(date: Date): Dayjs {
  return dayjs.tz(dayjs(date).format('YYYY-MM-DDTHH:mm:ss'), CLINIC_TIME_ZONE);
}

export type ColumnRef = { kind: 'staff'; id: number } | { kind: 'resource'; id: number };

/** `staff-3` → a staff member, `resource-2` → a room or device. */
export function parseColumnId(id: string | number | undefined | null): ColumnRef | null {
  const match = /^(staff|resource)-(\d+)$/.exec(String(id ?? ''));
  if (!match) return null;
  return { kind: match[1] as 'staff' | 'resource', id: Number(match[2]) };
}

/** The staff member or room a drop onto `column` assigns, in the move request's terms. */
export function moveAssignment(column: string | number | undefined | null): { staff?: number; resource?: number } {
  const parsed = parseColumnId(column);
  if (!parsed) return {};
  return parsed.kind === 'staff' ? { staff: parsed.id } : { resource: parsed.id };
}

/** `HH:MM[:SS]` → its hour, rounded up when `roundUp` and minutes are past the hour; `fallback` when empty. */
export function hourOf(time: string | null | undefined, fallback: number, roundUp = false): number {
  const match = /^(\d{1,2}):(\d{2})/.exec(time ?? '');
  if (!match) return fallback;
  const hour = Number(match[1]);
  return roundUp && Number(match[2]) > 0 ? hour + 1 : hour;
}

/** The first day a view shows: the day itself, or the Monday of its week. */
export function rangeStart(date: string, days: 1 | 7): string {
  const day = dayjs(date);
  if (days === 1) return day.format('YYYY-MM-DD');
  const offset = (day.day() + 6) % 7;
  return day.subtract(offset, 'day').format('YYYY-MM-DD');
}

/** Earliest and latest hours worth showing: the working hours and any booking outside them, widened to
 * whole hours, never narrower than a usual clinic day. */
export function visibleHours(data: CalendarData | undefined, fallback: [number, number] = [8, 21]): [string, string] {
  let [first, last] = fallback;
  for (const item of [...(data?.schedules ?? []), ...(data?.events ?? [])]) {
    const start = dayjs(item.start).tz(CLINIC_TIME_ZONE);
    const end = dayjs(item.end).tz(CLINIC_TIME_ZONE);
    if (!start.isSame(end, 'day')) continue;
    first = Math.min(first, start.hour());
    last = Math.max(last, end.minute() > 0 ? end.hour() + 1 : end.hour());
  }
  const pad = (hour: number) => `${String(Math.max(0, Math.min(24, hour))).padStart(2, '0')}:00`;
  return [pad(first), pad(last)];
}
