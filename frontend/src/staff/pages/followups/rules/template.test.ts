import { describe, expect, it } from 'vitest';

import { isKnownVariable, unknownVariables } from './template';

describe('script templates', () => {
  it('find the variables the server does not offer, once each', () => {
    const offered = ['customer_name', 'days'];
    expect(unknownVariables('{customer_name}您好，{item_name}已{days}天，{item_name}', offered)).toEqual(['item_name']);
    expect(unknownVariables('{customer_name}{customer_name}', offered)).toEqual([]);
    expect(unknownVariables('没有变量，{ 空格 }也不算', offered)).toEqual([]);
  });

  it('name the variables the console knows', () => {
    expect(isKnownVariable('customer_name')).toBe(true);
    expect(isKnownVariable('coupon_code')).toBe(false);
  });
});
