import { describe, expect, it } from 'vitest';

import { countFilters, daysOverdue, readListState, toTaskQuery, writeListState } from './listState';

const TODAY = '2026-03-10';

describe('task list state', () => {
  it('opens on my tasks due today', () => {
    const state = readListState(new URLSearchParams());
    expect(state).toMatchObject({ tab: 'today', assignee: 'me', page: 1, page_size: 20 });
    expect(toTaskQuery(state, TODAY)).toMatchObject({ status: ['open'], assignee: 'me', due_from: TODAY, due_to: TODAY });
    expect(writeListState(state).toString()).toBe('');
  });

  it('round-trips through the address bar and drops what it does not know', () => {
    const params = new URLSearchParams('tab=overdue&assignee=7&method=wechat&rule=3&from=2026-02-01&to=2026-02-30&search=%20张%20&page=2&page_size=33&x=1');
    const state = readListState(params);
    expect(state).toMatchObject({ tab: 'overdue', assignee: 7, method: 'wechat', rule: 3, from: '2026-02-01', to: undefined, search: '张', page: 2, page_size: 20 });
    expect(readListState(writeListState(state))).toEqual(state);
    expect(readListState(new URLSearchParams('tab=later&assignee=-1&method=fax')).tab).toBe('today');
    expect(readListState(new URLSearchParams('assignee=-1')).assignee).toBe('me');
    expect(readListState(new URLSearchParams('method=fax')).method).toBeUndefined();
  });

  it('asks each tab for its own slice', () => {
    const base = readListState(new URLSearchParams('assignee=all&from=2026-03-01&to=2026-03-31'));
    expect(toTaskQuery({ ...base, tab: 'today' }, TODAY)).toMatchObject({ status: ['open'], due_from: TODAY, due_to: TODAY });
    expect(toTaskQuery({ ...base, tab: 'today' }, TODAY).assignee).toBeUndefined();
    expect(toTaskQuery({ ...base, tab: 'overdue' }, TODAY)).toMatchObject({ status: ['open'], overdue: 'true', due_from: '2026-03-01' });
    // Upcoming starts tomorrow even when the range starts earlier, and keeps a later start.
    expect(toTaskQuery({ ...base, tab: 'upcoming' }, TODAY)).toMatchObject({ status: ['open'], due_from: '2026-03-11', due_to: '2026-03-31' });
    expect(toTaskQuery({ ...base, tab: 'upcoming', from: '2026-03-20' }, TODAY).due_from).toBe('2026-03-20');
    // Done: the range is the completion date, newest first.
    const done = toTaskQuery({ ...base, tab: 'done' }, TODAY);
    expect(done).toMatchObject({ status: ['done'], closed_from: '2026-03-01', closed_to: '2026-03-31', ordering: '-closed_at' });
    expect(done.due_from).toBeUndefined();
    expect(toTaskQuery({ ...base, tab: 'done', cancelled: true }, TODAY).status).toEqual(['cancelled']);
    expect(toTaskQuery({ ...base, assignee: 7, method: 'sms' }, TODAY)).toMatchObject({ assignee: '7', method: ['sms'] });
  });

  it('counts days overdue in whole clinic days', () => {
    expect(daysOverdue('2026-03-10', TODAY)).toBe(0);
    expect(daysOverdue('2026-03-11', TODAY)).toBe(0);
    expect(daysOverdue('2026-03-09', TODAY)).toBe(1);
    expect(daysOverdue('2026-02-28', TODAY)).toBe(10);
  });

  it('counts the narrowing filters once each', () => {
    const state = readListState(new URLSearchParams('tab=done&assignee=all'));
    expect(countFilters(state)).toBe(0);
    expect(countFilters({ ...state, from: '2026-01-01', to: '2026-01-31', search: 'x' })).toBe(2);
  });
});
