import { describe, expect, it } from 'vitest';

import { toOffsets, toRows } from './reminders';

describe('reminder offsets', () => {
  it('round-trip between the API and the form', () => {
    const offsets = [{ days_before: 1, at: '10:00' }, { hours_before: 2 }];
    const rows = toRows(offsets);
    expect(rows.map((row) => [row.unit, row.amount, row.at?.format('HH:mm')])).toEqual([
      ['days', 1, '10:00'],
      ['hours', 2, undefined],
    ]);
    expect(toOffsets(rows)).toEqual(offsets);
  });
});
