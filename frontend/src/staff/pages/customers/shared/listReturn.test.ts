import { describe, expect, it } from 'vitest';

import { listReturnState, listUrlFrom } from './listReturn';

describe('listUrlFrom', () => {
  it('returns to the filtered list', () => {
    expect(listUrlFrom(listReturnState('?tags=1&page=2'))).toBe('/customers/list?tags=1&page=2');
  });

  it('falls back to the plain list', () => {
    expect(listUrlFrom(null)).toBe('/customers/list');
    expect(listUrlFrom(listReturnState(''))).toBe('/customers/list');
    expect(listUrlFrom({ listSearch: '//evil.example' })).toBe('/customers/list');
  });
});
