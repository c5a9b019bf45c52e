import dayjs from 'dayjs';
import { describe, expect, it } from 'vitest';

import { fromAnswers, nextFieldKey, toFieldDefinitions, toAnswers, toFormFieldErrors, toNamePath, type FormField } from './assessmentForm';

const fields: FormField[] = [
  { key: 'complaint', label: '主诉', type: 'text', required: true },
  { key: 'history', label: '既往史', type: 'textarea', required: false },
  { key: 'age_of_scar', label: '病程（月）', type: 'number', required: false },
  { key: 'last_treatment', label: '上次治疗', type: 'date', required: false },
  { key: 'skin_type', label: '皮肤类型', type: 'single', options: ['干性', '油性'], required: true },
  { key: 'areas', label: '部位', type: 'multi', options: ['额头', '面颊'], required: false },
];

describe('toAnswers', () => {
  it('sends dates as YYYY-MM-DD, trims text and leaves out empty answers', () => {
    expect(
      toAnswers(fields, {
        complaint: '  面部色斑 ',
        history: '   ',
        age_of_scar: 0,
        last_treatment: dayjs('2026-03-05'),
        skin_type: '油性',
        areas: [],
        stray: 'not a field',
      }),
    ).toEqual({ complaint: '面部色斑', age_of_scar: 0, last_treatment: '2026-03-05', skin_type: '油性' });
  });

  it('has no answers for an untouched form', () => {
    expect(toAnswers(fields, undefined)).toEqual({});
  });
});

describe('fromAnswers', () => {
  it('turns saved dates back into Dayjs and keeps the rest', () => {
    const values = fromAnswers(fields, { last_treatment: '2026-03-05', areas: ['额头'], other: 1 });
    expect(dayjs.isDayjs(values.last_treatment)).toBe(true);
    expect((values.last_treatment as dayjs.Dayjs).format('YYYY-MM-DD')).toBe('2026-03-05');
    expect(values.areas).toEqual(['额头']);
    expect(values).not.toHaveProperty('other');
  });

  it('drops a date it cannot read', () => {
    expect(fromAnswers(fields, { last_treatment: '05/03/2026' }).last_treatment).toBeUndefined();
  });
});

describe('error paths', () => {
  it('turns list indexes into numbers', () => {
    expect(toNamePath('answers.skin_type')).toEqual(['answers', 'skin_type']);
    expect(toNamePath('fields.2.options')).toEqual(['fields', 2, 'options']);
    expect(toNamePath('name')).toEqual(['name']);
  });

  it('maps every field error but the non-field ones', () => {
    expect(
      toFormFieldErrors({ 'answers.complaint': ['请填写“主诉”。'], non_field_errors: ['x'], conclusion: [] }),
    ).toEqual([{ name: ['answers', 'complaint'], errors: ['请填写“主诉”。'] }]);
  });
});

describe('form builder helpers', () => {
  it('finds a key no field has', () => {
    expect(nextFieldKey([])).toBe('f1');
    expect(nextFieldKey(['f1', 'x'])).toBe('f3');
    expect(nextFieldKey(['f2', 'f3'])).toBe('f4');
  });

  it('cleans a definition for saving: options only on choices, no empty help', () => {
    expect(
      toFieldDefinitions([
        { key: ' bp ', label: ' 血压 ', type: 'text', options: ['stale'], required: true, help: '  ' },
        { key: 'skin', label: '皮肤类型', type: 'single', options: [' 干性 ', '', '油性'], help: '按面诊判断' },
        { key: 'x', label: '无类型' },
      ]),
    ).toEqual([
      { key: 'bp', label: '血压', type: 'text', required: true },
      { key: 'skin', label: '皮肤类型', type: 'single', options: ['干性', '油性'], required: false, help: '按面诊判断' },
      { key: 'x', label: '无类型', type: 'text', required: false },
    ]);
  });
});
