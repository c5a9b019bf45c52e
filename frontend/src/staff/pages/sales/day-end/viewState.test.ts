import { describe, expect, it } from 'vitest';

import { readDayEndView, writeDayEndView } from './viewState';

const today = '2026-11-26';
const read = (query: string) => readDayEndView(new URLSearchParams(query), today);

describe('readDayEndView', () => {
  it("opens on today's takings at the whole desk", () => {
    expect(read('')).toEqual({ date: today, cashier: null });
  });

  it('opens the day the link names, today or earlier, and one cashier', () => {
    expect(read('date=2026-11-26')).toEqual({ date: '2026-11-26', cashier: null });
    expect(read('date=2025-12-31&cashier=8')).toEqual({ date: '2025-12-31', cashier: 8 });
  });

  it('falls back to today for a future, malformed or impossible day, and to the desk for a bad cashier', () => {
    expect(read('date=2026-12-01').date).toBe(today);
    expect(read('date=20261120').date).toBe(today);
    expect(read('date=2026-04-31').date).toBe(today);
    expect(read('cashier=-1').cashier).toBeNull();
    expect(read('cashier=me').cashier).toBeNull();
  });
});

describe('writeDayEndView', () => {
  it('leaves the defaults out and reads back what it writes', () => {
    expect(writeDayEndView({ date: today, cashier: null }, today)).toEqual({ date: undefined, cashier: undefined });
    const view = { date: '2026-11-01', cashier: 3 };
    const written = writeDayEndView(view, today);
    expect(written).toEqual({ date: '2026-11-01', cashier: '3' });
    expect(read(new URLSearchParams(written as Record<string, string>).toString())).toEqual(view);
  });
});
