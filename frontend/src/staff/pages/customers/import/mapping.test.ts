import { describe, expect, it } from 'vitest';

import { applyTemplate, autoMatch, missingRequired, normalizeHeader, unusedHeaders, type ImportColumn } from './mapping';

const columns: ImportColumn[] = [
  { key: 'legacy_id', label: '原系统编号', required: true, help: '', example: '', aliases: ['客户编号', 'ID'] },
  { key: 'name', label: '姓名', required: true, help: '', example: '', aliases: ['客户姓名'] },
  { key: 'phone', label: '手机号', required: true, help: '', example: '', aliases: ['手机', '联系电话'] },
  { key: 'consultant', label: '现场咨询(工号)', required: false, help: '', example: '', aliases: ['现场咨询'] },
  { key: 'notes', label: '备注', required: false, help: '', example: '', aliases: [] },
];

describe('normalizeHeader', () => {
  it('ignores spaces, case, full-width brackets and required marks', () => {
    expect(normalizeHeader(' 姓 名* ')).toBe('姓名');
    expect(normalizeHeader('现场咨询（工号）')).toBe('现场咨询(工号)');
    expect(normalizeHeader('ID')).toBe('id');
  });
});

describe('autoMatch', () => {
  it('matches equal names, keys and aliases, each column once', () => {
    expect(autoMatch(columns, ['客户编号', '姓名*', '联系电话', '现场咨询（工号）', '生日', 'name'])).toEqual({
      legacy_id: '客户编号',
      name: '姓名*',
      phone: '联系电话',
      consultant: '现场咨询（工号）',
      notes: '',
    });
  });

  it('leaves fields without a column empty', () => {
    expect(autoMatch(columns, [])).toEqual({ legacy_id: '', name: '', phone: '', consultant: '', notes: '' });
  });
});

describe('applyTemplate', () => {
  it('takes the saved choices whose columns the file has', () => {
    const mapping = { legacy_id: 'ID', name: '姓名', phone: '', consultant: '', notes: '备注' };
    expect(applyTemplate(mapping, { phone: '电话号码', notes: '', stray: '姓名', name: '不存在的列' }, ['ID', '姓名', '电话号码', '备注'])).toEqual({
      legacy_id: 'ID',
      name: '姓名',
      phone: '电话号码',
      consultant: '',
      notes: '',
    });
  });
});

describe('checks', () => {
  it('names required fields without a column and columns left unused', () => {
    const mapping = { legacy_id: 'ID', name: '', phone: '手机', consultant: '', notes: '' };
    expect(missingRequired(columns, mapping)).toEqual(['姓名']);
    expect(unusedHeaders(['ID', '手机', '生日', ' '], mapping)).toEqual(['生日']);
  });
});
