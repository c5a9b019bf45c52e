import type { CustomerRow } from '../../../customers/shared/service';

/** What the check-in needs of a customer; the list row and the full file both have it. */
export type ChosenCustomer = Pick<
  CustomerRow,
  'id' | 'name' | 'phone' | 'gender' | 'age' | 'consultant' | 'last_visit_on' | 'visit_count'
>;

/** What the receptionist typed, split into the quick form's fields: digits are a phone, anything else a name. */
export function prefillFromSearch(typed: string): { name?: string; phone?: string } {
  const text = typed.trim();
  if (!text) return {};
  const digits = text.replace(/[\s-]/g, '').replace(/^\+?86/, '');
  if (/^\d{11}$/.test(digits)) return { phone: digits };
  if (/^\d+$/.test(digits)) return {};
  return /^[a-z]+$/i.test(text) ? {} : { name: text };
}
