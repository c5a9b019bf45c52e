/**
 * The customer form's values and what they become on the wire. A new file sends everything; an edit sends
 * only what changed, so a file whose old data does not pass today's checks can still be corrected field by
 * field. The phone and ID number arrive masked: their inputs start empty and an empty input keeps the
 * number on file.
 */
import dayjs, { type Dayjs } from 'dayjs';

import { normalizeMobile } from './identity';
import type { ConsentSource, Customer, CustomerInput, CustomerPatch, Gender } from './service';

export type ReferrerKind = 'none' | 'customer' | 'staff';

export interface CustomerFormValues {
  name: string;
  phone?: string;
  gender: Gender;
  birthday?: Dayjs | null;
  lunar_birth_month?: number | null;
  lunar_birth_day?: number | null;
  lunar_birth_leap?: boolean;
  id_number?: string;
  card_number?: string;
  source?: number | null;
  referrer_kind: ReferrerKind;
  referrer_customer?: number | null;
  referrer_staff?: number | null;
  consultant?: number | null;
  online_consultant?: number | null;
  tags?: number[];
  allergies?: string;
  contraindications?: string;
  notes?: string;
  marketing_consent?: boolean;
  photo_consent?: boolean;
  consent_source?: ConsentSource;
}

/** What a new file's form may start with, e.g. from a search that found nobody. */
export interface CustomerPrefill {
  name?: string;
  phone?: string;
}

export function initialValues(customer?: Customer, prefill: CustomerPrefill = {}): CustomerFormValues {
  if (!customer) {
    return {
      name: prefill.name ?? '',
      phone: prefill.phone ?? '',
      gender: 'unknown',
      referrer_kind: 'none',
      tags: [],
      marketing_consent: false,
      photo_consent: false,
      consent_source: 'counter',
      lunar_birth_leap: false,
    };
  }
  return {
    name: customer.name,
    phone: '',
    gender: customer.gender,
    birthday: customer.birthday ? dayjs(customer.birthday) : null,
    lunar_birth_month: customer.lunar_birth_month,
    lunar_birth_day: customer.lunar_birth_day,
    lunar_birth_leap: customer.lunar_birth_leap,
    id_number: '',
    card_number: customer.card_number,
    source: customer.source?.id ?? null,
    referrer_kind: customer.referrer_customer ? 'customer' : customer.referrer_staff ? 'staff' : 'none',
    referrer_customer: customer.referrer_customer?.id ?? null,
    referrer_staff: customer.referrer_staff?.id ?? null,
    consultant: customer.consultant?.id ?? null,
    online_consultant: customer.online_consultant?.id ?? null,
    tags: customer.tags.map((tag) => tag.id),
    allergies: customer.allergies,
    contraindications: customer.contraindications,
    notes: customer.notes,
    marketing_consent: customer.marketing_consent,
    photo_consent: customer.photo_consent,
    consent_source: 'counter',
  };
}

const trimmed = (value: string | undefined) => (value ?? '').trim();

/** Every field as the API takes it (create), before comparing for an edit. */
function toInput(values: CustomerFormValues): CustomerInput {
  const lunar = values.lunar_birth_month && values.lunar_birth_day;
  return {
    name: trimmed(values.name),
    phone: normalizeMobile(trimmed(values.phone)),
    gender: values.gender,
    birthday: values.birthday ? values.birthday.format('YYYY-MM-DD') : null,
    lunar_birth_month: lunar ? values.lunar_birth_month : null,
    lunar_birth_day: lunar ? values.lunar_birth_day : null,
    lunar_birth_leap: Boolean(lunar && values.lunar_birth_leap),
    id_number: trimmed(values.id_number).toUpperCase(),
    card_number: trimmed(values.card_number),
    source: values.source ?? null,
    referrer_customer: values.referrer_kind === 'customer' ? (values.referrer_customer ?? null) : null,
    referrer_staff: values.referrer_kind === 'staff' ? (values.referrer_staff ?? null) : null,
    consultant: values.consultant ?? null,
    online_consultant: values.online_consultant ?? null,
    tags: values.tags ?? [],
    allergies: trimmed(values.allergies),
    contraindications: trimmed(values.contraindications),
    notes: trimmed(values.notes),
    marketing_consent: Boolean(values.marketing_consent),
    photo_consent: Boolean(values.photo_consent),
    consent_source: values.consent_source ?? 'counter',
  };
}

export function toCreateInput(values: CustomerFormValues): CustomerInput {
  const input = toInput(values);
  if (!input.id_number) delete (input as Partial<CustomerInput>).id_number;
  return input;
}

const sameIds = (a: readonly number[], b: readonly number[]) =>
  a.length === b.length && [...a].sort().every((id, index) => id === [...b].sort()[index]);

/** The fields of an edit that differ from the file; an empty result means there is nothing to save. */
export function toPatch(customer: Customer, values: CustomerFormValues): CustomerPatch {
  const input = toInput(values);
  const before = toInput(initialValues(customer));
  const patch: CustomerPatch = {};
  const put = <K extends keyof CustomerPatch>(key: K, value: CustomerPatch[K]) => {
    patch[key] = value;
  };
  for (const key of Object.keys(input) as (keyof CustomerInput)[]) {
    if (key === 'phone' || key === 'id_number' || key === 'consent_source') continue;
    if (key === 'tags') {
      if (!sameIds(input.tags ?? [], before.tags ?? [])) put('tags', input.tags);
      continue;
    }
    if (input[key] !== before[key]) put(key, input[key] as never);
  }
  if (input.phone) put('phone', input.phone);
  if (input.id_number) put('id_number', input.id_number);
  if ('marketing_consent' in patch || 'photo_consent' in patch) put('consent_source', input.consent_source);
  return patch;
}
