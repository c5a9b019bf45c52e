import { describe, expect, it } from 'vitest';

import { remainderFor, spreadRefund, summarizePayment } from './paymentMath';

describe('summarizePayment', () => {
  it('computes the change of cash beyond the rest after the other modes', () => {
    const summary = summarizePayment('1280.00', [
      { kind: 'wechat', amount: '1000' },
      { kind: 'cash', amount: '300' },
    ]);
    expect(summary).toEqual({ entered: '1300.00', remainder: '0.00', change: '20.00', overpaid: false, complete: true });
  });

  it('shows what is left and is incomplete until it is covered', () => {
    const summary = summarizePayment('100.10', [{ kind: 'alipay', amount: '0.10' }, { kind: 'cash', amount: '50' }]);
    expect(summary.remainder).toBe('50.00');
    expect(summary.change).toBe('0.00');
    expect(summary.complete).toBe(false);
  });

  it('flags non-cash modes that exceed the amount due', () => {
    const summary = summarizePayment('100', [{ kind: 'wechat', amount: '120' }]);
    expect(summary.overpaid).toBe(true);
    expect(summary.complete).toBe(false);
    expect(summary.change).toBe('0.00');
  });

  it('counts debt as covering the rest and refuses blank rows', () => {
    expect(summarizePayment('500', [{ kind: 'wechat', amount: '200' }, { kind: 'debt', amount: '300' }]).complete).toBe(true);
    expect(summarizePayment('500', [{ kind: 'cash', amount: '500' }, { kind: 'wechat', amount: '' }]).complete).toBe(false);
    expect(summarizePayment('500', [{ kind: undefined, amount: '500' }]).complete).toBe(false);
  });

  it('adds without float drift', () => {
    expect(summarizePayment('0.30', [{ kind: 'wechat', amount: '0.1' }, { kind: 'alipay', amount: '0.2' }]).complete).toBe(true);
  });

  it('suggests the rest for a new row', () => {
    expect(remainderFor('1280', [{ kind: 'wechat', amount: '1000' }, { kind: undefined, amount: '' }])).toBe('280.00');
  });
});

describe('spreadRefund', () => {
  it('fills the modes in order up to each maximum', () => {
    expect(spreadRefund('1500', ['1000', '800', '300'])).toEqual(['1000.00', '500.00', '0.00']);
    expect(spreadRefund('50', ['20.5'])).toEqual(['20.50']);
  });
});
