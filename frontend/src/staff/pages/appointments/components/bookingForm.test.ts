import dayjs from 'dayjs';
import { describe, expect, it } from 'vitest';

import { clinicNow } from '../../../utils/time';
import { clinicTime, combine, endForDuration, fieldPath, initialBooking, nextLine, nextQuarterHour, splitFieldErrors, toAppointmentInput, type BookingValues } from './bookingForm';

describe('initialBooking', () => {
  it('takes the slot and column picked on the calendar', () => {
    const start = clinicTime('2026-12-01T10:00:00+08:00');
    const values = initialBooking({ start, end: start.add(45, 'minute'), staff: 3 }, clinicNow());
    expect(values.lines).toHaveLength(1);
    expect(values.lines[0].staff).toBe(3);
    expect(values.lines[0].start!.format('HH:mm')).toBe('10:00');
    expect(values.lines[0].end!.format('HH:mm')).toBe('10:45');
    expect(values.lines[0].date!.format('YYYY-MM-DD')).toBe('2026-12-01');
  });

  it('starts at the next quarter hour for the slot length when nothing was picked', () => {
    const now = clinicTime('2026-12-01T09:07:30+08:00');
    const values = initialBooking({}, now, 20);
    expect(values.lines[0].start!.format('HH:mm')).toBe('09:15');
    expect(values.lines[0].end!.format('HH:mm')).toBe('09:35');
    expect(nextQuarterHour(clinicTime('2026-12-01T09:15:00+08:00')).format('HH:mm')).toBe('09:30');
  });
});

describe('lines', () => {
  it('starts the next line when the previous ends, lasting as long', () => {
    const date = dayjs('2026-12-01');
    const next = nextLine({ date, start: dayjs('2026-12-01T10:00'), end: dayjs('2026-12-01T11:00'), staff: 3 });
    expect(next.start!.format('HH:mm')).toBe('11:00');
    expect(next.end!.format('HH:mm')).toBe('12:00');
    expect(next.staff).toBeNull();
  });

  it('ends a line after the picked item\'s duration', () => {
    expect(endForDuration(dayjs('2026-12-01T10:00'), 90)!.format('HH:mm')).toBe('11:30');
    expect(endForDuration(dayjs('2026-12-01T10:00'), 0)).toBeNull();
    expect(endForDuration(null, 30)).toBeNull();
  });
});

describe('toAppointmentInput', () => {
  const values: BookingValues = {
    customerMode: 'existing',
    customer: 12,
    type: 'treatment',
    source: 'phone',
    note: '  首次  ',
    lines: [
      { item: 5, staff: 3, resource: 2, date: dayjs('2026-12-01'), start: dayjs('2000-01-01T10:00'), end: dayjs('2000-01-01T11:00') },
      { title: ' 面诊 ', staff: 4, date: dayjs('2026-12-01'), start: dayjs('2000-01-01T11:00'), end: dayjs('2000-01-01T11:30') },
    ],
  };

  it('sends the day and times of each line as instants in the clinic\'s zone', () => {
    const body = toAppointmentInput(values);
    expect(body).toMatchObject({ customer: 12, type: 'treatment', source: 'phone', note: '首次' });
    expect(body.lines[0]).toEqual({ item: 5, title: '', staff: 3, resource: 2, start: '2026-12-01T02:00:00.000Z', end: '2026-12-01T03:00:00.000Z' });
    expect(body.lines[1]).toEqual({ title: '面诊', staff: 4, resource: null, start: '2026-12-01T03:00:00.000Z', end: '2026-12-01T03:30:00.000Z' });
    expect(body.confirm_warnings).toBe(false);
    expect(toAppointmentInput(values, true).confirm_warnings).toBe(true);
  });

  it('sends a new lead instead of a customer', () => {
    const body = toAppointmentInput({ ...values, customerMode: 'lead', lead_name: ' 李四 ', lead_phone: '13800001111' });
    expect(body.lead).toEqual({ name: '李四', phone: '13800001111' });
    expect(body.customer).toBeUndefined();
  });

  it('combines a date and a time in the clinic\'s zone', () => {
    expect(combine(dayjs('2026-06-30'), dayjs('2000-01-01T23:45'))).toBe('2026-06-30T15:45:00.000Z');
  });
});

describe('server errors on the form', () => {
  it('puts field errors under their fields', () => {
    expect(fieldPath('lines.1.staff')).toEqual(['lines', 1, 'staff']);
    expect(fieldPath('lines[0].start')).toEqual(['lines', 0, 'start']);
    expect(fieldPath('lead.phone')).toEqual(['lead_phone']);
    expect(fieldPath('customer')).toEqual(['customer']);
    expect(fieldPath('lead')).toBeNull();
    expect(fieldPath('lines')).toBeNull();
  });

  it('keeps whole-line errors with their line and the rest above the lines', () => {
    const split = splitFieldErrors({
      'lines[1]': ['第 2 项的时间已经过去。'],
      lines: ['同一员工的时间重叠。'],
      'lead.phone': ['该手机号已有档案。'],
      existing_customer: ['42'],
      warnings: ['王医生不在班。'],
    });
    expect(split.lines).toEqual({ 1: ['第 2 项的时间已经过去。'] });
    expect(split.unplaced).toEqual(['同一员工的时间重叠。']);
    expect(split.placed).toEqual([{ name: ['lead_phone'], errors: ['该手机号已有档案。'] }]);
    expect(split.existingCustomer).toBe(42);
  });
});
