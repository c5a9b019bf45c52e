import { describe, expect, it } from 'vitest';

import type { ScheduleEntry } from '../types';
import { bulkGroups, cellKey, entriesByCell, toggleCells, weekDays, weekStart } from './scheduleGrid';

const entry = (id: number, staff: number, date: string, start: string): ScheduleEntry => ({
  id,
  staff: { id: staff, name: `员工${staff}` },
  date,
  kind: 'work',
  kind_display: '上班',
  shift_type: null,
  start,
  end: '18:00',
  note: '',
});

describe('the week', () => {
  it('runs Monday to Sunday', () => {
    expect(weekStart('2026-12-06')).toBe('2026-11-30');
    expect(weekDays('2026-11-30')).toEqual(['2026-11-30', '2026-12-01', '2026-12-02', '2026-12-03', '2026-12-04', '2026-12-05', '2026-12-06']);
  });

  it('puts each entry in its cell, in time order', () => {
    const cells = entriesByCell([entry(1, 3, '2026-12-01', '13:30'), entry(2, 3, '2026-12-01', '08:30'), entry(3, 4, '2026-12-01', '08:30')]);
    expect(cells.get(cellKey(3, '2026-12-01'))!.map((row) => row.id)).toEqual([2, 1]);
    expect(cells.get(cellKey(4, '2026-12-01'))!.map((row) => row.id)).toEqual([3]);
  });
});

describe('selection', () => {
  it('selects a whole row unless it is all selected already, then clears it', () => {
    const row = ['3|2026-12-01', '3|2026-12-02'];
    const once = toggleCells(new Set(['3|2026-12-01']), row);
    expect([...once].sort()).toEqual(row);
    expect(toggleCells(once, row).size).toBe(0);
  });

  it('sends one bulk request per set of staff with the same days', () => {
    const groups = bulkGroups(['3|2026-12-01', '4|2026-12-01', '3|2026-12-02', '4|2026-12-02', '5|2026-12-03']);
    expect(groups).toEqual([
      { staff: [3, 4], dates: ['2026-12-01', '2026-12-02'] },
      { staff: [5], dates: ['2026-12-03'] },
    ]);
  });
});
