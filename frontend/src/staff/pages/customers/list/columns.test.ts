import { describe, expect, it } from 'vitest';

import {
  CUSTOMER_COLUMNS,
  defaultColumns,
  moveColumn,
  placeColumn,
  resolveColumns,
  setColumnVisible,
  visibleColumns,
} from './columns';

describe('resolveColumns', () => {
  it('gives the defaults when nothing is saved', () => {
    expect(resolveColumns([])).toEqual(defaultColumns());
    expect(visibleColumns(resolveColumns(undefined))).toContain('name');
  });

  it('keeps the saved order, drops unknown columns and appends new ones', () => {
    const resolved = resolveColumns([
      { key: 'phone', visible: true },
      { key: 'retired_column', visible: true },
      { key: 'tags', visible: false },
      { key: 'phone', visible: false },
    ]);
    expect(resolved.slice(0, 2)).toEqual([
      { key: 'phone', visible: true },
      { key: 'tags', visible: false },
    ]);
    expect(resolved.map((column) => column.key).sort()).toEqual([...CUSTOMER_COLUMNS].sort());
  });

  it('never hides the name', () => {
    expect(resolveColumns([{ key: 'name', visible: false }])[0]).toEqual({ key: 'name', visible: true });
    expect(setColumnVisible(defaultColumns(), 'name', false)[0].visible).toBe(true);
  });
});

describe('reordering', () => {
  const three = resolveColumns([
    { key: 'name', visible: true },
    { key: 'phone', visible: true },
    { key: 'tags', visible: true },
  ]).slice(0, 3);

  it('moves a column up or down, and not past either end', () => {
    expect(moveColumn(three, 'tags', -1).map((c) => c.key)).toEqual(['name', 'tags', 'phone']);
    expect(moveColumn(three, 'name', -1).map((c) => c.key)).toEqual(['name', 'phone', 'tags']);
    expect(moveColumn(three, 'tags', 1).map((c) => c.key)).toEqual(['name', 'phone', 'tags']);
  });

  it('drops a dragged column where its target was', () => {
    expect(placeColumn(three, 'name', 'tags').map((c) => c.key)).toEqual(['phone', 'tags', 'name']);
    expect(placeColumn(three, 'tags', 'name').map((c) => c.key)).toEqual(['tags', 'name', 'phone']);
    expect(placeColumn(three, 'phone', 'phone').map((c) => c.key)).toEqual(['name', 'phone', 'tags']);
  });

  it('hides and shows', () => {
    expect(visibleColumns(setColumnVisible(three, 'phone', false))).toEqual(['name', 'tags']);
  });
});
