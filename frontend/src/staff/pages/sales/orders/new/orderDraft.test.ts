import { describe, expect, it } from 'vitest';

import { discountBody, lineBody, NO_DISCOUNT, type LineDraft } from './orderDraft';

const line: LineDraft = {
  key: 'a', kind: 'item', id: 5, code: 'IPL-01', name: 'IPL', unit: '次', price_amount: '880.00', quantity: 2, discount: NO_DISCOUNT,
};

describe('order draft', () => {
  it('sends the catalogue id under its kind', () => {
    expect(lineBody(line)).toEqual({ kind: 'item', item: 5, quantity: 2 });
    expect(lineBody({ ...line, kind: 'card', id: 3 })).toEqual({ kind: 'card', card_type: 3, quantity: 2 });
    expect(lineBody({ ...line, kind: 'product', id: 7 })).toEqual({ kind: 'product', product: 7, quantity: 2 });
  });

  it('turns a typed 折 into the API rate and an amount into a yuan string', () => {
    expect(discountBody({ mode: 'rate', value: '8.5', reason: ' 老客 ' })).toEqual({ rate: '0.85', reason: '老客' });
    expect(discountBody({ mode: 'amount', value: '100', reason: '' })).toEqual({ amount: '100.00', reason: '' });
    expect(discountBody({ mode: 'rate', value: 'abc', reason: '' })).toEqual({ rate: 'abc', reason: '' });
    expect(discountBody({ mode: 'rate', value: '', reason: '' })).toBeNull();
    expect(discountBody(NO_DISCOUNT)).toBeNull();
  });
});
