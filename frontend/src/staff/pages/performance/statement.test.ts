import { describe, expect, it } from 'vitest';

import { monthToDate, previousMonth, statementTotals } from './statement';

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
