import { describe, expect, it } from 'vitest';

import { lunarBirthday, lunarDayName, lunarMonthName } from './lunar';

describe('lunar names', () => {
  it('names months', () => {
    expect(lunarMonthName(1)).toBe('正月');
    expect(lunarMonthName(11)).toBe('冬月');
    expect(lunarMonthName(12)).toBe('腊月');
  });

  it('names days', () => {
    expect([1, 10, 11, 19, 20, 21, 29, 30].map(lunarDayName)).toEqual([
      '初一',
      '初十',
      '十一',
      '十九',
      '二十',
      '廿一',
      '廿九',
      '三十',
    ]);
  });

  it('writes a whole birthday', () => {
    expect(lunarBirthday(4, 8, true, false)).toBe('闰四月初八');
    expect(lunarBirthday(4, 8, false, true)).toBe('4/8');
  });
});
