import { describe, expect, it } from 'vitest';

import { choiceItemsOf, entitlementTitle, isDeductible, maxQuantity, sortEntitlements } from './entitlements';

const row = (id: number, extra: Partial<{ status: 'active' | 'used_up' | 'refunded'; sessions_remaining: number; is_expired: boolean; expires_on: string | null }> = {}) => ({
  id,
  status: 'active' as const,
  sessions_remaining: 3,
  is_expired: false,
  expires_on: null as string | null,
  ...extra,
});

describe('isDeductible', () => {
  it('needs an active, unexpired entitlement with sessions left', () => {
    expect(isDeductible(row(1))).toBe(true);
    expect(isDeductible(row(1, { is_expired: true }))).toBe(false);
    expect(isDeductible(row(1, { sessions_remaining: 0 }))).toBe(false);
    expect(isDeductible(row(1, { status: 'refunded' }))).toBe(false);
  });
});

describe('sortEntitlements', () => {
  it('puts deductible rows first, soonest expiry first, then the expired ones', () => {
    const rows = [
      row(1, { is_expired: true, expires_on: '2025-01-01' }),
      row(2),
      row(3, { expires_on: '2027-03-01' }),
      row(4, { expires_on: '2026-12-31' }),
    ];
    expect(sortEntitlements(rows).map((r) => r.id)).toEqual([4, 3, 2, 1]);
  });
});

describe('choiceItemsOf', () => {
  it('reads the eligible items and their caps, skipping malformed rows', () => {
    const items = choiceItemsOf({
      is_choice: true,
      choice_items: [
        { item: 7, code: 'IPL', name: '光子嫩肤', unit: '次', cap: 2 },
        { item: 8, code: 'PEEL', name: '果酸焕肤', unit: '次', cap: null },
        { item: 'x', name: 'broken' },
      ],
    });
    expect(items).toEqual([
      { item: 7, code: 'IPL', name: '光子嫩肤', unit: '次', cap: 2 },
      { item: 8, code: 'PEEL', name: '果酸焕肤', unit: '次', cap: null },
    ]);
  });

  it('is empty for an ordinary entitlement', () => {
    expect(choiceItemsOf({ is_choice: false, choice_items: [{ item: 1 }] })).toEqual([]);
  });
});

describe('maxQuantity', () => {
  it('is what is left, bounded by a choice item cap', () => {
    expect(maxQuantity({ sessions_remaining: 3 })).toBe(3);
    expect(maxQuantity({ sessions_remaining: 3 }, { item: 1, code: '', name: '', unit: '', cap: 2 })).toBe(2);
    expect(maxQuantity({ sessions_remaining: 3 }, { item: 1, code: '', name: '', unit: '', cap: null })).toBe(3);
  });
});

describe('entitlementTitle', () => {
  it('names the card for an N-choose-M card and the item otherwise', () => {
    expect(entitlementTitle({ is_choice: true, card_name: '三选二卡', item_name: '三选二卡' })).toBe('三选二卡');
    expect(entitlementTitle({ is_choice: false, card_name: '焕肤组合卡', item_name: '光子嫩肤' })).toBe('光子嫩肤');
  });
});
