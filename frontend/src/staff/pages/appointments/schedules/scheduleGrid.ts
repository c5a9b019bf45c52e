/**
 * The schedule grid's pure half: the week's days, the entries of each cell (staff × day), the selection of
 * cells, and a selection turned into the fewest bulk requests (one per set of staff sharing the same days).
 */
import dayjs from 'dayjs';

import type { ScheduleEntry } from '../types';

export const DATE = 'YYYY-MM-DD';

/** A cell of the grid: `${staffId}|${date}`. */
export type CellKey = string;

export const cellKey = (staff: number, date: string): CellKey => `${staff}|${date}`;

export function parseCell(key: CellKey): { staff: number; date: string } {
  const [staff, date] = key.split('|');
  return { staff: Number(staff), date };
}

/** Monday of the week holding `date`. */
export function weekStart(date: string): string {
  const day = dayjs(date);
  return day.subtract((day.day() + 6) % 7, 'day').format(DATE);
}

export function weekDays(start: string): string[] {
  return Array.from({ length: 7 }, (_, index) => dayjs(start).add(index, 'day').format(DATE));
}

/** Entries by cell, in time order. */
export function entriesByCell(entries: ScheduleEntry[]): Map<CellKey, ScheduleEntry[]> {
  const cells = new Map<CellKey, ScheduleEntry[]>();
  for (const entry of entries) {
    const key = cellKey(entry.staff.id, entry.date);
    cells.set(key, [...(cells.get(key) ?? []), entry]);
  }
  for (const list of cells.values()) list.sort((a, b) => (a.start ?? '').localeCompare(b.start ?? ''));
  return cells;
}

/** Adds the cells when any of them is unselected, else removes them all (a row or column header click). */
export function toggleCells(selected: ReadonlySet<CellKey>, cells: CellKey[]): Set<CellKey> {
  const next = new Set(selected);
  const allIn = cells.every((cell) => next.has(cell));
  for (const cell of cells) {
    if (allIn) next.delete(cell);
    else next.add(cell);
  }
  return next;
}

/** The selection as bulk requests: staff with exactly the same selected days share one request. */
export function bulkGroups(selected: Iterable<CellKey>): { staff: number[]; dates: string[] }[] {
  const daysByStaff = new Map<number, string[]>();
  for (const key of selected) {
    const { staff, date } = parseCell(key);
    daysByStaff.set(staff, [...(daysByStaff.get(staff) ?? []), date]);
  }
  const groups = new Map<string, { staff: number[]; dates: string[] }>();
  for (const [staff, dates] of daysByStaff) {
    const sorted = [...dates].sort();
    const key = sorted.join(',');
    const group = groups.get(key) ?? { staff: [], dates: sorted };
    group.staff.push(staff);
    groups.set(key, group);
  }
  return [...groups.values()].map((group) => ({ staff: group.staff.sort((a, b) => a - b), dates: group.dates }));
}

/** `08:30:00` → `08:30`. */
export const shortTime = (time: string | null | undefined) => (time ?? '').slice(0, 5);
