import { describe, expect, it } from 'vitest';

import { fillTemplate, unknownVariables, variablesFor } from './template';

describe('script templates', () => {
  it('offer the common variables and the rule’s own', () => {
    expect(variablesFor('dormant')).toEqual(expect.arrayContaining(['customer_name', 'last_visit_date', 'days']));
    expect(variablesFor('dormant')).not.toContain('item_name');
  });

  it('find variables the rule cannot fill', () => {
    expect(unknownVariables('{customer_name}您好，{item_name}已{days}天', 'dormant')).toEqual(['item_name']);
    expect(unknownVariables('{customer_name}{customer_name}', 'no_show')).toEqual([]);
  });

  it('fill known variables and leave the rest as written', () => {
    expect(fillTemplate('{customer_name}您好，{unknown}', { customer_name: '张女士' })).toBe('张女士您好，{unknown}');
  });
});
