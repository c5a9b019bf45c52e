import dayjs from 'dayjs';
import { describe, expect, it } from 'vitest';

import { cardLayout, cardProblem, principalShare, toCardInput, type CardFormValues } from './cardRules';

const base: CardFormValues = { code: ' C1 ', name: '卡', kind: 'count', price_amount: 4980, validity_mode: 'none', card_items: [] };

describe('card rules', () => {
  it('lays out each kind', () => {
    expect(cardLayout('count')).toEqual({ items: 'one', sessionsRequired: true, choice: false, storedValue: false });
    expect(cardLayout('choice').sessionsRequired).toBe(false);
    expect(cardLayout('stored_value').items).toBe('none');
  });

  it('wants exactly one item with sessions on a count card', () => {
    expect(cardProblem({ ...base, card_items: [] })?.key).toBe('pages.catalog.cards.rule.countOne');
    expect(cardProblem({ ...base, card_items: [{ item: 1 }] })?.key).toBe('pages.catalog.cards.rule.countOne');
    expect(cardProblem({ ...base, card_items: [{ item: 1, sessions: 5 }] })).toBeNull();
  });

  it('wants two items with sessions on a combo card, without duplicates', () => {
    expect(cardProblem({ ...base, kind: 'combo', card_items: [{ item: 1, sessions: 3 }] })?.key).toBe('pages.catalog.cards.rule.comboTwo');
    expect(cardProblem({ ...base, kind: 'combo', card_items: [{ item: 1, sessions: 3 }, { item: 2 }] })?.key).toBe(
      'pages.catalog.cards.rule.sessionsMissing',
    );
    expect(cardProblem({ ...base, kind: 'combo', card_items: [{ item: 1, sessions: 3 }, { item: 1, sessions: 2 }] })?.key).toBe(
      'pages.catalog.cards.rule.duplicate',
    );
  });

  it('checks M against the caps and, without repeats, against N', () => {
    const items = [{ item: 1, sessions: 1 }, { item: 2, sessions: 1 }, { item: 3, sessions: 1 }];
    const choice = { ...base, kind: 'choice' as const, card_items: items };
    expect(cardProblem({ ...choice, choose_count: null })?.field).toBe('choose_count');
    expect(cardProblem({ ...choice, choose_count: 4 })).toEqual({
      field: 'choose_count', key: 'pages.catalog.cards.rule.overCaps', params: { m: 4, caps: 3 },
    });
    const uncapped = items.map((row) => ({ ...row, sessions: null }));
    expect(cardProblem({ ...choice, card_items: uncapped, choose_count: 4, allow_repeat: true })).toBeNull();
    expect(cardProblem({ ...choice, card_items: uncapped, choose_count: 4, allow_repeat: false })?.params).toEqual({ m: 4, n: 3 });
  });

  it('wants principal on a stored-value card and computes the spending ratio', () => {
    expect(cardProblem({ ...base, kind: 'stored_value', principal_amount: 0 })?.key).toBe('pages.catalog.cards.rule.principal');
    expect(cardProblem({ ...base, kind: 'stored_value', principal_amount: 10000 })).toBeNull();
    expect(principalShare(10000, 2000)).toBeCloseTo(0.8333, 4);
    expect(principalShare(0, 0)).toBe(1);
  });

  it('sends only the fields of the kind', () => {
    const input = toCardInput({
      ...base,
      kind: 'stored_value',
      price_amount: 10000,
      principal_amount: 10000,
      bonus_amount: 2000,
      choose_count: 3,
      validity_mode: 'date',
      valid_until: dayjs('2030-12-31'),
      card_items: [{ item: 1, sessions: 2 }],
    });
    expect(input).toMatchObject({
      code: 'C1', price_amount: '10000.00', principal_amount: '10000.00', bonus_amount: '2000.00', choose_count: null,
      validity_days: null, valid_until: '2030-12-31', card_items: [],
    });
    expect(toCardInput({ ...base, validity_mode: 'days', validity_days: 365, card_items: [{ item: 1, sessions: 5 }] })).toMatchObject({
      validity_days: 365, valid_until: null, principal_amount: '0.00', card_items: [{ item: 1, sessions: 5 }],
    });
  });
});
