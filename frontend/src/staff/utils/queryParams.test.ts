import { describe, expect, it } from 'vitest';

import { readChoice, readChoices, readDate, readId, readPastDate, withParams } from './queryParams';

describe('readDate', () => {
  it('takes a real date written YYYY-MM-DD', () => {
    expect(readDate('2026-02-28')).toBe('2026-02-28');
    expect(readDate('2028-02-29')).toBe('2028-02-29');
  });

  it('drops what is missing, malformed or not a real day', () => {
    expect(readDate(null)).toBeUndefined();
    expect(readDate(undefined)).toBeUndefined();
    expect(readDate('')).toBeUndefined();
    expect(readDate('2026-2-28')).toBeUndefined();
    expect(readDate('2026-02-28T10:00')).toBeUndefined();
    expect(readDate('today')).toBeUndefined();
    expect(readDate('2026-02-30')).toBeUndefined();
    expect(readDate('2026-13-01')).toBeUndefined();
  });
});

describe('readPastDate', () => {
  const today = '2026-11-26';

  it('takes today and earlier days', () => {
    expect(readPastDate('2026-11-26', today)).toBe('2026-11-26');
    expect(readPastDate('2025-12-31', today)).toBe('2025-12-31');
  });

  it('drops a future day, an invalid one and a missing one', () => {
    expect(readPastDate('2026-11-27', today)).toBeUndefined();
    expect(readPastDate('2027-01-01', today)).toBeUndefined();
    expect(readPastDate('2026-11-31', today)).toBeUndefined();
    expect(readPastDate(null, today)).toBeUndefined();
  });
});

describe('readId', () => {
  it('takes a positive whole number only', () => {
    expect(readId('42')).toBe(42);
    expect(readId('0')).toBeUndefined();
    expect(readId('-3')).toBeUndefined();
    expect(readId('1.5')).toBeUndefined();
    expect(readId('1e3')).toBeUndefined();
    expect(readId('abc')).toBeUndefined();
    expect(readId('99999999999999999999')).toBeUndefined();
    expect(readId(null)).toBeUndefined();
  });
});

describe('readChoice and readChoices', () => {
  const allowed = ['pending', 'paid', 'void'] as const;

  it('takes a known value', () => {
    expect(readChoice('paid', allowed)).toBe('paid');
    expect(readChoice('PAID', allowed)).toBeUndefined();
    expect(readChoice(null, allowed)).toBeUndefined();
  });

  it('reads repeated parameters and comma lists, once each, in the known order, unknown ones dropped', () => {
    expect(readChoices(new URLSearchParams('status=void&status=pending'), 'status', allowed)).toEqual(['pending', 'void']);
    expect(readChoices(new URLSearchParams('status=paid,pending'), 'status', allowed)).toEqual(['pending', 'paid']);
    expect(readChoices(new URLSearchParams('status=paid%2Cmissed&status=paid'), 'status', allowed)).toEqual(['paid']);
    expect(readChoices(new URLSearchParams('status=missed'), 'status', allowed)).toEqual([]);
    expect(readChoices(new URLSearchParams(''), 'status', allowed)).toEqual([]);
  });
});

describe('withParams', () => {
  it('replaces the given parameters and keeps the others', () => {
    const next = withParams(new URLSearchParams('appointment=7&status=a&status=b&staff=3'), {
      status: ['pending', 'paid'],
      staff: undefined,
      date_from: '',
    });
    expect(next.get('appointment')).toBe('7');
    expect(next.getAll('status')).toEqual(['pending,paid']);
    expect(next.has('staff')).toBe(false);
    expect(next.get('date_from')).toBe('');
  });

  it('removes a parameter given an empty list and leaves the input alone', () => {
    const current = new URLSearchParams('status=paid&order=5');
    expect(withParams(current, { status: [] }).toString()).toBe('order=5');
    expect(current.toString()).toBe('status=paid&order=5');
  });
});
