import { describe, expect, it } from 'vitest';

import { groupTags } from './TagSelect';

const categories = [
  { id: 1, name: '关注项目', sort: 2 },
  { id: 2, name: '风险提示', sort: 1 },
];
const tag = (id: number, category: number, name: string, extra: object = {}) => ({
  id,
  category,
  category_name: categories.find((c) => c.id === category)!.name,
  name,
  color: '',
  sort: 0,
  is_active: true,
  ...extra,
});

describe('groupTags', () => {
  it('groups by category in the department order', () => {
    const groups = groupTags([tag(1, 1, '玻尿酸'), tag(2, 2, '疤痕体质'), tag(3, 1, '光子嫩肤', { sort: -1 })], categories);
    expect(groups.map((group) => group.label)).toEqual(['风险提示', '关注项目']);
    expect(groups[1].options.map((option) => option.label)).toEqual(['光子嫩肤', '玻尿酸']);
  });

  it('hides disabled tags unless kept', () => {
    const tags = [tag(1, 1, '玻尿酸'), tag(2, 1, '旧标签', { is_active: false })];
    expect(groupTags(tags, categories)[0].options.map((option) => option.value)).toEqual([1]);
    expect(groupTags(tags, categories, new Set([2]))[0].options).toContainEqual(
      expect.objectContaining({ value: 2, inactive: true }),
    );
  });
});
