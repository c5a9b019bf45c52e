import { describe, expect, it } from 'vitest';

import { buildCategoryTree, categoryPath, descendantIds } from './categoryTree';
import { discountLabel, formatYuan, toAmount, toNumber } from './money';

const rows = [
  { id: 1, name: '光电', parent: null, sort: 10 },
  { id: 2, name: '激光', parent: 1, sort: 20 },
  { id: 3, name: '光子嫩肤', parent: 1, sort: 10 },
  { id: 4, name: '皮秒', parent: 2, sort: 0 },
  { id: 5, name: '注射', parent: null, sort: 5 },
  { id: 6, name: '孤儿', parent: 99, sort: 1 },
];

describe('category tree', () => {
  it('nests children under parents in sort order; a missing parent makes a root', () => {
    const tree = buildCategoryTree(rows);
    expect(tree.map((node) => node.title)).toEqual(['孤儿', '注射', '光电']);
    expect(tree[2].children.map((node) => node.title)).toEqual(['光子嫩肤', '激光']);
    expect(tree[2].children[1].children[0].title).toBe('皮秒');
  });

  it('survives a cycle without looping', () => {
    const tree = buildCategoryTree([
      { id: 1, name: 'a', parent: 2 },
      { id: 2, name: 'b', parent: 1 },
    ]);
    expect(tree).toEqual([]);
  });

  it('finds the whole subtree and the path from the root', () => {
    expect(descendantIds(rows, 1).sort()).toEqual([1, 2, 3, 4]);
    expect(descendantIds(rows, 5)).toEqual([5]);
    expect(categoryPath(rows, 4)).toEqual(['光电', '激光', '皮秒']);
    expect(categoryPath(rows, null)).toEqual([]);
  });
});

describe('money', () => {
  it('formats yuan with cents, or compactly without them', () => {
    expect(formatYuan('1280.00')).toBe('¥1,280.00');
    expect(formatYuan('1280.00', { compact: true })).toBe('¥1,280');
    expect(formatYuan('19.90', { compact: true })).toBe('¥19.90');
    expect(formatYuan(null)).toBe('—');
    expect(formatYuan('abc')).toBe('—');
  });

  it('turns form numbers into API amounts and back', () => {
    expect(toAmount(1280)).toBe('1280.00');
    expect(toAmount(0.1 + 0.2)).toBe('0.30');
    expect(toAmount(undefined)).toBe('');
    expect(toNumber('3800.00')).toBe(3800);
    expect(toNumber('')).toBeUndefined();
  });

  it('names a discount the way each language does', () => {
    expect(discountLabel('0.950', 'zh-CN')).toBe('9.5折');
    expect(discountLabel('0.88', 'zh-CN')).toBe('8.8折');
    expect(discountLabel('0.9', 'en-US')).toBe('90%');
    expect(discountLabel('1.000', 'zh-CN')).toBe('');
  });
});
