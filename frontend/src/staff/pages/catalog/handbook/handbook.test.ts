import { describe, expect, it } from 'vitest';

import { childrenWithItems, itemsUnder, rootOf, rootsWithItems } from './handbook';

const item = (id: number, category: number, name: string, code = `C${id}`) => ({
  id, category, name, code, price_amount: '1.00', session_unit: '次', requires_doctor: false, article_count: 0, case_count: 0,
});

const index = {
  categories: [
    { id: 1, name: '光电', parent: null, kind: 'energy' },
    { id: 2, name: '光子嫩肤', parent: 1, kind: 'energy' },
    { id: 3, name: '激光', parent: 1, kind: 'energy' },
    { id: 4, name: '注射', parent: null, kind: 'injection' },
    { id: 5, name: '手术', parent: null, kind: 'surgery' },
  ],
  items: [item(10, 2, '光子嫩肤 IPL', 'IPL-01'), item(11, 3, '皮秒激光'), item(12, 4, '水光针')],
};

describe('handbook choices', () => {
  it('offers only categories with items', () => {
    expect(rootsWithItems(index).map((c) => c.name)).toEqual(['光电', '注射']);
    expect(childrenWithItems(index, 1).map((c) => c.name)).toEqual(['光子嫩肤', '激光']);
  });

  it('lists the items of a subtree and finds them by name or code', () => {
    expect(itemsUnder(index, 1, '').map((i) => i.id)).toEqual([10, 11]);
    expect(itemsUnder(index, null, 'ipl').map((i) => i.id)).toEqual([10]);
    expect(itemsUnder(index, 1, '水光')).toEqual([]);
  });

  it('finds the top-level category of an item', () => {
    expect(rootOf(index, 3)).toBe(1);
    expect(rootOf(index, 4)).toBe(4);
    expect(rootOf(index, 99)).toBeNull();
  });
});
