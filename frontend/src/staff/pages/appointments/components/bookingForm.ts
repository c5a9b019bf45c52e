/**
 * The booking form's pure half: empty and prefilled values, a line's end from its item's duration, the
 * request body, and the server's field errors put back under the fields (`lines.1.staff` → the second line's
 * staff picker).
 */
import dayjs, { type Dayjs } from 'dayjs';

import { CLINIC_TIME_ZONE, toApiDateTime } from '../../../utils/time';
import type { AppointmentInput, AppointmentSource, AppointmentType } from '../types';

export const DEFAULT_DURATION_MINUTES = 30;
export const PHONE_PATTERN = /^1[3-9]\d{9}$/;

export interface BookingLineValues {
  item?: number | null;
  /** The picked item's name and duration, kept to show it and to default the end time. */
  itemName?: string;
  title?: string;
  staff?: number | null;
  resource?: number | null;
  date?: Dayjs | null;
  start?: Dayjs | null;
  end?: Dayjs | null;
  recheck_of?: number | null;
}

export interface BookingValues {
  customerMode: 'existing' | 'lead';
  customer?: number | null;
  lead_name?: string;
  lead_phone?: string;
  type: AppointmentType;
  source?: AppointmentSource | null;
  note?: string;
  lines: BookingLineValues[];
}

/** What the calendar knows when the drawer opens: the slot clicked or dragged over, in whose column. */
export interface BookingPrefill {
  start?: Dayjs;
  end?: Dayjs;
  staff?: number;
  resource?: number;
  customer?: { id: number; name: string };
}

/** A clinic wall-clock time as a value for the date and time pickers. */
export function clinicTime(value: string | Date | Dayjs): Dayjs {
  return dayjs(value).tz(CLINIC_TIME_ZONE);
}

/** The next quarter hour from now, the default start of a booking made without a slot. */
export function nextQuarterHour(now: Dayjs): Dayjs {
  const rounded = now.second(0).millisecond(0);
  const over = rounded.minute() % 15;
  return over === 0 ? rounded.add(15, 'minute') : rounded.add(15 - over, 'minute');
}

/** Local wall-clock Dayjs values the pickers show (their zone is the browser's; the fields are the clinic's). */
function pickerValue(time: Dayjs): Dayjs {
  return dayjs(time.format('YYYY-MM-DDTHH:mm:ss'));
}

export function initialBooking(prefill: BookingPrefill, now: Dayjs, slotMinutes = DEFAULT_DURATION_MINUTES): BookingValues {
  const start = prefill.start ?? nextQuarterHour(now);
  const end = prefill.end && prefill.end.isAfter(start) ? prefill.end : start.add(slotMinutes, 'minute');
  return {
    customerMode: 'existing',
    customer: prefill.customer?.id ?? null,
    type: 'treatment',
    note: '',
    lines: [
      {
        staff: prefill.staff ?? null,
        resource: prefill.resource ?? null,
        date: pickerValue(start).startOf('day'),
        start: pickerValue(start),
        end: pickerValue(end),
      },
    ],
  };
}

/** The line after `previous`: same day, starting when it ends, as long as it lasts. */
export function nextLine(previous: BookingLineValues | undefined): BookingLineValues {
  if (!previous?.end || !previous.start) return { date: previous?.date ?? null, staff: null, resource: null };
  const minutes = Math.max(previous.end.diff(previous.start, 'minute'), DEFAULT_DURATION_MINUTES);
  return { date: previous.date, start: previous.end, end: previous.end.add(minutes, 'minute'), staff: null, resource: null };
}

/** The end time a line gets when an item of `minutes` is picked (start unchanged). */
export function endForDuration(start: Dayjs | null | undefined, minutes: number | null | undefined): Dayjs | null {
  if (!start || !minutes || minutes <= 0) return null;
  return start.add(minutes, 'minute');
}

/** The date picker's day at the time picker's hour and minute, as the API's instant. */
export function combine(date: Dayjs, time: Dayjs): string {
  const wall = date.hour(time.hour()).minute(time.minute()).second(0).millisecond(0);
  return toApiDateTime(wall);
}

export function toAppointmentInput(values: BookingValues, confirmWarnings = false): AppointmentInput {
  const body: AppointmentInput = {
    type: values.type,
    source: values.source ?? '',
    note: values.note?.trim() ?? '',
    confirm_warnings: confirmWarnings,
    lines: values.lines.map((line) => ({
      ...(line.item ? { item: line.item } : {}),
      title: line.title?.trim() ?? '',
      staff: line.staff!,
      resource: line.resource ?? null,
      start: combine(line.date!, line.start!),
      end: combine(line.date!, line.end!),
      ...(line.recheck_of ? { recheck_of: line.recheck_of } : {}),
    })),
  };
  if (values.customerMode === 'lead') {
    body.lead = { name: values.lead_name?.trim() ?? '', phone: values.lead_phone?.trim() ?? '' };
  } else if (values.customer) {
    body.customer = values.customer;
  }
  return body;
}

/** The form field (antd name path) an API error key belongs under; null when the form has no such field. */
export function fieldPath(key: string): (string | number)[] | null {
  const parts = key.replace(/\[(\d+)\]/g, '.$1').split('.').filter(Boolean);
  if (parts.length === 0) return null;
  const [head, ...rest] = parts;
  if (head === 'lead') {
    if (rest.length === 0) return null;
    const leaf = rest[0] === 'phone' ? 'lead_phone' : 'lead_name';
    return [leaf];
  }
  if (head === 'lines') {
    if (rest.length < 2 || !/^\d+$/.test(rest[0])) return null;
    const [index, field] = rest;
    const mapped = ({ item: 'item', title: 'title', staff: 'staff', resource: 'resource', start: 'start', end: 'end', recheck_of: 'recheck_of' } as Record<string, string>)[field];
    return mapped ? ['lines', Number(index), mapped] : null;
  }
  if (['customer', 'type', 'source', 'note'].includes(head) && rest.length === 0) return [head];
  return null;
}

export interface PlacedErrors {
  /** Errors under a form field. */
  placed: { name: (string | number)[]; errors: string[] }[];
  /** Errors about a whole line (its time, its staff's scope...), by line index. */
  lines: Record<number, string[]>;
  /** The rest, shown above the lines. */
  unplaced: string[];
  /** A lead whose phone already has a file: that customer's id. */
  existingCustomer: number | null;
}

/** Sorts the server's field errors into where the form shows them. */
export function splitFieldErrors(fields: Record<string, string[]>): PlacedErrors {
  const result: PlacedErrors = { placed: [], lines: {}, unplaced: [], existingCustomer: null };
  for (const [key, errors] of Object.entries(fields)) {
    if (key === 'non_field_errors' || key === 'warnings') continue;
    if (key === 'existing_customer') {
      result.existingCustomer = Number(errors[0]) || null;
      continue;
    }
    const name = fieldPath(key);
    const line = /^lines(?:\[(\d+)\]|\.(\d+))$/.exec(key);
    if (name) result.placed.push({ name, errors });
    else if (line) result.lines[Number(line[1] ?? line[2])] = errors;
    else result.unplaced.push(...errors);
  }
  return result;
}
