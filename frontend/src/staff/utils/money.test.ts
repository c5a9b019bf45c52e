import { describe, expect, it } from 'vitest';

import { centsToAmount, discountRateOf, formatMoney, inputToAmount, sumAmounts, toCents } from './money';

describe('money', () => {
  it('parses yuan strings into integer cents', () => {
    expect(toCents('1280.00')).toBe(128000);
    expect(toCents('0.1')).toBe(10);
    expect(toCents('0.07')).toBe(7);
    expect(toCents('-30.5')).toBe(-3050);
    expect(toCents('1,280.5')).toBe(128050);
    expect(toCents(19.9)).toBe(1990);
    expect(toCents('1.234')).toBeNull();
    expect(toCents('abc')).toBeNull();
    expect(toCents('')).toBeNull();
    expect(toCents(null)).toBeNull();
  });

  it('adds without float drift', () => {
    // 0.1 + 0.2 in floats is 0.30000000000000004.
    expect(sumAmounts(['0.10', '0.20'])).toBe('0.30');
    expect(sumAmounts(['19.99', '0.01', '', null, '100'])).toBe('120.00');
    expect(sumAmounts(['-5.00', '3.50'])).toBe('-1.50');
    expect(centsToAmount(5)).toBe('0.05');
    expect(centsToAmount(-5)).toBe('-0.05');
  });

  it('formats amounts with grouping and a sign', () => {
    expect(formatMoney('1280')).toBe('¥1,280.00');
    expect(formatMoney('1234567.8')).toBe('¥1,234,567.80');
    expect(formatMoney('-30.00')).toBe('-¥30.00');
    expect(formatMoney(null)).toBe('—');
  });

  it('turns form inputs into API amounts', () => {
    expect(inputToAmount(100)).toBe('100.00');
    expect(inputToAmount(0.3)).toBe('0.30');
    expect(inputToAmount('12.5')).toBe('12.50');
    expect(inputToAmount('')).toBe('');
    expect(inputToAmount('x')).toBe('x');
  });

  it('reads a discount typed as a fraction, 折 or percentage', () => {
    expect(discountRateOf('0.85')).toBe('0.85');
    expect(discountRateOf('8.5')).toBe('0.85');
    expect(discountRateOf('85')).toBe('0.85');
    expect(discountRateOf('9')).toBe('0.9');
    expect(discountRateOf('1')).toBe('1');
    expect(discountRateOf('0')).toBeNull();
    expect(discountRateOf('120')).toBeNull();
    expect(discountRateOf('abc')).toBeNull();
  });
});
