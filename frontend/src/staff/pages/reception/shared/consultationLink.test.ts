import { describe, expect, it } from 'vitest';

import { consultationPath, readId } from './consultationLink';

describe('consultationPath', () => {
  it('names the customer and the visit', () => {
    expect(consultationPath(12, 34)).toBe('/reception/consultation?customer=12&visit=34');
    expect(consultationPath(12)).toBe('/reception/consultation?customer=12');
  });
});

describe('readId', () => {
  it('accepts positive whole numbers only', () => {
    expect(readId('42')).toBe(42);
    expect(readId(null)).toBeNull();
    expect(readId('')).toBeNull();
    expect(readId('0')).toBeNull();
    expect(readId('-3')).toBeNull();
    expect(readId('4.2')).toBeNull();
    expect(readId('abc')).toBeNull();
    expect(readId('1'.repeat(20))).toBeNull();
  });
});
