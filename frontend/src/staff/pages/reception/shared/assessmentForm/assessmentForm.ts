/**
 * The pure half of assessment forms that a department defines (评估表): turning a form's field definitions
 * into form rules and the answers the API takes, and the API's dotted error paths into antd name paths.
 */
import dayjs, { type Dayjs } from 'dayjs';

import type { Schemas } from '@/api/client';
import type { FieldErrors } from '@/api/errors';

export type FormField = Schemas['FormField'];
export type FormFieldType = Schemas['FormFieldTypeEnum'];
export type AnswerValue = string | number | string[];
export type Answers = Record<string, AnswerValue>;
/** What the antd form holds for one field: dates are Dayjs while being edited. */
export type EditedValue = string | number | string[] | Dayjs | null | undefined;

export const FIELD_TYPES: FormFieldType[] = ['text', 'textarea', 'number', 'date', 'single', 'multi'];
export const CHOICE_TYPES: FormFieldType[] = ['single', 'multi'];
export const DATE_FORMAT = 'YYYY-MM-DD';

/** The answers live under `answers` in the form, keyed by the field's key. */
export const ANSWERS = 'answers';
export const answerName = (key: string) => [ANSWERS, key];

const isBlank = (value: EditedValue) =>
  value === null ||
  value === undefined ||
  (typeof value === 'string' && value.trim() === '') ||
  (Array.isArray(value) && value.length === 0);

/** The answers to send: dates as YYYY-MM-DD, text trimmed, empty answers left out, unknown keys dropped. */
export function toAnswers(fields: readonly FormField[], edited: Record<string, EditedValue> | undefined): Answers {
  const answers: Answers = {};
  for (const field of fields) {
    const value = edited?.[field.key];
    if (isBlank(value)) continue;
    if (dayjs.isDayjs(value)) answers[field.key] = value.format(DATE_FORMAT);
    else if (typeof value === 'string') answers[field.key] = value.trim();
    else answers[field.key] = value as number | string[];
  }
  return answers;
}

/** Saved answers back into form values (the reverse of toAnswers), for editing or a preview. */
export function fromAnswers(fields: readonly FormField[], answers: Record<string, unknown> | undefined): Record<string, EditedValue> {
  const values: Record<string, EditedValue> = {};
  for (const field of fields) {
    const value = answers?.[field.key];
    if (value === undefined || value === null) continue;
    if (field.type === 'date' && typeof value === 'string') {
      const day = /^\d{4}-\d{2}-\d{2}$/.test(value) ? dayjs(value) : null;
      values[field.key] = day?.isValid() ? day : undefined;
    } else {
      values[field.key] = value as EditedValue;
    }
  }
  return values;
}

/**
 * An API error path (`answers.blood_pressure`, `fields.2.options`) as an antd name path
 * (`['answers', 'blood_pressure']`, `['fields', 2, 'options']`): list indexes become numbers.
 */
export function toNamePath(path: string): (string | number)[] {
  return path.split('.').map((part) => (/^\d+$/.test(part) ? Number(part) : part));
}

/** The API's field errors as antd `setFields` entries, nested paths included. */
export function toFormFieldErrors(fields: FieldErrors): { name: (string | number)[]; errors: string[] }[] {
  return Object.entries(fields)
    .filter(([name, errors]) => name !== 'non_field_errors' && errors.length > 0)
    .map(([name, errors]) => ({ name: toNamePath(name), errors }));
}

/** A key for a new field that no other field of the form has: f1, f2, ... */
export function nextFieldKey(existing: readonly (string | undefined)[]): string {
  const taken = new Set(existing);
  let n = existing.length + 1;
  while (taken.has(`f${n}`)) n += 1;
  return `f${n}`;
}

/** A field as the form builder holds it while being edited: anything may still be missing. */
export interface EditedField {
  key?: string;
  label?: string;
  type?: FormFieldType;
  options?: string[];
  required?: boolean;
  help?: string;
}

/** The builder's fields as the API takes them: trimmed, options only on choice fields, no empty help. */
export function toFieldDefinitions(edited: readonly EditedField[] | undefined): FormField[] {
  return (edited ?? []).map((field) => {
    const type = field.type ?? 'text';
    const definition: FormField = {
      key: (field.key ?? '').trim(),
      label: (field.label ?? '').trim(),
      type,
      required: field.required ?? false,
    };
    if (CHOICE_TYPES.includes(type)) {
      definition.options = (field.options ?? []).map((option) => option.trim()).filter(Boolean);
    }
    const help = field.help?.trim();
    if (help) definition.help = help;
    return definition;
  });
}
