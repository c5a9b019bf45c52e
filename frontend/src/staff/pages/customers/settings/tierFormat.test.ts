import { describe, expect, it } from 'vitest';

import { discountFigure } from './tierFormat';

describe('discountFigure', () => {
  it('reads a rate the way Chinese clinics say it', () => {
    expect(discountFigure('0.950', 'zh-CN')).toBe('95');
    expect(discountFigure('0.900', 'zh-CN')).toBe('9');
    expect(discountFigure('0.850', 'zh-CN')).toBe('85');
    expect(discountFigure('0.955', 'zh-CN')).toBe('95.5');
    expect(discountFigure('0.500', 'zh-CN')).toBe('5');
    expect(discountFigure('0.050', 'zh-CN')).toBe('0.5');
    expect(discountFigure(0.88, 'zh-CN')).toBe('88');
  });

  it('gives the percentage off in English', () => {
    expect(discountFigure('0.950', 'en-US')).toBe('5');
    expect(discountFigure('0.900', 'en-US')).toBe('10');
    expect(discountFigure('0.955', 'en-US')).toBe('4.5');
  });

  it('has no figure for full price or a missing rate', () => {
    expect(discountFigure('1.000', 'zh-CN')).toBeNull();
    expect(discountFigure('', 'zh-CN')).toBeNull();
    expect(discountFigure(undefined, 'en-US')).toBeNull();
    expect(discountFigure('abc', 'zh-CN')).toBeNull();
  });
});
