import dayjs from 'dayjs';
import { describe, expect, it } from 'vitest';

import { initialValues, toCreateInput, toPatch } from './customerForm';
import type { Customer } from './service';

const customer = {
  id: 7,
  name: '王婷婷',
  gender: 'female',
  phone: '138****8000',
  id_number: '510104********0021',
  birthday: '1990-03-07',
  lunar_birth_month: null,
  lunar_birth_day: null,
  lunar_birth_leap: false,
  card_number: 'VIP1',
  source: { id: 2, name: '美团' },
  referrer_customer: null,
  referrer_staff: { id: 5, name: '张敏' },
  consultant: { id: 5, name: '张敏' },
  online_consultant: null,
  tags: [
    { id: 1, name: '玻尿酸', color: '', category: 1 },
    { id: 2, name: '老客户', color: '', category: 2 },
  ],
  allergies: '',
  contraindications: '',
  notes: '',
  marketing_consent: true,
  photo_consent: false,
} as unknown as Customer;

describe('toCreateInput', () => {
  it('normalises the phone, trims text and leaves out an empty ID number', () => {
    const input = toCreateInput({
      ...initialValues(undefined, { phone: '+86 138 0013 8000' }),
      name: ' 李雪 ',
      allergies: ' 青霉素 ',
      birthday: dayjs('1995-05-05'),
      lunar_birth_month: 4,
      lunar_birth_day: null,
    });
    expect(input).toMatchObject({
      name: '李雪',
      phone: '13800138000',
      birthday: '1995-05-05',
      allergies: '青霉素',
      lunar_birth_month: null,
      lunar_birth_day: null,
      consent_source: 'counter',
    });
    expect(input).not.toHaveProperty('id_number');
  });

  it('sends only the chosen kind of referrer', () => {
    const values = { ...initialValues(), name: 'a', phone: '13800138000', referrer_customer: 3, referrer_staff: 4 };
    expect(toCreateInput({ ...values, referrer_kind: 'staff' })).toMatchObject({ referrer_customer: null, referrer_staff: 4 });
    expect(toCreateInput({ ...values, referrer_kind: 'none' })).toMatchObject({ referrer_customer: null, referrer_staff: null });
  });
});

describe('toPatch', () => {
  it('is empty when nothing changed', () => {
    expect(toPatch(customer, initialValues(customer))).toEqual({});
  });

  it('sends changed fields only; tags compare as a set', () => {
    const values = { ...initialValues(customer), notes: '怕疼', tags: [2, 1] };
    expect(toPatch(customer, values)).toEqual({ notes: '怕疼' });
  });

  it('sends the phone and ID number only when typed', () => {
    const values = { ...initialValues(customer), phone: '139 0000 1111', id_number: '11010519491231002x' };
    expect(toPatch(customer, values)).toEqual({ phone: '13900001111', id_number: '11010519491231002X' });
  });

  it('sends the consent source with a changed consent', () => {
    const values = { ...initialValues(customer), marketing_consent: false, consent_source: 'paper' as const };
    expect(toPatch(customer, values)).toEqual({ marketing_consent: false, consent_source: 'paper' });
  });

  it('clears a referrer when the kind goes back to none', () => {
    expect(toPatch(customer, { ...initialValues(customer), referrer_kind: 'none' })).toEqual({ referrer_staff: null });
  });
});
