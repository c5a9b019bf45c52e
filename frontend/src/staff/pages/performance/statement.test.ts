import { describe, expect, it } from 'vitest';

import { monthToDate, previousMonth, readRange, statementTotals, writeRange } from './statement';

describe('date ranges', () => {
  it('month to date starts on the first', () => {
    expect(monthToDate('2026-11-26')).toEqual({ from: '2026-11-01', to: '2026-11-26' });
  });

  it('previous month covers the whole month, across a year end and a leap February', () => {
    expect(previousMonth('2026-11-26')).toEqual({ from: '2026-10-01', to: '2026-10-31' });
    expect(previousMonth('2026-01-05')).toEqual({ from: '2025-12-01', to: '2025-12-31' });
    expect(previousMonth('2028-03-01')).toEqual({ from: '2028-02-01', to: '2028-02-29' });
  });
});

describe('the range in the address bar', () => {
  const today = '2026-11-26';
  const read = (query: string) => readRange(new URLSearchParams(query), today);

  it('opens on this month so far', () => {
    expect(read('')).toEqual({ from: '2026-11-01', to: '2026-11-26' });
  });

  it("reads the workbench's links: today, and this month", () => {
    expect(read('date_from=2026-11-26&date_to=2026-11-26')).toEqual({ from: '2026-11-26', to: '2026-11-26' });
    expect(read('date_from=2026-11-01&date_to=2026-11-26')).toEqual({ from: '2026-11-01', to: '2026-11-26' });
    expect(read('date_from=2025-10-01&date_to=2025-12-31')).toEqual({ from: '2025-10-01', to: '2025-12-31' });
  });

  it('falls back to this month so far when from is after to, or both ends are unusable', () => {
    expect(read('date_from=2026-11-20&date_to=2026-11-10')).toEqual(monthToDate(today));
    expect(read('date_from=2026-13-01&date_to=tomorrow')).toEqual(monthToDate(today));
    expect(read('date_from=2026-12-01&date_to=2026-12-31')).toEqual(monthToDate(today));
  });

  it('completes a range with one usable end: up to today, or from the first of the month', () => {
    expect(read('date_from=2026-10-15')).toEqual({ from: '2026-10-15', to: today });
    expect(read('date_from=2026-10-15&date_to=2026-11-27')).toEqual({ from: '2026-10-15', to: today });
    expect(read('date_to=2026-10-15')).toEqual({ from: '2026-10-01', to: '2026-10-15' });
    expect(read('date_from=2026-02-30&date_to=2026-10-15')).toEqual({ from: '2026-10-01', to: '2026-10-15' });
  });

  it('leaves month to date out of the address and reads back what it writes', () => {
    expect(writeRange(monthToDate(today), today)).toEqual({ date_from: undefined, date_to: undefined });
    const range = { from: '2026-10-01', to: '2026-10-31' };
    const written = writeRange(range, today);
    expect(written).toEqual({ date_from: '2026-10-01', date_to: '2026-10-31' });
    expect(readRange(new URLSearchParams(written as Record<string, string>), today)).toEqual(range);
  });
});

describe('statementTotals', () => {
  it('adds each column in cents, refunds included as negatives', () => {
    const staff = { id: 1, name: '张敏', staff_number: 'MZ006' };
    const rows = [
      { staff, sales_amount: '0.10', consumption_amount: '100.00', operation_fee_amount: '30.00', entries: 2 },
      { staff, sales_amount: '0.20', consumption_amount: '-33.33', operation_fee_amount: '0.00', entries: 1 },
    ];
    expect(statementTotals(rows)).toEqual({
      sales_amount: '0.30',
      consumption_amount: '66.67',
      operation_fee_amount: '30.00',
      entries: 3,
    });
  });

  it('is zero for no rows', () => {
    expect(statementTotals([])).toEqual({ sales_amount: '0.00', consumption_amount: '0.00', operation_fee_amount: '0.00', entries: 0 });
  });
});
