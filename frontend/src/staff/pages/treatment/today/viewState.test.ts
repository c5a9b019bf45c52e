import { describe, expect, it } from 'vitest';

import { readDeductionsView, writeDeductionsView } from './viewState';

const today = '2026-11-26';
const read = (query: string) => readDeductionsView(new URLSearchParams(query), today);

describe('readDeductionsView', () => {
  it("opens on today's deductions, everyone's", () => {
    expect(read('')).toEqual({ date: today, whose: 'all' });
  });

  it('opens the day the link names, today or earlier', () => {
    expect(read('date=2026-11-26')).toEqual({ date: '2026-11-26', whose: 'all' });
    expect(read('date=2026-10-01&whose=mine')).toEqual({ date: '2026-10-01', whose: 'mine' });
  });

  it('falls back to today for a future, malformed or impossible day', () => {
    expect(read('date=2026-11-27').date).toBe(today);
    expect(read('date=26/11/2026').date).toBe(today);
    expect(read('date=2026-02-29').date).toBe(today);
    expect(read('date=').date).toBe(today);
  });

  it("reads anything but whose=mine as everyone's", () => {
    expect(read('whose=someone').whose).toBe('all');
  });
});

describe('writeDeductionsView', () => {
  it('leaves the defaults out and reads back what it writes', () => {
    expect(writeDeductionsView({ date: today, whose: 'all' }, today)).toEqual({ date: undefined, whose: undefined });
    const view = { date: '2026-11-20', whose: 'mine' as const };
    const written = writeDeductionsView(view, today);
    expect(written).toEqual({ date: '2026-11-20', whose: 'mine' });
    expect(read(new URLSearchParams(written as Record<string, string>).toString())).toEqual(view);
  });
});
