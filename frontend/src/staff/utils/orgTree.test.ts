import { describe, expect, it } from 'vitest';

import { buildOrgTree, parentIds, selfAndDescendants, toTreeOptions } from './orgTree';

const units = [
  { id: 1, name: '医院', parent: null, sort: 0 },
  { id: 2, name: '医学美容科', parent: 1, sort: 1 },
  { id: 3, name: '皮肤科', parent: 1, sort: 0 },
  { id: 4, name: '咨询组', parent: 2, sort: 0 },
  { id: 5, name: '外院小组', parent: 99, sort: 9 },
];

describe('buildOrgTree', () => {
  it('nests units under their parents, ordered by sort', () => {
    const tree = buildOrgTree(units);
    expect(tree.map((row) => row.id)).toEqual([1, 5]);
    expect(tree[0].children?.map((row) => row.id)).toEqual([3, 2]);
    expect(tree[0].children?.[1].children?.map((row) => row.id)).toEqual([4]);
  });

  it('leaves leaves without a children array, so tables show no expander', () => {
    const tree = buildOrgTree(units);
    expect(tree[1]).not.toHaveProperty('children');
  });
});

describe('selfAndDescendants', () => {
  it('collects a unit and everything below it', () => {
    expect([...selfAndDescendants(units, 2)].sort()).toEqual([2, 4]);
    expect([...selfAndDescendants(units, 1)].sort()).toEqual([1, 2, 3, 4]);
  });
});

describe('parentIds', () => {
  it('lists units that have children in the list', () => {
    expect(parentIds(units).sort()).toEqual([1, 2]);
  });
});

describe('toTreeOptions', () => {
  it('disables the given units', () => {
    const options = toTreeOptions(units, new Set([2]));
    const beauty = options[0].children?.find((option) => option.value === 2);
    expect(beauty?.disabled).toBe(true);
    expect(options[0].disabled).toBeUndefined();
  });
});
