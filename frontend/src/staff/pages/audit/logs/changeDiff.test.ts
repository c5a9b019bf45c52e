import { describe, expect, it } from 'vitest';

import { diffRows, displayValue } from './changeDiff';

describe('diffRows', () => {
  it('lists every field of either side and marks the changed ones', () => {
    expect(diffRows({ name: '王磊', phone: '138****1234' }, { name: '王磊', phone: '139****5678', is_active: true })).toEqual([
      { field: 'name', before: '王磊', after: '王磊', changed: false },
      { field: 'phone', before: '138****1234', after: '139****5678', changed: true },
      { field: 'is_active', before: '', after: 'true', changed: true },
    ]);
  });

  it('treats a missing side (create, delete) as empty', () => {
    expect(diffRows(null, { code: 'S001' })).toEqual([{ field: 'code', before: '', after: 'S001', changed: true }]);
    expect(diffRows({ code: 'S001' }, null)).toEqual([{ field: 'code', before: 'S001', after: '', changed: true }]);
  });
});

describe('displayValue', () => {
  it('writes lists and objects as JSON', () => {
    expect(displayValue([1, 2])).toBe('[1,2]');
    expect(displayValue({ a: 1 })).toBe('{"a":1}');
  });
});
