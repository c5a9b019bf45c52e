import { describe, expect, it } from 'vitest';

import { withParams } from '../../../utils/queryParams';
import { defaultRange, readListFilters, toAppointmentQuery, writeListFilters, type AppointmentListFilters } from './listState';

const today = '2026-11-26';
const read = (query: string) => readListFilters(new URLSearchParams(query), today);

describe('readListFilters', () => {
  it('opens on today and the next 30 days, every status, anyone', () => {
    expect(read('')).toEqual({ date_from: '2026-11-26', date_to: '2026-12-26', statuses: [], type: undefined, staff: undefined });
  });

  it("reads a workbench figure's link: one day, one status, one member of staff", () => {
    expect(read('date_from=2026-11-26&date_to=2026-11-26&status=no_show&staff=12')).toEqual({
      date_from: '2026-11-26',
      date_to: '2026-11-26',
      statuses: ['no_show'],
      type: undefined,
      staff: 12,
    });
  });

  it('reads several statuses as a comma list or repeated, dropping unknown ones', () => {
    expect(read('status=pending%2Cconfirmed').statuses).toEqual(['pending', 'confirmed']);
    expect(read('status=confirmed&status=pending&status=missed').statuses).toEqual(['pending', 'confirmed']);
    expect(read('status=missed').statuses).toEqual([]);
  });

  it('keeps past and future days: bookings are both', () => {
    expect(read('date_from=2025-01-01&date_to=2027-06-30')).toMatchObject({ date_from: '2025-01-01', date_to: '2027-06-30' });
  });

  it('falls back to the default range when a date is malformed or from is after to', () => {
    const fallback = defaultRange(today);
    expect(read('date_from=2026-11-31&date_to=2026-12-01')).toMatchObject(fallback);
    expect(read('date_from=yesterday')).toMatchObject(fallback);
    expect(read('date_from=2026-11-26&date_to=26.11.2026')).toMatchObject(fallback);
    expect(read('date_from=2026-12-02&date_to=2026-12-01')).toMatchObject(fallback);
  });

  it('leaves an end open when it is empty or missing beside a valid one', () => {
    expect(read('date_from=&date_to=')).toMatchObject({ date_from: undefined, date_to: undefined });
    expect(read('date_from=2026-12-01')).toMatchObject({ date_from: '2026-12-01', date_to: undefined });
    expect(read('date_to=2026-12-01')).toMatchObject({ date_from: undefined, date_to: '2026-12-01' });
  });

  it('drops an unknown type and a staff id that is not one', () => {
    expect(read('type=massage&staff=abc')).toMatchObject({ type: undefined, staff: undefined });
    expect(read('type=surgery&staff=0')).toMatchObject({ type: 'surgery', staff: undefined });
  });
});

describe('writeListFilters', () => {
  const write = (filters: AppointmentListFilters) => withParams(new URLSearchParams('appointment=9'), writeListFilters(filters, today));

  it('leaves the default out and keeps the open booking', () => {
    expect(write(read('')).toString()).toBe('appointment=9');
  });

  it('reads back what it writes', () => {
    for (const query of ['date_from=2026-11-26&date_to=2026-11-26&status=no_show', 'date_from=&date_to=&type=recheck&staff=4', 'date_from=2026-12-01&date_to=&status=pending,arrived']) {
      const filters = read(query);
      expect(readListFilters(write(filters), today)).toEqual(filters);
    }
  });

  it('writes a cleared range as two open ends, not as the default', () => {
    const params = write({ statuses: [] });
    expect(params.get('date_from')).toBe('');
    expect(params.get('date_to')).toBe('');
  });
});

describe('toAppointmentQuery', () => {
  it('sends the bounds that are set and the statuses as a list', () => {
    expect(toAppointmentQuery(read('date_from=2026-11-26&date_to=&status=pending,confirmed&staff=3'), '张')).toEqual({
      search: '张',
      date_from: '2026-11-26',
      status: ['pending', 'confirmed'],
      staff: '3',
    });
    expect(toAppointmentQuery(read('date_from=&date_to='))).toEqual({});
  });
});
