import { describe, expect, it } from 'vitest';

import { fieldMapFromRows, fieldMapRows, previewText } from './preview';

describe('message template helpers', () => {
  it('previews known variables by their labels and leaves unknown ones', () => {
    expect(previewText('{customer_name}您好，{start}见 {other}', { customer_name: '客户姓名', start: '预约时间' })).toBe(
      '〔客户姓名〕您好，〔预约时间〕见 {other}',
    );
  });

  it('turns WeChat field rows into the map and back, dropping empty keys', () => {
    const rows = fieldMapRows({ thing1: 'items', time2: 'start' });
    expect(rows).toEqual([
      { key: 'thing1', value: 'items' },
      { key: 'time2', value: 'start' },
    ]);
    expect(fieldMapFromRows([...rows, { key: ' ', value: 'x' }, { key: ' thing3 ', value: ' {customer_name}的预约 ' }])).toEqual({
      thing1: 'items',
      time2: 'start',
      thing3: '{customer_name}的预约',
    });
  });
});
