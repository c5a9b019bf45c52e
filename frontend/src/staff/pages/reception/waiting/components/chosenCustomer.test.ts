import { describe, expect, it } from 'vitest';

import { prefillFromSearch } from './chosenCustomer';

describe('prefillFromSearch', () => {
  it('takes a full mobile number as the phone', () => {
    expect(prefillFromSearch('13812345678')).toEqual({ phone: '13812345678' });
    expect(prefillFromSearch('+86 138-1234-5678')).toEqual({ phone: '13812345678' });
  });

  it('takes Chinese text as the name', () => {
    expect(prefillFromSearch(' 张三 ')).toEqual({ name: '张三' });
  });

  it('fills nothing from last four digits or pinyin', () => {
    expect(prefillFromSearch('5678')).toEqual({});
    expect(prefillFromSearch('zs')).toEqual({});
    expect(prefillFromSearch('')).toEqual({});
  });
});
