import { describe, expect, it } from 'vitest';

import { formatAmount, formatFigure } from './figures';

describe('formatFigure', () => {
  it('renders each kind', () => {
    expect(formatFigure({ kind: 'number', value: '12345' })).toBe('12,345');
    expect(formatFigure({ kind: 'amount', value: '1234567.5' })).toBe('¥1,234,567.50');
    expect(formatFigure({ kind: 'date', value: '2026-03-07' })).toBe('2026-03-07');
  });

  it('has nothing to show for an empty value', () => {
    expect(formatFigure({ kind: 'date', value: null })).toBeNull();
    expect(formatFigure({ kind: 'number', value: '' })).toBeNull();
  });
});

describe('formatAmount', () => {
  it('keeps the decimal string exact', () => {
    expect(formatAmount('0.1')).toBe('¥0.10');
    expect(formatAmount('9999999999999.99')).toBe('¥9,999,999,999,999.99');
    expect(formatAmount('-20')).toBe('-¥20.00');
    expect(formatAmount('n/a')).toBe('n/a');
  });
});
