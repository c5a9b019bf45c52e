import { describe, expect, it } from 'vitest';

import { compare, compareAmounts } from './trend';

describe('compare', () => {
  it('tells the direction, the difference and the percentage of the earlier figure', () => {
    expect(compare(12, 8)).toEqual({ direction: 'up', delta: 4, percent: 50 });
    expect(compare(3, 4)).toEqual({ direction: 'down', delta: -1, percent: 25 });
    expect(compare(5, 5)).toEqual({ direction: 'flat', delta: 0, percent: 0 });
  });

  it('has no percentage against nothing', () => {
    expect(compare(3, 0)).toEqual({ direction: 'up', delta: 3, percent: null });
    expect(compare(0, 0)).toEqual({ direction: 'flat', delta: 0, percent: null });
  });

  it('compares amounts in cents, not floats', () => {
    expect(compareAmounts('0.30', '0.10')).toEqual({ direction: 'up', delta: 20, percent: 200 });
    expect(compareAmounts('1380.00', '1760.00')).toEqual({ direction: 'down', delta: -38000, percent: 22 });
    expect(compareAmounts(null, '0.00')).toEqual({ direction: 'flat', delta: 0, percent: null });
  });
});
