import { describe, expect, it } from 'vitest';

import type { CalendarData, CalendarEvent } from '../types';
import { lineOf, moveAssignment, parseColumnId, rangeStart, toCalendarEvents, visibleHours, wallClock } from './calendarModel';

const line = (overrides: Partial<CalendarEvent> = {}): CalendarEvent => ({
  id: 7,
  appointment: 3,
  number: 'YY20261201-1',
  customer: { id: 1, name: '张三', phone: '138****1234' },
  type: 'treatment',
  type_display: '治疗',
  status: 'pending',
  status_display: '待确认',
  start: '2026-12-01T10:00:00+08:00',
  end: '2026-12-01T11:00:00+08:00',
  resource_ids: ['staff-3', 'resource-2'],
  staff: { id: 3, name: '王医生' },
  resource: { id: 2, name: '热玛吉' },
  item_name: '热玛吉',
  title: '',
  editable: true,
  ...overrides,
});

const data = (overrides: Partial<CalendarData> = {}): CalendarData => ({
  resources: [{ id: 'staff-3', title: '王医生', kind: 'staff', org_unit: 1 }],
  events: [line()],
  schedules: [{ resource_id: 'staff-3', start: '2026-12-01T08:30:00+08:00', end: '2026-12-01T17:30:00+08:00', kind: 'work' }],
  ...overrides,
});

describe('toCalendarEvents', () => {
  it('turns lines into editable events coloured by type, classed by status, in their columns', () => {
    const [, event] = toCalendarEvents(data());
    expect(event).toMatchObject({ id: '7', resourceIds: ['staff-3', 'resource-2'], backgroundColor: '#08979c', editable: true });
    expect(event.classNames).toContain('appt-status-pending');
    expect(lineOf({ extendedProps: event.extendedProps! })?.appointment).toBe(3);
  });

  it('shades working hours behind the lines and keeps them out of reach of clicks and drags', () => {
    const [shift] = toCalendarEvents(data());
    expect(shift).toMatchObject({ display: 'background', resourceIds: ['staff-3'], classNames: ['appt-shift-work'] });
    expect(lineOf({ extendedProps: shift.extendedProps ?? {} })).toBeNull();
  });

  it('keeps a closed appointment fixed', () => {
    const [, event] = toCalendarEvents(data({ events: [line({ status: 'completed', editable: false })] }));
    expect(event.editable).toBe(false);
    expect(event.classNames).toContain('appt-status-completed');
  });
});

describe('columns', () => {
  it('tells staff from rooms and devices', () => {
    expect(parseColumnId('staff-3')).toEqual({ kind: 'staff', id: 3 });
    expect(parseColumnId('resource-12')).toEqual({ kind: 'resource', id: 12 });
    expect(parseColumnId('schedule-1')).toBeNull();
    expect(parseColumnId(undefined)).toBeNull();
  });

  it('assigns the staff member or the room a line is dropped on', () => {
    expect(moveAssignment('staff-4')).toEqual({ staff: 4 });
    expect(moveAssignment('resource-2')).toEqual({ resource: 2 });
    expect(moveAssignment('nonsense')).toEqual({});
  });
});

describe('time', () => {
  it('reads the calendar\'s dates as the clinic\'s wall clock', () => {
    // EventCalendar's dates carry the wall-clock time in their local fields, whatever the browser's zone.
    const picked = new Date(2026, 11, 1, 10, 30);
    expect(wallClock(picked).toISOString()).toBe('2026-12-01T02:30:00.000Z');
  });

  it('starts a week on Monday', () => {
    expect(rangeStart('2026-12-03', 7)).toBe('2026-11-30');
    expect(rangeStart('2026-11-30', 7)).toBe('2026-11-30');
    expect(rangeStart('2026-12-06', 7)).toBe('2026-11-30');
    expect(rangeStart('2026-12-03', 1)).toBe('2026-12-03');
  });

  it('widens the visible hours to early shifts and late bookings', () => {
    expect(visibleHours(data())).toEqual(['08:00', '21:00']);
    const early = data({ schedules: [{ resource_id: 'staff-3', start: '2026-12-01T07:00:00+08:00', end: '2026-12-01T12:00:00+08:00', kind: 'work' }] });
    expect(visibleHours(early)).toEqual(['07:00', '21:00']);
    const late = data({ events: [line({ start: '2026-12-01T21:00:00+08:00', end: '2026-12-01T22:15:00+08:00' })] });
    expect(visibleHours(late)).toEqual(['08:00', '23:00']);
  });

  it('ignores a whole day off when widening the hours', () => {
    const off = data({ schedules: [{ resource_id: 'staff-3', start: '2026-12-01T00:00:00+08:00', end: '2026-12-02T00:00:00+08:00', kind: 'off' }] });
    expect(visibleHours(off)).toEqual(['08:00', '21:00']);
  });
});
