import { describe, expect, it } from 'vitest';

import { withParams } from '../../../utils/queryParams';
import { readCashierView, writeCashierView } from './viewState';

const read = (query: string) => readCashierView(new URLSearchParams(query));

describe('readCashierView', () => {
  it("opens on today's orders to collect", () => {
    expect(read('')).toEqual({ tab: 'today', statuses: [] });
    expect(read('order=5')).toEqual({ tab: 'today', statuses: [] });
  });

  it("reads the workbench's link to the orders still to collect", () => {
    expect(read('tab=all&status=pending')).toEqual({ tab: 'all', statuses: ['pending'] });
  });

  it('reads several statuses, repeated or as a comma list, and drops unknown ones', () => {
    expect(read('tab=all&status=paid,partially_paid&status=void&status=missed')).toEqual({
      tab: 'all',
      statuses: ['partially_paid', 'paid', 'void'],
    });
    expect(read('tab=all&status=PAID')).toEqual({ tab: 'all', statuses: [] });
  });

  it("reads the debt filter of 全部订单 (the workbench's part-paid orders still to collect have none)", () => {
    expect(read('tab=all&status=partially_paid&has_debt=false')).toEqual({ tab: 'all', statuses: ['partially_paid'], debt: 'false' });
    expect(read('tab=all&has_debt=true')).toEqual({ tab: 'all', statuses: [], debt: 'true' });
    expect(read('tab=all&has_debt=yes')).toEqual({ tab: 'all', statuses: [] });
    expect(read('has_debt=true')).toEqual({ tab: 'today', statuses: [] });
  });

  it('ignores an unknown tab, and statuses outside 全部订单', () => {
    expect(read('tab=debts&status=pending')).toEqual({ tab: 'today', statuses: [] });
    expect(read('status=pending')).toEqual({ tab: 'today', statuses: [] });
  });
});

describe('writeCashierView', () => {
  const write = (query: string, view: Parameters<typeof writeCashierView>[0]) =>
    withParams(new URLSearchParams(query), writeCashierView(view)).toString();

  it('keeps the open order and leaves the default tab out', () => {
    expect(write('order=5&tab=all&status=paid', { tab: 'today', statuses: [] })).toBe('order=5');
  });

  it('writes the debt filter on 全部订单 only', () => {
    expect(write('', { tab: 'all', statuses: ['partially_paid'], debt: 'false' })).toBe('tab=all&status=partially_paid&has_debt=false');
    expect(write('tab=all&has_debt=true', { tab: 'today', statuses: [] })).toBe('');
  });

  it('reads back what it writes', () => {
    const view = { tab: 'all' as const, statuses: ['pending' as const, 'paid' as const] };
    expect(write('order=5', view)).toBe('order=5&tab=all&status=pending%2Cpaid');
    expect(read(write('', view))).toEqual(view);
  });
});
